// The replay's answer as rows and lines, in one place: the before/after table (measured, simulated today, simulated
// kcompressd, ×, error %), why a cell is n/a, and the kcompressd section (FIFO, -EBUSY fallback, the speed-up bound and
// what limited it). The CLI prints it as text, the HTML report and the panel as markup (summaryMarkup.ts), so the
// three say the same thing (trial13 F1: the report showed the tiles without the table they summarise).
import type { Figure, ReplayResult, ScenarioFigures } from '../core/replay/types';
import type { CompareResult } from '../core/compare/types';
import { counted } from '../core/warnings';
import { msText } from '../core/numberText';
import { errorCell, headlineBasisNote, markOf } from './fidelity';
import { rowDigits } from './figureDigits';

/** A figure with its unit; an unavailable one says why, with no unit after the reason. */
export const figureText = (f: Figure | undefined, digits = 1, unit = ''): string =>
  f === undefined ? '' : typeof f === 'number' ? f.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) + unit : `n/a (${f.unavailable})`;

/** The headline table's rows, in order, with their labels. */
export const SUMMARY_ROWS: [keyof ScenarioFigures, string][] = [
  ['pgstealAnonPerS', 'pgsteal_anon/s'], ['pgscanAnonPerS', 'pgscan_anon/s'], ['kswapdCpuPct', 'kswapd CPU %'],
  ['reclaimerCpuPct', 'reclaimer CPU %'], ['allocstalls', 'allocstalls'], ['allocstallsPerGiB', 'allocstalls/GiB'], ['directReclaimMs', 'direct reclaim ms'],
  ['memcgReclaimMs', 'memcg reclaim ms'], ['zramRatio', 'zram ratio'], ['zramMemUsedMiB', 'zram mem_used MiB'],
  ['minFreeMiB', 'min free MiB'],
];

export const SUMMARY_HEADERS = ['figure', 'measured', 'simulated today', 'simulated kcompressd', '×'];

export interface SummaryRow {
  key: keyof ScenarioFigures;
  label: string;
  /** Cells as printed: the row's digits, "n/a" for an unavailable figure (its reason in measuredNa/simulatedNa). */
  measured: string;
  today: string;
  kcompressd: string;
  /** simulated kcompressd ÷ simulated today, 2 decimals; '' when it cannot be formed. */
  times: string;
  /** Simulated today against measured, graded as the fidelity table grades (headlineFidelity); absent when ungraded. */
  graded?: { error: string; mark: string };
}

export interface ReplaySummary {
  rows: SummaryRow[];
  /** Which span the figures cover, and what × is. */
  caption: string;
  /** What the error column is graded as; undefined without one. */
  basisNote?: string;
  /** "label: why" for each measured n/a. */
  measuredNa: string[];
  /** "label (today|kcompressd|both): why" for each simulated n/a. */
  simulatedNa: string[];
  /** What the reclaimer CPU % sums, when a figure of it passes one core. */
  cpuNote?: string;
}

/** "label: why" for each unavailable figure of `rows` (the measured n/a list replay and compare print). */
export function naReasons(rows: readonly [string, Figure | undefined][]): string[] {
  return rows.filter((x): x is [string, { unavailable: string }] => x[1] !== undefined && typeof x[1] !== 'number').map(([label, f]) => `${label}: ${f.unavailable}`);
}

/** One row's n/a reasons over two columns, "label (column): why" — once, as "(both)", when the two give the same:
 *  the replay's simulated today/kcompressd, compare's measured before/after. */
export function pairNa(label: string, a: Figure | undefined, b: Figure | undefined, columns: readonly [string, string]): string[] {
  const why = (f: Figure | undefined) => (f !== undefined && typeof f !== 'number' ? f.unavailable : undefined);
  const [x, y] = [why(a), why(b)];
  if (x !== undefined && x === y) return [`${label} (both): ${x}`];
  return [[x, columns[0]], [y, columns[1]]].filter(([w]) => w !== undefined).map(([w, col]) => `${label} (${col}): ${w}`);
}

/** compare's "measured n/a" lines: why a before or after cell is n/a, as replay says it under its table. */
export function compareMeasuredNa(c: Pick<CompareResult, 'rows'>): string[] {
  const na = (why: string | undefined): Figure | undefined => (why === undefined ? undefined : { unavailable: why });
  return c.rows.flatMap((row) => pairNa(row.label, na(row.na?.before), na(row.na?.after), ['before', 'after']));
}

