// The zones' free pages at the capture's end, for the fidelity table: a zoneinfo taken after the run (a file named
// `*after*`) or the last snapshot of a zoneinfo file that holds several. With several candidates, the one whose free
// pages add up closest to the last /proc/vmstat nr_free_pages is the one taken when the series ended.
import { basename } from 'node:path';
import type { Capture, SnapshotSeries } from './types';
import type { ZoneinfoParse } from './zoneinfo';

type ZonesEnd = NonNullable<Capture['zonesEnd']>;

const total = (e: ZonesEnd) => e.zones.reduce((a, z) => a + z.freePages, 0);

function lastFinite(xs: Float64Array | undefined): number | undefined {
  if (!xs) return undefined;
  for (let i = xs.length - 1; i >= 0; i--) if (Number.isFinite(xs[i])) return xs[i];
  return undefined;
}

/** The end snapshot among `parses` (undefined when none is an end snapshot); `vmstat` breaks ties by nr_free_pages. */
export function zonesAtEnd(parses: ZoneinfoParse[], vmstat: SnapshotSeries | undefined): ZonesEnd | undefined {
  const candidates: ZonesEnd[] = [];
  for (const p of parses) {
    const zones = p.lastFree ?? (/after/i.test(basename(p.info.path)) ? p.zones : undefined);
    const finite = zones?.filter((z) => Number.isFinite(z.freePages) && z.freePages! >= 0);
    if (finite && finite.length > 0) {
      candidates.push({ source: p.info.path, zones: finite.map((z) => ({ node: z.node, name: z.name, freePages: z.freePages! })) });
    }
  }
  const free = lastFinite(vmstat?.columns.get('nr_free_pages'));
  if (candidates.length < 2 || free === undefined) return candidates[0];
  return candidates.reduce((a, b) => (Math.abs(total(b) - free) < Math.abs(total(a) - free) ? b : a));
}
