// The six before/after charts: chart.js line charts on a linear time axis fed with min-max decimated points,
// a shared time cursor with a value readout, drag-to-zoom, and theme colours.
import { Chart, Legend, LinearScale, LineController, LineElement, PointElement } from 'chart.js';
import type { ChartDataset, ChartOptions, Plugin } from 'chart.js';
import type { SeriesSet } from '../src/core/replay/types';
import type { ChartId } from '../src/shared/protocol';
import { CHART_SPECS, CURVE_KINDS, CURVE_LABELS, curveLabel, MEASURED_KINDS, NOT_MEASURED, type ChartSpec } from '../src/shared/chartSpecs';
import { lowerBound, minMaxDecimate, type Point } from './decimate';
import { isHighContrast, type Palette } from './theme';
import { el } from './dom';
import { fmt } from '../src/shared/headline';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend);

type Source = { kind: 'series'; t: Float64Array; y: Float64Array } | { kind: 'constant'; value: number };
type Role = 'observed' | 'measuredAfter' | 'baseline' | 'kcompressd' | 'wmMin' | 'wmLow' | 'wmHigh' | 'capacity';
type Line = { dataset: ChartDataset<'line', Point[]>; source: Source; role: Role; secondary: boolean; /** later workers of a per-worker set: no legend entry */ repeat?: boolean; /** readout name when not the legend label */ name?: string };

/** What the charts need besides the series: option values for capacity lines, and the capture's clock. */
export interface BoardContext {
  queue: number;
  /** Relative time 0 is this time on the capture's clock. */
  origin?: { s: number; clock: 'mono' | 'epoch' | 'relative' };
  /** The span (series seconds) the fidelity profile was calibrated on, shaded on every chart. */
  calibrationS?: [number, number];
}

export type TimeBase = 'relative' | 'capture';

/** Every value is 0 (or missing): such a line only clutters the legend. */
const allZero = (y: Float64Array): boolean => y.every((v) => v === 0 || Number.isNaN(v));

interface Entry {
  spec: ChartSpec;
  chart: Chart<'line', Point[]>;
  lines: Line[];
  readout: HTMLElement;
  /** Series left out because they are 0 throughout (named under the chart's title). */
  omitted: string[];
  /** Time buckets of the current decimation (about one per pixel of plot width). */
  buckets: number;
}

/** Charts built before the first paint: those above the fold of a usual editor column. */
const EAGER_CHARTS = 2;

/** One bucket per pixel of the plot area (the box minus the axes), at least 100. */
const bucketsFor = (boxWidth: number): number => Math.max(100, Math.round((boxWidth || 800) - 110));

export type Range = [number, number];

export interface BoardCallbacks {
  onZoom(range: Range | undefined): void;
  onExportPng?(id: ChartId): void;
}

const fmtValue = (v: number): string => (Number.isNaN(v) ? '–' : fmt(v, 2));
/** Seconds with the decimals a time axis needs (capture clocks run to 10⁵ s and more). */
const fmtTime = (s: number): string => (Math.abs(s) >= 1000 ? s.toFixed(1) : s.toFixed(2));

/** Keys `${prefix}0`, `${prefix}1`, … present in a scenario's series, in worker order. */
const workerKeys = (r: Record<string, Float64Array>, prefix: string): string[] => {
  const keys: string[] = [];
  for (let i = 0; r[`${prefix}${i}`]; i++) keys.push(`${prefix}${i}`);
  return keys;
};

export class ChartBoard {
  private readonly entries: Entry[] = [];
  private readonly full: Range;
  private range: Range;
  private cursorT: number | undefined;
  private drag: { entry: Entry; from: number; to: number } | undefined;
  /** Removes the pointer listeners (one of them is on window) when the board is replaced. */
  private readonly listeners = new AbortController();
  private timeBase: TimeBase = 'relative';

