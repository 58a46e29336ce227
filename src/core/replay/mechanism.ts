// Where a kcompressd prediction that goes against intuition comes from, read from the two scenarios' own counters
// over the headline's window: a gain bought with CPU share the other tasks lose (CFS gives each runnable reclaim
// thread its own share), and a zram pool that grows faster than the steal rate (pages written to zram whose
// folios are freed only on a later scan). Each line is stated only when the counters show it (trial13 #4).
import type { ScenarioOutput } from '../model/scenario';
import { sum, zramPeakBin, type BinWindow } from './scenarioFigures';
import { counted } from '../warnings';
import { grouped } from '../numberText';
import { PAGE_SIZE as PAGE } from '../model/zram/pageClasses';

const r1 = (x: number) => grouped(x, 1);
const n = (x: number) => grouped(x);

/** The reclaim threads' CPU over `w`, % of one core: kswapd, the tasks in direct/memcg reclaim, kcompressd's workers. */
function reclaimCpuPct(o: ScenarioOutput, w: BinWindow): number {
  let ns = sum(o.kswapd.busyBins, w.first, w.last) + sum(o.tasks.busyBins, w.first, w.last);
  for (const t of o.kcompressd?.tasks ?? []) ns += sum(t.busyBins, w.first, w.last);
  return (ns / (w.seconds * 1e9)) * 100;
}

/** Pages written to swap (pswpout + swpout_zero) less anon pages stolen, from the start to bin `last`: folios whose
 *  copy is in zram while the folio itself is still on the LRU (swap cache), waiting for a scan to free it. */
function writtenNotFreed(o: ScenarioOutput, last: number): number {
  return sum(o.swapOut, 0, last) - sum(o.pgstealAnon, 0, last);
}

/**
 * One line per mechanism the counters show behind the prediction (empty when none applies):
 * - the gain is CPU share: with kcompressd the reclaim threads ran ≥ 5 % more of a core and the pages stolen per
 *   reclaim CPU-second stayed within ±10 % (the same cost per page), so the extra pages are the extra CPU, which
 *   CFS takes from the capture's other runnable tasks;
 * - zram mem_used rose ≥ 0.1 more than the steal rate: because the pages written but not yet freed grew by at least
 *   half the pool's growth (copies of folios still on the LRU), else because the extra pages swapped out did (the
 *   pool keeps only what was not swapped in or freed, so extra swap-outs weigh more in it than in the rate).
 * `speedup` is kcompressd ÷ today's pgsteal_anon/s over the windows `wb` (today) and `wk` (kcompressd).
 */
export function predictionMechanism(base: ScenarioOutput, kc: ScenarioOutput, wb: BinWindow, wk: BinWindow, cpus: number, speedup: number | undefined): string[] {
  const out: string[] = [];
  const [cpuB, cpuK] = [reclaimCpuPct(base, wb), reclaimCpuPct(kc, wk)];
  const perCpuS = (o: ScenarioOutput, w: BinWindow, cpu: number) => (cpu > 0 ? sum(o.pgstealAnon, w.first, w.last) / w.seconds / (cpu / 100) : 0);
  const [costB, costK] = [perCpuS(base, wb, cpuB), perCpuS(kc, wk, cpuK)];
  if (speedup !== undefined && speedup > 1.05 && cpuK > cpuB * 1.05 && costB > 0 && Math.abs(costK / costB - 1) <= 0.1) {
    out.push(`gain from CPU share: kswapd, the workers and the tasks' reclaim ran ${r1(cpuK)} % of a core in all, against ${r1(cpuB)} % today `
      + `(+${r1(cpuK - cpuB)} points on ${counted(cpus, 'CPU')}), at the same cost per page (${n(costB)} → ${n(costK)} pages stolen per reclaim CPU-second): `
      + 'CFS gives each runnable worker its own share of a core beside kswapd, and that share is taken from the other tasks');
  }
  const memUsed = (o: ScenarioOutput, w: BinWindow) => {
    const peak = zramPeakBin(o, w.first, w.last);
    return { peak, bytes: o.zramMemUsed[peak], orig: o.zramOrig[peak] };
  };
  const [zB, zK] = [memUsed(base, wb), memUsed(kc, wk)];
  const steal = speedup ?? 1;
  const grownPages = (zK.orig - zB.orig) / PAGE;
  if (zB.bytes > 0 && zK.bytes / zB.bytes > steal + 0.1 && grownPages > 0) {
    const head = `zram mem_used ×${(zK.bytes / zB.bytes).toFixed(2)} against pgsteal_anon/s ×${steal.toFixed(2)}: by the pool's peak`;
    const [heldB, heldK] = [writtenNotFreed(base, zB.peak), writtenNotFreed(kc, zK.peak)];
    const [outB, outK] = [sum(base.swapOut, 0, zB.peak), sum(kc.swapOut, 0, zK.peak)];
    if (heldK - heldB >= grownPages / 2) {
      out.push(`${head} ${n(heldK)} pages were written to zram but their folios not yet freed (today ${n(heldB)}): they stay on the LRU until a later scan `
        + `frees them, so zram holds ${n(grownPages)} more pages' copies without reclaim freeing more memory`);
    } else if (outK - outB >= grownPages / 2 && outB > 0) {
      out.push(`${head} kcompressd swapped out ${n(outK - outB)} more pages (${n(outB)} → ${n(outK)}) and the pool grew by ${n(grownPages)}: `
        + `the pool holds what was swapped out less what was swapped in or freed (today ${((zB.orig / PAGE / outB) * 100).toFixed(0)} % of it), so the extra pages weigh more in it than in the rate`);
    }
  }
  return out;
}

/** The "limited by" lines with the mechanism's after the slow-down's own line (which leads when the prediction is
 *  slower) and before the limits; none when kcompressd never engaged (that line stands alone). */
export function withMechanism(limitedBy: string[], mechanism: string[]): string[] {
  if (limitedBy[0]?.startsWith('no bound applies:')) return limitedBy;
  const lead = limitedBy[0]?.startsWith('slower:') ? 1 : 0;
  return [...limitedBy.slice(0, lead), ...mechanism, ...limitedBy.slice(lead)];
}
