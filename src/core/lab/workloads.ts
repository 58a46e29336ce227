// The lab's workload shapes, scaled to the guest's memory. Each becomes the argument list of the guest program
// rr-lab-load (src/lab-guest/rr-lab-load.c): SECONDS PROCS SIZE_MIB RATE_MIBS HOLD_S GAP_S RANDOM_PCT TOUCHES_PER_S SEED.

export type WorkloadShape = 'steady' | 'bursty' | 'saturate';
export const WORKLOAD_SHAPES: readonly WorkloadShape[] = ['steady', 'bursty', 'saturate'];

export interface WorkloadSpec {
  shape: WorkloadShape;
  seconds: number;
  /** Apps running at once at most. */
  procs: number;
  /** Anonymous memory each app fills, MiB. */
  sizeMiB: number;
  /** Fill rate per app, MiB/s; 0 = as fast as the guest can. */
  rateMiBs: number;
  /** How long an app touches its pages after filling them, s. */
  holdS: number;
  /** Seconds between app starts. */
  gapS: number;
  /** Share of each page's bytes that are random (the rest is a pattern), percent. */
  randomPct: number;
  touchesPerS: number;
  seed: number;
}

/** Random share of a page: with 35 % random bytes, lz4 and lzo-rle store a page in roughly 40 % of its size. */
const RANDOM_PCT = 35;

/**
 * The spec of a shape for a guest with `memMiB` of RAM and a run of `seconds`.
 * - steady: one process fills 1.4× RAM at a rate that ends the fill at 60 % of the run, then touches (like capture A);
 * - bursty: apps of 0.45× RAM start every 3 s, fill as fast as they can, touch for 4 s and exit (3 at once at most);
 * - saturate: two eaters of 0.8× RAM each, filling as fast as they can, then touching.
 */
export function workloadSpec(shape: WorkloadShape, memMiB: number, seconds: number, seed = 1): WorkloadSpec {
  const base = { shape, seconds, randomPct: RANDOM_PCT, touchesPerS: 20000, seed };
  switch (shape) {
    case 'steady': {
      const sizeMiB = Math.round(memMiB * 1.4);
      return { ...base, procs: 1, sizeMiB, rateMiBs: Math.max(1, Math.round(sizeMiB / (seconds * 0.6))), holdS: seconds, gapS: seconds };
    }
    case 'bursty':
      return { ...base, procs: 3, sizeMiB: Math.round(memMiB * 0.45), rateMiBs: 0, holdS: 4, gapS: 3 };
    case 'saturate':
      return { ...base, procs: 2, sizeMiB: Math.round(memMiB * 0.8), rateMiBs: 0, holdS: seconds, gapS: 0 };
  }
}

export function workloadArgs(s: WorkloadSpec): string[] {
  return [s.seconds, s.procs, s.sizeMiB, s.rateMiBs, s.holdS, s.gapS, s.randomPct, s.touchesPerS, s.seed].map(String);
}

/** The spec in one line, for the run record and the bundled pair's README. */
export function describeWorkload(s: WorkloadSpec): string {
  return `${s.shape}: ${s.procs} app${s.procs > 1 ? 's' : ''} at once of ${s.sizeMiB} MiB each, filled at `
    + `${s.rateMiBs > 0 ? `${s.rateMiBs} MiB/s` : 'full speed'}, ${s.randomPct} % random bytes per page, touched for ${s.holdS} s `
    + `(${s.touchesPerS}/s, 85 % in a hot 20 %, 30 % writes), a new app every ${s.gapS} s, for ${s.seconds} s (seed ${s.seed})`;
}
