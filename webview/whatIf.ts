// The panel's what-if sections: "Sweep…" (a grid of replays drawn as speed-up and allocstall change per option
// value, marked with the limiting factor, plus a table and CSV export) and "Compare with…" (two captures' measured
// curves aligned at reclaim start, the figures side by side with the change and the replay's prediction).
import type { Chart } from 'chart.js';
import type { CompareResult } from '../src/core/compare/types';
import { intList, wordList, type SweepAxes } from '../src/core/sweep/grid';
import type { SweepPoint } from '../src/core/sweep/point';
import { counted } from '../src/core/warnings';
import type { SweepView } from '../src/shared/protocol';
import { fmt } from '../src/shared/headline';
import { figureCell } from '../src/shared/figureDigits';
import { notATestMark, notATestNote } from '../src/shared/fidelity';
import { compareMeasuredNa } from '../src/shared/replaySummary';
import { CHOICES, designText } from '../src/core/vocabulary';
import { warningText } from '../src/core/warnings';
import { el } from './dom';
import { lineColours, smallChart } from './smallChart';
import { LIMIT_MARKS, sweepLayout } from './sweepLayout';
import type { Palette } from './theme';

type ValueElement = HTMLElement & { value: string };


const n = (v: number | null, digits = 2): string => (v === null ? 'n/a' : fmt(v, digits));

function textField(id: string, label: string, value: string, placeholder = ''): { field: HTMLElement; input: ValueElement } {
  const input = el('vscode-textfield', { id, value, placeholder }) as ValueElement;
  return { field: el('div', { class: 'field' }, el('vscode-label', { for: id }, label), input), input };
}

function button(id: string, label: string, onClick: () => void, secondary = true): HTMLElement {
  const b = el('vscode-button', { id, ...(secondary ? { secondary: '' } : {}) }, label);
  b.addEventListener('click', onClick);
  return b;
}

export interface WhatIfHandlers {
  sweep(axes: SweepAxes): void;
  cancelSweep(): void;
  exportSweep(): void;
  compareWith(): void;
  problem(message: string): void;
}

/** Reads the sweep form: comma-separated lists, empty fields not swept. */
export function readSweepForm(v: { kcompressd: string; queue: string; cpus: string; algorithm: string; profile: string }): SweepAxes | string {
  try {
    const axes: SweepAxes = {};
    if (v.kcompressd.trim()) axes.kcompressd = intList('kcompressd', v.kcompressd);
    if (v.queue.trim()) axes.queue = intList('queue', v.queue);
    if (v.cpus.trim()) axes.cpus = intList('CPUs', v.cpus);
    if (v.algorithm.trim()) axes.algorithm = wordList('algorithm', v.algorithm) as SweepAxes['algorithm'];
    if (v.profile.trim()) axes.profile = wordList('profile', v.profile);
    return axes;
  } catch (e) {
    return `sweep: ${(e as Error).message}`;
  }
}

export class WhatIf {
  readonly element: HTMLElement;
  private readonly sweepRoot = el('div', { id: 'sweep-result' });
  private readonly compareRoot = el('section', { id: 'compare' });
  private readonly status = el('span', { id: 'sweep-status', class: 'muted' }, 'idle');
  private charts: Chart[] = [];
  private sweep: SweepView | undefined;
  private compare: CompareResult | undefined;

  constructor(private readonly h: WhatIfHandlers, private palette: Palette) {
    const f = {
      kcompressd: textField('sweep-kcompressd', 'kcompressd workers', CHOICES.kcompressd.join(',')),
      queue: textField('sweep-queue', 'queue sizes', '256,4096'),
      cpus: textField('sweep-cpus', 'CPUs', '', 'from capture'),
      algorithm: textField('sweep-algorithm', 'algorithms', '', 'capture\'s'),
      profile: textField('sweep-profile', 'profiles', '', 'last replay\'s'),
    };
    const form = el('div', { id: 'sweep-form', class: 'controls hidden' }, ...Object.values(f).map((x) => x.field),
      button('sweep-run', 'Run sweep', () => {
        const axes = readSweepForm({ kcompressd: f.kcompressd.input.value, queue: f.queue.input.value, cpus: f.cpus.input.value, algorithm: f.algorithm.input.value, profile: f.profile.input.value });
        if (typeof axes === 'string') return h.problem(axes);
        this.status.textContent = 'running';
        h.sweep(axes);
      }, false),
      button('sweep-cancel', 'Cancel', () => h.cancelSweep()), this.status);
    const tools = el('div', { class: 'controls' },
      button('sweep-open', 'Sweep…', () => form.classList.toggle('hidden')),
      button('compare-open', 'Compare with…', () => h.compareWith()));
    this.element = el('section', { id: 'what-if' }, el('h2', {}, 'What if…'), el('p', { class: 'muted' },
      'Sweep: replay the last capture over a grid of options (each point a full replay). Compare: another capture beside this one.'),
    tools, form, this.sweepRoot, this.compareRoot);
  }