  constructor(root: HTMLElement, private readonly series: SeriesSet, private palette: Palette, private readonly cb: BoardCallbacks,
    private readonly context: BoardContext = { queue: 0 }) {
    const t = series.t;
    this.full = t.length > 1 ? [t[0], t[t.length - 1]] : [0, 1];
    this.range = this.full;
    // All cards first, then the charts: one layout for every width read instead of one per chart.
    const cards = CHART_SPECS.map((spec) => ({ spec, ...this.card(root, spec) }));
    const widths = cards.map((c) => c.canvas.parentElement!.clientWidth);
    // A chart costs tens of ms to build (chart.js resolves its options and lays out its scales), so only the first
    // ones are built before the page paints; the rest follow one per task, each a frame of its own.
    const build = (i: number) => this.entries.push(this.create(cards[i].spec, cards[i].canvas, cards[i].readout, widths[i]));
    for (let i = 0; i < Math.min(EAGER_CHARTS, cards.length); i++) build(i);
    this.ready = new Promise((resolve) => {
      let i = EAGER_CHARTS;
      const step = () => {
        if (this.listeners.signal.aborted || i >= cards.length) return resolve();
        build(i++);
        requestAnimationFrame(() => setTimeout(step, 0));
      };
      requestAnimationFrame(() => setTimeout(step, 0));
    });
  }

  /** Resolves once every chart is built (the first EAGER_CHARTS are built by the constructor). */
  readonly ready: Promise<void>;

  get fullRange(): Range {
    return this.full;
  }

  /** The zoomed range in relative seconds. */
  get visibleRange(): Range {
    return this.range;
  }

  /** Points currently drawn over all charts. */
  get points(): number {
    return this.entries.reduce((n, e) => n + e.lines.reduce((m, l) => m + l.dataset.data.length, 0), 0);
  }

  get count(): number {
    return this.entries.length;
  }

  /** Zooms every chart to [t0, t1] (clamped to the data); undefined resets to the whole replay. */
  setRange(range: Range | undefined): void {
    const r: Range = range ? [Math.max(this.full[0], range[0]), Math.min(this.full[1], range[1])] : this.full;
    if (!(r[1] > r[0])) return;
    this.range = r;
    for (const e of this.entries) this.refresh(e);
    this.cb.onZoom(range && (r[0] > this.full[0] || r[1] < this.full[1]) ? r : undefined);
  }

  /** Seconds added to relative time for display: 0, or the capture clock's value at the replay's start. */
  get timeOffset(): number {
    return this.timeBase === 'capture' ? this.context.origin?.s ?? 0 : 0;
  }

  /** Whether the capture's own clock can be shown (a relative-only capture has none). */
  get hasCaptureClock(): boolean {
    return this.context.origin !== undefined && this.context.origin.clock !== 'relative';
  }

  /** Relative seconds since the replay's start, or the capture's CLOCK_MONOTONIC / epoch timestamps. */
  setTimeBase(base: TimeBase): void {
    this.timeBase = base === 'capture' && this.hasCaptureClock ? 'capture' : 'relative';
    for (const e of this.entries) {
      const x = e.chart.options.scales!.x!;
      if ('title' in x && x.title) x.title.text = this.timeTitle();
      e.chart.update('none');
    }
  }

  private timeTitle(): string {
    if (this.timeBase === 'relative') return 'time since the replay\'s start (s)';
    return this.context.origin?.clock === 'epoch' ? 'capture clock: Unix epoch (s)' : 'capture clock: CLOCK_MONOTONIC (s)';
  }

  /**
   * What a chart draws, written to its canvas's data-lines attribute for tests and tools: legend labels, series left
   * out as all-zero, the colour of each role, each line's largest value (full resolution) and the first axis's top.
   */
  private mark(e: Entry): void {
    const max = (l: Line) => (l.source.kind === 'constant' ? l.source.value : l.source.y.reduce((m, v) => (v > m ? v : m), -Infinity));
    e.chart.canvas.dataset.lines = JSON.stringify({
      series: e.lines.filter((l) => !l.repeat).map((l) => l.dataset.label ?? ''),
      omitted: e.omitted,
      colours: Object.fromEntries(e.lines.map((l) => [l.role, String(l.dataset.borderColor)])),
      max: e.lines.map((l) => ({ name: l.name ?? l.dataset.label, axis: l.dataset.yAxisID, value: max(l) })),
      yTop: e.chart.scales.y?.max,
    });
  }

