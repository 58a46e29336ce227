import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseTraceFile } from './parseTraceFile';
import { CancelledError, CaptureError } from '../../errors';
import { ftraceLine as L } from './testFeed';
import { assertWarning } from '../../testing/warnings';

const dir = mkdtempSync(join(tmpdir(), 'rr-ftrace-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(text: string | Buffer, gz = false): string {
  const p = join(dir, `t${n++}.txt${gz ? '.gz' : ''}`);
  writeFileSync(p, gz ? gzipSync(text) : text);
  return p;
}

test('the summary gathers every tracker', async () => {
  const p = file([
    L('kswapd0', 45, 1, 1, 'mm_vmscan_kswapd_wake', 'nid=0 order=0'),
    L('<idle>', 0, 1, 1.5, 'sched_switch', 'prev_comm=swapper/1 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=kswapd0 next_pid=45 next_prio=120'),
    L('kswapd0', 45, 1, 2, 'mm_vmscan_lru_shrink_inactive', 'nid=0 nr_scanned=32 nr_reclaimed=20 priority=12 flags=RECLAIM_WB_ANON|RECLAIM_WB_ASYNC'),
    L('kswapd0', 45, 1, 2.5, 'mm_vmscan_write_folio', 'page=0 pfn=0x1 flags=RECLAIM_WB_ANON|RECLAIM_WB_ASYNC'),
    L('kswapd0', 45, 1, 3, 'sched_switch', 'prev_comm=kswapd0 prev_pid=45 prev_prio=120 prev_state=S ==> next_comm=swapper/1 next_pid=0 next_prio=120'),
    L('app', 7, 0, 3.5, 'mm_vmscan_memcg_reclaim_begin', 'order=0 gfp_flags=GFP_KERNEL'),
    L('app', 7, 0, 4, 'mm_vmscan_memcg_reclaim_end', 'nr_reclaimed=5'),
    L('app', 7, 0, 4.2, 'mm_vmscan_throttled', 'nid=0 usec_timeout=100000 usect_delayed=4000 reason=VMSCAN_THROTTLE_WRITEBACK'),
  ].join('\n'));
  const s = (await parseTraceFile(p, 'ftrace')).summary!;
  assert.deepEqual([s.firstTs, s.lastTs, s.cpus, s.throttled], [1, 4.2, 2, 1]);
  assert.deepEqual([s.kswapd.wakes, [...s.kswapd.awake.start], [...s.kswapd.awake.end], [...s.kswapd.onCpu.start], s.kswapd.pids], [1, [1], [4.2], [1.5], [45]]);
  assert.deepEqual([s.onCpuByComm!['kswapd0'], s.lruBatches!['kswapd0'].reclaimed, s.writeFolio!['kswapd0'].n, [...s.memcgReclaim.nrReclaimed]], [1.5, 20, 1, [5]]);
  assert.equal(s.directReclaim.start.length, 0);

  const full = await parseTraceFile(p, 'ftrace');
  const r = await parseTraceFile(p, 'ftrace', { purpose: 'replay' });
  const { lruBatches, writeFolio, ...rest } = s;
  assert.deepEqual([r.summary!.lruBatches, r.summary!.writeFolio], [undefined, undefined]);
  assert.deepEqual(r.info, full.info, 'events left to no tracker are still known ones');
  assert.ok(lruBatches && writeFolio);
  assert.deepEqual(r.summary, rest, 'a replay-mode load keeps every other figure (on-CPU per comm: the workload\'s CPU note), event counts included');
});

test('unknown events, unparsed and malformed lines are counted with line numbers; comments are not', async () => {
  const p = file([
    '# tracer: nop',
    '#',
    L('kswapd0', 45, 0, 1, 'mm_vmscan_kswapd_wake', 'nid=0 order=0'),
    '...',
    L('kswapd0', 45, 0, 2, 'mm_shrink_slab_start', 'vmap_node_shrink_scan+0x0/0x90 0: nid: 0 objects to shrink 382'),
    L('kswapd0', 45, 0, 3, 'mm_vmscan_kswapd_sleep', 'bogus'),
    'CPU:1 [LOST 12 EVENTS]',
    '',
  ].join('\r\n'));
  const { info, summary } = await parseTraceFile(p, 'ftrace');
  assert.deepEqual([info.lines, info.unparsed, info.unparsedLines], [7, 2, [4, 6]]); // the final CRLF ends line 7
  assert.deepEqual(info.unknownEvents, { mm_shrink_slab_start: 1 });
  assert.deepEqual(summary!.events, { mm_vmscan_kswapd_wake: 1, mm_shrink_slab_start: 1, mm_vmscan_kswapd_sleep: 1 });
  assert.equal(summary!.lostEvents, 12);
  assert.match(assertWarning(info.warnings, 'ftrace.lost-events').message, /dropped 12 events/);
});

test('timestamps going backwards (joined files) are a warning; no interval spans the join', async () => {
  const one = [
    L('app', 7, 0, 5, 'mm_vmscan_memcg_reclaim_begin', 'order=0 gfp_flags=GFP_KERNEL'),
    L('kswapd0', 45, 0, 6, 'mm_vmscan_kswapd_wake', 'nid=0 order=0'),
  ].join('\n');
  const two = [L('app', 7, 0, 1, 'mm_vmscan_memcg_reclaim_end', 'nr_reclaimed=1'), L('kswapd0', 45, 0, 2, 'mm_vmscan_kswapd_sleep', 'nid=0')].join('\n');
  const { info, summary } = await parseTraceFile(file(`${one}\n${two}\n`, true), 'ftrace');
  assert.match(assertWarning(info.warnings, 'ftrace.time-backwards').message, /backwards 1 time/);
  assert.equal(summary!.memcgReclaim.start.length, 0);
  assert.deepEqual([...summary!.kswapd.awake.start, ...summary!.kswapd.awake.end], [6, 1, 6, 2]);
});

test('binary garbage is a CaptureError naming the file and first bad line; an empty file has no summary', async () => {
  const garbage = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256));
  const p = file(garbage);
  await assert.rejects(parseTraceFile(p, 'ftrace'), (e: unknown) => e instanceof CaptureError && e.file === p && e.line === 1);
  const empty = await parseTraceFile(file(''), 'ftrace');
  assert.deepEqual([empty.info.lines, empty.summary], [0, undefined]);
});

