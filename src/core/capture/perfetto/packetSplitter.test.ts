import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { PacketSplitter, type Split } from './packetSplitter';

const TRACE = readFileSync(join(resolve(__dirname, '../../../../test/fixtures/perfetto'), 'scenario.pftrace'));

/** Every split of `bytes` fed in chunks of `size`. */
function splitAll(bytes: Buffer, size: number): Split[] {
  const s = new PacketSplitter();
  const out: Split[] = [];
  const drain = (done: boolean) => {
    for (let n = s.next(done); n.kind === 'packet' || n.kind === 'cut'; n = s.next(done)) {
      out.push(n);
      if (n.kind === 'cut') return;
    }
  };
  for (let i = 0; i < bytes.length; i += size) {
    s.push(bytes.subarray(i, i + size));
    drain(false);
  }
  drain(true);
  return out;
}

test('the same packets whatever the chunk boundaries (one byte at a time, or the whole trace at once)', () => {
  const whole = splitAll(TRACE, TRACE.length);
  assert.equal(whole.filter((s) => s.kind === 'packet').length, 8);
  for (const size of [1, 2, 3, 7, 64]) assert.deepEqual(splitAll(TRACE, size), whole, `chunks of ${size}`);
});

test('other top-level fields are skipped by wire type; a trace ending inside a field ends with a cut at its start', () => {
  // field 2 varint 300, field 3 fixed64, field 4 fixed32, then the trace.
  const other = Buffer.from([0x10, 0xac, 0x02, 0x19, 1, 2, 3, 4, 5, 6, 7, 8, 0x25, 1, 2, 3, 4]);
  const out = splitAll(Buffer.concat([other, TRACE]), 5);
  assert.equal(out.filter((s) => s.kind === 'packet').length, 8);
  assert.equal(out[0].kind === 'packet' && out[0].at, other.length);
  const cutAt = TRACE.length - 20;
  const cut = splitAll(TRACE.subarray(0, cutAt), 16);
  const last = cut[cut.length - 1];
  assert.equal(last.kind, 'cut');
  assert.equal(cut.filter((s) => s.kind === 'packet').length, 7);
  assert.throws(() => splitAll(Buffer.from([0x0b, 0x00]), 4), /wire type 3 at byte 0/);
  assert.throws(() => splitAll(Buffer.from([0x0a, ...Array(11).fill(0xff)]), 4), /more than 10 bytes/);
});