/** Which span the headline figures cover, and how it relates to the fidelity table's. */
export function spanOf(r: ReplayResult): string {
  const w = r.window;
  if (!w) return 'figures over each scenario\'s run';
  const s = (a: number, b: number) => `${a.toFixed(1)}–${b.toFixed(1)} s`;
  // The simulated columns sum whole bins: when those round the window out, say over which span (trial12 #3: B's
  // 14,848 pages/s over 5.0–63.2 s beside 14,874 over its own swap-out window 5.0–63.1 s).
  const b = w.binsS;
  const bins = b && (Math.abs(b[0] - w.startS) >= 0.05 || Math.abs(b[1] - w.endS) >= 0.05) ? `, simulated over the model's whole bins ${s(b[0], b[1])}` : '';
  const own = w.kind === 'capture' ? `figures over the capture's reclaim window ${s(w.startS, w.endS)}${bins}` : `figures over each scenario's run ${s(w.startS, w.endS)}`;
  const c = r.validation?.compareS;
  if (!c) return own;
  const same = Math.abs(c[0] - w.startS) < 0.05 && Math.abs(c[1] - w.endS) < 0.05;
  return same ? `${own}, the fidelity table's span` : `${own} (the fidelity table compares ${s(c[0], c[1])})`;
}

/** The before/after table of a replay with its notes. */
export function replaySummary(r: ReplayResult): ReplaySummary {
  const graded = r.headlineFidelity ?? {};
  const rows = SUMMARY_ROWS.map(([key, label]): SummaryRow => {
    const s = r.speedup[key];
    const [m, today, kc] = [r.measured?.[key], r.baseline[key], r.kcompressd[key]];
    const digits = rowDigits(key, [m, today, kc])!;
    // A reason is too long for a cell: 'n/a' there, the reason under the table.
    const cell = (f: Figure | undefined) => (f !== undefined && typeof f !== 'number' ? 'n/a' : figureText(f, digits));
    // Today against measured, marked as the fidelity table marks a row (trial5: A's min free −22.5 % had no mark).
    const g = graded[key];
    return { key, label, measured: cell(m), today: cell(today), kcompressd: cell(kc), times: s === undefined ? '' : s.toFixed(2),
      ...(g && { graded: { error: errorCell(g, key), mark: markOf(g) } }) };
  });
  const cpu = [r.baseline.reclaimerCpuPct, r.kcompressd.reclaimerCpuPct, r.measured?.reclaimerCpuPct];
  const cpuNote = cpu.some((x) => typeof x === 'number' && x > 100)
    ? `reclaimer CPU %: % of one CPU, summed over kswapd${r.kcompressd.workerBusyPct.length ? ', the kcompressd workers' : ''} and the tasks in direct/memcg reclaim (${r.cpus === undefined ? '? CPUs' : counted(r.cpus, 'CPU')})`
    : undefined;
  return {
    rows, caption: `${spanOf(r)}; × is simulated kcompressd ÷ simulated today`, basisNote: headlineBasisNote(r),
    measuredNa: naReasons(SUMMARY_ROWS.map(([k, label]) => [label, r.measured?.[k]])),
    simulatedNa: SUMMARY_ROWS.flatMap(([k, label]) => pairNa(label, r.baseline[k], r.kcompressd[k], ['today', 'kcompressd'])),
    cpuNote,
  };
}

/** The deepest single FIFO against its size (each worker has its own); results without per-worker figures give the sum. */
function fifoHighWater(k: ReplayResult['kcompressd'], queue: number): string {
  const w = k.workerFifoHighWater;
  return w?.length ? `deepest worker FIFO ${figureText(Math.max(...w), 0)} of ${figureText(queue, 0)}` : `FIFO high water ${figureText(k.fifoHighWater, 0)} summed over the workers`;
}

export interface KcompressdSection {
  /** Queued, -EBUSY fallback, FIFOs full and high water, pages freed on a later scan: whole-replay totals. */
  totals: string;
  /** Each worker's busy %, pages and µs per page over the headline's window. */
  workers: string;
  /** "speed-up bound 1/(1 − share) = x; limited by:" when a bound applies. */
  bound?: string;
  /** What limited the speed-up, or why no bound applies (e.g. kcompressd never engaged). */
  limitedBy: string[];
  /** The two scenarios' pgsteal_anon/s over their own swap-out windows. */
  ownWindow?: string;
}