test('atrace: preamble skipped, TRACE: marker, TGID lines; -z output is refused clearly', async () => {
  const body = ['capturing trace... done', 'TRACE:', '# tracer: nop',
    ' kswapd0-33    (   33) [001] ...1 12838.491407: mm_vmscan_kswapd_wake: nid=0 order=0',
    ' kswapd0-33    (   33) [001] ...1 12840.545737: mm_vmscan_kswapd_sleep: nid=0'].join('\n');
  const r = await parseTraceFile(file(body), 'atrace');
  assert.deepEqual([r.info.unparsed, r.summary!.kswapd.wakes, r.summary!.kswapd.sleeps], [0, 1, 1]);
  const z = file(Buffer.concat([Buffer.from('capturing trace... done\nTRACE:\n'), Buffer.from([0x78, 0x9c, 1, 2, 3, 10, 4])]));
  await assert.rejects(parseTraceFile(z, 'atrace'), (e: unknown) => e instanceof CaptureError && e.line === 3 && /zlib/.test(e.message));
});

test('systrace HTML: ftrace text inside trace-data blocks, JSON blocks and HTML ignored', async () => {
  const html = ['<!DOCTYPE html>', '<html><head><script>var x = "[001] 1.0: not: trace";</script></head><body>',
    '<script class="trace-data" type="application/text">{"traceEvents": []}</script>',
    '<script class="trace-data" type="application/text">',
    '# tracer: nop',
    ' RenderThread-9844 ( 9786) [001] ...1  1734.106078: mm_vmscan_direct_reclaim_begin: order=5 may_writepage=1 gfp_flags=GFP_KERNEL',
    ' RenderThread-9844 ( 9786) [001] ...1  1734.107619: mm_vmscan_direct_reclaim_end: nr_reclaimed=72',
    '  </script>', '</body></html>'].join('\n');
  const r = await parseTraceFile(file(html), 'systrace-html');
  assert.equal(r.info.unparsed, 0);
  assert.deepEqual([...r.summary!.directReclaim.nrReclaimed], [72]);
});

