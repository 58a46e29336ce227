// The one message protocol between the extension host and the webview (and the webview's persisted state).
// Both sides validate every incoming message with the guards below; anything that fails is dropped and logged.
import type { Figure, FidelityRow, KcompressdFigures, MeasuredAfterRow, ReplayOptions, ReplayResult, ScenarioFigures, SeriesSet, Validation, Verdict } from '../core/replay/types';
import { ALGORITHMS, PRESSURES, VARIANTS } from '../core/vocabulary';
import type { SweepAxes } from '../core/sweep/grid';
import type { SweepPoint } from '../core/sweep/point';
import type { CompareResult } from '../core/compare/types';
import { isWarningCode, SEVERITIES, WARNING_CODES, type Warning } from '../core/warnings';

/** The charts, in page order; ids become `chart-<id>` canvases. */
export const CHART_IDS = ['free', 'pgsteal', 'kswapd', 'kcompressd', 'stalls', 'zram'] as const;
export type ChartId = (typeof CHART_IDS)[number];

/** The options the view's controls (and hover links) may change; the host resolves them against the last run. */
export type RerunOptions = Partial<Pick<ReplayOptions, 'kcompressd' | 'queue' | 'variant' | 'cpus' | 'profile' | 'pressure'>>;

/** Where the kernel source beside the graphs came from, or which file the view would show. */
export type SourceInfo = { kind: 'shown'; path: string } | { kind: 'missing'; wanted: string };

export type HostMessage =
  | { type: 'result'; result: ReplayResult; source: SourceInfo }
  | { type: 'busy'; label: string }
  /** replacesResult: the failure concerns another capture, so the page drops the previous graphs. */
  | { type: 'error'; message: string; replacesResult?: boolean }
  | { type: 'saved'; path: string }
  | { type: 'sweepProgress'; done: number; total: number }
  /** A finished sweep, or `cancelled`/`error` instead of its points. */
  | { type: 'sweep'; sweep: SweepView }
  | { type: 'compare'; compare: CompareResult };

/** What the panel shows of a sweep. */
export interface SweepView {
  capture: string;
  points: SweepPoint[];
  elapsedMs: number;
  threads: number;
}

export type ExportRequest = { format: 'png'; chart: ChartId; dataUrl: string } | { format: 'csv' | 'json' | 'sweep-csv' };

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'status'; rendered: boolean; charts: number; points: number; firstPaintMs: number }
  | { type: 'rerun'; options: RerunOptions }
  | ({ type: 'export' } & ExportRequest)
  | { type: 'sweep'; axes: SweepAxes }
  | { type: 'cancelSweep' }
  /** Ask the host to pick a capture to compare with the one shown (or to open instead). */
  | { type: 'compareWith' }
  | { type: 'openCapture' };

/** What the webview keeps with setState, and what the panel serializer receives after a reload. */
export interface PanelState {
  capture: string;
  options: ReplayOptions;
  zoom?: [number, number];
}

// ---- guards ---------------------------------------------------------------------------------------------------

type Guard<T> = (v: unknown) => v is T;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number';
const isFiniteNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const oneOf = <T extends string>(values: readonly T[]): Guard<T> => (v): v is T => typeof v === 'string' && (values as readonly string[]).includes(v);
const arrayOf = <T>(g: Guard<T>): Guard<T[]> => (v): v is T[] => Array.isArray(v) && v.every(g);
const recordOf = <T>(g: Guard<T>): Guard<Record<string, T>> => (v): v is Record<string, T> => isObj(v) && Object.values(v).every(g);
const optional = <T>(g: Guard<T>): Guard<T | undefined> => (v): v is T | undefined => v === undefined || g(v);

/** Each listed key must pass its guard; other keys are allowed (additive contract fields stay compatible). */
function shape<T>(fields: { [K in keyof T]-?: Guard<T[K]> }): Guard<T> {
  return (v): v is T => isObj(v) && Object.entries(fields).every(([k, g]) => (g as Guard<unknown>)(v[k]));
}

