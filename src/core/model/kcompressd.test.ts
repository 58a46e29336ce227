// kcompressd's FIFOs: v1's first fit over 4 × 4096 entries and -EBUSY when all are full; mm's single 256-folio FIFO
// fills under the same burst.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Cpus, Task } from './cpus';
import { EventQueue } from './eventQueue';
import { Kcompressd, mmPolicy, v1Policy } from './kcompressd';
import { Rng } from './rng';
import { PageCorpus } from './zram/corpus';

function burst(policy: ReturnType<typeof v1Policy>, pages: number) {
  const ev = new EventQueue();
  const cpus = new Cpus(ev, 2, 1);
  cpus.run(new Task('kswapd0', 1, 1e9), 1e9, () => {}); // kswapd holds one core while it queues
  const written: number[] = [];
  const kc = new Kcompressd(ev, cpus, policy, 1, 1e9, () => 10_000, (p) => written.push(p.length));
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

test('first fit spills to the next worker only when the first FIFO is full', () => {
  const v1 = burst(v1Policy(2, 100), 300);
  assert.ok(v1.kc.pages[0] > 0 && v1.kc.pages[1] > 0);
  assert.equal(v1.refused, 300 - 2 * (100 + 1));
});
