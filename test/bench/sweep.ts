// A 16-point sweep of the bundled demo capture (workers 1,2,4,8 × queue 256,4096 × CPUs 4,8) on worker threads:
// wall time (target ≤ 10 s on a 2-core machine), CPU time of the whole process (all threads) and the load average
// it ran under, so a figure from a busy machine can be read as such.
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { sweepGrid } from '../../src/core/sweep/grid';
import { runSweep } from '../../src/core/sweep/runSweep';

export async function run(): Promise<void> {
  const root = [resolve(__dirname, '..'), resolve(__dirname, '../..')].find((d) => existsSync(join(d, 'package.json')))!;
  const capture = join(root, 'captures/demo');
  const worker = join(root, 'dist/sweepWorker.js');
  if (!existsSync(worker)) {
    console.log(`skipped: ${worker} not built`);
    return;
  }
  const grid = sweepGrid({ kcompressd: [1, 2, 4, 8], queue: [256, 4096], cpus: [4, 8] });
  const load = loadavg()[0];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await runSweep(worker, capture, grid);
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  console.log(`${r.points.length}-point sweep of captures/demo on ${r.threads} threads (${availableParallelism()} cores, load ${load.toFixed(1)}): `
    + `${wallS.toFixed(1)} s wall (target ≤ 10 s) ${wallS <= 10 ? 'OK' : 'OVER'}, ${cpuS.toFixed(1)} s CPU (${(cpuS / r.points.length).toFixed(2)} s per point)`);
  const limits = r.points.reduce<Record<string, number>>((m, p) => ({ ...m, [p.limit]: (m[p.limit] ?? 0) + 1 }), {});
  console.log(`speed-up ×${Math.min(...r.points.map((p) => p.speedup ?? 1)).toFixed(2)}…×${Math.max(...r.points.map((p) => p.speedup ?? 1)).toFixed(2)}; limits ${JSON.stringify(limits)}`);
  console.log('In a real VS Code, `npm run test:e2e` prints (never asserts) activation time, first paint, the longest extension-host block during a replay and cancel latency as `timing:` lines.');
}
