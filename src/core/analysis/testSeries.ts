// Test helper: a SnapshotSeries from plain arrays (every key a counter unless it starts with nr_).
import type { SnapshotSeries } from '../capture/types';

export function mkSeries(times: number[], cols: Record<string, number[]>): SnapshotSeries {
  return {
    source: 'test',
    times: Float64Array.from(times),
    columns: new Map(Object.entries(cols).map(([k, v]) => [k, Float64Array.from(v)])),
    counters: new Set(Object.keys(cols).filter((k) => !k.startsWith('nr_'))),
    resets: [],
  };
}

export const intervals = (pairs: [number, number][]) => ({
  start: Float64Array.from(pairs.map((p) => p[0])),
  end: Float64Array.from(pairs.map((p) => p[1])),
});
