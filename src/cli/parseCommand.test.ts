import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CaptureFigures } from '../core/analysis/types';
import { tempFile } from '../core/capture/testing/tempFiles';
import { OptionError } from '../core/errors';
import { formatSummary, run } from './parseCommand';
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
  minFreeMiB: 3082,
  memTotalMiB: null,
  warnings: [warning('analysis.window-basis', 'something odd', '/c/vmstat.txt', 4)],
};

test('the summary shows every section', () => {
  const s = formatSummary(figures);
  for (const part of ['vmstat-snapshots', '/c/vmstat.txt', '62.1 s', 'pswpout', '22,707.5', '37,432.4', 'pgsteal_anon', 'n/a',
    'CPU 78.8 % (schedstat)', '10 wakes, 1 sleeps', 'ratio 1.954', '2,209.9 MiB', 'mm_vmscan_kswapd_wake', 'direct reclaim: none',
    'memcg reclaim: 3 slices, 2.497 ms total, p50 969 µs, p99 5,904 µs, 209 pages reclaimed', 'min free 3,082 MiB', 'something odd']) {
    assert.ok(s.includes(part), `missing ${part}\n${s}`);
  }
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
  assert.deepEqual(Object.keys(j).sort(), Object.keys(figures).sort());
  assert.equal(j.rates.pswpout, 5);
  await assert.rejects(run([]), OptionError);
  await assert.rejects(run([p, '--bogus']), OptionError);
});
