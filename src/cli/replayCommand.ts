// `reclaim-replay replay <capture> …`: the capture through the model as today's kernel and with kcompressd, in the
// replay worker (dist/worker.js beside this bundle); a summary, the JSON result, or a self-contained HTML report.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkOutputPath, writeOutputFile } from './outputPath';
import { warningBlock } from './warningGroups';
import { captureArgs } from './args';
import { OptionError } from '../core/errors';
import { validateProfile as checkProfile } from '../core/profiles/builtin';
import { resolveOptions } from '../core/replay/options';
import { runReplayInWorker } from '../core/replay/runInWorker';
import type { ReplayOptions, ReplayResult } from '../core/replay/types';
import type { ReplayRequest } from '../core/replay/workerProtocol';
import type { RunHooks } from '../core/replay/runInWorker';
import { withTtyProgress } from './progress';
import { ALGORITHMS, COMPRESS_SHARE, DEFAULTS, designText, kcompressdInapplicable, MM_FIFO_SIZE, PRESSURE_INFO, PRESSURES, RANGES, V1_DEFAULT_QUEUE, VARIANT_INFO, VARIANTS, type Variant } from '../core/vocabulary';
import { fidelityRows, validationNote } from '../shared/fidelity';
import { summaryText } from '../shared/replaySummary';
import { ZONE_END_PREFIX } from '../core/replay/verdict';
import { variantForAfter } from '../core/lab/kcompressdDesign';
import { grouped } from '../core/numberText';

/** What each kcompressd option means, from the vocabulary (shared with batch and compare, which take the same options). */
export const OPTION_HELP = [
  `--variant ${VARIANTS.join('|')} (default ${DEFAULTS.variant}):`,
  ...VARIANTS.map((v) => `  ${v} = ${VARIANT_INFO[v].title}, ${VARIANT_INFO[v].description}`),
  `--kcompressd N: v1's kcompressd worker threads, ${RANGES.kcompressd.min}–${RANGES.kcompressd.max} (default ${DEFAULTS.kcompressd};`,
  `  --workers, its old name, still works); --queue N: entries per worker FIFO`,
  `  (default ${V1_DEFAULT_QUEUE}; with mm, its one FIFO, default ${MM_FIFO_SIZE} = KCOMPRESS_FIFO_SIZE); mm runs one kcompressd`,
  `  per node, so --kcompressd other than 1 is refused with it`,
  '--cpus N: cores the model runs on (default: the CPUs the capture\'s trace shows, else the profile\'s)',
  `--compress-share F: the zram write's share of the reclaimer's time per page, in (${COMPRESS_SHARE.min}, ${COMPRESS_SHARE.max}) (default: the profile's)`,
  `--pressure ${PRESSURES.join('|')} (default ${DEFAULTS.pressure}):`,
  ...PRESSURES.map((p) => `  ${p} = ${PRESSURE_INFO[p]}`),
  `--seed S: seed of the page contents and the model's random choices, ${RANGES.seed.min}–${RANGES.seed.max} (default ${DEFAULTS.seed};`,
  '  the same seed prints the same JSON)',
].join('\n');

export const USAGE = `usage: reclaim-replay replay <capture> [--json] [--html FILE] [--kcompressd N] [--queue N] [--variant ${VARIANTS.join('|')}]
  [--cpus N] [--profile NAME|FILE] [--algorithm ${ALGORITHMS.join('|')}] [--compress-share F] [--pressure ${PRESSURES.join('|')}]
  [--seed S] [--json --series] [--no-cache] [--validate split|none|PROFILE] [--measured-after CAPTURE]
${OPTION_HELP}
--algorithm defaults to the capture's own zram comp_algorithm
--series (with --json): adds the simulated and observed time series to the JSON
--measured-after CAPTURE: a capture made with kcompressd (e.g. \`reclaim-replay lab pair\`): predicted vs measured after-figures
profiles: capture (calibrated on the capture itself, default), x86-vm, phone-big, phone-little, or a JSON file
written by \`reclaim-replay calibrate\`
The parsed capture is cached in $RECLAIM_REPLAY_CACHE (else $XDG_CACHE_HOME/reclaim-replay, else ~/.cache/reclaim-replay;
\`off\` disables it) with its baseline runs and reused while its files keep their size and mtime; --no-cache reads the
files and runs the baselines again.
--validate: how the fidelity table is tested. split (default): a profile calibrated on the first half of the reclaim
  window predicts the second half; none: the replay compared with the whole capture (a fit when --profile capture);
  PROFILE: the whole capture replayed with that profile. The kcompressd prediction always uses --profile.`;

/** The flags that choose the replay's options (shared with `batch`). */
export const REPLAY_OPTION_FLAGS = {
  kcompressd: { type: 'string' }, queue: { type: 'string' }, variant: { type: 'string' }, cpus: { type: 'string' },
  profile: { type: 'string' }, algorithm: { type: 'string' }, 'compress-share': { type: 'string' }, pressure: { type: 'string' },
  seed: { type: 'string' }, validate: { type: 'string' },
} as const;

