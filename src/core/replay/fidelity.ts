// Observed vs simulated (today's kernel) for every figure the capture measured, over the span the validation plan
// compares — by default the half of the reclaim window the calibration did not see — each row with its basis.
import { kswapdCpuMissing } from '../analysis/kswapdCpu';
import { kswapdWakesSleeps, overlapS } from '../analysis/timeline';
import { traceCoverage } from '../analysis/traceCoverage';
import type { CaptureFigures } from '../analysis/types';
import { minFreeMiB } from '../analysis/figures';
import { figuresInWindow } from '../analysis/windowFigures';
import { zramFigures } from '../analysis/zramFigures';
import type { Capture, Intervals, SnapshotSeries } from '../capture/types';
import type { ScenarioOutput } from '../model/simulation';
import { sliceCpuSeconds } from '../profiles/sliceCosts';
import { driftWhy, halfDrift } from './halfDrift';
import { endFollowsReturnedDemand, freePagesFollowDemand, globalStealFollowsDemand, memcgStealFollowsDemand, poolFollowsDemand, windowFollowsDemand } from './demandBound';
import { activeWindow, spanBins, zramPeakBin } from './scenarioFigures';
import type { FidelityBasis, FidelityRow, Figure, ScenarioFigures } from './types';
import { basisAt, compareBasis, type ValidationPlan } from './validation';
import { FIDELITY_LIMIT_PCT, ZONE_END_PREFIX } from './verdict';
import { grouped } from '../numberText';

/** kswapd busy for this share of the CPU it was given: its CPU is the availability input, not a prediction. */
const PINNED = 0.97;
/** Awake this share of the compared span: kswapd never slept there (the row's ceiling). */
const WHOLE_SPAN = 0.99;
const MiB = 1 << 20;
const PAGE = 4096;

/** Rows the per-page costs drive: the reclaim rate and the reclaimers' CPU. */
const COST_ROWS = ['pgstealAnonPerS', 'reclaimPerS', 'kswapdCpuPct', 'reclaimerCpuPct'];

const r3 = (x: number) => Math.round(x * 1000) / 1000;
/** An error, %, to one decimal, or to as many more as keep it on its side of the ±limit: -10.04 % is a miss and is
 *  stored -10.04, not -10 (a reader checking the JSON against the limit gets the row's mark). */
export function errorOnItsSide(pct: number, limit = FIDELITY_LIMIT_PCT): number {
  const within = Math.abs(pct) <= limit;
  for (let d = 1; d <= 6; d++) {
    const v = Math.round(pct * 10 ** d) / 10 ** d;
    if ((Math.abs(v) <= limit) === within) return v;
  }
  return pct;
}

/** One fidelity row. `scale`: what the error is relative to (|observed| unless given); `instant`: a time, exercised
 *  even at 0, whose error is also given in seconds against FIDELITY_LIMIT_PCT of `scale` (errorS, limitS). */
export function fidelityRow(observed: number, simulated: number, basis: FidelityBasis, opt: { scale?: number; why?: string; instant?: boolean; followsDemand?: boolean } = {}): FidelityRow {
  const { scale = Math.abs(observed), why } = opt;
  const notExercised = !opt.instant && observed === 0 && simulated === 0;
  // Graded on the unrounded error (trial5: -10.04 % read -10 and passed).
  const rawPct = scale !== 0 ? ((simulated - observed) / scale) * 100 : simulated === observed ? 0 : 100;
  const out: FidelityRow = { observed: r3(observed), simulated: r3(simulated), errorPct: errorOnItsSide(rawPct), basis };
  // A time's error in seconds (trial12 #1: "+10.8 %" of the window for a replay starting 6.7 s late), graded alike.
  if (opt.instant && opt.scale !== undefined) {
    const limitS = (FIDELITY_LIMIT_PCT / 100) * scale;
    Object.assign(out, { errorS: errorOnItsSide(simulated - observed, limitS), limitS: r3(limitS) });
  }
  // The device saw none where the replay saw some: no percentage describes that, it is a miss in kind.
  if (scale === 0 && simulated !== observed) out.deviceZero = true;
  const within = !out.deviceZero && Math.abs(rawPct) <= FIDELITY_LIMIT_PCT;
  if (notExercised) out.notExercised = true;
  else if (basis === 'predicted') out.mark = within ? 'pass' : 'miss';
  else if (basis === 'fitted' && !within) out.fitFailed = true;
  if (why) out.why = why;
  if (opt.followsDemand) out.followsDemand = true;
  return out;
}

