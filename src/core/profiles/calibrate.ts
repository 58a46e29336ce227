// Derives a device profile from a capture: the reclaimer's CPU time over the pages it reclaimed, split into
// scan, unmap, compression and zram store with the capture's perf profile (or --compress-share), and spread over
// content classes with the per-class costs measured on the capture kernel.
import { kswapdCpuMissing } from '../analysis/kswapdCpu';
import type { CaptureFigures } from '../analysis/types';
import { traceCoverage } from '../analysis/traceCoverage';
import { figuresInWindow } from '../analysis/windowFigures';
import { perfProfileIn } from '../capture/ftrace/perfSamples';
import type { Capture, PerfProfile, ReclaimSlices } from '../capture/types';
import { PERF_ON_CLOCK, scanCostOfSlices, sliceCpuSeconds } from './sliceCosts';
import { CaptureError, OptionError } from '../errors';
import { captureAlgorithm, corpusFor } from '../model/corpusForCapture';
import { MEASURED_CLASS_COSTS } from '../model/zram/measuredCosts';
import { PAGE_CLASSES } from '../model/zram/pageClasses';
import { tasksPerEntityOf } from '../model/cfsShare';
import type { PageClass } from '../model/zram/pageClasses';
import { compressShareError, isCompressShare, type Algorithm } from '../vocabulary';
import { BUILTIN_PROFILES } from './builtin';
import type { DeviceProfile } from './types';
import { ipiTargetsBusyOver, ipisPerFolioOver, MIN_CALIBRATED_BUSY, tlbIdleCostRatio } from '../model/tlbShootdown';
import { grouped } from '../numberText';

export interface CalibrateOptions {
  compressShare?: number;
  algorithm?: Algorithm;
  name?: string;
  seed?: number;
  /** Calibrate on this part of the reclaim window only (capture clock, s): the rest stays unseen for validation. */
  window?: { startS: number; endS: number };
}

export interface Calibration {
  profile: DeviceProfile;
  /** How each cost was obtained. */
  notes: string[];
  /** With `window`: what the calibration still read from the whole capture (with why), so it saw beyond that span. */
  wholeCapture?: string[];
  /** The reclaimer's CPU ns per scanned page, and per anon page written (unmap + TLB flush + compression + store). */
  perPage: { scanNs: number; writeNs: number };
  /** The share of the reclaimer's reclaim samples in the slab shrinkers (perf's do_shrink_slab), when perf was read. */
  slabShare?: number;
}

type Reclaimer = 'kswapd' | 'memcg' | 'direct';

function mainComm(s: ReclaimSlices | undefined): string | undefined {
  if (!s || s.pid.length === 0) return undefined;
  const counts = new Map<number, number>();
  for (const p of s.pid) counts.set(p, (counts.get(p) ?? 0) + 1);
  const pid = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
  return s.comms.get(pid);
}

interface PerfShares {
  compress: number;
  /** The rest of the zram write (zs_malloc, copy). */
  store: number;
  /** folio_referenced(): the reference check of every scanned folio. */
  scan: number;
  /** arch_tlbbatch_flush(): TLB-shootdown IPIs after unmapping. */
  tlb: number;
  /** try_to_unmap(), swap_writeout() outside zram and the swap slot (add_to_swap()): per unmapped anon folio. */
  unmap: number;
  /** __remove_mapping() and free_unref_folios(): per freed folio, anon or file. */
  free: number;
  /** do_shrink_slab(): the slab shrinkers, which the model does not run (their time sits in the per-scan cost). */
  slab: number;
}

/** The profile's compressShare: the zram write (compression + zs_malloc store) share of the reclaimer's time, 4 decimals. */
const writtenShare = (compress: number, store: number) => Math.round((compress + store) * 1e4) / 1e4;

/** Names both parts of compressShare and their sum, with the value the profile holds. */
function zramWriteNote(compress: number, store: number, source: string): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  return `compressShare ${writtenShare(compress, store)} (zram write = compression ${pct(compress)} + zram store ${pct(store)}, ${source})`;
}

/** The comm's key in a perf record: itself, else the first that starts with it (kswapd → kswapd0). */
const commKey = (byComm: Record<string, unknown>, comm: string) =>
  Object.keys(byComm).find((k) => k === comm) ?? Object.keys(byComm).find((k) => k.startsWith(comm));

