// A sweep as CSV: one row per grid point (its options, then its figures and limiting factor), preceded by `#`
// comment lines naming the capture and the grid. Shared by the CLI (--csv) and the panel's export.
import type { SweepPoint } from '../core/sweep/point';

const COLUMNS: [string, (p: SweepPoint) => string | number | null][] = [
  ['kcompressd', (p) => p.options.kcompressd], ['queue', (p) => p.options.queue], ['cpus', (p) => p.options.cpus],
  ['algorithm', (p) => p.options.algorithm], ['profile', (p) => p.options.profile], ['variant', (p) => p.options.variant],
  ['pgsteal_anon_per_s_baseline', (p) => p.pgstealAnonPerS.baseline], ['pgsteal_anon_per_s_kcompressd', (p) => p.pgstealAnonPerS.kcompressd],
  ['speedup', (p) => p.speedup],
  ['allocstalls_baseline', (p) => p.allocstalls.baseline], ['allocstalls_kcompressd', (p) => p.allocstalls.kcompressd],
  ['allocstall_change_pct', (p) => p.allocstallChangePct],
  ['kswapd_cpu_pct_baseline', (p) => p.kswapdCpuPct.baseline], ['kswapd_cpu_pct_kcompressd', (p) => p.kswapdCpuPct.kcompressd],
  ['worker_busy_max_pct', (p) => p.workerBusyPct.max], ['worker_busy_mean_pct', (p) => p.workerBusyPct.mean],
  ['fallback_sync_pct', (p) => p.fallbackSyncPct], ['limit', (p) => p.limit], ['why', (p) => p.why],
];

/** RFC 4180 quoting where needed; null is an empty cell. */
const cell = (v: string | number | null): string => {
  if (v === null) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function sweepToCsv(sweep: { capture: string; points: SweepPoint[] }, title = 'Reclaim Replay sweep'): string {
  const lines = [`# ${title}`, `# capture: ${sweep.capture}`, `# points: ${sweep.points.length}`, COLUMNS.map(([h]) => h).join(',')];
  for (const p of sweep.points) lines.push(COLUMNS.map(([, f]) => cell(f(p))).join(','));
  return lines.join('\n') + '\n';
}
