// The replay's before/after table and kcompressd section as a small element tree, built once from replaySummary.ts:
// the HTML report writes it as markup (readable without script) and the panel builds it as DOM, so both show what the
// CLI prints. Text stays text: the tree has no raw HTML.
import type { ReplayResult } from '../core/replay/types';
import { kcompressdSection, replaySummary, SUMMARY_HEADERS } from './replaySummary';

export interface Markup {
  tag: 'section' | 'h2' | 'h3' | 'p' | 'ul' | 'li' | 'table' | 'thead' | 'tbody' | 'tr' | 'th' | 'td';
  attrs?: Record<string, string>;
  children: (Markup | string)[];
}

const m = (tag: Markup['tag'], attrs: Record<string, string>, ...children: (Markup | string)[]): Markup => ({ tag, attrs, children });

/** A labelled list of lines ("measured n/a:" and its reasons); nothing when there are none. */
const reasons = (id: string, title: string, lines: string[]): Markup[] =>
  lines.length === 0 ? [] : [m('p', { id, class: 'muted' }, title), m('ul', { class: 'muted' }, ...lines.map((l) => m('li', {}, l)))];

export const SUMMARY_TITLE = 'Before and after: measured, simulated today, simulated kcompressd';

/** The before/after table (id summary-table), its caption and n/a reasons, then the kcompressd section (id kcompressd). */
export function summaryMarkup(r: ReplayResult): Markup[] {
  const t = replaySummary(r);
  const graded = t.rows.some((x) => x.graded);
  const head = m('tr', {}, ...[...SUMMARY_HEADERS, ...(graded ? ['error %', ''] : [])].map((h) => m('th', {}, h)));
  const body = t.rows.map((x) => m('tr', { 'data-figure': x.key },
    m('td', {}, x.label), ...[x.measured, x.today, x.kcompressd, x.times].map((c) => m('td', { class: 'num' }, c)),
    ...(graded ? [m('td', { class: 'num' }, x.graded?.error ?? ''), m('td', { class: 'mark' }, x.graded?.mark ?? '')] : [])));
  const k = kcompressdSection(r);
  return [
    m('h2', {}, SUMMARY_TITLE),
    m('table', { id: 'summary-table' }, m('thead', {}, head), m('tbody', {}, ...body)),
    m('p', { id: 'summary-caption', class: 'muted' }, t.caption),
    ...(t.basisNote ? [m('p', { class: 'muted' }, t.basisNote)] : []),
    ...reasons('measured-na', 'measured n/a:', t.measuredNa),
    ...reasons('simulated-na', 'simulated n/a:', t.simulatedNa),
    ...(t.cpuNote ? [m('p', { class: 'muted' }, t.cpuNote)] : []),
    m('section', { id: 'kcompressd' }, m('h3', {}, 'kcompressd'), m('p', {}, k.totals), m('p', {}, k.workers),
      ...(k.bound ? [m('p', { id: 'speedup-bound' }, k.bound)] : []),
      ...(k.limitedBy.length ? [m('ul', { id: 'limited-by' }, ...k.limitedBy.map((l) => m('li', {}, l)))] : []),
      ...(k.ownWindow ? [m('p', { class: 'muted' }, k.ownWindow)] : [])),
  ];
}

/** The tree as HTML, every text and attribute escaped. */
export function markupToHtml(n: Markup | string): string {
  if (typeof n === 'string') return escapeHtml(n);
  const attrs = Object.entries(n.attrs ?? {}).map(([k, v]) => ` ${k}="${escapeHtml(v)}"`).join('');
  return `<${n.tag}${attrs}>${n.children.map(markupToHtml).join('')}</${n.tag}>`;
}

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