const isFigure: Guard<Figure> = (v): v is Figure => isNum(v) || (isObj(v) && isStr(v.unavailable));
const isVariant = oneOf(VARIANTS);
const isPressure = oneOf(PRESSURES);
const isPositiveInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;
/** A warning record: a known code with its own severity, a location when given, a message. */
export const isWarning: Guard<Warning> = (v): v is Warning => shape<Warning>({
  code: isWarningCode, severity: oneOf(SEVERITIES), file: optional(isStr), line: optional(isPositiveInt), message: isStr,
})(v) && WARNING_CODES[v.code] === v.severity;

export const isReplayOptions: Guard<ReplayOptions> = shape<ReplayOptions>({
  kcompressd: isFiniteNum,
  queue: isFiniteNum,
  variant: isVariant,
  cpus: optional(isFiniteNum),
  profile: isStr,
  algorithm: optional(oneOf(ALGORITHMS)),
  compressShare: optional(isFiniteNum),
  pressure: isPressure,
  seed: isFiniteNum,
  series: isBool,
  resolutionS: optional(isFiniteNum),
  validate: optional(isStr),
});

const scenarioFields = {
  pgstealAnonPerS: isFigure,
  pgscanAnonPerS: isFigure,
  kswapdCpuPct: isFigure,
  allocstalls: isFigure,
  directReclaimMs: isFigure,
  zramRatio: isFigure,
  zramMemUsedMiB: isFigure,
  minFreeMiB: isFigure,
  reclaimerCpuPct: optional(isFigure),
  memcgReclaimMs: optional(isFigure),
  allocstallsPerGiB: optional(isFigure),
};
const isScenario = shape<ScenarioFigures>(scenarioFields);
const isKcompressd = shape<KcompressdFigures>({
  ...scenarioFields,
  fifoFullPct: isFigure,
  fallbackSyncPct: isFigure,
  workerBusyPct: arrayOf(isNum),
  workerPages: arrayOf(isNum),
  workerUsPerPage: arrayOf(isNum),
  workerReclaimMs: optional(arrayOf(isNum)),
  queuedPct: isFigure,
  fifoHighWater: isNum,
  workerFifoHighWater: optional(arrayOf(isNum)),
  fifoFullS: isNum,
  writebackRescans: isNum,
  speedupBound: optional(isNum),
  limitedBy: optional(arrayOf(isStr)),
});
const isFidelityRow = shape<FidelityRow>({
  observed: isNum, simulated: isNum, errorPct: isNum, errorS: optional(isNum), limitS: optional(isNum), basis: oneOf(['predicted', 'fitted', 'input'] as const),
  notExercised: optional(isBool), mark: optional(oneOf(['pass', 'miss'] as const)), why: optional(isStr),
  deviceZero: optional(isBool), fitFailed: optional(isBool), inputOff: optional(isBool), atLeast: optional(isBool), otherMoment: optional(isBool), wholeSpan: optional(isBool),
  followsDemand: optional(isBool),
});
const isMeasuredAfterRow = shape<MeasuredAfterRow>({
  predicted: isNum, measured: isNum, errorPct: isNum, deviceZero: optional(isBool), notExercised: optional(isBool), fitted: optional(isBool),
  notATest: optional(isStr),
});
const isSpan = (v: unknown): v is [number, number] => Array.isArray(v) && v.length === 2 && v.every(isFiniteNum);
const isValidation = shape<Validation>({
  mode: oneOf(['split', 'whole'] as const), calibrationS: optional(isSpan), compareS: isSpan, profileName: isStr, note: isStr,
});
const isOutcome = oneOf(['pass', 'miss', 'untested'] as const);
const isVerdict = shape<Verdict>({
  text: isStr, outcome: isOutcome,
  headline: optional(shape<NonNullable<Verdict['headline']>>({ outcome: isOutcome, rows: arrayOf(isStr) })),
  alsoOff: optional(arrayOf(isStr)),
  wholeWindow: optional(shape<NonNullable<Verdict['wholeWindow']>>({ spanS: isSpan, rows: arrayOf(isStr) })),
});
const isF64 = (v: unknown): v is Float64Array => v instanceof Float64Array;

