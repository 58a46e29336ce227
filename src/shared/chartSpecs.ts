// What each chart shows: the series metrics (drawn for both scenarios), their axes and units.
import type { ChartId } from './protocol';

export interface LineSpec {
  metric: string; // key in SeriesSet.baseline / .kcompressd
  label: string;
  axis: 'y' | 'y2';
}

export interface ChartSpec {
  id: ChartId;
  title: string;
  y: string;
  y2?: string;
  lines: LineSpec[];
  /** Draw min/low/high watermarks as constant lines. */
  watermarks?: boolean;
}

export const CHART_SPECS: ChartSpec[] = [
  { id: 'free', title: 'Free pages vs the node\'s summed watermarks (kswapd checks each zone)', y: 'pages', lines: [{ metric: 'freePages', label: 'free pages', axis: 'y' }], watermarks: true },
  { id: 'pgsteal', title: 'pgsteal_anon/s', y: 'pages/s', lines: [{ metric: 'pgstealAnonPerS', label: 'pgsteal_anon/s', axis: 'y' }] },
  { id: 'kswapd', title: 'kswapd CPU', y: '% of one CPU', lines: [{ metric: 'kswapdCpuPct', label: 'kswapd CPU %', axis: 'y' }] },
  { id: 'kcompressd', title: 'kcompressd busy and FIFO depth', y: 'busy %', y2: 'FIFO entries',
    lines: [{ metric: 'kcompressdBusyPct', label: 'busy %', axis: 'y' }, { metric: 'fifoDepth', label: 'FIFO depth', axis: 'y2' }] },
  { id: 'stalls', title: 'Allocation stalls and direct reclaim', y: 'allocstalls', y2: 'direct reclaim ms',
    lines: [{ metric: 'allocstalls', label: 'allocstalls', axis: 'y' }, { metric: 'directReclaimMs', label: 'direct reclaim ms', axis: 'y2' }] },
  { id: 'zram', title: 'zram memory and ratio', y: 'MiB', y2: 'ratio',
    lines: [{ metric: 'zramMemUsedMiB', label: 'zram MiB', axis: 'y' }, { metric: 'zramRatio', label: 'ratio', axis: 'y2' }] },
];

export const SCENARIOS = ['baseline', 'kcompressd'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const PAGE_TITLE = 'Reclaim Replay: baseline vs kcompressd';
export const FIDELITY_TITLE = 'Fidelity: observed vs simulated baseline';
export const LEGEND_TEXT = "Solid: first axis · dashed: second axis · orange: today's kernel (baseline) · blue: with kcompressd";
