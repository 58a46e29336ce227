// The replay's inputs and outputs: shared by the CLI, the worker, the HTML report, the extension and the webview.

import type { Algorithm, Pressure, Variant } from '../vocabulary';

export type { Algorithm, Pressure, Variant } from '../vocabulary';

export interface ReplayOptions {
  /** kcompressd workers (v1: nr_kcompressd; mm: one per node, this is ignored). Default 4. */
  kcompressd: number;
  /** v1: queue_size_per_kcompressd entries per worker FIFO (default 4096); mm: KCOMPRESS_FIFO_SIZE (256). */
  queue: number;
  variant: Variant;
  /** CPU cores; default from the capture (trace CPUs), else the profile. */
  cpus?: number;
  /** Built-in profile name or a profile JSON path (the caller resolves the file and passes the object). */
  profile: string;
  /** zram compressor; resolveOptions leaves it unset and the replay takes the capture's own comp_algorithm. */
  algorithm?: Algorithm;
  /** Share of the reclaimer's per-page time spent compressing; overrides the profile's. */
  compressShare?: number;
  pressure: Pressure;
  seed: number;
  /** Include the time series behind the graphs. */
  series: boolean;
  /** Series resolution in seconds (default 0.1). */
  resolutionS?: number;
}

/** A figure the capture cannot support: never 0, never invented. */
export interface Unavailable {
  unavailable: string; // the reason
}
export type Figure = number | Unavailable;

export interface ScenarioFigures {
  pgstealAnonPerS: Figure;
  pgscanAnonPerS: Figure;
  kswapdCpuPct: Figure;
  allocstalls: Figure;
  directReclaimMs: Figure;
  zramRatio: Figure;
  zramMemUsedMiB: Figure;
  minFreeMiB: Figure;
  /** CPU of whoever reclaims (kswapd, direct and memcg reclaim in the tasks), % of one core over the reclaim window, in percent */
  reclaimerCpuPct?: Figure;
  /** Wall time the tasks spent in memcg reclaim. */
  memcgReclaimMs?: Figure;
}

export interface KcompressdFigures extends ScenarioFigures {
  fifoFullPct: Figure;
  fallbackSyncPct: Figure;
  workerBusyPct: number[];
  /** Per worker: pages compressed and mean µs per page (for hovers). */
  workerPages: number[];
  workerUsPerPage: number[];
  /** Share of kswapd's writes queued to kcompressd (schedule_bio_write returned 0). */
  queuedPct: Figure;
  fifoHighWater: number;
  fifoFullS: number;
  /** Pages that returned from pageout() under writeback and were freed on a later scan. */
  writebackRescans: number;
}

export interface FidelityRow {
  observed: number;
  simulated: number;
  errorPct: number;
}

/** A named time series sampled at `t` (seconds from the replay's start). */
export interface SeriesSet {
  t: Float64Array;
  /** Per scenario, per metric name (freePages, pgstealAnonPerS, kswapdCpuPct, kcompressdBusyPct, fifoDepth,
   *  allocstalls, directReclaimMs, zramMemUsedMiB, zramRatio). */
  baseline: Record<string, Float64Array>;
  kcompressd: Record<string, Float64Array>;
  /** Watermarks in pages (constant lines on the free-pages chart). */
  watermarks: { min: number; low: number; high: number };
}

export interface ReplayResult {
  capture: string;
  options: ReplayOptions;
  profileName: string;
  baseline: ScenarioFigures;
  kcompressd: KcompressdFigures;
  /** kcompressd ÷ baseline for each numeric figure both have. */
  speedup: Record<string, number>;
  compressShare: number;
  fidelity: Record<string, FidelityRow>;
  warnings: string[];
  /** How the model's inputs were derived from the capture and the profile. */
  notes?: string[];
  series?: SeriesSet;
  /** Wall-clock cost of the replay itself. */
  elapsedMs: number;
  simulatedS: number;
}

/** Progress of long work (parse or replay), 0..1 with a short label. */
export interface Progress {
  fraction: number;
  label: string;
}
