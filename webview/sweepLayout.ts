// How a sweep's points become chart lines: the x axis is the first option that varies (kcompressd workers, then queue, CPUs,
// algorithm, profile, variant), and each combination of the others is one line. Pure: tested in Node.
import type { LimitingFactor, SweepPoint } from '../src/core/sweep/point';
import { counted } from '../src/core/warnings';

const AXES = ['kcompressd', 'queue', 'cpus', 'algorithm', 'profile', 'variant'] as const;
type Axis = (typeof AXES)[number];
const NAMES: Record<Axis, string> = { kcompressd: 'kcompressd workers', queue: 'FIFO entries per worker', cpus: 'CPUs', algorithm: 'algorithm', profile: 'profile', variant: 'variant' };

export interface SweepLine {
  /** The other options' values, e.g. "queue 256 · 4 CPUs". */
  label: string;
  /** Per x position: the point's index in the sweep, or -1 where the grid has none. */
  points: number[];
}

export interface SweepLayout {
  axis: Axis | undefined;
  xTitle: string;
  /** The x positions' labels (values of the axis, in grid order). */
  xLabels: string[];
  lines: SweepLine[];
}

const valueOf = (p: SweepPoint, a: Axis): string => String(p.options[a] ?? 'capture');

export function sweepLayout(points: SweepPoint[]): SweepLayout {
  const varying = AXES.filter((a) => new Set(points.map((p) => valueOf(p, a))).size > 1);
  const axis = varying[0];
  const rest = varying.slice(1);
  const xLabels = axis ? [...new Set(points.map((p) => valueOf(p, axis)))] : ['this replay'];
  const byLine = new Map<string, number[]>();
  points.forEach((p, i) => {
    const label = rest.map((a) => (a === 'cpus' ? (typeof p.options.cpus === 'number' ? counted(p.options.cpus, 'CPU') : 'capture CPUs') : `${a} ${valueOf(p, a)}`)).join(' · ') || 'speed-up';
    const row = byLine.get(label) ?? new Array<number>(xLabels.length).fill(-1);
    row[axis ? xLabels.indexOf(valueOf(p, axis)) : 0] = i;
    byLine.set(label, row);
  });
  return { axis, xTitle: axis ? NAMES[axis] : '', xLabels, lines: [...byLine].map(([label, idx]) => ({ label, points: idx })) };
}

/** Marker per limiting factor (the legend under the chart names them). */
export const LIMIT_MARKS: Record<LimitingFactor, { style: 'circle' | 'triangle' | 'rect' | 'crossRot' | 'dash'; text: string }> = {
  'demand-bound': { style: 'circle', text: '● demand-bound: reclaim keeps up with the allocations' },
  'cpu-bound': { style: 'triangle', text: '▲ CPU-bound: kswapd and the workers fill the CPUs' },
  'fifo-full': { style: 'rect', text: '■ FIFO-full: kswapd found every FIFO full and compressed itself' },
  slower: { style: 'crossRot', text: '✕ slower: kcompressd reclaimed slower than today\'s kernel (the point\'s why says what did it)' },
  'not-engaged': { style: 'dash', text: '– not engaged: kswapd wrote no page to zram, so kcompressd had nothing to do' },
};