export const isSeriesSet: Guard<SeriesSet> = (v): v is SeriesSet => {
  if (!isObj(v) || !isF64(v.t) || !isObj(v.baseline) || !isObj(v.kcompressd)) return false;
  const n = v.t.length;
  const sameLength = (r: Record<string, unknown>) => Object.values(r).every((s) => isF64(s) && s.length === n);
  return sameLength(v.baseline) && sameLength(v.kcompressd) && shape({ min: isNum, low: isNum, high: isNum })(v.watermarks)
    && (v.observed === undefined || (isObj(v.observed) && sameLength(v.observed)))
    && (v.measuredAfter === undefined || (isObj(v.measuredAfter) && sameLength(v.measuredAfter)))
    && optional(shape({ s: isFiniteNum, clock: oneOf(['mono', 'epoch', 'relative'] as const) }))(v.origin);
};

export const isReplayResult: Guard<ReplayResult> = shape<ReplayResult>({
  capture: isStr,
  options: isReplayOptions,
  profileName: isStr,
  baseline: isScenario,
  kcompressd: isKcompressd,
  window: optional(shape({ kind: oneOf(['capture', 'own'] as const), startS: isNum, endS: isNum, binsS: optional(isSpan) })),
  ownWindow: optional(shape({ baseline: isScenario, kcompressd: isKcompressd,
    spansS: optional(shape({ baseline: isSpan, kcompressd: isSpan })) })),
  speedup: recordOf(isNum),
  compressShare: isNum,
  fidelity: recordOf(isFidelityRow),
  validation: optional(isValidation),
  measured: optional(recordOf(isFigure)),
  headlineFidelity: optional(recordOf(isFidelityRow)),
  verdict: optional(isVerdict),
  warnings: arrayOf(isWarning),
  notes: optional(arrayOf(isStr)),
  series: optional(isSeriesSet),
  measuredAfter: optional(recordOf(isMeasuredAfterRow)),
  measuredAfterMissing: optional(arrayOf(isStr)),
  measuredAfterCapture: optional(isStr),
  cpus: optional(isNum),
  availability: optional(isNum),
  elapsedMs: isNum,
  runs: optional(arrayOf(oneOf(['today', 'kcompressd', 'validation'] as const))),
  simulatedS: isNum,
});

const isChartId = oneOf(CHART_IDS);
const isSourceInfo = (v: unknown): v is SourceInfo =>
  isObj(v) && ((v.kind === 'shown' && isStr(v.path)) || (v.kind === 'missing' && isStr(v.wanted)));

export const isRerunOptions: Guard<RerunOptions> = shape<RerunOptions>({
  kcompressd: optional(isPositiveInt),
  queue: optional(isPositiveInt),
  variant: optional(isVariant),
  cpus: optional(isPositiveInt),
  profile: optional((v): v is string => isStr(v) && v.length > 0),
  pressure: optional(isPressure),
});

