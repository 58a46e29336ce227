import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventCounter } from './eventCounter';
import { eventHash, eventHash2 } from './tokenizer';

const look = (c: EventCounter<number>, name: string, pad = '') => {
  const b = Buffer.from(pad + name + ': x');
  const s = pad.length;
  const e = s + Buffer.byteLength(name);
  return c.lookup(b, s, e, eventHash(b, s, e), eventHash2(b, s, e));
};

test('known names get their handler, unknown ones are created once and counted apart', () => {
  const c = new EventCounter<number>();
  c.define('sched_switch', 1);
  assert.throws(() => c.define('sched_switch', 2), /two handlers/);
  for (const [name, pad] of [['sched_switch', ''], ['mm_shrink_slab_start', '  '], ['sched_switch', '   '], ['mm_shrink_slab_start', ''], ['mm_shrink_slab_start', '']]) look(c, name, pad).count++;
  assert.equal(look(c, 'sched_switch').handler, 1);
  assert.equal(look(c, 'mm_shrink_slab_start').handler, null);
  assert.deepEqual(c.counts(), { mm_shrink_slab_start: 3, sched_switch: 2 });
  assert.deepEqual(c.unknown(), { mm_shrink_slab_start: 3 });
});

test('names that share a first hash stay apart', () => {
  // "Aa" and "BB" collide under the ×31 hash; the second hash tells them apart.
  assert.equal(eventHash(Buffer.from('Aa'), 0, 2), eventHash(Buffer.from('BB'), 0, 2));
  const c = new EventCounter<number>();
  look(c, 'Aa').count++;
  look(c, 'BB').count += 2;
  assert.deepEqual(c.counts(), { BB: 2, Aa: 1 });
});
