import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { OptionError } from '../core/errors';
import { tempDir } from '../core/capture/testing/tempFiles';
import { checkOutputDir, checkOutputPath, writeOutputFile } from './outputPath';

test('an output path that is a folder, or in a missing folder, is refused before any work', () => {
  const dir = tempDir({ 'old.html': 'x' });
  assert.doesNotThrow(() => checkOutputPath('--html', join(dir, 'new.html')));
  assert.doesNotThrow(() => checkOutputPath('--html', join(dir, 'old.html')));
  assert.throws(() => checkOutputPath('--html', dir), (e: Error) => e instanceof OptionError && /is a folder; name a file/.test(e.message));
  assert.throws(() => checkOutputPath('--out', join(dir, 'nope', 'p.json')), (e: Error) => e instanceof OptionError && /^--out: folder .*nope does not exist/.test(e.message));
  assert.throws(() => checkOutputPath('--out', join(dir, 'old.html', 'p.json')), /is not a folder/);
});

test('an output path nothing can write is refused up front, and a failed write at the end is one OptionError line', () => {
  const dir = tempDir({ 'file.txt': 'x' });
  if (existsSync('/proc/self')) {
    assert.throws(() => checkOutputPath('--html', '/proc/foo.html'), (e: Error) => e instanceof OptionError && e.message === '--html: /proc/foo.html: cannot write (ENOENT)');
    assert.throws(() => checkOutputDir('--out', '/proc/x'), (e: Error) => e instanceof OptionError && e.message === '--out: /proc/x: cannot write (ENOENT)');
  }
  assert.throws(() => checkOutputDir('--out', join(dir, 'file.txt', 'batch')), /--out: .*batch: cannot write \(ENOTDIR\)$/);
  assert.throws(() => writeOutputFile('--csv', join(dir, 'file.txt', 'x.csv'), 'a,b\n'), (e: Error) => e instanceof OptionError && /^--csv: .*x\.csv: cannot write \(ENOTDIR\)$/.test(e.message));
  writeOutputFile('--csv', join(dir, 'x.csv'), 'a,b\n');
  assert.equal(readFileSync(join(dir, 'x.csv'), 'utf8'), 'a,b\n');
});
