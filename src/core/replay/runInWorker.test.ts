import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../capture/testing/tempFiles';
import { CancelledError, CaptureError, OptionError } from '../errors';
import { resolveOptions } from './options';
import { ReplayWorker, runReplayInWorker } from './runInWorker';
import type { ReplayOptions } from './types';

const WORKER = join(__dirname, 'testing', 'workerEntry.mjs');

/** A capture folder on disk: /proc/vmstat every 100 ms with 20 k pages/s of demand, and one zone. */
function captureDir(seconds: number): string {
  const snaps: string[] = [];
  for (let i = 0; i <= seconds * 10; i++) {
    const free = Math.max(100_000, 130_000 - 2000 * i);
    const steal = Math.max(0, 2000 * i - 30_000);
    snaps.push(`# t_mono=${(100 + i / 10).toFixed(3)} t_epoch=${(1e9 + i / 10).toFixed(3)}`,
      `nr_free_pages ${free}`, `pgsteal_kswapd ${steal}`, `pgsteal_anon ${steal}`, `pgscan_anon ${2 * steal}`,
      `pswpout ${Math.round(steal * 0.8)}`, `swpout_zero ${Math.round(steal * 0.2)}`);
  }
  const zoneinfo = 'Node 0, zone   Normal\n  pages free     130000\n        min      4000\n        low      100000\n'
    + '        high     120000\n        spanned  4000000\n        present  4000000\n        managed  4000000\n';
  return tempDir({ 'vmstat_snapshots.txt': `${snaps.join('\n')}\n`, 'zoneinfo_before.txt': zoneinfo });
}

test('replays in a worker: progress, then the result with its series as Float64Array', async () => {
  const progress: number[] = [];
  const r = await runReplayInWorker(WORKER, { capturePath: captureDir(3), options: resolveOptions({ profile: 'x86-vm', series: true }) },
    { onProgress: (p) => progress.push(p.fraction) });
  assert.ok(progress.length > 2 && progress.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= progress[i - 1] - 1e-9)));
  assert.ok(r.series!.t instanceof Float64Array);
  assert.equal(typeof r.baseline.pgstealAnonPerS, 'number');
});

test('the worker\'s CaptureError and OptionError come back as themselves, with their messages', async () => {
  const missing = join(captureDir(1), 'nothing-here');
  await assert.rejects(runReplayInWorker(WORKER, { capturePath: missing, options: resolveOptions() }),
    (e: unknown) => e instanceof CaptureError && e.message.includes('nothing-here'));
  await assert.rejects(runReplayInWorker(WORKER, { capturePath: captureDir(1), options: { ...resolveOptions(), kcompressd: 0 } }),
    (e: unknown) => e instanceof OptionError && e.option === '--kcompressd');
  await assert.rejects(runReplayInWorker(WORKER, { capturePath: captureDir(1), options: resolveOptions({ profile: 'p.json' }), profile: { cpus: 2 } }),
    (e: unknown) => e instanceof OptionError && /scanNs/.test(e.message));
});

test('abort terminates the worker and rejects with CancelledError', async () => {
  const ac = new AbortController();
  const started = Date.now();
  const run = runReplayInWorker(WORKER, { capturePath: captureDir(20), options: resolveOptions({ profile: 'x86-vm' }) },
    { signal: ac.signal, onProgress: () => ac.abort() });
  await assert.rejects(run, (e: unknown) => e instanceof CancelledError);
  assert.ok(Date.now() - started < 20_000);
});

test('a kept worker re-runs from its parsed capture and baseline; a changed file is read again', async () => {
  const dir = captureDir(3);
  const w = new ReplayWorker(WORKER);
  try {
    const labels = async (o: Partial<ReplayOptions>) => {
      const seen: string[] = [];
      const r = await w.run({ capturePath: dir, options: resolveOptions({ profile: 'x86-vm', ...o }), cacheDir: null }, { onProgress: (p) => seen.push(p.label) });
      return { r, seen: seen.join(' | ') };
    };
    const first = await labels({ kcompressd: 4 });
    assert.match(first.seen, /parsing .*vmstat_snapshots.*baseline \(kswapd compresses\).*kcompressd v1/);
    const second = await labels({ kcompressd: 1 });
    assert.match(second.seen, /capture kept from the last run.*kcompressd v1/);
    assert.doesNotMatch(second.seen, /parsing|kswapd compresses/);
    assert.deepEqual(second.r.baseline, first.r.baseline);
    appendFileSync(join(dir, 'vmstat_snapshots.txt'), '\n');
    assert.match((await labels({ kcompressd: 1 })).seen, /parsing .*baseline \(kswapd compresses\)/);
    const ac = new AbortController();
    await assert.rejects(w.run({ capturePath: dir, options: resolveOptions({ profile: 'x86-vm', kcompressd: 2 }) }, { signal: ac.signal, onProgress: () => ac.abort() }), CancelledError);
    assert.equal(typeof (await labels({ kcompressd: 3 })).r.kcompressd.pgstealAnonPerS, 'number', 'a cancelled worker is replaced');
  } finally {
    w.dispose();
  }
});
