// Reads a Perfetto trace (protobuf `Trace`, plain or gzip) packet by packet and renders what the reclaim analysis
// reads in the text forms the existing parsers take: ftrace events as trace_pipe lines (same trackers as ftrace text),
// sys_stats vmstat / meminfo samples as `# t_mono=` framed /proc snapshots (same series builders). The outer Trace is
// split into packets as the file is read (PacketSplitter), so only one packet's bytes and object are held at a time.
import { createReadStream, promises as fs } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Type } from 'protobufjs';
import { Reader } from 'protobufjs/minimal';
import { CaptureError } from '../../errors';
import { CLOCK, ClockSnapshots } from './clocks';
import { PACKET_TAG, PacketSplitter } from './packetSplitter';
import { TRACE_PROTO } from './schema';
import { counted, warning, type Warning } from '../../warnings';

/** The trace schema, parsed (with the full protobufjs loaded) on the first decode: few captures hold a Perfetto trace,
 *  and every thread that loads the capture reader paid ~10 ms CPU for it at start-up. */
let schema: { TracePacket: Type; VMSTAT_NAMES: Record<number, string>; MEMINFO_NAMES: Record<number, string> } | undefined;
async function traceSchema(): Promise<NonNullable<typeof schema>> {
  if (!schema) {
    const root = (await import('protobufjs')).parse(TRACE_PROTO, { keepCase: true }).root;
    schema = {
      TracePacket: root.lookupType('TracePacket'),
      VMSTAT_NAMES: root.lookupEnum('VmstatCounters').valuesById,
      MEMINFO_NAMES: root.lookupEnum('MeminfoCounters').valuesById,
    };
  }
  return schema;
}

/** MeminfoCounters names → /proc/meminfo keys (their capitalisation is not derivable from the enum name). */
const MEMINFO_KEY: Record<string, string> = {
  MEMINFO_MEM_TOTAL: 'MemTotal', MEMINFO_MEM_FREE: 'MemFree', MEMINFO_MEM_AVAILABLE: 'MemAvailable',
  MEMINFO_BUFFERS: 'Buffers', MEMINFO_CACHED: 'Cached', MEMINFO_SWAP_CACHED: 'SwapCached',
  MEMINFO_ACTIVE_ANON: 'Active(anon)', MEMINFO_INACTIVE_ANON: 'Inactive(anon)', MEMINFO_ACTIVE_FILE: 'Active(file)',
  MEMINFO_INACTIVE_FILE: 'Inactive(file)', MEMINFO_SWAP_TOTAL: 'SwapTotal', MEMINFO_SWAP_FREE: 'SwapFree',
  MEMINFO_ANON_PAGES: 'AnonPages', MEMINFO_ACTIVE: 'Active', MEMINFO_INACTIVE: 'Inactive', MEMINFO_UNEVICTABLE: 'Unevictable',
  MEMINFO_MLOCKED: 'Mlocked', MEMINFO_DIRTY: 'Dirty', MEMINFO_WRITEBACK: 'Writeback', MEMINFO_MAPPED: 'Mapped',
  MEMINFO_SHMEM: 'Shmem', MEMINFO_SLAB: 'Slab', MEMINFO_SLAB_RECLAIMABLE: 'SReclaimable', MEMINFO_SLAB_UNRECLAIMABLE: 'SUnreclaim',
  MEMINFO_KERNEL_STACK: 'KernelStack', MEMINFO_PAGE_TABLES: 'PageTables', MEMINFO_COMMIT_LIMIT: 'CommitLimit',
  MEMINFO_COMMITED_AS: 'Committed_AS', MEMINFO_CMA_TOTAL: 'CmaTotal', MEMINFO_CMA_FREE: 'CmaFree',
};

const GZIP = [0x1f, 0x8b];

export interface PerfettoText {
  /** trace_pipe lines, one per ftrace event, in packet order. */
  ftrace: string;
  /** /proc/vmstat snapshots, each headed `# t_mono=<s>`; empty when the trace has no vmstat sys_stats. */
  vmstat: string;
  /** /proc/meminfo snapshots, same framing. */
  meminfo: string;
  packets: number;
  /** Events of types this reader does not render (other oneof members), counted. */
  otherEvents: number;
  warnings: Warning[];
}

