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
