// `reclaim-replay lab build|run|pair`: a patched-kernel lab in QEMU that measures kcompressd for real. The kernel
// build and the guest run happen in the output folders; the host's own memory settings are never touched.
import { cpus } from 'node:os';
import { parseFlags } from './args';
import { OptionError } from '../core/errors';
import { ALGORITHMS, intRangeError, MM_FIFO_SIZE, V1_DEFAULT_QUEUE, V1_DEFAULT_WORKERS, type Algorithm } from '../core/vocabulary';
import { buildKernel } from '../core/lab/buildKernel';
import { labCompressShare } from '../core/lab/compressShare';
import { LabError } from '../core/lab/labError';
import { hostShareWarning } from '../core/lab/hostShare';
import { readBuildRecord, runLab, type LabRunOptions, type RunRecord } from '../core/lab/runGuest';
import { WORKLOAD_SHAPES, workloadSpec, type WorkloadShape } from '../core/lab/workloads';
import { checkOutputDir } from './outputPath';

export const HELP = `usage: reclaim-replay lab <build|run|pair> [options]
  lab build --kernel-source TARBALL|DIR [--patch FILE]... --out DIR [--jobs N] [--no-nice]
      unpack, patch (in DIR), configure (tinyconfig + the lab fragment) and build DIR/bzImage; cached by input
  lab run --kernel DIR/bzImage --kcompressd off|on|N --out CAPTURE [run options]
      boot the kernel in QEMU (TCG), run the workload, record a capture into CAPTURE over 9p (N: on, with N workers)
  lab pair --baseline BZIMAGE --patched BZIMAGE --out DIR [run options]
      the same workload on both kernels: DIR/<workload>-baseline and DIR/<workload>-kcompressd
run options:
  --workload steady|bursty|saturate   (default steady)
  --seconds N        workload length (default 40)
  --cpus N           vCPUs (default 2)
  --mem M            guest RAM, MiB (default 1024)
  --algorithm A      ${ALGORITHMS.join(' | ')} (default lz4)
  --zram-mib Z       zram disksize, MiB (default: --mem)
  --kcompressd N --queue N   the worker count and FIFO length, as replay's; only the design's own values are
                     accepted: neither can be changed at run time (v1: 4 workers x 4096 entries, and writing its
                     module parameters disables it; mm: one thread per node, FIFO of 256). --workers: old name.
  --seed S           workload seed (default 1)
  --busybox PATH     static busybox for the guest (default /bin/busybox, Debian busybox-static)
  --nice N           nice level of QEMU (default 10; 0 = not niced)`;

function positive(flag: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new OptionError(`--${flag}`, intRangeError({ min: 1 }, v));
  return n;
}

async function build(argv: string[]): Promise<number> {
  const { values: v } = parseFlags('lab build', argv, {
    'kernel-source': { type: 'string' }, patch: { type: 'string', multiple: true }, out: { type: 'string' },
    jobs: { type: 'string' }, 'no-nice': { type: 'boolean' },
  }, HELP, false);
  if (v.help) return (console.log(HELP), 0);
  if (!v['kernel-source']) throw new OptionError('--kernel-source', `is required\n${HELP}`);
  if (!v.out) throw new OptionError('--out', `is required\n${HELP}`);
  checkOutputDir('--out', v.out);
  const r = await buildKernel({
    kernelSource: v['kernel-source'], patches: v.patch ?? [], outDir: v.out, jobs: positive('jobs', v.jobs, cpus().length),
    nice: !v['no-nice'], log: (m) => console.error(`lab build: ${m}`),
  });
  console.log(`${r.bzImage}: Linux ${r.kernelVersion}, ${r.design}, ${r.patches.length} patches, built in ${r.buildSeconds} s`);
  for (const p of r.patches) console.log(`  ${p.applied}`);
  for (const a of r.adaptations) console.log(`  adapted: ${a}`);
  return 0;
}

export const RUN_FLAGS = {
  workload: { type: 'string' }, seconds: { type: 'string' }, cpus: { type: 'string' }, mem: { type: 'string' },
  algorithm: { type: 'string' }, 'zram-mib': { type: 'string' }, kcompressd: { type: 'string' }, queue: { type: 'string' },
  seed: { type: 'string' }, busybox: { type: 'string' }, nice: { type: 'string' }, out: { type: 'string' },
} as const;

