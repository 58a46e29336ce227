// Two real captures side by side (before/after a kernel change): the figures each measured over its own reclaim
// window with the change, and the measured curves on one time base, aligned at each capture's reclaim start.
import { notATest, pairWarnings } from './pairChecks';
import { analyzeCapture } from '../analysis/figures';
import { measuredHeadline } from '../replay/fidelity';
import { column, samplePeriod } from '../analysis/series';
import type { CaptureFigures } from '../analysis/types';
import type { Capture } from '../capture/types';
import type { Figure, ReplayResult, ScenarioFigures } from '../replay/types';
import type { CompareCurve, CompareResult, CompareRow } from './types';
import { captureWarnings, warning } from '../warnings';

export type { CompareCurve, CompareResult, CompareRow } from './types';

const PAGE = 4096;
const MiB = 1 << 20;
const r = (v: number | null | undefined, digits = 1): number | null =>
  v === null || v === undefined || !Number.isFinite(v) ? null : Math.round(v * 10 ** digits) / 10 ** digits;

/** What a capture measured, keyed like the replay's figures. The reclaimer's CPU and the reclaim slices are the
 *  replay's measured headline's, the very figures `replay` prints: over the reclaim window, 0 ms from a trace that
 *  covers the window and has no slice of that kind, null (n/a) only when no trace with vmscan events covers it. */
function measured(c: Capture, f: CaptureFigures): { values: Partial<Record<keyof ScenarioFigures, number | null>>; why: (k: keyof ScenarioFigures) => string } {
  const rate = (k: string) => f.rates[k] ?? null;
  const span = f.window;
  const stalls = f.rates.allocstall === undefined || !span ? null : Math.round(f.rates.allocstall * span.durationS);
  const head = measuredHeadline(c, f);
  const fig = (k: keyof ScenarioFigures, digits = 1) => (typeof head[k] === 'number' ? r(head[k] as number, digits) : null);
  // An n/a's reason is the measured headline's, the one replay prints under its table.
  const why = (k: keyof ScenarioFigures) => {
    const h = head[k];
    return h !== undefined && typeof h !== 'number' ? h.unavailable : span ? 'not measured in the capture' : 'no reclaim seen in the capture (no reclaim window)';
  };
  return {
    values: {
      pgstealAnonPerS: r(rate('pgsteal_anon')),
      pgscanAnonPerS: r(rate('pgscan_anon')),
      kswapdCpuPct: r(f.kswapd.cpuPct),
      reclaimerCpuPct: fig('reclaimerCpuPct'),
      allocstalls: stalls,
      directReclaimMs: fig('directReclaimMs', 0),
      memcgReclaimMs: fig('memcgReclaimMs', 0),
      zramRatio: r(f.zram?.ratio, 3),
      zramMemUsedMiB: r(f.zram?.memUsedMiB),
      minFreeMiB: f.minFreeMiB,
    },
    why,
  };
}

const ROWS: [keyof ScenarioFigures, string][] = [
  ['pgstealAnonPerS', 'pgsteal_anon/s'], ['pgscanAnonPerS', 'pgscan_anon/s'], ['kswapdCpuPct', 'kswapd CPU %'],
  ['reclaimerCpuPct', 'reclaimer CPU %'], ['allocstalls', 'allocstalls'], ['directReclaimMs', 'direct reclaim ms'],
  ['memcgReclaimMs', 'memcg reclaim ms'], ['zramRatio', 'zram ratio'], ['zramMemUsedMiB', 'zram mem_used MiB'], ['minFreeMiB', 'min free MiB'],
];

/** Rows shown n/a on both sides when either capture traced its reclaim (vmscan events): who reclaims is the question. */
const RECLAIM_ROWS = new Set<keyof ScenarioFigures>(['reclaimerCpuPct', 'directReclaimMs', 'memcgReclaimMs']);

/** Whether the capture's trace had the vmscan tracepoints on (its reclaim slices are measured). */
const tracedReclaim = (c: Capture) => Object.keys(c.trace?.events ?? {}).some((e) => e.startsWith('mm_vmscan_'));

/** Δcounter/Δt over about one second of samples, at the end time of each step. */
function rateCurve(c: Capture, key: string, t0: number): { t: number[]; y: number[] } {
  const s = c.vmstat;
  const col = s && column(s, key);
  if (!s || !col || s.times.length < 2) return { t: [], y: [] };
  const step = Math.max(1, Math.round(1 / samplePeriod(s)));
  const t: number[] = [];
  const y: number[] = [];
  for (let i = step; i < s.times.length; i += step) {
    const dt = s.times[i] - s.times[i - step];
    const v = (col[i] - col[i - step]) / dt;
    if (dt > 0 && Number.isFinite(v) && v >= 0) {
      t.push(Math.round((s.times[i] - t0) * 1000) / 1000);
      y.push(Math.round(v));
    }
  }
  return { t, y };
}

