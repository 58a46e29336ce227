// The `reclaimReplay.*` settings, read through one typed function (in the style of rust-analyzer's editors/code
// config): every value is checked, a bad one falls back to its default and is reported, never passed on.
import type { ReplayOptions } from '../core/replay/types';
import { DEFAULTS as OPTION_DEFAULTS, PRESSURES, RANGES, RENAMED_OPTIONS, VARIANTS, kcompressdInapplicable, renamedNote, type Pressure, type Variant } from '../core/vocabulary';

export interface Config {
  /** kcompressd worker threads, as replay's --kcompressd (`reclaimReplay.workers` is its old name). */
  kcompressd: number;
  /** undefined: the variant's own default (v1 4096 entries, mm 256 folios). */
  queueSize: number | undefined;
  variant: Variant;
  /** undefined: the model's default profile. */
  profile: string | undefined;
  /** undefined: from the capture. */
  cpus: number | undefined;
  pressure: Pressure;
  seriesResolution: number;
  inlineHints: boolean;
}

export const DEFAULTS: Config = {
  kcompressd: OPTION_DEFAULTS.kcompressd, queueSize: undefined, variant: OPTION_DEFAULTS.variant, profile: undefined, cpus: undefined,
  pressure: OPTION_DEFAULTS.pressure, seriesResolution: OPTION_DEFAULTS.resolutionS, inlineHints: false,
};

type Read<T> = { ok: T } | { error: string };
type Reader<T> = (v: unknown) => Read<T>;

const positiveInt = (max: number): Reader<number> => (v) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= max ? { ok: v } : { error: `expected a whole number from 1 to ${max}` };
/** null, undefined and '' mean "not set". */
const optional = <T>(r: Reader<T>): Reader<T | undefined> => (v) => (v === null || v === undefined || v === '' ? { ok: undefined } : r(v));
const oneOf = <T extends string>(values: readonly T[]): Reader<T> => (v) =>
  typeof v === 'string' && (values as readonly string[]).includes(v) ? { ok: v as T } : { error: `expected one of ${values.join(', ')}` };

const READERS: { [K in keyof Config]: Reader<Config[K]> } = {
  kcompressd: positiveInt(RANGES.kcompressd.max),
  queueSize: optional(positiveInt(RANGES.queue.max)),
  variant: oneOf<Variant>(VARIANTS),
  profile: optional((v) => (typeof v === 'string' ? { ok: v.trim() || undefined } : { error: 'expected a profile name or a JSON file path' })),
  cpus: optional(positiveInt(RANGES.cpus.max)),
  pressure: oneOf<Pressure>(PRESSURES),
  seriesResolution: (v) => (typeof v === 'number' && v >= RANGES.resolutionS.min && v <= RANGES.resolutionS.max ? { ok: v }
    : { error: `expected seconds between ${RANGES.resolutionS.min} and ${RANGES.resolutionS.max}` }),
  inlineHints: (v) => (typeof v === 'boolean' ? { ok: v } : { error: 'expected true or false' }),
};

/**
 * Reads every setting through `get` (a WorkspaceConfiguration's get, or a plain object in tests). A setting under
 * its old name (RENAMED_OPTIONS; package.json gives it no default) is still read, with a deprecation note in
 * `deprecated`, unless `isSet` (WorkspaceConfiguration.inspect) says the user set the new name too.
 */
export function readConfig(get: (key: string) => unknown, isSet = (key: string) => get(key) !== undefined): { config: Config; problems: string[]; deprecated: string[] } {
  const config: Record<string, unknown> = { ...DEFAULTS };
  const problems: string[] = [];
  const deprecated: string[] = [];
  const take = (key: keyof Config, raw: unknown, name: string = key) => {
    const r = (READERS[key] as Reader<unknown>)(raw);
    if ('ok' in r) config[key] = r.ok;
    else problems.push(`reclaimReplay.${name}: ${r.error}; using ${JSON.stringify(DEFAULTS[key]) ?? 'the default'}`);
    return 'ok' in r;
  };
  for (const key of Object.keys(READERS) as (keyof Config)[]) {
    const raw = get(key);
    if (raw !== undefined) take(key, raw);
  }
  for (const [old, key] of Object.entries(RENAMED_OPTIONS) as [string, keyof Config][]) {
    const raw = get(old);
    if (raw === undefined || raw === null) continue;
    const note = renamedNote('reclaimReplay.', old);
    if (isSet(key)) deprecated.push(`${note}: ignored, reclaimReplay.${key} is set`);
    else if (take(key, raw, old)) deprecated.push(`${note}: read as reclaimReplay.${key} = ${JSON.stringify(raw)}; rename it in settings.json`);
  }
  // As the CLI refuses an explicit --kcompressd with mm, a worker count the user set is named when mm ignores it.
  const ignored = isSet('kcompressd') || isSet('workers') ? kcompressdInapplicable(config.variant as Variant, config.kcompressd as number, 'reclaimReplay.') : undefined;
  if (ignored) problems.push(`reclaimReplay.kcompressd: ${ignored}; replaying mm's one thread`);
  return { config: config as unknown as Config, problems, deprecated };
}

/** The replay options the settings ask for (the rest is filled in by resolveOptions). */
export function optionsFromConfig(c: Config): Partial<ReplayOptions> {
  return {
    kcompressd: c.kcompressd, variant: c.variant, pressure: c.pressure, series: true, resolutionS: c.seriesResolution,
    ...(c.queueSize !== undefined ? { queue: c.queueSize } : {}),
    ...(c.profile ? { profile: c.profile } : {}),
    ...(c.cpus !== undefined ? { cpus: c.cpus } : {}),
  };
}