/** Shares of the reclaimer's reclaim samples in each part of the per-folio work. */
function perfShares(perf: PerfProfile | undefined, comm: string | undefined): PerfShares | undefined {
  if (!perf || !comm) return undefined;
  const key = commKey(perf.byComm, comm);
  const c = key ? perf.byComm[key] : undefined;
  if (!c) return undefined;
  const r = c.inReclaim && c.inReclaim.samples > 0 ? c.inReclaim : { samples: c.samples, compress: c.compress ?? c.inclusive.zcomp_compress ?? 0, inclusive: c.inclusive };
  if (r.samples <= 0) return undefined;
  const compress = (r.compress || r.inclusive.zcomp_compress || 0) / r.samples;
  const share = (frame: string) => (r.inclusive[frame] ?? 0) / r.samples;
  const bio = share('zram_submit_bio');
  // add_to_swap() holds folio_alloc_swap() where both exist: one of them, never their sum.
  const slot = Math.max(share('add_to_swap'), share('folio_alloc_swap'));
  return {
    compress, store: Math.max(0, bio - compress), scan: share('folio_referenced'), tlb: share('arch_tlbbatch_flush'),
    unmap: share('try_to_unmap') + Math.max(0, share('swap_writeout') - bio) + slot,
    free: share('__remove_mapping') + Math.max(share('free_unref_folios'), share('free_unref_page_list')),
    slab: share('do_shrink_slab'),
  };
}

/**
 * The reclaimer's perf shares over `part` only (its samples' times, perf record -k CLOCK_MONOTONIC like t_mono);
 * the whole profile with the reason when the samples carry no times on the capture's clock or none fall in `part`.
 */
function perfSharesIn(capture: Capture, comm: string | undefined, part: { startS: number; endS: number }): { shares?: PerfShares; whole?: string } {
  const perf = capture.perf;
  if (!perf || !comm) return {};
  const wholeShares = perfShares(perf, comm);
  if (!wholeShares) return {};
  const t = capture.vmstat?.times;
  const key = perf.timeline && commKey(perf.timeline, comm);
  const times = key ? perf.timeline![key].times : undefined;
  if (!times || !t || t.length === 0) return { shares: wholeShares, whole: 'the perf profile (its samples carry no times): compression and per-page shares from all samples' };
  const inSeries = times.reduce((n, x) => n + (x >= t[0] && x <= t[t.length - 1] ? 1 : 0), 0);
  if (inSeries < PERF_ON_CLOCK * times.length) {
    return { shares: wholeShares, whole: `the perf profile (only ${grouped(inSeries)} of ${grouped(times.length)} ${comm} samples fall in the vmstat series: not on its clock): shares from all samples` };
  }
  const shares = perfShares(perfProfileIn(perf, part.startS, part.endS)!, comm);
  return shares ? { shares } : { shares: wholeShares, whole: `the perf profile (no ${comm} reclaim samples in the calibrated part): shares from all samples` };
}

/** When the reclaimer's perf samples stop (or start) inside the calibrated span — a perf script cut short
 *  (gzip.ends-early) — its shares are that covered span's: said, as a trace ending early is (traceCoverage). */
function perfCoverageNote(capture: Capture, comm: string | undefined, span: { startS: number; endS: number }): string | undefined {
  const tl = capture.perf?.timeline;
  const key = tl && comm ? commKey(tl, comm) : undefined;
  const times = key ? tl![key].times : undefined;
  if (!times || times.length === 0) return undefined;
  const cov = traceCoverage({ firstTs: times.reduce((a, x) => Math.min(a, x), Infinity), lastTs: times.reduce((a, x) => Math.max(a, x), -Infinity) }, span);
  return cov?.partial ? `the perf profile's ${comm} samples cover ${cov.durationS.toFixed(1)} s of the calibrated ${cov.windowS.toFixed(1)} s `
    + `(${cov.startS.toFixed(1)}–${cov.endS.toFixed(1)} s): the perf shares are that span's` : undefined;
}

/** The reclaimer a calibration measures (the one that reclaimed most in the window), the seconds it took (kswapd's
 *  CPU, or the trace's direct / memcg reclaim slices), its share `f` of the pages reclaimed and the pages it wrote
 *  to swap: what a per-page cost measured elsewhere (the lab's compression probe) is a share of. Throws a
 *  CaptureError when the window has no anon reclaim or that time is not in the capture. */
