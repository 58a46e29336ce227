// The figures of one simulated scenario, measured on the simulation the way captures/README §5 measures a
// capture: rates over the window in which pages were swapped out, CPU as a share of one core over that same span.
import type { ScenarioOutput } from '../model/simulation';
import type { KcompressdFigures, ScenarioFigures } from './types';
import { counted } from '../warnings';
import { msText } from '../numberText';

const MiB = 1 << 20;
const PAGE = 4096;
const r1 = (x: number) => Math.round(x * 10) / 10;
/** A figure in a sentence: one decimal at most, thousands separated ("2,919.4 ms", not "2919.4 ms"). */
const prose = (x: number): string => r1(x).toLocaleString('en-US');

/** " and its worker", " and all 4 workers", " and 1 worker of 4 (the others never ran)": the kcompressd workers kswapd shared the CPUs with. */
export function workersThatRan(ran: number, workers: number): string {
  if (ran === 0) return '';
  if (ran < workers) return ` and ${counted(ran, 'worker')} of ${workers} (the others never ran)`;
  return workers === 1 ? ' and its worker' : ` and all ${workers} workers`;
}
const r3 = (x: number) => Math.round(x * 1000) / 1000;
/** A count of folios from the inactive list, which the model keeps as fractional runs (young and old folios
 *  interleaved by share, InactiveAnon): whole folios at the output, never "2,010.246 folios". */
const folios = (x: number) => Math.round(x);

export interface BinWindow { first: number; last: number; seconds: number }

/**
 * The bins first..last of [startS, endS) seconds from the replay's start: each edge at its nearest bin boundary, the
 * one rule the headline and the fidelity table share, so the same span sums the same bins and prints the same figure.
 * Empty (last < first) for a span under half a bin.
 */
export function spanBins(o: ScenarioOutput, startS: number, endS: number): { first: number; last: number } {
  const binS = o.binNs / 1e9;
  return { first: Math.max(0, Math.round(startS / binS)), last: Math.min(o.bins - 1, Math.round(endS / binS) - 1) };
}

/** spanBins() of the capture's own reclaim window, at least one bin. */
export function binWindow(o: ScenarioOutput, startS: number, endS: number): BinWindow {
  const bins = spanBins(o, startS, endS);
  const first = Math.min(o.bins - 1, bins.first);
  const last = Math.max(first, bins.last);
  return { first, last, seconds: ((last - first + 1) * o.binNs) / 1e9 };
}

/** First and last bin with swap-out activity (the whole run when there is none). */
export function activeWindow(o: ScenarioOutput): BinWindow {
  let first = -1;
  let last = -1;
  for (let i = 0; i < o.bins; i++) {
    if (o.swapOut[i] > 0) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) { first = 0; last = o.bins - 1; }
  return { first, last, seconds: ((last - first + 1) * o.binNs) / 1e9 };
}

/** A scenario's own swap-out window (activeWindow), or the bins `w`, in replay seconds [start, end). */
export function swapOutSpanS(o: ScenarioOutput, w = activeWindow(o)): [number, number] {
  const binS = o.binNs / 1e9;
  return [r3(w.first * binS), r3((w.last + 1) * binS)];
}

/** The bin of largest zram orig_data_size in first..last (the first such bin): where the pool holds the most. */
export function zramPeakBin(o: ScenarioOutput, first: number, last: number): number {
  let peak = first;
  for (let i = first; i <= last; i++) if (o.zramOrig[i] > o.zramOrig[peak]) peak = i;
  return peak;
}

/** `a` summed over bins first..last. */
export function sum(a: Float64Array, first: number, last: number): number {
  let v = 0;
  for (let i = first; i <= last; i++) v += a[i];
  return v;
}

/** Smallest of `a` over bins first..last. */
function minOf(a: Float64Array, first: number, last: number): number {
  let v = Infinity;
  for (let i = first; i <= last; i++) v = Math.min(v, a[i]);
  return v;
}

/**
 * The scenario's figures over `w` (default: its own swap-out window) — every one of them, so a headline that states
 * its window holds nothing from outside it: rates and CPU over the window's bins, counts and reclaim time summed
 * over them, min free the lowest free-pages sample in them, zram ratio and mem_used at the window's sample of
 * largest orig_data_size (as captures/README §5 reads a capture's mm_stat, over the same window).
 */
