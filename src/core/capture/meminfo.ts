// /proc/meminfo, one snapshot or a timestamped series. Values stay in the unit printed (kB; HugePages_* in pages).
import type { LineReadOptions } from './lineSource';
import { parseFramedSnapshots } from './framedSnapshots';
import type { SnapshotParse } from './seriesBuilder';
import { splitColonValue } from './tokens';

export function parseMeminfo(path: string, opts?: LineReadOptions): Promise<SnapshotParse> {
  return parseFramedSnapshots(path, { format: 'meminfo', split: splitColonValue, isCounter: () => false }, opts);
}