export function calibrationReclaimer(capture: Capture, figures: CaptureFigures): { who: Reclaimer; cpuS: number; comm?: string; f: number; pagesWritten: number; note: string } {
  const w = figures.window;
  if (!w) throw new CaptureError(capture.root, undefined, 'the capture shows no reclaim window: nothing to calibrate on');
  const d = (k: string) => (figures.rates[k] ?? 0) * w.durationS;
  const globalSteal = d('pgsteal_kswapd') + d('pgsteal_direct');
  const memcg = Math.max(0, d('pgsteal_anon') + d('pgsteal_file') - globalSteal);
  const by: Record<Reclaimer, number> = { kswapd: d('pgsteal_kswapd'), direct: d('pgsteal_direct'), memcg };
  const who = (Object.keys(by) as Reclaimer[]).sort((a, b) => by[b] - by[a])[0];
  if (d('pgsteal_anon') <= 0 || by[who] <= 0) throw new CaptureError(capture.root, undefined, 'no anon reclaim in the window (pgsteal_anon): nothing to calibrate on');
  let cpuS: number;
  let comm: string | undefined;
  let note: string;
  if (who === 'kswapd') {
    if (figures.kswapd.cpuPct === null) throw new CaptureError(capture.root, undefined, `kswapd reclaimed but its CPU time is not in the capture: ${kswapdCpuMissing(capture)}`);
    cpuS = (figures.kswapd.cpuPct / 100) * w.durationS;
    comm = 'kswapd';
    note = `reclaimer: kswapd, ${cpuS.toFixed(1)} s CPU in the ${w.durationS} s window (${figures.kswapd.cpuSource})`;
  } else {
    const slices = who === 'memcg' ? capture.trace?.memcgReclaim : capture.trace?.directReclaim;
    const cpu = sliceCpuSeconds(capture, who, w.startS, w.endS);
    const t = cpu.sched;
    cpuS = cpu.s;
    if (!(cpuS > 0)) throw new CaptureError(capture.root, undefined, `${who} reclaim did the work but the trace has no ${who} reclaim slices to time it`);
    comm = mainComm(slices);
    const timed = cpu.source === 'perf' ? ` (on CPU, from perf's cpu-clock samples in ${who} reclaim: the trace shows those tasks' switches only in part; the slices' wall time is ${(t.timedWall + t.untimed).toFixed(1)} s)`
      : t.timedWall <= 0 ? ' (their wall time: the trace has no sched_switch of those tasks)'
      : ` (on CPU: ${t.onCpu.toFixed(1)} s of the ${t.timedWall.toFixed(1)} s sched_switch timed${t.untimed > 0 ? `, the other ${t.untimed.toFixed(1)} s of slices at that CPU per reclaimed page` : ''})`;
    note = `reclaimer: ${who} reclaim in ${comm ?? 'the tasks'}' context, ${cpuS.toFixed(1)} s in reclaim slices in the ${w.durationS} s window${timed}`;
  }
  // The dominant reclaimer's share of the pages, so a kswapd capture's stray memcg reclaim does not dilute the cost.
  const f = by[who] / (by.kswapd + by.direct + by.memcg);
  return { who, cpuS, comm, f, pagesWritten: d('pswpout') * f, note };
}

/** The figures a calibration divides: over `span` when given; else, when the reclaimer's time comes from a trace
 *  that covers only part of the reclaim window (traceCoverage), over that part, so its slice time is divided by the
 *  pages reclaimed over the same span; else the whole window's. `part` is the span used when not the whole reclaim span. */
export function calibrationFigures(capture: Capture, whole: CaptureFigures, span?: { startS: number; endS: number }): { figures: CaptureFigures; part?: { startS: number; endS: number }; note?: string } {
  if (span) return { figures: figuresInWindow(capture, whole, span.startS, span.endS), part: span };
  const cov = traceCoverage(capture.trace, whole.window);
  if (!cov?.partial || !whole.window) return { figures: whole };
  const timedByTrace = calibrationReclaimer(capture, whole).who !== 'kswapd' || whole.kswapd.cpuSource === 'sched_switch';
  if (!timedByTrace) return { figures: whole };
  const part = { startS: cov.startS, endS: cov.endS };
  return {
    figures: figuresInWindow(capture, whole, part.startS, part.endS), part,
    note: `the trace covers ${cov.durationS.toFixed(1)} s of the ${cov.windowS.toFixed(1)} s window: calibrated on ${sinceFirstSample(whole, part)}, counters over the same span`,
  };
}

