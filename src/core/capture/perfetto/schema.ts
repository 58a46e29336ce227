// The Perfetto trace schema this decoder reads, as protobuf source text: parsed by protobufjs at load and written out
// by test/fixtures/perfetto/build.sh for `protoc --encode=Trace`, so the fixtures are encoded by an independent encoder
// against the same field numbers.
export const TRACE_PROTO = `
// The subset of Perfetto's trace format that Reclaim Replay reads: ftrace event bundles (vmscan and sched events),
// sys_stats (/proc/vmstat and /proc/meminfo samples) and the process tree (task names). Field numbers and enum ids
// are those of the public perfetto_trace.proto, so real traces decode; everything else in a packet is skipped.
// Used by the decoder (loaded with protobufjs) and by test/fixtures/perfetto/build.sh (\`protoc --encode=Trace\`).
syntax = "proto2";

message Trace {
  repeated TracePacket packet = 1;
}

message TracePacket {
  optional uint64 timestamp = 8;
  // The builtin clock \`timestamp\` is on when not BOOTTIME.
  optional uint32 timestamp_clock_id = 58;
  optional FtraceEventBundle ftrace_events = 1;
  optional ProcessTree process_tree = 2;
  optional ClockSnapshot clock_snapshot = 6;
  optional SysStats sys_stats = 7;
  optional uint32 trusted_packet_sequence_id = 10;
}

// Readings of several clocks at one instant (ids: REALTIME 1, MONOTONIC 3, MONOTONIC_RAW 5, BOOTTIME 6).
message ClockSnapshot {
  message Clock {
    optional uint32 clock_id = 1;
    optional uint64 timestamp = 2;
  }
  repeated Clock clocks = 1;
}

// The kernel trace clock of a bundle: unset means boot; global and local come with a boot timestamp pair.
enum FtraceClock {
  FTRACE_CLOCK_UNSPECIFIED = 0;
  FTRACE_CLOCK_UNKNOWN = 1;
  FTRACE_CLOCK_GLOBAL = 2;
  FTRACE_CLOCK_LOCAL = 3;
  FTRACE_CLOCK_MONO_RAW = 4;
}

message FtraceEventBundle {
  optional uint32 cpu = 1;
  repeated FtraceEvent event = 2;
  // The kernel's ring buffer overflowed while this bundle was read.
  optional bool lost_events = 3;
  // sched_switch / sched_waking in columns (Android's default): timestamps are deltas from the previous one in the
  // bundle (the first is absolute); prev_* of a switch is the previous switch's next_* on the same CPU.
  message CompactSched {
    repeated uint64 switch_timestamp = 1 [packed = true];
    repeated int64 switch_prev_state = 2 [packed = true];
    repeated int32 switch_next_pid = 3 [packed = true];
    repeated int32 switch_next_prio = 4 [packed = true];
    repeated string intern_table = 5;
    repeated uint32 switch_next_comm_index = 6 [packed = true];
    repeated uint64 waking_timestamp = 7 [packed = true];
    repeated int32 waking_pid = 8 [packed = true];
    repeated int32 waking_target_cpu = 9 [packed = true];
    repeated int32 waking_prio = 10 [packed = true];
    repeated uint32 waking_comm_index = 11 [packed = true];
  }
  optional CompactSched compact_sched = 4;
  optional FtraceClock ftrace_clock = 5;
  // One instant on the bundle's ftrace clock and on BOOTTIME (for the global and local clocks).
  optional int64 ftrace_timestamp = 6;
  optional int64 boot_timestamp = 7;
}

message FtraceEvent {
  // Nanoseconds on the trace clock (boot time on Android).
  optional uint64 timestamp = 1;
  // The task the event ran in (kernel pid, i.e. the thread id).
  optional uint32 pid = 2;
  oneof event {
    SchedSwitch sched_switch = 4;
    SchedWakeup sched_wakeup = 17;
    DirectReclaimBegin mm_vmscan_direct_reclaim_begin = 46;
    DirectReclaimEnd mm_vmscan_direct_reclaim_end = 47;
    KswapdWake mm_vmscan_kswapd_wake = 48;
    KswapdSleep mm_vmscan_kswapd_sleep = 49;
  }
}

message SchedSwitch {
  optional string prev_comm = 1;
  optional int32 prev_pid = 2;
  optional int32 prev_prio = 3;
  optional int64 prev_state = 4;
  optional string next_comm = 5;
  optional int32 next_pid = 6;
  optional int32 next_prio = 7;
}

message SchedWakeup {
  optional string comm = 1;
  optional int32 pid = 2;
  optional int32 prio = 3;
  optional int32 success = 4;
  optional int32 target_cpu = 5;
}

message DirectReclaimBegin {
  optional int32 order = 1;
  optional int32 may_writepage = 2;
  optional uint32 gfp_flags = 3;
}

message DirectReclaimEnd {
  optional uint64 nr_reclaimed = 1;
}

message KswapdWake {
  optional int32 nid = 1;
  optional int32 order = 2;
  optional int32 zid = 3;
}

message KswapdSleep {
  optional int32 nid = 1;
}

// Task names: threads by their comm; a process without a thread entry by its cmdline (process_stats carries
// memory counters, no names, and is not read).
message ProcessTree {
  message Thread {
    optional int32 tid = 1;
    optional string name = 2;
    optional int32 tgid = 5;
  }
  message Process {
    optional int32 pid = 1;
    optional int32 ppid = 2;
    repeated string cmdline = 3;
  }
  repeated Process processes = 1;
  repeated Thread threads = 2;
}

message SysStats {
  message MeminfoValue {
    optional MeminfoCounters key = 1;
    optional uint64 value = 2;
  }
  message VmstatValue {
    optional VmstatCounters key = 1;
    optional uint64 value = 2;
  }
  repeated MeminfoValue meminfo = 1;
  repeated VmstatValue vmstat = 2;
}

// /proc/meminfo keys (values in kB).
enum MeminfoCounters {
  MEMINFO_UNSPECIFIED = 0;
  MEMINFO_MEM_TOTAL = 1;
  MEMINFO_MEM_FREE = 2;
  MEMINFO_MEM_AVAILABLE = 3;
  MEMINFO_BUFFERS = 4;
  MEMINFO_CACHED = 5;
  MEMINFO_SWAP_CACHED = 6;
  MEMINFO_ACTIVE = 7;
  MEMINFO_INACTIVE = 8;
  MEMINFO_ACTIVE_ANON = 9;
  MEMINFO_INACTIVE_ANON = 10;
  MEMINFO_ACTIVE_FILE = 11;
  MEMINFO_INACTIVE_FILE = 12;
  MEMINFO_UNEVICTABLE = 13;
  MEMINFO_MLOCKED = 14;
  MEMINFO_SWAP_TOTAL = 15;
  MEMINFO_SWAP_FREE = 16;
  MEMINFO_DIRTY = 17;
  MEMINFO_WRITEBACK = 18;
  MEMINFO_ANON_PAGES = 19;
  MEMINFO_MAPPED = 20;
  MEMINFO_SHMEM = 21;
  MEMINFO_SLAB = 22;
  MEMINFO_SLAB_RECLAIMABLE = 23;
  MEMINFO_SLAB_UNRECLAIMABLE = 24;
  MEMINFO_KERNEL_STACK = 25;
  MEMINFO_PAGE_TABLES = 26;
  MEMINFO_COMMIT_LIMIT = 27;
  MEMINFO_COMMITED_AS = 28;
  MEMINFO_CMA_TOTAL = 32;
  MEMINFO_CMA_FREE = 33;
}

// /proc/vmstat keys (mostly pages); per-zone pgsteal/pgscan ids are summed into the modern key by the vmstat parser.
enum VmstatCounters {
  VMSTAT_UNSPECIFIED = 0;
  VMSTAT_NR_FREE_PAGES = 1;
  VMSTAT_NR_INACTIVE_ANON = 3;
  VMSTAT_NR_ACTIVE_ANON = 4;
  VMSTAT_NR_INACTIVE_FILE = 5;
  VMSTAT_NR_ACTIVE_FILE = 6;
  VMSTAT_NR_ANON_PAGES = 9;
  VMSTAT_NR_FILE_PAGES = 11;
  VMSTAT_WORKINGSET_REFAULT = 30;
  VMSTAT_PGPGIN = 38;
  VMSTAT_PGPGOUT = 39;
  VMSTAT_PSWPIN = 41;
  VMSTAT_PSWPOUT = 42;
  VMSTAT_PGFREE = 46;
  VMSTAT_PGACTIVATE = 47;
  VMSTAT_PGDEACTIVATE = 48;
  VMSTAT_PGFAULT = 49;
  VMSTAT_PGMAJFAULT = 50;
  VMSTAT_PGSTEAL_KSWAPD_DMA = 54;
  VMSTAT_PGSTEAL_KSWAPD_NORMAL = 55;
  VMSTAT_PGSTEAL_KSWAPD_MOVABLE = 56;
  VMSTAT_PGSTEAL_DIRECT_DMA = 57;
  VMSTAT_PGSTEAL_DIRECT_NORMAL = 58;
  VMSTAT_PGSTEAL_DIRECT_MOVABLE = 59;
  VMSTAT_PGSCAN_KSWAPD_DMA = 60;
  VMSTAT_PGSCAN_KSWAPD_NORMAL = 61;
  VMSTAT_PGSCAN_KSWAPD_MOVABLE = 62;
  VMSTAT_PGSCAN_DIRECT_DMA = 63;
  VMSTAT_PGSCAN_DIRECT_NORMAL = 64;
  VMSTAT_PGSCAN_DIRECT_MOVABLE = 65;
  VMSTAT_PGSCAN_DIRECT_THROTTLE = 66;
  VMSTAT_PAGEOUTRUN = 72;
  VMSTAT_ALLOCSTALL = 73;
  VMSTAT_NR_ZSPAGES = 93;
  // Node-level counters of newer kernels (4.8+: per-node reclaim; 5.8+: anon/file split), newer Perfetto ids.
  VMSTAT_ALLOCSTALL_DMA = 96;
  VMSTAT_ALLOCSTALL_MOVABLE = 97;
  VMSTAT_ALLOCSTALL_NORMAL = 98;
  VMSTAT_OOM_KILL = 115;
  VMSTAT_PGREFILL = 118;
  VMSTAT_PGSCAN_DIRECT = 119;
  VMSTAT_PGSCAN_KSWAPD = 120;
  VMSTAT_PGSTEAL_DIRECT = 124;
  VMSTAT_PGSTEAL_KSWAPD = 125;
  VMSTAT_SWAP_RA = 126;
  VMSTAT_SWAP_RA_HIT = 127;
  VMSTAT_ALLOCSTALL_DEVICE = 129;
  VMSTAT_ALLOCSTALL_DMA32 = 130;
  VMSTAT_NR_SWAPCACHED = 142;
  VMSTAT_PGSCAN_ANON = 149;
  VMSTAT_PGSCAN_FILE = 150;
  VMSTAT_PGSTEAL_ANON = 153;
  VMSTAT_PGSTEAL_FILE = 154;
  VMSTAT_THP_SWPOUT = 174;
  VMSTAT_THP_SWPOUT_FALLBACK = 175;
  VMSTAT_WORKINGSET_REFAULT_ANON = 185;
  VMSTAT_WORKINGSET_REFAULT_FILE = 186;
}
`;
