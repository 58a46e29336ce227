// The figures users ask of a capture: the object `reclaim-replay parse --json` prints.
import type { Capture, SourceInfo } from '../capture/types';
import type { Warning } from '../warnings';

export interface SliceStats {
  count: number;
  /** Summed slice durations, ms to 3 decimals (µs precision: a 97 µs slice is 0.097, never 0.1 or 0). */
  totalMs: number;
  p50Us: number;
  p99Us: number;
  /** nr_reclaimed summed over the slices whose end event carries it (pages); null when none does. */
  reclaimedPages: number | null;
}

/** One zone from zoneinfo, in pages: free when the snapshot was taken (null when it shows none), the min/low/high
 *  watermarks (`pages min/low/high`), managed pages (present pages on kernels before 3.8), lowmem_reserve against each
 *  zone index ("protection: (…)") when shown, and free pages at the capture's end when it has an end snapshot. */
export interface ZoneFigures {
  node: number;
  name: string;
  freePages: number | null;
  min: number;
  low: number;
  high: number;
  managedPages: number;
  lowmemReserve?: number[];
  freeAtEnd?: number;
  /** min/low/high computed as __setup_per_zone_wmarks() does: zoneinfo had none (or damaged ones) for this zone. */
  watermarksComputed?: boolean;
}

import type { KswapdIpis } from './tlbIpis';

export interface CaptureFigures {
  sources: Pick<SourceInfo, 'path' | 'format' | 'lines' | 'unparsed'>[];
  /**
   * The reclaim window on the capture clock (`clock`, as Capture.clock); null when the capture shows no reclaim.
   * `firstSampleS`: the first /proc/vmstat sample on that clock, the replay's time 0 (its windows are seconds since it).
   */
  window: { startS: number; endS: number; durationS: number; clock: Capture['clock']; firstSampleS: number } | null;
  /** Per-second averages over the window, keyed by vmstat counter name (pgsteal_anon, pswpout, allocstall, ...). */
  rates: Record<string, number>;
  /** Highest 1-second rates in the capture, same keys. */
  peakRates: Record<string, number>;
  /** cpuPct over the window; wakes and sleeps: mm_vmscan_kswapd_wake and _sleep events over the whole trace (a wake
   *  per balance_pgdat() run); with a trace and a window, wakesFromSleepInWindow and sleepsInWindow over the window
   *  (kswapdWakesSleeps, the replay's definition). */
  kswapd: { cpuPct: number | null; cpuSource: 'schedstat' | 'sched_switch' | null; wakes: number; sleeps: number;
    wakesFromSleepInWindow?: number; sleepsInWindow?: number };
  zram: {
    ratio: number | null;
    memUsedMiB: number | null;
    sameFraction: number | null;
    hugeFraction: number | null;
    zeroShare: number | null;
  } | null;
  /** Count per trace event name. */
  events: Record<string, number>;
  /** Present when the trace covers only part of the reclaim window (ftrace.ends-early / starts-late): the covered
   *  span (capture clock, s) and the vmstat counter changes over it, the counters to compare the trace's slices,
   *  wakes and on-CPU times with (they are measured over this span, not the window). */
  traceSpan?: { startS: number; endS: number; durationS: number; windowS: number; counters: Record<string, number> };
  /** The span the trace's events cover (capture clock, s): what directReclaim and memcgReclaim are summed over. */
  traceCovers?: { startS: number; endS: number };
  directReclaim: SliceStats;
  memcgReclaim: SliceStats;
  /** Counter changes between a before/after pair of single /proc/vmstat snapshots (files), when that is the input. */
  deltas?: { from: string; to: string; intervalUnknown: boolean; intervalS: number | null; counters: Record<string, number> };
  /** Lowest free memory (MiB, 0.1) over the reclaim window, the span the rates are averaged over (the whole capture
   *  when it has none). `minFreeWholeMiB`: over the whole capture, when there is a window and it is lower there. */
  minFreeMiB: number | null;
  minFreeWholeMiB?: number;
  memTotalMiB: number | null;
  /** Pages on the per-CPU page lists, which free memory (nr_free_pages, MemFree) does not count (pcpLists.ts):
   *  at the first sample, the most (and when, capture clock s) and at the last; `source` says measured or derived. */
  pcpLists?: { source: 'zoneinfo' | 'vmstat'; startPages: number; maxPages: number; maxAtS: number; endPages: number; note: string };
  /** The zones of the zoneinfo whose watermarks were in force (`source`: the snapshot before the run when there are
   *  several; the replay uses the same), null without a zoneinfo; `endSource`: the end snapshot `freeAtEnd` is from. */
  zones: { source: string | null; endSource: string | null; zones: ZoneFigures[] } | null;
  /** tlb:tlb_flush, when the trace has it: kswapd's shootdown IPIs over the reclaim window (tlbIpis.ts), and every
   *  event per CPU and reason over the whole trace (`reasons` names the columns). */
  tlbFlush?: { window: KswapdIpis | null; reasons: string[]; perCpu: number[][] };
  warnings: Warning[];
}
