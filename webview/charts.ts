// The six before/after charts: chart.js line charts on a linear time axis fed with min-max decimated points,
// a shared time cursor with a value readout, drag-to-zoom, and theme colours.
import { Chart, Legend, LinearScale, LineController, LineElement, PointElement } from 'chart.js';
import type { ChartDataset, ChartOptions, Plugin } from 'chart.js';
import type { SeriesSet } from '../src/core/replay/types';
import type { ChartId } from '../src/shared/protocol';
import { CHART_SPECS, curveLabel, NOT_MEASURED, SCENARIOS, type ChartSpec } from '../src/shared/chartSpecs';
import { lowerBound, minMaxDecimate, type Point } from './decimate';
import { isHighContrast, type Palette } from './theme';
import { el } from './dom';
import { fmt } from '../src/shared/headline';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend);

type Source = { kind: 'series'; t: Float64Array; y: Float64Array } | { kind: 'constant'; value: number };
type Line = { dataset: ChartDataset<'line', Point[]>; source: Source; role: 'observed' | 'baseline' | 'kcompressd' | 'wmMin' | 'wmLow' | 'wmHigh'; secondary: boolean };

interface Entry {
  spec: ChartSpec;
  chart: Chart<'line', Point[]>;
  lines: Line[];
  readout: HTMLElement;
  /** Time buckets of the current decimation (about one per pixel of plot width). */
  buckets: number;
}

/** One bucket per pixel of the plot area (the box minus the axes), at least 100. */
const bucketsFor = (boxWidth: number): number => Math.max(100, Math.round((boxWidth || 800) - 110));

export type Range = [number, number];

export interface BoardCallbacks {
  onZoom(range: Range | undefined): void;
  onExportPng?(id: ChartId): void;
}

const fmtValue = (v: number): string => (Number.isNaN(v) ? '–' : fmt(v, 2));

export class ChartBoard {
  private readonly entries: Entry[] = [];
  private readonly full: Range;
  private range: Range;
  private cursorT: number | undefined;
  private drag: { entry: Entry; from: number; to: number } | undefined;
  /** Removes the pointer listeners (one of them is on window) when the board is replaced. */
  private readonly listeners = new AbortController();

  /**
   * @param calibrationS the span (series seconds) the fidelity profile was calibrated on, shaded on every chart.
   */
  constructor(root: HTMLElement, private readonly series: SeriesSet, private palette: Palette, private readonly cb: BoardCallbacks,
    private readonly calibrationS?: [number, number]) {
    const t = series.t;
    this.full = t.length > 1 ? [t[0], t[t.length - 1]] : [0, 1];
    this.range = this.full;
    // All cards first, then the charts: one layout for every width read instead of one per chart.
    const cards = CHART_SPECS.map((spec) => ({ spec, ...this.card(root, spec) }));
    const widths = cards.map((c) => c.canvas.parentElement!.clientWidth);
    cards.forEach((c, i) => this.entries.push(this.create(c.spec, c.canvas, c.readout, widths[i])));
  }

