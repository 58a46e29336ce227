import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dispatcher } from './dispatcher';
import { WriteFolioTracker } from './writeFolioTracker';
import { feed, ftraceLine as L } from './testFeed';

test('per-comm count, span and intra-batch gap percentiles (gaps ≥ 1 ms are batch breaks)', () => {
  const d = new Dispatcher();
  const w = new WriteFolioTracker(d);
  const gaps = [10, 20, 20, 30, 40, 5000, 10, 20, 30, 90]; // µs
  const lines: string[] = [];
  let t = 100;
  const write = (comm: string, pid: number) => L(comm, pid, 0, t, 'mm_vmscan_write_folio', 'page=0 pfn=0x1 flags=RECLAIM_WB_ANON|RECLAIM_WB_ASYNC');
  lines.push(write('kswapd0', 45));
  for (const g of gaps) {
    t += g / 1e6;
    lines.push(write('kswapd0', 45));
    lines.push(L('other', 3, 1, t, 'mm_vmscan_writepage', 'page=f5d0b720 pfn=20153 flags=RECLAIM_WB_ANON|RECLAIM_WB_ASYNC')); // interleaved task
  }
  feed(d, lines);
  const r = w.result();
  const sorted = gaps.filter((g) => g < 1000).sort((a, b) => a - b);
  assert.deepEqual([r['kswapd0'].n, r['kswapd0'].gapP50Us, r['kswapd0'].gapP90Us], [11, sorted[Math.floor(sorted.length * 0.5)], sorted[Math.floor(sorted.length * 0.9)]]);
  assert.ok(Math.abs(r['kswapd0'].lastTs - r['kswapd0'].firstTs - gaps.reduce((a, b) => a + b) / 1e6) < 1e-9);
  assert.equal(r['other'].n, 10);
});

test('no gap spans a join in time', () => {
  const d = new Dispatcher();
  const w = new WriteFolioTracker(d);
  feed(d, [10, 10.0001, 5, 5.0002].map((ts) => L('k', 1, 0, ts, 'mm_vmscan_write_folio', 'pfn=0x1')));
  assert.deepEqual([w.result()['k'].gapP50Us, w.byComm.get('k')!.gapCount], [200, 2]);
});
