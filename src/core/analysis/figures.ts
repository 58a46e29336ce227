// The figures of a capture (the `parse --json` object), computed as captures/README §5 / tools/analyze.py define them.
import type { Capture, SnapshotSeries } from '../capture/types';
import { kswapdCpu } from './kswapdCpu';
import { pcpLists } from './pcpLists';
import { kswapdIpisOver } from './tlbIpis';
import { RATE_KEYS, windowRates } from './rates';
import { counterDelta, minValue, nearestIndex } from './series';
import { sliceStats } from './slices';
import type { CaptureFigures } from './types';
import { traceCoverage, traceCoverageWarnings } from './traceCoverage';
import { kswapdWakesSleeps } from './timeline';
import { reclaimWindow } from './window';
import { zramFigures } from './zramFigures';
import { warning } from '../warnings';

const PAGE = 4096;
const MiB = 1 << 20;

/** Lowest free memory (MiB, unrounded: a small guest's few MiB keep their fraction) over the whole capture, or over
 *  the samples in `span` (capture clock, seconds). */
export function lowestFreeMiB(c: Capture, span?: { startS: number; endS: number }): number | null {
  const min = (s: SnapshotSeries, key: string) => minValue(s, key, span?.startS, span?.endS);
  const pages = c.vmstat ? min(c.vmstat, 'nr_free_pages') : NaN;
  if (Number.isFinite(pages)) return (pages * PAGE) / MiB;
  const kb = c.meminfo ? min(c.meminfo, 'MemFree') : NaN;
  if (Number.isFinite(kb)) return kb / 1024;
  const vmstatKb = c.vmstatOutput ? min(c.vmstatOutput, 'free') : NaN; // `vmstat` prints KiB (kept so under -S)
  return Number.isFinite(vmstatKb) ? vmstatKb / 1024 : null;
}

/** `parse`'s min free: lowestFreeMiB to 0.1 MiB, as the replay's headline and fidelity table give it. */
export function minFreeMiB(c: Capture, span?: { startS: number; endS: number }): number | null {
  const mib = lowestFreeMiB(c, span);
  return mib === null ? null : Math.round(mib * 10) / 10;
}

/** min free over the reclaim window, as the rates beside it and the replay's headline (trial13 #3: K's 4,261.4 MiB was
 *  at 20.9 s, before its 21.4–58.1 s window, where the replay measured 4,600.3), and the whole capture's when lower. */
function minFreeFigures(c: Capture, w: { startS: number; endS: number } | null): Pick<CaptureFigures, 'minFreeMiB' | 'minFreeWholeMiB'> {
  const whole = minFreeMiB(c);
  const inWindow = w ? minFreeMiB(c, w) : whole;
  return { minFreeMiB: inWindow, ...(whole !== null && inWindow !== null && whole < inWindow ? { minFreeWholeMiB: whole } : {}) };
}

/** The capture's zones with their watermarks, and each one's free pages at the end where an end snapshot has it. */
export function zoneFigures(c: Capture): CaptureFigures['zones'] {
  if (!c.zones?.length) return null;
  const end = c.zonesEnd?.zones;
  return {
    source: c.zonesSource ?? null, endSource: c.zonesEnd?.source ?? null,
    zones: c.zones.map((z) => {
      const atEnd = end?.find((e) => e.node === z.node && e.name === z.name)?.freePages;
      return { node: z.node, name: z.name, freePages: Number.isFinite(z.freePages) ? z.freePages! : null, min: z.min, low: z.low, high: z.high,
        managedPages: z.managedPages, ...(z.protection ? { lowmemReserve: [...z.protection] } : {}), ...(atEnd !== undefined ? { freeAtEnd: atEnd } : {}),
        ...(z.watermarksComputed ? { watermarksComputed: true } : {}) };
    }),
  };
}

export function memTotalMiB(c: Capture): number | null {
  const kb = c.meminfo?.columns.get('MemTotal')?.find((v) => !Number.isNaN(v));
  return kb === undefined ? null : Math.floor(kb / 1024);
}

/** The trace's covered span when it misses part of the window, with the vmstat counter changes over that span. */
function partialTraceSpan(c: Capture, w: { startS: number; endS: number } | null): CaptureFigures['traceSpan'] {
  const cov = traceCoverage(c.trace, w);
  if (!cov?.partial || !c.vmstat) return undefined;
  const i0 = nearestIndex(c.vmstat.times, cov.startS);
  const i1 = nearestIndex(c.vmstat.times, cov.endS);
  const counters: Record<string, number> = {};
  for (const k of RATE_KEYS) {
    const d = c.vmstat.columns.has(k) && i1 > i0 ? counterDelta(c.vmstat, k, i0, i1) : NaN;
    if (Number.isFinite(d) && d >= 0) counters[k] = d;
  }
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return { startS: r3(cov.startS), endS: r3(cov.endS), durationS: r3(cov.durationS), windowS: r3(cov.windowS), counters };
}

