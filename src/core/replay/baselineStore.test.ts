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
  writeBaselines(dir, 'capture-key', first);
  const fromDisk = readBaselines(dir, 'capture-key');
  assert.deepEqual([...fromDisk.baselines.keys()], [...first.baselines.keys()]);
  assert.deepEqual(fromDisk.profiles, first.profiles);
  assert.deepEqual(fromDisk.plans, first.plans);
  const [b] = fromDisk.baselines.values();
  assert.ok(b.baseline.kswapd instanceof Task && b.validation.tasks instanceof Task, 'CPU accounts are Tasks again');
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
  writeBaselines(dir, 'key-a', cache);
  assert.equal(readBaselines(dir, 'key-a').baselines.size, 1);
  assert.equal(readBaselines(dir, 'key-b').baselines.size, 0);
  const [file] = readdirSync(dir);
  writeFileSync(join(dir, file), 'not a v8 value');
  assert.equal(readBaselines(dir, 'key-a').baselines.size, 0);
  assert.equal(readBaselines(join(dir, 'missing'), 'key-a').baselines.size, 0);
});

test('a stored profile is not calibrated again, and a calibration that failed still says so when read back', async () => {
  const cap = syntheticCapture({ seconds: 2, demandPagesPerS: 20_000 }); // no kswapd CPU: calibration fails
  const calibrated = resolveOptions({ profile: 'capture', kcompressd: 1 });
  const first = newReplayCache();
  const fresh = await replay(cap, calibrated, { cache: first });
  assert.ok(fresh.warnings.some((w) => w.code === 'profile.calibration-failed'));
  const dir = tempDir({});
  writeBaselines(dir, 'capture-key', first);
  const fromDisk = readBaselines(dir, 'capture-key');
  // A profile that could never come from this capture: the replay must take the stored one, not calibrate.
  const [[key, stored]] = fromDisk.profiles;
  fromDisk.profiles.set(key, { ...stored, profile: { ...stored.profile, name: 'stored' } });
  const again = await replay(cap, calibrated, { cache: fromDisk });
  assert.equal(again.profileName, 'stored');
  assert.deepEqual(again.warnings, fresh.warnings);
});
