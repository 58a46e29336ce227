// The page corpus a replay draws from: real pages compressed once per algorithm, their mix fitted to the capture's
// zram figures (ratio, same, huge, zero shares) so simulated zram behaves like the device's.
import type { CaptureFigures } from '../analysis/types';
import type { Capture } from '../capture/types';
import { algorithmOf, type Algorithm } from '../vocabulary';
import type { PageCorpus } from './zram/corpus';
import { storedCorpus, type CorpusStore } from './zram/corpusCache';
import { fitMix } from './zram/corpusFit';
import type { CorpusFit, FitTargets } from './zram/corpusFit';
import { warning, type Warning } from '../warnings';

const built = new Map<string, PageCorpus>();

/** The algorithm the capture's zram used (its comp_algorithm when recorded and known; lz4 otherwise). */
export function captureAlgorithm(capture: Capture): Algorithm {
  return algorithmOf(capture.compAlgorithm) ?? 'lz4';
}

/** Where corpora's sizes are kept between processes: nowhere until a caller says (keepCorporaIn). */
let store: CorpusStore = { dir: null, codeKey: null };

/** Corpora built from here on are stored in (and read from) `s.dir`, keyed by `s.codeKey` (see corpusCache.ts). */
export function keepCorporaIn(s: CorpusStore): void {
  store = s;
}

/** Real compression of the corpus is the slow part; a process keeps one per (algorithm, seed), and the store keeps
 *  their sizes for the next process. */
function baseCorpus(algorithm: Algorithm, seed: number): PageCorpus {
  const key = `${algorithm}:${seed}`;
  let c = built.get(key);
  if (!c) {
    c = storedCorpus({ algorithm, seed }, store);
    built.set(key, c);
  }
  return c;
}

/**
 * The page mix is the workload's: it is fitted on pages compressed with the algorithm the capture used
 * (`captureAlgorithm`), then drawn with `algorithm`'s real compressed sizes.
 */
export function corpusFor(figures: CaptureFigures | undefined, captureAlgorithm: Algorithm, algorithm: Algorithm, seed: number,
  zeromap: boolean): { corpus: PageCorpus; fit?: CorpusFit } {
  const target = baseCorpus(algorithm, seed);
  const z = figures?.zram;
  if (!z || (z.ratio === null && z.zeroShare === null)) return { corpus: target };
  const { targets, notes } = fitTargets(z);
  const fit = fitMix(baseCorpus(captureAlgorithm, seed), targets, { zeromap });
  fit.warnings.unshift(...notes);
  return { corpus: target.withMix(fit.mix), fit };
}

/** Below 1 so the corpus keeps a few pages of the other kinds (the fit solves for a mix of them). */
const MAX_FRACTION = 0.999;

/**
 * Legal zram states at the edge of what a page mix can show (every swap-out a zero page, every stored page
 * same-filled or huge, compressed data larger than the original) are moved just inside it, and said.
 */
function fitTargets(z: NonNullable<CaptureFigures['zram']>): { targets: FitTargets; notes: Warning[] } {
  const notes: Warning[] = [];
  const frac = (name: string, v: number | null) => {
    if (v === null || v < MAX_FRACTION) return v;
    notes.push(warning('corpus.target-clamped', `page-content corpus: zram ${name} ${v} fitted as ${MAX_FRACTION} (a mix needs a few pages of other kinds)`));
    return MAX_FRACTION;
  };
  let ratio = z.ratio;
  if (ratio !== null && ratio < 1) {
    notes.push(warning('corpus.target-clamped', `page-content corpus: zram ratio ${ratio} (compressed data larger than the original) fitted as 1`));
    ratio = 1;
  }
  return {
    targets: { ratio, sameFraction: frac('sameFraction', z.sameFraction), hugeFraction: frac('hugeFraction', z.hugeFraction), zeroShare: frac('zeroShare', z.zeroShare) },
    notes,
  };
}