type Num = number | { toNumber(): number } | null | undefined;
const num = (v: Num): number => (v === null || v === undefined ? NaN : typeof v === 'number' ? v : v.toNumber());
const secs = (ns: number) => (ns / 1e9).toFixed(6);

/**
 * True when `head` (the file's first bytes; `truncated` when the file goes on) starts like a serialized Trace: a
 * packet field whose content is a run of well-formed fields ending exactly at the packet's length (or cut by the end
 * of the bytes). Text does not qualify: its first "packet" does not end where its length says.
 */
export function looksLikePerfetto(head: Buffer, truncated = false): boolean {
  if (head.length < 2 || head[0] !== PACKET_TAG) return false;
  // A file cut inside its first packet still names itself when two whole fields precede the cut.
  let whole = 0;
  const cutOk = () => truncated || whole >= 2;
  try {
    const r = Reader.create(head);
    r.uint32();
    const len = r.uint32();
    const end = r.pos + len;
    if (len === 0) return false;
    const stop = Math.min(end, head.length);
    while (r.pos < stop) {
      const tag = r.uint32();
      const wire = tag & 7;
      if (tag >>> 3 === 0 || (wire !== 0 && wire !== 1 && wire !== 2 && wire !== 5)) return false;
      r.skipType(wire);
      if (r.pos <= stop) whole++;
    }
    return r.pos === end || (end > head.length && cutOk());
  } catch {
    return cutOk(); // a field runs past the bytes there are
  }
}

/** True when `head` starts with the gzip magic. */
export const isGzip = (head: Buffer): boolean => head[0] === GZIP[0] && head[1] === GZIP[1];

/** The trace's bytes as they are read (inflated when gzip), never the whole file at once. */
async function openTrace(path: string): Promise<Readable> {
  const head = Buffer.alloc(2);
  const fh = await fs.open(path, 'r');
  try {
    await fh.read(head, 0, 2, 0);
  } finally {
    await fh.close();
  }
  return inflated(createReadStream(path), isGzip(head));
}

function inflated(raw: Readable, gzip: boolean): Readable {
  if (!gzip) return raw;
  const out = createGunzip();
  raw.on('error', (err) => out.destroy(err));
  return raw.pipe(out);
}

const STATE_BITS = 'SDTtXZPI';
/** sched_switch prev_state bits (TASK_INTERRUPTIBLE=1 …) as the kernel prints them; 0 is R. */
function stateText(state: number): string {
  if (!(state > 0)) return 'R';
  let s = '';
  for (let i = 0; i < STATE_BITS.length; i++) if (state & (1 << i)) s += STATE_BITS[i];
  return s || 'R+';
}

/** Whether a decoded message carries `field` (protobufjs puts absent fields' defaults on the prototype). */
const has = (m: object, field: string) => Object.hasOwn(m, field);

/** An ftrace bundle's clock: the builtin clock its times are on, and what to add to them first. */
interface BundleClock { id: number; shift: number }
/** A clock no snapshot can relate (an unknown ftrace clock, or global/local without its boot timestamp pair). */
const UNRELATED = -1;

/** FtraceEventBundle.ftrace_clock → the builtin clock of its times (global/local shifted onto BOOTTIME by the
 *  bundle's own pair of readings). */
function bundleClock(bundle: Record<string, any>): BundleClock {
  switch (bundle.ftrace_clock ?? 0) {
    case 0: return { id: CLOCK.BOOTTIME, shift: 0 };
    case 4: return { id: CLOCK.MONOTONIC_RAW, shift: 0 };
    case 2:
    case 3: {
      const paired = has(bundle, 'boot_timestamp') && has(bundle, 'ftrace_timestamp');
      return paired ? { id: CLOCK.BOOTTIME, shift: num(bundle.boot_timestamp) - num(bundle.ftrace_timestamp) } : { id: UNRELATED, shift: 0 };
    }
    default: return { id: UNRELATED, shift: 0 };
  }
}

/** The name the kernel gives a process's main thread: its executable's basename, cut to TASK_COMM_LEN − 1. */
const commOf = (cmdline0: string) => (cmdline0.split('/').pop() ?? cmdline0).slice(0, 15);

