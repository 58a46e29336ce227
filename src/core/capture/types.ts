// The parsed capture: what every parser produces and what analysis and the model read.
// Times are seconds on one capture clock (see Capture.clock); series are columnar for memory and speed.
import type { Warning } from '../warnings';

export type SourceFormat =
  | 'vmstat-snapshots' // /proc/vmstat, one or many snapshots
  | 'vmstat-output' // procps `vmstat N`
  | 'ftrace' // trace / trace_pipe text
  | 'trace-cmd' // trace-cmd report
  | 'perf-script' // perf script: tracepoint lines and/or cpu-clock samples with callchains
  | 'atrace' // Android atrace stdout (TRACE: marker)
  | 'systrace-html' // systrace HTML with trace-data blocks
  | 'zram-mm-stat'
  | 'zram-io-stat'
  | 'zoneinfo'
  | 'meminfo'
  | 'bugreport' // Android bugreport text or zip: its sections go to the parsers above
  | 'perfetto' // Perfetto protobuf trace (plain or gzip): its ftrace events and sys_stats go to the parsers above
  | 'zram-probe' // the lab's compress_probe.txt: `probe pages=N cpu_ns_per_page=X wall_ns_per_page=Y`
  | 'cpu-stat' // per-CPU /proc/stat lines and loadavg: `t_mono t_epoch cpuN user nice system idle …`
  | 'task-cpu' // per-task CPU series: `t_mono t_epoch utime stime sum_exec_runtime_ns run_delay_ns timeslices`
  | 'cfs-rq'; // each CPU's root cfs_rq (debugfs sched/debug): `t_mono t_epoch cpuN nr_queued load own_weight`

export interface SourceInfo {
  path: string;
  format: SourceFormat;
  lines: number;
  /** Lines that matched no rule of the format (comments and blank lines excluded). */
  unparsed: number;
  /** The first few unparsed line numbers (1-based), for messages. */
  unparsedLines: number[];
  /** Trace events seen whose name no tracker knows, by name. */
  unknownEvents?: Record<string, number>;
  /** Non-fatal problems found while reading (e.g. timestamps going backwards where files were joined). */
  warnings?: Warning[];
}

/** Counter changes between two single /proc/vmstat snapshots given as two files (a before/after pair). */
export interface VmstatDeltas {
  from: string;
  to: string;
  /** True when the snapshots carry no timestamps on one clock: the changes are totals, not rates. */
  intervalUnknown: boolean;
  intervalS: number | null;
  /** Event counter changes (≥ 0), by key. */
  deltas: Record<string, number>;
  /** Counters lower in the later snapshot (a reboot between them, or not a pair). */
  backwards: string[];
}

/** Snapshots of key → value files (/proc/vmstat, /proc/meminfo, zram stat lines, procps vmstat rows). */
export interface SnapshotSeries {
  source: string;
  /** Seconds on the capture clock, ascending. */
  times: Float64Array;
  /** Column per key, NaN where a snapshot lacked the key. Keys are the kernel's names (legacy per-zone keys folded). */
  columns: Map<string, Float64Array>;
  /** Keys that are monotonic event counters (the rest are gauges such as nr_*). */
  counters: Set<string>;
  /** The samples carry real timestamps (false: the times are sample indices). */
  timed?: boolean;
  /** Counter resets (a value lower than the previous one) with the sample's line when known, reported as warnings. */
  resets: { key: string; index: number; line?: number }[];
}

export interface Zone {
  node: number;
  name: string; // DMA, DMA32, Normal, Movable...
  managedPages: number;
  presentPages?: number;
  freePages?: number;
  min: number;
  low: number;
  high: number;
  /** lowmem_reserve[] against each zone index ("protection: (…)"), when zoneinfo shows it. */
  protection?: number[];
  /** nr_zone_inactive_file + nr_zone_active_file: the page cache this zone holds, when zoneinfo shows it. */
  filePages?: number;
  /** Pages on the zone's per-CPU lists (Σ pagesets `count:`), outside its free pages, when zoneinfo shows them. */
  pcpPages?: number;
  /** Line of the zone's `Node N, zone NAME` header in its file, for messages. */
  line?: number;
  /** min/low/high were absent or damaged in zoneinfo and computed as __setup_per_zone_wmarks() does (repairZones). */
  watermarksComputed?: boolean;
}

