// The fidelity table in one line, so nobody has to read the table to know whether to trust the after-graph.
import type { Warning } from '../warnings';
import type { FidelityRow, MeasuredAfterRow, Validation, Verdict } from './types';

/** Predicted rows off by more than this many percent are misses. */
export const FIDELITY_LIMIT_PCT = 10;

/** Display names of the fidelity rows, in table order. */
export const FIDELITY_LABELS: Record<string, string> = {
  pgstealAnonPerS: 'pgsteal_anon/s', reclaimPerS: 'reclaim pages/s', pgscanAnonPerS: 'pgscan_anon/s', kswapdCpuPct: 'kswapd CPU %',
  reclaimerCpuPct: 'reclaimer CPU %', allocstalls: 'allocstalls', directReclaimMs: 'direct reclaim ms',
  memcgReclaimMs: 'memcg reclaim ms', kswapdWakes: 'kswapd wakes from sleep', kswapdSleeps: 'kswapd sleeps',
  kswapdAwakeS: 'kswapd awake s', freePagesEnd: 'free pages at span end', minFreeMiB: 'min free MiB',
  zramRatio: 'zram ratio', zramMemUsedMiB: 'zram mem_used MiB', windowStartS: 'window start s', windowEndS: 'window end s',
};

/** Per-zone rows: `${ZONE_END_PREFIX}<zone name>` (free pages at the capture's end in that zone). */
export const ZONE_END_PREFIX = 'freePagesEndByZone.';

export const labelOf = (key: string): string =>
  FIDELITY_LABELS[key] ?? (key.startsWith(ZONE_END_PREFIX) ? `free at capture end, ${key.slice(ZONE_END_PREFIX.length)}` : key);

const pct = (x: number) => `${x > 0 ? '+' : ''}${x.toFixed(Math.abs(x) < 10 ? 1 : 0)} %`;
const num = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: Math.abs(x) < 10 ? 3 : Math.abs(x) < 1000 ? 1 : 0 });

/** How a row misses: by a percentage, or in kind when the device had none. */
const missOf = (k: string, r: FidelityRow) => `${labelOf(k)} ${r.deviceZero ? `(device 0, replay ${num(r.simulated)})`
  : r.atLeast ? `(the replay's reclaim did not end before the replay's end: ≥ ${r.simulated.toFixed(1)} s, ≥ ${pct(r.errorPct)})` : `by ${pct(r.errorPct)}`}`;

/** The headline figures a reader trusts the replay on: pgsteal_anon/s and the reclaimer's CPU. */
const KEY_ROWS = ['pgstealAnonPerS', 'reclaimPerS', 'kswapdCpuPct', 'reclaimerCpuPct'];
/** Rows that test whether the replay reclaims as the device did: without one, nothing says the model predicts reclaim. */
const RECLAIM_ROWS = ['pgstealAnonPerS', 'reclaimPerS'];

/** Why there is no fidelity check at all. */
export type NoCheck = 'no-window' | 'saturate';

const NO_CHECK: Record<NoCheck, string> = {
  'no-window': 'No fidelity check: the capture has no reclaim window in a vmstat series to compare with.',
  saturate: 'No fidelity check: --pressure saturate replays a demand the device never saw, so there is nothing to compare with.',
};

