// The whole `replay` command as a user runs it (node dist/cli.js replay CAPTURE --json: start-up, parse, calibration,
// every scenario), first with an empty capture cache and again from it, on capture A, the bundled captures and the
// captures in /work/newcaptures (or $RR_BENCH_CAPTURES). CPU time of the child process, and the replayed span as a
// multiple of it ("× real time").
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, repoRoot, runChild, sharedCaptures } from './measure';

const NEW_CAPTURES = process.env.RR_BENCH_CAPTURES ?? '/work/newcaptures';

export function benchCaptures(): string[] {
  const out: string[] = [];
  const shared = sharedCaptures();
  if (shared && existsSync(join(shared, 'A_kswapd_lz4'))) out.push(join(shared, 'A_kswapd_lz4'));
  for (const base of [join(repoRoot(), 'captures'), NEW_CAPTURES]) {
    if (!existsSync(base)) continue;
    for (const d of readdirSync(base).sort()) if (!d.startsWith('.') && statSync(join(base, d)).isDirectory()) out.push(join(base, d));
  }
  return out;
}

export async function run(): Promise<void> {
  const cli = join(repoRoot(), 'dist', 'cli.js');
  const cache = mkdtempSync(join(tmpdir(), 'rr-bench-cache-'));
  const env = { ...process.env, RECLAIM_REPLAY_CACHE: cache };
  try {
    console.log(`${'capture'.padEnd(26)} ${'replayed'.padStart(8)} ${'cold CPU'.padStart(9)} ${'wall'.padStart(6)} ${'× real'.padStart(7)}`
      + ` ${'cached CPU'.padStart(10)} ${'wall'.padStart(6)} ${'× real'.padStart(7)}  (targets on A: ≤ 1.7 s CPU cold, ≤ 0.8 s cached)`);
    for (const capture of benchCaptures()) {
      const cold = runChild(process.execPath, [cli, 'replay', capture, '--json'], { env });
      if (cold.status !== 0) {
        console.log(`${capture}: replay failed: ${cold.stderr.trim().split('\n').pop()}`);
        continue;
      }
      const warm = runChild(process.execPath, [cli, 'replay', capture, '--json'], { env });
      const simS = (JSON.parse(cold.stdout) as { simulatedS: number }).simulatedS;
      const name = capture.split('/').slice(-1)[0];
      console.log(`${name.padEnd(26)} ${`${fmt(simS)} s`.padStart(8)} ${`${fmt(cold.cpuS, 2)} s`.padStart(9)} ${`${fmt(cold.wallS, 1)} s`.padStart(6)} `
        + `${`${fmt(simS / cold.cpuS, 0)}×`.padStart(7)} ${`${fmt(warm.cpuS, 2)} s`.padStart(10)} ${`${fmt(warm.wallS, 1)} s`.padStart(6)} ${`${fmt(simS / warm.cpuS, 0)}×`.padStart(7)}`);
    }
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}
