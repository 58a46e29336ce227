// Each CPU's root cfs_rq over time (capture's cfs_rq.txt, from debugfs sched/debug): lines
// `t_mono t_epoch cpuN nr_queued load own_weight` and `t_mono t_epoch kswapd <state> <cpu>`; the lines sharing a
// stamp are one sample. The weight CFS shares each CPU by, which loadavg's count of tasks does not give under
// autogroup (a session's tasks are one entity, weighted by calc_group_shares()).
import { damageWarnings, forEachLine, type LineReadOptions } from './lineSource';
import { LineTally, SeriesBuilder, type SnapshotParse } from './seriesBuilder';
import { counted, lineList, warning, type Warning } from '../warnings';

/** Columns: `cpuN.load` (summed weight of the root's queued entities), `kswapd.runnable` (1 when its state was R). */
export const ROOT_LOAD = '.load';
export const KSWAPD_RUNNABLE = 'kswapd.runnable';
/** A nice-0 task's weight as sched/debug prints it (NICE_0_LOAD, scale_load(1024) on 64-bit). */
export const NICE_0_LOAD = 1024 << 10;

/** A cfs_rq.txt line: stamps, then a CPU's root cfs_rq or kswapd's state. */
export const CFS_RQ_LINE = /^\s*(\d+\.\d+)\s+(\d+\.\d+)\s+(?:(cpu\d+)\s+(\d+)\s+(\d+)\s+(\d+)|kswapd\s+(\S)\S*\s+(\d+|\?))\s*$/;

export async function parseCfsRq(path: string, opts?: LineReadOptions): Promise<SnapshotParse> {
  const b = new SeriesBuilder();
  const tally = new LineTally();
  const damaged: number[] = [];
  let lastMono = NaN;
  const read = await forEachLine(path, (line, lineNo) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const m = CFS_RQ_LINE.exec(line);
    if (!m) {
      tally.miss(lineNo);
      damaged.push(lineNo);
      return;
    }
    const mono = Number(m[1]);
    if (mono !== lastMono) {
      b.begin({ mono, epoch: Number(m[2]) }, lineNo);
      lastMono = mono;
    }
    if (m[3]) b.set(m[3] + ROOT_LOAD, Number(m[5]));
    else b.set(KSWAPD_RUNNABLE, m[7] === 'R' ? 1 : 0);
  }, opts);
  const timed = b.finish(path, () => false);
  const warnings: Warning[] = [...damageWarnings(read), ...timed.warnings];
  if (damaged.length > 0) {
    warnings.push(warning('cfs-rq.damaged-line', `${counted(damaged.length, 'line')} not a stamped root cfs_rq or kswapd line (first at ${lineList(damaged)}); left out`, path, damaged[0]));
  }
  if (b.samples === 0) warnings.push(warning('series.none-found', 'no stamped root cfs_rq line found', path));
  return { ...timed, info: tally.info(path, 'cfs-rq', read.lines), warnings };
}

/**
 * The other runnable entities at each sample, in nice-0 tasks' weight: every CPU's root cfs_rq load summed, less
 * kswapd's own weight when it was runnable (a kernel thread queues on the root as a task of nice 0).
 */
export function otherEntities(s: { columns: Map<string, Float64Array>; times: Float64Array }): Float64Array {
  const loads = [...s.columns].filter(([k]) => k.endsWith(ROOT_LOAD)).map(([, v]) => v);
  const kswapd = s.columns.get(KSWAPD_RUNNABLE);
  return Float64Array.from(s.times, (_, i) => {
    let sum = 0;
    for (const l of loads) sum += Number.isFinite(l[i]) ? l[i] : NaN;
    return Math.max(0, sum / NICE_0_LOAD - (kswapd?.[i] === 1 ? 1 : 0));
  });
}