  setPalette(p: Palette): void {
    this.palette = p;
    for (const e of this.entries) {
      for (const l of e.lines) this.colour(l);
      this.styleScales(e.chart.options);
      e.chart.update('none');
      this.mark(e);
    }
  }

  /** The chart on an opaque background (readable outside the editor) under `caption` lines (title, capture, options). */
  toPng(id: ChartId, caption: string[] = []): string {
    const e = this.entries.find((x) => x.spec.id === id);
    if (!e) throw new Error(`no chart ${id}`);
    const src = e.chart.canvas;
    const scale = src.width / Math.max(1, src.clientWidth || src.width);
    const lineH = Math.round(16 * scale);
    const lines = [e.spec.title, ...caption];
    const top = lineH * lines.length + Math.round(8 * scale);
    const out = document.createElement('canvas');
    out.width = src.width;
    out.height = src.height + top;
    const ctx = out.getContext('2d')!;
    ctx.fillStyle = this.palette.background;
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.fillStyle = this.palette.foreground;
    lines.forEach((text, i) => {
      ctx.font = `${i === 0 ? 'bold ' : ''}${Math.round(12 * scale)}px sans-serif`;
      ctx.fillText(text, Math.round(8 * scale), lineH * (i + 1), out.width - Math.round(16 * scale));
    });
    ctx.drawImage(src, 0, top);
    return out.toDataURL('image/png');
  }

  destroy(): void {
    this.listeners.abort();
    for (const e of this.entries) e.chart.destroy();
    this.entries.length = 0;
  }

  /** Builds the chart's card, or adopts the one already in the page (the HTML report ships them in its markup). */
  private card(root: HTMLElement, spec: ChartSpec): { canvas: HTMLCanvasElement; readout: HTMLElement } {
    let canvas = root.querySelector<HTMLCanvasElement>(`canvas#chart-${spec.id}`);
    if (!canvas) {
      canvas = el('canvas', { id: `chart-${spec.id}`, role: 'img', 'aria-label': spec.title });
      root.append(el('section', { class: 'chart-card' }, el('div', { class: 'chart-head' }, el('h2', {}, spec.title)), el('div', { class: 'chart-box' }, canvas)));
    }
    const readout = el('div', { class: 'readout hidden' });
    canvas.parentElement!.append(readout);
    // Metrics the capture has no series for: said in words, never drawn as a zero line.
    const missing = spec.lines.filter((l) => !this.series.observed?.[l.metric]).map((l) => l.label);
    if (missing.length > 0) {
      const text = spec.lines.length === 1 ? `Measured on the device: ${NOT_MEASURED}` : `${missing.join(', ')}: ${NOT_MEASURED}`;
      canvas.closest('.chart-card')?.querySelector('.chart-box')?.before(el('p', { class: 'not-measured muted', id: `not-measured-${spec.id}` }, text));
    }
    const after = this.series.measuredAfter;
    const missingAfter = after ? spec.lines.filter((l) => !l.perWorker && !after[l.metric]).map((l) => l.label) : [];
    if (missingAfter.length > 0) {
      const text = `${CURVE_LABELS.measuredAfter}${spec.lines.length === 1 ? '' : ` · ${missingAfter.join(', ')}`}: not measured in that capture`;
      canvas.closest('.chart-card')?.querySelector('.chart-box')?.before(el('p', { class: 'not-measured-after muted', id: `not-measured-after-${spec.id}` }, text));
    }
    const head = canvas.closest('.chart-card')?.querySelector('.chart-head');
    if (head && this.cb.onExportPng) {
      const button = el('vscode-button', { id: `png-${spec.id}`, secondary: '', title: `Save ${spec.title} as PNG` }, 'PNG');
      button.addEventListener('click', () => this.cb.onExportPng!(spec.id));
      head.append(button);
    }
    return { canvas, readout };
  }

