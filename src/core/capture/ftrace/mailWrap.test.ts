import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectContent } from '../detect';
import { tempFile } from '../testing/tempFiles';
import { unwrapMail } from './mailWrap';
import { parseTraceFile } from './parseTraceFile';
import { sniffTrace } from './sniff';
import { assertWarning } from '../../testing/warnings';

const WRAPPED = `> # tracer: nop
> #
>          kswapd0-45    [001] d..2. 100.000000: mm_vmscan_lru_shrink_inactive: nid=0
> nr_scanned=32 nr_reclaimed=20 priority=12 flags=RECLAIM_WB_ANON|RECLAIM_WB_ASYNC
>              app-77    [000] ....  100.100000:
> mm_vmscan_direct_reclaim_begin: order=0 gfp_flags=GFP_HIGHUSER_MOVABLE
>              app-77    [000] ....  100.300000: mm_vmscan_direct_reclaim_end:
> nr_reclaimed=44
>          kswapd0-45    [001] d..2. 100.400000: mm_vmscan_lru_shrink_inactive: nid=0
> nr_scanned=32 nr_reclaimed=10 priority=12 flags=RECLAIM_WB_ANON|RECLAIM_WB_ASYNC
>          kswapd0-45    [001] d..2. 100.500000: mm_vmscan_kswapd_sleep: nid=0
`;

test('quoted, wrapped ftrace is rejoined: fields and even the timestamp continue on the next line', async () => {
  const u = unwrapMail(WRAPPED)!;
  assert.equal(u.quoted, true);
  assert.equal(u.joined, 4);
  assert.equal(sniffTrace(WRAPPED), 'ftrace');
  const r = await parseTraceFile(tempFile('mail.txt', WRAPPED), 'ftrace');
  assert.deepEqual([...r.summary!.directReclaim.nrReclaimed], [44]);
  assert.equal(r.summary!.lruBatches!['kswapd0'].reclaimed, 30);
  assert.equal(r.summary!.kswapd.sleeps, 1);
  assert.match(assertWarning(r.info.warnings, 'ftrace.mail-wrapped').message, /\(quoted\): 4 continuation lines rejoined/);
});

test('an ordinary trace with a stray line is not rewritten; headers alone are named as such', () => {
  const plain = Array.from({ length: 10 }, (_, i) => `         kswapd0-45    [001] d..2. ${100 + i}.000000: mm_vmscan_kswapd_wake: nid=0 order=0`);
  assert.equal(unwrapMail([...plain, 'garbage'].join('\n')), null);
  assert.equal(detectContent(Buffer.from('# tracer: nop\n#\n#           TASK-PID     CPU#  TIMESTAMP  FUNCTION\n'), false).reason, 'ftrace headers without events');
});

// The shape of a 2.6.39 `perf script` of kprobes (field input): each probe's `(address) args` on the next line.
const PERF_WRAPPED = `         kswapd0    47 [000] 59599.956573: mm_vmscan_kswapd_wake: nid=0 order=0
         kswapd0    47 [000] 59599.956575: shrink_zone:
(ffffffff810c848c) priority=12 zone=ffff8801005fe000
         kswapd0    47 [000] 59599.956576: shrink_zone_return:
(ffffffff810c848c <- ffffffff810c96c6) arg1=0
kswapd0    47/47    [000]  59599.956577:    1001001 cpu-clock:
\tffffffff810c848c shrink_zone ([kernel.kallsyms])
\tffffffff810c96c6 balance_pgdat ([kernel.kallsyms])

         kswapd0    47 [000] 59599.956578: i915_gem_inactive_shrink:
(ffffffffa0081e48) gfp_mask=d0 nr_to_scan=0
         kswapd0    47 [000] 59599.956611: mm_vmscan_kswapd_wake: nid=0 order=0
         kswapd0    47 [000] 59599.956612: shrink_zone:
(ffffffff810c848c) priority=12 zone=ffff8801005fee00
`;

test('wrapped perf script (kprobe args on their own line) is rejoined; call-chain frames stay with their sample', async () => {
  assert.equal(sniffTrace(PERF_WRAPPED), 'perf-script');
  assert.equal(unwrapMail(PERF_WRAPPED), null, 'the ftrace tokenizer reads no perf line, so nothing is an ftrace event to join to');
  const r = await parseTraceFile(tempFile('perf-wrapped.txt', PERF_WRAPPED), 'perf-script');
  assert.deepEqual([r.info.unparsed, r.info.lines], [0, 10]); // 14 lines, 4 rejoined
  assert.deepEqual(r.summary!.events, { mm_vmscan_kswapd_wake: 2, shrink_zone: 2, shrink_zone_return: 1, i915_gem_inactive_shrink: 1 });
  assert.equal(r.summary!.kswapd.wakes, 2);
  assert.equal(r.perf!.byComm['kswapd0'].inclusive['balance_pgdat'], 1);
  assert.match(assertWarning(r.info.warnings, 'ftrace.mail-wrapped').message, /: 4 continuation lines rejoined/);
});
