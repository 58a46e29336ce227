// A system-wide cpu-clock profile with callchains for the capture's duration, kept (as `perf script` text) only for
// the reclaim threads and the workload: calibration takes the share of kswapd's CPU spent compressing from it.
// perf is optional: when it is missing or refuses to record (perf_event_paranoid, no PMU access) the capture
// goes on without it and says why.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { RestoreStack } from './restore';

export const PERF_SCRIPT_FILE = 'perf_script.txt.gz';
/** The fields calibration reads (the same as in the shared captures). */
const SCRIPT_FIELDS = 'comm,pid,tid,cpu,time,period,event,ip,sym';
/** Kernel threads whose samples are kept, by comm prefix (`perf script --comms` takes exact names). */
const RECLAIM_THREADS = /^(kswapd|kcompressd)/;
const STOP_TIMEOUT_MS = 10_000;

/** `perf record` until SIGINT; CLOCK_MONOTONIC so sample times line up with t_mono and ftrace. */
export function perfRecordArgs(dataPath: string): string[] {
  return ['record', '-e', 'cpu-clock', '-a', '-g', '-F', '999', '-k', 'CLOCK_MONOTONIC', '-o', dataPath];
}

export function perfScriptArgs(dataPath: string, comms: string[]): string[] {
  return ['script', '-i', dataPath, '-F', SCRIPT_FIELDS, '--comms', comms.join(',')];
}

/** The first executable `name` on PATH, or undefined. */
export function findOnPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The kswapd and kcompressd threads running now (from procDir) plus the workload comms, deduplicated, sorted. */
export function reclaimComms(procDir: string, workloadComms: string[]): string[] {
  const comms = new Set(workloadComms);
  for (const pid of fs.readdirSync(procDir)) {
    if (!/^\d+$/.test(pid)) continue;
    let comm: string;
    try {
      comm = fs.readFileSync(join(procDir, pid, 'comm'), 'utf8').trim();
    } catch {
      continue; // exited meanwhile
    }
    if (RECLAIM_THREADS.test(comm)) comms.add(comm);
  }
  return [...comms].sort();
}

export class PerfRecorder {
  private stderr = '';
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: string }>;

  private constructor(
    private readonly perf: string,
    private readonly dir: string,
    private readonly child: ChildProcess,
    private readonly log: (m: string) => void,
  ) {
    child.stderr?.on('data', (d: Buffer) => {
      if (this.stderr.length < 4096) this.stderr += d.toString();
    });
    this.exited = new Promise((resolve) => {
      child.once('error', (err) => resolve({ code: null, signal: null, error: err.message }));
      child.once('exit', (code, signal) => resolve({ code, signal }));
    });
  }

  private get dataPath(): string {
    return join(this.dir, 'perf.data');
  }

  /** Starts `perf record` if perf is on PATH (else logs why not and returns undefined); `restore` stops it and deletes perf.data. */
  static start(restore: RestoreStack, log: (m: string) => void): PerfRecorder | undefined {
    const perf = findOnPath('perf');
    if (!perf) {
      log(`perf not found on PATH: no ${PERF_SCRIPT_FILE} (calibration will need the compression share given by hand)`);
      return undefined;
    }
    const dir = fs.mkdtempSync(join(tmpdir(), 'rr-perf-'));
    const args = perfRecordArgs(join(dir, 'perf.data'));
    const child = spawn(perf, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const rec = new PerfRecorder(perf, dir, child, log);
    // The restore only stops perf (it flushes perf.data meanwhile); finish() writes the script and deletes perf.data.
    restore.push('perf record stopped', () => rec.interrupt());
    log(`perf started pid=${child.pid}: ${perf} ${args.join(' ')}`);
    return rec;
  }

  private running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGINT is how perf record is told to flush and close perf.data. */
  private interrupt(): void {
    if (this.running()) this.child.kill('SIGINT');
  }

  /**
   * Stops perf (if the restore has not yet), writes `perf script` of `comms` to outDir/perf_script.txt.gz and deletes
   * perf.data; logs (never throws) when perf failed.
   */
  async finish(outDir: string, comms: string[]): Promise<boolean> {
    try {
      return await this.script(outDir, comms);
    } finally {
      fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }

  private async script(outDir: string, comms: string[]): Promise<boolean> {
    this.interrupt();
    const timer = setTimeout(() => {
      if (this.running()) this.child.kill('SIGKILL');
    }, STOP_TIMEOUT_MS);
    const { code, signal, error } = await this.exited;
    clearTimeout(timer);
    const why = (this.stderr.trim().split('\n').pop() ?? '').trim();
    // perf record closes perf.data on SIGINT and then re-raises it, so a SIGINT death is its normal end.
    const ok = !error && (code === 0 || signal === 'SIGINT') && fs.existsSync(this.dataPath);
    if (!ok) {
      this.log(`perf record failed (${error ?? `exit ${code ?? signal}`}${why ? `: ${why}` : ''}): no ${PERF_SCRIPT_FILE}` +
        ' (as root with kernel.perf_event_paranoid <= 2 it should work; or use --no-perf)');
      return false;
    }
    const out = join(outDir, PERF_SCRIPT_FILE);
    const args = perfScriptArgs(this.dataPath, comms);
    this.log(`perf script: ${this.perf} ${args.join(' ')}`);
    const script = spawn(this.perf, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let scriptErr = '';
    let writeFailed = false;
    script.stderr.on('data', (d: Buffer) => {
      if (scriptErr.length < 4096) scriptErr += d.toString();
    });
    const status = new Promise<number | null>((resolve) => {
      script.once('error', () => resolve(null));
      script.once('exit', (c) => resolve(c));
    });
    try {
      await pipeline(script.stdout, createGzip({ level: 9 }), fs.createWriteStream(out));
    } catch (err) {
      writeFailed = true;
      this.log(`writing ${PERF_SCRIPT_FILE} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (writeFailed) {
      if (script.exitCode === null && script.signalCode === null) script.kill('SIGKILL');
      await status;
      fs.rmSync(out, { force: true });
      return false;
    }
    const scode = await status;
    if (scode !== 0) {
      fs.rmSync(out, { force: true });
      this.log(`perf script failed (exit ${scode}: ${scriptErr.trim().split('\n').pop() ?? ''}): no ${PERF_SCRIPT_FILE}`);
      return false;
    }
    this.log(`wrote ${PERF_SCRIPT_FILE} (${fs.statSync(out).size} bytes) for ${comms.join(',')}`);
    return true;
  }
}
