// Pages on the per-CPU page lists over a capture. NR_FREE_PAGES (nr_free_pages, MemFree) counts the buddy lists
// only: a page freed onto a per-CPU list (free_unref_folios() → free_unref_page_commit()) is counted in pgfree but
// not in NR_FREE_PAGES until free_pcppages_bulk() returns it, and an allocation served from the list
// (rmqueue_pcplist()) is counted in pgalloc_* without NR_FREE_PAGES moving. With pcp->high sized from the zone's low
// watermark (zone_highsize()), these lists hold up to hundreds of MiB that free memory does not show.
import type { Capture, SnapshotSeries } from '../capture/types';
import { grouped } from '../numberText';

export interface PcpLists {
  /** Measured from zoneinfo snapshots (pagesets `count:`), or derived from /proc/vmstat's counters. */
  source: 'zoneinfo' | 'vmstat';
  /** Capture-clock times (s) and pages on every per-CPU list of the node at each. */
  times: Float64Array;
  pages: Float64Array;
  /** For `vmstat`: the pages at the first sample come from zoneinfo's pagesets (else 0, said in `note`). */
  note: string;
}

const ALLOC = ['pgalloc_dma', 'pgalloc_dma32', 'pgalloc_normal', 'pgalloc_movable', 'pgalloc_device', 'pgalloc_high'];

/**
 * Pages on the per-CPU lists from /proc/vmstat: every page freed is counted in pgfree and every page allocated in
 * pgalloc_*, whether through a per-CPU list or the buddy lists; only the buddy lists are in nr_free_pages. Compaction
 * migrates into free pages it isolates from the buddy lists without pgalloc (isolate_freepages() →
 * __isolate_free_page()) and frees the sources with pgfree, so pgmigrate_success is taken out:
 *   pcp(t) = pcp(t0) + Δpgfree − Σ Δpgalloc_* − Δpgmigrate_success − Δnr_free_pages.
 * Undefined when the series lacks pgfree, pgalloc_* or nr_free_pages.
 */
export function pcpFromVmstat(s: SnapshotSeries, startPages: number): Float64Array | undefined {
  const free = s.columns.get('nr_free_pages');
  const freed = s.columns.get('pgfree');
  const allocs = ALLOC.map((k) => s.columns.get(k)).filter((c) => c !== undefined);
  if (!free || !freed || allocs.length === 0) return undefined;
  const migrated = s.columns.get('pgmigrate_success');
  const out = new Float64Array(s.times.length);
  out[0] = startPages;
  let pcp = startPages;
  for (let i = 1; i < out.length; i++) {
    let d = freed[i] - freed[i - 1] - (free[i] - free[i - 1]);
    for (const a of allocs) d -= a[i] - a[i - 1];
    if (migrated) d -= migrated[i] - migrated[i - 1];
    // A missing sample or a counter reset says nothing about the lists over that interval.
    if (Number.isFinite(d)) pcp = Math.max(0, pcp + d);
    out[i] = pcp;
  }
  return out;
}

/** The per-CPU lists over the capture: zoneinfo snapshots when the capture has them, else derived from vmstat. */
export function pcpLists(c: Capture): PcpLists | undefined {
  const z = c.zoneinfoSeries;
  const measured = z?.columns.get('pcp');
  if (z && measured && z.times.length >= 2) return { source: 'zoneinfo', times: z.times, pages: measured, note: `measured: zoneinfo pagesets (${z.times.length} snapshots)` };
  const s = c.vmstat;
  if (!s || s.times.length < 2) return undefined;
  const known = c.zones?.some((zone) => zone.pcpPages !== undefined) ?? false;
  const start = c.zones?.reduce((a, zone) => a + (zone.pcpPages ?? 0), 0) ?? 0;
  const pages = pcpFromVmstat(s, start);
  if (!pages) return undefined;
  return {
    source: 'vmstat', times: s.times, pages,
    note: `derived from /proc/vmstat (pgfree − pgalloc_* − pgmigrate_success − Δnr_free_pages), from ${known ? `zoneinfo's ${grouped(start)} pages at the start` : '0 at the start (no zoneinfo pagesets)'}`,
  };
}