/** A span (capture clock) as the replay's windows count it: seconds since the first vmstat sample (trial5 #15: the
 *  profile named the capture clock's 21.8–29.3 s beside a window of 14.4–34.7 s). */
function sinceFirstSample(whole: CaptureFigures, span: { startS: number; endS: number }): string {
  const t0 = whole.window?.firstSampleS ?? 0;
  return `${(span.startS - t0).toFixed(1)}–${(span.endS - t0).toFixed(1)} s`;
}

/** The zram write's share of the reclaimer's time when storing a page costs `nsPerPage` (a probe on the same
 *  machine): ns/page × the pages the reclaimer wrote ÷ its time, so the calibrated profile writes a page in the
 *  probe's time. Refused when it is not a share (the probe cost more than the reclaimer ran). */
export function probeShare(nsPerPage: number, pagesWritten: number, cpuS: number): { share: number; text: string } | { why: string } {
  const share = (nsPerPage * pagesWritten) / (cpuS * 1e9);
  const of = `${grouped(nsPerPage)} ns/page × ${grouped(pagesWritten)} pages written ÷ ${cpuS.toFixed(2)} s`;
  if (!(share > 0 && share < 1)) return { why: `${of} is not a share (${share.toFixed(2)})` };
  return { share: Math.round(share * 1000) / 1000, text: of };
}

/** Without perf: the CPU per scanned folio from the reclaimer's own slices (direct / memcg reclaim timed by
 *  sched_switch), else x86-vm's, said in the notes. */
function slicesScanNs(capture: Capture, who: Reclaimer, w: { startS: number; endS: number }, notes: string[]): number {
  const fallback = BUILTIN_PROFILES['x86-vm'].scanNs;
  const slices = who === 'direct' ? capture.trace?.directReclaim : who === 'memcg' ? capture.trace?.memcgReclaim : undefined;
  const fit = slices ? scanCostOfSlices(slices, w.startS, w.endS) : { why: 'kswapd reclaimed most, and its time is not cut into slices' };
  if ('why' in fit) {
    notes.push(`per scanned folio: x86-vm's ${(fallback / 1000).toFixed(2)} µs (no perf; from the slices: ${fit.why})`);
    return fallback;
  }
  notes.push(`per scanned folio: ${(fit.scanNs / 1000).toFixed(2)} µs, fitted over ${fit.n} ${who} reclaim slices (on-CPU ≈ scanned × ${(fit.scanNs / 1000).toFixed(2)} µs + reclaimed × ${(fit.reclaimNs / 1000).toFixed(1)} µs)`);
  return fit.scanNs;
}