class Renderer {
  /** Events with their time and clock: bundles are per CPU, so packet order is not time order (sorted at the end);
   *  a task named only later (a process tree after the events) gets its name when the text is made. */
  private readonly events: { ts: number; clock: number; cpu: number; pid: number; comm?: string; name: string; fields: string }[] = [];
  readonly comms = new Map<number, string>();
  other = 0;
  /** The clock of the bundle being read. */
  clock: BundleClock = { id: CLOCK.BOOTTIME, shift: 0 };

  /** Per CPU, the task a sched_switch last switched in (compact switches name only the next task). */
  private readonly running: { pid: number; comm: string; prio: number }[] = [];
  lostBundles = 0;

  private emit(ts: number, cpu: number, pid: number, name: string, fields: string): void {
    this.events.push({ ts: ts + this.clock.shift, clock: this.clock.id, cpu, pid, comm: this.comms.get(pid), name, fields });
  }

  private schedSwitch(ts: number, cpu: number, prev: { pid: number; comm: string; prio: number }, state: number, next: { pid: number; comm: string; prio: number }): void {
    this.comms.set(prev.pid, prev.comm);
    this.emit(ts, cpu, prev.pid, 'sched_switch', `prev_comm=${prev.comm} prev_pid=${prev.pid} prev_prio=${prev.prio} prev_state=${stateText(state)} ==> next_comm=${next.comm} next_pid=${next.pid} next_prio=${next.prio}`);
    this.comms.set(next.pid, next.comm);
    this.running[cpu] = next;
  }

  /** A bundle's compact sched columns (row i of each column is one event). */
  compact(cpu: number, c: Record<string, any>): void {
    const names: string[] = c.intern_table ?? [];
    let ts = 0;
    (c.switch_timestamp ?? []).forEach((d: Num, i: number) => {
      ts += num(d);
      // The first switch on a CPU has no known previous task: pid 0 starts no on-CPU interval (none is open).
      const prev = this.running[cpu] ?? { pid: 0, comm: '<...>', prio: 120 };
      const next = { pid: c.switch_next_pid?.[i] ?? 0, comm: names[c.switch_next_comm_index?.[i]] ?? '', prio: c.switch_next_prio?.[i] ?? 120 };
      this.schedSwitch(ts, cpu, prev, num(c.switch_prev_state?.[i]), next);
    });
    ts = 0;
    (c.waking_timestamp ?? []).forEach((d: Num, i: number) => {
      ts += num(d);
      const comm = names[c.waking_comm_index?.[i]] ?? '';
      const pid = c.waking_pid?.[i] ?? 0;
      if (comm) this.comms.set(pid, comm);
      this.emit(ts, cpu, this.running[cpu]?.pid ?? 0, 'sched_waking', `comm=${comm} pid=${pid} prio=${c.waking_prio?.[i] ?? 120} target_cpu=${String(c.waking_target_cpu?.[i] ?? 0).padStart(3, '0')}`);
    });
  }

  event(cpu: number, e: Record<string, any>): void {
    const pid = num(e.pid);
    const ts = num(e.timestamp);
    const at = (name: string, fields: string) => this.emit(ts, cpu, pid, name, fields);
    if (e.sched_switch) {
      const s = e.sched_switch;
      this.schedSwitch(ts, cpu, { pid: s.prev_pid, comm: s.prev_comm ?? '', prio: s.prev_prio ?? 120 }, num(s.prev_state),
        { pid: s.next_pid, comm: s.next_comm ?? '', prio: s.next_prio ?? 120 });
    } else if (e.sched_wakeup) {
      const w = e.sched_wakeup;
      if (w.comm) this.comms.set(w.pid, w.comm);
      at('sched_wakeup', `comm=${w.comm ?? ''} pid=${w.pid} prio=${w.prio ?? 120} target_cpu=${String(w.target_cpu ?? 0).padStart(3, '0')}`);
    } else if (e.mm_vmscan_kswapd_wake) {
      at('mm_vmscan_kswapd_wake', `nid=${e.mm_vmscan_kswapd_wake.nid ?? 0} order=${e.mm_vmscan_kswapd_wake.order ?? 0}`);
    } else if (e.mm_vmscan_kswapd_sleep) {
      at('mm_vmscan_kswapd_sleep', `nid=${e.mm_vmscan_kswapd_sleep.nid ?? 0}`);
    } else if (e.mm_vmscan_direct_reclaim_begin) {
      const b = e.mm_vmscan_direct_reclaim_begin;
      at('mm_vmscan_direct_reclaim_begin', `order=${b.order ?? 0} may_writepage=${b.may_writepage ?? 0} gfp_flags=0x${((b.gfp_flags ?? 0) >>> 0).toString(16)}`);
    } else if (e.mm_vmscan_direct_reclaim_end) {
      at('mm_vmscan_direct_reclaim_end', `nr_reclaimed=${num(e.mm_vmscan_direct_reclaim_end.nr_reclaimed) || 0}`);
    } else {
      this.other++;
    }
  }

