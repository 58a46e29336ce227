import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeReclaimingCapture } from '../capture/testing/reclaimingCapture';
import { resolveOptions } from '../replay/options';
import { listCaptures } from './plan';
import { runBatch } from './runBatch';
import type { BatchRecord } from './summary';

const WORKER = join(__dirname, '..', 'replay', 'testing', 'workerEntry.mjs');

test('two jobs replay every capture once; a re-run skips current outputs and redoes a changed capture; a bad one is an error record', async () => {
  const root = mkdtempSync(join(tmpdir(), 'rr-fleet-'));
  writeReclaimingCapture(join(root, 'one'), 2000);
  writeReclaimingCapture(join(root, 'two'), 3000);
  mkdirSync(join(root, 'empty'));
  const out = join(root, 'out');
  const { items } = await listCaptures(root);
  const run = { outDir: out, jobs: 2, workerScript: WORKER, options: resolveOptions({ profile: 'x86-vm' }), cacheDir: null };
  const first = await runBatch(items, run);
  assert.deepEqual([first.done, first.skipped, first.failed], [2, 0, 1]);
  const files = readdirSync(out).sort();
  assert.equal(files.length, 3);
  const byId = Object.fromEntries(files.map((f) => JSON.parse(readFileSync(join(out, f), 'utf8')) as BatchRecord).map((r) => [r.batch.id, r]));
  assert.equal(byId.empty.batch.status, 'error');
  assert.match(byId.empty.batch.error!, /no capture files/);
  assert.equal(typeof byId.one.result!.baseline.pgstealAnonPerS, 'number');
  assert.equal((byId.one.result as { series?: unknown }).series, undefined);

  const again = await runBatch(items, run);
  assert.deepEqual([again.done, again.skipped, again.failed], [0, 2, 1], 'an error record is tried again and counted failed again');
  writeFileSync(join(root, 'two', 'vmstat_snapshots.txt'), readFileSync(join(root, 'one', 'vmstat_snapshots.txt')));
  const changed = await runBatch(items, { ...run, jobs: 1 });
  assert.deepEqual([changed.done, changed.skipped, changed.failed], [1, 1, 1]);
  const other = await runBatch(items, { ...run, options: resolveOptions({ profile: 'x86-vm', kcompressd: 2 }) });
  assert.equal(other.done, 2, 'other options make every output stale');
});
