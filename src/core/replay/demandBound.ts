// Rows that only follow the replayed demand, decided from the scenario's mechanism rather than from a match. Under a
// memcg limit the charging task reclaims what each charge needs (try_charge_memcg() → try_to_free_mem_cgroup_pages())
// and the replay's charges are the capture's own memcg steal (workload.ts: pgsteal_anon + pgsteal_file − global
// steal), so its steal is the capture's unless that reclaim fell behind. With no global reclaim on either side, free
// pages are the capture's own nr_free_pages changes replayed as the tasks' demand.
import type { CaptureFigures } from '../analysis/types';
import type { ScenarioOutput } from '../model/simulation';
import { GLOBAL_STEAL } from '../model/workload';
import { FIDELITY_LIMIT_PCT } from './verdict';
import { grouped } from '../numberText';

const PAGE = 4096;
const total = (a: Float64Array, b0 = 0, b1 = a.length - 1) => a.subarray(b0, b1 + 1).reduce((s, x) => s + x, 0);
const peak = (a: Float64Array, b0 = 0, b1 = a.length - 1) => a.subarray(b0, b1 + 1).reduce((s, x) => Math.max(s, x), 0);
const pct = (x: number) => `${x.toFixed(1)} %`;

/**
 * Why the reclaim-rate rows (pgsteal_anon/s, the fallback reclaim rate) over bins b0..b1 follow the replayed memcg
 * charges instead of testing the model, or undefined when they can fail. They follow the charges when, over the span,
 * all the replay's reclaim was memcg reclaim (kswapd asleep, no direct reclaim) and what else could move the row — the
 * charges memcg reclaim fell behind on or gave up (largest backlog + pages given up, ÷ the replayed anon steal), the
 * file share of either side's steal and the capture's global steal (which the replay's charges leave out) — adds up to
 * no more than FIDELITY_LIMIT_PCT: the row cannot miss. `observed`: the capture's rates over the span (pages/s).
 */
export function memcgStealFollowsDemand(o: ScenarioOutput, b0: number, b1: number, observed: CaptureFigures['rates']): string | undefined {
  if (total(o.memcgNs, b0, b1) === 0 || total(o.kswapdAwakeNs, b0, b1) > 0 || total(o.directNs, b0, b1) > 0) return undefined;
  const steal = total(o.pgstealAnon, b0, b1);
  const typed = (observed.pgsteal_anon ?? 0) + (observed.pgsteal_file ?? 0);
  if (!(steal > 0) || !(typed > 0)) return undefined;
  const behind = peak(o.memcgBacklog, Math.max(0, b0 - 1), b1) + total(o.memcgGivenUp, b0, b1);
  const behindPct = (behind / steal) * 100;
  const simFile = o.totals.pgstealFile / Math.max(1, o.totals.pgstealAnon + o.totals.pgstealFile);
  const otherPct = ((observed.pgsteal_file ?? 0) / typed + simFile) * 100;
  const globalPct = (GLOBAL_STEAL.reduce((s, k) => s + (observed[k] ?? 0), 0) / typed) * 100;
  const bound = behindPct + otherPct + globalPct;
  if (bound > FIDELITY_LIMIT_PCT) return undefined;
  return `follows the replayed demand: memcg reclaim reclaims what each charge needs (try_charge_memcg() → try_to_free_mem_cgroup_pages()) `
    + `and the replay charges the capture's own memcg steal; behind by at most ${grouped(behind)} pages (${pct(behindPct)}) plus ${pct(otherPct + globalPct)} `
    + `file or global steal, it can be off by at most ±${pct(bound)} (limit ±${FIDELITY_LIMIT_PCT} %): not a test`;
}

/** What the device's free and zsmalloc pages did over the compared span (pages, last sample − first). */
export interface DeviceChange { freePages: number; zspages?: number }

/**
 * Why the reclaim-rate rows over bins b0..b1 follow the replayed demand under global reclaim, or undefined when they
 * can fail. The replay's allocations are the capture's own (workload.ts: −Δnr_free_pages + global steal −
 * Δnr_zspages per sample); while the tasks were served them — kswapd ahead, or the tasks reclaiming what each
 * allocation lacked in their own context (__alloc_pages_slowpath() → __alloc_pages_direct_reclaim()) — each side stole
 * its allocations less its change in free and zsmalloc pages, whatever reclaim cost. The row can then be off only by
 * what the tasks still waited for (largest backlog), the two sides' different free and pool changes, and the file or
 * memcg share of the steal; when those add up to no more than FIDELITY_LIMIT_PCT it cannot miss: a faster model gives
 * the same rate. `observed`: the capture's rates over the span (pages/s), `spanS` its length, `device` its changes.
 */