  /** trace_pipe text in time order (a stable sort keeps same-time events in packet order), times by `time` (ns). */
  text(time: (clock: number, ts: number) => number): string {
    return this.events.map((e) => ({ t: time(e.clock, e.ts), e })).sort((a, b) => a.t - b.t).map(({ t, e }) =>
      `${(e.comm ?? this.comms.get(e.pid) ?? '<...>').padStart(16)}-${String(e.pid).padEnd(7)} [${String(e.cpu).padStart(3, '0')}] ..... ${secs(t).padStart(12)}: ${e.name}: ${e.fields}`,
    ).join('\n');
  }
}

/**
 * Decodes `path` (a Perfetto trace) into the text renderings above. A packet that does not decode (corrupt bytes) or a
 * trace with no whole packet is a CaptureError naming the file and byte offset; a last packet cut short (the recorder
 * killed mid-write) is dropped with a warning.
 */
export async function decodePerfetto(path: string): Promise<PerfettoText> {
  return decodeChunks(await openTrace(path), path);
}

/** `decodePerfetto` of a trace already in memory (plain or gzip), e.g. a bugreport zip's entry; `path` names it. */
export function decodePerfettoBytes(raw: Buffer, path: string): Promise<PerfettoText> {
  return decodeChunks(inflated(Readable.from([raw]), isGzip(raw)), path);
}

/** Node's zlib error for a gzip stream that ends before its trailer. */
const GZIP_CUT = 'Z_BUF_ERROR';

