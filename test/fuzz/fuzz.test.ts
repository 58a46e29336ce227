// A seeded slice of `npm run fuzz` over the repository's own captures: damaged copies parse and replay to sane
// figures or are refused with one line; never a stack, NaN, a negative rate or a thread above 100 %.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { captureFolders, mutate, perfettoTraces, readSeed, rng, runCase } from './fuzzer';

const repo = resolve(__dirname, '../../captures');
const seeds = [...captureFolders(repo), ...perfettoTraces()].map(readSeed);
const dir = mkdtempSync(join(tmpdir(), 'rr-fuzz-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('each mutation changes the bytes the way it says (and is reproducible from its seed)', () => {
  const b = Buffer.from('a 1\nb 2\nc 3\n');
  const lines = (x: Buffer) => x.toString().split('\n').filter(Boolean);
  assert.equal(lines(mutate(b, 'delete', rng(1))).length, 2);
  assert.equal(lines(mutate(b, 'duplicate', rng(1))).length, 4);
  assert.deepEqual(lines(mutate(b, 'swap', rng(3))).sort(), lines(b).sort());
  assert.ok(mutate(b, 'truncate', rng(1)).length < b.length);
  assert.match(mutate(b, 'hugeNumber', rng(2)).toString(), /99999999999999999999|-1|1e308|\b0\b|18446744073709551615/);
  assert.deepEqual(mutate(b, 'bitflip', rng(5)), mutate(b, 'bitflip', rng(5)));
});

test('40 damaged captures: sane figures or a one-line refusal', async () => {
  const bad: string[] = [];
  for (let n = 0; n < 40; n++) {
    const o = await runCase(seeds, 7, n, join(dir, 'case'));
    if (o.kind === 'crash' || o.kind === 'insane') bad.push(`case ${n} (${o.what}): ${o.detail}`);
  }
  assert.deepEqual(bad, []);
});