test('perf script: samples with callchains → inclusive frame counts; tracepoint lines → summary', async () => {
  const text = [
    'kswapd0    45/45    [001]  1000.000001:    1001001 cpu-clock:ppp: ',
    '\tffffffff81 LZ4_compress_fast_extState',
    '\tffffffff82 zcomp_compress',
    '\tffffffff83 zram_submit_bio',
    '\tffffffff84 shrink_folio_list',
    '\tffffffff85 shrink_folio_list',
    '\tffffffff86 balance_pgdat',
    '',
    'kswapd0    45/45    [001]  1000.001002:    1001001 cpu-clock:ppp: ',
    '\tffffffff87 smp_call_function_many_cond+0x1f ([kernel.kallsyms])',
    '\tffffffff88 arch_tlbbatch_flush+0x5 ([kernel.kallsyms])',
    '\tffffffff84 shrink_folio_list ([kernel.kallsyms])',
    '',
    'reclaimwl 21623/21623 [000]  1000.002000:    1001001 cpu-clock:ppp: ',
    '\t    152ac6 __memmove_avx_unaligned_erms',
    '',
    'kswapd0    47 [000] 1000.5: mm_vmscan_kswapd_wake: nid=0 order=0',
    '\tffffffff89 wakeup_kswapd', // a tracepoint's callchain (perf record -g): not a sample, not unparsed
    '',
    '\tffffffff89 stray_frame',
  ].join('\n');
  const r = await parseTraceFile(file(text), 'perf-script');
  const k = r.perf!.byComm['kswapd0'];
  assert.equal(r.perf!.periodNs, 1001001);
  assert.deepEqual([k.samples, k.compress, k.inclusive['zcomp_compress'], k.inclusive['shrink_folio_list'], k.inclusive['arch_tlbbatch_flush']], [2, 1, 1, 2, 1]);
  assert.deepEqual([k.inReclaim!.samples, k.inReclaim!.compress], [2, 1]);
  assert.deepEqual(r.perf!.byComm['reclaimwl'], { samples: 1, inclusive: {}, compress: 0, inReclaim: { samples: 0, compress: 0, inclusive: {} } });
  assert.deepEqual(r.summary!.events, { mm_vmscan_kswapd_wake: 1 });
  assert.deepEqual([r.info.unparsed, r.info.unparsedLines], [1, [20]]);
});

test('a 2 MB line is one unparsed line; lines around it and across read chunks keep their numbers', async () => {
  const good = (i: number) => L('kswapd0', 45, 0, 1 + i / 1e3, 'mm_vmscan_write_folio', `page=0 pfn=0x${i.toString(16)} flags=RECLAIM_WB_ANON|RECLAIM_WB_ASYNC`);
  const lines = Array.from({ length: 60_000 }, (_, i) => good(i)); // ~8 MB: several 4 MB read chunks
  lines.splice(30_000, 0, 'x'.repeat(2 << 20));
  for (const gz of [false, true]) {
    const { info, summary } = await parseTraceFile(file(lines.join('\n') + '\n', gz), 'ftrace');
    assert.deepEqual([info.lines, info.unparsed, info.unparsedLines], [60_001, 1, [30_001]]);
    assert.equal(summary!.events['mm_vmscan_write_folio'], 60_000);
  }
});

test('a gzip that ends early: the events before the cut are counted, gzip.ends-early at the first line not read', async () => {
  const body = Array.from({ length: 100_000 }, (_, i) => L('kswapd0', 45, 0, 1 + i / 1e4, 'mm_vmscan_kswapd_wake', `nid=0 order=${i % 7}`)).join('\n');
  const gz = gzipSync(body);
  const p = join(dir, 'cut.txt.gz');
  writeFileSync(p, gz.subarray(0, gz.length >> 1));
  const r = await parseTraceFile(p, 'ftrace');
  const lines = r.info.lines;
  assert.ok(lines > 1000 && lines < 100_000, `${lines} lines`);
  assert.equal(r.summary?.events.mm_vmscan_kswapd_wake, lines);
  assertWarning(r.info.warnings, 'gzip.ends-early', { file: p, line: lines + 1 });
});

test('an aborted signal stops parsing with CancelledError; progress is reported', async () => {
  const p = file(Array.from({ length: 1000 }, (_, i) => L('k', 1, 0, i, 'mm_vmscan_kswapd_wake', 'nid=0 order=0')).join('\n'));
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(parseTraceFile(p, 'ftrace', { signal: ac.signal }), CancelledError);
  const seen: number[] = [];
  await parseTraceFile(p, 'ftrace', { onProgress: (read, total) => seen.push(read / total) });
  assert.equal(seen.at(-1), 1);
  await assert.rejects(parseTraceFile(p, 'vmstat-snapshots'), /not a trace format/);
});
