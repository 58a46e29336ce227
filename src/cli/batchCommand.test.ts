import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fakeResult } from '../../test/fixtures/fakeResult';
import { outputName } from '../core/batch/plan';
import type { BatchRecord } from '../core/batch/summary';

const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'main.ts'), ...args], { encoding: 'utf8' });

function shard(records: BatchRecord[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'rr-shard-'));
  for (const r of records) writeFileSync(join(dir, outputName(r.batch.id)), JSON.stringify(r));
  return dir;
}

test('--merge names every error row and exits 2 when there is one; 0 when every row succeeded', () => {
  const { series: _s, elapsedMs: _e, ...result } = fakeResult(10);
  const ok: BatchRecord = { batch: { id: 'good', key: 'k1', status: 'ok', wallMs: 10 }, result };
  const bad: BatchRecord = { batch: { id: 'lab', key: 'k2', status: 'error', error: 'lab: no capture files found', wallMs: 1 } };
  const failing = cli('batch', '--merge', shard([ok]), shard([bad]), '--out', mkdtempSync(join(tmpdir(), 'rr-merged-')));
  assert.equal(failing.status, 2, failing.stderr);
  assert.match(failing.stderr, /failed +lab: lab: no capture files found/);
  assert.match(failing.stderr, /merged 2 captures \(1 failed\)/);
  const passing = cli('batch', '--merge', shard([ok]), '--out', mkdtempSync(join(tmpdir(), 'rr-merged-')));
  assert.equal(passing.status, 0, passing.stderr);
  assert.match(passing.stderr, /merged 1 captures \(0 failed\)/);
});
