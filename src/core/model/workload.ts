// What the replay takes from a capture: the tasks' demand for memory over time and the machine around them
// (watermarks, other load, LRU balance). Never a cost: costs come from the device profile.
import { basename } from 'node:path';
import { CaptureError } from '../errors';
import type { Capture, Intervals, SnapshotSeries, Zone } from '../capture/types';
import { interpolate } from '../analysis/interpolate';
import { nearestIndex } from '../analysis/series';
import { workloadCpuPerPage } from '../analysis/workloadCpu';
import { zoneLimitsOf } from './zoneLimits';
import type { ZoneLimits } from './zones';
import { otherLoadOf, runQueueOf, type RunQueueLoad } from './cfsShare';
import { ipisPerFolioOf, ipiTargetsBusyOf, type IpisPerFolio, type IpiTargetsBusy } from './tlbShootdown';
import { counted } from '../warnings';
import { grouped } from '../numberText';

export const PAGE_KIB = 4;

export interface Watermarks { min: number; low: number; high: number }

export interface Workload {
  /** Capture-clock time (s) of simulated t = 0. */
  originS: number;
  durationNs: number;
  /** Interval ends (ns from the origin) with the amounts of each interval in pages. */
  endNs: Float64Array;
  /** Net pages the tasks take from the free pool, reclaim and zram's own pages excluded (negative: they free). */
  globalDemand: Float64Array;
  /** Pages the tasks had to reclaim in their own memory cgroup before charging more. */
  memcgDemand: Float64Array;
  /** Non-zero pages swapped back in (freed from zram) and zero pages faulted back from the zeromap. */
  swapIn: Float64Array;
  swapInZero: Float64Array;
  /** Swap slots freed without a swap-in (exit / munmap of swapped memory → zram_slot_free_notify()). */
  slotFrees: Float64Array;
  /** The tasks' unconstrained allocation rate (pages/s): how fast they catch up after being throttled. */
  maxRatePagesPerS: number;
  /** File LRU pages (the other tasks' page cache) that get_scan_count() weighs against anon. */
  fileLruPages: number;
  /** CPU per page the memory eater faults in (saturate only; 0 otherwise). */
  faultNs: number;
  initialFreePages: number;
  /** Per interval: anon pages the tasks would hold had nothing been reclaimed (the capture's anon LRU plus its
   *  anon reclaim so far); what a replay has not reclaimed of it is on its anon LRU. */
  anonPages: Float64Array;
  /** Share of the anon pages on the LRU at the start with young PTEs (no reclaim scanned them since their fault): a
   *  first pass keeps those (folio_check_references()). 1: none scanned yet; 0: all scanned once already. */
  lruYoungShareAtStart: number;
  /** kswapd was already in balance_pgdat() when the capture began (pgscan_kswapd rose in its first interval): it
   *  was woken before the capture, so the replay starts it running instead of waiting for a wakeup_kswapd(). */
  kswapdAwakeAtStart?: boolean;
  /** Share of scanned pages that are anon (the rest file), and the share of scanned pages found reclaimable (anon:
   *  memcg reclaim only; global reclaim meets the modelled inactive list). */
  scanAnonShare: number;
  anonReclaimable: number;
  fileReclaimable: number;
  /** 6.12+ swap zeromap: zero pages never reach zram (the capture has swpout_zero). */
  zeromap: boolean;
  /** Share of a core left to the modelled tasks by the capture's other load (from the reclaimer's run delay, an
   *  input) when the capture has no cpu_stat; with one, `runQueue` decides it. */
  availability: number;
  /** The capture's other runnable tasks over time (cpu_stat's loadavg): the CPU kswapd, kcompressd workers and the
   *  tasks get follows from it under CFS (cfsShare.ts), on whatever CPU count the replay runs. */
  runQueue?: RunQueueLoad;
  /** The busy share of the CPUs the TLB-shootdown IPIs go to, over time (cpu_stat, else sched_switch; tlbShootdown.ts). */
  ipiTargets?: IpiTargetsBusy;
  /** kswapd's answered shootdown IPIs per anon folio per second (tlb:tlb_flush; tlbShootdown.ts). */
  ipisPerFolio?: IpisPerFolio;
  /** Runnable tasks of the other load per CFS entity (the profile's cfsTasksPerEntity; 1 when it has none). */
  tasksPerEntity?: number;
  /** Node sums of the zones' watermarks (for the graphs; the model checks each zone). */
  watermarks: Watermarks;
  zones: ZoneLimits[];
  /** A memory eater that allocates whenever free memory is above min (`--pressure saturate`). */
  saturate: boolean;
  /** zsmalloc's pages are unmovable allocations (a kernel without CONFIG_COMPACTION): each new zspage page falls
   *  back to a movable pageblock and boosts the zone's watermarks (zones.ts). */
  zspagesUnmovable?: boolean;
  /** Most tasks in direct reclaim at once in the capture (1 without direct reclaim slices): with two or more, the
   *  workload has several allocating tasks, and while one reclaims the others go on faulting. */
  directReclaimers?: number;
  /** How each input was derived, for the report. */
  notes: string[];
}

