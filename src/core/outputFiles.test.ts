import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from './capture/testing/tempFiles';
import { makeDirs, probeWritableDir, probeWritableFile } from './outputFiles';

const code = (f: () => void): string | undefined => {
  try {
    f();
    return undefined;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code;
  }
};

// The timeout only turns a hang (Node's recursive mkdir on procfs) into a failure; nothing is timed.
test('makeDirs makes missing levels and fails with an errno, never loops, under a file or procfs', { timeout: 60_000 }, () => {
  const dir = tempDir({ 'file.txt': 'x' });
  makeDirs(join(dir, 'a', 'b', 'c'));
  assert.ok(statSync(join(dir, 'a', 'b', 'c')).isDirectory());
  makeDirs(join(dir, 'a', 'b'));
  assert.equal(code(() => makeDirs(join(dir, 'file.txt', 'sub', 'deeper'))), 'ENOTDIR');
  if (existsSync('/proc/self')) assert.equal(code(() => makeDirs('/proc/reclaim-replay-nocache/x')), 'ENOENT');
});

test('probes write for real and leave no trace: a new file is removed, an existing one keeps its bytes', { timeout: 60_000 }, () => {
  const dir = tempDir({ 'old.json': 'kept' });
  probeWritableFile(join(dir, 'new.json'));
  probeWritableFile(join(dir, 'old.json'));
  assert.deepEqual(readdirSync(dir), ['old.json']);
  assert.equal(readFileSync(join(dir, 'old.json'), 'utf8'), 'kept');
  probeWritableDir(join(dir, 'out', 'batch'));
  assert.deepEqual(readdirSync(join(dir, 'out', 'batch')), []);
  assert.equal(code(() => probeWritableFile(join(dir, 'old.json', 'x.html'))), 'ENOTDIR');
  assert.equal(code(() => probeWritableDir(join(dir, 'old.json', 'batch'))), 'ENOTDIR');
  if (existsSync('/proc/self')) {
    assert.equal(code(() => probeWritableFile('/proc/foo.html')), 'ENOENT');
    assert.equal(code(() => probeWritableDir('/proc/x')), 'ENOENT');
  }
});
