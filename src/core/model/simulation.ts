// runScenario(): builds one scenario's environment (scenario.ts), starts its processes — the tasks, kswapd and,
// with an offload policy, kcompressd — and runs the clock to the end, sampling the series.
import { CancelledError } from '../errors';
import { Kcompressd, WorkerWrites, type OffloadPolicy } from './kcompressd';
import type { Task } from './cpus';
import { Kswapd } from './kswapd';
import { ScenarioContext, type ScenarioOutput, type ScenarioSetup } from './scenario';
import { Tasks } from './tasks';
import { writeCost } from './vmscan';
import { PAGE_SIZE } from './zram/pageClasses';

export { SWAP_CLUSTER_MAX } from './scenario';
export type { ScenarioOutput } from './scenario';

// Series samples run after every other event at the same time.
const P_SAMPLE = 2;

export async function runScenario(setup: ScenarioSetup & { offload?: OffloadPolicy },
  hooks: { signal?: AbortSignal; onProgress?: (f: number) => void } = {}): Promise<ScenarioOutput> {
  const ctx = new ScenarioContext(setup);
  const { ev, out, w } = ctx;
  const write = writeCost(ctx.costs);
  ctx.kswapd = new Kswapd(ctx, out.kswapd, write);
  if (setup.offload) {
    const policy = setup.offload;
    // Each worker's writes, kept for its next batches; their writeback's end wakes a throttled kswapd.
    const writers = new Map<Task, WorkerWrites>();
    const writebackEnded = (n: number) => ctx.kswapd.writebackDone(n);
    ctx.kcompressd = new Kcompressd(ev, ctx.cpus, policy, out.bins, out.binNs, write, (pages, n, worker, done) => {
      let w = writers.get(worker);
      if (!w) writers.set(worker, (w = new WorkerWrites(ctx, policy, worker, write, writebackEnded)));
      w.start(pages, n, done);
    });
    out.kcompressd = ctx.kcompressd;
  }
  new Tasks(ctx, write).start();
  if (w.kswapdAwakeAtStart) ctx.kswapd.runningAtStart();
  const sample = (i: number) => {
    out.freePages[i] = ctx.node.free;
    if (i === out.bins - 1) out.zoneFreeEnd = ctx.node.zoneFree();
    ctx.noteFree();
    out.fifoDepth[i] = ctx.kcompressd ? ctx.kcompressd.depth() : 0;
    out.fifoDeepest[i] = ctx.kcompressd ? ctx.kcompressd.deepestFifo() : 0;
    // mm_stat's first three fields, read without building the whole of it (its sizes pass 2^30 as a run goes on).
    const zram = ctx.swap.zram;
    out.zramOrig[i] = zram.storedPages * PAGE_SIZE;
    out.zramCompr[i] = zram.comprDataSize;
    out.zramMemUsed[i] = zram.poolPages * PAGE_SIZE;
  };
  // Each sample schedules the next, so the queue holds one sample event instead of every bin's (a short heap).
  const sampleAt = (i: number): void => ev.at(Math.min(w.durationNs, (i + 1) * out.binNs) - 1, P_SAMPLE, () => {
    sample(i);
    if (i + 1 < out.bins) sampleAt(i + 1);
  });
  sampleAt(0);
  const stepNs = 1e9;
  for (let t = stepNs; ; t += stepNs) {
    if (hooks.signal?.aborted) throw new CancelledError();
    const until = Math.min(t, w.durationNs);
    ev.runUntil(until);
    hooks.onProgress?.(until / w.durationNs);
    if (until >= w.durationNs) break;
    await new Promise<void>((r) => setImmediate(r));
  }
  ctx.kcompressd?.finish();
  ctx.kswapd.finish();
  return out;
}
