import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CaptureFigures } from '../core/analysis/types';
import { tempDir, tempFile } from '../core/capture/testing/tempFiles';
import { OptionError } from '../core/errors';
import { duration, formatSummary, run } from './parseCommand';
import { warning } from '../core/warnings';

const figures: CaptureFigures = {
  sources: [{ path: '/c/vmstat.txt', format: 'vmstat-snapshots', lines: 120, unparsed: 2 }],
  window: { startS: 10, endS: 72.1, durationS: 62.1, clock: 'mono', firstSampleS: 4.5 },
  rates: { pswpout: 22707.5 },
  peakRates: { pswpout: 37432.4, pgsteal_anon: 48284.1 },
  kswapd: { cpuPct: 78.79, cpuSource: 'schedstat', wakes: 10, sleeps: 1 },
  zram: { ratio: 1.954, memUsedMiB: 2209.9, sameFraction: 0.0357, hugeFraction: 0.1203, zeroShare: 0.205 },
  events: { mm_vmscan_kswapd_wake: 10 },
  directReclaim: { count: 0, totalMs: 0, p50Us: 0, p99Us: 0, reclaimedPages: null },
  memcgReclaim: { count: 3, totalMs: 2.497, p50Us: 969, p99Us: 5904, reclaimedPages: 209 },
  traceCovers: { startS: 10, endS: 72.1 },
  minFreeMiB: 3082.8,
  memTotalMiB: null,
  zones: null,
  warnings: [warning('analysis.window-basis', 'something odd', '/c/vmstat.txt', 4)],
};

test('the summary shows every section', () => {
  const s = formatSummary(figures);
  for (const part of ['vmstat-snapshots', '/c/vmstat.txt', '62.1 s', 'pswpout', '22,707.5', '37,432.4', 'pgsteal_anon', 'n/a',
    'CPU 78.8 % (schedstat)', 'whole trace 10 mm_vmscan_kswapd_wake (balance_pgdat runs), 1 mm_vmscan_kswapd_sleep', 'ratio 1.954', '2,209.9 MiB', 'mm_vmscan_kswapd_wake', 'direct reclaim: none',
    'memcg reclaim: 3 slices, 2,497 µs total, p50 969 µs, p99 5,904 µs, 209 pages reclaimed', 'min free 3,082.8 MiB', 'something odd']) {
    assert.ok(s.includes(part), `missing ${part}\n${s}`);
  }
});

// trial4: A's rate column printed '8,096' beside '70,893.3' (a whole number dropped its decimal); counts printed
// '161997' where rates had separators.
test('each column has one number format: rates one decimal, counts whole, all thousands-separated', () => {
  const s = formatSummary({ ...figures, sources: [{ ...figures.sources[0], lines: 276329 }], rates: { pswpout: 8096, pgsteal_anon: 70893.3, allocstall: 0 },
    peakRates: { pswpout: 12000, pgsteal_anon: 70893.25 }, events: { mm_vmscan_write_folio: 161997, mm_vmscan_kswapd_wake: 4 } });
  assert.match(s, /^  pswpout +8,096\.0 +12,000\.0$/m);
  assert.match(s, /^  pgsteal_anon +70,893\.3 +70,893\.3$/m);
  assert.match(s, /^  allocstall +0\.0 +n\/a$/m);
  assert.match(s, /^  mm_vmscan_write_folio +161,997$/m);
  assert.match(s, /^  vmstat-snapshots +276,329 lines +2 unparsed/m);
});

