// The replay's inputs and outputs: shared by the CLI, the worker, the HTML report, the extension and the webview.

import type { Algorithm, Pressure, Variant } from '../vocabulary';
import type { Warning } from '../warnings';

export type { Algorithm, Pressure, Variant } from '../vocabulary';

export interface ReplayOptions {
  /** kcompressd workers (v1: nr_kcompressd; mm: one per node, the given value is ignored and a result reports 1). Default 4. */
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
  /** How the fidelity table is tested: `split` (default: calibrate on the first half of the reclaim window, compare on
   *  the second), `none` (compare the replay with the whole capture), or a profile name/file to replay the whole
   *  capture with. Only the fidelity table uses it; the kcompressd prediction keeps the replay's own profile. */
  validate?: string;
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
  /** Direct-reclaim entries per GiB the tasks were served (a faster reclaimer lets a closed-loop task allocate
   *  more, so the raw count can rise while each GiB costs fewer stalls). */
  allocstallsPerGiB?: Figure;
}

export interface KcompressdFigures extends ScenarioFigures {
  fifoFullPct: Figure;
  fallbackSyncPct: Figure;
  /** Per worker, over the figures' window (ReplayResult.window, as the headline): % of one core busy, pages compressed
   *  (drains that ended in the window) and mean CPU µs per page compressing and storing them; a worker that
   *  compressed no page there has 0 µs here and 0 in workerPages (the text and the hovers print it 'idle'). */
  workerBusyPct: number[];
  workerPages: number[];
  workerUsPerPage: number[];
  /** Per worker, over the whole replay: CPU ms in its own direct reclaim (mm: GFP_NOIO after a zram writestall),
   *  apart from compression. */
  workerReclaimMs?: number[];
  /** Share of kswapd's writes queued to kcompressd (schedule_bio_write returned 0). */
  queuedPct: Figure;
  /** Deepest total over all worker FIFOs (entries). */
  fifoHighWater: number;
  /** Each worker's deepest FIFO (entries, out of options.queue). */
  workerFifoHighWater?: number[];
  fifoFullS: number;
  /** Pages that returned from pageout() under writeback and were freed on a later scan. */
  writebackRescans: number;
  /** Amdahl's bound 1/(1 − compress share) the speed-up can never exceed. */
  speedupBound?: number;
  /** What held the gain back, by mechanism (CPUs, FIFO full, writeback, demand). */
  limitedBy?: string[];
}

/** `predicted`: compared on data the calibration did not see; `fitted`: on the data it was calibrated on; `input`:
 *  copied or derived from the capture by construction (not a test of the model). */
export type FidelityBasis = 'predicted' | 'fitted' | 'input';

export interface FidelityRow {
  observed: number;
  simulated: number;
  /** (simulated − observed) ÷ |observed| × 100; window edges relative to the observed window's length. */
  errorPct: number;
  /** Window edges: simulated − observed, seconds (> 0: the replay's window starts or ends later), and the limit it is
   *  graded against, seconds (FIDELITY_LIMIT_PCT of the observed window's length): the same test as errorPct. */
  errorS?: number;
  limitS?: number;
  basis: FidelityBasis;
  /** 0 on both sides: neither the capture nor the replay exercised the figure (errorPct says nothing). */
  notExercised?: boolean;
  /** Observed 0, simulated not: a miss in kind that no errorPct (then 100) describes. */
  deviceZero?: boolean;
  /** An input row off by more than FIDELITY_LIMIT_PCT: the whole-capture input does not hold on the compared span. */
  inputOff?: boolean;
  /** A fitted row off by more than FIDELITY_LIMIT_PCT: the fit to this capture failed. */
  fitFailed?: boolean;
  /** Predicted, exercised rows only: within FIDELITY_LIMIT_PCT (never when deviceZero) or not. */
  mark?: 'pass' | 'miss';
  /** An `input` row that only follows the replayed demand (memcg reclaim of the capture's own charges, free pages with
   *  no global reclaim on either side): the scenario's mechanism leaves it no way to miss (demandBound.ts). */
  followsDemand?: boolean;
  /** Why the row has its basis when that is not obvious (e.g. kswapd ran all the CPU it was given). */
  why?: string;
  /** The simulated figure is only a lower bound: the replay's reclaim window had not ended when the replay did
   *  (swap-out in its last bin), so `simulated` is the replay's end. */
  atLeast?: boolean;
  /** The observed figure is from another moment than the simulated one (a zoneinfo snapshot that does not add up to
   *  the last nr_free_pages): shown, never marked pass or miss. */
  otherMoment?: boolean;
  /** Both sides at the row's ceiling (kswapd awake the whole compared span on each): it cannot miss, so it carries
   *  no mark and is no test. */
  wholeSpan?: boolean;
}

/** Which part of the capture calibrated the fidelity run and which part the table compares (replay seconds). */
export interface Validation {
  mode: 'split' | 'whole';
  /** Calibration span on the series time base; absent when the profile was not calibrated on this capture. */
  calibrationS?: [number, number];
  compareS: [number, number];
  /** Profile of the fidelity run. */
  profileName: string;
  /** One sentence on how the table was computed (and why, e.g. a window too short to split). */
  note: string;
}

