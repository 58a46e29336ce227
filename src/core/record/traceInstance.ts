// The recorder's own tracefs instance: all vmscan events plus sched_switch/sched_wakeup filtered to the reclaim
// threads, on trace_clock=mono, drained without blocking on a timer. A reader blocked on trace_pipe is woken for
// every event, and with the workload's sched_switch traced that becomes a reader<->workload ping-pong.
import * as fs from 'node:fs';
import { join } from 'node:path';
import type { RestoreStack } from './restore';
import type { SysOps, SystemRoots } from './sysOps';

/** Threads whose scheduling is traced: kswapd and kcompressd of every node, plus the named workload comms. */
export function reclaimFilters(workloadComms: string[]): { sched_switch: string; sched_wakeup: string } {
  const globs = ['kswapd*', 'kcompressd*', ...workloadComms];
  const sw = globs.map((g) => `prev_comm ~ "${g}" || next_comm ~ "${g}"`).join(' || ');
  const wk = globs.map((g) => `comm ~ "${g}"`).join(' || ');
  return { sched_switch: sw, sched_wakeup: wk };
}

export interface TraceConfig {
  workloadComms: string[];
  bufferKb: number;
  /** false: mm_vmscan_write_folio (one event per page swapped out) stays off until enableWriteFolio(). */
  writeFolio: boolean;
}

/** x86's TLB flushes (arch/x86/mm/tlb.c): an IPI sent by native_flush_tlb_multi() (`remote IPI send`), one received in
 *  flush_tlb_func() (`remote shootdown`), a stale mm_cpumask bit cleared there (`remote wrong CPU`) and local flushes.
 *  The filter drops `flush on task switch` (reason 0: every mm switch on every CPU), which says nothing about IPIs. */
export const TLB_FLUSH = { event: 'events/tlb/tlb_flush', filter: 'reason != 0' } as const;

/** The per-page swap-out event, named writepage before 6.x folio conversion. */
export const WRITE_EVENTS = ['mm_vmscan_write_folio', 'mm_vmscan_writepage'];

export class TraceInstance {
  private constructor(
    private readonly ops: SysOps,
    readonly dir: string,
  ) {}

  /** Mounts tracefs if needed and creates the instance; both are undone by `restore`. */
  static open(ops: SysOps, roots: SystemRoots, name: string, restore: RestoreStack, log: (m: string) => void): TraceInstance {
    if (!ops.exists(join(roots.tracing, 'instances'))) {
      restore.push(`umount ${roots.tracing}`, () => ops.exec('umount', [roots.tracing]));
      ops.exec('mount', ['-t', 'tracefs', 'nodev', roots.tracing]);
      log(`mounted tracefs on ${roots.tracing}`);
    }
    const dir = join(roots.tracing, 'instances', name);
    if (ops.exists(dir)) throw new Error(`trace instance ${dir} already exists (another capture running?)`);
    const inst = new TraceInstance(ops, dir);
    restore.push(`trace instance ${dir} removed`, () => inst.remove());
    ops.mkdir(dir);
    log(`created trace instance ${dir}`);
    return inst;
  }

  private path(rel: string): string {
    return join(this.dir, rel);
  }

  /** Returns what could not be enabled, for the capture log (the capture goes on without it). */
  configure(c: TraceConfig): string[] {
    const w = (rel: string, v: string) => this.ops.write(this.path(rel), v);
    const missing: string[] = [];
    w('tracing_on', '0');
    w('buffer_size_kb', String(c.bufferKb));
    w('trace_clock', 'mono');
    w('events/vmscan/enable', '1');
    if (!c.writeFolio) this.setWriteFolio(false);
    const f = reclaimFilters(c.workloadComms);
    w('events/sched/sched_switch/filter', f.sched_switch);
    w('events/sched/sched_wakeup/filter', f.sched_wakeup);
    w('events/sched/sched_switch/enable', '1');
    w('events/sched/sched_wakeup/enable', '1');
    if (this.ops.exists(this.path(`${TLB_FLUSH.event}/enable`))) {
      w(`${TLB_FLUSH.event}/filter`, TLB_FLUSH.filter);
      w(`${TLB_FLUSH.event}/enable`, '1');
    } else missing.push('tlb:tlb_flush is not in this kernel (x86 only): TLB-shootdown IPIs are not measured');
    return missing;
  }

