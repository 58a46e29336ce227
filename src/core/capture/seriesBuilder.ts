// Builds a columnar SnapshotSeries from samples of key → value, one sample at a time, and the per-source bookkeeping
// every parser shares (unparsed line counts, sample clocks).
import type { Capture, SnapshotSeries, SourceFormat, SourceInfo } from './types';
import type { Stamp } from './tokens';
import { CaptureError } from '../errors';
import { counted, warning, type Warning } from '../warnings';

export type Clock = Capture['clock'];

/** Longest span a series may cover (one week): more is damaged timestamps, and the replay would size arrays by it. */
export const MAX_SPAN_S = 7 * 86400;

/** Largest value kept: integers above 2^53 are not exact in a double, and no real counter reaches it. */
const MAX_VALUE = 2 ** 53;

/** How many unparsed line numbers a source keeps for messages. */
const KEEP_LINES = 5;

export class LineTally {
  unparsed = 0;
  readonly unparsedLines: number[] = [];
  miss(lineNo: number): void {
    this.unparsed++;
    if (this.unparsedLines.length < KEEP_LINES) this.unparsedLines.push(lineNo);
  }
  info(path: string, format: SourceFormat, lines: number): SourceInfo {
    return { path, format, lines, unparsed: this.unparsed, unparsedLines: this.unparsedLines };
  }
}

/** A parsed series plus what the loader needs to put it on the capture clock. */
export interface TimedSeries {
  series: SnapshotSeries;
  clock: Clock;
  /** t_epoch − t_mono when samples carry both (lets wall-clock sources join the mono clock). */
  epochMinusMono?: number;
  /** Clock repairs (untimed, unordered, repeated samples), each naming its line. */
  warnings: Warning[];
}

/** What a snapshot-series parser returns. */
export interface SnapshotParse extends TimedSeries {
  info: SourceInfo;
  warnings: Warning[];
}

export class SeriesBuilder {
  private readonly stamps: Stamp[] = [];
  /** Line of each sample's first line (0 when unknown), for messages. */
  private readonly lines: number[] = [];
  private readonly cols = new Map<string, number[]>();
  private n = 0;

  get samples(): number {
    return this.n;
  }

  /** The line of the first sample kept (undefined when unknown), for warnings about the whole series. */
  get firstLine(): number | undefined {
    return this.lines[0] || undefined;
  }

  begin(stamp: Stamp, lineNo = 0): void {
    this.stamps.push(stamp);
    this.lines.push(lineNo);
    this.n++;
  }

  /** Values no kernel counter prints (negative, or beyond 2^53 where doubles lose integers), by sample line. */
  private damaged = 0;
  private damagedLine = 0;

  /** Sets `key` in the current sample; a value no counter can hold is stored as missing (NaN) and warned about. */
  set(key: string, value: number): void {
    if (!(value >= 0 && value <= MAX_VALUE)) {
      this.damaged++;
      this.damagedLine ||= this.lines[this.n - 1] ?? 0;
      value = NaN;
    }
    let col = this.cols.get(key);
    if (!col) {
      col = [];
      this.cols.set(key, col);
    }
    while (col.length < this.n - 1) col.push(NaN);
    if (col.length === this.n) col[this.n - 1] = value;
    else col.push(value);
  }

  has(key: string): boolean {
    const col = this.cols.get(key);
    return col !== undefined && col.length === this.n && !Number.isNaN(col[this.n - 1]);
  }

  /** Drops the current sample (e.g. procps vmstat's since-boot row). */
  dropLast(): void {
    if (this.n === 0) return;
    this.n--;
    this.stamps.pop();
    this.lines.pop();
    for (const col of this.cols.values()) if (col.length > this.n) col.length = this.n;
  }

