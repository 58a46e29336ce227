// reclaim-replay stress: real reclaim into zram on this machine (root). The controller sets up zram swap,
// hugepages and watermarks, runs the workload as a child process (comm rr-stress) and always restores.
import * as fs from 'node:fs';
import { ALGORITHMS, isAlgorithm } from '../core/vocabulary';
import { parseArgs } from 'node:util';
import { OptionError } from '../core/errors';
import { DEFAULT_MIX, parseMix } from '../core/model/zram/pageClasses';
import { abortOnSignals, RestoreStack } from '../core/record/restore';
import { DEFAULT_STRESS_SYSTEM, prepareStressSystem, releaseHugepages, type StressSystemOptions } from '../core/record/stressSystem';
import { supervise } from '../core/record/supervise';
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
} as const;

type StressValues = { [K in keyof typeof stressOptionSpec]?: string };

export const STRESS_HELP = `  --size-mib M          anon memory the workload fills (default ${DEFAULT_WORKLOAD.sizeMiB})
  --algorithm A         zram algorithm: lz4 or lzo-rle (default ${DEFAULT_STRESS_SYSTEM.algorithm})
  --rate-mibs R         fill rate limit (default ${DEFAULT_WORKLOAD.rateMiBs})
  --target-free-mib F   MemFree left after the hugepage reservation (default ${DEFAULT_STRESS_SYSTEM.targetFreeMiB})
  --wsf W               watermark_scale_factor during the run (default ${DEFAULT_STRESS_SYSTEM.watermarkScaleFactor})
  --guard-mib G         the workload pauses while MemFree < G (default ${DEFAULT_WORKLOAD.guardMiB})
  --abort-mib A         kill the workload, release hugepages if MemFree < A (default 2800)
  --mix SPEC            content mix (default ${Object.entries(DEFAULT_MIX).map(([k, v]) => `${k}=${v}`).join(',')})
  --seed S              workload seed (default 1)`;

export function positiveNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new OptionError(`--${name}`, `'${value}' is not a positive number`);
  return n;
}

export interface StressPlan {
  system: StressSystemOptions;
  workload: WorkloadOptions;
  abortMiB: number;
}

export function stressPlan(v: StressValues, seconds: number): StressPlan {
  const algorithm = v.algorithm ?? DEFAULT_STRESS_SYSTEM.algorithm;
  if (!isAlgorithm(algorithm)) throw new OptionError('--algorithm', `'${algorithm}' is not one of ${ALGORITHMS.join(', ')}`);
  const guardMiB = positiveNumber('guard-mib', v['guard-mib'], DEFAULT_WORKLOAD.guardMiB);
  const abortMiB = positiveNumber('abort-mib', v['abort-mib'], 2800);
  if (abortMiB >= guardMiB) throw new OptionError('--abort-mib', `must be below --guard-mib (${guardMiB})`);
  return {
    system: {
      ...DEFAULT_STRESS_SYSTEM, algorithm, guardMiB,
      targetFreeMiB: positiveNumber('target-free-mib', v['target-free-mib'], DEFAULT_STRESS_SYSTEM.targetFreeMiB),
      watermarkScaleFactor: positiveNumber('wsf', v.wsf, DEFAULT_STRESS_SYSTEM.watermarkScaleFactor),
    },
    workload: {
      ...DEFAULT_WORKLOAD, seconds, guardMiB,
      sizeMiB: positiveNumber('size-mib', v['size-mib'], DEFAULT_WORKLOAD.sizeMiB),
      rateMiBs: positiveNumber('rate-mibs', v['rate-mibs'], DEFAULT_WORKLOAD.rateMiBs),
      seed: positiveNumber('seed', v.seed, DEFAULT_WORKLOAD.seed),
      mix: v.mix ? parseMix(v.mix) : DEFAULT_MIX,
    },
    abortMiB,
  };
}

/** The command line that runs the workload alone in a child process of this CLI. */
export function workloadCommand(w: WorkloadOptions): string[] {
  return [process.execPath, ...process.execArgv, process.argv[1], 'stress', '--workload-only', JSON.stringify(w)];
}

function memFreeMiB(): number {
  return meminfoMiB(fs.readFileSync('/proc/meminfo', 'utf8'), 'MemFree');
}

async function runWorkloadOnly(json: string): Promise<number> {
  process.title = WORKLOAD_COMM;
  const controller = new AbortController();
  for (const s of ['SIGINT', 'SIGTERM'] as const) process.on(s, () => controller.abort());
  await runWorkload(JSON.parse(json) as WorkloadOptions, {
    memFreeMiB,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    log: (line) => process.stdout.write(`${line}\n`),
    signal: controller.signal,
  });
  return 0;
}

const HELP = `usage: reclaim-replay stress [--seconds N] [options]   (root)
Sets up zram swap on /dev/zram0, reserves hugepages so little memory stays free, raises watermark_scale_factor,
fills anonymous memory with a content mix (comm ${WORKLOAD_COMM}) and touches it so pages swap out and back in.
Everything is restored afterwards, also on Ctrl-C or error.
  --seconds N           workload duration (default ${DEFAULT_WORKLOAD.seconds})
${STRESS_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...stressOptionSpec, seconds: { type: 'string' }, 'workload-only': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (values['workload-only'] !== undefined) return runWorkloadOnly(values['workload-only']);
  const plan = stressPlan(values, positiveNumber('seconds', values.seconds, DEFAULT_WORKLOAD.seconds));
  if (process.getuid?.() !== 0) throw new OptionError('stress', 'must run as root (it sets up zram swap and hugepages)');
  const log = (m: string) => console.error(`stress: ${m}`);
  const restore = new RestoreStack();
  const controller = new AbortController();
  const uninstall = abortOnSignals(controller, log);
  let failed = false;
  try {
    const orig = prepareStressSystem(realSysOps, defaultRoots, plan.system, restore, log);
    const r = await supervise({
      command: workloadCommand(plan.workload), abortMiB: plan.abortMiB, memFreeMiB, signal: controller.signal, log,
      onLowMemory: () => releaseHugepages(realSysOps, defaultRoots, orig.nrHugepages),
    });
    failed = r.lowMemory || r.exitCode !== 0;
  } catch (err) {
    log(`error: ${err instanceof Error ? err.message : String(err)}`);
    failed = true;
  } finally {
    const failures = restore.restoreAll(log);
    uninstall();
    if (failures.length > 0) failed = true;
  }
  if (controller.signal.aborted) return 130;
  return failed ? 1 : 0;
}