/** fidelityRow, and an input that does not hold on the compared span said so rather than implying a match (an input
 *  taken over the whole capture need not hold on part of it). */
function gradedRow(observed: number, simulated: number, basis: FidelityBasis, why?: string, followsDemand = false): FidelityRow {
  const r = fidelityRow(observed, simulated, basis, { why, followsDemand });
  if (basis === 'input' && !r.notExercised && (r.deviceZero || Math.abs(r.errorPct) > FIDELITY_LIMIT_PCT)) {
    r.inputOff = true;
    r.why = `${why ?? 'an input from the capture'} — the input is a whole-capture figure and does not hold on the compared span (off by ${r.errorPct > 0 ? '+' : ''}${r.errorPct} %)`;
  }
  return r;
}

/**
 * The headline's measured column against its simulated today, graded by the fidelity table's rules (trial5: A's
 * headline min free −22.5 % carried no mark while every table row did). Both columns are over the capture's reclaim
 * window; each row takes the basis `whole` — the fidelity rows of the replay's own run over that window — gives the
 * figure (fitted when the replay's profile was calibrated on this capture, an input where the replay charges the
 * capture's own figure), else `basis`, and is graded on the headline's own numbers.
 */
export function headlineFidelity(measured: Partial<Record<keyof ScenarioFigures, Figure>>, today: ScenarioFigures,
  whole: Record<string, FidelityRow>, basis: FidelityBasis): Partial<Record<keyof ScenarioFigures, FidelityRow>> {
  const out: Partial<Record<keyof ScenarioFigures, FidelityRow>> = {};
  for (const [key, m] of Object.entries(measured) as [keyof ScenarioFigures, Figure | undefined][]) {
    const t = today[key];
    if (typeof m !== 'number' || typeof t !== 'number') continue;
    const w = whole[key];
    out[key] = gradedRow(m, t, w?.basis ?? basis, w?.why, w?.followsDemand);
  }
  return out;
}

/** A window edge of a replay that swapped out no page: not exercised, never a pass or a miss (trial5: fault 15's
 *  replay reclaimed nothing and its "window" 0–1 s, the whole run, passed both edges). */
function noWindow(row: FidelityRow): void {
  delete row.mark;
  delete row.fitFailed;
  row.notExercised = true;
  row.why = 'the replay swapped out no page: it has no reclaim window to compare with the capture\'s';
}

/** Make `row` a lower bound (the true simulated figure is ≥ `simulated`, so the error is ≥ errorPct): only a bound
 *  already past +FIDELITY_LIMIT_PCT is a miss (or a failed fit); any other bound is no test, never a pass. */
export function asLowerBound(row: FidelityRow, why: string): void {
  row.atLeast = true;
  row.why = why;
  const beyond = !row.deviceZero && row.errorPct > FIDELITY_LIMIT_PCT;
  if (row.mark && !beyond) delete row.mark;
  if (row.fitFailed && !beyond) delete row.fitFailed;
}

/**
 * The kswapd awake row: seconds awake in the compared span, the capture's (`seenS` of `spanS`) against the replay's
 * (`simS` of its `simSpanS`). When both were awake the whole span the row sits at its ceiling on both sides — it
 * cannot tell them apart, so it is shown without a mark (`wholeSpan`), never as a pass; a replay that slept part of a
 * span the device was awake through is still a miss.
 */
export function kswapdAwakeRow(seenS: number, spanS: number, simS: number, simSpanS: number, basis: FidelityBasis): FidelityRow {
  const row = fidelityRow(seenS, simS, basis);
  if (seenS >= WHOLE_SPAN * spanS && simS >= WHOLE_SPAN * simSpanS) {
    delete row.mark;
    row.wholeSpan = true;
    row.why = `kswapd was awake the whole compared span on both sides (${seenS.toFixed(1)} of ${spanS.toFixed(1)} s, ${simS.toFixed(1)} of ${simSpanS.toFixed(1)} s): a row at its ceiling cannot miss, so it is no test`;
  }
  return row;
}

/** The tasks' on-CPU seconds in direct and memcg reclaim slices over [a, b] (sliceCpuSeconds: sched_switch, else
 *  perf), and how that was measured when not by sched_switch alone. */
