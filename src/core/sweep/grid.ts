// A what-if sweep's grid: lists of values per option (kcompressd workers, queue, CPUs, algorithm, profile, variant), expanded
// to one ReplayOptions per combination and validated by the same resolveOptions as a single replay.
import { OptionError } from '../errors';
import { resolveOptions } from '../replay/options';
import type { ReplayOptions } from '../replay/types';
import { intRangeError, MM_FIFO_SIZE, type Algorithm, type Variant } from '../vocabulary';

export interface SweepAxes {
  /** kcompressd workers (v1 nr_kcompressd), as replay's --kcompressd. */
  kcompressd?: number[];
  /** Entries per worker FIFO. */
  queue?: number[];
  cpus?: number[];
  algorithm?: Algorithm[];
  /** Built-in profile names or `capture` (calibrated on the capture). */
  profile?: string[];
  variant?: Variant[];
}

/** The axes in the order a grid point's options are listed and its CSV columns appear. */
export const SWEEP_AXES = ['kcompressd', 'queue', 'cpus', 'algorithm', 'profile', 'variant'] as const;
export type SweepAxis = (typeof SWEEP_AXES)[number];

/** Largest grid a sweep runs (each point is a full replay). */
export const MAX_SWEEP_POINTS = 256;

/** A comma-separated list's items, trimmed; an empty item (`1,,2`, a trailing comma) or one given twice (`2,2`) is
 *  an OptionError naming `flag`: each would otherwise be dropped without a word (trial13 F23). */
function listItems(flag: string, text: string, example: string): string[] {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.every((p) => p === '')) throw new OptionError(flag, `expects a comma-separated list, e.g. ${example}`);
  if (parts.includes('')) throw new OptionError(flag, `has an empty item in '${text}': give values separated by single commas, e.g. ${example}`);
  refuseTwice(flag, text, parts);
  return parts;
}

function refuseTwice(flag: string, text: string, values: unknown[]): void {
  const twice = values.find((v, i) => values.indexOf(v) !== i);
  if (twice !== undefined) throw new OptionError(flag, `lists ${String(twice)} twice in '${text}': each value is one point of the grid, give it once`);
}

/** `1,2,4,8` → [1, 2, 4, 8]: integers in `range` (the vocabulary's, as replay checks one value), each once;
 *  `flag` names the option in errors. */
export function intList(flag: string, text: string, range: { min: number; max?: number } = { min: 1 }): number[] {
  const out = listItems(flag, text, '1,2,4').map((p) => {
    const n = Number(p);
    if (!Number.isInteger(n) || n < range.min || n > (range.max ?? Infinity)) throw new OptionError(flag, intRangeError(range, p));
    return n;
  });
  refuseTwice(flag, text, out);
  return out;
}

/** `lz4,lzo-rle` → ['lz4', 'lzo-rle'] (each value checked when the grid is resolved). */
export function wordList(flag: string, text: string): string[] {
  return listItems(flag, text, 'lz4,lzo-rle');
}

/** The axes a variant's design has: the mm/ version runs one kcompressd per node on a fixed KCOMPRESS_FIFO_SIZE FIFO. */
export const appliesTo = (variant: Variant, axis: 'kcompressd' | 'queue'): boolean => variant !== 'mm' || (axis !== 'kcompressd' && axis !== 'queue');

/** An mm point's worker count and queue as its design fixes them, whatever the grid gave (so its copies collapse). */
const fixedByVariant = (p: Partial<ReplayOptions>): Partial<ReplayOptions> =>
  (p.variant === 'mm' ? { ...p, kcompressd: 1, queue: MM_FIFO_SIZE } : p);

/**
 * Every combination of the axes' values over `base` (the options not swept), first axis varying slowest; an axis
 * the point's variant does not have (mm: kcompressd, queue) is not multiplied, so each distinct replay runs once.
 * Throws OptionError for a value resolveOptions rejects or a grid above MAX_SWEEP_POINTS.
 */
export function sweepGrid(axes: SweepAxes, base: Partial<ReplayOptions> = {}): ReplayOptions[] {
  let points: Partial<ReplayOptions>[] = [{ ...base }];
  for (const axis of SWEEP_AXES) {
    const values = axes[axis];
    if (!values?.length) continue;
    points = points.flatMap((p) => values.map((v) => ({ ...p, [axis]: v })));
    if (points.length > MAX_SWEEP_POINTS) throw new OptionError(`--${axis}`, `the grid has more than ${MAX_SWEEP_POINTS} points`);
  }
  const seen = new Set<string>();
  return points.map((p) => resolveOptions(fixedByVariant(p))).filter((o) => {
    const key = JSON.stringify(o);
    return !seen.has(key) && seen.add(key) !== undefined;
  });
}

/** What the baseline scenario depends on: points that share it can share one baseline run. */
export const baselineKey = (o: ReplayOptions): string => [o.profile, o.seed, o.algorithm, o.pressure, o.compressShare, o.cpus, o.resolutionS].join('|');