/** The most intervals open at one instant (1 when there are none). */
export function peakOpen(iv: Intervals | undefined): number {
  if (!iv || iv.start.length === 0) return 1;
  const starts = Float64Array.from(iv.start).sort();
  const ends = Float64Array.from(iv.end).sort();
  let open = 0;
  let peak = 1;
  for (let i = 0, j = 0; i < starts.length; i++) {
    for (; j < ends.length && ends[j] <= starts[i]; j++) open--;
    open++;
    peak = Math.max(peak, open);
  }
  return peak;
}

/** A full /proc/vmstat has well over this many keys; a shorter one may have been filtered, so a missing key says
 *  nothing about the kernel's configuration. */
const FULL_VMSTAT_KEYS = 100;

/** alloc_zspage() clears __GFP_MOVABLE without CONFIG_COMPACTION, which also leaves /proc/vmstat without its
 *  compact_* counters: a full /proc/vmstat series with none of them means zsmalloc allocates unmovable pages. */
export function zspagesUnmovableIn(capture: Capture): boolean {
  const s = capture.vmstat;
  if (!s || s.columns.size < FULL_VMSTAT_KEYS) return false;
  for (const k of s.columns.keys()) if (k.startsWith('compact_')) return false;
  return true;
}

function col(s: SnapshotSeries, key: string): Float64Array | undefined {
  return s.columns.get(key);
}

/** Δ of a counter over [i-1, i]; 0 where a sample is missing or the counter reset. */
function delta(c: Float64Array | undefined, i: number): number {
  if (!c) return 0;
  const d = c[i] - c[i - 1];
  return Number.isFinite(d) && d > 0 ? d : 0;
}

function sumDelta(s: SnapshotSeries, keys: string[], i: number): number {
  let v = 0;
  for (const k of keys) v += delta(col(s, k), i);
  return v;
}

/** Σ of the counters' deltas over samples [i0, i1] (default: the whole series). */
function total(s: SnapshotSeries, keys: string[], i0 = 0, i1 = s.times.length - 1): number {
  let v = 0;
  for (let i = i0 + 1; i <= i1; i++) v += sumDelta(s, keys, i);
  return v;
}

/** The reclaim-side LRU balance the replay scans with (get_scan_count()'s anon share and what shrink_folio_list()
 *  frees of what it scans), from the capture's pgscan/pgsteal — over `span` (capture clock, s) when given. */