export function scenarioFigures(o: ScenarioOutput, w: BinWindow = activeWindow(o)): ScenarioFigures {
  const windowNs = w.seconds * 1e9;
  const peak = zramPeakBin(o, w.first, w.last);
  const noZram = { unavailable: 'no page reached zram in the replay\'s window' };
  const stored = o.zramOrig[peak] > 0 && o.zramCompr[peak] > 0;
  const kswapdNs = sum(o.kswapd.busyBins, w.first, w.last);
  const tasksNs = sum(o.tasks.busyBins, w.first, w.last);
  const allocstalls = sum(o.allocstalls, w.first, w.last);
  const served = sum(o.served, w.first, w.last);
  return {
    pgstealAnonPerS: r1(sum(o.pgstealAnon, w.first, w.last) / w.seconds),
    pgscanAnonPerS: r1(sum(o.pgscanAnon, w.first, w.last) / w.seconds),
    kswapdCpuPct: r1((kswapdNs / windowNs) * 100),
    allocstalls,
    directReclaimMs: r1(sum(o.directNs, w.first, w.last) / 1e6),
    zramRatio: stored ? r3(o.zramOrig[peak] / o.zramCompr[peak]) : noZram,
    zramMemUsedMiB: stored ? r1(o.zramMemUsed[peak] / MiB) : noZram,
    minFreeMiB: r1((minOf(o.freePages, w.first, w.last) * PAGE) / MiB),
    reclaimerCpuPct: r1(((kswapdNs + tasksNs) / windowNs) * 100),
    memcgReclaimMs: r1(sum(o.memcgNs, w.first, w.last) / 1e6),
    allocstallsPerGiB: served > 0 ? r3(allocstalls / ((served * PAGE) / 2 ** 30))
      : { unavailable: 'the tasks were served no page in the window' },
  };
}

export function kcompressdFigures(o: ScenarioOutput, w: BinWindow = activeWindow(o)): KcompressdFigures {
  const base = scenarioFigures(o, w);
  const kc = o.kcompressd;
  if (!kc) throw new Error('kcompressdFigures needs a scenario run with kcompressd');
  const windowNs = w.seconds * 1e9;
  const submitted = kc.queued + kc.fallback;
  const none = { unavailable: 'kswapd wrote no page to zram in the replay' };
  const durationS = o.durationNs / 1e9;
  return {
    ...base,
    fifoFullPct: r1((kc.fullNs / o.durationNs) * 100),
    fallbackSyncPct: submitted > 0 ? r1((kc.fallback / submitted) * 100) : none,
    // Busy %, pages and µs per page over one span, the headline's window (trial5: busy 0.0 beside 16,171 pages).
    workerBusyPct: kc.tasks.map((t) => r1((sum(t.busyBins, w.first, w.last) / windowNs) * 100)),
    workerPages: kc.pageBins.map((p) => sum(p, w.first, w.last)),
    workerUsPerPage: kc.pageBins.map((p, i) => {
      const pages = sum(p, w.first, w.last);
      return pages > 0 ? r3(sum(kc.compressBins[i], w.first, w.last) / pages / 1000) : 0;
    }),
    workerReclaimMs: kc.tasks.map((t, i) => r1((t.cpuNs - kc.compressNs[i]) / 1e6)),
    queuedPct: submitted > 0 ? r1((kc.queued / submitted) * 100) : none,
    fifoHighWater: kc.highWater,
    workerFifoHighWater: [...kc.workerHighWater],
    fifoFullS: r3(Math.min(kc.fullNs / 1e9, durationS)),
    writebackRescans: folios(o.totals.writebackRescans),
  };
}

/** A ratio as the headline prints it ("×0.67"). */
const times = (x: number) => `×${(Math.round(x * 100) / 100).toFixed(2)}`;

/**
 * Why the kcompressd scenario reclaimed slower than today's kernel (speed-up < 1), from its own figures against the
 * baseline's over each one's swap-out window: the worker's own reclaim (zram writestall → GFP_NOIO direct reclaim),
 * kswapd losing CPU to the workers, the FIFOs full (synchronous fallback), or reclaimers scanning folios they cannot
 * take yet (mm: locked in the FIFO, folio_trylock() fails; v1: under writeback until the worker ends it).
 */
