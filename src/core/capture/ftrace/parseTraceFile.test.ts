import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseTraceFile } from './parseTraceFile';
import { CaptureError } from '../../errors';

const dir = mkdtempSync(join(tmpdir(), 'rr-ftrace-'));
let n = 0;
function file(text: string | Buffer, gz = false): string {
  const p = join(dir, `t${n++}.txt${gz ? '.gz' : ''}`);
  writeFileSync(p, gz ? gzipSync(text) : text);
  return p;
}
const L = (comm: string, pid: number, cpu: number, ts: number, event: string, fields: string) =>
  `${comm.padStart(16)}-${String(pid).padEnd(7)} [${String(cpu).padStart(3, '0')}] ..... ${ts.toFixed(6).padStart(12)}: ${event}: ${fields}`;

test('kswapd awake intervals: repeated wakes extend, sleep closes, open interval ends at the trace end', async () => {
  const p = file([
    L('kswapd0', 45, 0, 10, 'mm_vmscan_kswapd_wake', 'nid=0 order=0'),
    L('kswapd0', 45, 0, 11, 'mm_vmscan_kswapd_wake', 'nid=0 order=3'),
    L('kswapd0', 45, 0, 12, 'mm_vmscan_kswapd_sleep', 'nid=0'),
    L('app', 99, 1, 13, 'mm_vmscan_wakeup_kswapd', 'nid=0 order=0 gfp_flags=GFP_KERNEL'),
    L('kswapd0', 45, 0, 14, 'mm_vmscan_kswapd_wake', 'nid=0 order=0'),
    L('kswapd1', 46, 1, 15, 'mm_vmscan_kswapd_sleep', 'nid=1'), // asleep before any wake: awake since the trace start
    L('app', 99, 1, 16, 'sched_wakeup', 'comm=kswapd0 pid=45 prio=120 target_cpu=000'),
  ].join('\n'));
  const { summary } = await parseTraceFile(p, 'ftrace');
  const k = summary!.kswapd;
  assert.deepEqual([k.wakes, k.sleeps, k.wakeupRequests], [3, 2, 1]);
  assert.deepEqual([...k.awake.start], [10, 10, 14]);
  assert.deepEqual([...k.awake.end], [12, 15, 16]);
  assert.deepEqual([...k.awakeNode!], [0, 1, 0]);
  assert.deepEqual(k.pids, [45, 46]);
});

test('reclaim slices per pid and kind; unmatched ends and begins are counted, not used', async () => {
  const p = file([
    L('app', 7, 0, 1.0, 'mm_vmscan_memcg_reclaim_end', 'nr_reclaimed=9'),
    L('app', 7, 0, 1.1, 'mm_vmscan_memcg_reclaim_begin', 'order=0 gfp_flags=GFP_HIGHUSER_MOVABLE'),
    L('Jit thread pool', 8, 1, 1.15, 'mm_vmscan_direct_reclaim_begin', 'order=0 may_writepage=1 gfp_flags=GFP_KERNEL classzone_idx=1'),
    L('app', 7, 0, 1.3, 'mm_vmscan_memcg_reclaim_end', 'nr_reclaimed=32'),
    L('Jit thread pool', 8, 1, 1.4, 'mm_vmscan_direct_reclaim_end', 'nr_reclaimed=54'),
    L('app', 7, 0, 1.5, 'mm_vmscan_memcg_reclaim_begin', 'order=0 gfp_flags=GFP_HIGHUSER_MOVABLE'),
  ].join('\n'));
  const s = (await parseTraceFile(p, 'ftrace')).summary!;
  assert.deepEqual([...s.memcgReclaim.start], [1.1]);
  assert.ok(Math.abs(s.memcgReclaim.end[0] - 1.3) < 1e-12);
  assert.deepEqual([...s.memcgReclaim.nrReclaimed], [32]);
  assert.equal(s.memcgReclaim.unmatched, 2);
  assert.deepEqual([...s.directReclaim.pid], [8]);
  assert.equal(s.directReclaim.comms.get(8), 'Jit thread pool');
  assert.equal(s.directReclaim.nrReclaimed[0], 54);
});

test('on-CPU from sched_switch needs both edges on the same CPU; kswapd intervals kept', async () => {
  const sw = (cpu: number, ts: number, prev: string, prevPid: number, next: string, nextPid: number) =>
    L(prev, prevPid, cpu, ts, 'sched_switch', `prev_comm=${prev} prev_pid=${prevPid} prev_prio=120 prev_state=S ==> next_comm=${next} next_pid=${nextPid} next_prio=120`);
  const p = file([
    sw(0, 1.0, 'swapper/0', 0, 'kswapd0', 45),
    sw(1, 1.1, 'a b', 5, 'kcompressd0', 60),
    sw(0, 1.5, 'kswapd0', 45, 'swapper/0', 0),
    sw(1, 1.7, 'kcompressd0', 60, 'a b', 5),
    sw(0, 2.0, 'other', 77, 'kswapd0', 45), // swapper/0's switch-out was not traced: neither it nor 'other' counts
    sw(0, 2.25, 'kswapd0', 45, 'other', 77),
  ].join('\n'));
  const s = (await parseTraceFile(p, 'ftrace')).summary!;
  assert.deepEqual([...s.kswapd.onCpu.start], [1.0, 2.0]);
  assert.deepEqual([...s.kswapd.onCpu.end], [1.5, 2.25]);
  assert.ok(Math.abs(s.onCpuByComm['kswapd0'] - 0.75) < 1e-9);
  assert.ok(Math.abs(s.kcompressdOnCpu!.end[0] - s.kcompressdOnCpu!.start[0] - 0.6) < 1e-9);
  assert.equal(s.onCpuByComm['other'], undefined);
  assert.equal(s.onCpuByComm['swapper/0'], undefined);
  assert.equal(s.cpus, 2);
});