  setPalette(p: Palette): void {
    this.palette = p;
    this.redraw();
  }

  progress(done: number, total: number): void {
    this.status.textContent = `running: ${done} of ${counted(total, 'point')}`;
  }

  failed(): void {
    if (this.status.textContent?.startsWith('running')) this.status.textContent = 'stopped';
  }

  showSweep(s: SweepView): void {
    this.sweep = s;
    this.status.textContent = `${counted(s.points.length, 'point')} in ${(s.elapsedMs / 1000).toFixed(1)} s on ${counted(s.threads, 'thread')}`;
    this.redraw();
  }

  showCompare(c: CompareResult): void {
    this.compare = c;
    this.redraw();
  }

  private redraw(): void {
    for (const c of this.charts.splice(0)) c.destroy();
    if (this.sweep) this.renderSweep(this.sweep);
    if (this.compare) this.renderCompare(this.compare);
  }

  private chartBox(id: string, title: string): HTMLCanvasElement {
    const canvas = el('canvas', { id, role: 'img', 'aria-label': title });
    return canvas;
  }

  private renderSweep(s: SweepView): void {
    const layout = sweepLayout(s.points);
    const colours = lineColours(this.palette);
    const line = (figure: (p: SweepPoint) => number | null) => layout.lines.map((l, i) => ({
      label: l.label,
      colour: colours[i % colours.length],
      dash: i >= colours.length ? [6, 3] : [],
      points: l.points.map((idx, x) => ({ x, y: idx >= 0 ? figure(s.points[idx]) : null })),
      pointStyles: l.points.map((idx) => (idx >= 0 ? LIMIT_MARKS[s.points[idx].limit].style : 'circle')),
    }));
    const xTick = (v: number) => layout.xLabels[v] ?? '';
    const speed = this.chartBox('sweep-chart', 'speed-up per grid point');
    const stalls = this.chartBox('sweep-stalls', 'allocstall change per grid point');
    const anyStalls = s.points.some((p) => p.allocstallChangePct !== null);
    const used = new Set(s.points.map((p) => p.limit));
    const rows = s.points.map((p) => el('tr', { class: `limit-${p.limit}` },
      el('td', {}, String(p.options.kcompressd)), el('td', {}, String(p.options.queue)), el('td', {}, String(p.options.cpus ?? '')),
      el('td', {}, p.options.algorithm), el('td', {}, p.options.profile), el('td', { class: 'num' }, `×${n(p.speedup)}`),
      el('td', { class: 'num' }, p.allocstallChangePct === null ? `${n(p.allocstalls.baseline, 0)} → ${n(p.allocstalls.kcompressd, 0)}` : `${p.allocstallChangePct > 0 ? '+' : ''}${n(p.allocstallChangePct, 1)} %`),
      el('td', { title: p.why }, p.limit)));
    this.sweepRoot.replaceChildren(
      el('div', { class: 'chart-head' }, el('h2', {}, `Sweep of ${s.capture}: pgsteal_anon/s speed-up with kcompressd`),
        button('sweep-export', 'Export CSV', () => this.h.exportSweep())),
      el('div', { class: 'chart-box' }, speed),
      el('p', { class: 'muted legend' }, [...used].map((l) => LIMIT_MARKS[l].text).join(' · ')),
      anyStalls ? el('div', { class: 'chart-box' }, stalls) : el('p', { class: 'muted', id: 'sweep-no-stalls' }, 'No allocation stalls in the baseline at any point: nothing for kcompressd to change there.'),
      el('table', { id: 'sweep-table' }, el('thead', {}, el('tr', {}, ...['kcompressd', 'queue', 'CPUs', 'algorithm', 'profile', 'speed-up', 'allocstalls', 'limited by'].map((x) => el('th', {}, x)))),
        el('tbody', {}, ...rows)));
    this.charts.push(smallChart(speed, { x: layout.xTitle, y: 'speed-up (×)', lines: line((p) => p.speedup), xTick }, this.palette));
    if (anyStalls) this.charts.push(smallChart(stalls, { x: layout.xTitle, y: 'allocstall change (%)', lines: line((p) => p.allocstallChangePct), xTick }, this.palette));
    speed.dataset.cells = String(s.points.length);
  }

