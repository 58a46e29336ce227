import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { detectFormat } from './detect';
import { otherEntities, parseCfsRq } from './cfsRq';
import { CFS_RQ_HEADER } from '../record/formats';

const W = 1024 << 10;

test('cfs_rq.txt: one sample per stamp, each CPU\'s root load and kswapd\'s runnable state; the others weigh the sum less kswapd\'s own', async (t) => {
  const dir = fs.mkdtempSync(join(tmpdir(), 'rr-cfsrq-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'cfs_rq.txt');
  fs.writeFileSync(path, `${CFS_RQ_HEADER}\n`
    + `10.000000 1700000000.000000 cpu0 3 ${3 * W} 0\n10.000000 1700000000.000000 cpu1 2 ${W / 2} 0\n10.000000 1700000000.000000 kswapd R 0\n`
    + `10.100000 1700000000.100000 cpu0 1 ${W} 0\n10.100000 1700000000.100000 cpu1 2 ${2 * W} 524288\n10.100000 1700000000.100000 kswapd S 1\n`
    + 'a damaged line\n');
  assert.equal(await detectFormat(path), 'cfs-rq');
  const r = await parseCfsRq(path);
  assert.deepEqual([...r.series.times], [10, 10.1]);
  assert.equal(r.clock, 'mono');
  assert.deepEqual([...r.series.columns.get('kswapd.runnable')!], [1, 0]);
  assert.deepEqual([...otherEntities(r.series)], [2.5, 3], 'runnable kswapd is 1 nice-0 entity of the 3.5 measured');
  assert.equal(r.info.unparsed, 1);
  assert.ok(r.warnings.some((w) => w.code === 'cfs-rq.damaged-line' && w.line === 8));
});