export function globalStealFollowsDemand(o: ScenarioOutput, b0: number, b1: number, observed: CaptureFigures['rates'], spanS: number, device: DeviceChange): string | undefined {
  if (total(o.memcgNs, b0, b1) > 0) return undefined; // memcg reclaim: memcgStealFollowsDemand()
  const typed = (observed.pgsteal_anon ?? 0) + (observed.pgsteal_file ?? 0);
  const global = GLOBAL_STEAL.reduce((s, k) => s + (observed[k] ?? 0), 0);
  if (!(total(o.pgstealAnon, b0, b1) > 0) || !(typed > 0) || !(global > 0)) return undefined;
  const stealPages = typed * spanS;
  const before = Math.max(0, b0 - 1);
  const behind = peak(o.allocBacklog, before, b1);
  const freeDiff = Math.abs(o.freePages[b1] - o.freePages[before] - device.freePages);
  const simPool = (o.zramMemUsed[b1] - o.zramMemUsed[before]) / PAGE;
  // Without nr_zspages the capture's demand counts its pool's growth as allocations: the replay's pool then takes free pages twice.
  const poolDiff = Math.abs(simPool - (device.zspages ?? 0));
  const changedPct = ((behind + freeDiff + poolDiff) / stealPages) * 100;
  const simFile = o.totals.pgstealFile / Math.max(1, o.totals.pgstealAnon + o.totals.pgstealFile);
  const otherPct = ((observed.pgsteal_file ?? 0) / typed + simFile + Math.max(0, typed - global) / typed) * 100;
  const bound = changedPct + otherPct;
  if (bound > FIDELITY_LIMIT_PCT) return undefined;
  return `follows the replayed demand: the tasks were served the capture's own allocations (kswapd ahead, or direct reclaim of what each allocation lacked: `
    + `__alloc_pages_direct_reclaim()), so each side stole its allocations less its change in free and zsmalloc pages, whatever reclaim cost; `
    + `behind by at most ${grouped(behind)} pages, free and pool changes differing by ${grouped(freeDiff + poolDiff)} pages (together ${pct(changedPct)}) `
    + `plus ${pct(otherPct)} file or memcg steal, it can be off by at most ±${pct(bound)} (limit ±${FIDELITY_LIMIT_PCT} %): not a test`;
}

/** No global reclaim on either side over the whole run: the capture's `whole` rates count no pgsteal_kswapd, _direct,
 *  _khugepaged or _proactive; the replay's kswapd never woke and no task entered direct reclaim. */
function noGlobalReclaim(o: ScenarioOutput, whole: CaptureFigures['rates']): boolean {
  return !GLOBAL_STEAL.some((k) => (whole[k] ?? 0) > 0) && o.kswapdAwake.start.length === 0 && o.totals.directNs === 0 && o.totals.allocstalls === 0;
}

const NO_GLOBAL = 'no global reclaim on either side (the capture counts no kswapd or direct steal; the replay\'s kswapd never woke, no task entered direct reclaim)';

/**
 * Why the free-page rows follow the replayed demand, or undefined when the model's reclaim shaped them: with no global
 * reclaim on either side, free pages are the capture's nr_free_pages changes replayed. Only zsmalloc's pages and
 * allocations a task made late (busy in memcg reclaim) are the model's: `slackPages` bounds them (the larger
 * zsmalloc footprint of the two sides + unserved intent); a row is demand-bound when that is within the limit.
 * `zonesWhy` for the per-zone rows: no zone fell to its low watermark, so get_page_from_freelist() took every page from
 * the first zone of the zonelist, whose row takes the node's change (bounded alike) while the others keep their own.
 */
export function freePagesFollowDemand(o: ScenarioOutput, whole: CaptureFigures['rates'], zspagesObserved: number): { why: string; zonesWhy: string; slackPages: number } | undefined {
  if (!noGlobalReclaim(o, whole)) return undefined;
  const slackPages = Math.max(zspagesObserved, peak(o.zramMemUsed) / PAGE) + Math.max(0, o.totals.intentPages - o.totals.servedPages);
  return {
    slackPages,
    why: `follows the replayed demand: ${NO_GLOBAL}, so free pages are the capture's own nr_free_pages changes replayed; `
      + `only zsmalloc's pages and late allocations (≤ ${grouped(slackPages)} pages) are the model's, within the ±${FIDELITY_LIMIT_PCT} % limit; not a test`,
    zonesWhy: `follows the replayed demand: ${NO_GLOBAL}, so no zone fell to its low watermark: get_page_from_freelist() took every page from the first zone `
      + `of the zonelist, which takes the node's replayed change (≤ ${grouped(slackPages)} pages the model's), and the other zones kept their own; not a test`,
  };
}