async function decodeChunks(chunks: AsyncIterable<Buffer>, path: string): Promise<PerfettoText> {
  const { TracePacket, VMSTAT_NAMES, MEMINFO_NAMES } = await traceSchema();
  const split = new PacketSplitter();
  const r = new Renderer();
  const clocks = new ClockSnapshots();
  /** sys_stats samples: their time and clock, and the /proc lines. */
  const vmstat: { ts: number; clock: number; lines: string[] }[] = [];
  const meminfo: typeof vmstat = [];
  const warnings: Warning[] = [];
  let packets = 0;
  let unknownKeys = 0;
  let unstamped = 0;
  const cutShort = (at: number, why: string) => {
    if (packets === 0) throw new CaptureError(path, undefined, `Perfetto trace cut short: the first packet (at byte ${at}) runs past the end (${why})`);
    warnings.push(warning('perfetto.truncated', `Perfetto trace cut short at byte ${at} (${why}; recorder stopped mid-write?): the last packet is dropped, ${packets} read`, path));
  };
  /** Decodes every whole packet that has arrived; false once the trace is cut. */
  const drain = (done: boolean): boolean => {
    for (;;) {
      let next;
      try {
        next = split.next(done);
      } catch (err) {
        throw new CaptureError(path, undefined, `not a readable Perfetto trace: after packet ${packets} (${(err as Error).message})`);
      }
      if (next.kind === 'more' || next.kind === 'end') return true;
      if (next.kind === 'cut') {
        cutShort(next.at, 'the file ends inside it');
        return false;
      }
      let packet: Record<string, any>;
      try {
        packet = TracePacket.decode(next.body) as unknown as Record<string, any>;
      } catch (err) {
        throw new CaptureError(path, undefined, `not a readable Perfetto trace: packet ${packets + 1} at byte ${next.at} does not decode (${(err as Error).message})`);
      }
      read(packet);
    }
  };
  const read = (packet: Record<string, any>): void => {
    packets++;
    if (packet.clock_snapshot) clocks.add(packet.clock_snapshot.clocks ?? []);
    for (const t of packet.process_tree?.threads ?? []) if (t.name) r.comms.set(t.tid, t.name);
    for (const p of packet.process_tree?.processes ?? []) if (p.cmdline?.[0] && !r.comms.has(p.pid)) r.comms.set(p.pid, commOf(p.cmdline[0]));
    const bundle = packet.ftrace_events;
    if (bundle) {
      r.clock = bundleClock(bundle);
      for (const e of bundle.event ?? []) r.event(bundle.cpu ?? 0, e);
      if (bundle.compact_sched) r.compact(bundle.cpu ?? 0, bundle.compact_sched);
      if (bundle.lost_events) r.lostBundles++;
    }
    const stats = packet.sys_stats;
    if (stats && (stats.vmstat?.length || stats.meminfo?.length)) {
      const ts = has(packet, 'timestamp') ? num(packet.timestamp) : NaN;
      if (!(ts >= 0)) {
        unstamped++;
        return;
      }
      const clock = has(packet, 'timestamp_clock_id') ? packet.timestamp_clock_id : CLOCK.BOOTTIME;
      if (stats.vmstat?.length) {
        const lines: string[] = [];
        for (const v of stats.vmstat) {
          const name = VMSTAT_NAMES[v.key];
          if (name) lines.push(`${name.slice('VMSTAT_'.length).toLowerCase()} ${num(v.value)}`);
          else unknownKeys++;
        }
        vmstat.push({ ts, clock, lines });
      }
      if (stats.meminfo?.length) {
        const lines: string[] = [];
        for (const m of stats.meminfo) {
          const key = MEMINFO_KEY[MEMINFO_NAMES[m.key]];
          if (key) lines.push(`${key}: ${num(m.value)} kB`);
          else unknownKeys++;
        }
        meminfo.push({ ts, clock, lines });
      }
    }
  };
  let cut = false;
  try {
    for await (const chunk of chunks) {
      split.push(chunk);
      if (!drain(false)) {
        cut = true;
        break;
      }
    }
  } catch (err) {
    if (err instanceof CaptureError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== GZIP_CUT) throw new CaptureError(path, undefined, `Perfetto trace: ${code?.startsWith('Z_') ? 'damaged gzip' : 'unreadable'} (${(err as Error).message})`);
    // A gzip stream cut short: the packets inflated so far are read, a partial last one dropped.
    if (drain(false)) cutShort(split.offset, 'the gzip stream ends early');
    cut = true;
  }
  if (!cut) drain(true);
  if (packets === 0) throw new CaptureError(path, undefined, 'Perfetto trace without packets');
  if (unknownKeys) warnings.push(warning('perfetto.unknown-counter', `${counted(unknownKeys, 'sys_stats value')} with a counter id this reader does not name; skipped`, path));
  if (r.lostBundles) warnings.push(warning('ftrace.lost-events', `${counted(r.lostBundles, 'ftrace bundle')} flagged lost_events (the kernel's ring buffer overflowed): counts and on-CPU times are lower bounds`, path));
  if (unstamped) warnings.push(warning('perfetto.unstamped-sample', `${counted(unstamped, 'sys_stats packet')} without a timestamp; skipped`, path));
  // Every time on CLOCK_MONOTONIC where a snapshot relates its clock to it; the rest as they are, said once per clock.
  const unrelated = new Set<number>();
  const time = (clock: number, ts: number) => {
    const mono = clocks.toMono(clock, ts);
    if (mono === undefined && clock !== CLOCK.MONOTONIC) unrelated.add(clock);
    return mono ?? ts;
  };
  const framed = (samples: typeof vmstat) => samples.map((s) => [`# t_mono=${secs(time(s.clock, s.ts))}`, ...s.lines].join('\n')).join('\n');
  const out = { ftrace: r.text(time), vmstat: framed(vmstat), meminfo: framed(meminfo), packets, otherEvents: r.other, warnings };
  if (unrelated.has(CLOCK.BOOTTIME)) {
    warnings.push(warning('perfetto.no-clock-snapshot', 'no clock_snapshot relates BOOTTIME to MONOTONIC: boot times are read as monotonic (the same unless the device slept)', path));
  }
  const others = [...unrelated].filter((c) => c !== CLOCK.BOOTTIME);
  if (others.length > 0) {
    warnings.push(warning('perfetto.clock-unaligned', `times on ${others.map((c) => (c === UNRELATED ? 'an ftrace clock without a boot timestamp pair' : `clock ${c}`)).join(', ')} `
      + 'that no clock_snapshot relates to MONOTONIC are left as they are', path));
  }
  return out;
}
