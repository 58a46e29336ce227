// `reclaim-replay sweep <capture> --kcompressd 1,2,4,8 --queue 256,4096 --cpus 4,8 --algorithm lz4,lzo-rle …`: the grid
// of replays on worker threads (dist/sweepWorker.js beside this bundle), as a table, JSON (`points`) or CSV.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { captureArgs } from './args';
import { loadCaptureCached } from '../core/capture/captureCache';
import { OptionError } from '../core/errors';
import { counted } from '../core/warnings';
import { appliesTo, intList, sweepGrid, wordList, type SweepAxes } from '../core/sweep/grid';
import type { SweepPoint } from '../core/sweep/point';
import { unchangedAxes } from '../core/sweep/unchangedAxes';
import { runSweep, type SweepResult } from '../core/sweep/runSweep';
import { sweepCapture } from '../core/sweep/sweep';
import type { ReplayOptions } from '../core/replay/types';
import { ALGORITHMS, DEFAULTS, intRangeError, kcompressdInapplicable, MM_FIFO_SIZE, PRESSURES, RANGES, V1_DEFAULT_QUEUE, VARIANTS, type Algorithm, type Variant } from '../core/vocabulary';
import { sweepToCsv } from '../shared/sweepExport';
import { checkOutputPath, writeOutputFile } from './outputPath';
import { number } from './replayCommand';
import { warningBlock } from './warningGroups';

export const USAGE = `usage: reclaim-replay sweep <capture> [--kcompressd N,N…] [--queue N,N…] [--cpus N,N…] [--algorithm A,A…]
  [--profile P,P…] [--variant V,V…] [--pressure ${PRESSURES.join('|')}] [--seed S] [--threads N] [--json] [--csv FILE]
Each list is one axis of the grid (e.g. --kcompressd 1,2,4,8 --queue 256,4096 --algorithm ${ALGORITHMS.join(',')} --variant ${VARIANTS.join(',')});
every combination is replayed (baseline and kcompressd). An axis not given stays at replay's default (--kcompressd
${DEFAULTS.kcompressd}, --queue ${V1_DEFAULT_QUEUE}, the capture's CPUs and algorithm, --profile ${DEFAULTS.profile}, --variant ${DEFAULTS.variant}): with no axis the sweep runs
that one point. Prints per point the pgsteal_anon/s speed-up, the allocstall change and what limits kcompressd there
(cpu-bound, fifo-full, demand-bound, or slower when kcompressd loses).
--kcompressd: the v1 worker counts, as replay's --kcompressd (--workers, its old name, still works).
mm runs one kcompressd per node on a fixed ${MM_FIFO_SIZE}-entry FIFO: --kcompressd and --queue do not apply, each mm point runs once.
Progress ('point k/N …') and warnings go to stderr; Ctrl-C stops the sweep (exit 130).`;

export const FLAGS = {
  kcompressd: { type: 'string' }, queue: { type: 'string' }, cpus: { type: 'string' }, algorithm: { type: 'string' },
  profile: { type: 'string' }, variant: { type: 'string' }, pressure: { type: 'string' }, seed: { type: 'string' },
  threads: { type: 'string' }, json: { type: 'boolean' }, csv: { type: 'string' },
} as const;

/** The grid's axes from the flags (absent flags are not swept). */
export function axesFrom(v: Partial<Record<'kcompressd' | 'queue' | 'cpus' | 'algorithm' | 'profile' | 'variant', string>>): SweepAxes {
  const axes: SweepAxes = {};
  if (v.kcompressd !== undefined) axes.kcompressd = intList('--kcompressd', v.kcompressd, RANGES.kcompressd);
  if (v.queue !== undefined) axes.queue = intList('--queue', v.queue, RANGES.queue);
  if (v.cpus !== undefined) axes.cpus = intList('--cpus', v.cpus, RANGES.cpus);
  if (v.algorithm !== undefined) axes.algorithm = wordList('--algorithm', v.algorithm) as Algorithm[];
  if (v.profile !== undefined) {
    axes.profile = wordList('--profile', v.profile);
    const file = axes.profile.find((p) => p.endsWith('.json'));
    if (file) throw new OptionError('--profile', `a sweep takes built-in profile names or 'capture', not files (${file})`);
  }
  if (v.variant !== undefined) axes.variant = wordList('--variant', v.variant) as Variant[];
  // Worker counts on an mm-only grid would all replay the one kcompressd per node: refused, as replay refuses them.
  const ignored = (axes.variant ?? [DEFAULTS.variant]).every((variant) => variant === 'mm')
    ? axes.kcompressd?.map((n) => kcompressdInapplicable('mm', n)).find(Boolean) : undefined;
  if (ignored) throw new OptionError('--kcompressd', ignored);
  return axes;
}

/** The grid's points and the thread count from the flags. --seed and --threads are one value each, not axes: --seed
 *  read as replay reads it (0 is a seed; a list is refused), --threads a whole number ≥ 1. Throws OptionError. */
export function gridFrom(v: Parameters<typeof axesFrom>[0] & { pressure?: string; seed?: string; threads?: string }): { axes: SweepAxes; points: ReplayOptions[]; threads?: number } {
  const axes = axesFrom(v);
  const seed = number('seed', v.seed);
  const points = sweepGrid(axes, { pressure: v.pressure as ReplayOptions['pressure'], ...(seed !== undefined ? { seed } : {}) });
  const threads = v.threads === undefined ? undefined : Number(v.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) throw new OptionError('--threads', intRangeError({ min: 1 }, v.threads));
  return { axes, points, threads };
}

