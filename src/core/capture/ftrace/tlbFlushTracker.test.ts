import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTraceFile } from './parseTraceFile';
import { TLB_FLUSH_REASONS } from './tlbFlushTracker';

const dir = mkdtempSync(join(tmpdir(), 'rr-tlb-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, lines: string[]) => {
  const p = join(dir, name);
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
};

// As trace_pipe printed them on this 6.18 x86 VM (W1_lz4_bursty_gaps_tlb), with the `(N)` the print format adds.
const EXCERPT = [
  '         kswapd0-45      [001] ..... 65233.010100: mm_vmscan_lru_shrink_inactive: nid=0 nr_scanned=32 nr_reclaimed=3 nr_dirty=0 nr_writeback=0 nr_congested=0 nr_immediate=0 nr_activate_anon=10 nr_activate_file=0 nr_ref_keep=4 nr_unmap_fail=0 priority=12 flags=RECLAIM_WB_ANON|RECLAIM_WB_ASYNC',
  '         kswapd0-45      [001] d.h1. 65233.017311: tlb_flush: pages:0 reason:remote wrong CPU (5)',
  '         kswapd0-45      [001] ...1. 65233.023550: tlb_flush: pages:-1 reason:remote IPI send (4)',
  '       rr-stress-17431   [000] d.h.. 65233.023561: tlb_flush: pages:-1 reason:remote shootdown (1)',
  '         kswapd0-45      [001] ...1. 65233.023599: tlb_flush: pages:-1 reason:remote IPI send (4)',
  '            node-2210    [000] d.h.. 65233.023608: tlb_flush: pages:0 reason:remote shootdown (1)',
  // A send no CPU answered (the target was lazy: should_flush_tlb() skipped it).
  '         kswapd0-45      [001] ...1. 65233.023644: tlb_flush: pages:-1 reason:remote IPI send (4)',
  '            bash-3001    [000] d..2. 65233.031000: tlb_flush: pages:1 reason:local MM shootdown (3)',
  // A shootdown from the bash's own flush, 7 ms after kswapd's last send: not an answer to it.
  '         kswapd0-45      [001] d.h.. 65233.031010: tlb_flush: pages:1 reason:remote shootdown (1)',
  '         kswapd0-45      [001] ..... 65234.100000: mm_vmscan_lru_shrink_inactive: nid=0 nr_scanned=32 nr_reclaimed=30 nr_dirty=0 nr_writeback=0 nr_congested=0 nr_immediate=0 nr_activate_anon=0 nr_activate_file=0 nr_ref_keep=0 nr_unmap_fail=0 priority=12 flags=RECLAIM_WB_ANON|RECLAIM_WB_ASYNC',
  '         kswapd0-45      [001] ..... 65234.200000: mm_vmscan_lru_shrink_inactive: nid=0 nr_scanned=32 nr_reclaimed=32 nr_dirty=0 nr_writeback=0 nr_congested=0 nr_immediate=0 nr_activate_anon=0 nr_activate_file=0 nr_ref_keep=0 nr_unmap_fail=0 priority=12 flags=RECLAIM_WB_FILE|RECLAIM_WB_ASYNC',
  '             app-7       [000] ..... 65234.300000: mm_vmscan_lru_shrink_inactive: nid=0 nr_scanned=32 nr_reclaimed=32 nr_dirty=0 nr_writeback=0 nr_congested=0 nr_immediate=0 nr_activate_anon=0 nr_activate_file=0 nr_ref_keep=0 nr_unmap_fail=0 priority=12 flags=RECLAIM_WB_ANON|RECLAIM_WB_ASYNC',
  '         kswapd0-45      [000] ...1. 65234.500000: tlb_flush: pages:-1 reason:remote IPI send (4)',
  '       rr-stress-17431   [001] d.h1. 65234.500020: tlb_flush: pages:-1 reason:remote shootdown (1)',
];

test('tlb_flush: counts per CPU, comm and reason, and kswapd\'s sends, answers and anon folios per second', async () => {
  for (const purpose of ['full', 'replay'] as const) {
    const s = (await parseTraceFile(file(`excerpt-${purpose}.txt`, EXCERPT), 'ftrace', { purpose })).summary!;
    const t = s.tlbFlush!;
    assert.deepEqual(t.reasons, [...TLB_FLUSH_REASONS]);
    assert.deepEqual(t.perCpu, [[0, 2, 0, 1, 1, 0], [0, 2, 0, 0, 3, 1]], purpose);
    assert.deepEqual(t.byComm['kswapd0'], [0, 1, 0, 0, 4, 1]);
    assert.deepEqual([t.byComm['rr-stress'], t.byComm['node'], t.byComm['bash']], [[0, 2, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0], [0, 0, 0, 1, 0, 0]]);
    assert.equal(t.binStartS, 65233);
    assert.deepEqual(t.perSecond[4], [3, 1]);
    // Two of the three sends in the first second were answered (pages:0 counts: the IPI came); kswapd's anon folios
    // per second: its file batch and the app's (direct) anon batch are not kswapd's anon unmapping.
    assert.deepEqual(t.kswapd, { ipiSent: [3, 1], ipiAnswered: [2, 1], anonReclaimed: [3, 30], anonBatches: [1, 1] });
    assert.equal(s.events['tlb_flush'], 10);
  }
});

test('a trace without tlb_flush has no tlbFlush summary, and an unreadable reason is a malformed line', async () => {
  const s = (await parseTraceFile(file('none.txt', [EXCERPT[0], EXCERPT[9]]), 'ftrace')).summary!;
  assert.equal('tlbFlush' in s, false);
  const bad = await parseTraceFile(file('bad.txt', [EXCERPT[2], '         kswapd0-45      [001] ...1. 65233.023551: tlb_flush: pages:-1 reason:something new (9)']), 'ftrace');
  assert.deepEqual([bad.info.unparsed, bad.info.unparsedLines], [1, [2]]);
  assert.deepEqual(bad.summary!.tlbFlush!.kswapd.ipiSent, [1]);
});

test('an older print without the (N) code is read by the reason\'s name', async () => {
  const s = (await parseTraceFile(file('names.txt', ['         kswapd0-45      [001] ...1. 100.000001: tlb_flush: pages:-1 reason:remote ipi send']), 'ftrace')).summary!;
  assert.deepEqual(s.tlbFlush!.perCpu[1], [0, 0, 0, 0, 1, 0]);
});