  private create(spec: ChartSpec, canvas: HTMLCanvasElement, readout: HTMLElement, boxWidth: number): Entry {
    const { lines, omitted } = this.linesFor(spec);
    if (omitted.length) {
      const note = el('p', { class: 'muted omitted', id: `omitted-${spec.id}` },
        lines.some((l) => !l.role.startsWith('wm') && l.role !== 'capacity') ? `Not drawn, 0 throughout: ${omitted.join(', ')}` : `0 throughout in both scenarios: ${omitted.join(', ')}`);
      canvas.parentElement!.before(note);
    }
    for (const l of lines) this.colour(l);
    // Decimate before the chart exists (from the box width) so the first render is the only one.
    const buckets = bucketsFor(boxWidth);
    this.fill(lines, buckets);
    const options: ChartOptions<'line'> = {
      parsing: false,
      normalized: true,
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      events: [], // the board handles the pointer itself (cursor, readout, zoom)
      elements: { point: { radius: 0, hitRadius: 0 }, line: { borderWidth: 1.5 } },
      scales: {
        x: { type: 'linear', min: this.range[0], max: this.range[1], title: { display: true, text: this.timeTitle() },
          ticks: { callback: (v) => fmtTime(Number(v) + this.timeOffset) } },
        // Counts start at 0; an all-zero series gets 0…1 rather than chart.js's −1…1.
        y: { type: 'linear', title: { display: true, text: spec.y }, ...this.fromZero(spec, 'y'), ...(spec.yMax ? { suggestedMax: spec.yMax } : {}) },
        ...(spec.y2 ? { y2: { type: 'linear', position: 'right', title: { display: true, text: spec.y2 }, grid: { drawOnChartArea: false }, ...this.fromZero(spec, 'y2') } } : {}),
      },
      plugins: { legend: { labels: { boxHeight: 2, boxWidth: 18, filter: (item) => !lines[item.datasetIndex ?? 0]?.repeat } } },
      onResize: (_c, size) => {
        const e = this.entries.find((x) => x.chart === _c);
        if (e && Math.abs(bucketsFor(size.width) - e.buckets) > e.buckets * 0.1) this.refresh(e, bucketsFor(size.width));
      },
    };
    this.styleScales(options);
    const chart = new Chart<'line', Point[]>(canvas, { type: 'line', data: { datasets: lines.map((l) => l.dataset) }, options, plugins: [this.overlay()] });
    const entry: Entry = { spec, chart, lines, readout, buckets, omitted };
    this.listen(entry);
    this.mark(entry);
    return entry;
  }

  private fromZero(spec: ChartSpec, axis: 'y' | 'y2'): { beginAtZero: boolean; suggestedMin?: number; suggestedMax?: number } {
    return spec.notFromZero?.includes(axis) ? { beginAtZero: false } : { beginAtZero: true, suggestedMin: 0, suggestedMax: 1 };
  }

