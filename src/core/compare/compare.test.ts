import assert from 'node:assert/strict';
import type { Capture, ReclaimSlices, TraceSummary } from '../capture/types';
import { test } from 'node:test';
import { syntheticCapture } from '../replay/testing/syntheticCapture';
import { fakeResult } from '../../../test/fixtures/fakeResult';
import { compareCaptures, withPrediction } from './compare';
import { measuredAfter } from '../lab/measuredAfter';
import { measuredHeadline } from '../replay/fidelity';
import { analyzeCapture } from '../analysis/figures';

test('figures side by side with the change; curves start at each capture\'s reclaim start', () => {
  const before = syntheticCapture({ seconds: 12, demandPagesPerS: 10_000 }, 'before');
  // The after capture starts later on its clock: alignment is at reclaim start, not at equal clock values.
  const after = syntheticCapture({ seconds: 12, demandPagesPerS: 20_000 }, 'after');
  after.vmstat!.times = after.vmstat!.times.map((t) => t + 500);
  const c = compareCaptures(before, after);
  assert.equal(c.before, 'before');
  const steal = c.rows.find((r) => r.key === 'pgstealAnonPerS')!;
  assert.ok(steal.before! > 0 && steal.after! > steal.before!, JSON.stringify(steal));
  assert.equal(steal.changePct, Math.round(((steal.after! - steal.before!) / steal.before!) * 1000) / 10);
  assert.ok(c.alignedAt.after! - c.alignedAt.before! > 400, `aligned at ${JSON.stringify(c.alignedAt)}`);
  const curve = c.curves.find((x) => x.metric === 'pgstealAnonPerS')!;
  for (const side of [curve.before, curve.after]) {
    assert.ok(side.t.length > 5);
    // Each side's time base starts within a few seconds of its own reclaim start.
    assert.ok(Math.abs(side.t[0]) < 15 && side.t.at(-1)! < 15, `t ${side.t[0]} … ${side.t.at(-1)}`);
    assert.ok(side.y.every((v) => v >= 0));
  }
  const free = c.curves.find((x) => x.metric === 'freeMiB')!;
  assert.equal(free.unit, 'MiB');
  assert.ok(c.rows.every((r) => r.predicted === undefined));
});

test('a figure only one capture has keeps its row without a change', () => {
  const before = syntheticCapture({ seconds: 6, demandPagesPerS: 10_000 });
  const after = syntheticCapture({ seconds: 6, demandPagesPerS: 10_000 });
  after.vmstat!.columns.delete('pgscan_anon');
  const c = compareCaptures(before, after);
  const scan = c.rows.find((r) => r.key === 'pgscanAnonPerS');
  assert.ok(scan && scan.before !== null && scan.after === null && scan.changePct === null, JSON.stringify(scan));
  // Why it is n/a, in replay's words (trial13 F13: compare printed n/a with no reason).
  assert.deepEqual(scan.na, { after: 'no pgscan_anon counter in the capture\'s /proc/vmstat' });
  assert.equal(c.rows.find((r) => r.key === 'pgstealAnonPerS')!.na, undefined, 'a measured row has no reason');
});

test('a replay of BEFORE puts its own kcompressd figures beside the measured AFTER — replay --measured-after\'s prediction — and its change', () => {
  const before = syntheticCapture({ seconds: 6, demandPagesPerS: 10_000 });
  const r = fakeResult(0);
  const c = withPrediction(compareCaptures(before, before), r);
  const row = c.rows.find((x) => x.key === 'pgstealAnonPerS')!;
  // One prediction under one name: the replay's figure, the very number replay --measured-after compares.
  assert.equal(row.predicted, r.kcompressd.pgstealAnonPerS);
  assert.equal(row.predicted, measuredAfter(r, before).rows.pgstealAnonPerS!.predicted);
  const [b, k] = [r.baseline.pgstealAnonPerS as number, r.kcompressd.pgstealAnonPerS as number];
  assert.equal(row.predictedChangePct, Math.round(((k - b) / b) * 1000) / 10, 'the replay\'s × as a change');
  assert.equal(c.predictedBy?.kcompressd, r.options.kcompressd);
  assert.equal(c.rows.find((x) => x.key === 'pgstealAnonPerS')!.changePct, 0, 'a capture against itself changes nothing');
});

