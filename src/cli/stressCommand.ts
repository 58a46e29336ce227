// reclaim-replay stress: real reclaim into zram on this machine (root). The controller sets up zram swap,
// hugepages and watermarks, runs the workload as a child process (comm rr-stress) and always restores.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { ALGORITHMS, isAlgorithm } from '../core/vocabulary';
import { parseFlags } from './args';
import { OptionError } from '../core/errors';
import { DEFAULT_MIX, parseMix } from '../core/model/zram/pageClasses';
import { DEFAULT_BURST, runBursts, STRESS_SHAPES, type AppHandle, type BurstOptions, type StressShape } from '../core/record/burst';
import { guardProcess } from '../core/record/restore';
import { runStress } from '../core/record/stress';
import { sleep } from '../core/record/clock';
import { DEFAULT_STRESS_SYSTEM, type StressSystemOptions } from '../core/record/stressSystem';
import { defaultRoots, meminfoMiB, realSysOps } from '../core/record/sysOps';
import { DEFAULT_WORKLOAD, runWorkload, type WorkloadOptions } from '../core/record/workload';

export const WORKLOAD_COMM = 'rr-stress';

/** Options shared by `stress` and `capture --with-stress`. */
export const stressOptionSpec = {
  'size-mib': { type: 'string' },
  algorithm: { type: 'string' },
  'rate-mibs': { type: 'string' },
  'guard-mib': { type: 'string' },
  'abort-mib': { type: 'string' },
  'target-free-mib': { type: 'string' },
  wsf: { type: 'string' },
  mix: { type: 'string' },
  seed: { type: 'string' },
  shape: { type: 'string' },
  'offline-cpus': { type: 'string' },
  apps: { type: 'string' },
  'app-every': { type: 'string' },
  'app-seconds': { type: 'string' },
} as const;

type StressValues = { [K in keyof typeof stressOptionSpec]?: string };

/** Each bursty app's memory: two overlapping apps push MemFree below the raised low watermark, one alone does not. */
const BURST_APP_MIB = 2560;

export const STRESS_HELP = `  --shape S             steady (one process fills, then touches) or bursty (apps start, fill, touch and
                        exit one after another) (default steady)
  --size-mib M          anon memory each workload process fills (default ${DEFAULT_WORKLOAD.sizeMiB}; bursty ${BURST_APP_MIB})
  --apps N              bursty: apps started in all (default ${DEFAULT_BURST.apps})
  --app-every S         bursty: seconds between app starts (default ${DEFAULT_BURST.everyS})
  --app-seconds S       bursty: lifetime of one app (default ${DEFAULT_BURST.appSeconds})
  --algorithm A         zram algorithm: lz4 or lzo-rle (default ${DEFAULT_STRESS_SYSTEM.algorithm})
  --rate-mibs R         fill rate limit (default ${DEFAULT_WORKLOAD.rateMiBs})
  --target-free-mib F   MemFree left after the hugepage reservation (default ${DEFAULT_STRESS_SYSTEM.targetFreeMiB})
  --wsf W               watermark_scale_factor during the run (default ${DEFAULT_STRESS_SYSTEM.watermarkScaleFactor})
  --guard-mib G         the workload pauses while MemFree < G (default ${DEFAULT_WORKLOAD.guardMiB})
  --abort-mib A         kill the workload, release hugepages if MemFree < A (default 2800)
  --mix SPEC            content mix (default ${Object.entries(DEFAULT_MIX).map(([k, v]) => `${k}=${v}`).join(',')})
  --seed S              workload seed (default 1)
  --offline-cpus LIST   take these CPUs offline for the run (e.g. 1 or 2,3; never cpu0), back online after`;

function parseCpuList(v: string | undefined): number[] {
  if (v === undefined) return [];
  const cpus = v.split(',').map((x) => x.trim());
  if (!cpus.every((c) => /^[1-9]\d*$/.test(c))) throw new OptionError('--offline-cpus', `'${v}' is not a list of CPU numbers above 0`);
  return [...new Set(cpus.map(Number))];
}

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  const n = positiveNumber(name, value, fallback);
  if (!Number.isInteger(n)) throw new OptionError(`--${name}`, `'${value}' is not a whole number`);
  return n;
}

export function positiveNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new OptionError(`--${name}`, `'${value}' is not a positive number`);
  return n;
}

/** What the workload process runs: one steady workload, or (with `burst`) apps with these options each. */
export type WorkloadSpec = WorkloadOptions & { burst?: BurstOptions };

export interface StressPlan {
  system: StressSystemOptions;
  workload: WorkloadSpec;
  abortMiB: number;
}

function parseShape(v: string | undefined): StressShape {
  const shape = v ?? 'steady';
  if (!(STRESS_SHAPES as readonly string[]).includes(shape)) throw new OptionError('--shape', `'${shape}' is not ${STRESS_SHAPES.join(' or ')}`);
  return shape as StressShape;
}

