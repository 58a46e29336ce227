// CSV and JSON exports of a replay's series at full resolution (the charts only draw a decimated copy).
import type { ReplayResult } from '../core/replay/types';
import { designText } from '../core/vocabulary';
import { counted } from '../core/warnings';

const cpusText = (cpus: number | undefined): string => (cpus === undefined ? 'capture CPUs' : counted(cpus, 'CPU'));

const num = (v: number): string => (Number.isFinite(v) ? String(v) : '');
const whole = (v: number): string => (Number.isFinite(v) ? String(Math.round(v)) : '');

/** Series in pages (or pages per second, or events): whole numbers in the export. */
const PAGE_COUNTS = new Set(['freePages', 'pgstealAnonPerS', 'pgscanAnonPerS', 'fifoDepth', 'fifoDeepest', 'allocstalls']);

/** What an export says about itself: a title, the capture and the options it was replayed with. */
export function exportTitle(r: ReplayResult): { title: string; capture: string; options: string } {
  const o = r.options;
  return {
    title: 'Reclaim Replay: baseline vs kcompressd',
    capture: r.capture,
    options: `profile ${r.profileName} · ${o.variant} (${designText(o.variant, o.kcompressd, o.queue)}) · ${cpusText(o.cpus ?? r.cpus)} · ${o.algorithm ?? 'capture algorithm'} · ${o.pressure} pressure · seed ${o.seed}`,
  };
}

export function seriesToCsv(r: ReplayResult): string {
  const s = r.series;
  if (!s) throw new Error('this replay has no series (run it with series enabled)');
  const cols: [string, Float64Array, (v: number) => string][] = [['t_s', s.t, num]];
  for (const scenario of ['baseline', 'kcompressd', 'observed', 'measuredAfter'] as const) {
    for (const [name, a] of Object.entries(s[scenario] ?? {})) cols.push([`${scenario}.${name}`, a, PAGE_COUNTS.has(name) ? whole : num]);
  }
  const head = exportTitle(r);
  const lines = [`# ${head.title}`, `# capture: ${head.capture}`, `# options: ${head.options}`, cols.map(([h]) => h).join(',')];
  for (let i = 0; i < s.t.length; i++) lines.push(cols.map(([, a, f]) => f(a[i])).join(','));
  return lines.join('\n') + '\n';
}

export function seriesToJson(r: ReplayResult): string {
  const s = r.series;
  if (!s) throw new Error('this replay has no series (run it with series enabled)');
  const arr = (a: Float64Array) => Array.from(a, (v) => (Number.isFinite(v) ? v : null));
  const rec = (m: Record<string, Float64Array>) => Object.fromEntries(Object.entries(m).map(([k, a]) => [k, arr(a)]));
  return JSON.stringify({ title: exportTitle(r).title, capture: r.capture, options: r.options, profile: r.profileName, watermarks: s.watermarks, t: arr(s.t),
    baseline: rec(s.baseline), kcompressd: rec(s.kcompressd), observed: rec(s.observed ?? {}), ...(s.measuredAfter ? { measuredAfter: rec(s.measuredAfter) } : {}) });
}
