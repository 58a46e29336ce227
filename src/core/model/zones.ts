// The node's zones as the page allocator and kswapd see them. The kernel never compares node-wide sums with
// watermarks: an allocation takes from the first zone of its zonelist that is above a mark plus that zone's
// lowmem_reserve, and kswapd stops as soon as any one eligible zone is above its high mark (pgdat_balanced()).
// With a small DMA32 beside a big Normal that stops kswapd long before the node's free pages reach Σ high.

import { InactiveAnon } from './inactiveAnon';

export interface ZoneLimits {
  name: string;
  min: number;
  low: number;
  high: number;
  managed: number;
  /** lowmem_reserve[] of this zone against the zone user allocations ask for (0 for that zone itself). */
  reserve: number;
  /** Free pages at the replay's start. */
  free: number;
  /** File LRU pages in the zone at the start (zoneinfo's nr_zone_*_file), when known. */
  filePages?: number;
}

/** ALLOC_WMARK_LOW (fast path), ALLOC_WMARK_MIN (slow path), or ALLOC_NO_WATERMARKS (PF_MEMALLOC: zsmalloc in reclaim). */
export type AllocMark = 'low' | 'min' | 'none';

interface ZoneState { lim: ZoneLimits; free: number; used: number }
/** Anon pages on the LRU in allocation order: a run allocated from one zone, or (the pages of unknown age found at
 *  the start) spread over several zones by `share`. */
interface Run { parts: { zone: ZoneState; share: number }[]; pages: number }

export class NodeZones {
  /** Zonelist order: the requested (highest) zone first, falling back towards DMA. */
  private readonly zones: ZoneState[];
  /** The node's anon LRU, oldest first: reclaim frees the oldest pages, so they return to the zones that held them. */
  private readonly lru: Run[] = [];
  private lruHead = 0;
  private lruCount = 0;
  /** The same anon folios in the inactive list's scan order, with their accessed bits (folio_check_references()). */
  readonly inactive: InactiveAnon;

  /** `anonPages`: anon pages on the LRU at the start, spread over the zones like their allocated pages; `youngShare`:
   *  the share whose PTEs were accessed since they were last scanned (InactiveAnon). */
  constructor(limits: ZoneLimits[], anonPages = 0, youngShare = 1) {
    this.zones = limits
      .filter((l) => l.managed > 0) // managed_zone(): empty zones take part in nothing
      .map((lim) => ({ lim, free: lim.free, used: Math.max(0, lim.managed - lim.free) }))
      .reverse();
    if (this.zones.length === 0) throw new Error('a node needs at least one zone with managed pages');
    const used = this.zones.reduce((a, z) => a + z.used, 0);
    if (used > 0 && anonPages > 0) {
      this.lru.push({ parts: this.zones.map((zone) => ({ zone, share: zone.used / used })), pages: Math.min(used, anonPages) });
      this.lruCount = Math.min(used, anonPages);
    }
    this.inactive = new InactiveAnon(this.lruCount, youngShare);
  }

  get free(): number {
    let f = 0;
    for (const z of this.zones) f += z.free;
    return f;
  }

  /** Free pages per zone (zone_page_state(zone, NR_FREE_PAGES)), DMA first as zoneinfo prints them. */
  zoneFree(): Record<string, number> {
    const out: Record<string, number> = {};
    for (let i = this.zones.length - 1; i >= 0; i--) out[this.zones[i].lim.name] = this.zones[i].free;
    return out;
  }

  /** kswapd_shrink_node()'s nr_to_reclaim: Σ max(high_wmark_pages(zone), SWAP_CLUSTER_MAX) over the zones. */
  get highSum(): number {
    let h = 0;
    for (const z of this.zones) h += Math.max(z.lim.high, 32);
    return h;
  }

  /** Σ min watermark over the zones (the pfmemalloc reserve of allow_direct_reclaim()). */
  get minSum(): number {
    let m = 0;
    for (const z of this.zones) m += z.lim.min;
    return m;
  }

