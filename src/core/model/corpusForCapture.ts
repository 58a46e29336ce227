// The page corpus a replay draws from: real pages compressed once per algorithm, their mix fitted to the capture's
// zram figures (ratio, same, huge, zero shares) so simulated zram behaves like the device's.
import type { CaptureFigures } from '../analysis/types';
import type { Capture } from '../capture/types';
import { algorithmOf, type Algorithm } from '../vocabulary';
import { PageCorpus } from './zram/corpus';
import { fitMix } from './zram/corpusFit';
import type { CorpusFit } from './zram/corpusFit';

const built = new Map<string, PageCorpus>();

/** The algorithm the capture's zram used (its comp_algorithm when recorded and known; lz4 otherwise). */
export function captureAlgorithm(capture: Capture): Algorithm {
  return algorithmOf(capture.compAlgorithm) ?? 'lz4';
}

/** Real compression of the corpus is the slow part; a process keeps one per (algorithm, seed). */
function baseCorpus(algorithm: Algorithm, seed: number): PageCorpus {
  const key = `${algorithm}:${seed}`;
  let c = built.get(key);
  if (!c) {
    c = PageCorpus.build({ algorithm, seed });
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
  const fit = fitMix(baseCorpus(captureAlgorithm, seed), { ratio: z.ratio, sameFraction: z.sameFraction, hugeFraction: z.hugeFraction, zeroShare: z.zeroShare }, { zeromap });
  return { corpus: target.withMix(fit.mix), fit };
}
