// Replay option defaults and validation, shared by the CLI, the worker and the extension's settings.
import { OptionError } from '../errors';
import { MM_FIFO_SIZE } from '../model/kcompressdMm';
import { V1_DEFAULT_QUEUE, V1_DEFAULT_WORKERS } from '../model/kcompressdV1';
import type { Algorithm, Pressure, ReplayOptions, Variant } from './types';

/** `capture`: calibrate a profile on the capture being replayed (falls back to x86-vm when it cannot). */
export const DEFAULT_PROFILE = 'capture';

function int(name: string, v: unknown, lo: number, hi: number): number {
  if (!(typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi)) {
    throw new OptionError(name, `must be an integer ${lo}..${hi}, got ${String(v)}`);
  }
  return v;
}

function oneOf<T extends string>(name: string, v: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(v as T)) throw new OptionError(name, `must be one of ${allowed.join(', ')}, got ${String(v)}`);
  return v as T;
}

/** Fills defaults and rejects out-of-range values (OptionError names the option as the CLI spells it). */
export function resolveOptions(p: Partial<ReplayOptions> = {}): ReplayOptions {
  const variant = oneOf<Variant>('--variant', p.variant ?? 'v1', ['v1', 'mm']);
  const o: ReplayOptions = {
    kcompressd: int('--kcompressd', p.kcompressd ?? V1_DEFAULT_WORKERS, 1, 64),
    queue: int('--queue', p.queue ?? (variant === 'mm' ? MM_FIFO_SIZE : V1_DEFAULT_QUEUE), 1, 1 << 20),
    variant,
    profile: p.profile ?? DEFAULT_PROFILE,
    algorithm: oneOf<Algorithm>('--algorithm', p.algorithm ?? 'lz4', ['lz4', 'lzo-rle']),
    pressure: oneOf<Pressure>('--pressure', p.pressure ?? 'capture', ['capture', 'saturate']),
    seed: int('--seed', p.seed ?? 1, 0, 2 ** 32 - 1),
    series: p.series ?? false,
  };
  if (typeof o.profile !== 'string' || o.profile === '') throw new OptionError('--profile', 'must name a built-in profile or a JSON file');
  if (typeof o.series !== 'boolean') throw new OptionError('--series', 'must be true or false');
  if (p.cpus !== undefined) o.cpus = int('--cpus', p.cpus, 1, 1024);
  if (p.compressShare !== undefined) {
    const f = p.compressShare;
    if (!(typeof f === 'number' && f >= 0 && f < 1)) throw new OptionError('--compress-share', `must be a number in [0, 1), got ${String(f)}`);
    o.compressShare = f;
  }
  if (p.resolutionS !== undefined) {
    const r = p.resolutionS;
    if (!(typeof r === 'number' && r >= 0.01 && r <= 10)) throw new OptionError('--resolution', `must be 0.01..10 s, got ${String(r)}`);
    o.resolutionS = r;
  }
  return o;
}
