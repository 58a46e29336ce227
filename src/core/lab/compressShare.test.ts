import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeCapture } from '../analysis/figures';
import type { CaptureFigures } from '../analysis/types';
import { loadCapture } from '../capture/loadCapture';
import type { Capture } from '../capture/types';
import { calibrateProfile } from '../profiles/calibrate';
import { parseProbeText } from '../capture/zramProbe';
import { compressShare } from './compressShare';

const capture = { root: 'lab' } as Capture;
const figures = (steal: number | undefined, cpuPct: number | null) => ({
  window: { startS: 0, endS: 10, durationS: 10 }, kswapd: { cpuPct, cpuSource: 'schedstat' },
  rates: steal === undefined ? {} : { pgsteal_kswapd: steal, pgsteal_anon: steal, pswpout: steal },
}) as unknown as CaptureFigures;

test('the probe line gives the per-page cost; anything else gives none', () => {
  assert.deepEqual(parseProbeText('probe pages=8192 cpu_ns_per_page=40469 wall_ns_per_page=40504 random_pct=35\n'),
    { pages: 8192, cpuNsPerPage: 40469, wallNsPerPage: 40504 });
  assert.equal(parseProbeText('/dev/zram1: No such file or directory\n'), undefined);
  assert.equal(parseProbeText('probe pages=0 cpu_ns_per_page=1 wall_ns_per_page=1'), undefined);
});

test('kswapd reclaimed most: share = ns/page × pages it wrote ÷ its CPU; refused when it cannot be a share', () => {
  const probe = { pages: 1, cpuNsPerPage: 40000, wallNsPerPage: 40000 };
  const s = compressShare(probe, capture, figures(2000, 50));
  assert.ok('share' in s);
  assert.equal(s.share, 0.16); // 40 µs × 2000/s = 80 ms/s of 500 ms/s
  assert.match(s.text, /40,000 ns\/page × 20,000 pages written ÷ 5\.00 s \(probe × pages kswapd wrote ÷ its time\)/);
  assert.match((compressShare(probe, capture, figures(undefined, 50)) as { why: string }).why, /no anon reclaim/);
  assert.match((compressShare(probe, capture, figures(2000, null)) as { why: string }).why, /CPU time is not in the capture/);
  assert.ok('why' in compressShare(probe, capture, figures(20000, 50)), 'more compression time than kswapd ran');
});

test('on the bundled lab baseline (direct reclaim did most) the calibrated profile compresses a page in the probe\'s time', async () => {
  const dir = join(__dirname, '..', '..', '..', 'captures', 'lab', 'steady-mm-baseline');
  const c = await loadCapture(dir);
  const f = analyzeCapture(c);
  const probe = parseProbeText(readFileSync(join(dir, 'compress_probe.txt'), 'utf8'))!;
  const s = compressShare(probe, c, f);
  assert.ok('share' in s, JSON.stringify(s));
  assert.match(s.text, /direct reclaim wrote/);
  assert.equal(c.zramProbe?.cpuNsPerPage, probe.cpuNsPerPage, 'the loader reads the probe as part of the capture');
  // Given by hand, or taken by the calibration itself from the capture's probe (no --compress-share): the same costs.
  for (const opts of [{ compressShare: s.share }, {}]) {
    const notes = calibrateProfile(c, f, opts).notes.join('\n');
    const us = Number(/compress (\d+\.\d+) µs/.exec(notes)?.[1]);
    assert.ok(Math.abs(us * 1000 / probe.cpuNsPerPage - 1) < 0.01, `calibrated ${us} µs/page vs probe ${probe.cpuNsPerPage} ns`);
  }
  assert.match(calibrateProfile(c, f).notes.join('\n'), /from the zram store probe: 40,469 ns\/page/);
});
