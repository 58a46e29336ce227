// kswapd CPU % in the reclaim window: Δsum_exec_runtime of a kswapd task CPU series at the samples nearest the window
// edges (schedstat), else kswapd's on-CPU intervals from sched_switch clipped to it.
import type { Capture } from '../capture/types';
import { nearestIndex } from './series';
import { overlapS } from './timeline';
import { traceCoverage } from './traceCoverage';

export interface KswapdCpu {
  cpuPct: number | null;
  cpuSource: 'schedstat' | 'sched_switch' | null;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function kswapdCpu(c: Capture, startS: number, endS: number): KswapdCpu {
  const task = c.taskCpu?.find((t) => t.comm.startsWith('kswapd') && t.times.length > 1);
  if (task) {
    const a = nearestIndex(task.times, startS);
    const b = nearestIndex(task.times, endS);
    const dt = task.times[b] - task.times[a];
    const ns = task.sumExecNs[b] - task.sumExecNs[a];
    if (dt > 0 && Number.isFinite(ns)) return { cpuPct: round2((ns / 1e9 / dt) * 100), cpuSource: 'schedstat' };
  }
  // Over the part of the window the trace covers (traceCoverage): on-CPU time outside the trace is unseen, not zero.
  const cov = traceCoverage(c.trace, { startS, endS });
  const [a, b] = cov?.partial ? [cov.startS, cov.endS] : [startS, endS];
  if (c.trace && (c.trace.events.sched_switch ?? 0) > 0 && b > a) {
    return { cpuPct: round2((overlapS(c.trace.kswapd.onCpu, a, b) / (b - a)) * 100), cpuSource: 'sched_switch' };
  }
  return { cpuPct: null, cpuSource: null };
}

/** Why kswapdCpu() is null, in words: a kswapd run-time file with too few usable samples (fault 15: one row left
 *  after the cut one was rejected) is named, not reported as no file at all. */
export function kswapdCpuMissing(c: Capture): string {
  const task = c.taskCpu?.find((t) => t.comm.startsWith('kswapd'));
  const file = task?.source.split('/').pop();
  if (task && task.times.length < 2) return `${file} has only ${task.times.length} usable sample${task.times.length === 1 ? '' : 's'} of kswapd's run time (an interval needs two)`;
  if (task) return `${file}'s samples of kswapd's run time nearest the window's edges are one and the same`;
  if (c.trace) return 'no kswapd schedstat series, and the trace has no sched_switch events over the window';
  return 'no kswapd schedstat series or sched_switch trace';
}