  get fullRange(): Range {
    return this.full;
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

  setPalette(p: Palette): void {
    this.palette = p;
    for (const e of this.entries) {
      for (const l of e.lines) this.colour(l);
      this.styleScales(e.chart.options);
      e.chart.update('none');
    }
  }

  toPng(id: ChartId): string {
    const e = this.entries.find((x) => x.spec.id === id);
    if (!e) throw new Error(`no chart ${id}`);
    // Export on an opaque background so the PNG is readable outside the editor.
    const src = e.chart.canvas;
    const out = document.createElement('canvas');
    out.width = src.width;
    out.height = src.height;
    const ctx = out.getContext('2d')!;
    ctx.fillStyle = this.palette.background;
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(src, 0, 0);
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
    const head = canvas.closest('.chart-card')?.querySelector('.chart-head');
    if (head && this.cb.onExportPng) {
      const button = el('vscode-button', { id: `png-${spec.id}`, secondary: '', title: `Save ${spec.title} as PNG` }, 'PNG');
      button.addEventListener('click', () => this.cb.onExportPng!(spec.id));
      head.append(button);
    }
    return { canvas, readout };
  }

  private create(spec: ChartSpec, canvas: HTMLCanvasElement, readout: HTMLElement, boxWidth: number): Entry {
    const lines = this.linesFor(spec);
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
        x: { type: 'linear', min: this.range[0], max: this.range[1], title: { display: true, text: 'time (s)' } },
        y: { type: 'linear', title: { display: true, text: spec.y } },
        ...(spec.y2 ? { y2: { type: 'linear', position: 'right', title: { display: true, text: spec.y2 }, grid: { drawOnChartArea: false } } } : {}),
      },
      plugins: { legend: { labels: { boxHeight: 2, boxWidth: 18 } } },
      onResize: (_c, size) => {
        const e = this.entries.find((x) => x.chart === _c);
        if (e && Math.abs(bucketsFor(size.width) - e.buckets) > e.buckets * 0.1) this.refresh(e, bucketsFor(size.width));
      },
    };
    this.styleScales(options);
    const chart = new Chart<'line', Point[]>(canvas, { type: 'line', data: { datasets: lines.map((l) => l.dataset) }, options, plugins: [this.overlay()] });
    const entry: Entry = { spec, chart, lines, readout, buckets };
    this.listen(entry);
    return entry;
  }

  private linesFor(spec: ChartSpec): Line[] {
    const lines: Line[] = [];
    for (const ls of spec.lines) {
      for (const kind of ['observed', ...SCENARIOS] as const) {
        const y = kind === 'observed' ? this.series.observed?.[ls.metric] : this.series[kind][ls.metric];
        if (!y) continue;
        lines.push({
          dataset: { label: curveLabel(spec, kind, ls.label), data: [], yAxisID: ls.axis, spanGaps: false, order: kind === 'observed' ? 1 : 0 },
          source: { kind: 'series', t: this.series.t, y }, role: kind, secondary: ls.axis === 'y2',
        });
      }
    }
    if (spec.watermarks) {
      const w = this.series.watermarks;
      for (const [role, label, value] of [['wmMin', 'Σ min (node)', w.min], ['wmLow', 'Σ low (node)', w.low], ['wmHigh', 'Σ high (node)', w.high]] as const) {
        lines.push({ dataset: { label, data: [], yAxisID: 'y' }, source: { kind: 'constant', value }, role, secondary: true });
      }
    }
    return lines;
  }

  private colour(l: Line): void {
    const c = this.palette[l.role];
    l.dataset.borderColor = c;
    l.dataset.backgroundColor = c;
    l.dataset.borderDash = l.role.startsWith('wm') ? [2, 3] : l.secondary ? [6, 3] : [];
    l.dataset.borderWidth = (isHighContrast() ? 2.5 : 1.5) + (l.role === 'observed' ? 1 : 0);
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
        const span = this.calibrationS;
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
    const rows: HTMLElement[] = [el('div', { class: 'readout-t' }, `t = ${t.toFixed(2)} s`)];
    for (const l of e.lines) {
      let v: number;
      if (l.source.kind === 'constant') v = l.source.value;
      else {
        const st = l.source.t;
        let i = Math.min(st.length - 1, lowerBound(st, t));
        if (i > 0 && t - st[i - 1] < st[i] - t) i--;
        v = l.source.y[i];
      }
      rows.push(el('div', { class: `readout-row role-${l.role}` }, `${l.dataset.label}: ${fmtValue(v)}`));
    }
    e.readout.replaceChildren(...rows);
    e.readout.classList.remove('hidden');
    // Keep the box away from the cursor: on the right half it moves to the left corner.
    const mid = (hovered.chart.chartArea.left + hovered.chart.chartArea.right) / 2;
    e.readout.classList.toggle('left', hovered.chart.scales.x.getPixelForValue(t) > mid);
  }
}
