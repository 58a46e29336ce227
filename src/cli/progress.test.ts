import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withTtyProgress } from './progress';

function onStderr(isTTY: boolean, body: () => Promise<void>): Promise<string> {
  const prev = process.stderr.isTTY;
  const write = process.stderr.write;
  let out = '';
  process.stderr.isTTY = isTTY;
  process.stderr.write = ((s: string) => { out += s; return true; }) as typeof process.stderr.write;
  return body().then(() => out).finally(() => {
    process.stderr.isTTY = prev;
    process.stderr.write = write;
  });
}

test('on a terminal, progress is shown on one line and cleared afterwards, also on failure', async () => {
  const out = await onStderr(true, async () => {
    assert.equal(await withTtyProgress(async (p) => { p?.({ fraction: 0.42, label: 'parsing' }); return 7; }), 7);
    await assert.rejects(withTtyProgress(async () => { throw new Error('boom'); }), /boom/);
  });
  assert.match(out, /42% parsing/);
  assert.equal(out.split('\r\x1b[K').length - 1, 3); // one for the update, one clear per call
});

test('without a terminal nothing is written and no callback is given', async () => {
  const out = await onStderr(false, async () => {
    await withTtyProgress(async (p) => { assert.equal(p, undefined); });
  });
  assert.equal(out, '');
});
