// Golden checks against the real captures in ../shared/captures (skipped with a reason when the folder is absent).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseTraceFile } from './parseTraceFile';
import { sniffTrace } from './sniff';
import { readHead } from '../lineSource';
import { CAPTURES_DIR } from '../../../../test/fixtures/sharedCaptures';

const CAPTURES = CAPTURES_DIR;
const present = existsSync(CAPTURES);
const SKIP = `captures folder ${CAPTURES} is absent`;

async function sniffed(path: string) {
  const format = sniffTrace((await readHead(path)).toString('utf8'));
  assert.ok(format, `${path}: format not recognised`);
  return parseTraceFile(path, format);
}
const summaryJson = (name: string) => JSON.parse(readFileSync(join(CAPTURES, name, 'summary.json'), 'utf8'));
/** analyze.py's quantile convention: sorted[floor(n × q)]. */
const quantile = (sorted: number[], q: number) => sorted[Math.floor(sorted.length * q)];

test('A (kswapd, lz4): event counts, kswapd on-CPU, write_folio gaps, LRU totals', async (t) => {
  if (!present) return t.skip(SKIP);
  const want = summaryJson('A_kswapd_lz4').ftrace;
  const { info, summary } = await sniffed(join(CAPTURES, 'A_kswapd_lz4/ftrace_vmscan_sched.txt.gz'));
  const s = summary!;
  assert.equal(info.format, 'ftrace');
  assert.equal(info.unparsed, 0);
  assert.deepEqual(s.events, want.events);
  const onCpu = s.kswapd.onCpu.end.reduce((a, e, i) => a + e - s.kswapd.onCpu.start[i], 0);
  assert.ok(Math.abs(onCpu - 48.6) / 48.6 < 0.02, `kswapd on-CPU ${onCpu}`);
  assert.ok(Math.abs(s.onCpuByComm!['kswapd0'] - onCpu) < 1e-6);
  assert.deepEqual([s.kswapd.wakes, s.kswapd.sleeps, s.kswapd.wakeupRequests], [10, 1, 1]);
  const wf = s.writeFolio!['kswapd0'];
  assert.deepEqual([wf.n, wf.gapP50Us, wf.gapP90Us], [want.write_folio.kswapd0.n, 26, 39]);
  assert.ok(Math.abs(wf.lastTs - wf.firstTs - want.write_folio.kswapd0.span_s) < 1e-3);
  const lru = s.lruBatches!['kswapd0'];
  assert.deepEqual([lru.scanned, lru.reclaimed], want.shrink_inactive_scanned_reclaimed_by_task.kswapd0);
  assert.deepEqual([s.firstTs, s.lastTs], [want.first_ts, want.last_ts]);
});

test('B (memcg, lz4): memcg slices count / p50 / p99 / total, write_folio gaps', async (t) => {
  if (!present) return t.skip(SKIP);
  const want = summaryJson('B_memcg_lz4').ftrace;
  const { summary } = await sniffed(join(CAPTURES, 'B_memcg_lz4/ftrace_vmscan_sched.txt.gz'));
  const s = summary!;
  assert.deepEqual(s.events, want.events);
  const m = s.memcgReclaim;
  assert.equal(m.start.length, 20_557);
  const durs = [...m.end].map((e, i) => (e - m.start[i]) * 1e6).sort((a, b) => a - b);
  assert.ok(Math.abs(quantile(durs, 0.5) - 969) < 2, `p50 ${quantile(durs, 0.5)}`);
  assert.ok(Math.abs(quantile(durs, 0.99) - 5904) < 6, `p99 ${quantile(durs, 0.99)}`);
  assert.ok(Math.abs(durs.reduce((a, b) => a + b) / 1e6 - 25.5) < 0.05);
  assert.equal(m.nrReclaimed.reduce((a, b) => a + b), want.memcg_reclaim.nr_reclaimed_total);
  const wf = s.writeFolio!['reclaimwl'];
  assert.deepEqual([wf.n, wf.gapP50Us, wf.gapP90Us], [864_211, 20, 39]);
  assert.equal(s.kswapd.onCpu.start.length, 0);
});

