// How much of the reclaim window a trace covers. A trace stopped (or started) inside the window holds only that part's
// slices, wakes and on-CPU time: its figures are measured over the covered span and compared with counters over the
// same span, never with the whole window's.
import type { TraceSummary } from '../capture/types';
import { warning, type Warning } from '../warnings';

/** A trace edge within this of the window edge covers it (vmstat samples are ~1 s apart). */
const EDGE_S = 1;

/** The part of the reclaim window [startS, endS] (capture clock, s) the trace covers; `partial` when it misses more
 *  than EDGE_S at either end. */
export interface TraceCoverage { startS: number; endS: number; durationS: number; windowS: number; partial: boolean }

export function traceCoverage(t: Pick<TraceSummary, 'firstTs' | 'lastTs'> | undefined, w: { startS: number; endS: number } | null): TraceCoverage | null {
  if (!t || !w || !(t.lastTs >= t.firstTs)) return null;
  const startS = Math.max(w.startS, t.firstTs);
  const endS = Math.min(w.endS, t.lastTs);
  const windowS = w.endS - w.startS;
  const durationS = Math.max(0, endS - startS);
  const partial = t.firstTs > w.startS + EDGE_S || t.lastTs < w.endS - EDGE_S;
  return { startS, endS: Math.max(startS, endS), durationS, windowS, partial };
}

/**
 * ftrace.ends-early / ftrace.starts-late at the trace's last / first event line, saying how much of the window it
 * covers. Every time in the message is on one base, named in it: seconds since `firstSampleS` (the first vmstat
 * sample on the capture clock, the replay's t = 0, as its headline and parse's window count) when given, else the
 * capture clock.
 */
export function traceCoverageWarnings(t: TraceSummary | undefined, w: { startS: number; endS: number } | null, firstSampleS?: number): Warning[] {
  const c = traceCoverage(t, w);
  if (!t || !w || !c?.partial) return [];
  const n = (x: number) => (x - (firstSampleS ?? 0)).toFixed(3);
  const base = firstSampleS === undefined ? 'times on the capture clock'
    : `seconds since the first vmstat sample, at ${firstSampleS.toFixed(3)} s on the capture clock, as replay counts them`;
  const cover = `the trace covers ${c.durationS.toFixed(1)} s of the ${c.windowS.toFixed(1)} s reclaim window (${n(c.startS)}–${n(c.endS)} s; ${base})`;
  const partial = 'its slices, kswapd wakes and on-CPU times are measured over that span only, and compared with counters over the same span';
  const out: Warning[] = [];
  if (t.firstTs > w.startS + EDGE_S) out.push(warning('ftrace.starts-late', `first event at ${n(t.firstTs)} s, after the reclaim window starts (${n(w.startS)} s): ${cover}; ${partial}`, t.source, t.firstLine));
  if (t.lastTs < w.endS - EDGE_S) out.push(warning('ftrace.ends-early', `last event at ${n(t.lastTs)} s, before the reclaim window ends (${n(w.endS)} s): ${cover}; ${partial}`, t.source, t.lastLine));
  return out;
}