export const FLAGS = {
  ...REPLAY_OPTION_FLAGS, 'measured-after': { type: 'string' }, json: { type: 'boolean' }, html: { type: 'string' }, series: { type: 'boolean' },
  'no-cache': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
} as const;

type OptionValues = { [K in keyof typeof REPLAY_OPTION_FLAGS]?: string };

export function replayOptionsFrom(v: OptionValues, series: boolean): ReplayOptions {
  const o = resolveOptions({
    kcompressd: number('kcompressd', v.kcompressd), queue: number('queue', v.queue), variant: v.variant as ReplayOptions['variant'],
    cpus: number('cpus', v.cpus), profile: v.profile, algorithm: v.algorithm as ReplayOptions['algorithm'],
    compressShare: number('compress-share', v['compress-share']), pressure: v.pressure as ReplayOptions['pressure'],
    seed: number('seed', v.seed), series, ...(v.validate !== undefined && { validate: v.validate }),
  });
  // A flag the design ignores is refused, not replayed as if it counted (trial13 F8).
  const ignored = v.kcompressd === undefined ? undefined : kcompressdInapplicable(o.variant, o.kcompressd);
  if (ignored) throw new OptionError('--kcompressd', ignored);
  return o;
}

/** A flag's one number (`--seed 0`); undefined when absent. Range checks are resolveOptions'. Throws OptionError. */
export function number(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new OptionError(`--${flag}`, `expects a number, got '${v}'`);
  return n;
}

/** A --profile or --validate that names a file is read here (the worker only reads the capture); errors name the flag. */
export function readProfile(name: string, flag: '--profile' | '--validate' = '--profile'): unknown {
  if (!name.endsWith('.json') && !existsSync(name)) return undefined;
  try {
    return checkProfile(JSON.parse(readFileSync(name, 'utf8')), name, flag);
  } catch (err) {
    if (err instanceof OptionError) throw err;
    throw new OptionError(flag, `cannot read ${name}: ${(err as Error).message}`);
  }
}

/** Why the share that ran is not the --compress-share asked for (pageCosts keeps the per-page total). */
function shareNote(asked: number | undefined, ran: number): string | undefined {
  if (asked === undefined || Math.abs(ran - asked) < 0.0006) return undefined;
  return ran > asked
    ? `  --compress-share ${asked} runs as ${ran}: the zram write keeps its zs_malloc store and same-filled page checks; only compression scales`
    : `  --compress-share ${asked} runs as ${ran}: the per-page total is kept, and the rest of it (scan, unmap, TLB flush) is already 0 at this share`;
}

/** The replay's text summary; `measuredAfter` (formatMeasuredAfter's table, --measured-after) follows the headline
 *  table it is read against, before the kcompressd detail, fidelity and warnings (trial12 #12). */
export function formatSummary(r: ReplayResult, measuredAfter?: string): string {
  const o = r.options;
  const out = r.verdict ? [`Verdict: ${r.verdict.text}`, ''] : [];
  out.push(`Replay of ${r.capture}: profile ${r.profileName}, ${o.algorithm}, pressure ${o.pressure}, kcompressd ${o.variant}`
    // The share the replay ran: the profile's per-page costs over this capture's page mix, not calibrate's measured one (trial5 #6).
    + ` (${designText(o.variant, o.kcompressd, o.queue)}), compress share ${r.compressShare} (the profile's per-page costs on this capture's page mix)`);
  const asked = shareNote(o.compressShare, r.compressShare);
  out.push(...(asked ? [asked] : []), '');
  out.push(...summaryText(r, measuredAfter));
  const fid = fidelityRows(r);
  const nameW = Math.max(20, ...fid.map((f) => f.name.length));
  if (fid.length > 0) {
    out.push('', `Fidelity (simulated today's kernel vs the capture). ${validationNote(r)}`,
      `  ${'figure'.padEnd(nameW)} ${'basis'.padEnd(10)} ${'observed'.padStart(12)} ${'simulated'.padStart(12)} ${'error %'.padStart(14)}`);
    for (const f of fid) {
      out.push(`  ${f.name.padEnd(nameW)} ${f.basis.padEnd(10)} ${f.observed.padStart(12)} ${f.simulated.padStart(12)} ${f.error.padStart(14)}  ${f.mark}`);
      if (f.why && (f.miss || f.basis !== 'predicted' || f.mark === 'not exercised' || f.key.startsWith(ZONE_END_PREFIX))) out.push(`${''.padStart(nameW + 3)}why: ${f.why}`);
    }
  }
  if (r.notes?.length) out.push('', 'Model inputs', ...r.notes.map((n) => `  ${n}`));
  out.push('', `${replayedLine(r)}.`);
  out.push(...warningBlock(r.warnings));
  return out.join('\n');
}

const TIMES = ['once', 'twice', 'three times'];
const RUN_NAMES = { today: "today's kernel", kcompressd: 'kcompressd', validation: 'validation' } as const;

