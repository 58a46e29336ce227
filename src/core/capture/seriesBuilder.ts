// Builds a columnar SnapshotSeries from samples of key → value, one sample at a time, and the per-source bookkeeping
// every parser shares (unparsed line counts, sample clocks).
import type { Capture, SnapshotSeries, SourceFormat, SourceInfo } from './types';
import type { Stamp } from './tokens';

export type Clock = Capture['clock'];

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
}

/** What a snapshot-series parser returns. */
export interface SnapshotParse extends TimedSeries {
  info: SourceInfo;
  warnings: string[];
}

export class SeriesBuilder {
  private readonly stamps: Stamp[] = [];
  private readonly cols = new Map<string, number[]>();
  private n = 0;

  get samples(): number {
    return this.n;
  }

  begin(stamp: Stamp): void {
    this.stamps.push(stamp);
    this.n++;
  }

  /** Sets `key` in the current sample. */
  set(key: string, value: number): void {
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
    for (const col of this.cols.values()) if (col.length > this.n) col.length = this.n;
  }

  /**
   * Finishes the series. Times use t_mono when every sample has it, else epoch, else the sample index × `periodS`.
   */
  finish(source: string, isCounter: (key: string) => boolean, periodS = 1): TimedSeries {
    const times = new Float64Array(this.n);
    const allMono = this.n > 0 && this.stamps.every((s) => s.mono !== undefined);
    const allEpoch = this.n > 0 && this.stamps.every((s) => s.epoch !== undefined);
    const clock: Clock = allMono ? 'mono' : allEpoch ? 'epoch' : 'relative';
    this.stamps.forEach((s, i) => {
      times[i] = clock === 'mono' ? s.mono! : clock === 'epoch' ? s.epoch! : i * periodS;
    });
    const columns = new Map<string, Float64Array>();
    const counters = new Set<string>();
    const resets: SnapshotSeries['resets'] = [];
    for (const [key, col] of this.cols) {
      const a = new Float64Array(this.n).fill(NaN);
      a.set(col.slice(0, this.n));
      columns.set(key, a);
      if (!isCounter(key)) continue;
      counters.add(key);
      let prev = NaN;
      for (let i = 0; i < a.length; i++) {
        if (a[i] < prev) resets.push({ key, index: i });
        if (!Number.isNaN(a[i])) prev = a[i];
      }
    }
    const both = this.stamps.filter((s) => s.mono !== undefined && s.epoch !== undefined);
    const out: TimedSeries = { series: { source, times, columns, counters, resets }, clock };
    if (both.length > 0) {
      const d = both.map((s) => s.epoch! - s.mono!).sort((x, y) => x - y);
      out.epochMinusMono = d[d.length >> 1];
    }
    return out;
  }
}

/** Warnings for counter resets, one line per key. */
export function resetWarnings(s: SnapshotSeries): string[] {
  const byKey = new Map<string, number[]>();
  for (const r of s.resets) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r.index]);
  return [...byKey].map(([key, idx]) =>
    `${s.source}: counter ${key} went backwards ${idx.length}× (first at sample ${idx[0] + 1}, t=${s.times[idx[0]]}); rates across it are wrong`);
}
