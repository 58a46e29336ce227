// Checks that two captures make a before/after pair for kcompressd: the after ran kcompressd, and both ran the same
// zram algorithm on the same memory and CPUs, and the same workload (else the change measured is not kcompressd's).
import { memTotalMiB } from '../analysis/figures';
import { column } from '../analysis/series';
import { reclaimWindow } from '../analysis/window';
import type { Capture, SnapshotSeries } from '../capture/types';
import { kcompressdDesignOf } from '../lab/kcompressdDesign';
import { counted, type Warning, warning } from '../warnings';

/** MemTotal differing by more than this share means another device or guest size. */
const SAME_MEMORY = 0.05;

/** Memory allocated over the two captures differing by more than this factor means two workloads. The same workload
 *  under another kernel allocates about the same memory: kcompressd changes reclaim's pace, the refaults and zram's
 *  own zspages, not what the workload touches (same-workload pairs measured: lab pair ×1.28, G/H ×1.31, J/K ×1.26). */
const SAME_WORKLOAD = 2;

/** A counter's rise over the series: the sum of its increases, so a reset costs one step. */
function rise(c: ArrayLike<number>): number {
  let d = 0;
  for (let i = 1; i < c.length; i++) if (c[i] > c[i - 1]) d += c[i] - c[i - 1];
  return d;
}

/** Pages allocated over the whole series (the pgalloc_* counters' rise), or null without pgalloc_* counters.
 *  pgalloc counts pages of every order (__count_zid_vm_events(PGALLOC, …, 1 << order)). */
function allocatedPages(v: SnapshotSeries | undefined): number | null {
  const cols = v ? [...v.columns].filter(([k]) => k.startsWith('pgalloc_')).map(([, c]) => c) : [];
  if (cols.length === 0) return null;
  const pages = cols.reduce((a, c) => a + rise(c), 0);
  return pages > 0 ? pages : null;
}

/** How many times more memory one capture allocated than the other, with both amounts, when that is more than
 *  SAME_WORKLOAD (two workloads); else undefined (the same workload, or a capture without pgalloc_* counters). */
function workloadRatio(before: Capture, after: Capture): { ratio: number; pb: number; pa: number } | undefined {
  const [pb, pa] = [allocatedPages(before.vmstat), allocatedPages(after.vmstat)];
  if (!pb || !pa) return undefined;
  const ratio = Math.max(pb, pa) / Math.min(pb, pa);
  return ratio > SAME_WORKLOAD ? { ratio, pb, pa } : undefined;
}

/** Who did most of a capture's reclaim over its series: `memcg` when pages stolen outside global reclaim
 *  (pgsteal_anon + pgsteal_file − pgsteal_kswapd − pgsteal_direct: try_to_free_mem_cgroup_pages(), which cgroup-v1
 *  does not count in the global counters) outweigh kswapd's and direct reclaim's, else `global`; undefined without
 *  those counters or any steal. */
export function reclaimKind(c: Capture): { kind: 'memcg' | 'global'; memcgShare: number } | undefined {
  const v = c.vmstat;
  const riseOf = (key: string) => {
    const col = v && column(v, key);
    return col ? rise(col) : undefined;
  };
  const [steal, global] = [riseOf('pgsteal_anon+pgsteal_file'), riseOf('pgsteal_kswapd+pgsteal_direct')];
  if (steal === undefined || global === undefined || !(steal > 0)) return undefined;
  const memcgShare = Math.max(0, steal - global) / steal;
  return { kind: memcgShare > 0.5 ? 'memcg' : 'global', memcgShare };
}

/** Why the two captures ran different workloads, in words, or undefined: they allocated more than SAME_WORKLOAD×
 *  apart, or one reclaimed in a memcg at its limit and the other globally — kcompressd moves kswapd's compression,
 *  it does not make a memcg hit its limit (try_charge_memcg()) or lift one, so a change of reclaim kind is another
 *  setup, not another kernel. `detail`: the full reason with both amounts. */