function slicesOnCpu(c: Capture, a: number, b: number): { s: number; how?: string } {
  const kinds = (['memcg', 'direct'] as const).map((k) => ({ k, ...sliceCpuSeconds(c, k, a, b) }));
  const how = kinds.filter((x) => x.s > 0 && x.source !== 'sched_switch').map((x) => x.source === 'perf'
    ? `${x.k} reclaim's on-CPU time from perf's cpu-clock samples (the trace shows its tasks' switches only in part; the slices' wall time is ${(x.sched.timedWall + x.sched.untimed).toFixed(1)} s)`
    : `${x.k} reclaim's slice wall time (neither sched_switch nor perf times it on CPU)`);
  return { s: kinds[0].s + kinds[1].s, ...(how.length ? { how: `observed: ${how.join('; ')}` } : {}) };
}

/** The capture's reclaimer CPU: kswapd's when it did the reclaim, else the tasks' time in reclaim slices (`slicesS`). */
export function observedReclaimerCpuPct(f: CaptureFigures, slicesS: number): number | null {
  if (!f.window) return null;
  const { durationS } = f.window;
  const r = f.rates;
  const global = (r.pgsteal_kswapd ?? 0) + (r.pgsteal_direct ?? 0);
  const memcg = Math.max(0, (r.pgsteal_anon ?? 0) + (r.pgsteal_file ?? 0) - global);
  const slicesPct = (slicesS / durationS) * 100;
  if (memcg > (r.pgsteal_kswapd ?? 0) || (r.pgsteal_direct ?? 0) > (r.pgsteal_kswapd ?? 0)) return slicesS > 0 ? slicesPct : null;
  return f.kswapd.cpuPct === null ? null : f.kswapd.cpuPct + slicesPct;
}

/**
 * The capture's reclaim rate (pages/s) when it has no pgsteal_anon: anon pages swapped out (pswpout + swpout_zero,
 * counted in swap_writepage/swap_zeromap), else pages stolen by kswapd and direct reclaim (shrink_folio_list).
 */
export function fallbackReclaimRate(r: Record<string, number | undefined>): { perS: number; source: string } | undefined {
  const pick = (keys: string[]) => {
    const have = keys.filter((k) => r[k] !== undefined);
    return have.length === 0 ? undefined : { perS: have.reduce((v, k) => v + r[k]!, 0), source: have.join(' + ') };
  };
  return pick(['pswpout', 'swpout_zero']) ?? pick(['pgsteal_kswapd', 'pgsteal_direct']);
}

/**
 * The capture's own headline figures over its reclaim window (what `parse` reports), for the headline's "measured"
 * column: each figure's value, or why the capture cannot give it over that window (no trace, a trace that covers
 * part of the window, no zram stats…). Slice figures are the slices' time inside the window (overlapS).
 */
