// The one vocabulary every entry point reads: kcompressd variants, compression algorithms, pressures and the replay
// options' ranges and defaults. The CLI, the extension's settings (and package.json, checked by a test), the webview's
// re-run form, the quick picks and the hovers take their lists and limits from here.

export const VARIANTS = ['v1', 'mm'] as const;
/** Which kcompressd design is replayed. */
export type Variant = (typeof VARIANTS)[number];
export const VARIANT_INFO: Record<Variant, { title: string; description: string }> = {
  v1: { title: 'zram-side patch (March 2025)', description: 'N workers with per-worker bio FIFOs' },
  mm: { title: 'mm/ version (April 2025)', description: 'one kcompressd per node with a folio FIFO' },
};

export const ALGORITHMS = ['lz4', 'lzo-rle'] as const;
/** zram comp_algorithm the model can compress with (lzo-rle is the kernel's default, lz4 the phones'). */
export type Algorithm = (typeof ALGORITHMS)[number];

export const PRESSURES = ['capture', 'saturate'] as const;
/** capture: the workload's intent estimated from the capture; saturate: an eater allocating until direct reclaim. */
export type Pressure = (typeof PRESSURES)[number];
export const PRESSURE_INFO: Record<Pressure, string> = {
  capture: "replay the capture's workload (its intent, throttled by the modelled reclaim)",
  saturate: 'allocate as fast as reclaim allows (enters direct reclaim below MIN)',
};

/** drivers/block/zram/kcompressd.c DEFAULT_NR_KCOMPRESSD and INIT_QUEUE_SIZE. */
export const V1_DEFAULT_WORKERS = 4;
export const V1_DEFAULT_QUEUE = 4096;
/** mm/ version: KCOMPRESS_FIFO_SIZE folio pointers in pglist_data. */
export const MM_FIFO_SIZE = 256;

/** `capture`: calibrate a profile on the capture being replayed. */
export const DEFAULT_PROFILE = 'capture';

export interface IntRange {
  min: number;
  max: number;
}

/** Limits of the numeric options, as the CLI flags, settings and forms accept them. */
export const RANGES = {
  kcompressd: { min: 1, max: 64 },
  queue: { min: 1, max: 1 << 20 },
  cpus: { min: 1, max: 1024 },
  seed: { min: 0, max: 2 ** 32 - 1 },
  /** Series resolution, seconds (not an integer). */
  resolutionS: { min: 0.01, max: 10 },
} as const satisfies Record<string, IntRange>;

/** The one message every entry point gives for a whole number outside its range (no `max`: no upper limit). */
export const intRangeError = (r: { min: number; max?: number }, got: unknown): string =>
  `must be an integer ${r.max === undefined ? `≥ ${r.min}` : `${r.min}..${r.max}`}, got ${String(got)}`;

/** --compress-share: the zram write's share of the reclaimer's time per page, a fraction strictly inside (0, 1)
 *  (0 would leave compression nothing to move to kcompressd, 1 nothing else to do). */
export const COMPRESS_SHARE = { min: 0, max: 1 } as const;
export const isCompressShare = (f: unknown): f is number => typeof f === 'number' && f > COMPRESS_SHARE.min && f < COMPRESS_SHARE.max;
/** The one message every entry point gives for a share outside COMPRESS_SHARE. */
export const compressShareError = (got: unknown): string => `must be a number in (${COMPRESS_SHARE.min}, ${COMPRESS_SHARE.max}) exclusive, got ${String(got)}`;

export const DEFAULTS = {
  variant: 'v1' as Variant,
  kcompressd: V1_DEFAULT_WORKERS,
  pressure: 'capture' as Pressure,
  seed: 1,
  resolutionS: 0.1,
  profile: DEFAULT_PROFILE,
};

/** Old names of options, still read with a deprecation note: the kcompressd worker count was `workers` (lab and
 *  sweep flags, the `reclaimReplay.workers` setting) before every entry point took the replay's `kcompressd`. */
export const RENAMED_OPTIONS: Readonly<Record<string, keyof typeof DEFAULTS>> = { workers: 'kcompressd' };
/** The one deprecation note for an old name (`prefix` is how the entry point spells it: '--', 'reclaimReplay.'). */
export const renamedNote = (prefix: string, old: string): string => `${prefix}${old} is the old name of ${prefix}${RENAMED_OPTIONS[old]} (deprecated)`;

/** The kcompressd design as the options name it, in every output (replay, compare, the panel, exports): v1's worker
 *  pool "4 workers × 4096", mm's "FIFO 256" (one kcompressd per node: no worker count to give). */
export const designText = (variant: string, kcompressd: number, queue: number): string =>
  variant === 'v1' ? `${kcompressd} worker${kcompressd === 1 ? '' : 's'} × ${queue}` : `FIFO ${queue}`;

/** Why `--kcompressd N` has no effect with `variant` (undefined where it applies): the mm/ version starts one
 *  kcompressd thread per node (pgdat->kcompressd), so it has no worker count; 1 is that one thread. `prefix` is how
 *  the entry point spells an option ('--', 'reclaimReplay.'). */
export function kcompressdInapplicable(variant: Variant, kcompressd: number, prefix = '--'): string | undefined {
  return variant === 'mm' && kcompressd !== 1
    ? `does not apply to ${prefix}variant mm: the mm/ version runs one kcompressd thread per node (pgdat->kcompressd), so ${kcompressd} workers would replay the same as 1; drop it, or use ${prefix}variant v1 to vary the workers`
    : undefined;
}

/** The FIFO depth a variant uses when none is given. */
export const defaultQueue = (v: Variant): number => (v === 'mm' ? MM_FIFO_SIZE : V1_DEFAULT_QUEUE);

/** Values offered in pickers and hover re-run links (any value in RANGES is accepted). */
export const CHOICES = {
  kcompressd: [1, 2, 4, 8],
  queue: [256, 1024, 4096, 16384],
  cpus: [2, 4, 8],
} as const;

/** zram's comp_algorithm as the capture shows it ("lzo-rle", "[lz4] lzo", "lzo") → one the model has, or undefined. */
export function algorithmOf(compAlgorithm: string | undefined): Algorithm | undefined {
  if (!compAlgorithm) return undefined;
  const selected = /\[([^\]]+)\]/.exec(compAlgorithm)?.[1] ?? compAlgorithm.trim();
  if (selected.startsWith('lz4')) return 'lz4';
  if (selected.startsWith('lzo')) return 'lzo-rle';
  return undefined;
}

export const isVariant = (v: unknown): v is Variant => (VARIANTS as readonly unknown[]).includes(v);
export const isAlgorithm = (v: unknown): v is Algorithm => (ALGORITHMS as readonly unknown[]).includes(v);
export const isPressure = (v: unknown): v is Pressure => (PRESSURES as readonly unknown[]).includes(v);