function workloadDiffers(before: Capture, after: Capture): { short: string; detail: string } | undefined {
  const apart = workloadRatio(before, after);
  if (apart !== undefined) {
    const { ratio, pb, pa } = apart;
    const of = (c: Capture, pages: number) => {
      const v = c.vmstat!;
      const w = reclaimWindow(v);
      const mib = Math.round(pages / 256).toLocaleString('en-US');
      return `${mib} MiB over ${(v.times[v.times.length - 1] - v.times[0]).toFixed(1)} s (reclaim window ${w ? `${w.durationS.toFixed(1)} s` : 'none'})`;
    };
    return { short: `they allocated ×${ratio.toFixed(1)} apart, more than ×${SAME_WORKLOAD}`,
      detail: `the before capture allocated ${of(before, pb)}, the after ${of(after, pa)} (pgalloc_*): ×${ratio.toFixed(1)} apart, more than ×${SAME_WORKLOAD}. `
        + 'The same workload under another kernel allocates about the same memory' };
  }
  const [kb, ka] = [reclaimKind(before), reclaimKind(after)];
  if (!kb || !ka || kb.kind === ka.kind) return undefined;
  const said = (k: NonNullable<typeof kb>) => `${k.kind === 'memcg' ? 'memcg reclaim' : 'global reclaim (kswapd, direct)'} (${(k.memcgShare * 100).toFixed(0)} % of pgsteal outside global reclaim)`;
  return { short: `one reclaimed in a memcg at its limit, the other globally`,
    detail: `the before capture's reclaim was ${said(kb)}, the after's ${said(ka)}. kcompressd moves kswapd's compression; it does not make a memcg reach its limit or lift one` };
}

/** Why figures measured on `after` do not test a replay of `before`: the two ran different workloads
 *  (pair.workload-differs); undefined when they ran the same one, as far as their allocations and reclaim tell. */
function otherWorkload(before: Capture, after: Capture): string | undefined {
  const d = workloadDiffers(before, after);
  return d && `the two captures ran different workloads: ${d.short} [pair.workload-differs]`;
}

/** pair.workload-differs when the two captures ran different workloads (workloadDiffers), with both amounts. */
function workloadWarning(before: Capture, after: Capture): Warning | undefined {
  const d = workloadDiffers(before, after);
  return d && warning('pair.workload-differs', `${d.detail}, so these look like two workloads and the measured figures do not test the prediction`, after.root);
}

/** pair.algorithm-differs / pair.memory-differs when the two captures' comp_algorithm, MemTotal (±5 %) or traced CPU
 *  counts differ, pair.workload-differs when they ran different workloads (workloadDiffers); each names both values. */
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
    out.push(warning('pair.memory-differs', `${counted(cb, 'CPU')} traced before, ${ca} after: another CPU count, so reclaim figures compare two machines, not two kernels`, after.root));
  }
  const workload = workloadWarning(before, after);
  if (workload) out.push(workload);
  return out;
}

const NO_KCOMPRESSD = 'the after capture shows no kcompressd thread (no kcompressd_cpu_*.txt series, no kcompressd comm in its trace)';

/** pair.after-no-kcompressd when `after`, offered as measured with kcompressd, shows no kcompressd thread. */
export function afterWithoutKcompressd(after: Capture): Warning | undefined {
  if (kcompressdDesignOf(after)) return undefined;
  return warning('pair.after-no-kcompressd', `${NO_KCOMPRESSD}: it may not have run kcompressd, so "measured with kcompressd" may be today's kernel on another run`, after.root);
}

/** Why figures measured on `after` do not test a kcompressd prediction made from `before`, ending in the warning's
 *  code: another workload (pair.workload-differs), or no kcompressd in the after (pair.after-no-kcompressd, trial5:
 *  demo --measured-after demo graded today's kernel against the prediction); undefined when they may. */
export function notATest(after: Capture, before?: Capture): string | undefined {
  return (before && otherWorkload(before, after))
    ?? (kcompressdDesignOf(after) ? undefined : `${NO_KCOMPRESSD}, so it may be today's kernel on another run [pair.after-no-kcompressd]`);
}
