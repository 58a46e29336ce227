import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AtraceUnwrapper } from './atrace';
import { CaptureError } from '../../errors';

test('skips everything up to the TRACE: marker, then passes lines through', () => {
  const u = new AtraceUnwrapper('f');
  const kept = ['capturing trace... done', 'a-1 [000] 1.0: before: marker', ' TRACE:', 'a-1 [000] 2.0: e: x'].filter((l, i) => {
    const b = Buffer.from(l);
    return u.next(b, 0, b.length, i + 1) >= 0;
  });
  assert.deepEqual(kept, ['a-1 [000] 2.0: e: x']);
});

test('zlib data right after the marker (atrace -z) is refused with its line', () => {
  const u = new AtraceUnwrapper('f');
  const t = Buffer.from('TRACE:');
  u.next(t, 0, t.length, 1);
  const z = Buffer.from([0x78, 0x9c, 0x01]);
  assert.throws(() => u.next(z, 0, z.length, 2), (e: unknown) => e instanceof CaptureError && e.line === 2);
});