  /** Takes up to `n` pages along the zonelist, each zone down to `mark` + its lowmem_reserve (to 0 with no
   *  watermarks: a zone's free count never goes below 0); returns pages taken.
   *  `lru`: the pages join the LRU (user pages) or not (zsmalloc's zspages, kernel memory). */
  take(n: number, mark: AllocMark, lru = mark !== 'none'): number {
    let taken = 0;
    for (const z of this.zones) {
      if (taken >= n) break;
      const floor = mark === 'none' ? 0 : (mark === 'low' ? z.lim.low : z.lim.min) + z.lim.reserve; // named loads: no keyed lookup per zone
      const got = Math.min(n - taken, Math.max(0, z.free - floor));
      this.move(z, -got);
      if (lru) this.onLru(z, got);
      taken += got;
    }
    return taken;
  }

  /** Pages of unknown origin (file reclaim, the tasks' frees, zsmalloc shrinking) go back in proportion to each
   *  zone's allocated pages. */
  release(n: number): void {
    let used = 0;
    for (const z of this.zones) used += z.used;
    if (used <= 0) return this.move(this.zones[0], n);
    for (const z of this.zones) this.move(z, (n * z.used) / used);
  }

  /** Reclaimed file pages: the page cache's folios free into the zones that hold it (zoneinfo's file pages at the
   *  start), else like other pages of unknown origin. */
  releaseFile(n: number): void {
    let file = 0;
    for (const z of this.zones) file += z.lim.filePages ?? 0;
    if (!(file > 0)) return this.release(n);
    for (const z of this.zones) this.move(z, (n * (z.lim.filePages ?? 0)) / file);
  }

  /** Reclaimed anon pages: the LRU's oldest runs, back to their zones (past the LRU's end, like other freed pages). */
  releaseAnon(n: number): void {
    let left = n;
    while (left > 0 && this.lruHead < this.lru.length) {
      const run = this.lru[this.lruHead];
      const got = Math.min(left, run.pages);
      for (const p of run.parts) this.move(p.zone, got * p.share);
      run.pages -= got;
      this.lruCount -= got;
      left -= got;
      if (run.pages <= 0) this.lruHead++;
    }
    if (this.lruHead > 1024 && this.lruHead * 2 > this.lru.length) { // drop the consumed runs now and then
      this.lru.splice(0, this.lruHead);
      this.lruHead = 0;
    }
    if (left > 0) this.release(left);
  }

  /** Anon pages resident on the LRU (what lru_size() counts for get_scan_count()). */
  get lruPages(): number {
    return this.lruCount;
  }

  /** A task exits or unmaps (exit_mmap() → zap_pte_range() → free_pages_and_swap_cache()): its resident pages leave
   *  the LRU and go back to the zones that held them. The capture does not say whose pages those are: they are taken
   *  where reclaim would have taken them next, the inactive list's tail and the oldest allocations — the pages
   *  nobody referenced since the last scan, while the running tasks' referenced ones were rotated back to the head
   *  (folio_check_references()); tasks that exit in the order they started (apps in turn, lmkd's least recently used
   *  first) hold the oldest. Pages beyond the LRU have no known zone and follow `release`. */
  freeTaskPages(n: number): void {
    this.inactive.removeOldest(Math.min(n, this.lruCount));
    this.releaseAnon(n);
  }

  /** zone_watermark_ok() fails at `mark` in every zone (at LOW: the slow path wakes kswapd; at MIN: direct reclaim). */
  fails(mark: 'low' | 'min'): boolean {
    return this.zones.every((z) => z.free <= z.lim[mark] + z.lim.reserve);
  }

  /** pgdat_balanced(): one eligible zone above its high mark (zone_watermark_ok_safe() with the reserve) is enough. */
  balanced(): boolean {
    return this.zones.some((z) => z.free > z.lim.high + z.lim.reserve);
  }

  private onLru(z: ZoneState, pages: number): void {
    if (pages <= 0) return;
    this.lruCount += pages;
    this.inactive.add(pages);
    const tail = this.lru.length > this.lruHead ? this.lru[this.lru.length - 1] : undefined;
    if (tail && tail.parts.length === 1 && tail.parts[0].zone === z) tail.pages += pages;
    else this.lru.push({ parts: [{ zone: z, share: 1 }], pages });
  }

  private move(z: ZoneState, pages: number): void {
    z.free += pages;
    z.used -= pages;
  }
}