export function slowdownCauses(base: ScenarioOutput, kc: ScenarioOutput, speedup: number, cores?: number): string {
  const k = kc.kcompressd!;
  const [b, t] = [base.totals, kc.totals];
  const causes: string[] = [];
  if (t.writestalls > 0) {
    const reclaimMs = k.tasks.reduce((a, task, i) => a + task.cpuNs - k.compressNs[i], 0) / 1e6;
    causes.push(`the kcompressd thread met ${t.writestalls.toLocaleString('en-US')} zram writestalls and spent ${msText(reclaimMs)} ms CPU in GFP_NOIO direct reclaim of its own while its FIFO waited`);
  }
  const [wb, wk] = [activeWindow(base), activeWindow(kc)];
  const cpuPct = (o: ScenarioOutput, w: BinWindow) => (sum(o.kswapd.busyBins, w.first, w.last) / (w.seconds * 1e9)) * 100;
  const [kswapdB, kswapdK] = [cpuPct(base, wb), cpuPct(kc, wk)];
  if (kswapdK < kswapdB - 2) {
    const ran = k.tasks.filter((task) => sum(task.busyBins, wk.first, wk.last) > 0).length;
    const workersPct = k.tasks.reduce((a, task) => a + sum(task.busyBins, wk.first, wk.last), 0) / (wk.seconds * 1e9) * 100;
    // Over each one's own swap-out window, not the headline's span: say which (trial12 #4).
    const span = (o: ScenarioOutput) => swapOutSpanS(o).map((x) => x.toFixed(1)).join('–');
    causes.push(`kswapd ran ${prose(kswapdK)} % of a core over kcompressd's own swap-out window (${span(kc)} s), down from ${prose(kswapdB)} % over today's (${span(base)} s): it shared the CPUs with the tasks${workersThatRan(ran, k.tasks.length)}; ${ran > 0 ? `the workers ran ${prose(workersPct)} % of a core` : 'no worker ran'}${cores === undefined ? '' : ` on ${counted(cores, 'CPU')}`}`);
  }
  const submitted = k.queued + k.fallback;
  if (submitted > 0 && k.fallback / submitted > 0.01) causes.push(`${prose((k.fallback / submitted) * 100)} % of kswapd's writes found the FIFO full and were compressed synchronously`);
  const perSteal = (x: ScenarioOutput['totals']) => (x.pgstealAnon > 0 ? x.pgscanAnon / x.pgstealAnon : 0);
  const [sb, sk] = [perSteal(b), perSteal(t)];
  if (sk > sb * 1.05) {
    const n = (x: number) => x.toLocaleString('en-US');
    const held = k.policy.variant === 'mm'
      ? `the folios the thread wrote stay where shrink_folio_list() kept them (no PG_reclaim rotation to the inactive tail), so ${counted(folios(t.writebackRescans), 'folio')} ${folios(t.writebackRescans) === 1 ? 'was' : 'were'} freed only on a later scan; ${counted(folios(t.lockedKept), 'folio')} met still locked in the FIFO`
      : `${counted(t.nrWriteback, 'folio')} met under writeback, ${n(folios(t.writebackRescans))} freed only on a later scan`;
    causes.push(`reclaimers scanned ${sb.toFixed(2)} → ${sk.toFixed(2)} anon folios per page stolen: ${held}`);
  }
  if (causes.length === 0) causes.push('none of the modelled mechanisms (worker reclaim, CPU, FIFO, rescans) moved; the scenarios reclaimed over different spans');
  return `slower: pgsteal_anon/s ${times(speedup)} with kcompressd: ${causes.join('; ')}`;
}

/**
 * What held the kcompressd gain back, by mechanism: FIFOs full (-EBUSY fallback), CPUs (the workers waited for a core
 * or every core was busy), writeback (kswapd throttled on folios still under writeback), demand (the tasks
 * got all they wanted in the baseline already, or kswapd slept). `speedup` is kcompressd ÷ baseline pgsteal_anon/s
 * over the headline window: below 1 the first line names what made it slower, and demand is never the limit.
 */
