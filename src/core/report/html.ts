// The standalone HTML report: one file with the webview bundle, its CSS and the replay result inlined, so the same
// chart code renders it in any browser. The headline cards, the before/after table with the kcompressd section (as the
// CLI prints them) and the fidelity table are also plain markup, readable
// without script. No external references: a strict CSP with hashes of the inlined script and style.
import { createHash } from 'node:crypto';
import type { ReplayResult } from '../replay/types';
import { CHART_SPECS, FIDELITY_TITLE, LEGEND_TEXT, PAGE_TITLE } from '../../shared/chartSpecs';
import { FIDELITY_HEADERS, fidelityRows, NO_FIDELITY, validationNote } from '../../shared/fidelity';
import { headline, headlineCards, kcompressdIdle } from '../../shared/headline';
import { htmlDocument } from '../../shared/htmlDocument';
import { resultToJson } from '../../shared/resultJson';
import { escapeHtml, markupToHtml, summaryMarkup } from '../../shared/summaryMarkup';

const esc = escapeHtml;

const sha256 = (s: string): string => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

/** Keeps inlined text from closing its element early. */
const inlineSafe = (s: string): string => s.replace(/<\/(script|style)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');

function cards(r: ReplayResult): string {
  return headlineCards(headline(r), kcompressdIdle(r)).map((c) =>
    `<div class="card" id="card-${c.id}"${c.note ? ` title="${esc(c.note)}"` : ''}><div class="card-value">${esc(c.value)}</div>` +
    `<div class="card-label">${esc(c.label)}</div></div>`).join('');
}

function fidelity(r: ReplayResult): string {
  const rows = fidelityRows(r);
  if (rows.length === 0) return `<p class="muted">${esc(NO_FIDELITY)}</p>`;
  const head = FIDELITY_HEADERS.map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows.map((x) => `<tr class="${x.miss ? 'miss' : 'ok'} basis-${x.basis}" data-figure="${esc(x.key)}"${x.why ? ` title="${esc(x.why)}"` : ''}>` +
    `<td>${esc(x.name)}</td><td class="basis">${esc(x.basis)}</td><td class="num">${esc(x.observed)}</td>` +
    `<td class="num">${esc(x.simulated)}</td><td class="num">${esc(x.error)}</td><td class="mark">${esc(x.mark)}</td></tr>`).join('');
  return `<p id="fidelity-how" class="muted">${esc(validationNote(r))}</p><table id="fidelity-table"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function charts(): string {
  return CHART_SPECS.map((c) => `<section class="chart-card"><div class="chart-head"><h2>${esc(c.title)}</h2></div>` +
    `<div class="chart-box"><canvas id="chart-${c.id}" role="img" aria-label="${esc(c.title)}"></canvas></div></section>`).join('');
}

export function renderHtmlReport(result: ReplayResult, assets: { js: string; css: string }): string {
  const js = inlineSafe(assets.js);
  const css = inlineSafe(assets.css);
  const data = JSON.stringify(resultToJson(result)).replace(/</g, '\\u003c');
  const csp = `default-src 'none'; script-src ${sha256(js)}; style-src ${sha256(css)}; img-src data: blob:`;
  const title = `Reclaim Replay: ${result.capture}`;
  return htmlDocument({ csp, title: esc(title), head: `<style>${css}</style>`, body: `<main>
<header><h1>${esc(PAGE_TITLE)}</h1><span id="status">static</span></header>
<div id="banner" class="hidden" role="status"></div>
${result.verdict ? `<p id="verdict" class="verdict verdict-${result.verdict.outcome}" role="note">${esc(result.verdict.text)}</p>` : ''}
<section id="headline" class="cards">${cards(result)}</section>
<section id="summary">${summaryMarkup(result).map(markupToHtml).join('')}</section>
<section id="notes"><p id="run-summary">${esc(result.capture)}</p></section>
<p class="legend muted">${esc(LEGEND_TEXT)}</p>
<div id="charts">${charts()}</div>
<h2>${esc(FIDELITY_TITLE)}</h2>
<section id="fidelity">${fidelity(result)}</section>
</main>
<script type="application/json" id="reclaim-data">${data}</script>
<script>${js}</script>` });
}
