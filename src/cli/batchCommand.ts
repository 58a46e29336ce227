// `reclaim-replay batch <folder-or-manifest> --out DIR [--jobs N] [--shard I/N]`: replays many captures, `--jobs` at a
// time on worker threads, one JSON per capture and a summary table (CSV + Parquet); re-running skips captures whose
// JSON is current. `--merge DIR… --out DIR` joins the outputs of shards run apart into one folder and summary.
import { availableParallelism } from 'node:os';
import { copyFile, readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { OptionError } from '../core/errors';
import { intRangeError } from '../core/vocabulary';
import { listCaptures, parseShard, shardItems } from '../core/batch/plan';
import { runBatch } from '../core/batch/runBatch';
import { readRecords, writeSummary } from '../core/batch/summary';
import { parseFlags } from './args';
import { REPLAY_OPTION_FLAGS, readProfile, replayOptionsFrom } from './replayCommand';
import { checkOutputDir } from './outputPath';
import { counted } from '../core/warnings';

export const USAGE = `usage: reclaim-replay batch <folder-or-manifest> --out DIR [--jobs N] [--shard I/N] [--no-cache] [replay options]
       reclaim-replay batch --merge DIR... --out DIR
A folder's captures are its sub-folders and capture files (a sub-folder with no capture file of its own but
sub-folders holds captures: each is one, named lab/NAME); a manifest lists one capture path per line (relative to it).
--jobs      captures replayed at once, each in its own worker thread (default: the CPU count)
--shard I/N this machine's share: every N-th capture of the sorted list from the I-th (I from 0); '/N' takes I from
            JOB_COMPLETION_INDEX (Kubernetes Indexed Job). Writes summary.shard-I-of-N.{csv,parquet}.
--merge     reads the per-capture JSON of each DIR (shard outputs) into --out and writes summary.{csv,parquet}.
Replay options (as for \`replay\`): --kcompressd --queue --variant --cpus --profile --algorithm --compress-share
--pressure --seed --validate. A capture whose JSON in DIR was made from the same files, options and tool and
succeeded is skipped; one that failed is tried again. Hidden (dot) entries of a folder are skipped. Exit code: 0 when
every capture replayed or was current; 2 when any capture's result is an error (its summary row says why; for --merge,
any merged row), a shard record is unreadable, or an option is bad.`;

/** V8's GC without helper threads. --single-threaded-gc and --no-parallel-marking abort V8 once isolates exist. */
const SERIAL_GC_FLAGS = '--no-parallel-scavenge --no-concurrent-marking --no-concurrent-sweeping --no-parallel-compaction --no-parallel-pointer-update';

/**
 * With a replay on every core, V8's parallel and concurrent GC helpers find no idle core: they take CPU from the other
 * jobs' replays and wait on each other (2 jobs on 2 busy cores: 7 % more CPU for the same batch). Then every isolate
 * made from here on collects on its own thread. Process-wide, so the CLI's call only. True when the flags were set.
 */
export function serialGcWhenCoresFull(jobs: number): boolean {
  if (jobs < availableParallelism()) return false;
  setFlagsFromString(SERIAL_GC_FLAGS);
  return true;
}

export const FLAGS = {
  ...REPLAY_OPTION_FLAGS,
  out: { type: 'string' }, jobs: { type: 'string' }, shard: { type: 'string' }, merge: { type: 'boolean' },
  'no-cache': { type: 'boolean' },
} as const;

async function merge(dirs: string[], out: string): Promise<number> {
  if (dirs.length === 0) throw new OptionError('--merge', `names no shard folders\n${USAGE}`);
  checkOutputDir('--out', out);
  const { records, unreadable } = await readRecords(dirs.map((d) => resolve(d)));
  for (const d of dirs) {
    if (resolve(d) === resolve(out)) continue;
    for (const n of (await readdir(d)).filter((f) => f.endsWith('.json'))) await copyFile(join(d, n), join(out, n));
  }
  const files = await writeSummary(out, 'summary', records);
  for (const u of unreadable) console.error(`${u}: not a batch record, left out`);
  const failed = records.filter((r) => r.batch.status === 'error');
  for (const r of failed) console.error(`  failed  ${r.batch.id}: ${r.batch.error ?? 'no reason recorded'}`);
  console.error(`merged ${counted(records.length, 'capture')} (${failed.length} failed) from ${counted(dirs.length, 'folder')}: ${files.join(', ')}`);
  return unreadable.length > 0 || failed.length > 0 ? 2 : 0;
}

export async function run(argv: string[]): Promise<number> {
  const { values: v, positionals } = parseFlags('batch', argv, FLAGS, USAGE);
  if (v.help) {
    console.log(USAGE);
    return 0;
  }
  if (!v.out) throw new OptionError('--out', `is required\n${USAGE}`);
  if (v.merge) return merge(positionals, v.out);
  checkOutputDir('--out', v.out);
  if (positionals.length !== 1) throw new OptionError('batch', `expects one folder or manifest\n${USAGE}`);
  const jobs = v.jobs === undefined ? availableParallelism() : Number(v.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new OptionError('--jobs', intRangeError({ min: 1 }, v.jobs));
  serialGcWhenCoresFull(jobs);
  const shard = parseShard(v.shard);
  const options = replayOptionsFrom(v, false);
  const { items, skipped } = await listCaptures(positionals[0]);
  const mine = shardItems(items, shard);
  for (const s of skipped) console.error(`${s}: not a capture, skipped`);
  // Ctrl-C (or a kill) stops the worker threads and says how far the batch got (main.ts exits 130); the captures
  // finished keep their JSON, so a rerun resumes there. Set before the header: once it is printed, Ctrl-C is ours.
  const controller = new AbortController();
  const abort = () => controller.abort();
  const signals = ['SIGINT', 'SIGTERM'] as const;
  for (const sig of signals) process.once(sig, abort);
  console.error(`${mine.length} of ${items.length} captures${shard ? ` (shard ${shard.index}/${shard.count})` : ''}, ${jobs} at a time → ${v.out}`);
  const t0 = performance.now();
  let finished = 0;
  const outcome = await runBatch(mine, {
    outDir: v.out, jobs, workerScript: join(__dirname, 'worker.js'), options, profile: readProfile(options.profile),
    validateProfile: options.validate === undefined ? undefined : readProfile(options.validate, '--validate'),
    cacheDir: v['no-cache'] ? null : undefined, signal: controller.signal,
    onItem: (item, what, r) => {
      finished++;
      console.error(`  ${what.padEnd(7)} ${item.id}${r.batch.error ? `: ${r.batch.error}` : ''}`);
    },
  }).catch((err: unknown) => {
    if (controller.signal.aborted) console.error(`cancelled: ${finished} of ${mine.length} captures done (their JSON kept in ${v.out}; a rerun resumes)`);
    throw err;
  }).finally(() => { for (const sig of signals) process.off(sig, abort); });
  const base = shard ? `summary.shard-${shard.index}-of-${shard.count}` : 'summary';
  const files = await writeSummary(v.out, base, outcome.records);
  console.error(`${outcome.done} replayed, ${outcome.skipped} current (skipped), ${outcome.failed} failed in `
    + `${((performance.now() - t0) / 1000).toFixed(1)} s; ${files.map((f) => basename(f)).join(', ')}`);
  return outcome.failed > 0 ? 2 : 0;
}
