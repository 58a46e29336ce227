// `capture --adb`: runs the device script (adbScript.ts) through `adb shell`, as root when adbd is root, else
// through `su -c`, and splits its sectioned stdout back into the capture files.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGzip } from 'node:zlib';
import { formatNs, stamp, type Stamp } from './clock';
import { kswapdHeader, kswapdLine, seriesLine, snapshotBlock, USER_HZ, ZRAM_IO_HEADER, ZRAM_MM_HEADER } from './formats';
import { adbCleanup, buildAdbScript, type AdbScriptOptions } from './adbScript';

export type RootMode = 'root' | 'su';

export function adbBaseArgs(serial: string | undefined): string[] {
  return serial ? ['-s', serial] : [];
}

/** `adb shell` arguments that run `script` as root: base64 on the command line (no quoting trouble), sh as root. */
export function adbShellArgs(serial: string | undefined, mode: RootMode, script: string): string[] {
  const b64 = Buffer.from(script).toString('base64');
  const runner = mode === 'root' ? 'sh' : "su -c sh";
  return [...adbBaseArgs(serial), 'shell', `echo ${b64} | base64 -d | ${runner}`];
}

/** Whether adbd runs as root, or su works, from `adb shell id -u` and `adb shell su -c id -u`. */
export function detectRootMode(adb: string, serial: string | undefined): RootMode {
  const id = (args: string[]) => spawnSync(adb, [...adbBaseArgs(serial), 'shell', ...args], { encoding: 'utf8' });
  const plain = id(['id', '-u']);
  if (plain.error) throw new Error(`${adb}: ${plain.error.message}`);
  if (plain.status !== 0) throw new Error(`adb shell failed: ${(plain.stderr || plain.stdout).trim()}`);
  if (plain.stdout.trim() === '0') return 'root';
  const su = id(['su', '-c', 'id -u']);
  if (su.status === 0 && su.stdout.trim() === '0') return 'su';
  throw new Error('the device gives no root shell: run `adb root` or install su');
}

/** Turns the script's sectioned output back into capture files. */
export class AdbDemux {
  private readonly fds = new Map<string, number>();
  private section = '';
  private stampOf: Stamp | undefined;
  private lines: string[] = [];
  private kswapd: { pid: number; comm: string } | undefined;
  samples = 0;
  traceBytes = 0;
  ended = false;
  readonly errors: string[] = [];
  readonly log: string[] = [];

  constructor(
    private readonly outDir: string,
    private readonly traceSink: (text: string) => void,
  ) {}

  private file(name: string, header?: string): number {
    let fd = this.fds.get(name);
    if (fd === undefined) {
      fd = fs.openSync(join(this.outDir, name), 'w');
      this.fds.set(name, fd);
      if (header) fs.writeSync(fd, `${header}\n`);
    }
    return fd;
  }

  private put(name: string, text: string, header?: string): void {
    fs.writeSync(this.file(name, header), text);
  }

  line(l: string): void {
    const tag = /^@@(\w+)(?: (.*))?$/.exec(l);
    if (!tag) {
      if (this.section === 'ftrace') {
        this.traceBytes += l.length + 1;
        this.traceSink(`${l}\n`);
      } else {
        this.lines.push(l);
      }
      return;
    }
    this.flush();
    const [, name, rest = ''] = tag;
    this.section = name;
    const [ns, epoch] = rest.split(' ');
    this.stampOf = /^\d+$/.test(ns ?? '') && epoch ? { mono: formatNs(BigInt(ns)), epoch: Number(epoch).toFixed(6) } : undefined;
    if (name === 'log') this.log.push(rest);
    if (name === 'error') this.errors.push(rest);
    if (name === 'end') this.ended = true;
    if (name === 'kswapd_pid') {
      const [pid, comm] = rest.split(' ');
      if (/^\d+$/.test(pid ?? '')) this.kswapd = { pid: Number(pid), comm: comm ?? 'kswapd0' };
    }
  }