export function lruBalanceOf(s: SnapshotSeries, span?: { startS: number; endS: number }): Pick<Workload, 'scanAnonShare' | 'anonReclaimable' | 'fileReclaimable'> {
  const i0 = span ? nearestIndex(s.times, span.startS) : 0;
  const i1 = span ? nearestIndex(s.times, span.endS) : s.times.length - 1;
  const scanAnon = total(s, ['pgscan_anon'], i0, i1);
  const scanFile = total(s, ['pgscan_file'], i0, i1);
  const stealAnon = total(s, ['pgsteal_anon'], i0, i1);
  const stealFile = total(s, ['pgsteal_file'], i0, i1);
  return {
    scanAnonShare: scanAnon + scanFile > 0 ? scanAnon / (scanAnon + scanFile) : 1,
    anonReclaimable: scanAnon > 0 ? Math.min(1, stealAnon / scanAnon) : 1,
    fileReclaimable: scanFile > 0 ? Math.min(1, stealFile / scanFile) : 1,
  };
}

function firstFinite(c: Float64Array | undefined): number | undefined {
  if (!c) return undefined;
  for (const v of c) if (Number.isFinite(v)) return v;
  return undefined;
}

/** The memory eater's cost per page: the fault and clear_page() of a 4 KiB page, ≈ 1 µs (estimate). */
export const EATER_FAULT_NS = 1000;

/** Cumulative value of a counter series at time `t` (linear between samples; clamped at the ends). */
function counterAt(times: Float64Array, v: Float64Array, t: number): number {
  return interpolate(times, v, Math.min(times[times.length - 1], Math.max(times[0], t)));
}

/** Slots freed without a swap-in per vmstat interval: zram io_stat Δnotify_free − Δpswpin − Δswpin_zero. */
function slotFreesOf(capture: Capture, s: SnapshotSeries, n: number): { frees: Float64Array; note: string } {
  const frees = new Float64Array(n);
  const io = capture.zramIoStat;
  const notify = io?.columns.get('notify_free');
  if (!io || !notify || io.times.length < 2 || !notify.every(Number.isFinite)) {
    return { frees, note: 'swap slot frees without swap-in: not modelled (no zram io_stat notify_free in the capture)' };
  }
  let total = 0;
  for (let i = 1; i <= n; i++) {
    const dn = counterAt(io.times, notify, s.times[i]) - counterAt(io.times, notify, s.times[i - 1]);
    const v = Math.max(0, dn - delta(col(s, 'pswpin'), i) - delta(col(s, 'swpin_zero'), i));
    frees[i - 1] = v;
    total += v;
  }
  return { frees, note: `swap slot frees without swap-in (zram_slot_free_notify): ${grouped(total)} pages from zram io_stat notify_free − pswpin − swpin_zero` };
}

/** The tasks' rate while memory was not short (node free above Σ low): the 95th percentile of those intervals'
 *  demand rates, else of all intervals. */
function unconstrainedRate(s: SnapshotSeries, demand: Float64Array, endNs: Float64Array, low: number): { rate: number; note: string } {
  const free = col(s, 'nr_free_pages')!;
  const calm: number[] = [];
  const all: number[] = [];
  for (let i = 0; i < demand.length; i++) {
    const dt = (endNs[i] - (i === 0 ? 0 : endNs[i - 1])) / 1e9;
    if (!(dt > 0) || demand[i] <= 0) continue;
    const r = demand[i] / dt;
    all.push(r);
    if (free[i] > low) calm.push(r);
  }
  const pick = calm.length >= 5 ? calm : all;
  pick.sort((a, b) => a - b);
  const rate = pick.length > 0 ? pick[Math.min(pick.length - 1, Math.floor(pick.length * 0.95))] : 0;
  const from = pick === calm ? `${counted(calm.length, 'interval')} with free memory above Σ low` : 'all intervals (memory was short throughout)';
  return { rate, note: `intent: the capture's net allocations, frees and swap-ins replayed as wanted; after a stall the tasks catch up at up to ${Math.round(rate * PAGE_KIB / 1024)} MiB/s (95th percentile of ${from})` };
}