test('A perf script: kswapd0 compress share matches the capture summary', async (t) => {
  if (!present) return t.skip(SKIP);
  const want = summaryJson('A_kswapd_lz4');
  const { perf, info } = await sniffed(join(CAPTURES, 'A_kswapd_lz4/perf_script_kswapd0_reclaimwl.txt.gz'));
  assert.equal(info.format, 'perf-script');
  assert.equal(info.unparsed, 0);
  const k = perf!.byComm['kswapd0'];
  assert.equal(k.samples, want.perf.by_comm.kswapd0.samples);
  assert.equal(perf!.periodNs, want.perf.sample_period_ns);
  assert.ok(Math.abs(k.compress! / k.samples - want.kswapd_compress_fraction_perf) < 0.002, `compress ${k.compress! / k.samples}`);
});

test('B perf script: reclaimwl samples inside reclaim and their compress share match the capture summary', async (t) => {
  if (!present) return t.skip(SKIP);
  const want = summaryJson('B_memcg_lz4');
  const { perf } = await sniffed(join(CAPTURES, 'B_memcg_lz4/perf_script_kswapd0_reclaimwl.txt.gz'));
  const r = perf!.byComm['reclaimwl'].inReclaim!;
  assert.equal(r.samples, want.perf.by_comm['reclaimwl[reclaim]'].samples);
  assert.ok(Math.abs(r.compress / r.samples - want.direct_reclaim_compress_fraction_perf) < 0.002, `compress ${r.compress / r.samples}`);
});

// Expected counts verified by hand against each file (grep -c of the event name).
const PUBLIC: Record<string, { format: string; events: Record<string, number>; unparsed: number }> = {
  'bart__trace-cmd_report.txt': { format: 'trace-cmd', events: { sched_switch: 3 }, unparsed: 0 },
  'bart__trace-cmd_report_raw.txt': { format: 'trace-cmd', events: { sched_switch: 3 }, unparsed: 0 },
  'catapult__memreclaim_android_A.txt': { format: 'ftrace', events: { mm_vmscan_kswapd_wake: 2, mm_vmscan_direct_reclaim_begin: 1, mm_vmscan_direct_reclaim_end: 1, mm_vmscan_kswapd_sleep: 1 }, unparsed: 0 },
  'catapult__memreclaim_android_B_direct.txt': { format: 'ftrace', events: { mm_vmscan_direct_reclaim_begin: 8, mm_vmscan_direct_reclaim_end: 8 }, unparsed: 0 },
  'catapult__memreclaim_android_C_kswapd.txt': { format: 'ftrace', events: { mm_vmscan_kswapd_wake: 60, mm_vmscan_kswapd_sleep: 6 }, unparsed: 0 },
  'lkml_minchan_2016_direct_reclaim_excerpt.txt': {
    format: 'ftrace',
    events: { mm_vmscan_lru_isolate: 42, writeback_congestion_wait: 8, mm_vmscan_writepage: 2, mm_vmscan_lru_shrink_inactive: 2, mm_vmscan_direct_reclaim_begin: 1, mm_vmscan_direct_reclaim_end: 1 },
    unparsed: 8,
  },
};

test('public captures: format sniffed, parsed without crash, event counts as counted by hand', async (t) => {
  if (!present) return t.skip(SKIP);
  const dir = join(CAPTURES, 'public');
  const traces = readdirSync(dir).filter((f) => !f.startsWith('node_exporter') && f.endsWith('.txt'));
  assert.deepEqual(traces.sort(), Object.keys(PUBLIC).sort());
  for (const name of traces) {
    const want = PUBLIC[name];
    const { info, summary } = await sniffed(join(dir, name));
    assert.equal(info.format, want.format, name);
    assert.deepEqual(summary!.events, want.events, name);
    assert.equal(info.unparsed, want.unparsed, name);
  }
  const c = (await parseTraceFile(join(dir, 'catapult__memreclaim_android_C_kswapd.txt'), 'ftrace')).summary!;
  assert.ok(c.kswapd.awake.start.length >= 1 && c.kswapd.awake.start.length <= 6);
  for (const name of readdirSync(dir).filter((f) => f.startsWith('node_exporter'))) {
    assert.equal(sniffTrace(readFileSync(join(dir, name), 'utf8')), null, name);
  }
});