export function measuredHeadline(c: Capture, f: CaptureFigures): Partial<Record<keyof ScenarioFigures, Figure>> {
  const span = f.window;
  if (!span) return {};
  const r = f.rates;
  const out: Partial<Record<keyof ScenarioFigures, Figure>> = {};
  const put = (k: keyof ScenarioFigures, v: number | null | undefined, why: string) => {
    out[k] = v !== null && v !== undefined && Number.isFinite(v) ? r3(v) : { unavailable: why };
  };
  const noCounter = (k: string) => `no ${k} counter in the capture's /proc/vmstat`;
  put('pgstealAnonPerS', r.pgsteal_anon, noCounter('pgsteal_anon'));
  put('pgscanAnonPerS', r.pgscan_anon, noCounter('pgscan_anon'));
  const noKswapdCpu = kswapdCpuMissing(c);
  put('kswapdCpuPct', f.kswapd.cpuPct, noKswapdCpu);
  put('allocstalls', r.allocstall === undefined ? undefined : Math.round(r.allocstall * span.durationS), noCounter('allocstall'));
  // zram and min free over the window too, not at the capture's own peak or low (which may fall outside it).
  const zram = zramFigures(c.zramMmStat, undefined, null, span);
  put('zramRatio', zram?.ratio, 'no zram mm_stat sample in the capture\'s reclaim window');
  put('zramMemUsedMiB', zram?.memUsedMiB, 'no zram mm_stat sample in the capture\'s reclaim window');
  put('minFreeMiB', minFreeMiB(c, span), 'no nr_free_pages or MemFree sample in the capture\'s reclaim window');
  put('allocstallsPerGiB', undefined, 'the capture does not count the pages the tasks were served');
  // Reclaim slices: only a trace with vmscan events that covers the whole window measures them there.
  const t = c.trace;
  const cov = traceCoverage(t, span);
  const vmscan = t !== undefined && Object.keys(t.events).some((e) => e.startsWith('mm_vmscan_'));
  const sliceWhy = !t ? 'no trace in the capture'
    : !vmscan ? 'the trace has no vmscan events (mm_vmscan_* tracepoints off)'
    : cov?.partial ? `the trace covers ${cov.durationS.toFixed(1)} s of the ${cov.windowS.toFixed(1)} s window (${(cov.startS - span.firstSampleS).toFixed(1)}–${(cov.endS - span.firstSampleS).toFixed(1)} s since the first vmstat sample, as the window above; ${t.lastTs < span.endS ? 'ftrace.ends-early' : 'ftrace.starts-late'})`
    : undefined;
  const inWindowS = (s: Intervals | undefined) => (sliceWhy || !s ? undefined : overlapS(s, span.startS, span.endS));
  const directS = inWindowS(t?.directReclaim);
  const memcgS = inWindowS(t?.memcgReclaim);
  put('directReclaimMs', directS === undefined ? undefined : directS * 1000, sliceWhy ?? '');
  put('memcgReclaimMs', memcgS === undefined ? undefined : memcgS * 1000, sliceWhy ?? '');
  // The reclaimer's CPU counts the slices' on-CPU time, as the model's does (not run-queue waits inside them).
  const slicesS = directS === undefined || memcgS === undefined ? undefined : slicesOnCpu(c, span.startS, span.endS).s;
  const kswapdDid = f.directReclaim.count === 0 && f.memcgReclaim.count === 0;
  put('reclaimerCpuPct', kswapdDid ? observedReclaimerCpuPct(f, 0) : slicesS === undefined ? undefined : observedReclaimerCpuPct(f, slicesS),
    kswapdDid ? noKswapdCpu : `the tasks' time in reclaim slices is not measured over the window: ${sliceWhy}`);
  return out;
}

const sum = (a: Float64Array, b0: number, b1: number) => {
  let v = 0;
  for (let i = b0; i <= b1; i++) v += a[i];
  return v;
};

/** Σ zone free pages and the last nr_free_pages may differ this much (share) before the row says they disagree. */
const END_SNAPSHOT_SLACK = 0.02;

/**
 * Free pages per zone at the capture's end (its `zoneinfo` after the run) against the replay's zones at its last
 * sample — where the page allocator's zonelist fallback and lowmem_reserve (zones.ts) left each zone. The snapshot
 * is taken as the series' end; when its zones do not add up to the last nr_free_pages the row says so.
 */
function zoneEndRows(c: Capture, o: ScenarioOutput, plan: ValidationPlan, follows?: string): Record<string, FidelityRow> {
  const end = c.zonesEnd;
  const sim = o.zoneFreeEnd;
  const times = c.vmstat?.times;
  if (!end || !sim || !times || times.length === 0) return {};
  const endS = times[times.length - 1];
  const free = c.vmstat?.columns.get('nr_free_pages')?.[times.length - 1];
  const sum = end.zones.reduce((a, z) => a + z.freePages, 0);
  const off = free !== undefined && Number.isFinite(free) && free > 0 ? Math.abs(sum - free) / free : 0;
  const file = end.source.split('/').pop();
  const disagree = off > END_SNAPSHOT_SLACK;
  // The replay's zones are read at its last sample, the capture's end, not at the compared span's end (the node row).
  const at = `the capture's end (${(endS - times[0]).toFixed(1)} s, its last vmstat sample), not the compared span's end`;
  const why = disagree
    ? `${file}'s zones add up to ${grouped(sum)} free pages, the last vmstat sample to ${grouped(free!)}: the snapshot was not taken at ${at} where the replay's zones are read — another moment, not a test`
    : `zones at ${at}, from ${file}, whose zones add up to the last nr_free_pages`;
  const out: Record<string, FidelityRow> = {};
  for (const z of end.zones) {
    const name = z.node === 0 ? z.name : `node ${z.node} ${z.name}`;
    const simulated = sim[name];
    if (simulated === undefined) continue; // a zone without managed pages takes part in nothing (managed_zone())
    // The source once, on the first zone's row; a disagreement on every row it affects.
    const first = Object.keys(out).length === 0;
    const row = follows
      ? fidelityRow(z.freePages, Math.round(simulated), 'input', { why: first || disagree ? `${why}; ${follows}` : undefined, followsDemand: true })
      : fidelityRow(z.freePages, Math.round(simulated), basisAt(plan, endS), { why: first || disagree ? why : undefined });
    if (disagree) {
      delete row.mark;
      row.otherMoment = true;
    }
    out[`${ZONE_END_PREFIX}${name}`] = row;
  }
  return out;
}

