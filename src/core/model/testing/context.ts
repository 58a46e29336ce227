// Test helper: a scenario context over one Normal zone with a hand-set workload, so an actor's kernel behaviour can be
// driven step by step.
import type { PageCosts } from '../costs';
import { Kswapd } from '../kswapd';
import { ScenarioContext, type ScenarioSetup } from '../scenario';
import type { Workload } from '../workload';
import { PageCorpus } from '../zram/corpus';
import { writeCost } from '../vmscan';

export const TEST_COSTS: PageCosts = {
  scan: 1000, unmap: 2000, tlb: 0, file: 0, store: 1000, same: 100, queue: 100,
  compress: Float64Array.of(0, 0, 8000, 8000, 8000, 8000), compressShare: 0.5,
};

let corpus: PageCorpus | undefined;

type TestOptions = { free: number; min?: number; low?: number; high?: number; managed?: number; anon?: number;
  cpus?: number; w?: Partial<Workload>; costs?: Partial<PageCosts> };

/** The scenario setup behind testContext(): one Normal zone, the hand-set workload, TEST_COSTS. */
export function testSetup(opts: TestOptions): ScenarioSetup {
  const min = opts.min ?? 1_000;
  const low = opts.low ?? 10_000;
  const high = opts.high ?? 20_000;
  const managed = opts.managed ?? 1_000_000;
  corpus ??= PageCorpus.build({ algorithm: 'lz4', seed: 1 });
  const w: Workload = {
    originS: 0, durationNs: 10e9, endNs: Float64Array.of(10e9), globalDemand: new Float64Array(1), memcgDemand: new Float64Array(1),
    swapIn: new Float64Array(1), swapInZero: new Float64Array(1), slotFrees: new Float64Array(1), maxRatePagesPerS: 1e6,
    fileLruPages: 0, faultNs: 1000, initialFreePages: opts.free, anonPages: Float64Array.of(opts.anon ?? managed - opts.free),
    lruYoungShareAtStart: 0,
    scanAnonShare: 1, anonReclaimable: 1, fileReclaimable: 1, zeromap: true, availability: 1,
    watermarks: { min, low, high }, zones: [{ name: 'Normal', min, low, high, managed, reserve: 0, free: opts.free }],
    saturate: false, notes: [], ...opts.w,
  };
  return { workload: w, costs: { ...TEST_COSTS, ...opts.costs }, cpus: opts.cpus ?? 2, corpus, seed: 1, binNs: 1e8 };
}

export function testContext(opts: TestOptions): ScenarioContext {
  const ctx = new ScenarioContext(testSetup(opts));
  ctx.kswapd = new Kswapd(ctx, ctx.out.kswapd, writeCost(ctx.costs));
  return ctx;
}
