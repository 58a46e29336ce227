// Checks that two captures make a before/after pair for kcompressd: the after ran kcompressd, and both ran the same
// zram algorithm on the same memory and CPUs (else the change measured is not kcompressd's).
import { memTotalMiB } from '../analysis/figures';
import type { Capture } from '../capture/types';
import { kcompressdDesignOf } from '../lab/kcompressdDesign';
import { warning, type Warning } from '../warnings';

/** MemTotal differing by more than this share means another device or guest size. */
const SAME_MEMORY = 0.05;

/** pair.algorithm-differs / pair.memory-differs when the two captures' comp_algorithm, MemTotal (±5 %) or traced CPU
 *  counts differ; each names both values. */
export function pairWarnings(before: Capture, after: Capture): Warning[] {
  const out: Warning[] = [];
  // A capture that does not record comp_algorithm is replayed as lz4 (model/corpusForCapture captureAlgorithm, not
  // imported: it pulls the compressors into the webview's type graph): compared as such, and said.
  const named = (c: Capture) => c.compAlgorithm ?? 'lz4 (not recorded: lz4 assumed)';
  if ((before.compAlgorithm || after.compAlgorithm) && (before.compAlgorithm ?? 'lz4') !== (after.compAlgorithm ?? 'lz4')) {
    out.push(warning('pair.algorithm-differs', `the before capture's zram compressed with ${named(before)}, the after capture's with ${named(after)}: zram ratio and compression cost change with the algorithm, not with kcompressd`, after.root));
  }
  const [mb, ma] = [memTotalMiB(before), memTotalMiB(after)];
  if (mb && ma && Math.abs(ma - mb) / mb > SAME_MEMORY) {
    out.push(warning('pair.memory-differs', `MemTotal ${Math.round(mb)} MiB before, ${Math.round(ma)} MiB after: another memory size, so reclaim figures compare two machines, not two kernels`, after.root));
  }
  const [cb, ca] = [before.trace?.cpus, after.trace?.cpus];
  if (cb && ca && cb !== ca) {
    out.push(warning('pair.memory-differs', `${cb} CPUs traced before, ${ca} after: another CPU count, so reclaim figures compare two machines, not two kernels`, after.root));
  }
  return out;
}

/** pair.after-no-kcompressd when `after`, offered as measured with kcompressd, shows no kcompressd thread. */
export function afterWithoutKcompressd(after: Capture): Warning | undefined {
  if (kcompressdDesignOf(after)) return undefined;
  return warning('pair.after-no-kcompressd', 'the after capture shows no kcompressd thread (no kcompressd_cpu_*.txt series, no kcompressd comm in its trace): '
    + 'it may not have run kcompressd, so "measured with kcompressd" may be today\'s kernel on another run', after.root);
}
