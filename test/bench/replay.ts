// Replay speed on capture A (85 s): both scenarios (baseline + kcompressd) in one replay() call, against real time,
// with simulated pages per second and the process's peak RSS.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadCapture } from '../../src/core/capture/loadCapture';
import { resolveOptions } from '../../src/core/replay/options';
import { replay } from '../../src/core/replay/replay';
import type { ReplayResult } from '../../src/core/replay/types';

function reclaimedPages(r: ReplayResult): number {
  const s = r.series!;
  const binS = s.t.length > 1 ? s.t[1] - s.t[0] : 0.1;
  let n = 0;
  for (const side of [s.baseline, s.kcompressd]) for (const v of side.pgstealAnonPerS) n += v * binS;
  return n;
}

export async function run(): Promise<void> {
  // dist/bench.js runs from dist/, test/bench/replay.ts from test/bench: find the repo root either way.
  const root = [resolve(__dirname, '..'), resolve(__dirname, '../..')].find((d) => existsSync(join(d, 'package.json')))!;
  const dir = resolve(root, '../shared/captures/A_kswapd_lz4');
  if (!existsSync(dir)) {
    console.log(`skipped: ${dir} not found`);
    return;
  }
  let t = performance.now();
  const capture = await loadCapture(dir);
  console.log(`load capture A: ${Math.round(performance.now() - t)} ms (not counted below)`);
  // The first replay compresses the page corpus for real (once per process); time it apart from the model.
  t = performance.now();
  await replay(capture, resolveOptions({ pressure: 'saturate', cpus: 1 }));
  console.log(`first replay incl. corpus build (lz4js, 6 × 256 pages) + calibration: ${Math.round(performance.now() - t)} ms`);
  for (const variant of ['v1', 'mm'] as const) {
    const t0 = performance.now();
    const r = await replay(capture, resolveOptions({ variant, series: true }));
    const wall = performance.now() - t0;
    const pages = reclaimedPages(r);
    console.log(`${variant}: both scenarios of ${r.simulatedS.toFixed(1)} s in ${Math.round(wall)} ms → `
      + `${((2 * r.simulatedS * 1000) / wall).toFixed(0)}× real time per scenario; ${Math.round(pages / (wall / 1000)).toLocaleString('en-US')} reclaimed pages/s simulated`
      + `; baseline pgsteal_anon/s ${r.baseline.pgstealAnonPerS}, kcompressd ${r.kcompressd.pgstealAnonPerS}`);
  }
  const rssMiB = process.resourceUsage().maxRSS / 1024;
  console.log(`peak RSS ${rssMiB.toFixed(0)} MiB (limit 500 MiB) ${rssMiB < 500 ? 'OK' : 'OVER'}`);
}