/**
 * Why the per-zone rows at the capture's end follow the replayed demand, or undefined: when the capture's tasks gave
 * back all they took (nr_free_pages at its last sample, `freeLast`, at or above its first, `freeFirst`), every page the
 * replay reclaimed or left resident was freed again by the replayed frees — zap_pte_range() at exit frees a page where
 * it is, in memory or as a swap slot — so the end is the start plus the capture's own frees, whatever reclaim did. Only
 * zsmalloc's pages still held and the allocations the tasks were still owed at the end are the model's: demand-bound
 * when those are within FIDELITY_LIMIT_PCT of `zonePages` (the largest zone's observed free pages) and the replay has
 * one zone — with several, the node's sum comes back but how it splits between the zones is the model's.
 */
export function endFollowsReturnedDemand(o: ScenarioOutput, freeFirst: number, freeLast: number, zonePages: number): string | undefined {
  // The node's pages come back; which zone each lands in is the model's (zonelist fallback, lowmem_reserve): one zone only.
  if (!(freeLast >= freeFirst) || o.bins === 0 || Object.keys(o.zoneFreeEnd ?? {}).length !== 1) return undefined;
  const last = o.bins - 1;
  const slack = o.zramMemUsed[last] / PAGE + o.allocBacklog[last];
  if (!(slack <= (FIDELITY_LIMIT_PCT / 100) * zonePages)) return undefined;
  return `follows the replayed demand: the capture's tasks gave back all they took (nr_free_pages ${grouped(freeFirst)} at its first sample, `
    + `${grouped(freeLast)} at its last), so every page the replay reclaimed or left resident was freed again by the replayed frees `
    + `(zap_pte_range() frees a page where it is, in memory or as a swap slot) into the node's only zone; only zsmalloc's pages still held and allocations still owed `
    + `(≤ ${grouped(slack)} pages) are the model's; not a test`;
}

/**
 * Why the reclaim window's edges follow the replayed memcg charges, or undefined: with no global reclaim on either
 * side, swap-out is memcg reclaim of the capture's own charges, which can trail them only by its largest backlog at
 * its own pace (pages ÷ memcg reclaim's pages per second of its time) — a window `lengthS` long is then off by at
 * most that delay; demand-bound when the delay is within the limit.
 */
export function windowFollowsDemand(o: ScenarioOutput, whole: CaptureFigures['rates'], lengthS: number): string | undefined {
  if (!noGlobalReclaim(o, whole) || o.totals.memcgNs === 0) return undefined;
  const perS = (o.totals.pgstealAnon + o.totals.pgstealFile) / (o.totals.memcgNs / 1e9);
  const delayS = (peak(o.memcgBacklog) + total(o.memcgGivenUp)) / perS;
  if (!(delayS <= (FIDELITY_LIMIT_PCT / 100) * lengthS)) return undefined;
  return `follows the replayed demand: ${NO_GLOBAL}, so swap-out is memcg reclaim of the capture's own charges, `
    + `trailing them by at most ${delayS < 0.1 ? `${(delayS * 1000).toFixed(0)} ms` : `${delayS.toFixed(1)} s`} (its largest backlog at its own pace); not a test`;
}

/**
 * Why zram's pool size (mem_used at bin `peak`) is a fit rather than a test, or undefined: with no global reclaim on
 * either side and memcg reclaim of the capture's own charges keeping up to `peak` (memcgStealFollowsDemand over the run
 * so far, `whole`: the capture's rates), the pages held are the capture's swap-outs less its replayed swap-ins and slot
 * frees, and only their compressed size is the model's — from the page corpus fitted to this capture's zram figures.
 */
export function poolFollowsDemand(o: ScenarioOutput, peak: number, whole: CaptureFigures['rates']): string | undefined {
  if (!noGlobalReclaim(o, whole) || !memcgStealFollowsDemand(o, 0, peak, whole)) return undefined;
  return `pages held follow the replayed demand: ${NO_GLOBAL}, so they are memcg reclaim of the capture's own charges less its replayed swap-ins and slot frees, `
    + 'and their compressed size is the page corpus fitted to this capture\'s zram figures: a fit, not a test';
}