/** The fidelity table in one line, and whether predicted rows pass (`untested`: no predicted row). */
export interface Verdict {
  text: string;
  /** The verdict's outcome: the headline's, made a miss by replay.before-ran-kcompressd or an after-capture miss. */
  outcome: 'pass' | 'miss' | 'untested';
  /** The headline rows alone, which decide `outcome`: the reclaim rate (pgsteal_anon/s, else the fallback rate) and
   *  kswapd's CPU (the reclaimer's when kswapd was not exercised). `rows`: their fidelity keys that carry a mark;
   *  `outcome` untested when no reclaim rate was predicted (absent, an input, or a fit). */
  headline?: { outcome: 'pass' | 'miss' | 'untested'; rows: string[] };
  /** Fidelity keys of the other predicted rows that missed: named in the text ("Also off"), never deciding `outcome`. */
  alsoOff?: string[];
  /** When the verdict's span is not the headline table's (a held-out half): the headline rows (`rows`, fidelity keys)
   *  that the headline table, over the capture's whole reclaim window `spanS`, shows off by more than the limit. The
   *  text names them; a failed fit there makes `outcome` a miss, as a failed fit of a headline row does. */
  wholeWindow?: { spanS: [number, number]; rows: string[] };
}

/** One after-figure: the replay's kcompressd prediction against a capture measured with kcompressd. */
export interface MeasuredAfterRow {
  predicted: number;
  measured: number;
  /** (predicted − measured) / |measured| × 100, one decimal (100 when measured is 0: see deviceZero). */
  errorPct: number;
  /** Measured 0, predicted not: a miss in kind, no percentage. */
  deviceZero?: boolean;
  /** 0 on both sides. */
  notExercised?: boolean;
  /** The figure is the corpus fitted to the replayed capture (zram ratio: kcompressd does not change it): no test. */
  fitted?: boolean;
  /** Why the row tests nothing although both sides have a figure: the two captures ran different workloads
   *  (pair.workload-differs). Never a pass or a miss; the verdict says so instead of matching or missing. */
  notATest?: string;
}

/** Named time series sampled at `t` (seconds from the replay's start). */
export interface SeriesSet {
  t: Float64Array;
  /** Per scenario, per metric name (freePages, pgstealAnonPerS, kswapdCpuPct, kcompressdBusyPct, fifoDepth,
   *  fifoDeepest, allocstalls, directReclaimMs and memcgReclaimMs (ms per bin), reclaimerCpuPct (kswapd and the tasks
   *  in reclaim, % of one core), zramMemUsedMiB, zramRatio, workerBusyPct<i> per kcompressd worker). */
  baseline: Record<string, Float64Array>;
  kcompressd: Record<string, Float64Array>;
  /** Watermarks in pages (constant lines on the free-pages chart). */
  watermarks: { min: number; low: number; high: number };
  /** The capture's own values per bin on the same time base (same metric names; NaN outside its samples). A metric
   *  the capture did not measure is absent, never zero. */
  observed?: Record<string, Float64Array>;
  /** A capture measured with kcompressd (`--measured-after`), same metric names, aligned on its own first sample
   *  (t = 0 at each capture's start); NaN outside its samples, a metric it did not measure absent. */
  measuredAfter?: Record<string, Float64Array>;
  /** The capture-clock time (s) of t = 0 and which clock that is (CLOCK_MONOTONIC, epoch or only relative). */
  origin?: { s: number; clock: 'mono' | 'epoch' | 'relative' };
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
  /** Which window `baseline` and `kcompressd` are measured over; `ownWindow` has both over their own swap-out
   *  windows when that differs (the capture's window is used under capture pressure). */
  window?: { kind: 'capture' | 'own'; startS: number; endS: number; binsS?: [number, number] };
  /** `binsS`: the whole model bins the simulated columns sum over the capture's window, replay seconds [start, end)
   *  (the window's edges rounded out to bins: B's 5.0–63.103 s is 5.0–63.2 s). `spansS`: each scenario's own swap-out
   *  window, replay seconds [start, end). */
  ownWindow?: { baseline: ScenarioFigures; kcompressd: KcompressdFigures; spansS?: { baseline: [number, number]; kcompressd: [number, number] } };
  validation?: Validation;
  /** The capture's own headline figures over `window` (the capture's reclaim window): rates per s, CPU % of one
   *  core, allocstalls counted, zram at the window's sample of largest orig_data_size, min free the window's lowest
   *  sample (the simulated columns read the same way: scenarioFigures); `{ unavailable }` says why the
   *  capture did not measure one there. */
  measured?: Partial<Record<keyof ScenarioFigures, Figure>>;
  /** Each numeric `measured` figure against `baseline` (simulated today) over the same window, graded as the fidelity
   *  table grades a row: basis `fitted` when the replay's profile was calibrated on this capture (it saw the window),
   *  `input` where the replay charges the capture's own figure, else `predicted` (then pass or miss). */
  headlineFidelity?: Partial<Record<keyof ScenarioFigures, FidelityRow>>;
  verdict?: Verdict;
  warnings: Warning[];
  /** How the model's inputs were derived from the capture and the profile. */
  notes?: string[];
  series?: SeriesSet;
  /** With a capture measured with kcompressd: the replay's kcompressd figures against it, per figure. */
  measuredAfter?: Partial<Record<string, MeasuredAfterRow>>;
  /** Figures that capture could not give or the replay did not predict. */
  measuredAfterMissing?: string[];
  /** The measured-after capture's path. */
  measuredAfterCapture?: string;
  /** CPU cores the model ran on (the option, else the capture's trace CPUs, else the profile's). */
  cpus?: number;
  /** Share of a core each reclaimer got while runnable, 0..1: the capture's other load (schedstat run delay). */
  availability?: number;
  /** Wall-clock cost of the replay itself. */
  elapsedMs: number;
  /** The model runs elapsedMs paid for, in order (today's kernel and the validation run are absent when cached). */
  runs?: ('today' | 'kcompressd' | 'validation')[];
  simulatedS: number;
}

/** Progress of long work (parse or replay), 0..1 with a short label. */
export interface Progress {
  fraction: number;
  label: string;
}
