// Parsing of the re-run form's text fields into options the host accepts (pure, so it is unit-tested).
import type { RerunOptions } from '../src/shared/protocol';
import { isPressure, isVariant } from '../src/core/vocabulary';

/** Parses the form; returns the options or the first problem. Empty CPUs means "from the capture". */
export function readRerunForm(values: Record<'variant' | 'workers' | 'queue' | 'cpus' | 'profile' | 'pressure', string>): RerunOptions | string {
  const out: RerunOptions = {};
  const int = (name: string, s: string): number | string => {
    const n = Number(s.trim());
    return Number.isInteger(n) && n > 0 ? n : `${name} must be a whole number above 0 (got "${s}")`;
  };
  for (const [key, name] of [['workers', 'workers'], ['queue', 'queue size'], ['cpus', 'CPUs']] as const) {
    if (key === 'cpus' && values.cpus.trim() === '') continue;
    const n = int(name, values[key]);
    if (typeof n === 'string') return n;
    if (key === 'workers') out.kcompressd = n;
    else if (key === 'queue') out.queue = n;
    else out.cpus = n;
  }
  if (!isVariant(values.variant)) return `unknown variant "${values.variant}"`;
  out.variant = values.variant;
  if (!isPressure(values.pressure)) return `unknown pressure "${values.pressure}"`;
  out.pressure = values.pressure;
  if (values.profile.trim() === '') return 'profile must not be empty';
  out.profile = values.profile.trim();
  return out;
}