  /**
   * Finishes the series. Times use t_mono when every sample has it, else epoch, else the sample index × `periodS`.
   * Damaged clocks are repaired with a warning naming the line: samples without the clock the others carry are
   * dropped, samples out of time order are sorted, samples repeating a time are dropped (the first kept).
   * @throws CaptureError when the samples span more than MAX_SPAN_S (timestamps decades apart), before allocating.
   */
  finish(source: string, isCounter: (key: string) => boolean, periodS = 1): TimedSeries {
    const warnings: Warning[] = [];
    if (this.damaged > 0) {
      warnings.push(warning('series.damaged-value', `${counted(this.damaged, 'value')} negative or beyond 2^53 (damaged); read as missing`, source, this.damagedLine || undefined));
    }
    const at = (i: number) => this.lines[i] || undefined;
    const nMono = this.stamps.filter((s) => s.mono !== undefined).length;
    const nEpoch = this.stamps.filter((s) => s.epoch !== undefined).length;
    // A clock most samples carry is the series' clock; otherwise the samples are untimed.
    const clock: Clock = nMono * 2 > this.n && nMono >= nEpoch ? 'mono' : nEpoch * 2 > this.n ? 'epoch' : 'relative';
    const timeOf = (i: number) => (clock === 'mono' ? this.stamps[i].mono : clock === 'epoch' ? this.stamps[i].epoch : i * periodS);
    let order = Array.from({ length: this.n }, (_, i) => i);
    const untimed = order.filter((i) => timeOf(i) === undefined || !Number.isFinite(timeOf(i)!));
    if (untimed.length > 0) {
      warnings.push(warning('series.untimed-sample', `${counted(untimed.length, 'sample')} without the ${clock} timestamp the others carry; dropped`, source, at(untimed[0])));
      const drop = new Set(untimed);
      order = order.filter((i) => !drop.has(i));
    }
    const back = order.findIndex((i, k) => k > 0 && timeOf(i)! < timeOf(order[k - 1])!);
    if (back > 0) {
      warnings.push(warning('series.out-of-order', `samples out of time order (t=${timeOf(order[back])} after t=${timeOf(order[back - 1])}); sorted by time`, source, at(order[back])));
      order.sort((x, y) => timeOf(x)! - timeOf(y)! || x - y);
    }
    const dups = order.filter((i, k) => k > 0 && timeOf(i) === timeOf(order[k - 1]));
    if (dups.length > 0) {
      warnings.push(warning('series.duplicate-sample', `${counted(dups.length, 'sample')} ${dups.length === 1 ? 'repeats' : 'repeat'} the time of the one before (t=${timeOf(dups[0])}); dropped, the first kept`, source, at(dups[0])));
      const drop = new Set(dups);
      order = order.filter((i) => !drop.has(i));
    }
    if (order.length > 1) {
      const first = order[0];
      const last = order[order.length - 1];
      const span = timeOf(last)! - timeOf(first)!;
      if (span > MAX_SPAN_S) {
        throw new CaptureError(source, this.lines[last] || undefined,
          `samples span ${span.toExponential(3)} s (t=${timeOf(first)} to t=${timeOf(last)}), more than ${MAX_SPAN_S / 86400} days: damaged timestamps`);
      }
    }
    const times = new Float64Array(order.map((i) => timeOf(i)!));
    const columns = new Map<string, Float64Array>();
    const counters = new Set<string>();
    const resets: SnapshotSeries['resets'] = [];
    for (const [key, col] of this.cols) {
      const a = reordered(col, order);
      columns.set(key, a);
      if (!isCounter(key)) continue;
      counters.add(key);
      for (const i of decreases(a)) resets.push({ key, index: i, ...(this.lines[order[i]] ? { line: this.lines[order[i]] } : {}) });
    }
    const both = order.map((i) => this.stamps[i]).filter((s) => s.mono !== undefined && s.epoch !== undefined);
    const out: TimedSeries = { series: { source, times, columns, counters, resets, timed: clock !== 'relative' }, clock, warnings };
    if (both.length > 0) {
      const d = both.map((s) => s.epoch! - s.mono!).sort((x, y) => x - y);
      out.epochMinusMono = d[d.length >> 1];
    }
    return out;
  }
}

// The per-value loops of finish() are functions of their own: a series of 850 samples × 180 counters made finish()
// itself hot, and V8 compiled the whole of it (and dropped that code again at the next file's series, of other shapes).

/** A column's values in sample `order` (NaN for a sample without the key). */
function reordered(col: readonly number[], order: readonly number[]): Float64Array {
  const a = new Float64Array(order.length);
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    a[k] = i < col.length ? col[i] : NaN;
  }
  return a;
}

/** Where a counter is below its last value (missing samples skipped): the indices of its resets. */
function decreases(a: Float64Array): number[] {
  const at: number[] = [];
  let prev = NaN;
  for (let i = 0; i < a.length; i++) {
    if (a[i] < prev) at.push(i);
    if (!Number.isNaN(a[i])) prev = a[i];
  }
  return at;
}

/** Warnings for counter resets, one line per key. */
export function resetWarnings(s: SnapshotSeries): Warning[] {
  const byKey = new Map<string, SnapshotSeries['resets']>();
  for (const r of s.resets) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
  return [...byKey].map(([key, rs]) => warning('series.counter-reset',
    `counter ${key} went backwards ${rs.length}× (first at sample ${rs[0].index + 1}, t=${s.times[rs[0].index]}); rates across it are wrong`, s.source, rs[0].line));
}
