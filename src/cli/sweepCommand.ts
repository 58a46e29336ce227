// `reclaim-replay sweep <capture> --workers 1,2,4,8 --queue 256,4096 --cpus 4,8 --algorithm lz4,lzo-rle …`: the grid
// of replays on worker threads (dist/sweepWorker.js beside this bundle), as a table, JSON (`points`) or CSV.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { captureArgs } from './args';
import { loadCaptureCached } from '../core/capture/captureCache';
import { OptionError } from '../core/errors';
import { intList, sweepGrid, wordList, type SweepAxes } from '../core/sweep/grid';
import { runSweep, type SweepResult } from '../core/sweep/runSweep';
import { sweepCapture } from '../core/sweep/sweep';
import type { ReplayOptions } from '../core/replay/types';
import type { Algorithm, Variant } from '../core/vocabulary';
import { sweepToCsv } from '../shared/sweepExport';
import { checkOutputPath, writeOutputFile } from './outputPath';
import { warningBlock } from './warningGroups';

const USAGE = `usage: reclaim-replay sweep <capture> [--workers 1,2,4,8] [--queue 256,4096] [--cpus 4,8] [--algorithm lz4,lzo-rle]
  [--profile capture,x86-vm,…] [--variant v1,mm] [--pressure capture|saturate] [--seed S] [--threads N] [--json] [--csv FILE]
Each list is one axis of the grid; every combination is replayed (baseline and kcompressd). Prints per point the
pgsteal_anon/s speed-up, the allocstall change and what limits kcompressd there (cpu-bound, fifo-full, demand-bound).`;

const FLAGS = {
  workers: { type: 'string' }, queue: { type: 'string' }, cpus: { type: 'string' }, algorithm: { type: 'string' },
  profile: { type: 'string' }, variant: { type: 'string' }, pressure: { type: 'string' }, seed: { type: 'string' },
  threads: { type: 'string' }, json: { type: 'boolean' }, csv: { type: 'string' },
} as const;

/** The grid's axes from the flags (absent flags are not swept). */
export function axesFrom(v: Partial<Record<'workers' | 'queue' | 'cpus' | 'algorithm' | 'profile' | 'variant', string>>): SweepAxes {
  const axes: SweepAxes = {};
  if (v.workers !== undefined) axes.workers = intList('--workers', v.workers);
  if (v.queue !== undefined) axes.queue = intList('--queue', v.queue);
  if (v.cpus !== undefined) axes.cpus = intList('--cpus', v.cpus);
  if (v.algorithm !== undefined) axes.algorithm = wordList('--algorithm', v.algorithm) as Algorithm[];
  if (v.profile !== undefined) {
    axes.profile = wordList('--profile', v.profile);
    const file = axes.profile.find((p) => p.endsWith('.json'));
    if (file) throw new OptionError('--profile', `a sweep takes built-in profile names or 'capture', not files (${file})`);
  }
  if (v.variant !== undefined) axes.variant = wordList('--variant', v.variant) as Variant[];
  return axes;
}

const f = (v: number | null, digits = 2): string => (v === null ? 'n/a' : v.toFixed(digits));

export function formatSweep(s: SweepResult): string {
  const head = ['workers', 'queue', 'cpus', 'algorithm', 'profile', 'speed-up', 'allocstalls', 'limit'];
  const rows = s.points.map((p) => [String(p.options.workers), String(p.options.queue), String(p.options.cpus ?? ''), p.options.algorithm, p.options.profile,
    `×${f(p.speedup)}`, p.allocstallChangePct === null ? `${f(p.allocstalls.baseline, 0)} → ${f(p.allocstalls.kcompressd, 0)}` : `${p.allocstallChangePct > 0 ? '+' : ''}${f(p.allocstallChangePct, 1)} %`, p.limit]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => '  ' + r.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [`Sweep of ${s.capture}: ${s.points.length} points on ${s.threads} thread(s) in ${(s.elapsedMs / 1000).toFixed(1)} s`, '',
    line(head), ...rows.map(line), ...warningBlock(s.warnings)].join('\n');
}

export async function run(argv: string[]): Promise<number> {
  const args = captureArgs('sweep', argv, FLAGS, USAGE);
  if (!args) return 0;
  const { values: v, capture } = args;
  const axes = axesFrom(v);
  if (v.csv) checkOutputPath('--csv', v.csv);
  const seed = v.seed === undefined ? undefined : intList('--seed', v.seed)[0];
  const base: Partial<ReplayOptions> = { pressure: v.pressure as ReplayOptions['pressure'], ...(seed !== undefined ? { seed } : {}) };
  const points = sweepGrid(axes, base);
  const threads = v.threads === undefined ? undefined : intList('--threads', v.threads)[0];
  const workerScript = join(__dirname, 'sweepWorker.js');
  const tty = process.stderr.isTTY && !v.json;
  const progress = (done: number, total: number) => { if (tty) process.stderr.write(`\rsweep: ${done}/${total} points`); };
  const started = performance.now();
  const result: SweepResult = existsSync(workerScript)
    ? await runSweep(workerScript, capture, points, { threads, onProgress: progress })
    : await loadCaptureCached(capture, { purpose: 'replay' }).then(async ({ capture: c }) => ({ capture, ...(await sweepCapture(c, points, { onPoint: (i) => progress(i + 1, points.length) })),
      elapsedMs: Math.round(performance.now() - started), threads: 1 }));
  if (tty) process.stderr.write('\n');
  if (v.csv) writeOutputFile('--csv', v.csv, sweepToCsv(result, `Reclaim Replay sweep of ${capture}`));
  if (v.json) {
    // Wall time and threads vary between runs: the JSON carries only what the grid determines.
    console.log(JSON.stringify({ capture: result.capture, axes, points: result.points, warnings: result.warnings }, null, 1));
  } else console.log(formatSweep(result));
  return 0;
}