/** Fixed worker count and queue length of each design (drivers/block/zram/kcompressd.c; mm/page_io.c + mmzone.h). */
const DESIGN_QUEUES: Record<string, { kcompressd: number; queue: number }> = {
  v1: { kcompressd: V1_DEFAULT_WORKERS, queue: V1_DEFAULT_QUEUE }, mm: { kcompressd: 1, queue: MM_FIFO_SIZE },
};

type RunValues = { [K in keyof typeof RUN_FLAGS]?: (typeof RUN_FLAGS)[K]['type'] extends 'boolean' ? boolean : string };

/** The run options shared by `lab run` and `lab pair`, checked. */
export function runOptions(v: RunValues): Omit<LabRunOptions, 'kernel' | 'kcompressd' | 'outDir'> {
  const shape = (v.workload ?? 'steady') as WorkloadShape;
  if (!WORKLOAD_SHAPES.includes(shape)) throw new OptionError('--workload', `must be ${WORKLOAD_SHAPES.join(', ')}, got '${v.workload}'`);
  if (v.algorithm !== undefined && !(ALGORITHMS as readonly string[]).includes(v.algorithm)) {
    throw new OptionError('--algorithm', `must be ${ALGORITHMS.join(' or ')}, got '${v.algorithm}'`);
  }
  const memMiB = positive('mem', v.mem, 1024);
  const seconds = positive('seconds', v.seconds, 40);
  const nice = v.nice === undefined ? 10 : Number(v.nice);
  if (!Number.isInteger(nice) || nice < 0 || nice > 19) throw new OptionError('--nice', intRangeError({ min: 0, max: 19 }, v.nice));
  return {
    cpus: positive('cpus', v.cpus, 2), memMiB, algorithm: (v.algorithm ?? 'lz4') as Algorithm,
    zramMiB: positive('zram-mib', v['zram-mib'], memMiB), workload: workloadSpec(shape, memMiB, seconds, positive('seed', v.seed, 1)),
    periodMs: 100, meminfoEvery: 10, preRollS: 3, postRollS: 3, bufferKb: 4096, swappiness: 100,
    busybox: v.busybox ?? '/bin/busybox', nice, graceS: 240, log: (m) => console.error(`lab: ${m}`),
  };
}

/** --kcompressd N/--queue are accepted only at the design's own values (see the usage for why). */
export function checkQueues(design: string | undefined, v: Pick<RunValues, 'kcompressd' | 'queue'>): void {
  const fixed = design ? DESIGN_QUEUES[design] : undefined;
  for (const flag of ['kcompressd', 'queue'] as const) {
    if (v[flag] === undefined) continue;
    const n = positive(flag, v[flag], 0);
    if (!fixed || n !== fixed[flag]) {
      throw new OptionError(`--${flag}`, fixed ? `the ${design} design has ${fixed[flag]} and cannot change it at run time`
        : 'applies to a kcompressd kernel only');
    }
  }
}

/** `lab run` repeats --kcompressd for the old `--kcompressd on --workers N` (kcompressdSwitch reads the pair). */
export const RUN_ONE_FLAGS = { ...RUN_FLAGS, kernel: { type: 'string' }, kcompressd: { type: 'string', multiple: true } } as const;
export const PAIR_FLAGS = { ...RUN_FLAGS, baseline: { type: 'string' }, patched: { type: 'string' } } as const;

/** `lab run`'s --kcompressd: off (the unpatched kernel), on, or N (on, with N workers); the old spelling
 *  `--kcompressd on --workers N` (parseFlags' renamedFlags makes it two --kcompressd) still reads as N. */
export function kcompressdSwitch(given: string[] | undefined): { kcompressd: 'off' | 'on'; workers?: string } {
  const switches = (given ?? []).filter((k) => k === 'off' || k === 'on');
  const counts = (given ?? []).filter((k) => k !== 'off' && k !== 'on');
  if (switches.length > 1 || counts.length > 1) throw new OptionError('--kcompressd', `is given twice (${given!.join(' and ')}): give it once\n${HELP}`);
  if (switches.length === 0 && counts.length === 0) throw new OptionError('--kcompressd', `is required: off, on or a worker count\n${HELP}`);
  if (switches[0] === 'off' && counts.length > 0) throw new OptionError('--kcompressd', `a worker count (${counts[0]}) applies to a kcompressd kernel only`);
  positive('kcompressd', counts[0], 1);
  return { kcompressd: switches[0] === 'off' ? 'off' : 'on', ...(counts.length ? { workers: counts[0] } : {}) };
}

