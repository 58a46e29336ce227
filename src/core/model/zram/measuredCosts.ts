// Compression figures measured on the capture kernel (Linux 6.18, x86_64 Firecracker VM, 2 vCPUs, zram), derived
// from ../shared/captures/calib/calib_results.tsv (that folder's README §6; not in this repository): per class, 512 MiB of one content class swapped out
// by memcg reclaim; ratio = Δorig_data_size / Δcompr_data_size; µs/page = perf samples in zcomp_compress × 1.001 ms
// / Δpswpout. They describe that machine: the engine's device profiles decide what a phone core costs.
// docs/compression-costs.md has the same table with public phone-core throughputs.
import type { Algorithm } from '../../vocabulary';
import type { PageClass } from './pageClasses';

export interface MeasuredClassCost {
  /** orig/compr over the pages stored in zram; null when none were compressed (zero: zeromap; fill: same-filled). */
  ratio: number | null;
  /** Mean compr_data_size per stored page in bytes (huge pages count 4096). */
  bytesPerPage: number | null;
  /** CPU in zcomp_compress per page written to zram (µs); 0 where the kernel does not compress. */
  compressUsPerPage: number;
}

export const MEASURED_ON = 'Linux 6.18.44 x86_64 VM (../shared/captures/calib/calib_results.tsv)';

export const MEASURED_CLASS_COSTS: Readonly<Record<Algorithm, Readonly<Record<PageClass | 'mix', MeasuredClassCost>>>> = {
  lz4: {
    zero: { ratio: null, bytesPerPage: null, compressUsPerPage: 0 },
    fill: { ratio: null, bytesPerPage: 0, compressUsPerPage: 0 },
    text: { ratio: 1.661, bytesPerPage: 2466.3, compressUsPerPage: 11.24 },
    ptr: { ratio: 2.038, bytesPerPage: 2009.6, compressUsPerPage: 7.08 },
    sparse: { ratio: 53.118, bytesPerPage: 77.1, compressUsPerPage: 1.38 },
    rand: { ratio: 1.0, bytesPerPage: 4095.7, compressUsPerPage: 1.79 },
    mix: { ratio: 1.943, bytesPerPage: 2108.0, compressUsPerPage: 6.68 },
  },
  'lzo-rle': {
    zero: { ratio: null, bytesPerPage: null, compressUsPerPage: 0 },
    fill: { ratio: null, bytesPerPage: 0, compressUsPerPage: 0 },
    text: { ratio: 1.802, bytesPerPage: 2273.5, compressUsPerPage: 12.18 },
    ptr: { ratio: 2.429, bytesPerPage: 1686.4, compressUsPerPage: 6.31 },
    sparse: { ratio: 46.958, bytesPerPage: 87.2, compressUsPerPage: 0.84 },
    rand: { ratio: 1.0, bytesPerPage: 4095.7, compressUsPerPage: 1.54 },
    mix: { ratio: 2.13, bytesPerPage: 1923.1, compressUsPerPage: 7.01 },
  },
};

/** Public LZ4/LZO compression throughputs of CPU cores (kernel-notes.md §5), MB/s = 10^6 B/s, for device profiles. */
export interface PublicThroughput {
  core: string;
  algorithm: 'lz4' | 'lzo';
  compressMBps: [number, number];
  /** 4096 B / throughput, slowest..fastest. */
  usPerPage: [number, number];
  inference: boolean;
  source: string;
}

const usPerPage = (mbps: [number, number]): [number, number] =>
  [Math.round((4096 / mbps[1]) * 100) / 100, Math.round((4096 / mbps[0]) * 100) / 100];

function row(core: string, algorithm: 'lz4' | 'lzo', compressMBps: [number, number], inference: boolean, source: string): PublicThroughput {
  return { core, algorithm, compressMBps, usPerPage: usPerPage(compressMBps), inference, source };
}

export const PUBLIC_THROUGHPUTS: readonly PublicThroughput[] = [
  row('x86 i7-9700K @4.9 GHz (Silesia)', 'lz4', [780, 780], false, 'lz4 README (android.googlesource.com/platform/external/lz4)'),
  row('x86 i7-9700K @4.9 GHz (Silesia)', 'lzo', [670, 670], false, 'lz4 README (LZO 2.09 row)'),
  row('Cortex-A72 (AWS a1 Graviton1, lzbench, Silesia files)', 'lz4', [147, 408], false, 'github.com/lz4/lz4/pull/707'),
  row('Cortex-A55 (little core)', 'lz4', [80, 200], true, 'lz4 PR #1713 gives relative numbers only; range inferred in kernel-notes.md §5'),
];
