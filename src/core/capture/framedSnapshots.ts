// Snapshot framing shared by /proc/vmstat and /proc/meminfo series: samples start at a timestamp header
// (`# t_mono=…`, `date +%s.%N`, `=== <epoch>`, ISO time), at a blank line, or when a key repeats (files simply
// concatenated); a file with no framing at all is one snapshot.
import { forEachLine, type LineReadOptions } from './lineSource';
import { LineTally, SeriesBuilder, type SnapshotParse } from './seriesBuilder';
import { parseStampLine, type Stamp } from './tokens';
import type { SourceFormat } from './types';

export interface SnapshotRules {
  format: SourceFormat;
  split(line: string): [string, number] | null;
  isCounter(key: string): boolean;
  /** Called with each parsed key (after it is stored) so formats can derive keys (legacy per-zone sums). */
  onKey?(key: string, value: number): void;
  /** Called when a sample closes, before the next begins. */
  onSampleEnd?(b: SeriesBuilder): void;
}

export async function parseFramedSnapshots(path: string, rules: SnapshotRules, opts: LineReadOptions = {}): Promise<SnapshotParse> {
  const b = new SeriesBuilder();
  const tally = new LineTally();
  let seen = new Set<string>();
  let open = false;
  let pending: Stamp | null = null;
  let pendingLine = 0;
  /** The open sample carries a timestamp header: a key repeated inside it is damage, not the next snapshot. */
  let stamped = false;
  /** Merging lines without a header of their own into the stamped sample before (first value of each key kept). */
  let merging = false;
  const merged: number[] = [];
  const close = () => {
    if (open) rules.onSampleEnd?.(b);
    open = false;
  };
  const begin = (stamp: Stamp, lineNo: number) => {
    close();
    b.begin(stamp, lineNo);
    seen = new Set();
    open = true;
  };
  const { lines } = await forEachLine(path, (line, lineNo) => {
    const kv = rules.split(line);
    if (kv) {
      const repeat = open && seen.has(kv[0]);
      if (!open || repeat) {
        // In a stamped file a snapshot without its own header (a repeated line, a header lost) cannot be timed:
        // it merges into the stamped one before, so the series stays timed.
        if (pending === null && stamped && b.samples > 0) {
          if (!merging) merged.push(lineNo);
          merging = true;
          open = true;
        } else {
          begin(pending ?? {}, pendingLine || lineNo);
          stamped = pending !== null;
          merging = false;
        }
      }
      pending = null;
      pendingLine = 0;
      if (merging && seen.has(kv[0])) return;
      seen.add(kv[0]);
      b.set(kv[0], kv[1]);
      rules.onKey?.(kv[0], kv[1]);
      return;
    }
    if (line.trim() === '') {
      if (!stamped) close();
      return;
    }
    const stamp = parseStampLine(line);
    if (stamp) {
      close();
      merging = false;
      pending = stamp;
      pendingLine = lineNo;
      return;
    }
    if (!line.startsWith('#')) tally.miss(lineNo);
  }, opts);
  close();
  const timed = b.finish(path, rules.isCounter);
  const warnings: string[] = [...timed.warnings];
  if (merged.length > 0) {
    warnings.push(`${path}:${merged[0]}: ${merged.length} key line(s) repeated inside a timestamped snapshot or a snapshot `
      + `without its timestamp header (lines ${merged.slice(0, 5).join(', ')}); merged into the snapshot before, its first values kept`);
  }
  if (b.samples === 0) warnings.push(`${path}: no ${rules.format} snapshot found`);
  if (timed.clock === 'relative' && b.samples > 1) {
    warnings.push(`${path}: snapshots carry no timestamps; assumed 1 s apart`);
  }
  return { ...timed, info: tally.info(path, rules.format, lines), warnings };
}
