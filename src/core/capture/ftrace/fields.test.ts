import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FieldReader, key } from './fields';

const reader = (s: string) => {
  const b = Buffer.from(s);
  return new FieldReader().reset(b, 0, b.length);
};

test('reads ints (decimal, negative, hex) and strings by key, in any order, tolerating extra keys', () => {
  const f = reader('nid=0 nr_scanned=64 nr_reclaimed=-3 pfn=0x62faf flags=RECLAIM_WB_ANON|RECLAIM_WB_ASYNC memcg=12');
  assert.equal(f.int(key('pfn')), 0x62faf);
  assert.equal(f.int(key('nr_scanned')), 64); // before the previous match: found by the fallback scan
  assert.equal(f.int(key('nr_reclaimed')), -3);
  assert.equal(f.str(key('flags')), 'RECLAIM_WB_ANON|RECLAIM_WB_ASYNC');
  assert.equal(f.int(key('memcg')), 12);
  assert.ok(Number.isNaN(f.int(key('missing'))));
  assert.ok(Number.isNaN(f.int(key('flags'))));
});

test('a key matches whole names only', () => {
  const f = reader('nr_activate_anon=5 nr_activate=7');
  assert.equal(f.int(key('nr_activate')), 7);
  assert.equal(reader('xnid=1 nid=2').int(key('nid')), 2);
});

test('strUntil keeps spaces inside comms', () => {
  const f = reader('prev_comm=Jit thread pool prev_pid=4435 prev_prio=120 prev_state=S ==> next_comm=a b next_pid=1 next_prio=120');
  assert.equal(f.strUntil(key('prev_comm'), key('prev_pid')), 'Jit thread pool');
  assert.equal(f.int(key('prev_pid')), 4435);
  assert.equal(f.strUntil(key('next_comm'), key('next_pid')), 'a b');
  assert.equal(f.int(key('next_pid')), 1);
});

test('property: any key=value list reads back, whatever the order of lookups', () => {
  fc.assert(fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z_]{1,12}$/), { minLength: 1, maxLength: 8 }), fc.array(fc.integer({ min: -1e9, max: 1e9 }), { minLength: 8, maxLength: 8 }),
    (keys, vals) => {
      const f = reader(keys.map((k, i) => `${k}=${vals[i]}`).join(' '));
      for (const i of [...keys.keys()].reverse()) assert.equal(f.int(key(keys[i])), vals[i]);
    }));
});