/** Closed intervals [start[i], end[i]] in seconds. */
export interface Intervals {
  start: Float64Array;
  end: Float64Array;
}

/** Slices of one kind of reclaim (direct, memcg), all tasks. */
export interface ReclaimSlices extends Intervals {
  pid: Int32Array;
  nrReclaimed: Float64Array;
  /** Seconds the task was on a CPU inside each slice (sched_switch); NaN where its switches are not in the trace. */
  onCpuS?: Float64Array;
  /** Inactive-list folios each slice scanned (Σ mm_vmscan_lru_shrink_inactive nr_scanned of its task inside it). */
  nrScanned?: Float64Array;
  comms: Map<number, string>;
  /** Ends without a begin and begins never ended (slice cut by the trace edges), not in the arrays. */
  unmatched?: number;
}

/** tlb:tlb_flush aggregates (tlbFlushTracker.ts). Counts are indexed by enum tlb_flush_reason (`reasons`). */
export interface TlbFlushSummary {
  reasons: string[];
  /** perCpu[cpu][reason]: events on each CPU. */
  perCpu: number[][];
  /** Per comm, the task current on the CPU: the sender of a `remote IPI send`, the interrupted task of a `remote shootdown`. */
  byComm: Record<string, number[]>;
  /** Capture-clock second of bin 0 (bins are 1 s). */
  binStartS: number;
  /** perSecond[reason][bin]: events on every CPU. */
  perSecond: number[][];
  /** kswapd threads per bin: `remote IPI send` events (flush_tlb_multi() from arch_tlbbatch_flush()), those a
   *  `remote shootdown` on another CPU answered within 1 ms (pages:0 too: the IPI came, the target's TLB was already
   *  current), and the anon folios and anon
   *  mm_vmscan_lru_shrink_inactive batches that reclaimed any. */
  kswapd: { ipiSent: number[]; ipiAnswered: number[]; anonReclaimed: number[]; anonBatches: number[] };
}

/** What the ftrace trackers keep of a trace (aggregates, never every event). */
export interface TraceSummary {
  source: string;
  firstTs: number;
  lastTs: number;
  /** 1-based lines of the earliest and latest event in `source`, when known (text traces). */
  firstLine?: number;
  lastLine?: number;
  cpus: number;
  /** Count per event name (known and unknown). */
  events: Record<string, number>;
  kswapd: {
    wakes: number;
    sleeps: number;
    wakeupRequests: number; // mm_vmscan_wakeup_kswapd
    /** Awake intervals (wake → sleep; repeated wakes extend the interval). */
    awake: Intervals;
    /** On-CPU intervals of kswapd threads from sched_switch. */
    onCpu: Intervals;
    pids: number[];
    /** NUMA node of each awake interval (same order as awake). */
    awakeNode?: Int32Array;
    /** Order of the mm_vmscan_kswapd_wake that opened each awake interval (same order as awake; -1 when the
     *  interval was open at the trace's start): above 0, a high-order allocation woke kswapd. */
    awakeOrder?: Int32Array;
  };
  /** On-CPU intervals of kcompressd threads from sched_switch. */
  kcompressdOnCpu?: Intervals;
  /** Per CPU (index = CPU number), the intervals its idle task (pid 0) ran, both edges in the trace (sched_switch). */
  cpuIdle?: Intervals[];
  directReclaim: ReclaimSlices;
  memcgReclaim: ReclaimSlices;
  memcgSoftlimitReclaim?: ReclaimSlices;
  nodeReclaim?: ReclaimSlices;
  /** shrink_inactive batches per reclaiming comm: scanned / reclaimed totals and batch count (absent from a replay-mode load). */
  lruBatches?: Record<string, {
    batches: number;
    scanned: number;
    reclaimed: number;
    /** mm_vmscan_lru_isolate calls and their nr_scanned / nr_taken totals. */
    isolateBatches?: number;
    isolateScanned?: number;
    isolateTaken?: number;
    /** mm_vmscan_reclaim_pages (proactive / DAMON reclaim) calls and nr_reclaimed total. */
    reclaimPagesCalls?: number;
    reclaimPagesReclaimed?: number;
  }>;
  /** mm_vmscan_write_folio / writepage per comm: count, span, intra-batch gap percentiles (µs); absent from a replay-mode load. */
  writeFolio?: Record<string, { n: number; firstTs: number; lastTs: number; gapP50Us: number; gapP90Us: number }>;
  throttled: number;
  /** tlb:tlb_flush (x86) counts; absent when the trace has none (the capture did not enable it). */
  tlbFlush?: TlbFlushSummary;
  /** On-CPU seconds per comm for traced reclaim-relevant tasks, from sched_switch. */
  onCpuByComm?: Record<string, number>;
  /** Events the kernel dropped (`[LOST N EVENTS]` lines). */
  lostEvents?: number;
}

