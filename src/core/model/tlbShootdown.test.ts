// The TLB shootdown's IPIs go only to busy CPUs (should_flush_tlb() skips lazy, i.e. idle, ones): its cost per page
// follows the other CPUs' busy share in cpu_stat, scaled from the share the profile was calibrated at.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkSeries } from '../analysis/testSeries';
import type { Capture } from '../capture/types';
import { testContext } from './testing/context';
import { perfFrameBit } from '../capture/ftrace/perfFrames';
import { ipisPerFolioOf, ipisPerFolioOver, ipiTargetsBusyOf, ipiTargetsBusyOver, MAX_LOG_RATIO_SE, MIN_CALIBRATED_BUSY, MIN_CALIBRATED_IPIS, tlbIdleCostRatio, tlbShootdownByIpisNs, tlbShootdownNs } from './tlbShootdown';
import { MIN_BIN_FOLIOS } from '../analysis/tlbIpis';
import type { TlbFlushSummary } from '../capture/types';
import { shrinkFolioList, writeCost } from './vmscan';

/** cpu_stat ticks at t = 10, 11, 12, 13 s: cpu0 always busy (the reclaimer's); cpu1 busy, then idle half of the
 *  second, then wholly idle. */
const cpuStat = mkSeries([10, 11, 12, 13], {
  'cpu0.busy': [0, 100, 200, 300], 'cpu0.idle': [0, 0, 0, 0],
  'cpu1.busy': [0, 100, 150, 150], 'cpu1.idle': [0, 0, 50, 150],
});
const capture = (extra: Partial<Capture> = {}) => ({ root: 'test', cpuStat, ...extra }) as unknown as Capture;

test('the IPI targets are the CPUs other than the least idle one; their busy share per cpu_stat interval', () => {
  const t = ipiTargetsBusyOf(capture(), 10)!;
  assert.deepEqual([...t.atNs], [1e9, 2e9, 3e9]);
  assert.deepEqual([...t.busy], [1, 0.5, 0]);
  // The reclaimer may run on either CPU: the busier one is taken as its, whichever it is.
  const swapped = mkSeries([10, 11], { 'cpu0.busy': [0, 25], 'cpu0.idle': [0, 75], 'cpu1.busy': [0, 100], 'cpu1.idle': [0, 0] });
  assert.deepEqual([...ipiTargetsBusyOf({ root: 't', cpuStat: swapped } as unknown as Capture, 10)!.busy], [0.25]);
});

test('one online CPU, or no cpu_stat: no IPI targets to read', () => {
  const one = mkSeries([0, 1], { 'cpu0.busy': [0, 100], 'cpu0.idle': [0, 0] });
  assert.equal(ipiTargetsBusyOf({ root: 't', cpuStat: one } as unknown as Capture, 0), undefined);
  assert.equal(ipiTargetsBusyOf({ root: 't' } as unknown as Capture, 0), undefined);
  assert.equal(ipiTargetsBusyOver({ root: 't' } as unknown as Capture, { startS: 0, endS: 9 }), undefined);
});

test('no cpu_stat: the targets\' busy share per second of the trace from the idle task\'s intervals', () => {
  // cpu0 never idle (the reclaimer's); cpu1 idle 10.5–11.5 and 12–13: busy 0.5, 0.5, 0.
  const idle = { start: Float64Array.of(10.5, 12), end: Float64Array.of(11.5, 13) };
  const traced = { root: 't', trace: { cpus: 2, firstTs: 10, lastTs: 13, cpuIdle: [undefined, idle] } } as unknown as Capture;
  const t = ipiTargetsBusyOf(traced, 10)!;
  assert.deepEqual([...t.atNs], [1e9, 2e9, 3e9]);
  assert.deepEqual([...t.busy], [0.5, 0.5, 0]);
  assert.equal(ipiTargetsBusyOver(traced, { startS: 10, endS: 12 }), 0.5);
});

test('the calibration\'s busy share is weighted by the anon pages reclaimed in each interval (by time without vmstat)', () => {
  const span = { startS: 10, endS: 13 };
  assert.equal(ipiTargetsBusyOver(capture(), span), 0.5);
  // Reclaim only in the second with cpu1 wholly busy: the flush samples saw busy targets only.
  const vmstat = mkSeries([10, 11, 12, 13], { pgsteal_anon: [0, 1000, 1000, 1000] });
  assert.equal(ipiTargetsBusyOver(capture({ vmstat }), span), 1);
  assert.equal(ipiTargetsBusyOver(capture({ vmstat }), { startS: 11, endS: 13 }), undefined, 'no pages reclaimed: no weight');
});

