// `reclaim-replay lab run`: compile the guest programs (static), pack the initramfs, boot the lab kernel in QEMU,
// let the guest record the capture into the output folder over 9p, then judge the run: completed, OOM (the kernel
// killed a task), hung (QEMU outlived its deadline) or failed (a guest step failed; its log names it).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BuildRecord } from './buildKernel';
import { cpioArchive } from './cpio';
import { watchHostShare, type HostShare } from './hostShare';
import { DONE_FILE, initramfsEntries, type GuestRun } from './initramfs';
import { LabError, tail } from './labError';
import { QEMU_BINARY, qemuArgs } from './qemu';
import { describeWorkload } from './workloads';

export interface LabRunOptions extends GuestRun {
  kernel: string;
  cpus: number;
  memMiB: number;
  kcompressd: 'off' | 'on';
  outDir: string;
  busybox: string;
  /** nice level of QEMU (0 = not niced). */
  nice: number;
  /** Seconds QEMU may take beyond the run's own length (boot, TCG slowness, writing out). */
  graceS: number;
  log?: (m: string) => void;
}

export type LabOutcome = 'completed' | 'oom' | 'hang' | 'failed';

/** DIR/lab-run.json. */
export interface RunRecord {
  outcome: LabOutcome;
  /** Why, in words (the console or dmesg lines that decided it). */
  detail: string;
  kernel: string;
  build?: Pick<BuildRecord, 'kernelVersion' | 'design' | 'patches' | 'adaptations'>;
  kcompressd: 'off' | 'on';
  cpus: number;
  memMiB: number;
  algorithm: string;
  zramMiB: number;
  workload: GuestRun['workload'];
  workloadText: string;
  kcompressdThreads: string[];
  qemu: string[];
  wallSeconds: number;
  /** The host CPU QEMU had over the run and the host's load (older records lack it). */
  host?: HostShare;
}

/** Where the guest C sources are: beside the sources (tsx) or above dist/ (bundled CLI). */
export function guestSourceDir(): string {
  for (const d of [join(__dirname, '..', '..', 'lab-guest'), join(__dirname, '..', 'src', 'lab-guest')]) {
    if (fs.existsSync(join(d, 'rr-lab-agent.c'))) return d;
  }
  throw new LabError('compile', join(__dirname, '..', 'src', 'lab-guest'), 'the guest sources (rr-lab-agent.c, rr-lab-load.c) are not found');
}

/** Compiles a guest program statically, cached by the source's hash in the temp folder. */
export function compileGuest(name: string): Buffer {
  const src = join(guestSourceDir(), `${name}.c`);
  const text = fs.readFileSync(src);
  const dir = join(tmpdir(), 'reclaim-replay-lab', createHash('sha256').update(text).digest('hex').slice(0, 16));
  const bin = join(dir, name);
  if (!fs.existsSync(bin)) {
    fs.mkdirSync(dir, { recursive: true });
    const r = spawnSync('gcc', ['-static', '-O2', '-Wall', '-o', bin, src], { encoding: 'utf8' });
    if (r.error || r.status !== 0) {
      const logFile = join(dir, `${name}.log`);
      fs.writeFileSync(logFile, `${r.stdout ?? ''}${r.stderr ?? ''}${r.error?.message ?? ''}`);
      throw new LabError('compile', logFile, `gcc -static ${src} failed (static glibc needs libc6-dev):\n${tail(fs.readFileSync(logFile, 'utf8'))}`);
    }
  }
  return fs.readFileSync(bin);
}

/** The build record beside a bzImage (lab-build.json), if the kernel came from `lab build`. */
export function readBuildRecord(kernel: string): BuildRecord | undefined {
  const f = join(dirname(kernel), 'lab-build.json');
  if (!fs.existsSync(f)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(f, 'utf8')) as BuildRecord;
  } catch {
    return undefined;
  }
}

/** Decides the outcome from what the guest left: the done marker, a failed step, OOM kills, the console. */
export function judgeRun(files: { done: boolean; failed: boolean; timedOut: boolean; console: string; dmesg: string; workloadLog: string }): { outcome: LabOutcome; detail: string } {
  const text = `${files.dmesg}\n${files.console}`;
  const oom = text.split('\n').filter((l) => /Out of memory|oom-kill|invoked oom-killer/.test(l));
  const panic = text.split('\n').find((l) => /Kernel panic|BUG:|Oops/.test(l));
  if (files.failed) return { outcome: 'failed', detail: 'a guest setup step failed (see capture.log)' };
  if (files.timedOut || !files.done) {
    const why = panic ? `; console: ${panic.trim()}` : oom.length > 0 ? `; ${oom.length} OOM lines before it stopped` : '';
    return { outcome: 'hang', detail: `${files.timedOut ? 'QEMU outlived its deadline and was killed' : 'the guest stopped before it finished'}${why}` };
  }
  const killed = /killed=(\d+)/.exec(files.workloadLog);
  if (oom.length > 0 || (killed && Number(killed[1]) > 0)) {
    return { outcome: 'oom', detail: `${oom.length} OOM lines in dmesg; ${killed ? killed[1] : '?'} workload apps killed${oom[0] ? `; first: ${oom[0].trim()}` : ''}` };
  }
  return { outcome: 'completed', detail: 'the workload ran to its end' };
}

