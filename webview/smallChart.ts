// A plain chart.js line chart in the theme's colours for the sweep and compare sections (the replay's six charts
// have their own board with decimation, cursor and zoom). Writes what it drew to the canvas's data-lines attribute.
import { Chart, Legend, LinearScale, LineController, LineElement, PointElement } from 'chart.js';
import type { ChartDataset, PointStyle } from 'chart.js';
import type { Palette } from './theme';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend);

export interface SmallLine {
  label: string;
  points: { x: number; y: number | null }[];
  colour: string;
  dash?: number[];
  /** One style per point (e.g. the limiting factor of a sweep point). */
  pointStyles?: PointStyle[];
}

export interface SmallChartSpec {
  x: string;
  y: string;
  lines: SmallLine[];
  /** Tick text for x values (e.g. category names by index). */
  xTick?: (v: number) => string;
  beginAtZero?: boolean;
}

export function smallChart(canvas: HTMLCanvasElement, spec: SmallChartSpec, palette: Palette): Chart<'line'> {
  const { foreground, grid } = palette;
  const datasets: ChartDataset<'line'>[] = spec.lines.map((l) => ({
    label: l.label, data: l.points.map((p) => ({ x: p.x, y: p.y as number })), borderColor: l.colour, backgroundColor: l.colour,
    borderDash: l.dash ?? [], borderWidth: 2, pointRadius: l.pointStyles ? 5 : 0, pointStyle: l.pointStyles ?? 'circle', spanGaps: false,
  }));
  const axis = (title: string) => ({ type: 'linear' as const, title: { display: true, text: title, color: foreground }, ticks: { color: foreground }, grid: { color: grid } });
  const chart = new Chart<'line'>(canvas, {
    type: 'line',
    data: { datasets },
    options: {
      parsing: false, animation: false, responsive: true, maintainAspectRatio: false, events: [],
      scales: {
        x: { ...axis(spec.x), ticks: { color: foreground, ...(spec.xTick ? { callback: (v) => spec.xTick!(Number(v)), stepSize: 1 } : {}) } },
        y: { ...axis(spec.y), beginAtZero: spec.beginAtZero ?? false },
      },
      plugins: { legend: { labels: { color: foreground, boxHeight: 2, boxWidth: 18 } } },
    },
  });
  canvas.dataset.lines = JSON.stringify(spec.lines.map((l) => ({ label: l.label, colour: l.colour, points: l.points.filter((p) => p.y !== null).length })));
  return chart;
}

/** Colours for many lines: the two scenario colours first, then the theme's other chart colours. */
export const lineColours = (p: Palette): string[] => [p.baseline, p.kcompressd, p.wmHigh, p.wmMin, p.wmLow, p.foreground];
