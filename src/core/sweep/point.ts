// One grid point's figures: the speed-up and allocstall change kcompressd brings, and what limits it there.
import type { Figure, ReplayOptions, ReplayResult } from '../replay/types';
import { counted } from '../warnings';

/**
 * cpu-bound: the cores (or every worker) are saturated, so more workers or a bigger FIFO cannot help;
 * fifo-full: kswapd found every FIFO full and compressed synchronously for a share of its writes;
 * demand-bound: reclaim keeps up with the capture's allocations, so nothing more is asked of it;
 * slower: kcompressd reclaimed slower than today's kernel (speed-up < 1), for the reason the replay names;
 * not-engaged: kswapd wrote no page to zram, so kcompressd had nothing to do (direct or memcg reclaim compresses in place).
 */
export type LimitingFactor = 'cpu-bound' | 'fifo-full' | 'demand-bound' | 'slower' | 'not-engaged';

/** The algorithm column of a point that left it to the capture's own comp_algorithm. */
export const CAPTURE_ALGORITHM = 'capture';

export interface SweepPoint {
  options: { kcompressd: number; queue: number; cpus: number | null; algorithm: string; profile: string; variant: string };
  /** Profile the point ran with (a calibrated one is named after the capture). */
  profileName: string;
  /** pgsteal_anon/s, baseline and with kcompressd (pages/s). */
  pgstealAnonPerS: { baseline: number | null; kcompressd: number | null };
  /** kcompressd ÷ baseline pgsteal_anon/s (null when either is unavailable). */
  speedup: number | null;
  allocstalls: { baseline: number | null; kcompressd: number | null };
  /** Change of allocstalls with kcompressd, percent of the baseline's (null when the baseline had none). */
  allocstallChangePct: number | null;
  kswapdCpuPct: { baseline: number | null; kcompressd: number | null };
  /** Busiest and mean kcompressd worker, % of one CPU, averaged over the reclaim window (not the whole replay). */
  workerBusyPct: { max: number; mean: number };
  /** Share of kswapd's writes that found every FIFO full (-EBUSY, compressed in kswapd), %. */
  fallbackSyncPct: number | null;
  limit: LimitingFactor;
  /** The figures behind `limit`, in words. */
  why: string;
}

const num = (f: Figure | undefined): number | null => (typeof f === 'number' && Number.isFinite(f) ? f : null);
const round = (v: number, digits: number): number => Math.round(v * 10 ** digits) / 10 ** digits;

/** A worker or the cores this busy count as saturated, in percent. */
export const SATURATED_PCT = 90;
/** This share of writes falling back to synchronous compression counts as the FIFOs limiting, in percent. */
export const FIFO_FULL_PCT = 5;

/**
 * Which resource limits the kcompressd scenario: the CPUs it can use (kswapd plus the busy workers against
 * `cpus` cores, or every worker saturated), the FIFOs (-EBUSY fallbacks), else the demand.
 */
const availabilityText = (r: ReplayResult): string =>
  (r.availability ?? 1) < 1 ? `, other load leaves ${round((r.availability ?? 1) * 100, 1)} % of each core` : '';

export function limitingFactor(r: ReplayResult, cpus: number): { limit: LimitingFactor; why: string } {
  const k = r.kcompressd;
  // Only kswapd queues to kcompressd (current_is_kswapd() in the patch): no kswapd write, no queued or -EBUSY page.
  if (num(k.queuedPct) === null && num(k.fallbackSyncPct) === null) {
    return { limit: 'not-engaged', why: k.limitedBy?.[0]?.replace(/^no bound applies: /, '') ?? 'kcompressd never engaged: kswapd wrote no page to zram in the replay' };
  }
  const speedup = r.speedup.pgstealAnonPerS;
  if (speedup !== undefined && speedup < 1) {
    const why = k.limitedBy?.find((l) => l.startsWith('slower:'));
    return { limit: 'slower', why: why?.replace(/^slower: /, '') ?? `pgsteal_anon/s ×${speedup.toFixed(2)} with kcompressd` };
  }
  const busy = k.workerBusyPct;
  const workersPct = busy.reduce((a, b) => a + b, 0);
  const kswapd = num(k.kswapdCpuPct) ?? 0;
  const usedPct = workersPct + kswapd;
  // The model gives each reclaimer at most the capture's availability of a core (its other load), not a whole one.
  const capacityPct = Math.min(cpus, busy.length + 1) * 100 * (r.availability ?? 1);
  const minWorker = busy.length ? Math.min(...busy) : 0;
  if (usedPct >= (SATURATED_PCT / 100) * capacityPct || (busy.length > 0 && minWorker >= SATURATED_PCT)) {
    return { limit: 'cpu-bound', why: `kswapd + workers use ${round(usedPct, 0)} % of ${round(capacityPct, 1)} % available (${counted(cpus, 'CPU')}, ${counted(busy.length, 'worker')}${availabilityText(r)})` };
  }
  // kswapd is one thread: against the share of one core the other load leaves it, as the cores are above.
  const kswapdCap = 100 * (r.availability ?? 1);
  if (kswapd >= (SATURATED_PCT / 100) * kswapdCap) {
    return { limit: 'cpu-bound', why: `kswapd (one thread) uses ${round(kswapd, 1)} % of the ${round(kswapdCap, 1)} % of a core available to it${(r.availability ?? 1) < 1 ? ' (the capture\'s other load takes the rest)' : ''}: the LRU scan left to it is the limit` };
  }
  const fallback = num(k.fallbackSyncPct);
  if (fallback !== null && fallback >= FIFO_FULL_PCT) {
    return { limit: 'fifo-full', why: `${round(fallback, 1)} % of kswapd's writes found every FIFO full (queue ${r.options.queue})` };
  }
  return { limit: 'demand-bound', why: `CPUs ${round(usedPct, 0)} % of ${round(capacityPct, 1)} % available used${availabilityText(r)}, ${fallback === null ? 'no' : `${round(fallback, 1)} %`} -EBUSY fallbacks: reclaim keeps up with the demand` };
}

/** The point's figures from its replay; `cpus` is the core count the replay modelled. */
export function sweepPoint(r: ReplayResult, cpus = r.cpus ?? r.options.cpus ?? 1): SweepPoint {
  const o: ReplayOptions = r.options;
  const b = r.baseline;
  const k = r.kcompressd;
  const stealB = num(b.pgstealAnonPerS);
  const stealK = num(k.pgstealAnonPerS);
  const stallB = num(b.allocstalls);
  const stallK = num(k.allocstalls);
  const busy = k.workerBusyPct;
  return {
    options: { kcompressd: o.kcompressd, queue: o.queue, cpus: o.cpus ?? r.cpus ?? null, algorithm: o.algorithm ?? CAPTURE_ALGORITHM, profile: o.profile, variant: o.variant },
    profileName: r.profileName,
    pgstealAnonPerS: { baseline: stealB, kcompressd: stealK },
    speedup: stealB && stealK !== null ? round(stealK / stealB, 3) : null,
    allocstalls: { baseline: stallB, kcompressd: stallK },
    allocstallChangePct: stallB && stallK !== null ? round(((stallK - stallB) / stallB) * 100, 1) : null,
    kswapdCpuPct: { baseline: num(b.kswapdCpuPct), kcompressd: num(k.kswapdCpuPct) },
    workerBusyPct: { max: busy.length ? Math.max(...busy) : 0, mean: busy.length ? round(busy.reduce((a, v) => a + v, 0) / busy.length, 1) : 0 },
    fallbackSyncPct: num(k.fallbackSyncPct),
    ...limitingFactor(r, cpus),
  };
}
