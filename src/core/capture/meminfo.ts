// /proc/meminfo, one snapshot or a timestamped series. Values stay in the unit printed (kB; HugePages_* in pages).
import type { LineReadOptions } from './lineSource';
import { parseFramedSnapshots } from './framedSnapshots';
import type { SnapshotParse } from './seriesBuilder';
import { splitColonValue } from './tokens';

export function parseMeminfo(path: string, opts?: LineReadOptions): Promise<SnapshotParse> {
  return parseFramedSnapshots(path, { format: 'meminfo', colon: true, split: splitColonValue, isCounter: () => false }, opts);
}

/** `dumpsys meminfo`'s totals (`Total RAM: 3,768,116K (status normal)`, `Free RAM: …K`) as /proc/meminfo lines. */
export function dumpsysAsMeminfo(text: Buffer): Buffer {
  const out: string[] = [];
  for (const [label, key] of [['Total RAM', 'MemTotal'], ['Free RAM', 'MemFree']]) {
    const m = new RegExp(`^[ \\t]*${label}:[ \\t]*([\\d,]+)[ \\t]*K\\b`, 'm').exec(text.toString('utf8'));
    if (m) out.push(`${key}: ${m[1].replace(/,/g, '')} kB`);
  }
  return Buffer.from(out.join('\n'));
}
