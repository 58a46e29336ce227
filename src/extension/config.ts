// The `reclaimReplay.*` settings, read through one typed function (in the style of rust-analyzer's editors/code
// config): every value is checked, a bad one falls back to its default and is reported, never passed on.
import type { ReplayOptions, Variant, Pressure } from '../core/replay/types';

export interface Config {
  workers: number;
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
  workers: 4, queueSize: undefined, variant: 'v1', profile: undefined, cpus: undefined, pressure: 'capture',
  seriesResolution: 0.1, inlineHints: false,
};

type Read<T> = { ok: T } | { error: string };
type Reader<T> = (v: unknown) => Read<T>;

const positiveInt = (max: number): Reader<number> => (v) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= max ? { ok: v } : { error: `expected a whole number from 1 to ${max}` };
/** null, undefined and '' mean "not set". */
const optional = <T>(r: Reader<T>): Reader<T | undefined> => (v) => (v === null || v === undefined || v === '' ? { ok: undefined } : r(v));
const oneOf = <T extends string>(...values: T[]): Reader<T> => (v) =>
  typeof v === 'string' && (values as string[]).includes(v) ? { ok: v as T } : { error: `expected one of ${values.join(', ')}` };

const READERS: { [K in keyof Config]: Reader<Config[K]> } = {
  workers: positiveInt(64),
  queueSize: optional(positiveInt(1 << 20)),
  variant: oneOf<Variant>('v1', 'mm'),
  profile: optional((v) => (typeof v === 'string' ? { ok: v.trim() || undefined } : { error: 'expected a profile name or a JSON file path' })),
  cpus: optional(positiveInt(1024)),
  pressure: oneOf<Pressure>('capture', 'saturate'),
  seriesResolution: (v) => (typeof v === 'number' && v >= 0.01 && v <= 10 ? { ok: v } : { error: 'expected seconds between 0.01 and 10' }),
  inlineHints: (v) => (typeof v === 'boolean' ? { ok: v } : { error: 'expected true or false' }),
};

/** Reads every setting through `get` (a WorkspaceConfiguration's get, or a plain object in tests). */
export function readConfig(get: (key: string) => unknown): { config: Config; problems: string[] } {
  const config: Record<string, unknown> = { ...DEFAULTS };
  const problems: string[] = [];
  for (const key of Object.keys(READERS) as (keyof Config)[]) {
    const raw = get(key);
    if (raw === undefined) continue;
    const r = (READERS[key] as Reader<unknown>)(raw);
    if ('ok' in r) config[key] = r.ok;
    else problems.push(`reclaimReplay.${key}: ${r.error}; using ${JSON.stringify(DEFAULTS[key]) ?? 'the default'}`);
  }
  return { config: config as unknown as Config, problems };
}

/** The replay options the settings ask for (the rest is filled in by resolveOptions). */
export function optionsFromConfig(c: Config): Partial<ReplayOptions> {
  return {
    kcompressd: c.workers, variant: c.variant, pressure: c.pressure, series: true, resolutionS: c.seriesResolution,
    ...(c.queueSize !== undefined ? { queue: c.queueSize } : {}),
    ...(c.profile ? { profile: c.profile } : {}),
    ...(c.cpus !== undefined ? { cpus: c.cpus } : {}),
  };
}