function readIf(p: string): string {
  return fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : '';
}

export async function runLab(o: LabRunOptions): Promise<RunRecord> {
  const log = o.log ?? (() => {});
  const out = resolve(o.outDir);
  if (!fs.existsSync(o.kernel)) throw new LabError('boot', o.kernel, 'no such kernel image (build one with `reclaim-replay lab build`)');
  if (fs.existsSync(out) && fs.readdirSync(out).length > 0) throw new LabError('run', out, 'the output folder is not empty (a run writes a fresh capture)');
  const build = readBuildRecord(o.kernel);
  if (build && (build.design === 'baseline') !== (o.kcompressd === 'off')) {
    throw new LabError('run', join(dirname(o.kernel), 'lab-build.json'),
      `--kcompressd ${o.kcompressd} but ${o.kernel} is the ${build.design} kernel; the designs have no runtime switch, so "off" means the unpatched kernel`);
  }
  fs.mkdirSync(out, { recursive: true });
  const binaries = { busybox: fs.readFileSync(o.busybox), agent: compileGuest('rr-lab-agent'), load: compileGuest('rr-lab-load') };
  const work = fs.mkdtempSync(join(tmpdir(), 'reclaim-replay-lab-'));
  const initrd = join(work, 'initramfs.cpio.gz');
  fs.writeFileSync(initrd, gzipSync(cpioArchive(initramfsEntries(o, binaries))));
  const consoleLog = join(out, 'console.log');
  // zram1 is the compression probe's spare device (initramfs.ts).
  const args = qemuArgs({ kernel: resolve(o.kernel), initrd, cpus: o.cpus, memMiB: o.memMiB, outDir: out, consoleLog, append: ['zram.num_devices=2'] });
  const argv = o.nice > 0 ? ['nice', '-n', String(o.nice), QEMU_BINARY, ...args] : [QEMU_BINARY, ...args];
  const deadlineS = o.preRollS + o.workload.seconds + o.postRollS + o.graceS;
  log(`booting ${o.kernel} (${o.cpus} vCPUs, ${o.memMiB} MiB, TCG); deadline ${deadlineS} s`);
  const t0 = Date.now();
  const qemuLog = join(work, 'qemu.log');
  let timedOut = false;
  let host: HostShare | undefined;
  try {
    const code = await new Promise<number | null>((done, fail) => {
      const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', fs.openSync(qemuLog, 'w'), fs.openSync(qemuLog, 'a')] });
      // nice execs QEMU: the child's pid is QEMU's.
      const watch = watchHostShare(child.pid);
      const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, deadlineS * 1000);
      child.on('error', (err) => { clearTimeout(timer); watch.stop(0); fail(new LabError('boot', consoleLog, `cannot start ${argv[0]}: ${err.message}`)); });
      child.on('close', (c) => { clearTimeout(timer); host = watch.stop((Date.now() - t0) / 1000); done(c); });
    });
    const qemuOut = readIf(qemuLog);
    if (code !== 0 && !timedOut) throw new LabError('boot', consoleLog, `QEMU exited with ${code}:\n${tail(qemuOut)}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const ftrace = join(out, 'ftrace.txt');
  if (fs.existsSync(ftrace)) {
    fs.writeFileSync(`${ftrace}.gz`, gzipSync(fs.readFileSync(ftrace)));
    fs.rmSync(ftrace);
  }
  const judged = judgeRun({
    done: fs.existsSync(join(out, DONE_FILE)), failed: fs.existsSync(join(out, 'lab-failed')), timedOut,
    console: readIf(consoleLog), dmesg: readIf(join(out, 'dmesg.txt')), workloadLog: readIf(join(out, 'workload.log')),
  });
  const record: RunRecord = {
    ...judged, kernel: resolve(o.kernel),
    build: build && { kernelVersion: build.kernelVersion, design: build.design, patches: build.patches, adaptations: build.adaptations },
    kcompressd: o.kcompressd, cpus: o.cpus, memMiB: o.memMiB, algorithm: o.algorithm, zramMiB: o.zramMiB, workload: o.workload,
    workloadText: describeWorkload(o.workload),
    kcompressdThreads: fs.readdirSync(out).filter((f) => f.startsWith('kcompressd_cpu')).map((f) => firstLine(join(out, f))),
    qemu: argv, wallSeconds: Math.round((Date.now() - t0) / 1000), ...(host && { host }),
  };
  fs.writeFileSync(join(out, 'lab-run.json'), `${JSON.stringify(record, null, 1)}\n`);
  return record;
}

function firstLine(path: string): string {
  const m = /\(([^;)]*)/.exec(readIf(path).split('\n')[0]);
  return m ? m[1] : path;
}
