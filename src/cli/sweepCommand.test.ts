import assert from 'node:assert/strict';
import { test } from 'node:test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OptionError } from '../core/errors';
import { axesFrom, run } from './sweepCommand';

const demo = join(__dirname, '../../captures/demo');

async function stdoutOf(fn: () => Promise<number>): Promise<{ code: number; out: string }> {
  const log = console.log;
  let out = '';
  console.log = (...a: unknown[]) => { out += a.join(' ') + '\n'; };
  try {
    return { code: await fn(), out };
  } finally {
    console.log = log;
  }
}

test('flags become the grid\'s axes; profile files and bad lists are refused', () => {
  assert.deepEqual(axesFrom({ workers: '1,2', queue: '256', algorithm: 'lz4,lzo-rle' }), { workers: [1, 2], queue: [256], algorithm: ['lz4', 'lzo-rle'] });
  assert.throws(() => axesFrom({ profile: 'capture,my.json' }), OptionError);
  assert.throws(() => axesFrom({ cpus: '4,-1' }), /--cpus/);
});

test('--json prints one object per grid point with its options and figures; --csv writes the same points', { skip: !existsSync(demo) && 'captures/demo not found' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sweep-'));
  try {
    const csv = join(dir, 'sweep.csv');
    const { code, out } = await stdoutOf(() => run([demo, '--workers', '1,4', '--cpus', '2,4', '--algorithm', 'lz4,lzo-rle', '--json', '--csv', csv]));
    assert.equal(code, 0);
    const j = JSON.parse(out) as { points: { options: Record<string, unknown>; speedup: number; limit: string; pgstealAnonPerS: { baseline: number } }[] };
    assert.equal(j.points.length, 8);
    const cells = new Set(j.points.map((p) => `${p.options.workers}/${p.options.cpus}/${p.options.algorithm}`));
    assert.equal(cells.size, 8, 'one point per grid cell');
    for (const p of j.points) {
      assert.equal(typeof p.speedup, 'number');
      assert.ok(p.pgstealAnonPerS.baseline > 0);
      assert.match(p.limit, /^(cpu-bound|fifo-full|demand-bound)$/);
    }
    const rows = readFileSync(csv, 'utf8').trimEnd().split('\n').filter((l) => !l.startsWith('#'));
    assert.equal(rows.length, 1 + 8);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