export function calibrateProfile(capture: Capture, whole: CaptureFigures, opts: CalibrateOptions = {}): Calibration {
  if (opts.compressShare !== undefined && !isCompressShare(opts.compressShare)) throw new OptionError('--compress-share', compressShareError(opts.compressShare));
  const { figures, part, note: spanNote } = calibrationFigures(capture, whole, opts.window);
  const w = figures.window;
  if (!w) throw new CaptureError(capture.root, undefined, 'the capture shows no reclaim window: nothing to calibrate on');
  const r = figures.rates;
  const d = (k: string) => (r[k] ?? 0) * w.durationS;
  const stealAnon = d('pgsteal_anon');
  const scanned = d('pgscan_anon') + d('pgscan_file');
  const zero = d('swpout_zero');
  const { who, cpuS, comm, f, pagesWritten, note } = calibrationReclaimer(capture, figures);
  const notes: string[] = spanNote ? [spanNote, note] : [note];
  const algorithm: Algorithm = opts.algorithm ?? captureAlgorithm(capture);
  const wholeCapture: string[] = [];
  const cut = part ? perfSharesIn(capture, comm, part) : undefined;
  if (cut?.whole) wholeCapture.push(cut.whole);
  const shares = cut ? cut.shares : perfShares(capture.perf, comm);
  const perfCover = shares && opts.compressShare === undefined ? perfCoverageNote(capture, comm, part ?? w) : undefined;
  if (perfCover) notes.push(perfCover);
  let compressShare: number;
  let storeShare: number;
  if (opts.compressShare !== undefined) {
    compressShare = opts.compressShare;
    storeShare = shares?.store ?? 0;
    notes.push(zramWriteNote(compressShare, storeShare, `compression from --compress-share${shares ? `, store from ${comm}'s reclaim samples (perf)` : ''}`));
  } else if (shares && shares.compress > 0) {
    compressShare = shares.compress;
    storeShare = shares.store;
    notes.push(zramWriteNote(compressShare, storeShare, `of ${comm}'s reclaim samples (perf${part && !cut?.whole ? ', in the calibrated part' : ''})`));
  } else if (capture.zramProbe) {
    const probe = probeShare(capture.zramProbe.cpuNsPerPage, pagesWritten, cpuS);
    if ('why' in probe) throw new OptionError('--compress-share', `the capture has no perf profile of the reclaimer and its zram store probe (${capture.zramProbe.source}) gives no share: ${probe.why}; give the compression share`);
    compressShare = probe.share;
    storeShare = 0; // the probe times the whole zram write: compression and zs_malloc store
    notes.push(zramWriteNote(compressShare, storeShare, `from the zram store probe: ${probe.text}`));
  } else {
    throw new OptionError('--compress-share', 'the capture has no perf profile of the reclaimer nor a zram store probe: give the compression share');
  }
  const cpuNs = cpuS * 1e9;
  const scanNs = shares && shares.scan > 0 ? (shares.scan * cpuNs) / Math.max(1, scanned * f) : slicesScanNs(capture, who, w, notes);
  const compressPerWritten = (compressShare * cpuNs) / Math.max(1, pagesWritten);
  const storeNs = (storeShare * cpuNs) / Math.max(1, pagesWritten);
  // Per-class costs: measured ratios between classes, scaled so the capture's own mix averages what perf measured.
  const { corpus } = corpusFor(figures, algorithm, algorithm, opts.seed ?? 1, zero > 0);
  const measured = MEASURED_CLASS_COSTS[algorithm];
  let wSum = 0;
  let cSum = 0;
  PAGE_CLASSES.forEach((c, i) => {
    if (c === 'zero') return;
    wSum += corpus.weights[i];
    cSum += corpus.weights[i] * measured[c].compressUsPerPage * 1000;
  });
  const k = cSum > 0 ? compressPerWritten / (cSum / wSum) : 0;
  const compressNs = {} as Record<Algorithm, Record<PageClass, number>>;
  for (const alg of ['lz4', 'lzo-rle'] as const) {
    compressNs[alg] = Object.fromEntries(PAGE_CLASSES.map((c) => [c, Math.round(MEASURED_CLASS_COSTS[alg][c].compressUsPerPage * 1000 * k)])) as Record<PageClass, number>;
  }
  const sameNs = BUILTIN_PROFILES['x86-vm'].sameNs;
  let unmapNs: number;
  let tlbFlushNs = 0;
  let fileNs = 0;
  let scanPerPage = scanNs;
  const unmapped = Math.max(1, stealAnon * f);
  if (shares && shares.tlb + shares.unmap > 0) {
    // The unmap frames and the TLB flush per unmapped folio; a freed folio's own work (__remove_mapping(),
    // free_unref_folios()) per freed folio, anon or file; everything else in reclaim (LRU isolate and putback, the
    // reference checks, shrink_active_list) per scanned folio, so a capture with another steal/scan ratio costs
    // what its scanning and its freeing cost.
    tlbFlushNs = (shares.tlb * cpuNs) / unmapped;
    fileNs = (shares.free * cpuNs) / Math.max(1, (stealAnon + d('pgsteal_file')) * f);
    unmapNs = (shares.unmap * cpuNs) / unmapped + fileNs;
    const rest = cpuNs * Math.max(0, 1 - compressShare - storeShare - shares.tlb - shares.unmap - shares.free) - sameNs * zero * f;
    scanPerPage = Math.max(0, rest) / Math.max(1, scanned * f);
    notes.push(`per scanned page: LRU isolate/putback + reference checks (reclaim samples outside unmap, swap slot, freeing, TLB flush and zram) ${(scanPerPage / 1000).toFixed(2)} µs; `
      + `per freed page (__remove_mapping, free_unref_folios) ${(fileNs / 1000).toFixed(2)} µs; TLB shootdown ${(shares.tlb * 100).toFixed(1)} % of samples`);
  } else {
    const rest = cpuNs * (1 - compressShare - storeShare) - scanNs * scanned * f - sameNs * zero * f;
    unmapNs = Math.max(0, rest / unmapped);
    notes.push('perf shows no unmap or TLB-flush frames: the reclaim work outside zram and the reference checks is charged per unmapped page');
  }
  // The IPI targets' busy share over the span the TLB-flush samples came from (the part, or all of perf).
  const tlbSpan = part && !cut?.whole ? part : { startS: -Infinity, endS: Infinity };
  const tlbBusy = tlbFlushNs > 0 ? ipiTargetsBusyOver(capture, tlbSpan) : undefined;
  // An IPI to an idle target (smp_call_function_many_cond() to a halted vCPU) priced against one to a busy target.
  const idle = tlbBusy !== undefined && tlbBusy >= MIN_CALIBRATED_BUSY && comm ? tlbIdleCostRatio(capture, comm, tlbSpan) : undefined;
  const tlbIdleRatio = idle && !('why' in idle) ? idle.ratio : undefined;
  if (tlbBusy !== undefined) {
    const busyIpi = tlbFlushNs / Math.max((tlbIdleRatio ?? 0) + (1 - (tlbIdleRatio ?? 0)) * tlbBusy, MIN_CALIBRATED_BUSY) / 1000;
    notes.push(`TLB shootdown measured while the other CPUs were busy ${(tlbBusy * 100).toFixed(1)} % of the time (${capture.cpuStat ? 'cpu_stat' : 'sched_switch idle'}, by pages reclaimed): ${busyIpi.toFixed(2)} µs per page with the targets busy, `
      + (tlbIdleRatio !== undefined
        ? `${(busyIpi * tlbIdleRatio).toFixed(2)} µs with them idle (${comm}'s perf samples: ${grouped((idle as { idleSamples: number }).idleSamples)} beside idle targets, ${grouped((idle as { busySamples: number }).busySamples)} beside busy ones)`
        : `none with them idle (lazy: not measured, ${(idle as { why: string } | undefined)?.why ?? 'no perf'})`));
  }
  // kswapd's IPIs as tlb:tlb_flush measured them over the same span: the profile's per-page cost is per this many.
  const tlbIpis = tlbFlushNs > 0 ? ipisPerFolioOver(capture, tlbSpan) : undefined;
  if (tlbIpis !== undefined) notes.push(`TLB shootdown measured at ${tlbIpis.toFixed(3)} answered IPIs per anon folio kswapd reclaimed (tlb:tlb_flush): ${(tlbFlushNs / Math.max(tlbIpis, 1e-3) / 1000).toFixed(2)} µs per IPI`);
  const cfs = tasksPerEntityOf(capture, w);
  if (cfs) notes.push(cfs.note);
  notes.push(`per page: scan ${(scanPerPage / 1000).toFixed(2)} µs, unmap ${(unmapNs / 1000).toFixed(2)} µs, TLB flush ${(tlbFlushNs / 1000).toFixed(2)} µs, compress ${(compressPerWritten / 1000).toFixed(2)} µs, store ${(storeNs / 1000).toFixed(2)} µs (${algorithm})`);
  return {
    profile: {
      name: opts.name ?? `calibrated:${capture.root}`,
      source: `calibrated on ${capture.root} (${who} reclaim, ${algorithm}${part ? `, ${sinceFirstSample(whole, w)} only${spanNote ? ': the part the trace covers' : ''}` : ''})`,
      cpus: capture.trace?.cpus || BUILTIN_PROFILES['x86-vm'].cpus,
      scanNs: Math.round(scanPerPage),
      unmapNs: Math.round(unmapNs),
      tlbFlushNs: Math.round(tlbFlushNs),
      ...(tlbBusy !== undefined ? { tlbIpiTargetsBusy: Math.round(tlbBusy * 1000) / 1000 } : {}),
      ...(tlbIdleRatio !== undefined ? { tlbIpiIdleRatio: Math.round(tlbIdleRatio * 1000) / 1000 } : {}),
      ...(tlbIpis !== undefined ? { tlbIpisPerFolio: Math.round(tlbIpis * 1000) / 1000 } : {}),
      fileNs: Math.round(fileNs),
      storeNs: Math.round(storeNs),
      sameNs,
      queueNs: BUILTIN_PROFILES['x86-vm'].queueNs,
      compressNs,
      compressShare: writtenShare(compressShare, storeShare),
      ...(cfs ? { cfsTasksPerEntity: cfs.g } : {}),
    },
    notes,
    ...(wholeCapture.length > 0 ? { wholeCapture } : {}),
    perPage: { scanNs: scanPerPage, writeNs: unmapNs + tlbFlushNs + compressPerWritten + storeNs },
    ...(shares ? { slabShare: shares.slab } : {}),
  };
}