export function gainLimits(base: ScenarioOutput, kc: ScenarioOutput, cores: number, share: number, otherLoad?: string, speedup?: number): { bound?: number; limitedBy: string[] } {
  const out: string[] = [];
  const k = kc.kcompressd!;
  if (k.queued + k.fallback === 0) {
    // Only kswapd queues to kcompressd (current_is_kswapd() in the patch); direct and memcg reclaim compress in place.
    const t = kc.totals;
    return { limitedBy: [`no bound applies: kcompressd never engaged, kswapd wrote no page to zram in the replay (reclaim ran in the tasks' `
      + `context: ${t.allocstalls.toLocaleString('en-US')} allocstalls, ${t.memcgCalls.toLocaleString('en-US')} memcg reclaim calls, which compress synchronously)`] };
  }
  const slower = speedup !== undefined && speedup < 1;
  if (slower) out.push(slowdownCauses(base, kc, speedup, cores));
  const submitted = k.queued + k.fallback;
  if (submitted > 0 && k.fallback / submitted > 0.01) out.push(`FIFO full: ${prose((k.fallback / submitted) * 100)} % of kswapd's writes fell back to synchronous compression (-EBUSY)`);
  const w = activeWindow(kc);
  const windowNs = w.seconds * 1e9;
  let busy = sum(kc.kswapd.busyBins, w.first, w.last) + sum(kc.tasks.busyBins, w.first, w.last);
  let workerBusy = 0;
  for (const t of k.tasks) workerBusy += sum(t.busyBins, w.first, w.last);
  busy += workerBusy;
  const used = busy / (cores * windowNs);
  if (used > 0.9 || (workerBusy > 0 && k.waitNs / Math.max(1, workerBusy) > 0.2)) {
    const slowed = k.waitNs - k.queuedNs;
    out.push(`CPUs: ${prose(used * 100)} % of ${counted(cores, 'core')} busy with kswapd, the workers and the tasks; workers waited ${msText(k.waitNs / 1e6)} ms for a core: `
      + `${msText(k.queuedNs / 1e6)} ms queued behind kswapd, the tasks or another worker, ${msText(slowed / 1e6)} ms slowed by the capture's other load on the core`
      + `${otherLoad ? ` (${otherLoad})` : ''}`);
  }
  const busiest = Math.max(0, ...k.tasks.map((task) => sum(task.busyBins, w.first, w.last) / windowNs));
  if (busiest > 0.95) {
    out.push(`kcompressd workers: the busiest ran ${prose(busiest * 100)} % of the window (${k.policy.variant === 'v1' ? 'first fit fills worker 0 before the next' : 'one thread per node'})`);
  }
  const t = kc.totals;
  // Folios under writeback cost kswapd time only when it throttled on them (reclaim_throttle(VMSCAN_THROTTLE_WRITEBACK)
  // for nr_immediate in shrink_node()); met and skipped without a wait, they limited nothing.
  if (t.kswapdThrottledNs > 0) {
    out.push(`writeback: kswapd met ${counted(t.nrWriteback + t.nrImmediate, 'folio')} still under writeback (${t.nrImmediate.toLocaleString('en-US')} nr_immediate), throttled ${msText(t.kswapdThrottledNs / 1e6)} ms`);
  }
  if (t.writestalls > 0) {
    out.push(`kcompressd reclaiming: ${t.writestalls.toLocaleString('en-US')} zram writestalls, the worker (no PF_MEMALLOC) found no zspage above MIN and ran `
      + `GFP_NOIO direct reclaim in its own context while its FIFO waited; reclaimers met ${counted(folios(t.lockedKept), 'folio')} still locked in the FIFO`);
  }
  const b = base.totals;
  if (!slower && b.intentPages > 0 && b.servedPages >= 0.99 * b.intentPages && b.allocstalls === 0) {
    out.push('demand: the baseline already served all the tasks wanted without a stall; kcompressd can only free pages sooner');
  }
  return { bound: r3(share < 1 ? 1 / (1 - share) : Infinity), limitedBy: out.length > 0 ? out : ['none found: the gain is what the offloaded share allows'] };
}