// One scale for a slice line's total and percentiles: s from 10 s, ms from 10 ms, else µs (the 2016 LKML excerpt's
// 274 s slice printed as '274,239.389 ms total, p50 274,239,389 µs'); one slice is 'slice'; a long event name keeps
// the count column (2.6.35's mm_vmscan_memcg_softlimit_reclaim_begin).
test('slice durations scale their unit, one slice is singular, long event names keep the count column aligned', () => {
  assert.deepEqual([duration(97), duration(9_999), duration(10_000), duration(215_770), duration(1_043_374), duration(274_239_389)],
    ['97 µs', '9,999 µs', '10 ms', '216 ms', '1,043 ms', '274.239 s'], 'trial12 #6: ms at one precision, not "1,043.374 ms" beside "215.77 ms"');
  const long = formatSummary({ ...figures, events: { mm_vmscan_memcg_softlimit_reclaim_begin: 1, mm_vmscan_kswapd_wake: 10 },
    memcgReclaim: { count: 1, totalMs: 274_239.389, p50Us: 274_239_389, p99Us: 274_239_389, reclaimedPages: 113 } });
  assert.match(long, /^  memcg reclaim: 1 slice, 274\.239 s total, p50 274\.239 s, p99 274\.239 s, 113 pages reclaimed$/m);
  const rows = long.split('\n').filter((l) => /^  mm_vmscan_/.test(l));
  assert.equal(rows.length, 2);
  assert.equal(rows[0].length, rows[1].length, rows.join('\n'));
});

