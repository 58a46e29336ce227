import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sniffTrace } from './sniff';

test('recognises each flavour from its head', () => {
  assert.equal(sniffTrace('# tracer: nop\n#\n         kswapd0-45      [001] d..1.  1018.394549: mm_vmscan_kswapd_wake: nid=0 order=0\n'), 'ftrace');
  assert.equal(sniffTrace(' surfaceflinger-1155  ( 1155) [001] ...1 12839.528756: mm_vmscan_direct_reclaim_end: nr_reclaimed=66\n'), 'ftrace');
  assert.equal(sniffTrace('version = 6\nCPU 3 is empty\ncpus=6\n              ls-4734  [002] 106439.675591: sched_switch:         trace-cmd:4734 [120] R ==> migration/2:18 [0]\n'), 'trace-cmd');
  assert.equal(sniffTrace('reclaimwl 21623/21623 [000]  1010.190570:    1001001 cpu-clock:ppp: \n\t           148c8 get_common_indices.constprop.0\n\t               0 [unknown]\n\n'), 'perf-script');
  assert.equal(sniffTrace('kswapd0    47 [000] 59599.956573: mm_vmscan_kswapd_wake: nid=0 order=0\n'), 'perf-script');
  assert.equal(sniffTrace('capturing trace... done\nTRACE:\n# tracer: nop\n'), 'atrace');
  assert.equal(sniffTrace('<!DOCTYPE html>\n<html>\n<script class="trace-data" type="application/text">\n'), 'systrace-html');
});

test('other captures and junk are not traces', () => {
  for (const head of ['', 'nr_free_pages 12345\npgscan_kswapd 10\n', '# t_mono=1.0 t_epoch=2.0\npswpout 5\n',
    'procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----\n', '\u0000\u0001binary\u00ff\n', 'Node 0, zone      DMA\n  pages free     3952\n']) {
    assert.equal(sniffTrace(head), null, JSON.stringify(head));
  }
});

test('a head cut in the middle of a line still sniffs', () => {
  const line = '         kswapd0-45      [001] .....  1042.207297: mm_vmscan_write_folio: page=00000000138c58b1 pfn=0x62faf flags=RECLAIM_WB_ANON|RECLAIM_WB_ASYNC\n';
  const head = line.repeat(500).slice(0, 64 * 1024 - 37);
  assert.equal(sniffTrace(head), 'ftrace');
});
