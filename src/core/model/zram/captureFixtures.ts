// Test helper: the real captures beside the repository (<repo>/../shared/captures), read only by golden tests.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CAPTURES_DIR = resolve(__dirname, '../../../..', '../shared/captures');

/** calib/calib_results.tsv as rows keyed by column name, or null when the captures are absent. */
export function readCalibRows(): Record<string, string>[] | null {
  const file = join(CAPTURES_DIR, 'calib', 'calib_results.tsv');
  if (!existsSync(file)) return null;
  const [head, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const cols = head.split('\t');
  return lines.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [cols[i], v])));
}

/** A capture's summary.json (tools/analyze.py output), or null when absent. */
export function readSummary(capture: string): Record<string, any> | null {
  const file = join(CAPTURES_DIR, capture, 'summary.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}