/** Steal counted only for global reclaim; cgroup reclaim shows in pgsteal_anon/file alone. */
export const GLOBAL_STEAL = ['pgsteal_kswapd', 'pgsteal_direct', 'pgsteal_khugepaged', 'pgsteal_proactive'];
const TYPED_STEAL = ['pgsteal_anon', 'pgsteal_file'];

/** The zones (zoneinfo), else one zone with watermarks computed from MemTotal as __setup_per_zone_wmarks() does. */
export function watermarksOf(capture: Capture): { wm: Watermarks; zones: Zone[]; note: string } | undefined {
  let zones: Zone[] = capture.zones ?? [];
  let note = 'watermarks: per zone from zoneinfo';
  if (zones.length === 0) {
    const memTotalKb = capture.meminfo ? firstFinite(col(capture.meminfo, 'MemTotal')) : undefined;
    if (memTotalKb === undefined || !(memTotalKb >= PAGE_KIB)) return undefined; // a damaged MemTotal places nothing
    const managedPages = memTotalKb / PAGE_KIB;
    zones = [{ node: 0, name: 'Normal', managedPages, ...computeWatermarks(managedPages) }];
    note = 'watermarks: one zone computed from MemTotal (min_free_kbytes default, watermark_scale_factor 10)';
  }
  const wm = { min: 0, low: 0, high: 0 };
  for (const z of zones) { wm.min += z.min; wm.low += z.low; wm.high += z.high; }
  return { wm, zones, note };
}

/** min_free_kbytes = clamp(√(lowmem_kB·16), 128, 262144); LOW = MIN + tmp, HIGH = MIN + 2·tmp, tmp = max(MIN/4, pages·wsf/10000). */
export function computeWatermarks(managedPages: number, watermarkScaleFactor = 10, minFreeKbytes?: number): Watermarks {
  const kb = minFreeKbytes ?? Math.min(262144, Math.max(128, Math.floor(Math.sqrt(managedPages * PAGE_KIB * 16))));
  const min = Math.floor(kb / PAGE_KIB);
  const tmp = Math.max(Math.floor(min / 4), Math.floor((managedPages * watermarkScaleFactor) / 10000));
  return { min, low: min + tmp, high: min + 2 * tmp };
}

/**
 * The reclaimer's share of a core while runnable: on-CPU ÷ (on-CPU + run delay), from the busiest task series;
 * over `span` (capture clock, s) only when given — the samples nearest its ends.
 */
export function availabilityOf(capture: Capture, span?: { startS: number; endS: number }): { a: number; note: string } {
  let best: { on: number; delay: number; comm: string } | undefined;
  for (const t of capture.taskCpu ?? []) {
    const i0 = span ? nearestIndex(t.times, span.startS) : 0;
    const i1 = span ? nearestIndex(t.times, span.endS) : t.times.length - 1;
    if (i1 - i0 < 1) continue;
    const on = t.sumExecNs[i1] - t.sumExecNs[i0];
    const delay = t.runDelayNs[i1] - t.runDelayNs[i0];
    if (Number.isFinite(on) && Number.isFinite(delay) && (!best || on > best.on)) best = { on, delay, comm: t.comm };
  }
  if (!best || best.on < 1e9) return { a: 1, note: 'other load: none measured (no reclaimer CPU series with ≥ 1 s on CPU)' };
  const a = best.on / (best.on + Math.max(0, best.delay));
  return { a, note: `other load: ${best.comm} ran ${(a * 100).toFixed(1)} % of the time it was runnable (schedstat run delay)` };
}

/** nr_inactive_anon + nr_active_anon + pgsteal_anon so far, at each interval's end; unlimited without the gauges. */
function anonWithoutReclaim(s: SnapshotSeries, n: number): Float64Array {
  const out = new Float64Array(n).fill(Infinity);
  const inactive = col(s, 'nr_inactive_anon');
  const active = col(s, 'nr_active_anon');
  if (!inactive || !active) return out;
  let stolen = 0;
  let last = Infinity;
  for (let i = 1; i <= n; i++) {
    stolen += delta(col(s, 'pgsteal_anon'), i);
    const lru = inactive[i] + active[i];
    if (Number.isFinite(lru)) last = lru + stolen;
    out[i - 1] = last;
  }
  return out;
}