/** cpu-clock samples from `perf script` with callchains: inclusive sample counts for frames of interest. */
export interface PerfProfile {
  source: string;
  periodNs: number;
  byComm: Record<string, {
    samples: number;
    inclusive: Record<string, number>;
    /** Samples whose chain holds any compression frame (zcomp_compress or an LZ4/LZO body). */
    compress?: number;
    /** The same counts restricted to samples whose chain holds a reclaim frame (see perfFrames.ts). */
    inReclaim?: { samples: number; compress: number; inclusive: Record<string, number> };
  }>;
  /** Per comm, each sample's time (s, perf's clock), the bitmask of PERF_FRAMES its chain holds and its CPU (-1: not
   *  printed; absent from profiles cached before it was kept). */
  timeline?: Record<string, { times: Float64Array; masks: Uint32Array; cpus?: Int16Array }>;
}

export interface TaskCpuSeries {
  source: string;
  comm: string; // e.g. kswapd0 (from the header, else the file name)
  times: Float64Array;
  sumExecNs: Float64Array;
  runDelayNs: Float64Array;
}

export interface Capture {
  /** Folder or file the user named. */
  root: string;
  sources: SourceInfo[];
  warnings: Warning[];
  /** Which clock `times` use: CLOCK_MONOTONIC (t_mono / trace_clock=mono), wall epoch, or aligned-relative. */
  clock: 'mono' | 'epoch' | 'relative';
  vmstat?: SnapshotSeries;
  /** A before/after pair of single /proc/vmstat snapshots in two files. */
  vmstatDeltas?: VmstatDeltas;
  vmstatOutput?: SnapshotSeries;
  meminfo?: SnapshotSeries; // values in kB as printed
  zramMmStat?: SnapshotSeries; // columns orig_data_size, compr_data_size, mem_used_total, ..., huge_pages_since
  zramIoStat?: SnapshotSeries;
  zones?: Zone[];
  /** The zoneinfo file `zones` come from (the snapshot before the run when there are several). */
  zonesSource?: string;
  /** Free pages per zone at the capture's end: a zoneinfo taken after the run (`*after*`), or a zoneinfo file's
   *  last snapshot; `source` names the file. */
  zonesEnd?: { source: string; zones: { node: number; name: string; freePages: number }[] };
  /** zoneinfo snapshots over time: `<zone>.free` and `<zone>.pcp` (pages on the zone's per-CPU lists, outside
   *  NR_FREE_PAGES), node totals `free` and `pcp` (zoneinfo.ts's zoneColumn). */
  zoneinfoSeries?: SnapshotSeries;
  taskCpu?: TaskCpuSeries[];
  /** Per-CPU /proc/stat busy/idle ticks (`cpuN.busy`, `cpuN.idle`, USER_HZ) and loadavg's running count
   *  (`loadavg.running`): the load of every task on each CPU (cpuStat.ts). */
  cpuStat?: SnapshotSeries;
  /** Each CPU's root cfs_rq weight (`cpuN.load`) and kswapd's runnable state per sample (cfsRq.ts), from capture's cfs_rq.txt. */
  cfsRq?: SnapshotSeries;
  trace?: TraceSummary;
  perf?: PerfProfile;
  /** zram comp_algorithm when a capture file names it (zram_*.txt sections), else undefined. */
  compAlgorithm?: string;
  /** The CPU to store one workload page in zram, timed on the capture's machine (the lab's probe). */
  zramProbe?: ZramProbe;
}

export interface ZramProbe {
  source: string;
  pages: number;
  cpuNsPerPage: number;
  wallNsPerPage: number;
}