function gaugeCurve(c: Capture, key: string, t0: number, scale: number): { t: number[]; y: number[] } {
  const s = c.vmstat;
  const col = s?.columns.get(key);
  if (!s || !col) return { t: [], y: [] };
  const t: number[] = [];
  const y: number[] = [];
  col.forEach((v, i) => {
    if (!Number.isFinite(v)) return;
    t.push(Math.round((s.times[i] - t0) * 1000) / 1000);
    y.push(Math.round(v * scale));
  });
  return { t, y };
}

/** The reclaim start, else the first sample, on the capture's clock. */
const startOf = (c: Capture, f: CaptureFigures): number => f.window?.startS ?? c.vmstat?.times[0] ?? 0;

export function compareCaptures(before: Capture, after: Capture): CompareResult {
  const fb = analyzeCapture(before);
  const fa = analyzeCapture(after);
  const mb = measured(before, fb);
  const ma = measured(after, fa);
  const traced = tracedReclaim(before) || tracedReclaim(after);
  const rows: CompareRow[] = ROWS.map(([key, label]) => {
    const b = mb.values[key] ?? null;
    const a = ma.values[key] ?? null;
    const na = { ...(b === null && { before: mb.why(key) }), ...(a === null && { after: ma.why(key) }) };
    return { key, label, before: b, after: a, changePct: b !== null && a !== null && b !== 0 ? r(((a - b) / b) * 100) : null, ...((b === null || a === null) && { na }) };
  }).filter((row) => row.before !== null || row.after !== null || (traced && RECLAIM_ROWS.has(row.key)));
  const tb = startOf(before, fb);
  const ta = startOf(after, fa);
  const curves: CompareCurve[] = [
    { metric: 'pgstealAnonPerS', label: 'pgsteal_anon/s', unit: 'pages/s', before: rateCurve(before, 'pgsteal_anon', tb), after: rateCurve(after, 'pgsteal_anon', ta) },
    { metric: 'freeMiB', label: 'free memory', unit: 'MiB', before: gaugeCurve(before, 'nr_free_pages', tb, PAGE / MiB), after: gaugeCurve(after, 'nr_free_pages', ta, PAGE / MiB) },
  ].filter((c) => c.before.t.length > 0 || c.after.t.length > 0);
  // Both captures' own warnings (lost events, damaged rows, a trace that stops early…) at their files.
  const warnings = [
    ...captureWarnings(fb.warnings, before.root, 'before'),
    ...(fb.window ? [] : [warning('compare.no-reclaim', 'no reclaim seen; its curves start at its first sample', before.root)]),
    ...captureWarnings(fa.warnings, after.root, 'after'),
    ...(fa.window ? [] : [warning('compare.no-reclaim', 'no reclaim seen; its curves start at its first sample', after.root)]),
    ...pairWarnings(before, after),
  ];
  const untested = notATest(after, before);
  return { before: before.root, after: after.root, alignedAt: { before: fb.window?.startS ?? null, after: fa.window?.startS ?? null }, rows, curves, warnings,
    ...(untested && { predictionNotATest: untested }) };
}

const num = (f: Figure | undefined): number | null => (typeof f === 'number' && Number.isFinite(f) ? f : null);

/** Adds a replay of BEFORE's prediction beside the measured AFTER: its own kcompressd figures (replay's, not
 *  recomputed) and its change from its today's kernel. */
export function withPrediction(c: CompareResult, replayOfBefore: ReplayResult): CompareResult {
  const k = replayOfBefore.kcompressd;
  const o = replayOfBefore.options;
  return {
    ...c,
    rows: c.rows.map((row) => {
      const [b, kc] = [num(replayOfBefore.baseline[row.key]), num(k[row.key])];
      return { ...row, predicted: kc, predictedChangePct: b === null || kc === null || b === 0 ? null : r(((kc - b) / b) * 100) };
    }),
    predictedBy: { capture: replayOfBefore.capture, variant: o.variant, kcompressd: o.kcompressd, queue: o.queue, profile: replayOfBefore.profileName },
    // The replay's own warnings (a calibration that fell back, a capped share…); the before capture's are already in.
    warnings: [...c.warnings, ...captureWarnings(replayOfBefore.warnings, replayOfBefore.capture, 'prediction')
      .filter((w) => !c.warnings.some((x) => x.code === w.code && x.file === w.file && x.line === w.line))],
  };
}
