import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Capture, ReclaimSlices, TraceSummary } from '../capture/types';
import { workloadCpuPerPage } from './workloadCpu';

function capture(onCpuS: number[], eaterOnCpu: number | undefined): Capture {
  const slices: ReclaimSlices = {
    start: Float64Array.of(1, 2, 3), end: Float64Array.of(1.5, 2.5, 3.5), pid: Int32Array.of(7, 7, 9),
    nrReclaimed: Float64Array.of(32, 32, 32), onCpuS: Float64Array.from(onCpuS), comms: new Map([[7, 'eater'], [9, 'agent']]),
  };
  const trace = { firstTs: 0, lastTs: 10, directReclaim: slices, onCpuByComm: eaterOnCpu === undefined ? {} : { eater: eaterOnCpu, agent: 5 } } as unknown as TraceSummary;
  const times = Float64Array.from({ length: 11 }, (_, i) => i);
  return { root: 'c', sources: [], warnings: [], clock: 'mono', trace,
    vmstat: { source: 'v', times, columns: new Map([['pgfault', times.map((t) => t * 10_000)]]) } } as unknown as Capture;
}

test('the workload\'s CPU outside its reclaim slices per page faulted over the trace', () => {
  const r = workloadCpuPerPage(capture([0.25, 0.25, NaN], 3.5)); // the agent's untimed slice is not the workload's
  assert.ok(!('why' in r));
  assert.equal(r.comm, 'eater');
  assert.ok(Math.abs(r.outsideS - 3) < 1e-12 && Math.abs(r.usPerPage - 30) < 1e-9, JSON.stringify(r)); // 3 s ÷ 100k faults
});

test('no answer, with why, when the workload\'s switches are partial or not traced', () => {
  assert.match((workloadCpuPerPage(capture([0.25, NaN, 0.1], 3.5)) as { why: string }).why, /only in part/);
  assert.match((workloadCpuPerPage(capture([0.25, 0.25, 0.1], undefined)) as { why: string }).why, /no sched_switch on-CPU time of eater/);
});