/** A note naming the trace's awake spans opened by a high-order kswapd_wake inside the replayed span (the span open at
 *  the trace's start is left out: its wake-up came before); undefined without any. Said, not replayed. */
function highOrderWakesNote(capture: Capture, originS: number, durationS: number): string | undefined {
  const k = capture.trace?.kswapd;
  const order = k?.awakeOrder;
  if (!k || !order) return undefined;
  const wakes: string[] = [];
  for (let i = 0; i < order.length; i++) {
    const t = k.awake.start[i] - originS;
    if (order[i] > 0 && k.awake.start[i] > capture.trace!.firstTs && t > 0 && t < durationS) wakes.push(`order ${order[i]} at ${t.toFixed(1)} s`);
  }
  if (wakes.length === 0) return undefined;
  const shown = wakes.length > 3 ? `${wakes.slice(0, 3).join(', ')}, …` : wakes.join(', ');
  return `high-order wake-ups: the trace's kswapd was woken from sleep ${wakes.length} time(s) by a high-order allocation (${shown}): ` +
    'wakeup_kswapd() after its fast path failed, which fragmentation allows with free memory above low; the replay\'s ' +
    'allocations are order 0 and wake kswapd only when a zone falls below low, so its kswapd may start later there. Not ' +
    'replayed: after such a wake kswapd reclaims compact_gap() pages at that order, then to the high watermark at order 0 ' +
    '(kswapd_shrink_node()), and replaying that without shrink_slab() made the same-host transfer worse (docs/transfer.md)';
}

/** Share of the replayed span a cpu_stat series must cover for its other load to be used. */
const COVERS = 0.9;

/** The capture's files by name, for a refusal that says what was found besides what is missing. */
function foundFiles(capture: Capture): string {
  const names = [...new Set(capture.sources.map((src) => basename(src.path)))];
  return names.length ? `found: ${names.join(', ')}` : 'no capture file found';
}

/** Why no watermarks can be placed, at the file that should have given them (a zoneinfo's dropped zone line). */
function noWatermarksError(capture: Capture): CaptureError {
  const zoneinfo = capture.sources.find((src) => src.format === 'zoneinfo');
  const meminfo = capture.sources.find((src) => src.format === 'meminfo');
  const memTotal = meminfo ? `${basename(meminfo.path)} has no usable MemTotal` : 'no meminfo file';
  if (zoneinfo) {
    const at = capture.warnings.find((w) => w.file === zoneinfo.path && (w.code === 'zoneinfo.zone-dropped' || w.code === 'zoneinfo.no-zone'));
    return new CaptureError(zoneinfo.path, at?.line, `no usable zone (zones need managed or present pages) and ${memTotal}: cannot place the watermarks`);
  }
  if (meminfo) return new CaptureError(meminfo.path, undefined, 'no usable MemTotal and no zoneinfo file: cannot place the watermarks');
  return new CaptureError(capture.root, undefined, `no zoneinfo file and no meminfo file (${foundFiles(capture)}): cannot place the watermarks`);
}

/** The /proc/vmstat series the demand is replayed from (vmstat output rows stand in); demand comes before watermarks,
 *  so the first thing a refusal names is the one a replay needs most. */
function demandSeries(capture: Capture): SnapshotSeries {
  const s = capture.vmstat ?? capture.vmstatOutput;
  if (!s) {
    const pair = capture.vmstatDeltas ? 'only a before/after pair of /proc/vmstat snapshots; ' : '';
    throw new CaptureError(capture.root, undefined, `no /proc/vmstat series (${pair}${foundFiles(capture)}): replaying the capture's demand needs /proc/vmstat snapshots (at least two)`);
  }
  if (s.times.length < 2) throw new CaptureError(s.source, undefined, 'a single snapshot: replaying the capture\'s demand needs /proc/vmstat snapshots (at least two)');
  return s;
}

