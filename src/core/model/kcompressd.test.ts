// kcompressd's FIFOs: v1's first fit over 4 × 4096 entries and -EBUSY when all are full; mm's single 256-folio FIFO
// fills under the same burst.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Cpus, Task } from './cpus';
import { EventQueue } from './eventQueue';
import { Kcompressd, mmPolicy, queuedToWorker, v1Policy, workerWrite } from './kcompressd';
import { testContext } from './testing/context';
import { writeCost } from './vmscan';
import { Rng } from './rng';
import { MAX_RECLAIM_RETRIES } from './scenario';
import { PageCorpus } from './zram/corpus';

function burst(policy: ReturnType<typeof v1Policy>, pages: number) {
  const ev = new EventQueue();
  const cpus = new Cpus(ev, 2, 1);
  cpus.run(new Task('kswapd0', 1, 1e9), 1e9, () => {}); // kswapd holds one core while it queues
  const written: number[] = [];
  const kc = new Kcompressd(ev, cpus, policy, 1, 1e9, () => 10_000, (_p, n, _w, done) => { written.push(n); done(); });
  const corpus = PageCorpus.build({ algorithm: 'lz4', seed: 1 });
  const rng = new Rng(1);
  let refused = 0;
  for (let i = 0; i < pages; i++) if (!kc.submit(corpus.draw(rng))) refused++;
  const depth = kc.depth();
  ev.runUntil(10e9);
  return { kc, refused, depth, written: written.reduce((a, b) => a + b, 0) };
}

test('a burst of 2000 folios: mm\'s 256-folio FIFO fills and falls back, v1\'s first worker takes it all', () => {
  const mm = burst(mmPolicy(256), 2_000);
  assert.equal(mm.refused, 2_000 - 256 - 1, 'the worker woke on the first folio and took it; then 256 fit');
  assert.ok(mm.kc.fullNs > 0 || mm.kc.fallback > 0);
  const v1 = burst(v1Policy(4, 4096), 2_000);
  assert.equal(v1.refused, 0);
  assert.deepEqual(v1.kc.pages.slice(1), [0, 0, 0], 'first fit: worker 0 only');
  assert.equal(v1.written, 2_000, 'every queued folio is written back');
});

// A window's pages and µs per page are over the same bins as its busy % (trial5: A's worker busy 0.0 % over the
// headline's window beside 16,171 pages over the whole replay).
test('each drain\'s pages and compression CPU land in the bin where it ended, adding up to the totals', () => {
  const ev = new EventQueue();
  const kc = new Kcompressd(ev, new Cpus(ev, 2, 1), v1Policy(1, 4096), 4, 0.25e9, () => 10_000, (_p, _n, _w, done) => done());
  const corpus = PageCorpus.build({ algorithm: 'lz4', seed: 1 });
  const rng = new Rng(1);
  for (let i = 0; i < 100; i++) kc.submit(corpus.draw(rng)); // 100 × 10 µs = 1 ms of work, all in the first 0.25 s
  ev.runUntil(0.5e9);
  ev.at(0.6e9, 0, () => { for (let i = 0; i < 30; i++) kc.submit(corpus.draw(rng)); });
  ev.runUntil(1e9);
  assert.deepEqual([...kc.pageBins[0]], [100, 0, 30, 0]);
  assert.deepEqual([...kc.compressBins[0]], [1e6, 0, 0.3e6, 0]);
  assert.equal(kc.pages[0], 130);
  assert.equal(kc.compressNs[0], 1.3e6);
});

test('first fit spills to the next worker only when the first FIFO is full', () => {
  const v1 = burst(v1Policy(2, 100), 300);
  assert.ok(v1.kc.pages[0] > 0 && v1.kc.pages[1] > 0);
  assert.equal(v1.refused, 300 - 2 * (100 + 1));
});

