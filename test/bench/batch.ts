// `batch` throughput: 20 captures (the bench captures repeated, as symbolic links) with --jobs 1 and --jobs 2, no
// capture cache, wall time and captures per minute; the target is ≥ 1.7× with two jobs on two cores.
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchCaptures } from './replay';
import { fmt, repoRoot, runChild } from './measure';

const N = 20;
const SPIN_MS = 3000;

/** Work two busy threads get done in a fixed wall time, over what one gets: the speed-up this machine offers two jobs
 *  right now (2.0 on two idle cores; less when other processes take the CPUs). */
async function machineParallelism(): Promise<number> {
  const spin = (threads: number) => Promise.all(Array.from({ length: threads }, () => new Promise<number>((resolve, reject) => {
    const w = new Worker(`const { parentPort } = require('node:worker_threads'); const end = Date.now() + ${SPIN_MS}; let n = 0;
      while (Date.now() < end) { for (let i = 0; i < 1e5; i++) n += i & 1; } parentPort.postMessage(n);`, { eval: true });
    w.once('message', resolve);
    w.once('error', reject);
  }))).then((ns) => ns.reduce((a, b) => a + b, 0));
  const one = await spin(1);
  return (await spin(2)) / one;
}

export async function run(): Promise<void> {
  const small = benchCaptures().filter((c) => !c.includes('A_kswapd_lz4'));
  if (small.length === 0) {
    console.log('skipped: no bench captures');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'rr-bench-fleet-'));
  const outs = mkdtempSync(join(tmpdir(), 'rr-bench-fleet-out-'));
  try {
    for (let i = 0; i < N; i++) symlinkSync(small[i % small.length], join(dir, `c${String(i).padStart(2, '0')}_${small[i % small.length].split('/').pop()}`));
    const cli = join(repoRoot(), 'dist', 'cli.js');
    const wall: number[] = [];
    for (const jobs of [1, 2]) {
      const out = join(outs, `jobs-${jobs}`);
      const r = runChild(process.execPath, [cli, 'batch', dir, '--out', out, '--jobs', String(jobs), '--no-cache']);
      wall.push(r.wallS);
      const last = r.stderr.trim().split('\n').pop();
      if (!/^20 replayed/.test(last ?? '')) console.log(`--jobs ${jobs}: not every capture replayed (exit ${r.status}):`);
      console.log(`--jobs ${jobs}: ${N} captures in ${fmt(r.wallS)} s wall (${fmt((N / r.wallS) * 60, 0)} per minute), ${fmt(r.cpuS)} s CPU; ${last}`);
    }
    const offered = await machineParallelism();
    console.log(`2 jobs / 1 job speed-up: ${fmt(wall[0] / wall[1], 2)}× on ${cpus().length} cores (target ≥ 1.7×); in the same run two busy threads `
      + `got ${fmt(offered, 2)}× the work of one (the speed-up the machine offered; 2.0 when idle)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outs, { recursive: true, force: true });
  }
}