/** kswapd's wakes from sleep and sleeps over the window, when a trace with kswapd events covers it. */
function inWindow(c: Capture, w: { startS: number; endS: number } | null): Pick<CaptureFigures['kswapd'], 'wakesFromSleepInWindow' | 'sleepsInWindow'> {
  const t = c.trace;
  if (!t || !w || !Object.keys(t.events).some((e) => e.startsWith('mm_vmscan_kswapd_'))) return {};
  const { wakes, sleeps } = kswapdWakesSleeps(t.kswapd.awake, w.startS, w.endS);
  return { wakesFromSleepInWindow: wakes, sleepsInWindow: sleeps };
}

/** The per-CPU lists' start, peak and end (pages). */
function pcpFigures(c: Capture): CaptureFigures['pcpLists'] {
  const p = pcpLists(c);
  if (!p) return undefined;
  let at = 0;
  for (let i = 1; i < p.pages.length; i++) if (p.pages[i] > p.pages[at]) at = i;
  const n = p.pages.length - 1;
  return { source: p.source, startPages: Math.round(p.pages[0]), maxPages: Math.round(p.pages[at]), maxAtS: p.times[at], endPages: Math.round(p.pages[n]), note: p.note };
}

export function analyzeCapture(c: Capture): CaptureFigures {
  const warnings = [...c.warnings];
  const w = c.vmstat ? reclaimWindow(c.vmstat) : null;
  if (!c.vmstat) warnings.push(warning('analysis.no-vmstat', 'no /proc/vmstat series: no reclaim window or rates (a replay needs one)'));
  else if (c.vmstat.times.length < 2) warnings.push(warning('analysis.single-snapshot', 'a single /proc/vmstat snapshot: no rates', c.vmstat.source));
  else if (!w) warnings.push(warning('analysis.no-reclaim-window', 'no swap-out or anon reclaim in the capture: no reclaim window', c.vmstat.source));
  else if (w.basis !== 'pswpout+swpout_zero') warnings.push(warning('analysis.window-basis', `no swap-outs; reclaim window taken from ${w.basis}`, c.vmstat.source));
  const r = c.vmstat ? windowRates(c.vmstat, w) : { rates: {}, peakRates: {}, warnings: [] };
  warnings.push(...r.warnings);
  warnings.push(...traceCoverageWarnings(c.trace, w, c.vmstat?.times[0]));
  const traceSpan = partialTraceSpan(c, w);
  const cpu = w ? kswapdCpu(c, w.startS, w.endS) : { cpuPct: null, cpuSource: null };
  const pcp = pcpFigures(c);
  return {
    sources: c.sources.map(({ path, format, lines, unparsed }) => ({ path, format, lines, unparsed })),
    window: w && c.vmstat ? { startS: w.startS, endS: w.endS, durationS: Math.round(w.durationS * 1000) / 1000, clock: c.clock, firstSampleS: c.vmstat.times[0] } : null,
    rates: r.rates,
    peakRates: r.peakRates,
    kswapd: { ...cpu, wakes: c.trace?.kswapd.wakes ?? 0, sleeps: c.trace?.kswapd.sleeps ?? 0, ...inWindow(c, w) },
    zram: zramFigures(c.zramMmStat, c.vmstat, w),
    events: c.trace?.events ?? {},
    ...(traceSpan ? { traceSpan } : {}),
    ...(c.trace ? { traceCovers: { startS: c.trace.firstTs, endS: c.trace.lastTs } } : {}),
    directReclaim: sliceStats(c.trace?.directReclaim),
    memcgReclaim: sliceStats(c.trace?.memcgReclaim),
    ...(c.vmstatDeltas ? { deltas: { from: c.vmstatDeltas.from, to: c.vmstatDeltas.to, intervalUnknown: c.vmstatDeltas.intervalUnknown, intervalS: c.vmstatDeltas.intervalS, counters: c.vmstatDeltas.deltas } } : {}),
    ...minFreeFigures(c, w),
    memTotalMiB: memTotalMiB(c),
    ...(pcp ? { pcpLists: pcp } : {}),
    zones: zoneFigures(c),
    ...(c.trace?.tlbFlush ? { tlbFlush: { window: w ? kswapdIpisOver(c.trace.tlbFlush, w) : null, reasons: c.trace.tlbFlush.reasons, perCpu: c.trace.tlbFlush.perCpu } } : {}),
    warnings,
  };
}