/**
 * Whether the replay's kswapd CPU over the compared span is the availability input rather than a prediction: kswapd
 * used all the CPU it was given (a share `availability` < 1 of a core, measured from the capture) over the span, or
 * over its own awake time when it slept part of the span — then its CPU is that input times the predicted awake
 * time (its own row). At a whole core, saturation is the model's own prediction.
 */
export function kswapdCpuPinned(kswapdNs: number, awakeNs: number, spanNs: number, availability: number): { pinned: boolean; whileAwake?: boolean; why?: string } {
  if (!(availability < 1) || !(kswapdNs > 0)) return { pinned: false };
  const share = `${(availability * 100).toFixed(1)} % of a core`;
  if (kswapdNs >= PINNED * availability * spanNs) {
    return { pinned: true, why: `kswapd ran all the CPU it was given: its CPU is the capture's availability input (${share}), not a prediction` };
  }
  if (kswapdNs >= PINNED * availability * awakeNs) {
    return { pinned: true, whileAwake: true, why: `while awake kswapd ran all the CPU it was given: its CPU is the capture's availability input (${share}) × its predicted awake time (${(awakeNs / 1e9).toFixed(1)} s), not a prediction of its own` };
  }
  return { pinned: false };
}

/**
 * The fidelity rows of a baseline run `o` against the capture over `plan.compare`. `originS` is the capture-clock
 * time of replay t = 0; `availability` the share of a core the workload gave the reclaimers.
 */
/**
 * zram ratio and mem_used, each side at its own sample of largest orig_data_size in the compared span (capture clock
 * a..b, replay bins b0..b1), as the headline, `parse` and the corpus fit read them: the pool then holds the
 * workload's swapped pages. At the span's end it may hold only what an exit left (zap_pte_range → swap_free →
 * zram_slot_free_notify frees the exiting task's slots), another population with another ratio.
 */
export function zramRows(mm: SnapshotSeries | undefined, o: ScenarioOutput, a: number, b: number, b0: number, b1: number,
  basis: FidelityBasis, fittedTo?: CaptureFigures['zram']): Record<string, FidelityRow> {
  const out: Record<string, FidelityRow> = {};
  const seen = zramFigures(mm, undefined, null, { startS: a, endS: b });
  const peak = zramPeakBin(o, b0, b1);
  if (!seen || !(o.zramCompr[peak] > 0)) return out;
  const at = 'both sides at their own peak orig_data_size in the compared span';
  if (seen.ratio !== null) {
    const target = fittedTo?.ratio ? ` (${fittedTo.ratio} at its largest pool, ${fittedTo.memUsedMiB ?? '?'} MiB mem_used)` : '';
    // The span's largest pool is another sample than the fitted one (a held-out half after the apps' exits): what the
    // pool holds there is the replay's own swap-outs less its frees, so its ratio is a prediction, not the fit.
    const other = fittedTo && (fittedTo.ratio !== seen.ratio || fittedTo.memUsedMiB !== seen.memUsedMiB);
    out.zramRatio = other
      ? fidelityRow(seen.ratio, o.zramOrig[peak] / o.zramCompr[peak], basis,
        { why: `the compared span's largest pool (${seen.memUsedMiB ?? '?'} MiB mem_used) is not the sample the page-content corpus was fitted to${target}: which pages the pool holds there is the replay's own; ${at}` })
      : fidelityRow(seen.ratio, o.zramOrig[peak] / o.zramCompr[peak], 'fitted',
        { why: `the page-content corpus is fitted to this capture's zram ratio${target}; ${at}` });
  }
  // The pool's size is the replay's: its swap-outs less its frees; only the compressed bytes per page are fitted.
  if (seen.memUsedMiB !== null) {
    out.zramMemUsedMiB = fidelityRow(seen.memUsedMiB, o.zramMemUsed[peak] / MiB, basis,
      { why: `pages held are the replay's own swap-outs less its frees (swap-in, zram_slot_free_notify), their compressed size from the fitted corpus; ${at}` });
  }
  return out;
}