export function verdict(rows: Record<string, FidelityRow>, v: Validation | undefined, none: NoCheck = 'no-window'): Verdict {
  if (!v) return { text: NO_CHECK[none], outcome: 'untested' };
  const part = v.mode === 'split' ? `the held-out second half (${v.compareS[0].toFixed(0)}–${v.compareS[1].toFixed(0)} s)` : 'the whole reclaim window';
  // On a kswapd-only capture the reclaimer's CPU is kswapd's, the same measurement: named and counted once.
  const k = rows.kswapdCpuPct;
  const same = (key: string, r: FidelityRow) => key === 'reclaimerCpuPct' && k !== undefined && r.observed === k.observed && r.simulated === k.simulated && r.basis === k.basis;
  const entries = Object.entries(rows).filter(([key, r]) => !same(key, r));
  const failedFits = entries.filter(([, r]) => r.fitFailed);
  const fits = failedFits.length === 0 ? ''
    : ` The fit to this capture failed for ${failedFits.map(([k, r]) => missOf(k, r)).join(', ')}: figures that rest on it are unreliable.`;
  // A lower bound within the limit: the error is only known to be at least that, so it is named, never a pass.
  const bounds = entries.filter(([, r]) => r.atLeast && !r.mark && !r.fitFailed && !r.followsDemand);
  const notes = `${fits}${bounds.length ? ` Only a lower bound, not a test: ${bounds.map(([k, r]) => missOf(k, r)).join(', ')}.` : ''}`;
  const predicted = entries.filter(([, r]) => r.mark !== undefined);
  // A reclaim rate that only follows the replayed demand (memcg reclaim of the capture's own charges) is no test.
  const follows = entries.find(([k, r]) => RECLAIM_ROWS.includes(k) && r.followsDemand);
  if (predicted.length === 0 && !follows) {
    return { text: `Not validated: ${v.note}. The table shows how well the replay fits, not how well it predicts.${notes}`, outcome: failedFits.length ? 'miss' : 'untested' };
  }
  // The device reclaimed and the replay did not: say that first, in kind.
  const lost = entries.find(([k, r]) => RECLAIM_ROWS.includes(k) && r.observed > 0 && r.simulated === 0);
  const lostText = lost ? `Reclaim was not reproduced on ${part}: device ${num(lost[1].observed)} pages/s (${labelOf(lost[0])}), replay 0` : '';
  const misses = predicted.filter(([, r]) => r.mark === 'miss' && r !== lost?.[1]);
  if (lost || misses.length > 0) {
    const list = misses.map(([k, r]) => missOf(k, r)).join(', ');
    const missText = list ? `Baseline misses ${part}: ${list} (limit ±${FIDELITY_LIMIT_PCT} %)` : '';
    const head = [lostText, missText].filter(Boolean).join('. ');
    return { text: `${head} — treat the kcompressd prediction with care.${notes}`, outcome: 'miss' };
  }
  const others = (n: number) => (n > 0 ? `${n} predicted figure${n > 1 ? 's' : ''} within ±${FIDELITY_LIMIT_PCT} %` : '');
  if (!predicted.some(([k]) => RECLAIM_ROWS.includes(k))) {
    const rest = others(predicted.length);
    return {
      text: `Cannot test reclaim on ${part}: ${follows ? `${labelOf(follows[0])} follows the replayed demand (memcg reclaim reclaims what each charge needs), not a prediction`
        : 'no reclaim rate (pgsteal_anon, pgsteal_kswapd + pgsteal_direct or pswpout) was compared'}`
        + `${rest ? `; only ${rest}` : ''}.${notes}`,
      outcome: failedFits.length ? 'miss' : 'untested',
    };
  }
  const keys = predicted.filter(([k]) => KEY_ROWS.includes(k));
  const shown = (keys.length > 0 ? keys : predicted).slice(0, 2);
  const within = shown.map(([k, r]) => `${Math.abs(r.errorPct).toFixed(1)} % (${labelOf(k)})`).join(' and ');
  const rest = others(predicted.length - shown.length);
  return { text: `Baseline predicts ${part} within ${within}${rest ? `; ${rest.replace(/^(\d+)/, '$1 more')}` : ''}.${notes}`, outcome: failedFits.length ? 'miss' : 'pass' };
}

/**
 * The verdict led by replay.before-ran-kcompressd when it fired: whatever the table says, a capture that already ran
 * kcompressd is no "before" — its today's kernel is calibrated on kcompressd — so the outcome is a miss.
 */
export function withBeforeRanKcompressd(v: Verdict | undefined, ran: Warning | undefined): Verdict | undefined {
  if (!ran) return v;
  const text = `Not a before: ${ran.message} [${ran.code}].`;
  return { text: v ? `${text} ${v.text}` : text, outcome: 'miss' };
}

/** An after-row misses as a predicted fidelity row does: off by more than the limit, or a measured 0 predicted not. */
export const afterMisses = (r: MeasuredAfterRow): boolean =>
  !r.notExercised && !r.fitted && (r.deviceZero === true || Math.abs(r.errorPct) > FIDELITY_LIMIT_PCT);

/**
 * The verdict with the kcompressd prediction checked against a capture measured with kcompressd (`rows` by figure
 * key): the misses named with their errors, and the outcome a miss when there is one.
 */
export function withAfterCheck(v: Verdict | undefined, rows: Record<string, MeasuredAfterRow | undefined>, capture: string): Verdict | undefined {
  const compared = Object.entries(rows).filter((e): e is [string, MeasuredAfterRow] => e[1] !== undefined && !e[1].notExercised && !e[1].fitted);
  if (compared.length === 0) return v;
  const misses = compared.filter(([, r]) => afterMisses(r));
  const text = misses.length > 0
    ? `The kcompressd prediction misses ${capture}: ${misses.map(([k, r]) => `${labelOf(k)} ${r.deviceZero ? `(measured 0, predicted ${num(r.predicted)})` : `by ${pct(r.errorPct)}`}`).join(', ')} (limit ±${FIDELITY_LIMIT_PCT} %).`
    : `The kcompressd prediction matches ${capture} within ±${FIDELITY_LIMIT_PCT} % on the ${compared.length} figure${compared.length > 1 ? 's' : ''} compared.`;
  return { text: v ? `${v.text} ${text}` : text, outcome: misses.length > 0 ? 'miss' : v?.outcome ?? 'pass' };
}