export function workloadFromCapture(capture: Capture): Workload {
  const s = demandSeries(capture);
  const wmRes = watermarksOf(capture);
  if (!wmRes) throw noWatermarksError(capture);
  const free = col(s, 'nr_free_pages');
  if (!free) throw new CaptureError(s.source, undefined, 'no nr_free_pages column: the tasks\' demand cannot be derived');
  const free0 = free.find((v) => Number.isFinite(v)); // a damaged first sample must not set the starting free pages
  if (free0 === undefined) throw new CaptureError(s.source, undefined, 'no usable nr_free_pages value: the tasks\' demand cannot be derived');
  const zoneRes = zoneLimitsOf(wmRes.zones, free0);
  const notes = [wmRes.note, zoneRes.note];
  const n = s.times.length - 1;
  const originS = s.times[0];
  const endNs = new Float64Array(n);
  const globalDemand = new Float64Array(n);
  const memcgDemand = new Float64Array(n);
  const swapIn = new Float64Array(n);
  const swapInZero = new Float64Array(n);
  const zs = col(s, 'nr_zspages');
  const typed = TYPED_STEAL.some((k) => s.columns.has(k));
  for (let i = 1; i <= n; i++) {
    endNs[i - 1] = Math.round((s.times[i] - originS) * 1e9);
    const globalSteal = sumDelta(s, GLOBAL_STEAL, i);
    const dFree = Number.isFinite(free[i] - free[i - 1]) ? free[i] - free[i - 1] : 0;
    const dZs = zs && Number.isFinite(zs[i] - zs[i - 1]) ? zs[i] - zs[i - 1] : 0;
    globalDemand[i - 1] = -dFree + globalSteal - dZs;
    // cgroup reclaim is counted in pgsteal_anon/file but not in the kswapd/direct counters.
    if (typed) memcgDemand[i - 1] = Math.max(0, sumDelta(s, TYPED_STEAL, i) - globalSteal);
    swapIn[i - 1] = delta(col(s, 'pswpin'), i);
    swapInZero[i - 1] = delta(col(s, 'swpin_zero'), i);
  }
  const { scanAnonShare, anonReclaimable, fileReclaimable } = lruBalanceOf(s);
  notes.push(`LRU balance: ${(scanAnonShare * 100).toFixed(1)} % of scanned pages anon; reclaimable on scan: anon ${(anonReclaimable * 100).toFixed(1)} %, file ${(fileReclaimable * 100).toFixed(1)} % (capture's pgscan/pgsteal)`);
  // Reclaim already scanning in the capture's first interval has aged the list in ways the capture does not show.
  const lruYoungAtStart = n < 1 || delta(col(s, 'pgscan_anon'), 1) === 0;
  notes.push(lruYoungAtStart ? 'inactive anon list at the start: young PTEs (no anon scan before the first interval); a folio is kept on its first scan, reclaimed on its second (folio_check_references())'
    : 'inactive anon list at the start: already scanned (anon reclaim was running when the capture began)');
  const kswapdAwakeAtStart = n >= 1 && delta(col(s, 'pgscan_kswapd'), 1) > 0;
  const zspagesUnmovable = zspagesUnmovableIn(capture);
  if (zspagesUnmovable) notes.push('zsmalloc pages unmovable: /proc/vmstat has no compact_* counters (no CONFIG_COMPACTION, so alloc_zspage() drops __GFP_MOVABLE); each new zspage page steals from a movable pageblock and boosts the zone watermarks (boost_watermark()) up to 1.5 × high');
  if (kswapdAwakeAtStart) notes.push('kswapd at the start: already reclaiming (pgscan_kswapd rose in the first interval), so the replay starts it in balance_pgdat()');
  const highOrder = highOrderWakesNote(capture, originS, endNs[n - 1] / 1e9);
  if (highOrder) notes.push(highOrder);
  const avail = availabilityOf(capture);
  let runQueue = runQueueOf(capture, originS);
  const durationNs = endNs[n - 1];
  let partial: string | undefined;
  if (runQueue) {
    // The other load is an input over the whole replay: a series covering less is not stretched over the rest.
    const t = runQueue.atNs;
    const covered = Math.min(t[t.length - 1], durationNs) - Math.max(t[0], 0);
    if (covered < COVERS * durationNs) {
      partial = `cpu_stat covers only ${(Math.max(0, covered) / 1e9).toFixed(1)} s of the ${(durationNs / 1e9).toFixed(1)} s replayed`;
      runQueue = undefined;
    }
  }
  // The same cpu_stat, read for the shootdown IPIs' targets (not stretched either: without the run queue, none);
  // without cpu_stat, the idle task's sched_switch intervals, when the trace covers the replay.
  const fromTrace = !capture.cpuStat ? ipiTargetsBusyOf(capture, originS) : undefined;
  const traceCovers = fromTrace && Math.min(fromTrace.atNs[fromTrace.atNs.length - 1], durationNs) - Math.max(fromTrace.atNs[0] - 1e9, 0) >= COVERS * durationNs;
  const ipiTargets = runQueue ? ipiTargetsBusyOf(capture, originS) : traceCovers ? fromTrace : undefined;
  if (ipiTargets) notes.push(`TLB shootdown: its cost follows the other CPUs' busy share, from ${runQueue ? 'cpu_stat' : 'the idle task\'s sched_switch'}: busy ${(ipiTargets.busy.reduce((a, b) => a + b, 0) / ipiTargets.busy.length * 100).toFixed(1)} % of the capture's intervals (an idle target is skipped as lazy unless the profile prices an IPI to it: tlbIpiIdleRatio)`);
  const ipisPerFolio = ipisPerFolioOf(capture, originS);
  const busy = otherLoadOf(capture);
  notes.push(runQueue ? `${busy ? `${busy.note}; ` : ''}the CPU each modelled thread gets follows from ${runQueue.entities ? 'each CPU\'s root cfs_rq weight (cfs_rq.txt)' : 'loadavg\'s runnable tasks'} under CFS (cfsShare)`
    : `${avail.note}, an input: ${partial ?? 'no loadavg in a cpu_stat (per-CPU /proc/stat) series'}, so the other load is not measured`);
  const anonPages = anonWithoutReclaim(s, n);
  const slot = slotFreesOf(capture, s, n);
  const intent = unconstrainedRate(s, globalDemand, endNs, wmRes.wm.low);
  notes.push(intent.note, slot.note);
  const own = workloadCpuPerPage(capture);
  if (!('why' in own)) {
    notes.push(`not modelled: the workload's own CPU — ${own.comm} ran ${own.outsideS.toFixed(1)} s outside reclaim over the trace, ${own.usPerPage.toFixed(1)} µs per page faulted (sched_switch ÷ pgfault); the tasks are charged for reclaim only, so threads that take CPU from them do not slow them`);
  }
  const directReclaimers = peakOpen(capture.trace?.directReclaim);
  if (directReclaimers > 1) notes.push(`direct reclaim: up to ${directReclaimers} tasks at once in the capture, so while one reclaims the others go on allocating from the free lists`);
  const fileLru = (col(s, 'nr_inactive_file')?.[0] ?? NaN) + (col(s, 'nr_active_file')?.[0] ?? NaN);
  const memcgTotal = memcgDemand.reduce((a, b) => a + b, 0);
  if (memcgTotal > 0) notes.push(`memcg reclaim in the tasks' context: ${grouped(memcgTotal)} pages over the capture`);
  return {
    originS,
    durationNs,
    endNs,
    globalDemand,
    memcgDemand,
    swapIn,
    swapInZero,
    slotFrees: slot.frees,
    maxRatePagesPerS: intent.rate,
    fileLruPages: Number.isFinite(fileLru) ? fileLru : 0,
    faultNs: 0,
    initialFreePages: free0,
    anonPages,
    lruYoungShareAtStart: lruYoungAtStart ? 1 : 0,
    ...(kswapdAwakeAtStart ? { kswapdAwakeAtStart } : {}),
    scanAnonShare,
    anonReclaimable,
    fileReclaimable,
    zeromap: s.columns.has('swpout_zero'),
    availability: avail.a,
    ...(runQueue ? { runQueue } : {}),
    ...(ipiTargets ? { ipiTargets } : {}),
    ...(ipisPerFolio ? { ipisPerFolio } : {}),
    watermarks: wmRes.wm,
    zones: zoneRes.limits,
    saturate: false,
    ...(zspagesUnmovable ? { zspagesUnmovable } : {}),
    ...(directReclaimers > 1 ? { directReclaimers } : {}),
    notes,
  };
}

