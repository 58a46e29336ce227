// Parsing of the re-run form's text fields into options the host accepts (pure, so it is unit-tested).
import type { RerunOptions } from '../src/shared/protocol';
import { intRangeError, isPressure, isVariant, RANGES } from '../src/core/vocabulary';

/** Parses the form; returns the options or the first problem, in the CLI's words for the same option (the
 *  vocabulary's ranges and message). Empty CPUs means "from the capture". */
export function readRerunForm(values: Record<'variant' | 'kcompressd' | 'queue' | 'cpus' | 'profile' | 'pressure', string>): RerunOptions | string {
  const out: RerunOptions = {};
  for (const [key, name] of [['kcompressd', 'kcompressd workers'], ['queue', 'queue size'], ['cpus', 'CPUs']] as const) {
    if (key === 'cpus' && values.cpus.trim() === '') continue;
    const n = Number(values[key].trim());
    const range = RANGES[key];
    if (!(Number.isInteger(n) && n >= range.min && n <= range.max)) return `${name}: ${intRangeError(range, JSON.stringify(values[key]))}`;
    out[key] = n;
  }
  if (!isVariant(values.variant)) return `unknown variant "${values.variant}"`;
  out.variant = values.variant;
  if (!isPressure(values.pressure)) return `unknown pressure "${values.pressure}"`;
  out.pressure = values.pressure;
  if (values.profile.trim() === '') return 'profile must not be empty';
  out.profile = values.profile.trim();
  return out;
}