  private linesFor(spec: ChartSpec): { lines: Line[]; omitted: string[] } {
    const lines: Line[] = [];
    const omitted: string[] = [];
    for (const ls of spec.lines) {
      for (const kind of CURVE_KINDS) {
        // The captures measured no per-worker series: per-worker lines are the model's alone.
        const measured = MEASURED_KINDS.includes(kind);
        const from = measured && ls.perWorker ? undefined : this.series[kind];
        if (!from) continue;
        const metrics = ls.perWorker ? workerKeys(from, ls.metric) : [ls.metric];
        const drawn = metrics.map((m, w) => ({ w, y: from[m] })).filter((d): d is { w: number; y: Float64Array } => d.y !== undefined && !allZero(d.y));
        const label = curveLabel(spec, kind, ls.perWorker ? `${ls.label} (${metrics.length} line${metrics.length === 1 ? '' : 's'})` : ls.label);
        if (drawn.length === 0) {
          // Named, not drawn: all-zero series, and per-worker lines of a scenario without workers (today's kernel).
          if (ls.perWorker || metrics.some((m) => from[m])) omitted.push(curveLabel(spec, kind, ls.label));
          continue;
        }
        drawn.forEach(({ w, y }, i) => lines.push({
          dataset: { label, data: [], yAxisID: ls.axis, spanGaps: false, order: measured ? 1 : 0 },
          source: { kind: 'series', t: this.series.t, y }, role: kind, secondary: ls.axis === 'y2', repeat: i > 0,
          ...(ls.perWorker ? { name: `${curveLabel(spec, kind, ls.label)}, kcompressd:${w}` } : {}),
        }));
      }
    }
    if (spec.capacity && this.context.queue > 0) {
      const c = spec.capacity;
      lines.push({ dataset: { label: `${c.label} (${this.context[c.option]})`, data: [], yAxisID: c.axis }, source: { kind: 'constant', value: this.context[c.option] }, role: 'capacity', secondary: true });
    }
    if (spec.watermarks) {
      const w = this.series.watermarks;
      for (const [role, label, value] of [['wmMin', 'Σ min (node)', w.min], ['wmLow', 'Σ low (node)', w.low], ['wmHigh', 'Σ high (node)', w.high]] as const) {
        lines.push({ dataset: { label, data: [], yAxisID: 'y' }, source: { kind: 'constant', value }, role, secondary: true });
      }
    }
    return { lines, omitted };
  }

  private colour(l: Line): void {
    const c = this.palette[l.role];
    l.dataset.borderColor = c;
    l.dataset.backgroundColor = c;
    l.dataset.borderDash = l.role.startsWith('wm') || l.role === 'capacity' ? [2, 3] : l.secondary ? [6, 3] : [];
    l.dataset.borderWidth = (isHighContrast() ? 2.5 : 2) + (MEASURED_KINDS.includes(l.role) ? 1 : 0);
  }

  private styleScales(options: ChartOptions<'line'>): void {
    const { foreground, grid } = this.palette;
    for (const scale of Object.values(options.scales ?? {})) {
      if (!scale) continue;
      scale.ticks = { ...scale.ticks, color: foreground };
      scale.grid = { ...scale.grid, color: grid };
      if ('title' in scale && scale.title) scale.title.color = foreground;
    }
    const legend = options.plugins?.legend;
    if (legend?.labels) legend.labels.color = foreground;
  }

  private fill(lines: Line[], buckets: number): void {
    const [t0, t1] = this.range;
    for (const l of lines) {
      l.dataset.data = l.source.kind === 'constant'
        ? [{ x: t0, y: l.source.value }, { x: t1, y: l.source.value }]
        : minMaxDecimate(l.source.t, l.source.y, t0, t1, buckets);
    }
  }

  private refresh(e: Entry, buckets = e.buckets): void {
    e.buckets = buckets;
    this.fill(e.lines, buckets);
    const x = e.chart.options.scales!.x!;
    x.min = this.range[0];
    x.max = this.range[1];
    e.chart.update('none');
  }

  /** Draws the calibration span under the curves, the shared time cursor and the drag-selection band. */
  private overlay(): Plugin<'line'> {
    return {
      id: 'reclaimOverlay',
      beforeDatasetsDraw: (chart) => {
        const span = this.context.calibrationS;
        if (!span) return;
        const { ctx, chartArea: a, scales } = chart;
        const p0 = Math.max(a.left, scales.x.getPixelForValue(span[0]));
        const p1 = Math.min(a.right, scales.x.getPixelForValue(span[1]));
        if (!(p1 > p0)) return;
        ctx.save();
        ctx.fillStyle = this.palette.calibration;
        ctx.fillRect(p0, a.top, p1 - p0, a.bottom - a.top);
        ctx.fillStyle = this.palette.foreground;
        ctx.font = '10px sans-serif';
        ctx.fillText('calibration', p0 + 3, a.top + 11);
        ctx.restore();
      },
      afterDraw: (chart) => {
        const { ctx, chartArea: a, scales } = chart;
        const x = scales.x;
        ctx.save();
        if (this.drag && this.drag.entry.chart === chart) {
          const p0 = x.getPixelForValue(Math.min(this.drag.from, this.drag.to));
          const p1 = x.getPixelForValue(Math.max(this.drag.from, this.drag.to));
          ctx.fillStyle = this.palette.selection;
          ctx.fillRect(p0, a.top, p1 - p0, a.bottom - a.top);
        }
        if (this.cursorT !== undefined && this.cursorT >= this.range[0] && this.cursorT <= this.range[1]) {
          const px = x.getPixelForValue(this.cursorT);
          ctx.strokeStyle = this.palette.cursor;
          ctx.lineWidth = 1;
          ctx.beginPath();
          ctx.moveTo(px, a.top);
          ctx.lineTo(px, a.bottom);
          ctx.stroke();
        }
        ctx.restore();
      },
    };
  }