  setWriteFolio(on: boolean): void {
    for (const e of WRITE_EVENTS) {
      const p = this.path(`events/vmscan/${e}/enable`);
      if (this.ops.exists(p)) this.ops.write(p, on ? '1' : '0');
    }
  }

  /** What is enabled, for the capture log (set_event plus the filters and clock). */
  describe(): string {
    const r = (rel: string) => this.ops.read(this.path(rel)).trim();
    return [
      r('set_event'),
      `sched_switch filter: ${r('events/sched/sched_switch/filter')}`,
      `sched_wakeup filter: ${r('events/sched/sched_wakeup/filter')}`,
      ...(this.ops.exists(this.path(`${TLB_FLUSH.event}/filter`)) ? [`tlb_flush filter: ${r(`${TLB_FLUSH.event}/filter`)}`] : []),
      `buffer_size_kb=${r('buffer_size_kb')} trace_clock=${r('trace_clock')}`,
    ].join('\n');
  }

  setTracing(on: boolean): void {
    this.ops.write(this.path('tracing_on'), on ? '1' : '0');
  }

  marker(text: string): void {
    this.ops.write(this.path('trace_marker'), text);
  }

  /** Ring-buffer statistics per CPU (overrun and dropped events). */
  stats(): string {
    const perCpu = this.path('per_cpu');
    if (!this.ops.exists(perCpu)) return '';
    return fs
      .readdirSync(perCpu)
      .filter((d) => d.startsWith('cpu'))
      .map((d) => `${d}\n${this.ops.read(join(perCpu, d, 'stats'))}`)
      .join('');
  }

  private remove(): void {
    const w = (rel: string, v: string) => {
      try {
        this.ops.write(this.path(rel), v);
      } catch {
        // The instance may be half-configured; rmdir is what matters.
      }
    };
    w('tracing_on', '0');
    w('events/enable', '0');
    w('events/sched/sched_switch/filter', '0');
    w('events/sched/sched_wakeup/filter', '0');
    if (this.ops.exists(this.path(`${TLB_FLUSH.event}/filter`))) w(`${TLB_FLUSH.event}/filter`, '0');
    this.ops.rmdir(this.dir);
  }
}

/** Copies trace_pipe to `sink` every `periodMs` with O_NONBLOCK reads until EAGAIN (or EOF on a plain file). */
export class PipeDrainer {
  private readonly fd: number;
  private readonly buf = Buffer.allocUnsafe(1 << 20);
  private timer: NodeJS.Timeout | undefined;
  bytes = 0;

  constructor(
    pipePath: string,
    private readonly sink: (chunk: Buffer) => void,
    private readonly periodMs: number,
    /** Called (once, from the timer) when a drain fails (read error, or the sink throws); draining stops. */
    private readonly onError: (err: unknown) => void = (err) => {
      throw err;
    },
  ) {
    this.fd = fs.openSync(pipePath, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  }

  start(): void {
    this.timer = setInterval(() => {
      try {
        this.drain();
      } catch (err) {
        clearInterval(this.timer);
        this.timer = undefined;
        this.onError(err);
      }
    }, this.periodMs);
  }

  drain(): void {
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(this.fd, this.buf, 0, this.buf.length, null);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN' || code === 'EWOULDBLOCK') return;
        if (code === 'EINTR') continue;
        throw err;
      }
      if (n <= 0) return;
      this.bytes += n;
      this.sink(Buffer.from(this.buf.subarray(0, n)));
    }
  }

  /** Final drain, then close. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    try {
      this.drain();
    } finally {
      fs.closeSync(this.fd);
    }
  }
}