export function stressPlan(v: StressValues, seconds: number): StressPlan {
  const algorithm = v.algorithm ?? DEFAULT_STRESS_SYSTEM.algorithm;
  if (!isAlgorithm(algorithm)) throw new OptionError('--algorithm', `'${algorithm}' is not one of ${ALGORITHMS.join(', ')}`);
  const guardMiB = positiveNumber('guard-mib', v['guard-mib'], DEFAULT_WORKLOAD.guardMiB);
  const abortMiB = positiveNumber('abort-mib', v['abort-mib'], 2800);
  if (abortMiB >= guardMiB) throw new OptionError('--abort-mib', `must be below --guard-mib (${guardMiB})`);
  const bursty = parseShape(v.shape) === 'bursty';
  if (!bursty) {
    for (const k of ['apps', 'app-every', 'app-seconds'] as const) if (v[k] !== undefined) throw new OptionError(`--${k}`, 'needs --shape bursty');
  }
  const burst = bursty ? {
    apps: positiveInteger('apps', v.apps, DEFAULT_BURST.apps),
    everyS: positiveNumber('app-every', v['app-every'], DEFAULT_BURST.everyS),
    appSeconds: positiveNumber('app-seconds', v['app-seconds'], DEFAULT_BURST.appSeconds),
  } : undefined;
  return {
    system: {
      ...DEFAULT_STRESS_SYSTEM, algorithm, guardMiB,
      targetFreeMiB: positiveNumber('target-free-mib', v['target-free-mib'], DEFAULT_STRESS_SYSTEM.targetFreeMiB),
      watermarkScaleFactor: positiveNumber('wsf', v.wsf, DEFAULT_STRESS_SYSTEM.watermarkScaleFactor),
      offlineCpus: parseCpuList(v['offline-cpus']),
    },
    workload: {
      ...DEFAULT_WORKLOAD, seconds, guardMiB,
      sizeMiB: positiveNumber('size-mib', v['size-mib'], bursty ? BURST_APP_MIB : DEFAULT_WORKLOAD.sizeMiB),
      rateMiBs: positiveNumber('rate-mibs', v['rate-mibs'], DEFAULT_WORKLOAD.rateMiBs),
      seed: positiveNumber('seed', v.seed, DEFAULT_WORKLOAD.seed),
      mix: v.mix ? parseMix(v.mix) : DEFAULT_MIX,
      ...(burst ? { burst } : {}),
    },
    abortMiB,
  };
}

/** The command line that runs the workload alone in a child process of this CLI. */
export function workloadCommand(w: WorkloadSpec): string[] {
  return [process.execPath, ...process.execArgv, process.argv[1], 'stress', '--workload-only', JSON.stringify(w)];
}

function memFreeMiB(): number {
  return meminfoMiB(fs.readFileSync('/proc/meminfo', 'utf8'), 'MemFree');
}

/** A bursty app: this CLI again with one steady workload; its log lines go to ours prefixed with `app=<i> `. */
function spawnApp(index: number, opts: WorkloadOptions, log: (line: string) => void): AppHandle {
  const [cmd, ...args] = workloadCommand(opts);
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let rest = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    const lines = (rest + d).split('\n');
    rest = lines.pop()!;
    for (const l of lines) log(`app=${index} ${l}`);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(null));
    child.once('close', (code) => resolve(code));
  });
  return { exited, kill: (sig) => child.kill(sig) };
}

async function runWorkloadOnly(json: string): Promise<number> {
  process.title = WORKLOAD_COMM;
  const controller = new AbortController();
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, () => controller.abort());
  // A workload whose controller died (SIGKILL, OOM) stops too, so its memory never outlives the run's restore.
  const ppid = process.ppid;
  const orphanWatch = setInterval(() => {
    if (process.ppid !== ppid) controller.abort();
  }, 500);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  try {
    const spec = JSON.parse(json) as WorkloadSpec;
    const { burst, ...workload } = spec;
    if (burst) {
      const r = await runBursts(workload, burst, {
        spawnApp: (slot, opts) => spawnApp(slot.index, opts, log), sleep, log, signal: controller.signal,
      });
      return r.failed > 0 ? 1 : 0;
    }
    await runWorkload(workload, { memFreeMiB, sleep, log, signal: controller.signal });
    return 0;
  } finally {
    clearInterval(orphanWatch);
  }
}

const HELP = `usage: reclaim-replay stress [--seconds N] [options]   (root)
Sets up zram swap on /dev/zram0, reserves hugepages so little memory stays free, raises watermark_scale_factor,
fills anonymous memory with a content mix (comm ${WORKLOAD_COMM}) and touches it so pages swap out and back in.
Everything is restored on every exit path it survives (Ctrl-C, SIGTERM, SIGHUP, a closed stdout/stderr, an error).
  --seconds N           workload duration (default ${DEFAULT_WORKLOAD.seconds})
${STRESS_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseFlags('stress', argv, { ...stressOptionSpec, seconds: { type: 'string' }, 'workload-only': { type: 'string' } }, HELP, false);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (values['workload-only'] !== undefined) return runWorkloadOnly(values['workload-only']);
  const plan = stressPlan(values, positiveNumber('seconds', values.seconds, DEFAULT_WORKLOAD.seconds));
  if (process.getuid?.() !== 0) throw new OptionError('stress', 'must run as root (it sets up zram swap and hugepages)');
  const log = (m: string) => console.error(`stress: ${m}`);
  const controller = new AbortController();
  const uninstall = guardProcess(controller, log);
  try {
    const r = await runStress({
      ops: realSysOps, roots: defaultRoots, system: plan.system, command: workloadCommand(plan.workload), abortMiB: plan.abortMiB,
      log, signal: controller.signal,
    });
    if (controller.signal.aborted) return 130;
    return r.failed ? 1 : 0;
  } finally {
    uninstall();
  }
}