  private timeAt(e: Entry, ev: MouseEvent): number | undefined {
    const a = e.chart.chartArea;
    const rect = e.chart.canvas.getBoundingClientRect();
    const px = ev.clientX - rect.left;
    const py = ev.clientY - rect.top;
    if (!a || px < a.left || px > a.right || py < a.top || py > a.bottom) return undefined;
    return e.chart.scales.x.getValueForPixel(px);
  }

  private listen(e: Entry): void {
    const canvas = e.chart.canvas;
    const opts = { signal: this.listeners.signal };
    canvas.addEventListener('mousemove', (ev) => {
      const t = this.timeAt(e, ev);
      if (this.drag && t !== undefined) this.drag.to = t;
      this.setCursor(t, e);
    }, opts);
    canvas.addEventListener('mouseleave', () => this.setCursor(undefined, e), opts);
    canvas.addEventListener('mousedown', (ev) => {
      const t = this.timeAt(e, ev);
      if (t !== undefined && ev.button === 0) this.drag = { entry: e, from: t, to: t };
    }, opts);
    window.addEventListener('mouseup', () => {
      const d = this.drag;
      if (!d || d.entry !== e) return;
      this.drag = undefined;
      const span = Math.abs(d.to - d.from);
      const minSpan = (this.range[1] - this.range[0]) / 200; // a click is not a zoom
      if (span > minSpan) this.setRange([Math.min(d.from, d.to), Math.max(d.from, d.to)]);
      else e.chart.draw();
    }, opts);
    canvas.addEventListener('dblclick', () => this.setRange(undefined), opts);
  }

  private setCursor(t: number | undefined, hovered: Entry): void {
    this.cursorT = t;
    for (const e of this.entries) {
      e.chart.draw();
      this.updateReadout(e, e === hovered ? t : undefined, hovered);
    }
  }

  /** Full-resolution values of every line at time t (not the decimated points), shown as the hover tooltip. */
  private updateReadout(e: Entry, t: number | undefined, hovered: Entry): void {
    if (t === undefined) {
      e.readout.classList.add('hidden');
      return;
    }
    const rows: HTMLElement[] = [el('div', { class: 'readout-t' }, `t = ${fmtTime(t + this.timeOffset)} s`)];
    for (const l of e.lines) {
      let v: number;
      if (l.source.kind === 'constant') v = l.source.value;
      else {
        const st = l.source.t;
        let i = Math.min(st.length - 1, lowerBound(st, t));
        if (i > 0 && t - st[i - 1] < st[i] - t) i--;
        v = l.source.y[i];
      }
      rows.push(el('div', { class: `readout-row role-${l.role}` }, `${l.name ?? l.dataset.label}: ${fmtValue(v)}`));
    }
    e.readout.replaceChildren(...rows);
    e.readout.classList.remove('hidden');
    // Keep the box away from the cursor: on the right half it moves to the left corner.
    const mid = (hovered.chart.chartArea.left + hovered.chart.chartArea.right) / 2;
    e.readout.classList.toggle('left', hovered.chart.scales.x.getPixelForValue(t) > mid);
  }
}
