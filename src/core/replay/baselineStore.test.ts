import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../capture/testing/tempFiles';
import { Task } from '../model/cpus';
import { readBaselines, writeBaselines } from './baselineStore';
import { resolveOptions } from './options';
import { newReplayCache, replay } from './replay';
import { syntheticCapture } from './testing/syntheticCapture';

const opts = (kcompressd: number) => resolveOptions({ profile: 'x86-vm', kcompressd, series: true });

test('baselines read back give the replay a fresh process would compute: the same result, with only the kcompressd run new', async () => {
  const cap = syntheticCapture({ seconds: 4, demandPagesPerS: 20_000 });
  const first = newReplayCache();
  await replay(cap, opts(1), { cache: first });
  assert.equal(first.baselines.size, 1);
  const dir = tempDir({});
  writeBaselines(dir, 'capture-key', first.baselines);
  const read = readBaselines(dir, 'capture-key');
  assert.deepEqual([...read.keys()], [...first.baselines.keys()]);
  const [b] = read.values();
  assert.ok(b.baseline.kswapd instanceof Task && b.validation.tasks instanceof Task, 'CPU accounts are Tasks again');
  const fromDisk = { ...newReplayCache(), baselines: read };
  const progress: string[] = [];
  const again = await replay(cap, opts(2), { cache: fromDisk, onProgress: (p) => progress.push(p.label) });
  const fresh = await replay(cap, opts(2));
  assert.deepEqual({ ...again, elapsedMs: 0, runs: [] }, { ...fresh, elapsedMs: 0, runs: [] });
  // What the elapsed time paid for ("Replayed … three times" / "once"): the cached runs are not counted.
  assert.deepEqual(fresh.runs, ['today', 'kcompressd']); // a fixed profile: the fidelity run is today's own
  assert.deepEqual(again.runs, ['kcompressd']);
  assert.ok(!progress.some((l) => l.startsWith('baseline')), `the baseline did not run again (${[...new Set(progress)].join(', ')})`);
});

test('another capture key, a torn or a foreign file is a miss', async () => {
  const cache = newReplayCache();
  await replay(syntheticCapture({ seconds: 2, demandPagesPerS: 20_000 }), opts(1), { cache });
  const dir = tempDir({});
  writeBaselines(dir, 'key-a', cache.baselines);
  assert.equal(readBaselines(dir, 'key-b').size, 0);
  const [file] = readdirSync(dir);
  writeFileSync(join(dir, file), 'not a v8 value');
  assert.equal(readBaselines(dir, 'key-a').size, 0);
  assert.equal(readBaselines(join(dir, 'missing'), 'key-a').size, 0);
});