export const isSweepAxes: Guard<SweepAxes> = shape<SweepAxes>({
  kcompressd: optional(arrayOf(isPositiveInt)),
  queue: optional(arrayOf(isPositiveInt)),
  cpus: optional(arrayOf(isPositiveInt)),
  algorithm: optional(arrayOf(oneOf(ALGORITHMS))),
  profile: optional(arrayOf((v): v is string => isStr(v) && v.length > 0 && !v.endsWith('.json'))),
  variant: optional(arrayOf(oneOf(VARIANTS))),
});
const isNumOrNull = (v: unknown): v is number | null => v === null || isFiniteNum(v);
const pair = shape<{ baseline: number | null; kcompressd: number | null }>({ baseline: isNumOrNull, kcompressd: isNumOrNull });
const isSweepPoint: Guard<SweepPoint> = shape<SweepPoint>({
  options: shape<SweepPoint['options']>({ kcompressd: isFiniteNum, queue: isFiniteNum, cpus: isNumOrNull, algorithm: isStr, profile: isStr, variant: isStr }),
  profileName: isStr,
  pgstealAnonPerS: pair,
  speedup: isNumOrNull,
  allocstalls: pair,
  allocstallChangePct: isNumOrNull,
  kswapdCpuPct: pair,
  workerBusyPct: shape<SweepPoint['workerBusyPct']>({ max: isFiniteNum, mean: isFiniteNum }),
  fallbackSyncPct: isNumOrNull,
  limit: oneOf(['cpu-bound', 'fifo-full', 'demand-bound', 'slower', 'not-engaged'] as const),
  why: isStr,
});
const isSweepView: Guard<SweepView> = shape<SweepView>({ capture: isStr, points: arrayOf(isSweepPoint), elapsedMs: isFiniteNum, threads: isFiniteNum });
const isCurveSide = shape<{ t: number[]; y: number[] }>({ t: arrayOf(isFiniteNum), y: arrayOf(isFiniteNum) });
const isCompareResult: Guard<CompareResult> = shape<CompareResult>({
  before: isStr,
  after: isStr,
  alignedAt: shape<CompareResult['alignedAt']>({ before: isNumOrNull, after: isNumOrNull }),
  rows: arrayOf(shape<CompareResult['rows'][number]>({ key: isStr as Guard<CompareResult['rows'][number]['key']>, label: isStr, before: isNumOrNull, after: isNumOrNull,
    changePct: isNumOrNull, predicted: optional(isNumOrNull), predictedChangePct: optional(isNumOrNull),
    na: optional(shape<NonNullable<CompareResult['rows'][number]['na']>>({ before: optional(isStr), after: optional(isStr) })) })),
  curves: arrayOf(shape<CompareResult['curves'][number]>({ metric: isStr, label: isStr, unit: isStr, before: isCurveSide, after: isCurveSide })),
  predictedBy: optional(isObj as Guard<CompareResult['predictedBy']>),
  predictionNotATest: optional(isStr),
  warnings: arrayOf(isWarning),
});

export function isHostMessage(v: unknown): v is HostMessage {
  if (!isObj(v)) return false;
  switch (v.type) {
    case 'result': return isReplayResult(v.result) && isSourceInfo(v.source);
    case 'busy': return isStr(v.label);
    case 'error': return isStr(v.message) && optional(isBool)(v.replacesResult);
    case 'saved': return isStr(v.path);
    case 'sweepProgress': return isFiniteNum(v.done) && isFiniteNum(v.total);
    case 'sweep': return isSweepView(v.sweep);
    case 'compare': return isCompareResult(v.compare);
    default: return false;
  }
}

export function isWebviewMessage(v: unknown): v is WebviewMessage {
  if (!isObj(v)) return false;
  switch (v.type) {
    case 'ready': return true;
    case 'status': return isBool(v.rendered) && isFiniteNum(v.charts) && isFiniteNum(v.points) && isFiniteNum(v.firstPaintMs);
    case 'rerun': return isRerunOptions(v.options);
    case 'sweep': return isSweepAxes(v.axes);
    case 'cancelSweep': case 'compareWith': case 'openCapture': return true;
    case 'export':
      if (v.format === 'csv' || v.format === 'json' || v.format === 'sweep-csv') return true;
      return v.format === 'png' && isChartId(v.chart) && isStr(v.dataUrl) && v.dataUrl.startsWith('data:image/png;base64,');
    default: return false;
  }
}

export const isPanelState: Guard<PanelState> = shape<PanelState>({
  capture: isStr,
  options: isReplayOptions,
  zoom: optional((v): v is [number, number] => Array.isArray(v) && v.length === 2 && v.every(isFiniteNum) && v[0] < v[1]),
});

/** A short description of a rejected message for the log (type and keys, never the payload). */
export function describeMessage(v: unknown): string {
  if (!isObj(v)) return typeof v;
  return `type=${JSON.stringify(v.type)} keys=${Object.keys(v).join(',')}`;
}
