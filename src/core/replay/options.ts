// Replay option defaults and validation, shared by the CLI, the worker and the extension's settings.
import { OptionError } from '../errors';
import { ALGORITHMS, DEFAULTS, PRESSURES, RANGES, VARIANTS, compressShareError, defaultQueue, intRangeError, isCompressShare, type IntRange } from '../vocabulary';
import type { ReplayOptions } from './types';

export { DEFAULT_PROFILE } from '../vocabulary';

function int(name: string, v: unknown, range: IntRange): number {
  if (!(typeof v === 'number' && Number.isInteger(v) && v >= range.min && v <= range.max)) throw new OptionError(name, intRangeError(range, v));
  return v;
}

function oneOf<T extends string>(name: string, v: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(v as T)) throw new OptionError(name, `must be one of ${allowed.join(', ')}, got ${String(v)}`);
  return v as T;
}

/** Fills defaults and rejects out-of-range values (OptionError names the option as the CLI spells it). */
export function resolveOptions(p: Partial<ReplayOptions> = {}): ReplayOptions {
  const variant = oneOf('--variant', p.variant ?? DEFAULTS.variant, VARIANTS);
  const o: ReplayOptions = {
    kcompressd: int('--kcompressd', p.kcompressd ?? DEFAULTS.kcompressd, RANGES.kcompressd),
    queue: int('--queue', p.queue ?? defaultQueue(variant), RANGES.queue),
    variant,
    profile: p.profile ?? DEFAULTS.profile,
    pressure: oneOf('--pressure', p.pressure ?? DEFAULTS.pressure, PRESSURES),
    seed: int('--seed', p.seed ?? DEFAULTS.seed, RANGES.seed),
    series: p.series ?? false,
  };
  // No algorithm given: the replay uses the capture's own comp_algorithm.
  if (p.algorithm !== undefined) o.algorithm = oneOf('--algorithm', p.algorithm, ALGORITHMS);
  if (typeof o.profile !== 'string' || o.profile === '') throw new OptionError('--profile', 'must name a built-in profile or a JSON file');
  if (typeof o.series !== 'boolean') throw new OptionError('--series', 'must be true or false');
  if (p.validate !== undefined) {
    if (typeof p.validate !== 'string' || p.validate === '') throw new OptionError('--validate', 'must be split, none, or a profile name or JSON file');
    o.validate = p.validate;
  }
  if (p.cpus !== undefined) o.cpus = int('--cpus', p.cpus, RANGES.cpus);
  if (p.compressShare !== undefined) {
    const f = p.compressShare;
    if (!isCompressShare(f)) throw new OptionError('--compress-share', compressShareError(f));
    o.compressShare = f;
  }
  if (p.resolutionS !== undefined) {
    const r = p.resolutionS;
    const { min, max } = RANGES.resolutionS;
    if (!(typeof r === 'number' && r >= min && r <= max)) throw new OptionError('--resolution', `must be ${min}..${max} s, got ${String(r)}`);
    o.resolutionS = r;
  }
  return o;
}