/** The kcompressd scenario's own figures: what the FIFO did, what each worker did, and what bounded the speed-up. */
export function kcompressdSection(r: ReplayResult): KcompressdSection {
  const k = r.kcompressd;
  // The FIFO, fallback and worker-reclaim counts are whole-replay totals; each worker's busy %, pages and µs per page
  // are over the headline's window, one span for the three (trial5: busy 0.0 % beside 16,171 whole-replay pages).
  const list = (xs: number[], digits?: number) => xs.map((x) => figureText(x, digits)).join(' / ');
  const reclaimMs = k.workerReclaimMs ?? [];
  const totals = `kcompressd, over the whole replay (0–${r.simulatedS.toFixed(1)} s): queued ${figureText(k.queuedPct, 1, ' %')}, -EBUSY fallback ${figureText(k.fallbackSyncPct, 1, ' %')}, all FIFOs full ${figureText(k.fifoFullPct, 1, ' %')} of the time,`
    + ` ${fifoHighWater(k, r.options.queue)}, pages freed on a later scan ${k.writebackRescans.toLocaleString('en-US')}`
    + (reclaimMs.some((x) => x > 0) ? `, workers' own direct reclaim (GFP_NOIO after zram writestalls) ms ${reclaimMs.map(msText).join(' / ')}` : '');
  const workers = `workers over the headline's window${r.window ? ` (${r.window.startS.toFixed(1)}–${r.window.endS.toFixed(1)} s)` : ''}: busy % ${list(k.workerBusyPct)}; pages compressed ${list(k.workerPages, 0)};`
    + ` compression µs per page ${k.workerUsPerPage.map((x, i) => ((k.workerPages[i] ?? 0) > 0 ? figureText(x) : 'idle')).join(' / ')}`;
  let ownWindow: string | undefined;
  if (r.ownWindow) {
    const s = r.ownWindow.spansS;
    const span = (x: [number, number]) => `${x[0].toFixed(1)}–${x[1].toFixed(1)} s`;
    // Three ratios sit in this block; say which one is the prediction (trial5 #13).
    ownWindow = `over their own swap-out windows${s ? ` (${span(s.baseline)} and ${span(s.kcompressd)})` : ''}: pgsteal_anon/s ${figureText(r.ownWindow.baseline.pgstealAnonPerS, 0)} → ${figureText(r.ownWindow.kcompressd.pgstealAnonPerS, 0)}`
      + ' (how fast each swaps out while it does; the prediction is the headline\'s × over the capture\'s window, the bound above is Amdahl\'s ceiling on it)';
  }
  return { totals, workers, ...(k.speedupBound !== undefined && { bound: `speed-up bound 1/(1 − share) = ${k.speedupBound}; limited by:` }), limitedBy: k.limitedBy ?? [], ...(ownWindow && { ownWindow }) };
}

/** The replay's text table and kcompressd section, as `replay` prints them. */
export function summaryText(r: ReplayResult, measuredAfter?: string): string[] {
  const t = replaySummary(r);
  const gradedHead = Object.keys(r.headlineFidelity ?? {}).length > 0 ? ` ${'error %'.padStart(14)}` : '';
  const out = [`  ${'figure'.padEnd(20)} ${'measured'.padStart(12)} ${'simulated today'.padStart(16)} ${'simulated kcompressd'.padStart(21)} ${'× '.padStart(8)}${gradedHead}`];
  for (const x of t.rows) {
    const vs = x.graded ? ` ${x.graded.error.padStart(14)}  ${x.graded.mark}` : '';
    out.push(`  ${x.label.padEnd(20)} ${x.measured.padStart(12)} ${x.today.padStart(16)} ${x.kcompressd.padStart(21)} ${x.times.padStart(8)}${vs}`.trimEnd());
  }
  out.push(`  ${t.caption}`);
  if (t.basisNote) out.push(`  ${t.basisNote}`);
  if (t.measuredNa.length > 0) out.push('  measured n/a:', ...t.measuredNa.map((l) => `    ${l}`));
  if (t.simulatedNa.length > 0) out.push('  simulated n/a:', ...t.simulatedNa.map((l) => `    ${l}`));
  if (t.cpuNote) out.push(`  ${t.cpuNote}`);
  if (measuredAfter) out.push('', measuredAfter);
  const k = kcompressdSection(r);
  out.push('', k.totals, `  ${k.workers}`);
  if (k.bound) out.push(`  ${k.bound}`, ...k.limitedBy.map((l) => `    ${l}`));
  else out.push(...k.limitedBy.map((l) => `  ${l}`));
  if (k.ownWindow) out.push(`  ${k.ownWindow}`);
  return out;
}
