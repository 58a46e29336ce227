// `batch` throughput: 20 captures (the bench captures repeated, as symbolic links) with --jobs 1 and --jobs 2, no
// capture cache, wall time and captures per minute; the target is ≥ 1.7× with two jobs on two cores.
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchCaptures } from './replay';
import { fmt, repoRoot, runChild } from './measure';

const N = 20;

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
    console.log(`2 jobs / 1 job speed-up: ${fmt(wall[0] / wall[1], 2)}× on ${cpus().length} cores (target ≥ 1.7×; a shared machine's other load counts against it)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outs, { recursive: true, force: true });
  }
}