/** One worker batch written at MIN with nothing but unqueued anon folios on the LRU. */
function writeAtMin(policy: ReturnType<typeof v1Policy>) {
  const ctx = testContext({ free: 1_000, min: 1_000, low: 2_000, high: 3_000, managed: 100_000, anon: 99_000 });
  const corpus = PageCorpus.build({ algorithm: 'lz4', seed: 2 });
  const rng = new Rng(2);
  const pages = Array.from({ length: 256 }, () => corpus.draw(rng));
  for (let i = 0; i < pages.length; i++) queuedToWorker(ctx, policy);
  const worker = new Task(policy.workerName(0), 1, 1e9);
  ctx.kswapd.failures = MAX_RECLAIM_RETRIES; // kswapd has given up on the node: only the worker reclaims here
  let endedAt = -1;
  let freeAtEnd = NaN;
  workerWrite(ctx, policy, worker, writeCost(ctx.costs), pages, pages.length, () => { endedAt = ctx.ev.now; freeAtEnd = ctx.node.free; });
  // Something else frees memory 50 ms later (a task exits): the GFP_NOIO retry can then succeed.
  ctx.ev.at(50e6, 1, () => ctx.node.release(5_000));
  ctx.ev.runUntil(2e9);
  return { ctx, worker, endedAt, freeAtEnd };
}

test('v1\'s worker (PF_MEMALLOC) takes zspages below MIN and ends the writeback at once; the folios rotate to the tail', () => {
  const { ctx, worker, endedAt, freeAtEnd } = writeAtMin(v1Policy(1, 4096));
  assert.equal(endedAt, 0);
  assert.equal(ctx.out.totals.writestalls, 0);
  assert.equal(worker.cpuNs, 0);
  assert.ok(freeAtEnd < 1_000, `the pool went below MIN (free ${freeAtEnd})`);
  assert.deepEqual([ctx.lru.writeback, ctx.lru.rotated], [0, 256]);
});

test('mm\'s kcompressd (no PF_MEMALLOC) at MIN: writestall, GFP_NOIO direct reclaim in its own context that frees nothing, until memory comes back', () => {
  const { ctx, worker, endedAt } = writeAtMin(mmPolicy(256));
  assert.equal(ctx.out.totals.writestalls, 1);
  assert.ok(ctx.out.totals.allocstalls >= 1, 'the worker\'s reclaim is an allocstall');
  assert.equal(ctx.out.totals.pgstealAnon, 0, 'GFP_NOIO frees no anon folio that is not yet in the swap cache');
  assert.ok(ctx.out.totals.pgscanAnon > 1_000, `it scanned ${ctx.out.totals.pgscanAnon} folios`);
  assert.ok(worker.cpuNs > 0, 'the scanning is the worker\'s CPU');
  assert.ok(endedAt >= 50e6, `the folios stayed locked until memory was freed elsewhere (ended at ${endedAt} ns)`);
  assert.deepEqual([ctx.node.inactive.locked, ctx.node.inactive.clean], [0, 256], 'then unlocked, clean, still on the LRU');
});

test('mm\'s kcompressd that reclaims nothing goes straight back into reclaim (reclaim_throttle() never throttles a kthread): it spins on its core', () => {
  const policy = mmPolicy(256);
  const ctx = testContext({ free: 1_000, min: 1_000, low: 2_000, high: 3_000, managed: 3_000, anon: 2_000 });
  const corpus = PageCorpus.build({ algorithm: 'lz4', seed: 2 });
  const rng = new Rng(2);
  const pages = Array.from({ length: 8 }, () => corpus.draw(rng));
  queuedToWorker(ctx, policy);
  ctx.kswapd.failures = MAX_RECLAIM_RETRIES;
  const worker = new Task(policy.workerName(0), 1, 1e9);
  let endedAt = -1;
  workerWrite(ctx, policy, worker, writeCost(ctx.costs), pages, pages.length, () => { endedAt = ctx.ev.now; });
  ctx.ev.at(50e6, 1, () => ctx.node.release(500));
  ctx.ev.runUntil(1e9);
  assert.equal(ctx.out.totals.pgstealAnon, 0, 'GFP_NOIO freed nothing');
  assert.ok(endedAt >= 50e6, `written once memory came back (${endedAt} ns)`);
  assert.ok(worker.cpuNs >= 0.9 * 50e6, `on CPU ${(worker.cpuNs / 1e6).toFixed(1)} ms of the 50 ms it waited: no jiffy naps between calls`);
});