/** The baseline capture's compression share (no perf in the guest: the lab's probe), as the replay's calibration takes it. */
async function shareLine(dir: string): Promise<string> {
  const s = await labCompressShare(dir);
  return 'share' in s ? `${dir}: ${s.text}` : `${dir}: no compression share (${s.why})`;
}

function report(r: RunRecord, out: string): string {
  return `${out}: ${r.outcome} (${r.detail}); ${r.build ? `${r.build.kernelVersion} ${r.build.design}` : r.kernel}, kcompressd ${r.kcompressd}`
    + `${r.kcompressdThreads.length > 0 ? ` [threads: ${r.kcompressdThreads.join(', ')}]` : ''}, ${r.wallSeconds} s`
    + (r.host ? `; QEMU had ${r.host.cpusPerWallS.toFixed(2)} host CPUs on average (host load ${r.host.loadavg.map((l) => l.toFixed(1)).join(' → ')})` : '');
}

/** A run that did not complete is an error naming the log to read; the capture stays for inspection. */
function failIfNot(r: RunRecord, out: string): void {
  if (r.outcome !== 'completed') throw new LabError('guest run', `${out}/console.log`, `${r.outcome}: ${r.detail} (capture so far in ${out})`);
}

async function runOne(argv: string[]): Promise<number> {
  const { values: v } = parseFlags('lab run', argv, RUN_ONE_FLAGS, HELP, false);
  if (v.help) return (console.log(HELP), 0);
  if (!v.kernel) throw new OptionError('--kernel', `is required\n${HELP}`);
  if (!v.out) throw new OptionError('--out', `is required\n${HELP}`);
  checkOutputDir('--out', v.out);
  const { kcompressd, workers } = kcompressdSwitch(v.kcompressd);
  checkQueues(readBuildRecord(v.kernel)?.design, { kcompressd: workers, queue: v.queue });
  const r = await runLab({ ...runOptions({ ...v, kcompressd: workers }), kernel: v.kernel, kcompressd, outDir: v.out });
  console.log(report(r, v.out));
  failIfNot(r, v.out);
  if (kcompressd === 'off') console.log(await shareLine(v.out));
  return 0;
}

async function pair(argv: string[]): Promise<number> {
  const { values: v } = parseFlags('lab pair', argv, PAIR_FLAGS, HELP, false);
  if (v.help) return (console.log(HELP), 0);
  if (!v.baseline || !v.patched) throw new OptionError('--baseline/--patched', `both kernels are required\n${HELP}`);
  if (!v.out) throw new OptionError('--out', `is required\n${HELP}`);
  checkOutputDir('--out', v.out);
  checkQueues(readBuildRecord(v.patched)?.design, v);
  const opts = runOptions(v);
  const name = opts.workload.shape;
  const records: [string, RunRecord][] = [];
  for (const [kernel, kcompressd, suffix] of [[v.baseline, 'off', 'baseline'], [v.patched, 'on', 'kcompressd']] as const) {
    const out = `${v.out}/${name}-${suffix}`;
    const r = await runLab({ ...opts, kernel, kcompressd, outDir: out });
    console.log(report(r, out));
    records.push([out, r]);
  }
  for (const [out, r] of records) failIfNot(r, out);
  const host = hostShareWarning(records[0][1].host, records[1][1].host);
  if (host) console.log(`warning: ${host}`);
  const design = readBuildRecord(v.patched)?.design;
  const variant = design === 'v1' ? `--variant v1 --kcompressd ${V1_DEFAULT_WORKERS} --queue ${V1_DEFAULT_QUEUE}` : `--variant mm --kcompressd 1 --queue ${MM_FIFO_SIZE}`;
  // The replay's calibration reads the baseline's probe itself: the share is printed, not passed.
  console.log(await shareLine(records[0][0]));
  console.log(`compare: reclaim-replay replay ${records[0][0]} --cpus ${opts.cpus} ${variant} --measured-after ${records[1][0]}`);
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'build': return build(rest);
    case 'run': return runOne(rest);
    case 'pair': return pair(rest);
    case undefined: case '--help': case '-h':
      console.log(HELP);
      return sub === undefined ? 2 : 0;
    default:
      throw new OptionError('lab', `unknown subcommand '${sub}'\n${HELP}`);
  }
}
