// The non-chart parts of the page: headline cards, the before/after table, fidelity table, notes about the kernel source and warnings.
import type { ReplayResult } from '../src/core/replay/types';
import type { SourceInfo } from '../src/shared/protocol';
import { fmt, headline, headlineCards, kcompressdIdle } from '../src/shared/headline';
import { FIDELITY_HEADERS, fidelityRows, MEASURED_AFTER_HEADERS, measuredAfterNote, measuredAfterRows, NO_FIDELITY, validationNote } from '../src/shared/fidelity';
import { el } from './dom';
import { designText } from '../src/core/vocabulary';
import { groupWarnings, warningSummary } from '../src/shared/warningGroups';
import { summaryMarkup, type Markup } from '../src/shared/summaryMarkup';

const SATURATE_FIDELITY = 'A saturating replay allocates as fast as reclaim allows rather than at the capture\'s rate, so it is not compared with the capture\'s measured figures. Re-run with the capture\'s pressure to see the fidelity table.';

export function renderHeadline(root: HTMLElement, r: ReplayResult): void {
  root.replaceChildren(...headlineCards(headline(r), kcompressdIdle(r)).map((c) =>
    el('div', { class: 'card', id: `card-${c.id}`, ...(c.note ? { title: c.note } : {}) },
      el('div', { class: 'card-value' }, c.value), el('div', { class: 'card-label' }, c.label))));
}

const toDom = (n: Markup | string): Node | string => (typeof n === 'string' ? n : el(n.tag, n.attrs, ...n.children.map(toDom)));

/** The before/after table and the kcompressd section, as the CLI prints them and the HTML report shows them. */
export function renderSummary(root: HTMLElement, r: ReplayResult): void {
  root.replaceChildren(...summaryMarkup(r).map(toDom));
}

export function renderFidelity(root: HTMLElement, r: ReplayResult): void {
  const rows = fidelityRows(r);
  if (rows.length === 0) {
    // A saturating replay allocates as fast as reclaim allows: it is not the capture's run, so nothing is compared.
    root.replaceChildren(el('p', { class: 'muted' }, r.options.pressure === 'saturate' ? SATURATE_FIDELITY : NO_FIDELITY));
    return;
  }
  const head = el('tr', {}, ...FIDELITY_HEADERS.map((h) => el('th', {}, h)));
  const body = rows.map((row) => el('tr', { class: `${row.miss ? 'miss' : 'ok'} basis-${row.basis}`, 'data-figure': row.key, ...(row.why ? { title: row.why } : {}) },
    el('td', {}, row.name), el('td', { class: 'basis' }, row.basis), el('td', { class: 'num' }, row.observed), el('td', { class: 'num' }, row.simulated),
    el('td', { class: 'num' }, row.error), el('td', { class: 'mark' }, row.mark)));
  root.replaceChildren(...verdictLine(r), el('table', { id: 'fidelity-table' }, el('thead', {}, head), el('tbody', {}, ...body)), ...afterTable(r));
}

/** Predicted vs measured with kcompressd, when the replay has a capture made with it. */
function afterTable(r: ReplayResult): HTMLElement[] {
  const rows = measuredAfterRows(r);
  if (rows.length === 0) return [];
  const head = el('tr', {}, ...MEASURED_AFTER_HEADERS.map((h) => el('th', {}, h)));
  const body = rows.map((row) => el('tr', { class: row.miss ? 'miss' : 'ok', 'data-figure': row.key },
    el('td', {}, row.name), el('td', { class: 'num' }, row.predicted), el('td', { class: 'num' }, row.measured), el('td', { class: 'num' }, row.error),
    el('td', { class: 'mark' }, row.mark)));
  const note = measuredAfterNote(r.measuredAfter);
  return [el('h3', { id: 'measured-after-title' }, `Predicted vs measured with kcompressd (${r.measuredAfterCapture ?? 'capture'})`),
    el('table', { id: 'measured-after-table' }, el('thead', {}, head), el('tbody', {}, ...body)),
    ...(note ? [el('p', { id: 'measured-after-note', class: 'muted' }, note)] : [])];
}

/** The one-line verdict and how the table was computed, above the table. */
function verdictLine(r: ReplayResult): HTMLElement[] {
  if (!r.verdict) return [];
  return [el('p', { id: 'fidelity-how', class: 'muted' }, validationNote(r))];
}

export function renderNotes(root: HTMLElement, r: ReplayResult, source: SourceInfo | undefined): void {
  const notes: HTMLElement[] = [];
  const o = r.options;
  notes.push(el('p', { id: 'run-summary' },
    `${r.capture} · profile ${r.profileName} · ${o.variant} (${designText(o.variant, o.kcompressd, o.queue)}) · ${o.pressure} pressure · ` +
    `${fmt(r.simulatedS)} s simulated in ${fmt(r.elapsedMs, 0)} ms`));
  if (source?.kind === 'missing') {
    notes.push(el('p', { id: 'source-note', class: 'muted' },
      `No kernel tree in the workspace: the source shown beside these graphs would be ${source.wanted}.`));
  } else if (source?.kind === 'shown') {
    notes.push(el('p', { id: 'source-note', class: 'muted' }, `Kernel source beside the graphs: ${source.path}`));
  }
  // Grouped by kind and collapsed: a folder capture's ignored files must not take over the top of the panel.
  const groups = groupWarnings(r.warnings);
  if (groups.length) {
    notes.push(el('details', { id: 'warnings' }, el('summary', { class: 'warning' }, `${groups.some((g) => g.severity !== 'info') ? '⚠' : 'ℹ'} ${warningSummary(groups)}`),
      ...groups.map((g) => el('details', { class: `warning-group severity-${g.severity}`, 'data-code': g.code },
        el('summary', {}, `${g.severity}: ${g.code} (${g.count})`), ...g.lines.map((l) => el('p', {}, l))))));
  }
  if (r.notes?.length) notes.push(el('details', {}, el('summary', {}, 'How the model was set up from the capture'), el('ul', {}, ...r.notes.map((n) => el('li', {}, n)))));
  root.replaceChildren(...notes);
}

/** The verdict at the top of the page: whether to trust the after-graph, without reading the table. */
export function renderVerdict(root: HTMLElement, r: ReplayResult): void {
  root.textContent = r.verdict?.text ?? '';
  root.className = `verdict verdict-${r.verdict?.outcome ?? 'untested'}`;
  root.classList.toggle('hidden', !r.verdict);
}
