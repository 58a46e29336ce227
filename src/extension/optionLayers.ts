// How option choices combine: settings < remembered choices < this request (pure, unit-tested).
import type { ReplayOptions } from '../core/replay/types';
import type { RerunOptions } from '../shared/protocol';

const RERUN_KEYS = ['kcompressd', 'queue', 'variant', 'cpus', 'profile', 'pressure'] as const;

/** The part of some options that the prompts, the view and hover links may change. */
export const rerunPart = (o: Partial<ReplayOptions>): RerunOptions =>
  Object.fromEntries(RERUN_KEYS.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));

/** `change` over `base`; a variant change without a queue size takes the new variant's default queue. */
export function merge(base: Partial<ReplayOptions>, change: RerunOptions): Partial<ReplayOptions> {
  const out = { ...base, ...change };
  if (change.variant && change.variant !== base.variant && change.queue === undefined) delete out.queue;
  return out;
}
