// The fidelity table in one line, so nobody has to read the table to know whether to trust the after-graph.
import type { FidelityRow, Validation, Verdict } from './types';

/** Predicted rows off by more than this many percent are misses. */
export const FIDELITY_LIMIT_PCT = 10;

/** Display names of the fidelity rows, in table order. */
export const FIDELITY_LABELS: Record<string, string> = {
  pgstealAnonPerS: 'pgsteal_anon/s', pgscanAnonPerS: 'pgscan_anon/s', kswapdCpuPct: 'kswapd CPU %',
  reclaimerCpuPct: 'reclaimer CPU %', allocstalls: 'allocstalls', directReclaimMs: 'direct reclaim ms',
  memcgReclaimMs: 'memcg reclaim ms', kswapdWakes: 'kswapd wakes', kswapdSleeps: 'kswapd sleeps',
  kswapdAwakeS: 'kswapd awake s', freePagesEnd: 'free pages at end', minFreeMiB: 'min free MiB',
  zramRatio: 'zram ratio', zramMemUsedMiB: 'zram mem_used MiB', windowStartS: 'window start s', windowEndS: 'window end s',
};

export const labelOf = (key: string): string => FIDELITY_LABELS[key] ?? key;

const pct = (x: number) => `${x > 0 ? '+' : ''}${x.toFixed(Math.abs(x) < 10 ? 1 : 0)} %`;

/** The headline figures a reader trusts the replay on: pgsteal_anon/s and the reclaimer's CPU. */
const KEY_ROWS = ['pgstealAnonPerS', 'kswapdCpuPct', 'reclaimerCpuPct'];

export function verdict(rows: Record<string, FidelityRow>, v: Validation | undefined): Verdict {
  if (!v) return { text: 'No fidelity check: the capture has no reclaim window to compare with (or the replay ran --pressure saturate).', outcome: 'untested' };
  const part = v.mode === 'split' ? `the held-out second half (${v.compareS[0].toFixed(0)}–${v.compareS[1].toFixed(0)} s)` : 'the whole reclaim window';
  const predicted = Object.entries(rows).filter(([, r]) => r.mark !== undefined);
  if (predicted.length === 0) {
    return { text: `Not validated: ${v.note}. The table shows how well the replay fits, not how well it predicts.`, outcome: 'untested' };
  }
  const misses = predicted.filter(([, r]) => r.mark === 'miss');
  if (misses.length > 0) {
    const list = misses.map(([k, r]) => `${labelOf(k)} by ${pct(r.errorPct)}`).join(', ');
    return { text: `Baseline misses ${part}: ${list} (limit ±${FIDELITY_LIMIT_PCT} %) — treat the kcompressd prediction with care.`, outcome: 'miss' };
  }
  const keys = predicted.filter(([k]) => KEY_ROWS.includes(k));
  const shown = (keys.length > 0 ? keys : predicted).slice(0, 2);
  const within = shown.map(([k, r]) => `${Math.abs(r.errorPct).toFixed(1)} % (${labelOf(k)})`).join(' and ');
  const others = predicted.length - shown.length;
  return { text: `Baseline predicts ${part} within ${within}${others > 0 ? `; ${others} more predicted figure${others > 1 ? 's' : ''} within ±${FIDELITY_LIMIT_PCT} %` : ''}.`, outcome: 'pass' };
}
