import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CaptureFigures } from '../analysis/types';
import { compressShare, parseProbe } from './compressShare';

const figures = (steal: number | undefined, cpuPct: number | null) =>
  ({ window: { startS: 0, endS: 10, durationS: 10 }, rates: steal === undefined ? {} : { pgsteal_kswapd: steal }, kswapd: { cpuPct } }) as unknown as CaptureFigures;

test('the probe line gives the per-page cost; anything else gives none', () => {
  assert.deepEqual(parseProbe('probe pages=8192 cpu_ns_per_page=40469 wall_ns_per_page=40504 random_pct=35\n'),
    { pages: 8192, cpuNsPerPage: 40469, wallNsPerPage: 40504 });
  assert.equal(parseProbe('/dev/zram1: No such file or directory\n'), undefined);
  assert.equal(parseProbe('probe pages=0 cpu_ns_per_page=1 wall_ns_per_page=1'), undefined);
});

test('share = ns/page × kswapd pages/s ÷ kswapd CPU ns/s, and refused when it cannot be a share', () => {
  const probe = { pages: 1, cpuNsPerPage: 40000, wallNsPerPage: 40000 };
  const s = compressShare(probe, figures(2000, 50));
  assert.ok('share' in s);
  assert.equal(s.share, 0.16); // 40 µs × 2000/s = 80 ms/s of 500 ms/s
  assert.match(s.text, /40000 ns\/page \(probe\) × 2000 pgsteal_kswapd\/s ÷ kswapd 50\.0 % CPU/);
  assert.deepEqual(compressShare(probe, figures(undefined, 50)), { why: 'kswapd reclaimed nothing in the capture' });
  assert.deepEqual(compressShare(probe, figures(2000, null)), { why: 'no kswapd CPU series in the capture' });
  assert.ok('why' in compressShare(probe, figures(20000, 50)), 'more compression time than kswapd ran');
});