test('per page: the calibrated cost ÷ the calibration\'s busy share × the busy share now', () => {
  const t = ipiTargetsBusyOf(capture(), 10)!;
  assert.equal(tlbShootdownNs(8000, 0.8, t, 0.5e9), 10_000, 'targets busy: one IPI round trip per page');
  assert.equal(tlbShootdownNs(8000, 0.8, t, 1.5e9), 5_000);
  assert.equal(tlbShootdownNs(8000, 0.8, t, 2.5e9), 0, 'targets idle (lazy): no IPI');
  assert.equal(tlbShootdownNs(8000, 0.8, t, 9e9), 0, 'after the series: its last interval');
  assert.equal(tlbShootdownNs(8000, undefined, t, 0.5e9), 8000, 'a profile without the share: as measured');
  assert.equal(tlbShootdownNs(8000, 0.8, undefined, 0.5e9), 8000, 'a capture without cpu_stat: as measured');
  assert.equal(tlbShootdownNs(8000, MIN_CALIBRATED_BUSY / 2, t, 0.5e9), 8000, 'too few IPIs in the calibration to price one');
});

test('an IPI to an idle target still costs its price: the cost per page moves between the idle and the busy price', () => {
  const t = ipiTargetsBusyOf(capture(), 10)!;
  // Calibrated at busy 0.8 with an idle-target IPI at half a busy one's price: 8000 = p × (0.5 + 0.5 × 0.8), p = 8889.
  const p = 8000 / 0.9;
  assert.ok(Math.abs(tlbShootdownNs(8000, 0.8, t, 0.5e9, 0.5) - p) < 1e-6, 'targets busy: the busy price');
  assert.ok(Math.abs(tlbShootdownNs(8000, 0.8, t, 1.5e9, 0.5) - p * 0.75) < 1e-6);
  assert.ok(Math.abs(tlbShootdownNs(8000, 0.8, t, 2.5e9, 0.5) - p * 0.5) < 1e-6, 'targets idle: the IPI is still sent, at the idle price');
  assert.equal(tlbShootdownNs(8000, 0.8, t, 2.5e9, 1), 8000, 'idle as dear as busy: as measured');
});

/** kswapd's perf samples on cpu0: `busy` [flush, other anon work] while cpu1 runs (0–10 s), `idle` while it idles (10–20 s). */
function sampled(busy: [number, number], idle: [number, number]): Capture {
  const flush = perfFrameBit('arch_tlbbatch_flush') | perfFrameBit('shrink_folio_list');
  const work = perfFrameBit('try_to_unmap') | perfFrameBit('shrink_folio_list');
  const times: number[] = [];
  const masks: number[] = [];
  const put = ([f, w]: [number, number], t0: number) => {
    const n = f + w;
    for (let i = 0; i < n; i++) {
      times.push(t0 + (10 * i) / n);
      masks.push(i < f ? flush : work);
    }
  };
  put(busy, 0);
  put(idle, 10);
  const none = { start: new Float64Array(0), end: new Float64Array(0) };
  return {
    root: 't',
    trace: { cpus: 2, cpuIdle: [none, { start: Float64Array.of(10), end: Float64Array.of(20) }] },
    perf: { periodNs: 1e6, byComm: {}, timeline: { kswapd0: { times: Float64Array.from(times), masks: Uint32Array.from(masks), cpus: new Int16Array(times.length) } } },
  } as unknown as Capture;
}

test('the idle-target price: odds of the flush against the other anon work, idle targets over busy ones, from the samples', () => {
  const r = tlbIdleCostRatio(sampled([1000, 1000], [500, 1000]), 'kswapd', { startS: 0, endS: 20 });
  assert.ok(!('why' in r));
  assert.ok(Math.abs(r.ratio - 0.5) < 1e-9);
  assert.deepEqual([r.idleSamples, r.busySamples], [1500, 2000]);
  // Only the span's samples: the first half saw no idle target.
  assert.ok('why' in tlbIdleCostRatio(sampled([1000, 1000], [500, 1000]), 'kswapd', { startS: 0, endS: 9.99 }));
  const dear = tlbIdleCostRatio(sampled([1000, 1000], [1500, 1000]), 'kswapd', { startS: 0, endS: 20 });
  assert.equal('why' in dear ? NaN : dear.ratio, 1, 'clamped: an idle target never costs more than a busy one');
});

test('too few samples beside idle targets: no price (the lazy-skip model stands)', () => {
  const r = tlbIdleCostRatio(sampled([1000, 1000], [30, 60]), 'kswapd', { startS: 0, endS: 20 });
  assert.ok('why' in r && r.why.includes(`${MAX_LOG_RATIO_SE * 100} %`), JSON.stringify(r));
  const noCpu = sampled([1000, 1000], [500, 1000]);
  delete (noCpu.perf!.timeline!['kswapd0'] as { cpus?: Int16Array }).cpus;
  assert.ok('why' in tlbIdleCostRatio(noCpu, 'kswapd', { startS: 0, endS: 20 }), 'samples without their CPU');
});

