import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Capture, TraceSummary } from '../capture/types';
import { kswapdCpu, kswapdCpuMissing } from './kswapdCpu';
import { intervals } from './testSeries';
import { overlapS, reclaimTimeline } from './timeline';

const base: Capture = { root: 'x', sources: [], warnings: [], clock: 'mono' };

function trace(onCpu: [number, number][], sched = 1): TraceSummary {
  const none = { ...intervals([]), pid: new Int32Array(0), nrReclaimed: new Float64Array(0), comms: new Map() };
  return {
    source: 't', firstTs: 0, lastTs: 10, cpus: 2, events: sched ? { sched_switch: sched } : {},
    kswapd: { wakes: 0, sleeps: 0, wakeupRequests: 0, awake: intervals([]), onCpu: intervals(onCpu), pids: [45] },
    directReclaim: none, memcgReclaim: none, lruBatches: {}, writeFolio: {}, throttled: 0, onCpuByComm: {},
  };
}

test('schedstat: Δsum_exec_runtime at the samples nearest the window edges', () => {
  const task = { source: 'k', comm: 'kswapd0', times: Float64Array.from([0, 1, 2, 3]), sumExecNs: Float64Array.from([0, 0, 5e8, 1.2e9]), runDelayNs: new Float64Array(4) };
  assert.deepEqual(kswapdCpu({ ...base, taskCpu: [task], trace: trace([[0, 3]]) }, 1.04, 2.96), { cpuPct: 60, cpuSource: 'schedstat' });
});

test('sched_switch: on-CPU intervals clipped to the window; no data → null', () => {
  assert.equal(overlapS(intervals([[0, 2], [3, 4], [9, 12]]), 1, 10), 3);
  assert.deepEqual(kswapdCpu({ ...base, trace: trace([[0, 2], [3, 4]]) }, 1, 5), { cpuPct: 50, cpuSource: 'sched_switch' });
  assert.deepEqual(kswapdCpu({ ...base, trace: trace([[0, 2]], 0) }, 1, 5), { cpuPct: null, cpuSource: null });
  assert.deepEqual(kswapdCpu(base, 1, 5), { cpuPct: null, cpuSource: null });
});

test('reclaimTimeline exposes the trace timelines, null without a trace', () => {
  const tr = trace([[1, 2]]);
  const tl = reclaimTimeline({ ...base, trace: tr });
  assert.deepEqual([...tl!.kswapdOnCpu.start, ...tl!.kswapdOnCpu.end], [1, 2]);
  assert.equal(tl!.memcgReclaim, tr.memcgReclaim);
  assert.equal(reclaimTimeline(base), null);
});

test('kswapdCpuMissing names a kswapd run-time file left with one usable sample (fault 15), not "no series"', () => {
  const one = { source: '/x/kswapd_cpu.txt', comm: 'kswapd0', times: Float64Array.from([100]), sumExecNs: Float64Array.from([4.6e10]), runDelayNs: new Float64Array(1) };
  const c = { ...base, taskCpu: [one] };
  assert.equal(kswapdCpu(c, 100, 101).cpuPct, null);
  assert.equal(kswapdCpuMissing(c), "kswapd_cpu.txt has only 1 usable sample of kswapd's run time (an interval needs two)");
  assert.equal(kswapdCpuMissing(base), 'no kswapd schedstat series or sched_switch trace');
  assert.match(kswapdCpuMissing({ ...base, trace: trace([], 0) }), /trace has no sched_switch events/);
});
