import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OptionError } from '../errors';
import { BUILTIN_PROFILES, validateProfile } from './builtin';

const copy = () => JSON.parse(JSON.stringify(BUILTIN_PROFILES['x86-vm']));

test('every built-in profile passes its own validation', () => {
  for (const [name, p] of Object.entries(BUILTIN_PROFILES)) assert.doesNotThrow(() => validateProfile(p, name));
});

test('zero, negative, infinite or missing per-page costs are refused with the field named', () => {
  const cases: [(p: any) => void, RegExp][] = [
    [(p) => { p.scanNs = -1; }, /scanNs must be a finite number ≥ 0/],
    [(p) => { p.storeNs = 1 / 0; }, /storeNs must be a finite number ≥ 0 .*got null/],
    [(p) => { p.unmapNs = -1; }, /unmapNs must be a finite number ≥ 0/],
    [(p) => { p.compressNs.lz4.text = 0; }, /compressNs\.lz4\.text must be a finite number > 0/],
    [(p) => { p.compressNs['lzo-rle'].rand = null; }, /compressNs\.lzo-rle\.rand must be a finite number > 0 .*got null/],
    [(p) => { p.cpus = 1e8; }, /cpus must be an integer 1\.\.1024/],
  ];
  for (const [spoil, message] of cases) {
    const p = copy();
    spoil(p);
    assert.throws(() => validateProfile(p, 'p.json'), (e: Error) => e instanceof OptionError && message.test(e.message));
  }
});

test('the all-zero profile of faults/20 is refused naming a compress cost', () => {
  const zero = { name: 'zero', cpus: 2, scanNs: 0, unmapNs: 0, fileNs: 0, storeNs: 0, sameNs: 0, queueNs: 0,
    compressNs: Object.fromEntries(['lz4', 'lzo-rle'].map((a) => [a, { zero: 0, fill: 0, text: 0, ptr: 0, sparse: 0, rand: 0 }])) };
  assert.throws(() => validateProfile(zero, 'zero.json'), /zero\.json: compressNs\.lz4\.text must be a finite number > 0/);
});

test('cfsTasksPerEntity is optional, and out of [1, 64] it is refused with the field named', () => {
  const ok = { ...copy(), cfsTasksPerEntity: 3.1 };
  assert.equal(validateProfile(ok, 'p.json').cfsTasksPerEntity, 3.1);
  for (const bad of [0.5, 65, 'x', null]) {
    assert.throws(() => validateProfile({ ...copy(), cfsTasksPerEntity: bad }, 'p.json'), (e: Error) => e instanceof OptionError && /cfsTasksPerEntity must be a number in \[1, 64\]/.test(e.message));
  }
});
