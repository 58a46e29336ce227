// `reclaim-replay capture` on the local machine: the recorder's own trace instance, periodic samplers, a perf
// profile when perf is available and, optionally, the stress system setup and a workload command, all undone in
// `finally` (also after Ctrl-C, which the caller turns into `signal`).
import * as fs from 'node:fs';
import { join } from 'node:path';
import { finished, pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { monoSeconds, sleep, stamp } from './clock';
import { ZRAM_STATE_FILES, zramStateBlock } from './formats';
import { PerfRecorder, reclaimComms } from './perfRecord';
import { RestoreStack } from './restore';
import { findKswapd, Sampler } from './sampler';
import { openSchedDebug, ownAutogroup } from './schedDebug';
import { prepareStressSystem, releaseHugepages, type StressSystemOptions } from './stressSystem';
import { supervise, type SuperviseResult } from './supervise';
import { meminfoMiB, defaultRoots, realSysOps, type SysOps, type SystemRoots } from './sysOps';
import { PipeDrainer, TraceInstance } from './traceInstance';

/** When mm_vmscan_write_folio (one event per page swapped out) is recorded. */
export type WriteFolioMode = 'all' | 'off' | { startS: number; lenS: number };

export interface CaptureOptions {
  outDir: string;
  seconds: number;
  periodMs: number;
  meminfoEvery: number;
  /** /proc/zoneinfo (per-zone free pages and per-CPU page lists) every this many periods. */
  zoneinfoEvery: number;
  drainMs: number;
  bufferKb: number;
  zramDevice: string;
  workloadComms: string[];
  writeFolio: WriteFolioMode;
  gzip: boolean;
  /** Record a cpu-clock profile with `perf` (when on PATH) into perf_script.txt.gz. */
  perf: boolean;
  /** Started `preRollS` after the capture starts and stopped (SIGTERM) when it ends. */
  command?: string[];
  preRollS: number;
  /** Set up zram swap, hugepages and watermarks for the run (after the trace instance exists). */
  stress?: StressSystemOptions;
  /** Kill the workload and release the hugepages when MemFree falls below this. */
  abortMiB: number;
  roots?: SystemRoots;
  ops?: SysOps;
  log?: (m: string) => void;
  signal?: AbortSignal;
  instanceName?: string;
}

export const DEFAULT_CAPTURE: Omit<CaptureOptions, 'outDir' | 'seconds'> = {
  periodMs: 100, meminfoEvery: 10, zoneinfoEvery: 5, drainMs: 250, bufferKb: 32768, zramDevice: 'zram0', workloadComms: ['rr-stress'],
  writeFolio: 'all', gzip: true, perf: true, preRollS: 2, abortMiB: 2800,
};

export interface CaptureResult {
  outDir: string;
  samples: number;
  lateSamples: number;
  traceBytes: number;
  /** ftrace timestamp of a trace_marker minus the t_mono read just before writing it (µs); undefined if not found. */
  clockOffsetUs?: number;
  workload?: SuperviseResult;
  /** perf_script.txt.gz was written. */
  perfScript?: boolean;
  /** What stopped the capture early (a full disk, a callback that threw…); the restore ran all the same. */
  errors: string[];
  restoreFailures: string[];
}

const MARK = 'reclaim-replay clock_check t_mono=';

/** The smallest offset between a marker's ftrace timestamp and the t_mono written in it, from the trace's first bytes. */
export function clockOffsetUs(traceHead: string): number | undefined {
  let best: number | undefined;
  for (const m of traceHead.matchAll(new RegExp(`\\s(\\d+\\.\\d+): tracing_mark_write: ${MARK}(\\d+\\.\\d+)`, 'g'))) {
    const off = Math.round((Number(m[1]) - Number(m[2])) * 1e6);
    if (best === undefined || Math.abs(off) < Math.abs(best)) best = off;
  }
  return best;
}

export async function runCapture(opts: CaptureOptions): Promise<CaptureResult> {
  const ops = opts.ops ?? realSysOps;
  const roots = opts.roots ?? defaultRoots;
  const out = opts.outDir;
  fs.mkdirSync(out, { recursive: true });
  const logFd = fs.openSync(join(out, 'capture.log'), 'w');
  let logBroken = false;
  // Never throws: a full disk or a closed stderr must not keep the restore from running.
  const log = (m: string) => {
    if (!logBroken) {
      try {
        fs.writeSync(logFd, `${stamp().mono} ${m}\n`);
      } catch {
        logBroken = true;
      }
    }
    try {
      opts.log?.(m);
    } catch {
      // the caller's log is best effort
    }
  };
  const restore = new RestoreStack();
  const timers: NodeJS.Timeout[] = [];
  const result: CaptureResult = { outDir: out, samples: 0, lateSamples: 0, traceBytes: 0, errors: [], restoreFailures: [] };
  // Ends the capture early (then restores) on the caller's abort or on a failure inside a timer or stream callback.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  opts.signal?.addEventListener('abort', onAbort);
  if (opts.signal?.aborted) stop.abort();
  const fail = (what: string, err: unknown) => {
    const msg = `${what}: ${err instanceof Error ? err.message : String(err)}`;
    result.errors.push(msg);
    log(`${msg}; stopping and restoring`);
    stop.abort();
  };
  const guarded = (what: string, f: () => void) => () => {
    try {
      f();
    } catch (err) {
      fail(what, err);
    }
  };
  let trace: TraceInstance | undefined;
  let sampler: Sampler | undefined;
  let drainer: PipeDrainer | undefined;
  let perf: PerfRecorder | undefined;
  let closeTrace: (() => Promise<void>) | undefined;
  let head = '';
  let hugepagesOriginal: string | undefined;
  const memFree = () => meminfoMiB(ops.read(join(roots.proc, 'meminfo')), 'MemFree');
  try {
    log(`capture: ${opts.seconds} s into ${out}; kernel ${ops.read(join(roots.proc, 'sys/kernel/osrelease')).trim()}`);
    // The ring buffer is allocated before the hugepage reservation: its allocation fails once memory is short.
    trace = TraceInstance.open(ops, roots, opts.instanceName ?? `reclaim-replay-${process.pid}`, restore, log);
    for (const m of trace.configure({ workloadComms: opts.workloadComms, bufferKb: opts.bufferKb, writeFolio: opts.writeFolio === 'all' })) log(m);
    fs.writeFileSync(join(out, 'ftrace_events_enabled.txt'), `${trace.describe()}\n`);
    if (opts.stress) hugepagesOriginal = prepareStressSystem(ops, roots, opts.stress, restore, log).nrHugepages;
    for (const [file, src] of [['zoneinfo_before.txt', 'zoneinfo'], ['meminfo_before.txt', 'meminfo'], ['swaps_before.txt', 'swaps']]) {
      fs.writeFileSync(join(out, file), ops.read(join(roots.proc, src)));
    }
    // The algorithm in force: replay compresses with the capture's own algorithm when a file names it.
    const zram = join(roots.sys, 'block', opts.zramDevice);
    if (ops.exists(zram)) {
      const attrs = Object.fromEntries(ZRAM_STATE_FILES.filter((f) => ops.exists(join(zram, f))).map((f) => [f, ops.read(join(zram, f))]));
      fs.writeFileSync(join(out, 'zram_before.txt'), zramStateBlock(stamp(), attrs));
    }
    const kswapd = findKswapd(ops, roots);
    if (!kswapd) log('kswapd0 not found: no kswapd_cpu.txt');

    const traceName = opts.gzip ? 'ftrace.txt.gz' : 'ftrace.txt';
    const file = fs.createWriteStream(join(out, traceName));
    const gz = opts.gzip ? createGzip() : undefined;
    const sink = gz ?? file;
    // Settles once the file is closed; a write error (ENOSPC) stops the capture instead of escaping as an 'error' event.
    let traceBroken = false;
    const written = (gz ? pipeline(gz, file) : finished(file)).catch((err: unknown) => {
      traceBroken = true;
      fail(`writing ${traceName}`, err);
    });
    closeTrace = async () => {
      if (!traceBroken) sink.end();
      await written;
    };
    drainer = new PipeDrainer(join(trace.dir, 'trace_pipe'), (chunk) => {
      if (head.length < 1 << 16) head += chunk.toString('latin1', 0, Math.min(chunk.length, 1 << 16));
      if (!traceBroken) sink.write(chunk);
    }, opts.drainMs, (err) => fail('draining trace_pipe', err));
    const schedDebug = openSchedDebug(ops, roots, restore, log);
    sampler = new Sampler(ops, roots, { outDir: out, periodMs: opts.periodMs, meminfoEvery: opts.meminfoEvery, zoneinfoEvery: opts.zoneinfoEvery, zramDevice: opts.zramDevice, kswapd,
      schedDebug, ownGroup: schedDebug ? ownAutogroup(ops, roots) : undefined },
      (err) => fail('sampling', err));

    if (opts.perf) perf = PerfRecorder.start(restore, log);
    trace.setTracing(true);
    // Several markers: the smallest offset is the one least disturbed by preemption between clock read and write.
    for (let i = 0; i < 5; i++) trace.marker(`${MARK}${stamp().mono}`);
    sampler.start();
    drainer.start();
    const t0 = monoSeconds();
    const end = t0 + opts.seconds;
    log(`capture started: t_mono=${t0.toFixed(6)} kswapd=${kswapd ? `${kswapd.comm} pid ${kswapd.pid}` : 'none'}`);
    const wf = opts.writeFolio;
    if (typeof wf === 'object') {
      const t = trace;
      timers.push(setTimeout(guarded('write_folio on', () => { t.setWriteFolio(true); log('write_folio ON'); }), wf.startS * 1000));
      timers.push(setTimeout(guarded('write_folio off', () => { t.setWriteFolio(false); log('write_folio OFF'); }), (wf.startS + wf.lenS) * 1000));
    }
    if (opts.command) {
      await sleep(opts.preRollS * 1000, stop.signal);
      if (!stop.signal.aborted) {
        result.workload = await supervise({
          command: opts.command, stdoutPath: join(out, 'workload.log'), abortMiB: opts.abortMiB, memFreeMiB: memFree,
          onLowMemory: () => {
            if (hugepagesOriginal !== undefined) releaseHugepages(ops, roots, hugepagesOriginal);
            log('low memory: workload killed, hugepages released');
          },
          signal: stop.signal, stopAtMono: end, log,
        });
      }
    }
    await sleep(Math.max(0, (end - monoSeconds()) * 1000), stop.signal);
    log(stop.signal.aborted ? 'capture interrupted' : 'capture finished');
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    for (const t of timers) clearTimeout(t);
    const step = (what: string, f: () => void) => {
      try {
        f();
      } catch (err) {
        log(`${what} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    };
    if (sampler) {
      const s = sampler;
      step('sampler stop', () => s.stop());
      result.samples = s.samples;
      result.lateSamples = s.late;
      // The zones as the series ended, before the restore gives back hugepages: the fidelity table's end per zone.
      step('zoneinfo after', () => fs.writeFileSync(join(out, 'zoneinfo_after.txt'), ops.read(join(roots.proc, 'zoneinfo'))));
    }
    if (trace) {
      const t = trace;
      step('tracing off', () => t.setTracing(false));
      if (drainer) {
        const d = drainer;
        step('final drain', () => d.stop());
        result.traceBytes = d.bytes;
      }
      step('ring-buffer stats', () => fs.writeFileSync(join(out, 'ftrace_stats.txt'), t.stats()));
    }
    if (closeTrace) {
      try {
        await closeTrace();
      } catch (err) {
        log(`writing the trace failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    // The machine first (the restore stops perf too), then the profile: perf script takes seconds, longer on the
    // fewer CPUs an --offline-cpus run leaves, and the hugepages and CPUs are back meanwhile.
    result.restoreFailures = restore.restoreAll(log);
    if (perf) {
      try {
        result.perfScript = await perf.finish(out, reclaimComms(roots.proc, opts.workloadComms));
      } catch (err) {
        log(`perf script failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    result.clockOffsetUs = clockOffsetUs(head);
    log(result.clockOffsetUs === undefined ? 'clock check: marker not found in trace'
      : `clock check: ftrace mono - t_mono = ${result.clockOffsetUs} us`);
    try {
      fs.closeSync(logFd);
    } catch {
      // a close error after ENOSPC changes nothing now
    }
  }
  return result;
}
