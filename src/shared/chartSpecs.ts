// What each chart shows: the series metrics (drawn for both scenarios), their axes and units.
import type { ChartId } from './protocol';

export interface LineSpec {
  metric: string; // key in SeriesSet.baseline / .kcompressd; with perWorker, the prefix of one key per worker
  label: string;
  axis: 'y' | 'y2';
  /** One line per kcompressd worker (keys `${metric}${i}`), the kcompressd scenario only. */
  perWorker?: boolean;
}

/** A constant line at an option's value, e.g. the per-worker FIFO size. */
export interface CapacitySpec {
  label: string;
  axis: 'y' | 'y2';
  option: 'queue';
}

export interface ChartSpec {
  id: ChartId;
  title: string;
  y: string;
  y2?: string;
  lines: LineSpec[];
  /** Draw min/low/high watermarks as constant lines. */
  watermarks?: boolean;
  capacity?: CapacitySpec;
  /** Axes whose values are not counts from zero (a ratio): the scale fits the data. */
  notFromZero?: ('y' | 'y2')[];
  /** Upper end of the first axis when the data stays below it (percent of one CPU: 100). */
  yMax?: number;
}

export const CHART_SPECS: ChartSpec[] = [
  { id: 'free', title: 'Free pages vs the node\'s summed watermarks (kswapd checks each zone)', y: 'pages', lines: [{ metric: 'freePages', label: 'free pages', axis: 'y' }], watermarks: true },
  { id: 'pgsteal', title: 'pgsteal_anon/s', y: 'pages/s', lines: [{ metric: 'pgstealAnonPerS', label: 'pgsteal_anon/s', axis: 'y' }] },
  // The reclaimer (kswapd and the tasks in direct or memcg reclaim) beside kswapd: a memcg capture's kswapd stays idle.
  { id: 'kswapd', title: 'kswapd and reclaimer CPU', y: '% of one CPU',
    lines: [{ metric: 'kswapdCpuPct', label: 'kswapd CPU %', axis: 'y' }, { metric: 'reclaimerCpuPct', label: 'reclaimer CPU %', axis: 'y' }] },
  { id: 'kcompressd', title: 'kcompressd: each worker\'s busy % and the deepest worker FIFO', y: 'busy, % of one CPU', y2: 'FIFO entries (per worker)',
    lines: [{ metric: 'workerBusyPct', label: 'busy % per worker', axis: 'y', perWorker: true }, { metric: 'fifoDeepest', label: 'deepest worker FIFO', axis: 'y2' }],
    capacity: { label: 'FIFO size per worker', axis: 'y2', option: 'queue' }, yMax: 100 },
  { id: 'stalls', title: 'Allocation stalls, direct and memcg reclaim', y: 'allocstalls', y2: 'reclaim ms per bin',
    lines: [{ metric: 'allocstalls', label: 'allocstalls', axis: 'y' }, { metric: 'directReclaimMs', label: 'direct reclaim ms', axis: 'y2' },
      { metric: 'memcgReclaimMs', label: 'memcg reclaim ms', axis: 'y2' }] },
  { id: 'zram', title: 'zram memory and ratio', y: 'MiB', y2: 'ratio',
    lines: [{ metric: 'zramMemUsedMiB', label: 'zram MiB', axis: 'y' }, { metric: 'zramRatio', label: 'ratio', axis: 'y2' }], notFromZero: ['y2'] },
];

export const SCENARIOS = ['baseline', 'kcompressd'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** Legend names of the curves on every chart: the capture's own, the two simulated scenarios, and a capture measured
 *  with kcompressd when the replay has one. */
export const CURVE_LABELS = {
  observed: 'measured on the device',
  baseline: "simulated: today's kernel",
  kcompressd: 'simulated: with kcompressd',
  measuredAfter: 'measured with kcompressd',
} as const;

/** The curves in drawing order: measured, the two simulated, measured with kcompressd. */
export const CURVE_KINDS = ['observed', 'baseline', 'kcompressd', 'measuredAfter'] as const;
/** Curves that are a capture's own values (drawn heavier, never per worker). */
export const MEASURED_KINDS: readonly string[] = ['observed', 'measuredAfter'];

/** Said on a chart instead of drawing a curve the capture has no series for (never a zero line). */
export const NOT_MEASURED = 'not measured in this capture';

/** A curve's legend label: the kind alone on a one-metric chart, else the kind and the metric. */
export const curveLabel = (spec: ChartSpec, kind: keyof typeof CURVE_LABELS, metric: string): string =>
  spec.lines.length === 1 ? CURVE_LABELS[kind] : `${CURVE_LABELS[kind]} · ${metric}`;

export const PAGE_TITLE = 'Reclaim Replay: baseline vs kcompressd';
export const FIDELITY_TITLE = "Fidelity: measured on the device vs simulated today's kernel";
export const LEGEND_TEXT = "Each chart's legend names its curves · solid: first axis, dashed: second axis, dotted: watermarks and capacities · "
  + 'shaded: the part of the capture the fidelity check was calibrated on';