const SATURATE_S = 30;

/** `--pressure saturate`: a memory eater on an otherwise idle machine, starting just below the low watermark, for
 *  the capture's duration (at most 30 s). */
export function saturateWorkload(capture: Capture): Workload {
  const wmRes = watermarksOf(capture);
  if (!wmRes) throw noWatermarksError(capture);
  let shape: Pick<Workload, 'scanAnonShare' | 'anonReclaimable' | 'fileReclaimable' | 'zeromap' | 'fileLruPages'> =
    { scanAnonShare: 1, anonReclaimable: 1, fileReclaimable: 1, zeromap: true, fileLruPages: 0 };
  const s = capture.vmstat ?? capture.vmstatOutput;
  let seconds = SATURATE_S;
  if (s && s.times.length >= 2 && s.columns.has('nr_free_pages')) {
    shape = workloadFromCapture(capture);
    seconds = Math.min(SATURATE_S, s.times[s.times.length - 1] - s.times[0]);
  }
  const durationNs = Math.round(seconds * 1e9);
  const zoneRes = zoneLimitsOf(wmRes.zones, wmRes.wm.low - 1);
  const empty = new Float64Array(1);
  return {
    originS: s?.times[0] ?? 0,
    durationNs,
    endNs: Float64Array.of(durationNs),
    globalDemand: empty,
    memcgDemand: empty,
    swapIn: empty,
    swapInZero: empty,
    slotFrees: empty,
    maxRatePagesPerS: Infinity,
    fileLruPages: shape.fileLruPages,
    faultNs: EATER_FAULT_NS,
    initialFreePages: wmRes.wm.low - 1,
    anonPages: Float64Array.of(Number.MAX_SAFE_INTEGER), // every used page is on the LRU
    // The eater's pages in the steady state of reclaim: each is touched once, at its fault, so shrink_folio_list()
    // keeps it on its first scan (young PTE, FOLIOREF_KEEP) and reclaims it on its second (folio_check_references()).
    // Faulted and kept folios reach the head at the same rate: half the list is young, interleaved.
    lruYoungShareAtStart: 0.5,
    scanAnonShare: shape.scanAnonShare,
    anonReclaimable: shape.anonReclaimable,
    fileReclaimable: shape.fileReclaimable,
    zeromap: shape.zeromap,
    availability: 1,
    watermarks: wmRes.wm,
    zones: zoneRes.limits,
    saturate: true,
    ...(zspagesUnmovableIn(capture) ? { zspagesUnmovable: true } : {}),
    notes: [wmRes.note, zoneRes.note, `intent: a memory eater for ${seconds} s faulting pages in as fast as its core allows (${EATER_FAULT_NS} ns/page, estimate); below MIN it enters direct reclaim; no other load`],
  };
}
