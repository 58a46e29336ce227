// compare and replay --measured-after keep both captures' warnings, at their files (the lab pair: the after
// capture lost events; both traces stop before their reclaim windows end).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadCapture } from '../capture/loadCapture';
import { attachMeasuredAfter } from '../lab/measuredAfter';
import { assertWarning } from '../testing/warnings';
import { warning } from '../warnings';
import { fakeResult } from '../../../test/fixtures/fakeResult';
import { compareCaptures, withPrediction } from './compare';

const lab = join(__dirname, '..', '..', '..', 'captures', 'lab');

test('compare of the lab pair: the after capture\'s lost events, both traces ending early', async () => {
  const [before, after] = await Promise.all(['steady-mm-baseline', 'steady-mm-kcompressd'].map((n) => loadCapture(join(lab, n))));
  const c = compareCaptures(before, after);
  assert.match(assertWarning(c.warnings, 'ftrace.lost-events', { file: 'steady-mm-kcompressd/ftrace.txt.gz', line: 19013 }).message, /^after: /);
  assertWarning(c.warnings, 'ftrace.ends-early', { file: 'steady-mm-kcompressd/ftrace.txt.gz', line: 64713 });
  assert.match(assertWarning(c.warnings, 'ftrace.ends-early', { file: 'steady-mm-baseline/ftrace.txt.gz', line: 78113 }).message, /^before: /);
  // --predict adds the replay's own warnings, not the before capture's again.
  const r = fakeResult(0);
  r.capture = before.root;
  r.warnings = [c.warnings[0], warning('profile.calibration-failed', 'cannot calibrate; using x86-vm')];
  const p = withPrediction(c, r);
  assert.equal(p.warnings.length, c.warnings.length + 1);
  assert.equal(assertWarning(p.warnings, 'profile.calibration-failed').file, before.root);
  // replay --measured-after: the after capture's warnings join the replay's.
  const m = attachMeasuredAfter(fakeResult(0), after);
  assert.match(assertWarning(m.warnings, 'ftrace.lost-events', { file: 'steady-mm-kcompressd/ftrace.txt.gz' }).message, /^measured with kcompressd: /);
});