test('write_folio: per-comm count, span and intra-batch gap percentiles (gaps ≥ 1 ms are batch breaks)', async () => {
  const lines: string[] = [];
  let t = 100;
  const gaps = [10, 20, 20, 30, 40, 5000, 10, 20, 30, 90]; // µs
  lines.push(L('kswapd0', 45, 0, t, 'mm_vmscan_write_folio', 'page=0 pfn=0x1 flags=RECLAIM_WB_ANON|RECLAIM_WB_ASYNC'));
  for (const g of gaps) {
    t += g / 1e6;
    lines.push(L('kswapd0', 45, 0, t, 'mm_vmscan_write_folio', 'page=0 pfn=0x1 flags=RECLAIM_WB_ANON|RECLAIM_WB_ASYNC'));
  }
  lines.push(L('old', 3, 1, t, 'mm_vmscan_writepage', 'page=f5d0b720 pfn=20153 flags=RECLAIM_WB_ANON|RECLAIM_WB_ASYNC'));
  const w = (await parseTraceFile(file(lines.join('\n')), 'ftrace')).summary!.writeFolio;
  const sorted = gaps.filter((g) => g < 1000).sort((a, b) => a - b);
  assert.equal(w['kswapd0'].n, 11);
  assert.equal(w['kswapd0'].gapP50Us, sorted[Math.floor(sorted.length * 0.5)]);
  assert.equal(w['kswapd0'].gapP90Us, sorted[Math.floor(sorted.length * 0.9)]);
  assert.ok(Math.abs(w['kswapd0'].lastTs - w['kswapd0'].firstTs - gaps.reduce((a, b) => a + b) / 1e6) < 1e-9);
  assert.equal(w['old'].n, 1);
});

test('lru batches per comm from shrink_inactive and lru_isolate', async () => {
  const p = file([
    L('kswapd0', 45, 0, 1, 'mm_vmscan_lru_isolate', 'classzone=3 order=0 nr_requested=32 nr_scanned=40 nr_skipped=0 nr_taken=32 lru=inactive_anon'),
    L('kswapd0', 45, 0, 2, 'mm_vmscan_lru_shrink_inactive', 'nid=0 nr_scanned=32 nr_reclaimed=20 nr_dirty=0 nr_writeback=0 nr_congested=0 nr_immediate=0 nr_activate_anon=2 nr_activate_file=0 nr_ref_keep=0 nr_unmap_fail=0 priority=12 flags=RECLAIM_WB_ANON|RECLAIM_WB_ASYNC'),
    L('kswapd0', 45, 0, 3, 'mm_vmscan_lru_shrink_inactive', 'nid=0 nr_scanned=5 nr_reclaimed=1 priority=12 flags=RECLAIM_WB_ANON|RECLAIM_WB_ASYNC'),
  ].join('\n'));
  const b = (await parseTraceFile(p, 'ftrace')).summary!.lruBatches['kswapd0'];
  assert.deepEqual([b.batches, b.scanned, b.reclaimed, b.isolateBatches, b.isolateScanned, b.isolateTaken], [2, 37, 21, 1, 40, 32]);
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
  assert.match(info.warnings!.join(), /dropped 12 events/);
});

test('timestamps going backwards (joined files) are a warning; no interval spans the join', async () => {
  const one = [
    L('app', 7, 0, 5, 'mm_vmscan_memcg_reclaim_begin', 'order=0 gfp_flags=GFP_KERNEL'),
    L('kswapd0', 45, 0, 6, 'mm_vmscan_kswapd_wake', 'nid=0 order=0'),
  ].join('\n');
  const two = [L('app', 7, 0, 1, 'mm_vmscan_memcg_reclaim_end', 'nr_reclaimed=1'), L('kswapd0', 45, 0, 2, 'mm_vmscan_kswapd_sleep', 'nid=0')].join('\n');
  const { info, summary } = await parseTraceFile(file(`${one}\n${two}\n`, true), 'ftrace');
  assert.match(info.warnings!.join(), /backwards 1 time/);
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
  ].join('\n');
  const r = await parseTraceFile(file(text), 'perf-script');
  const k = r.perf!.byComm['kswapd0'];
  assert.equal(r.perf!.periodNs, 1001001);
  assert.deepEqual([k.samples, k.compress, k.inclusive['zcomp_compress'], k.inclusive['shrink_folio_list'], k.inclusive['arch_tlbbatch_flush']], [2, 1, 1, 2, 1]);
  assert.deepEqual([k.inReclaim!.samples, k.inReclaim!.compress], [2, 1]);
  assert.deepEqual(r.perf!.byComm['reclaimwl'], { samples: 1, inclusive: {}, compress: 0, inReclaim: { samples: 0, compress: 0, inclusive: {} } });
  assert.deepEqual(r.summary!.events, { mm_vmscan_kswapd_wake: 1 });
  assert.equal(r.info.unparsed, 0);
});