test('shrink_folio_list() charges the shootdown by the targets\' busy share at the time of the batch', () => {
  const ipiTargets = ipiTargetsBusyOf(capture(), 10)!;
  const batchNs = (nowNs: number, tlbTargetsBusy?: number) => {
    const ctx = testContext({ free: 5_000, managed: 100_000, anon: 95_000, costs: { tlb: 10_000, tlbTargetsBusy }, w: { ipiTargets } });
    ctx.ev.now = nowNs;
    return shrinkFolioList(ctx, 32, 'direct', 1, false, writeCost(ctx.costs)).cpuNs;
  };
  assert.equal(batchNs(0.5e9, 1) - batchNs(2.5e9, 1), 32 * 10_000, 'busy target: 32 IPIs; idle target: none');
  assert.equal(batchNs(1.5e9, 0.5) - batchNs(2.5e9, 0.5), 32 * 10_000, 'half busy now, half busy when calibrated: as measured');
});

/** tlb:tlb_flush's per-second kswapd figures (bins from capture second 10): answered IPIs and anon folios. */
function flushed(answered: number[], folios: number[]): Capture {
  const tlbFlush: TlbFlushSummary = {
    reasons: [], perCpu: [], byComm: {}, binStartS: 10, perSecond: [],
    kswapd: { ipiSent: answered, ipiAnswered: answered, anonReclaimed: folios, anonBatches: folios.map((n) => n / 32) },
  };
  return { root: 't', trace: { tlbFlush } } as unknown as Capture;
}

test('answered IPIs per anon folio per second, on the replay\'s time base; a second with too few folios says nothing', () => {
  const c = flushed([1000, 0, 50, 7], [1000, 2000, MIN_BIN_FOLIOS - 1, 700]);
  const r = ipisPerFolioOf(c, 9)!;
  assert.deepEqual([...r.atNs], [2e9, 3e9, 4e9, 5e9]);
  assert.deepEqual([...r.perFolio], [1, 0, NaN, 0.01]);
  assert.equal(ipisPerFolioOver(c, { startS: 10, endS: 12 }), 1000 / 3000);
  assert.equal(ipisPerFolioOf({ root: 't' } as unknown as Capture, 0), undefined);
  assert.equal(ipisPerFolioOver(flushed([0], [0]), { startS: 10, endS: 11 }), undefined);
});

test('arch_tlbbatch_flush(): no IPI while the mm_cpumask holds only kswapd\'s CPU, so the shootdown costs per answered IPI', () => {
  const ipis = ipisPerFolioOf(flushed([1000, 0, 500, 0], [1000, 2000, 1000, 10]), 10)!;
  // Calibrated at 0.8 IPIs per folio: 10 µs per page is 12.5 µs per IPI.
  assert.equal(tlbShootdownByIpisNs(10_000, 0.8, ipis, 0.5e9), 12_500);
  assert.equal(tlbShootdownByIpisNs(10_000, 0.8, ipis, 1.5e9), 0);
  assert.equal(tlbShootdownByIpisNs(10_000, 0.8, ipis, 2.5e9), 6_250);
  assert.equal(tlbShootdownByIpisNs(10_000, 0.8, ipis, 3.5e9), 10_000, 'a second without enough folios: as measured');
  assert.equal(tlbShootdownByIpisNs(10_000, MIN_CALIBRATED_IPIS / 2, ipis, 1.5e9), 10_000, 'a calibration with too few IPIs prices none');
});

test('shrink_folio_list() charges the shootdown by the IPIs answered then when the profile measured them (else by the targets\' busy share)', () => {
  const ipisPerFolio = ipisPerFolioOf(flushed([1000, 0], [1000, 2000]), 10)!;
  const ipiTargets = ipiTargetsBusyOf(capture(), 10)!;
  const batchNs = (nowNs: number, tlbIpisPerFolio?: number) => {
    const ctx = testContext({ free: 5_000, managed: 100_000, anon: 95_000, costs: { tlb: 10_000, tlbTargetsBusy: 0.5, ...(tlbIpisPerFolio !== undefined ? { tlbIpisPerFolio } : {}) }, w: { ipisPerFolio, ipiTargets } });
    ctx.ev.now = nowNs;
    return shrinkFolioList(ctx, 32, 'direct', 1, false, writeCost(ctx.costs)).cpuNs;
  };
  assert.equal(batchNs(0.5e9, 0.5) - batchNs(1.5e9, 0.5), 32 * 20_000, 'an IPI per folio at 0.5 calibrated: twice the cost; none: nothing');
  // Targets busy 1 at 0.5 s and 0.5 at 1.5 s, calibrated at 0.5: 2× and 1× the measured cost.
  assert.equal(batchNs(0.5e9) - batchNs(1.5e9), 32 * 10_000, 'no tlbIpisPerFolio: the busy-share path');
});