export function fidelity(c: Capture, f: CaptureFigures, o: ScenarioOutput, plan: ValidationPlan, originS: number,
  availability: number, fromOtherLoad = false): Record<string, FidelityRow> {
  const out: Record<string, FidelityRow> = {};
  const { startS: a, endS: b } = plan.compare;
  const sub = figuresInWindow(c, f, a, b);
  const binS = o.binNs / 1e9;
  const { first: b0, last: b1 } = spanBins(o, a - originS, b - originS);
  if (b1 < b0) return out;
  const spanS = (b1 - b0 + 1) * binS;
  const basis = compareBasis(plan);
  const add = (key: string, observed: number | null | undefined, simulated: number, rowBasis = basis, why?: string, followsDemand = false) => {
    if (observed === null || observed === undefined || !Number.isFinite(observed) || !Number.isFinite(simulated)) return;
    // The split's calibration read the perf profile over the whole capture: the rows its costs drive saw this half.
    if (plan.wholeCapture && rowBasis === 'predicted' && COST_ROWS.includes(key)) {
      rowBasis = 'fitted';
      why = `the calibration read ${plan.wholeCapture.join('; ')} — this half included`;
    }
    out[key] = gradedRow(observed, simulated, rowBasis, why, followsDemand);
  };
  const rate = (k: string) => sub.rates[k];
  const free = c.vmstat?.columns.get('nr_free_pages');
  const i0 = c.vmstat ? c.vmstat.times.indexOf(sub.window!.startS) : -1;
  const i1 = c.vmstat ? c.vmstat.times.indexOf(sub.window!.endS) : -1;
  const zsCol = c.vmstat?.columns.get('nr_zspages');
  /** Whether the replay's global reclaim over bins g0..g1 followed the capture's allocations over its samples j0..j1
   *  (`rates` between them): demandBound.ts. */
  const globalFollows = (g0: number, g1: number, rates: CaptureFigures['rates'], j0: number, j1: number) => (free && j0 >= 0 && j1 > j0
    ? globalStealFollowsDemand(o, g0, g1, rates, c.vmstat!.times[j1] - c.vmstat!.times[j0], { freePages: free[j1] - free[j0], zspages: zsCol && zsCol[j1] - zsCol[j0] })
    : undefined);
  // Reclaim of the capture's own demand that kept up with it (memcg charges, or global allocations): the reclaim rate
  // follows the replayed demand (demandBound.ts).
  const demandBound = memcgStealFollowsDemand(o, b0, b1, sub.rates) ?? globalFollows(b0, b1, sub.rates, i0, i1);
  add('pgstealAnonPerS', rate('pgsteal_anon'), sum(o.pgstealAnon, b0, b1) / spanS, demandBound ? 'input' : basis, demandBound, !!demandBound);
  const fallback = rate('pgsteal_anon') === undefined ? fallbackReclaimRate(sub.rates) : undefined;
  const fallbackWhy = fallback && `the capture has no pgsteal_anon: ${fallback.source} against the replay's pgsteal_anon/s`;
  if (fallback) add('reclaimPerS', fallback.perS, sum(o.pgstealAnon, b0, b1) / spanS, demandBound ? 'input' : basis, demandBound ? `${fallbackWhy}; ${demandBound}` : fallbackWhy, !!demandBound);
  const stealRatio = (r: Record<string, number>) => (r.pgscan_anon ? `${((r.pgsteal_anon ?? 0) / r.pgscan_anon * 100).toFixed(1)} %` : 'n/a');
  // Global reclaim's steal/scan comes from the modelled inactive list; memcg reclaim scans with the capture's ratio,
  // the calibration half's in a split (a test of the held-out half), else the whole capture's (an input).
  const cal = plan.mode === 'split' && plan.calibration ? figuresInWindow(c, f, plan.calibration.startS, plan.calibration.endS) : undefined;
  const memcg = o.totals.memcgCalls > 0;
  add('pgscanAnonPerS', rate('pgscan_anon'), sum(o.pgscanAnon, b0, b1) / spanS, memcg && !cal ? 'input' : basis, memcg
    ? `memcg reclaim scans with the ${cal ? 'calibration half' : 'whole capture'}'s pgsteal/pgscan ratio (${stealRatio((cal ?? f).rates)}); over the compared span the device's was ${stealRatio(sub.rates)}`
    : `kswapd and direct reclaim meet the modelled inactive list (a folio faulted since the last scan is kept once: folio_check_references()); the device's pgsteal/pgscan over the compared span was ${stealRatio(sub.rates)}`);
  const kswapdNs = sum(o.kswapd.busyBins, b0, b1);
  const tasksNs = sum(o.tasks.busyBins, b0, b1);
  // Only a measured availability (< 1) is an input; at a whole core, saturation is the model's own prediction. A
  // split measures it on the calibration half: the other load there predicting the held-out half is a test.
  const saturated = kswapdCpuPinned(kswapdNs, sum(o.kswapdAwakeNs, b0, b1), spanS * 1e9, availability);
  const heldOut = plan.mode === 'split';
  // From cpu_stat the share is CFS against the other runnable tasks (cfsShare), not kswapd's own measured share.
  const pinned = saturated.pinned && !heldOut && !fromOtherLoad;
  const given = `kswapd ran all the CPU it was given${saturated.whileAwake ? ' while awake' : ''}`;
  const pinnedWhy = !saturated.pinned ? undefined
    : fromOtherLoad ? `${given}: ${(availability * 100).toFixed(1)} % of a core on average, from CFS sharing against `
      + `${c.cfsRq ? 'the other entities\' weight in the root cfs_rq (cfs_rq.txt)' : `the other runnable tasks in cpu_stat's loadavg${heldOut ? ' (tasks per entity from the calibration half)' : ''}`}, not kswapd's own share`
      : heldOut ? `${given}: the other load of the calibration half (${(availability * 100).toFixed(1)} % of a core left to it) predicts this half's`
        : saturated.why;
  add('kswapdCpuPct', sub.kswapd.cpuPct, (kswapdNs / (spanS * 1e9)) * 100, pinned ? 'input' : basis, saturated.pinned ? pinnedWhy : undefined);
  const t = c.trace;
  const covers = t !== undefined && t.firstTs <= a + 1 && t.lastTs >= b - 1;
  const slices = covers ? slicesOnCpu(c, a, b) : { s: 0 };
  const slicesS = slices.s;
  const tasksIdle = tasksNs < 0.05 * kswapdNs;
  add('reclaimerCpuPct', observedReclaimerCpuPct(sub, slicesS), ((kswapdNs + tasksNs) / (spanS * 1e9)) * 100,
    pinned && tasksIdle ? 'input' : basis, (tasksIdle ? pinnedWhy : undefined) ?? slices.how);
  const stalls = sub.rates.allocstall === undefined ? undefined : sub.rates.allocstall * sub.window!.durationS;
  add('allocstalls', stalls === undefined ? undefined : Math.round(stalls), sum(o.allocstalls, b0, b1));
  if (covers) {
    add('directReclaimMs', overlapS(t.directReclaim, a, b) * 1000, sum(o.directNs, b0, b1) / 1e6);
    add('memcgReclaimMs', overlapS(t.memcgReclaim, a, b) * 1000, sum(o.memcgNs, b0, b1) / 1e6);
    if (Object.keys(t.events).some((e) => e.startsWith('mm_vmscan_kswapd_'))) {
      const aw: Intervals = t.kswapd.awake;
      const seen = kswapdWakesSleeps(aw, a, b);
      add('kswapdWakes', seen.wakes, sum(o.kswapdWakes, b0, b1));
      add('kswapdSleeps', seen.sleeps, sum(o.kswapdSleeps, b0, b1));
      out.kswapdAwakeS = kswapdAwakeRow(overlapS(aw, a, b), b - a, sum(o.kswapdAwakeNs, b0, b1) / 1e9, spanS, basis);
    }
  }
  const times = c.vmstat?.times;
  const whole = times && times.length > 1 ? figuresInWindow(c, f, times[0], times[times.length - 1]).rates : undefined;
  const zspages = c.vmstat?.columns.get('nr_zspages')?.reduce((m, x) => (Number.isFinite(x) ? Math.max(m, x) : m), 0) ?? 0;
  const freeFollows = whole && freePagesFollowDemand(o, whole, zspages);
  // Demand-bound only where the model's share (zsmalloc, late allocations) cannot move the row past the limit.
  const freeAdd = (key: string, observed: number, simulated: number, observedPages: number) => {
    const bound = freeFollows && freeFollows.slackPages <= (FIDELITY_LIMIT_PCT / 100) * observedPages;
    add(key, observed, simulated, bound ? 'input' : basis, bound ? freeFollows.why : undefined, !!bound);
  };
  if (free && i0 >= 0 && i1 >= 0) {
    freeAdd('freePagesEnd', free[i1], o.freePages[b1], free[i1]);
    let obsMin = Infinity;
    for (let i = i0; i <= i1; i++) if (free[i] < obsMin) obsMin = free[i];
    let simMin = Infinity;
    for (let i = b0; i <= b1; i++) simMin = Math.min(simMin, o.freePages[i]);
    // In MiB with their fraction: whole MiB on a 500 MiB guest turn 4.4 vs 7.6 into "4 vs 8, −50 %".
    freeAdd('minFreeMiB', (obsMin * PAGE) / MiB, (simMin * PAGE) / MiB, obsMin);
  }
  // With no global reclaim no zone fell to its low watermark: each zone's row is its own start or the node's change.
  const top = Math.max(0, ...(c.zonesEnd?.zones.map((z) => z.freePages) ?? []));
  const zonesFollow = (freeFollows && freeFollows.slackPages <= (FIDELITY_LIMIT_PCT / 100) * top ? freeFollows.zonesWhy : undefined)
    ?? (free && free.length > 0 ? endFollowsReturnedDemand(o, free[0], free[free.length - 1], top) : undefined);
  Object.assign(out, zoneEndRows(c, o, plan, zonesFollow));
  Object.assign(out, zramRows(c.zramMmStat, o, a, b, b0, b1, basis, f.zram));
  const peakBin = zramPeakBin(o, b0, b1);
  // Global reclaim that followed the capture's allocations from the start to the pool's peak: what the pool holds is
  // the capture's own swap-outs, like memcg reclaim's (poolFollowsDemand).
  const upTo = times && out.zramMemUsedMiB && (originS + (peakBin + 1) * binS > times[1]) ? figuresInWindow(c, f, times[0], originS + (peakBin + 1) * binS) : undefined;
  const upToSpan = upTo?.window;
  const globalPool = upToSpan && globalFollows(0, peakBin, upTo.rates, 0, times!.indexOf(upToSpan.endS))
    && 'pages held follow the replayed demand: up to the pool\'s peak the tasks were served the capture\'s own allocations, so they are its swap-outs '
      + 'less its replayed swap-ins and slot frees, and their compressed size is the page corpus fitted to this capture\'s zram figures: a fit, not a test';
  const pool = whole && out.zramMemUsedMiB && (poolFollowsDemand(o, peakBin, whole) || globalPool);
  if (pool) out.zramMemUsedMiB = fidelityRow(out.zramMemUsedMiB.observed, out.zramMemUsedMiB.simulated, 'fitted', { why: pool });
  const span = f.window;
  if (span) {
    // Window edges: seconds from the replay's start, errors relative to the observed window's length.
    const w = activeWindow(o);
    const len = span.durationS;
    const edgeFollows = whole && windowFollowsDemand(o, whole, len);
    const edge = (key: string, obsS: number, simS: number) => {
      out[key] = fidelityRow(obsS - originS, simS, edgeFollows ? 'input' : basisAt(plan, obsS), { scale: len, instant: true, why: edgeFollows, followsDemand: !!edgeFollows });
    };
    edge('windowStartS', span.startS, w.first * binS);
    edge('windowEndS', span.endS, (w.last + 1) * binS);
    // A replay that swapped nothing out has no reclaim window (activeWindow() then spans the run): no edge to grade.
    if (!o.swapOut.some((pages) => pages > 0)) for (const key of ['windowStartS', 'windowEndS']) noWindow(out[key]);
    // Still swapping out in the replay's last bin: the simulated window did not end, its "end" is the replay's.
    if (o.swapOut[o.bins - 1] > 0) {
      const end = out.windowEndS;
      asLowerBound(end, `the simulated reclaim window did not end before the replay's end (${end.simulated.toFixed(1)} s): the baseline was still swapping out in its last bin, so its end is ≥ ${end.simulated.toFixed(1)} s`);
    }
  }
  // A held-out miss of a row the carried-over profile drives: what the device changed between the halves.
  const missed = COST_ROWS.filter((k) => out[k]?.mark === 'miss');
  const drift = missed.length > 0 && plan.mode === 'split' && plan.calibration
    ? driftWhy(halfDrift(c, f, plan.calibration, plan.compare, plan.calibrated)) : undefined;
  if (drift) for (const k of missed) out[k].why = out[k].why ? `${out[k].why}; ${drift}` : drift;
  return out;
}
