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
  const close = () => {
    if (open) rules.onSampleEnd?.(b);
    open = false;
  };
  const begin = (stamp: Stamp) => {
    close();
    b.begin(stamp);
    seen = new Set();
    open = true;
  };
  const { lines } = await forEachLine(path, (line, lineNo) => {
    const kv = rules.split(line);
    if (kv) {
      if (!open || seen.has(kv[0])) begin(pending ?? {});
      pending = null;
      seen.add(kv[0]);
      b.set(kv[0], kv[1]);
      rules.onKey?.(kv[0], kv[1]);
      return;
    }
    if (line.trim() === '') {
      close();
      return;
    }
    const stamp = parseStampLine(line);
    if (stamp) {
      close();
      pending = stamp;
      return;
    }
    if (!line.startsWith('#')) tally.miss(lineNo);
  }, opts);
  close();
  const timed = b.finish(path, rules.isCounter);
  const warnings: string[] = [];
  if (b.samples === 0) warnings.push(`${path}: no ${rules.format} snapshot found`);
  if (timed.clock === 'relative' && b.samples > 1) {
    warnings.push(`${path}: snapshots carry no timestamps; assumed 1 s apart`);
  }
  return { ...timed, info: tally.info(path, rules.format, lines), warnings };
}