  private renderCompare(c: CompareResult): void {
    const name = (p: string) => p.split(/[\\/]/).filter(Boolean).pop() ?? p;
    const [b, a] = [name(c.before), name(c.after)];
    const charts = c.curves.map((curve) => {
      const canvas = this.chartBox(`compare-${curve.metric}`, curve.label);
      this.charts.push(smallChart(canvas, {
        x: 'seconds since reclaim start', y: `${curve.label} (${curve.unit})`, beginAtZero: true,
        lines: [
          { label: `before: ${b}`, colour: this.palette.baseline, points: curve.before.t.map((t, i) => ({ x: t, y: curve.before.y[i] })) },
          // Dashed: where the two captures measured the same, both stay visible.
          { label: `after: ${a}`, colour: this.palette.kcompressd, dash: [6, 3], points: curve.after.t.map((t, i) => ({ x: t, y: curve.after.y[i] })) },
        ],
      }, this.palette));
      return el('section', { class: 'chart-card' }, el('div', { class: 'chart-head' }, el('h2', {}, `${curve.label}, measured`)), el('div', { class: 'chart-box' }, canvas));
    });
    const predicted = c.rows.some((r) => r.predicted !== undefined);
    // As the CLI's compare: a prediction for another workload is marked not a test, and each n/a says why.
    const untested = predicted ? c.predictionNotATest : undefined;
    const na = compareMeasuredNa(c);
    const by = c.predictedBy;
    const rows = c.rows.map((r) => {
      // The CLI's compare table's cells: one precision per row, thousands separated.
      const change = (pct: number | null | undefined) => el('td', { class: 'num' }, pct === null || pct === undefined ? '' : `${pct > 0 ? '+' : ''}${n(pct, 1)} %`);
      return el('tr', {}, el('td', {}, r.label), el('td', { class: 'num' }, figureCell(r.before, r.key)), el('td', { class: 'num' }, figureCell(r.after, r.key)), change(r.changePct),
        ...(predicted ? [el('td', { class: 'num' }, r.predicted === undefined ? '' : figureCell(r.predicted, r.key)), change(r.predictedChangePct)] : []),
        ...(untested ? [el('td', { class: 'mark' }, r.predicted === undefined ? '' : notATestMark(untested))] : []));
    });
    this.compareRoot.replaceChildren(
      el('h2', {}, `Compare: ${b} (before) → ${a} (after)`),
      el('div', { id: 'compare-charts', class: 'compare-charts' }, ...charts),
      el('table', { id: 'compare-table' }, el('thead', {}, el('tr', {}, ...['figure', 'before', 'after', 'change', ...(predicted ? ['predicted after (replay of before)', 'predicted change'] : []), ...(untested ? [''] : [])].map((x) => el('th', {}, x)))),
        el('tbody', {}, ...rows)),
      ...(na.length ? [el('p', { class: 'muted' }, 'measured n/a:'), el('ul', { id: 'compare-na', class: 'muted' }, ...na.map((l) => el('li', {}, l)))] : []),
      ...(untested ? [el('p', { id: 'compare-not-a-test', class: 'muted' }, notATestNote(untested))] : []),
      ...(by ? [el('p', { class: 'muted' }, `Predicted: this panel's replay of the before capture with kcompressd ${by.variant} (${designText(by.variant, by.kcompressd, by.queue)}), profile ${by.profile}.`)] : []),
      ...c.warnings.map((w) => el('p', { class: `severity-${w.severity}` }, `⚠ ${warningText(w)}`)));
  }
}
