// The whole `replay` command as a user runs it (node dist/cli.js replay CAPTURE --json: start-up, parse, calibration,
// every scenario), first with an empty capture cache and again from it (the parsed capture and its stored baseline and
// validation runs, profiles and validation plans: the second run neither calibrates nor replays more than the
// kcompressd scenario), on capture A, the bundled captures and the
// captures in /work/newcaptures (or $RR_BENCH_CAPTURES). CPU time of the child process, and the replayed span as a
// multiple of it ("× real time"); on A and J (the acceptance captures) the best of 3 of each, elsewhere one run.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, repoRoot, runChild, sharedCaptures, type ChildRun } from './measure';

const NEW_CAPTURES = process.env.RR_BENCH_CAPTURES ?? '/work/newcaptures';
/** Captures the acceptance figures are read on: measured best of 3. */
const KEY_CAPTURES = /A_kswapd_lz4|J_lz4_steady/;

export function benchCaptures(): string[] {
  const out: string[] = [];
  const shared = sharedCaptures();
  if (shared && existsSync(join(shared, 'A_kswapd_lz4'))) out.push(join(shared, 'A_kswapd_lz4'));
  for (const base of [join(repoRoot(), 'captures'), NEW_CAPTURES]) {
    if (!existsSync(base)) continue;
    for (const d of subFolders(base)) out.push(...(holdsFiles(d) ? [d] : subFolders(d))); // captures/lab: pairs of captures
  }
  return out;
}

const subFolders = (dir: string) => readdirSync(dir).sort().filter((d) => !d.startsWith('.') && statSync(join(dir, d)).isDirectory()).map((d) => join(dir, d));
/** A capture folder holds capture files; a folder of captures holds only folders and a README. */
const holdsFiles = (dir: string) => readdirSync(dir, { withFileTypes: true }).some((e) => e.isFile() && !/^README/i.test(e.name));

const best = (runs: ChildRun[]) => runs.reduce((a, b) => (b.cpuS < a.cpuS ? b : a));

export async function run(): Promise<void> {
  const cli = join(repoRoot(), 'dist', 'cli.js');
  console.log(`${'capture'.padEnd(26)} ${'replayed'.padStart(8)} ${'cold CPU'.padStart(9)} ${'wall'.padStart(6)} ${'× real'.padStart(7)}`
    + ` ${'cached CPU'.padStart(10)} ${'wall'.padStart(6)} ${'× real'.padStart(7)}  runs  (targets on A: ≤ 1.7 s CPU cold, ≤ 0.8 s cached; cached runs only the kcompressd scenario)`);
  for (const capture of benchCaptures()) {
    const n = KEY_CAPTURES.test(capture) ? 3 : 1;
    const cold: ChildRun[] = [];
    const warm: ChildRun[] = [];
    let failed: string | undefined;
    for (let i = 0; i < n && !failed; i++) {
      const cache = mkdtempSync(join(tmpdir(), 'rr-bench-cache-'));
      const env = { ...process.env, RECLAIM_REPLAY_CACHE: cache };
      try {
        const c = runChild(process.execPath, [cli, 'replay', capture, '--json'], { env });
        if (c.status !== 0) failed = c.stderr.trim().split('\n').pop();
        cold.push(c);
        warm.push(runChild(process.execPath, [cli, 'replay', capture, '--json'], { env }));
      } finally {
        rmSync(cache, { recursive: true, force: true });
      }
    }
    if (failed !== undefined) {
      console.log(`${capture}: replay failed: ${failed}`);
      continue;
    }
    const c = best(cold);
    const w = best(warm);
    const simS = (JSON.parse(c.stdout) as { simulatedS: number }).simulatedS;
    const name = capture.split('/').slice(-1)[0];
    console.log(`${name.padEnd(26)} ${`${fmt(simS)} s`.padStart(8)} ${`${fmt(c.cpuS, 2)} s`.padStart(9)} ${`${fmt(c.wallS, 1)} s`.padStart(6)} `
      + `${`${fmt(simS / c.cpuS, 0)}×`.padStart(7)} ${`${fmt(w.cpuS, 2)} s`.padStart(10)} ${`${fmt(w.wallS, 1)} s`.padStart(6)} ${`${fmt(simS / w.cpuS, 0)}×`.padStart(7)}`
      + `  ${n === 1 ? '1' : `best of ${n}`}`);
  }
}
