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
  assert.match(assertWarning(r.info.warnings, 'ftrace.mail-wrapped').message, /\(quoted\): 4 continuation line\(s\) rejoined/);
});

test('an ordinary trace with a stray line is not rewritten; headers alone are named as such', () => {
  const plain = Array.from({ length: 10 }, (_, i) => `         kswapd0-45    [001] d..2. ${100 + i}.000000: mm_vmscan_kswapd_wake: nid=0 order=0`);
  assert.equal(unwrapMail([...plain, 'garbage'].join('\n')), null);
  assert.equal(detectContent(Buffer.from('# tracer: nop\n#\n#           TASK-PID     CPU#  TIMESTAMP  FUNCTION\n'), false).reason, 'ftrace headers without events');
});
