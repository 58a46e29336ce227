// CSV and JSON exports of a replay's series at full resolution (the charts only draw a decimated copy).
import type { ReplayResult } from '../core/replay/types';

const num = (v: number): string => (Number.isFinite(v) ? String(v) : '');

export function seriesToCsv(r: ReplayResult): string {
  const s = r.series;
  if (!s) throw new Error('this replay has no series (run it with series enabled)');
  const cols: [string, Float64Array][] = [['t_s', s.t]];
  for (const scenario of ['baseline', 'kcompressd', 'observed'] as const) {
    for (const [name, a] of Object.entries(s[scenario] ?? {})) cols.push([`${scenario}.${name}`, a]);
  }
  const lines = [cols.map(([h]) => h).join(',')];
  for (let i = 0; i < s.t.length; i++) lines.push(cols.map(([, a]) => num(a[i])).join(','));
  return lines.join('\n') + '\n';
}

export function seriesToJson(r: ReplayResult): string {
  const s = r.series;
  if (!s) throw new Error('this replay has no series (run it with series enabled)');
  const arr = (a: Float64Array) => Array.from(a, (v) => (Number.isFinite(v) ? v : null));
  const rec = (m: Record<string, Float64Array>) => Object.fromEntries(Object.entries(m).map(([k, a]) => [k, arr(a)]));
  return JSON.stringify({ capture: r.capture, options: r.options, watermarks: s.watermarks, t: arr(s.t),
    baseline: rec(s.baseline), kcompressd: rec(s.kcompressd), observed: rec(s.observed ?? {}) });
}
