// Traces people really post and traces damage makes: empty task names, perf tracepoints without payload, a CPU
// column no kernel prints, a trace joined with a copy of itself, and a task called __proto__.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTraceFile } from './parseTraceFile';
import { sniffTrace } from './sniff';
import { ftraceLine as L } from './testFeed';
import { assertWarning } from '../../testing/warnings';

const dir = mkdtempSync(join(tmpdir(), 'rr-damaged-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(lines: string[]): string {
  const p = join(dir, `t${n++}.txt`);
  writeFileSync(p, lines.join('\n'));
  return p;
}

test('an empty task-name column (`-5972 [006]`) is still ftrace, with its slices', async () => {
  const lines = [
    '-5972    [006] ....  7971.248399: mm_vmscan_direct_reclaim_begin: order=4 gfp_flags=GFP_HIGHUSER   ',
    '-5972    [006] ....  7971.248922: mm_vmscan_direct_reclaim_end: nr_reclaimed=17                     ',
    '-5972    [006] ....  7971.248974: mm_compaction_begin: zone_start=0x40000 migrate_pfn=0xacc00 free_pfn=0xffc00 zone_end=0x100000, mode=async',
  ];
  assert.equal(sniffTrace(lines.join('\n')), 'ftrace');
  const s = (await parseTraceFile(file(lines), 'ftrace')).summary!;
  assert.deepEqual([...s.directReclaim.nrReclaimed], [17]);
  assert.equal([...s.directReclaim.pid][0], 5972);
  assert.equal(s.events.mm_compaction_begin, 1);
});

test('perf script tracepoints without payload (`event` or `event: `) are tracepoints, not samples', async () => {
  for (const tail of ['', ': ', ':']) {
    const lines = [
      `             dd 13873 [011]   578.542919: vmscan:mm_vmscan_direct_reclaim_begin${tail}`,
      `             dd 13873 [011]   578.758689: vmscan:mm_vmscan_direct_reclaim_end${tail}`,
    ];
    assert.equal(sniffTrace(lines.join('\n')), 'perf-script', JSON.stringify(tail));
    const r = await parseTraceFile(file(lines), 'perf-script');
    assert.equal(r.perf, undefined);
    assert.equal(r.summary!.directReclaim.start.length, 1);
    assert.ok(Math.abs(r.summary!.directReclaim.end[0] - r.summary!.directReclaim.start[0] - 0.21577) < 1e-9);
  }
});

test('a CPU column beyond NR_CPUS is ignored with a warning naming its line, not taken as the CPU count', async () => {
  const r = await parseTraceFile(file([
    L('kswapd0', 45, 1, 100.1, 'mm_vmscan_kswapd_wake', 'nid=0 order=0'),
    '         kswapd0-45    [99999999] d..2. 100.500000: mm_vmscan_kswapd_wake: nid=0 order=0',
  ]), 'ftrace');
  assert.equal(r.summary!.cpus, 2);
  assert.match(assertWarning(r.info.warnings, 'ftrace.bad-cpu', { line: 2 }).message, /^1 line with a CPU number/);
});

test('a trace joined with a copy of itself: LOST and the backward jump are warned at their lines, CPU ≤ wall time', async () => {
  const on = L('<idle>', 0, 0, 100, 'sched_switch', 'prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> next_comm=kswapd0 next_pid=45 next_prio=120');
  const off = L('kswapd0', 45, 0, 100.9, 'sched_switch', 'prev_comm=kswapd0 prev_pid=45 prev_prio=120 prev_state=S ==> next_comm=swapper/0 next_pid=0 next_prio=120');
  const r = await parseTraceFile(file([on, off, 'CPU:0 [LOST 123456 EVENTS]', on, off]), 'ftrace');
  assert.match(assertWarning(r.info.warnings, 'ftrace.lost-events', { line: 3 }).message, /dropped 123,456 events/);
  assert.match(assertWarning(r.info.warnings, 'ftrace.time-backwards', { line: 4 }).message, /backwards 1 time/);
  assert.ok(Math.abs(r.summary!.onCpuByComm!.kswapd0 - 0.9) < 1e-9);
  const iv = r.summary!.kswapd.onCpu;
  const onS = [...iv.start].reduce((a, s, i) => a + iv.end[i] - s, 0);
  assert.ok(onS <= 0.9 + 1e-9, `kswapd on CPU ${onS} s in 0.9 s`);
});

test('a task called __proto__ keeps its per-task rows', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 3; i++) {
    lines.push(L('__proto__', 77, 0, 100 + i * 1e-4, 'mm_vmscan_write_folio', `page=0 pfn=0x${(1000 + i).toString(16)} flags=RECLAIM_WB_ANON|RECLAIM_WB_ASYNC`));
    lines.push(L('__proto__', 77, 0, 100.001 + i * 1e-4, 'mm_vmscan_lru_shrink_inactive', 'nid=0 nr_scanned=32 nr_reclaimed=20 priority=12 flags=RECLAIM_WB_ANON|RECLAIM_WB_ASYNC'));
  }
  const s = (await parseTraceFile(file(lines), 'ftrace')).summary!;
  assert.ok(Object.hasOwn(s.writeFolio!, '__proto__'));
  assert.equal(s.writeFolio!['__proto__'].n, 3);
  assert.equal(s.lruBatches!['__proto__'].reclaimed, 60);
  assert.equal(JSON.parse(JSON.stringify(s.writeFolio)).__proto__.n, 3);
});
