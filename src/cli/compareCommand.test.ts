import assert from 'node:assert/strict';
import { test } from 'node:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { OptionError } from '../core/errors';
import { run } from './compareCommand';

const demo = join(__dirname, '../../captures/demo');

test('compare wants exactly two captures', async () => {
  await assert.rejects(run([demo]), OptionError);
});

test('--json: rows with before, after and change; both captures\' curves aligned at reclaim start', { skip: !existsSync(demo) && 'captures/demo not found' }, async () => {
  const log = console.log;
  let out = '';
  console.log = (s: string) => { out += s; };
  try {
    assert.equal(await run([demo, demo, '--json']), 0);
  } finally {
    console.log = log;
  }
  const c = JSON.parse(out) as { rows: { key: string; before: number; after: number; changePct: number | null }[]; curves: { metric: string; before: { t: number[] }; after: { t: number[] } }[] };
  const steal = c.rows.find((r) => r.key === 'pgstealAnonPerS')!;
  assert.ok(steal.before > 0);
  assert.equal(steal.after, steal.before);
  assert.equal(steal.changePct, 0);
  const curve = c.curves.find((x) => x.metric === 'pgstealAnonPerS')!;
  assert.deepEqual(curve.before.t, curve.after.t);
  assert.ok(curve.before.t.some((t) => t <= 1) && curve.before.t.some((t) => t > 5), 'time since reclaim start');
});