  private flush(): void {
    const s = this.stampOf;
    const text = this.lines.length > 0 ? `${this.lines.join('\n')}\n` : '';
    this.lines = [];
    if (!text) return;
    switch (this.section) {
      case 'vmstat':
        if (s) { this.put('vmstat_snapshots.txt', snapshotBlock(s, text)); this.samples++; }
        break;
      case 'meminfo':
        if (s) this.put('meminfo_snapshots.txt', snapshotBlock(s, text));
        break;
      case 'mm_stat':
        if (s) this.put('zram_mm_stat.txt', seriesLine(s, text), ZRAM_MM_HEADER);
        break;
      case 'io_stat':
        if (s) this.put('zram_io_stat.txt', seriesLine(s, text), ZRAM_IO_HEADER);
        break;
      case 'kswapd':
        if (s && this.kswapd) {
          const [stat = '', sched = ''] = text.split('\n');
          this.put('kswapd_cpu.txt', kswapdLine(s, stat, sched), kswapdHeader(this.kswapd.pid, this.kswapd.comm, USER_HZ));
        }
        break;
      case 'zoneinfo_before':
      case 'meminfo_before':
        this.put(`${this.section}.txt`, text);
        break;
      case 'events':
        this.put('ftrace_events_enabled.txt', text);
        break;
      case 'stats':
        this.put('ftrace_stats.txt', text);
        break;
      default:
        this.log.push(...text.trimEnd().split('\n').map((l) => `device: ${l}`));
    }
  }

  close(): void {
    this.flush();
    for (const fd of this.fds.values()) fs.closeSync(fd);
    this.fds.clear();
  }
}

/** The device script's settings, less the instance name (chosen here) and with the host-side write_folio choice. */
export interface AdbCaptureOptions extends Omit<AdbScriptOptions, 'instance' | 'writeFolio'> {
  outDir: string;
  writeFolio: 'all' | 'off' | { startS: number; lenS: number };
  gzip: boolean;
  serial?: string;
  /** The adb program (default `adb` on PATH). */
  adb?: string;
  log?: (m: string) => void;
  signal?: AbortSignal;
}

export interface AdbCaptureResult {
  outDir: string;
  device: string;
  mode: RootMode;
  samples: number;
  traceBytes: number;
  restoreFailures: string[];
}

export async function runAdbCapture(o: AdbCaptureOptions): Promise<AdbCaptureResult> {
  const adb = o.adb ?? 'adb';
  const log = (m: string) => o.log?.(m);
  if (typeof o.writeFolio === 'object') throw new Error('--write-folio START+LEN is not supported with --adb (use all or off)');
  const mode = detectRootMode(adb, o.serial);
  const instance = `reclaim-replay-${process.pid}`;
  const script = buildAdbScript({ ...o, instance, writeFolio: o.writeFolio === 'all' });
  fs.mkdirSync(o.outDir, { recursive: true });
  const traceFile = fs.createWriteStream(join(o.outDir, o.gzip ? 'ftrace.txt.gz' : 'ftrace.txt'));
  const gz = o.gzip ? createGzip() : undefined;
  if (gz) gz.pipe(traceFile);
  const sink = gz ?? traceFile;
  const demux = new AdbDemux(o.outDir, (t) => sink.write(t));
  const device = o.serial ?? 'default device';
  log(`adb ${device} as ${mode}: instance ${instance}, ${o.seconds} s`);
  const child = spawn(adb, adbShellArgs(o.serial, mode, script), { stdio: ['ignore', 'pipe', 'inherit'] });
  const onAbort = () => child.kill('SIGINT');
  o.signal?.addEventListener('abort', onAbort);
  const restoreFailures: string[] = [];
  try {
    const rl = createInterface({ input: child.stdout });
    rl.on('line', (l) => demux.line(l));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (c) => resolve(c));
    });
    log(`adb exited ${code}`);
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    demux.close();
    await new Promise<void>((resolve) => { traceFile.once('close', () => resolve()); sink.end(); });
    if (!demux.ended) {
      // The script never reached its own cleanup (adb dropped, Ctrl-C): remove the instance from here.
      const r = spawnSync(adb, adbShellArgs(o.serial, mode, adbCleanup(instance)), { encoding: 'utf8' });
      if (r.status !== 0) restoreFailures.push(`device cleanup failed: ${(r.stderr || r.stdout || String(r.error)).trim()}`);
      else log('device cleanup done');
    }
    const lines = [...demux.log.map((l) => `log ${l}`), ...demux.errors.map((e) => `error ${e}`), ...restoreFailures];
    fs.writeFileSync(join(o.outDir, 'capture.log'), lines.map((l) => `${stamp().mono} ${l}\n`).join(''));
  }
  if (demux.errors.length > 0) throw new Error(`device: ${demux.errors.join('; ')}`);
  return { outDir: o.outDir, device, mode, samples: demux.samples, traceBytes: demux.traceBytes, restoreFailures };
}