const f = (v: number | null, digits = 2): string => (v === null ? 'n/a' : v.toFixed(digits));

/** The options a point varies, as `v1 kcompressd 4 queue 4096 cpus 2 lz4 capture` (mm without kcompressd and queue). */
export const pointLabel = (p: SweepPoint): string => [p.options.variant,
  ...(['kcompressd', 'queue'] as const).filter((a) => appliesTo(p.options.variant as Variant, a)).map((a) => `${a} ${p.options[a]}`),
  ...(p.options.cpus === null ? [] : [`cpus ${p.options.cpus}`]), p.options.algorithm, p.options.profile].join(' ');

/** A point's worker count or queue as the table shows it: "—" where its variant's design does not have that knob. */
const knob = (p: SweepPoint, axis: 'kcompressd' | 'queue'): string => (appliesTo(p.options.variant as Variant, axis) ? String(p.options[axis]) : '—');

/** Table order: variant (as the vocabulary lists them), then worker count, queue, CPUs, algorithm, profile. */
function byOptions(a: SweepPoint, b: SweepPoint): number {
  const [x, y] = [a.options, b.options];
  return VARIANTS.indexOf(x.variant as Variant) - VARIANTS.indexOf(y.variant as Variant) || x.kcompressd - y.kcompressd || x.queue - y.queue
    || (x.cpus ?? 0) - (y.cpus ?? 0) || x.algorithm.localeCompare(y.algorithm) || x.profile.localeCompare(y.profile);
}

/** The sweep's table (stdout). Its warnings are not part of it: run() prints them on stderr (warningBlock). */
export function formatSweep(s: SweepResult, axes: SweepAxes = {}): string {
  const head = ['variant', 'kcompressd', 'queue', 'cpus', 'algorithm', 'profile', 'speed-up', 'allocstalls', 'limit'];
  const rows = [...s.points].sort(byOptions).map((p) => [p.options.variant, knob(p, 'kcompressd'), knob(p, 'queue'), String(p.options.cpus ?? ''), p.options.algorithm, p.options.profile,
    `×${f(p.speedup)}`, p.allocstallChangePct === null ? `${f(p.allocstalls.baseline, 0)} → ${f(p.allocstalls.kcompressd, 0)}` : `${p.allocstallChangePct > 0 ? '+' : ''}${f(p.allocstallChangePct, 1)} %`, p.limit]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => '  ' + r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const mm = s.points.some((p) => p.options.variant === 'mm')
    ? ['', `mm: one kcompressd per node on a fixed ${MM_FIFO_SIZE}-entry FIFO (KCOMPRESS_FIFO_SIZE), so --kcompressd and --queue do not apply (—).`] : [];
  const unchanged = unchangedAxes(axes, s.points).map((u) => `--${u.axis} ${u.values.join(',')} changed no figure: ${u.why}.`);
  return [`Sweep of ${s.capture}: ${counted(s.points.length, 'point')} on ${counted(s.threads, 'thread')} in ${(s.elapsedMs / 1000).toFixed(1)} s`, '',
    line(head), ...rows.map(line), ...mm, ...(unchanged.length ? ['', ...unchanged] : [])].join('\n');
}

export async function run(argv: string[]): Promise<number> {
  const args = captureArgs('sweep', argv, FLAGS, USAGE);
  if (!args) return 0;
  const { values: v, capture } = args;
  const { axes, points, threads } = gridFrom(v);
  if (v.csv) checkOutputPath('--csv', v.csv);
  const workerScript = join(__dirname, 'sweepWorker.js');
  // One line per finished point on stderr, as batch reports its captures (stdout keeps only the table, JSON or nothing).
  console.error(`${counted(points.length, 'point')} of ${capture}`);
  const progress = (done: number, total: number, p: SweepPoint) => console.error(`  point ${done}/${total}  ${pointLabel(p)}: ×${f(p.speedup)} ${p.limit}`);
  // Ctrl-C (or a kill) stops the worker threads: main.ts reports the CancelledError and exits 130.
  const controller = new AbortController();
  const abort = () => controller.abort();
  const signals = ['SIGINT', 'SIGTERM'] as const;
  for (const sig of signals) process.once(sig, abort);
  const started = performance.now();
  const result: SweepResult = await (existsSync(workerScript)
    ? runSweep(workerScript, capture, points, { threads, signal: controller.signal, onProgress: progress })
    : loadCaptureCached(capture, { purpose: 'replay' }).then(async ({ capture: c }) => ({
      capture, ...(await sweepCapture(c, points, { signal: controller.signal, onPoint: (i, p) => progress(i + 1, points.length, p) })),
      elapsedMs: Math.round(performance.now() - started), threads: 1 })))
    .finally(() => { for (const sig of signals) process.off(sig, abort); });
  if (v.csv) writeOutputFile('--csv', v.csv, sweepToCsv(result, `Reclaim Replay sweep of ${capture}`));
  if (v.json) {
    // Wall time and threads vary between runs: the JSON carries only what the grid determines.
    console.log(JSON.stringify({ capture: result.capture, axes, points: result.points, unchangedAxes: unchangedAxes(axes, result.points), warnings: result.warnings }, null, 1));
  } else console.log(formatSweep(result, axes));
  // stdout holds only the table or the JSON (which carries them as `warnings`): the text's warnings go to stderr.
  if (!v.json && result.warnings.length > 0) console.error(warningBlock(result.warnings).slice(1).join('\n'));
  return 0;
}
