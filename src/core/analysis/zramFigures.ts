// zram figures at the sample of largest orig_data_size (captures/README §5), and the zero-page share of swap-outs
// over the window (zero pages bypass zram since 6.12, so they only show in swpout_zero).
import type { SnapshotSeries } from '../capture/types';
import type { CaptureFigures } from './types';
import { counterDelta } from './series';
import type { ReclaimWindow } from './window';

const PAGE = 4096;
const MiB = 1 << 20;
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
const ratioOrNull = (a: number, b: number, d: number) => (b > 0 && Number.isFinite(a) ? round(a / b, d) : null);

export function zeroShare(vmstat: SnapshotSeries | undefined, w: ReclaimWindow | null): number | null {
  if (!vmstat || !w || !vmstat.columns.has('swpout_zero')) return null;
  const zero = counterDelta(vmstat, 'swpout_zero', w.i0, w.i1);
  return ratioOrNull(zero, counterDelta(vmstat, 'pswpout', w.i0, w.i1) + zero, 4);
}

/** zram figures over the whole capture, or with `span` (capture clock, seconds) at the span's own peak sample. */
export function zramFigures(mm: SnapshotSeries | undefined, vmstat: SnapshotSeries | undefined, w: ReclaimWindow | null,
  span?: { startS: number; endS: number }): CaptureFigures['zram'] {
  const share = zeroShare(vmstat, w);
  const orig = mm?.columns.get('orig_data_size');
  const inSpan = (i: number) => !span || (mm!.times[i] >= span.startS && mm!.times[i] <= span.endS);
  let pk = -1;
  if (mm && orig) for (let i = 0; i < orig.length; i++) if (inSpan(i) && (pk < 0 || orig[i] > orig[pk])) pk = i;
  if (!mm || !orig || pk < 0) return share === null ? null : { ratio: null, memUsedMiB: null, sameFraction: null, hugeFraction: null, zeroShare: share };
  const at = (k: string) => mm.columns.get(k)?.[pk] ?? NaN;
  const stored = Math.floor(orig[pk] / PAGE);
  const used = at('mem_used_total');
  return {
    ratio: ratioOrNull(orig[pk], at('compr_data_size'), 3),
    memUsedMiB: Number.isFinite(used) ? round(used / MiB, 1) : null,
    sameFraction: ratioOrNull(at('same_pages'), stored, 4),
    hugeFraction: ratioOrNull(at('huge_pages'), stored, 4),
    zeroShare: share,
  };
}