// trial5 #2: compare A B read B's memcg reclaim as kswapd CPU 78.8 → 0.0 (−100 %), with no row for who reclaimed.
// trial12 #2: compare showed n/a where replay of the same capture measured 0 ms (a trace covering the window, no slice).
test('who reclaims: reclaimer CPU, direct and memcg reclaim ms rows, the replay\'s measured figures (0 ms from a covering trace with none)', () => {
  const none = { start: new Float64Array(0), end: new Float64Array(0), nrReclaimed: new Float64Array(0) } as unknown as ReclaimSlices;
  const traced = (c: Capture, memcg: ReclaimSlices, events: Record<string, number>): Capture => {
    c.trace = { source: 'trace.txt', firstTs: 99, lastTs: 141, lastLine: 77, cpus: 4, events,
      kswapd: { wakes: 0, sleeps: 0, wakeupRequests: 0, awake: none, onCpu: none, pids: [] }, directReclaim: none, memcgReclaim: memcg, throttled: 0 } as TraceSummary;
    return c;
  };
  const starts = Array.from({ length: 20 }, (_, i) => 100 + 2 * i);
  const memcg = { start: Float64Array.from(starts), end: Float64Array.from(starts, (s) => s + 0.5), nrReclaimed: Float64Array.from(starts, () => NaN) } as unknown as ReclaimSlices;
  const before = traced(syntheticCapture({ seconds: 40, demandPagesPerS: 10_000 }, 'before'), none, { mm_vmscan_kswapd_wake: 3 });
  const after = traced(syntheticCapture({ seconds: 40, demandPagesPerS: 0, memcgPagesPerS: 10_000 }, 'after'), memcg, { mm_vmscan_memcg_reclaim_begin: 20 });
  const c = compareCaptures(before, after);
  const row = (k: string) => c.rows.find((r) => r.key === k);
  assert.deepEqual([row('memcgReclaimMs')?.before, row('memcgReclaimMs')?.after], [0, 10_000]);
  assert.deepEqual([row('directReclaimMs')?.before, row('directReclaimMs')?.after], [0, 0], 'traced over the window, no direct reclaim on either side: 0 ms');
  // One function for both commands: each row is what replay's measured headline reads for that capture.
  for (const [side, cap] of [['before', before], ['after', after]] as const) {
    const head = measuredHeadline(cap, analyzeCapture(cap));
    for (const k of ['directReclaimMs', 'memcgReclaimMs'] as const) assert.equal(row(k)?.[side], Math.round(head[k] as number), `${side} ${k}`);
  }
  assert.equal(row('memcgReclaimMs')?.changePct, null);
  const cpu = row('reclaimerCpuPct')?.after;
  assert.ok(typeof cpu === 'number' && Math.abs(cpu - 25) < 0.5, `the memcg capture's reclaimer CPU: ${cpu}`);
  assert.ok(c.warnings.some((w) => w.code === 'pair.workload-differs'), 'global reclaim against memcg reclaim: two workloads');
  // trial13 F22: the prediction's columns are no test of another workload, said in the result itself.
  assert.match(c.predictionNotATest ?? '', /^the two captures ran different workloads: .*\[pair\.workload-differs\]$/);
  // trial13 F13: a trace that stops before the window ends measures no slices there; the n/a says why, as replay does.
  const early = traced(syntheticCapture({ seconds: 40, demandPagesPerS: 10_000 }, 'early'), none, { mm_vmscan_kswapd_wake: 3 });
  early.trace!.lastTs = 110;
  const e = compareCaptures(early, before).rows.find((r) => r.key === 'directReclaimMs')!;
  assert.equal(e.before, null);
  assert.match(e.na?.before ?? '', /^the trace covers [\d.]+ s of the [\d.]+ s window \(.*ftrace\.ends-early\)$/);
  assert.equal(e.na?.after, undefined);
  assert.equal(compareCaptures(before, before).predictionNotATest, `the after capture shows no kcompressd thread (no kcompressd_cpu_*.txt series, no kcompressd comm in its trace), so it may be today's kernel on another run [pair.after-no-kcompressd]`);
  // Without a trace neither side measures reclaim slices: no n/a rows for them.
  const plain = compareCaptures(syntheticCapture({ seconds: 12, demandPagesPerS: 10_000 }), syntheticCapture({ seconds: 12, demandPagesPerS: 12_000 }));
  assert.ok(!plain.rows.some((r) => r.key === 'memcgReclaimMs' || r.key === 'directReclaimMs'), JSON.stringify(plain.rows.map((r) => r.key)));
});
