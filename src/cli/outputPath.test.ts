import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { OptionError } from '../core/errors';
import { tempDir } from '../core/capture/testing/tempFiles';
import { checkOutputPath } from './outputPath';

test('an output path that is a folder, or in a missing folder, is refused before any work', () => {
  const dir = tempDir({ 'old.html': 'x' });
  assert.doesNotThrow(() => checkOutputPath('--html', join(dir, 'new.html')));
  assert.doesNotThrow(() => checkOutputPath('--html', join(dir, 'old.html')));
  assert.throws(() => checkOutputPath('--html', dir), (e: Error) => e instanceof OptionError && /is a folder; name a file/.test(e.message));
  assert.throws(() => checkOutputPath('--out', join(dir, 'nope', 'p.json')), (e: Error) => e instanceof OptionError && /^--out: folder .*nope does not exist/.test(e.message));
  assert.throws(() => checkOutputPath('--out', join(dir, 'old.html', 'p.json')), /is not a folder/);
});