/** How many model runs the elapsed time paid for, and which (cached baselines are not re-run). */
export function replayedLine(r: ReplayResult): string {
  const runs = r.runs ?? [];
  if (runs.length === 0) return `Replayed ${r.simulatedS.toFixed(1)} s in ${grouped(r.elapsedMs)} ms`;
  const cached = runs.includes('today') ? '' : "; today's kernel from the cache";
  return `Replayed ${r.simulatedS.toFixed(1)} s ${TIMES[runs.length - 1]} (${runs.map((n) => RUN_NAMES[n]).join(', ')}${cached}) in ${grouped(r.elapsedMs)} ms`;
}

/** Time-series values keep 3 decimals in the JSON: a bin's mean of free pages or of a CPU share carries no meaning
 *  beyond that, and 100.00006864827728 % reads as a share above a whole core. */
const seriesValue = (x: number): number => Math.round(x * 1000) / 1000; // NaN (no sample in the bin) prints as null

/** The result as plain JSON (time series as number arrays, values to 3 decimals), without the wall-clock cost so that
 *  two runs with the same seed print identical JSON. */
export function toJson(r: ReplayResult): string {
  const { elapsedMs: _elapsed, runs: _runs, ...rest } = r;
  return JSON.stringify(rest, (_k, v: unknown) => (v instanceof Float64Array ? Array.from(v, seriesValue) : v), 1);
}

export async function run(argv: string[]): Promise<number> {
  const args = captureArgs('replay', argv, FLAGS, USAGE);
  if (!args) return 0;
  const { values: v, capture: capturePath } = args;
  replayOptionsFrom(v, false); // bad flags are reported before any capture is read
  // The series are only in the JSON (the HTML report always carries them): alone, --series would change nothing.
  if (v.series && !v.json) throw new OptionError('--series', 'needs --json (the time series are printed only in the JSON)');
  const measuredAfterPath = v['measured-after'];
  const cacheDir = v['no-cache'] ? null : undefined;
  // The design the measured-after capture ran is the one to predict (unless --variant says otherwise, with a warning).
  const design = measuredAfterPath === undefined ? undefined
    : variantForAfter((await readCapture(measuredAfterPath, cacheDir)).capture, v.variant as Variant | undefined);
  const options = replayOptionsFrom({ ...v, ...(design && { variant: design.variant }) }, v.series === true || v.html !== undefined);
  if (v.html !== undefined) checkOutputPath('--html', v.html);
  const assets = v.html !== undefined ? readAssets() : undefined;
  const profile = readProfile(options.profile);
  const validateProfile = options.validate === undefined ? undefined : readProfile(options.validate, '--validate');
  const workerScript = join(__dirname, 'worker.js');
  const request = { capturePath, options, profile, validateProfile, cacheDir, measuredAfterPath };
  const result = await withTtyProgress((onProgress) => (existsSync(workerScript)
    ? runReplayInWorker(workerScript, request, { onProgress }) : replayHere(request, { onProgress })));
  result.warnings.push(...(design?.warnings ?? []));
  const after = result.measuredAfter && { capture: result.measuredAfterCapture ?? '', rows: result.measuredAfter, missing: result.measuredAfterMissing ?? [] };
  if (v.html !== undefined && assets) {
    writeOutputFile('--html', v.html, (await import('../core/report/html')).renderHtmlReport(result, assets));
    if (!v.json) console.error(`wrote ${v.html}`);
  }
  if (v.json) {
    if (!v.series) delete result.series;
    console.log(toJson(result));
  } else {
    console.log(formatSummary(result, after && (await import('../core/lab/measuredAfter')).formatMeasuredAfter(after)));
  }
  return 0;
}

// The capture reader, the model and the report are imported where they are used: a replay run in the worker never
// initialises them in this thread (~10 ms of CPU at each start).
const readCapture = async (path: string, cacheDir: string | null | undefined) =>
  (await import('../core/capture/captureCache')).loadCaptureCached(path, { purpose: 'replay', cacheDir });

/** The replay in this thread, when there is no worker bundle beside this one (the CLI run from its TypeScript sources). */
async function replayHere(req: ReplayRequest & { options: ReplayOptions }, hooks: RunHooks): Promise<ReplayResult> {
  const [{ replay }, { attachMeasuredAfter }] = await Promise.all([import('../core/replay/replay'), import('../core/lab/measuredAfter')]);
  const { capture } = await readCapture(req.capturePath, req.cacheDir);
  const r = await replay(capture, req.options, { profile: req.profile, validateProfile: req.validateProfile, onProgress: hooks.onProgress });
  return req.measuredAfterPath === undefined ? r : attachMeasuredAfter(r, (await readCapture(req.measuredAfterPath, req.cacheDir)).capture, capture);
}

/** The webview bundle the HTML report inlines, beside the CLI bundle (dist/webview). */
function readAssets(): { js: string; css: string } {
  const dir = join(__dirname, 'webview');
  const js = join(dir, 'main.js');
  const css = join(dir, 'main.css');
  if (!existsSync(js) || !existsSync(css)) {
    throw new OptionError('--html', `the report needs the webview bundle (${js} and ${css}); run \`node build.mjs\` first`);
  }
  return { js: readFileSync(js, 'utf8'), css: readFileSync(css, 'utf8') };
}
