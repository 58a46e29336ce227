// A device profile: what reclaim work costs on one device. The replay reads every cost from here, never from the
// capture it replays, so one profile can be carried to another capture (or to a phone's cores).
import type { Algorithm } from '../vocabulary';
import type { PageClass } from '../model/zram/pageClasses';

export interface DeviceProfile {
  name: string;
  /** Where the numbers come from (a capture path, a public benchmark, …). */
  source: string;
  cpus: number;
  /** Per scanned page: LRU isolate + putback and the reference check (every scanned page, reclaimed or rotated). */
  scanNs: number;
  /** Per reclaimed anon page, besides the scan: rmap walk, try_to_unmap, swap slot + swap cache. */
  unmapNs: number;
  /** Per unmapped anon page: the TLB shootdown (arch_tlbbatch_flush IPIs). Large in VMs (an IPI is a VM exit),
   *  absent on ARM64 (broadcast TLBI). Profiles written before this term have it inside unmapNs (read as 0). */
  tlbFlushNs?: number;
  /** The share of the calibration's reclaim during which the shootdown's IPI targets (the other CPUs) were busy, from
   *  cpu_stat, else the trace's idle-task intervals (tlbShootdown.ts): idle CPUs are lazy and get no IPI, so tlbFlushNs ÷ this is one IPI round trip per
   *  page. Absent: tlbFlushNs is charged as measured, whatever the other CPUs do. */
  tlbIpiTargetsBusy?: number;
  /** What an IPI to an idle target costs ÷ what one to a busy target costs (0–1), from the calibration's perf samples
   *  split by the other CPUs' sched_switch idle (tlbShootdown.ts, tlbIdleCostRatio). Absent: 0, an idle target is
   *  skipped as lazy. */
  tlbIpiIdleRatio?: number;
  /** kswapd's shootdown IPIs another CPU answered per anon folio it reclaimed, over the calibration (tlb:tlb_flush;
   *  tlbShootdown.ts): tlbFlushNs ÷ this is one IPI per folio. Absent when the calibration capture has no tlb_flush. */
  tlbIpisPerFolio?: number;
  /** Per reclaimed file page, besides the scan (clean page cache is dropped). */
  fileNs: number;
  /** Per page written to zram and compressed: zs_malloc + copy into the zspage. */
  storeNs: number;
  /** Per zero or same-filled page (the word scan that finds it). */
  sameNs: number;
  /** Handing one page to kcompressd (kfifo_in + wake-up). */
  queueNs: number;
  /** Compression CPU per page of each content class, per algorithm. */
  compressNs: Record<Algorithm, Record<PageClass, number>>;
  /** Share of the reclaimer's per-page time spent in the zram write (compression + store), as measured. */
  compressShare?: number;
  /** Runnable tasks of the device's other load per CFS scheduling entity: autogroup (or cpu cgroups) makes a
   *  session's tasks one entity against kswapd in the root group. Calibrated from kswapd's schedstat share against
   *  cpu_stat's loadavg (cfsShare.ts); absent: 1, each task its own. */
  cfsTasksPerEntity?: number;
}
