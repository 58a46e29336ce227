import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { writeReclaimingCapture } from '../core/capture/testing/reclaimingCapture';

// tsx by its file: `--import tsx` would resolve from the child's working folder, which is not this repository.
const tsx = pathToFileURL(require.resolve('tsx')).href;
const replayJson = (cwd: string, cache: string, capture: string) => {
  const r = spawnSync(process.execPath, ['--import', tsx, join(__dirname, 'main.ts'), 'replay', capture, '--profile', 'x86-vm', '--json'],
    { cwd, encoding: 'utf8', env: { ...process.env, RECLAIM_REPLAY_CACHE: cache } });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
};

test('replay <absolute path> --json is the same bytes cold and warm, from any folder, after a relative run filled the cache', () => {
  const root = mkdtempSync(join(tmpdir(), 'rr-cache-cli-'));
  const capture = join(root, 'cap');
  writeReclaimingCapture(capture, 2000);
  const cache = join(root, 'cache');
  const uncached = replayJson(tmpdir(), 'off', capture);
  assert.equal(JSON.parse(uncached).capture, capture, 'the capture is named by the given path');
  assert.equal(JSON.parse(replayJson(root, cache, 'cap')).capture, 'cap');
  assert.equal(replayJson(tmpdir(), cache, capture), uncached, 'cold (for this spelling), from one folder');
  assert.equal(replayJson(capture, cache, capture), uncached, 'warm, from another folder');
});