// trial: android-toolbox-vmstat.txt and every vmstat-only input printed "direct reclaim: none", "memcg reclaim: none"
// and "whole trace 0 mm_vmscan_kswapd_wake" though they hold no trace: unknown, not none.
test('without a trace the summary says so instead of counting no wakes, events or reclaim slices', () => {
  const s = formatSummary({ ...figures, traceCovers: undefined, events: {}, directReclaim: { ...figures.directReclaim }, memcgReclaim: { count: 0, totalMs: 0, p50Us: 0, p99Us: 0, reclaimedPages: null } });
  assert.match(s, /wakes and sleeps: no trace in the capture$/m);
  assert.match(s, /^Trace events: no trace in the capture$/m);
  assert.match(s, /^Reclaim slices: no trace in the capture \(direct and memcg reclaim slices need/m);
  assert.doesNotMatch(s, /reclaim: none|whole trace/);
  assert.match(formatSummary({ ...figures, events: {} }), /^Trace events: none$/m, 'a trace with no event is none');
});

// trial13 (fault 03): zram's shares printed as bare fractions, "zero share of swap-outs 1", beside % elsewhere.
test('zram\'s same, huge and zero shares print as percentages with one decimal', () => {
  assert.match(formatSummary(figures), /same 3\.6 %, huge 12\.0 %, zero share of swap-outs 20\.5 %$/m);
  assert.match(formatSummary({ ...figures, zram: { ...figures.zram!, zeroShare: 1, sameFraction: null } }), /same n\/a, huge 12\.0 %, zero share of swap-outs 100\.0 %$/m);
});

// trial: a file without meminfo printed "min free n/a MiB, total n/a MiB".
test('memory figures carry their unit only beside a number', () => {
  assert.match(formatSummary({ ...figures, window: null, minFreeMiB: null }), /^memory: min free n\/a, total n\/a$/m);
  assert.match(formatSummary({ ...figures, memTotalMiB: 24105 }), /^memory: min free 3,082\.8 MiB in window, total 24,105 MiB$/m);
});

// trial13 #3: parse said min free 4,261.4 MiB for K (at 20.9 s, before its 21.4–58.1 s window) beside window-averaged
// rates, where replay's headline measured 4,600.3 over the window.
test('min free is the window\'s, as the rates beside it; the whole capture\'s lower one is given beside it', () => {
  assert.match(formatSummary({ ...figures, minFreeMiB: 4600.3, minFreeWholeMiB: 4261.4 }), /^memory: min free 4,600\.3 MiB in window \(whole capture 4,261\.4 MiB\), total n\/a$/m);
});

test('the reclaim window names its clock and gives the replay\'s time base (seconds since the first vmstat sample)', () => {
  const s = formatSummary(figures);
  assert.match(s, /^Reclaim window: CLOCK_MONOTONIC 10\.000 → 72\.100 s \(5\.5–67\.6 s since the first sample, 62\.1 s\)$/m);
  assert.match(formatSummary({ ...figures, window: { ...figures.window!, clock: 'epoch' } }), /Reclaim window: wall clock \(Unix epoch\) 10\.000/);
});

test('--json prints exactly the CaptureFigures fields; bad arguments are option errors', async () => {
  const p = tempFile('v.txt', '# t_mono=1\nnr_free_pages 256\npswpout 0\n# t_mono=2\nnr_free_pages 256\npswpout 5\n');
  const out: string[] = [];
  const log = console.log;
  console.log = (s: string) => out.push(s);
  try {
    assert.equal(await run([p, '--json']), 0);
  } finally {
    console.log = log;
  }
  const j = JSON.parse(out.join('\n')) as CaptureFigures;
  assert.deepEqual(Object.keys(j).sort(), Object.keys(figures).filter((k) => k !== 'traceCovers').sort()); // traceCovers only with a trace
  assert.equal(j.rates.pswpout, 5);
  await assert.rejects(run([]), OptionError);
  await assert.rejects(run([p, '--bogus']), OptionError);
});

test('reclaim slice totals say the span they are summed over: the whole trace, not the reclaim window (B: 25.505 s)', () => {
  const s = formatSummary({ ...figures, traceCovers: { startS: 1000, endS: 1031.25 } });
  assert.match(s, /^Reclaim slices over the whole trace \(1000\.000 → 1031\.250 s, 31\.25 s\)\n  direct reclaim: none\n  memcg reclaim: 3 slices, 2,497 µs total/m);
});

test('the per-CPU page lists are summarised with their source, in pages and MiB, the peak on the replay\'s time base', () => {
  const pcpLists = { source: 'vmstat' as const, startPages: 1228, maxPages: 332600, maxAtS: 50, endPages: 256, note: 'derived' };
  assert.match(formatSummary({ ...figures, pcpLists }),
    /^per-CPU page lists \(not in free memory; derived\): start 1,228 pages \(4\.8 MiB\), most 332,600 pages \(1,299\.2 MiB\) at 45\.5 s since the first sample, end 256 pages \(1\.0 MiB\)$/m);
  assert.doesNotMatch(formatSummary(figures), /per-CPU/, 'no line without the figures');
});

// trial5: 'in window 1 wakes from sleep, 1 sleeps', '1 pages reclaimed': each count agrees with its noun (counted()).
test('counts agree with their nouns: 1 wake, 1 sleep, 1 page', () => {
  const one = formatSummary({ ...figures, kswapd: { ...figures.kswapd, wakesFromSleepInWindow: 1, sleepsInWindow: 1 },
    memcgReclaim: { ...figures.memcgReclaim, reclaimedPages: 1 } });
  assert.match(one, /in window 1 wake from sleep, 1 sleep;/);
  assert.match(one, /, 1 page reclaimed$/m);
  const two = formatSummary({ ...figures, kswapd: { ...figures.kswapd, wakesFromSleepInWindow: 2, sleepsInWindow: 0 } });
  assert.match(two, /in window 2 wakes from sleep, 0 sleeps;/);
});

// trial5 #16: parse never showed the zones' watermarks, which a kernel engineer reads beside free pages (and which the
// replay's kswapd and allocator run against). Each zone's free pages, min/low/high and managed pages from zoneinfo,
// free at the end from the after snapshot; the JSON carries the same per zone.
const zone = (name: string, free: number, min: number, low: number, high: number, managed: number) => `Node 0, zone ${name.padStart(8)}
  pages free     ${free}
        min      ${min}
        low      ${low}
        high     ${high}
        spanned  ${managed + 100}
        present  ${managed + 50}
        managed  ${managed}
        protection: (0, 2976, 15873)
`;

test('parse shows each zone\'s free pages beside its min/low/high watermarks (text and JSON)', async () => {
  const dir = tempDir({
    'vmstat_snapshots.txt': '# t_mono=1\nnr_free_pages 1800000\npswpout 0\n# t_mono=2\nnr_free_pages 1700000\npswpout 5\n',
    'zoneinfo_before.txt': zone('DMA', 3840, 10, 662, 1314, 3840) + zone('DMA32', 728004, 2116, 133512, 264908, 772918),
    'zoneinfo_after.txt': zone('DMA', 3840, 10, 662, 1314, 3840) + zone('DMA32', 697279, 2116, 133512, 264908, 772918),
  });
  const print = async (...argv: string[]) => {
    const out: string[] = [];
    const log = console.log;
    console.log = (s: string) => out.push(s);
    try {
      assert.equal(await run([dir, ...argv]), 0);
    } finally {
      console.log = log;
    }
    return out.join('\n');
  };
  const text = await print();
  assert.match(text, /^zones \(pages; watermarks and free from .*zoneinfo_before\.txt; free at end from .*zoneinfo_after\.txt\):$/m);
  assert.match(text, /^  node +zone +free +min +low +high +managed +free at end$/m);
  assert.match(text, /^  0 +DMA +3,840 +10 +662 +1,314 +3,840 +3,840$/m);
  assert.match(text, /^  0 +DMA32 +728,004 +2,116 +133,512 +264,908 +772,918 +697,279$/m);
  const j = JSON.parse(await print('--json')) as CaptureFigures;
  assert.deepEqual(j.zones?.zones[1], { node: 0, name: 'DMA32', freePages: 728004, min: 2116, low: 133512, high: 264908, managedPages: 772918,
    lowmemReserve: [0, 2976, 15873], freeAtEnd: 697279 });
  assert.match(j.zones?.source ?? '', /zoneinfo_before\.txt$/);
});

// Fault 16: a zone without min/low/high gets them computed (repairZones): the table must not pass them off as the file's.
test('zones: computed watermarks are marked as computed, not as zoneinfo\'s', () => {
  const zones = { source: 'z.txt', endSource: null, zones: [
    { node: 0, name: 'DMA32', freePages: 9, min: 10, low: 20, high: 30, managedPages: 1000 },
    { node: 0, name: 'Normal', freePages: 13000, min: 2000, low: 3000, high: 4000, managedPages: 1_000_000, watermarksComputed: true }] };
  const s = formatSummary({ ...figures, zones });
  assert.match(s, /^  0 +Normal +13,000 +2,000\* +3,000\* +4,000\* +1,000,000$/m);
  assert.match(s, /^  0 +DMA32 +9 +10  +20  +30  +1,000$/m);
  assert.match(s, /^  \* computed as __setup_per_zone_wmarks\(\) does: zoneinfo has no usable min\/low\/high for the zone/m);
  assert.doesNotMatch(formatSummary({ ...figures, zones: { ...zones, zones: [zones.zones[0]] } }), /computed/);
});

test('zones: the free column says n/a where zoneinfo shows none; no zoneinfo is said, not left out', () => {
  const zones = { source: 'z.txt', endSource: null, zones: [{ node: 1, name: 'Normal', freePages: null, min: 5, low: 6, high: 7, managedPages: 100 }] };
  const s = formatSummary({ ...figures, zones });
  assert.match(s, /^zones \(pages; watermarks from z\.txt\):$/m);
  assert.match(s, /^  1 +Normal +n\/a +5 +6 +7 +100$/m);
  assert.match(formatSummary(figures), /^zones: no zoneinfo in the capture \(no watermarks\)$/m);
});

test('tlb:tlb_flush: kswapd\'s IPIs per anon folio over the window and the reasons per CPU; absent from a capture without it', () => {
  assert.equal(formatSummary(figures).includes('tlb_flush'), false);
  const s = formatSummary({ ...figures, tlbFlush: {
    window: { sent: 1200.4, answered: 1100, anonReclaimed: 2000, perFolio: 0.55, minPerFolio: 0.1124, maxPerFolio: 1, trims: 7 },
    reasons: ['flush on task switch', 'remote shootdown', 'local shootdown', 'local MM shootdown', 'remote IPI send', 'remote wrong CPU'],
    perCpu: [[0, 10, 0, 3, 1500, 4], [0, 1200, 0, 0, 20, 3]],
  } });
  for (const part of ['kswapd sent 1,200 IPIs, 1,100 answered by another CPU', '2,000 anon folios reclaimed by kswapd: 0.550 answered IPIs per folio (per second 0.112–1.000); 7 mm_cpumask trims']) {
    assert.ok(s.includes(part), `missing ${part}\n${s}`);
  }
  // Only the reasons that occur get a column, counts right-aligned under them.
  assert.match(s, /^ {8}remote shootdown {2}local MM shootdown {2}remote IPI send {2}remote wrong CPU$/m);
  assert.match(s, /^ {2}cpu1 {13}1,200 {19}0 {15}20 {17}3$/m);
});
