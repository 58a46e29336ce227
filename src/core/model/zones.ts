// The node's zones as the page allocator and kswapd see them. The kernel never compares node-wide sums with
// watermarks: an allocation takes from the first zone of its zonelist that is above a mark plus that zone's
// lowmem_reserve, and kswapd stops as soon as any one eligible zone is above its high mark (pgdat_balanced()).
// With a small DMA32 beside a big Normal that stops kswapd long before the node's free pages reach Σ high.

import { AnonRuns } from './anonRuns';
import { InactiveAnon } from './inactiveAnon';
import { DOUBLE_ZERO } from './doubleZero';

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

/** zone->watermark_boost rides on every watermark (wmark_pages()). */
interface ZoneState { lim: ZoneLimits; free: number; used: number; boost: number }

/** pageblock_nr_pages with 4 KiB pages and pageblock_order = HPAGE_PMD_ORDER (9). */
const PAGEBLOCK_PAGES = 512;
/** vm.watermark_boost_factor's default (mm/page_alloc.c), in 1/10000 of the high watermark. */
const WATERMARK_BOOST_FACTOR = 15000;

/** The pages of unknown age found at the start are spread over the zones like their allocated pages, in this many
 *  interleaved rounds (one run per zone each). */
const START_ROUNDS = 1024;

/** A zone's free and used pages turn fractional (frees spread by share): both fields are doubles from the start
 *  (doubleZero.ts), then set. */
function zoneState(lim: ZoneLimits): ZoneState {
  const z = { lim, free: DOUBLE_ZERO, used: DOUBLE_ZERO, boost: 0 }; // boosts are whole pages: a small-integer field
  z.free = lim.free;
  z.used = Math.max(0, lim.managed - lim.free);
  return z;
}

export class NodeZones {
  /** Zonelist order: the requested (highest) zone first, falling back towards DMA. */
  private readonly zones: ZoneState[];
  /** The node's anon pages in the inactive list's order, tail first: reclaim frees these, so they return to the
   *  zones that held them; folios a scan keeps go to the back with their zones (rotateAnon). */
  private readonly lru: AnonRuns;
  /** The same pages in allocation order, oldest first: the pages of the tasks that exit first (freeTaskPages). */
  private readonly born: AnonRuns;
  /** The same anon folios in the inactive list's scan order, with their accessed bits (folio_check_references()). */
  readonly inactive: InactiveAnon;

  /** `anonPages`: anon pages on the LRU at the start, spread over the zones like their allocated pages; `youngShare`:
   *  the share whose PTEs were accessed since they were last scanned (InactiveAnon). */
  constructor(limits: ZoneLimits[], anonPages = 0, youngShare = 1) {
    this.zones = limits
      .filter((l) => l.managed > 0) // managed_zone(): empty zones take part in nothing
      .map((lim) => zoneState(lim))
      .reverse();
    if (this.zones.length === 0) throw new Error('a node needs at least one zone with managed pages');
    this.lru = new AnonRuns(this.zones.length);
    this.born = new AnonRuns(this.zones.length);
    const used = this.zones.reduce((a, z) => a + z.used, 0);
    const start = Math.min(used, anonPages);
    for (let r = 0; used > 0 && r < START_ROUNDS; r++) {
      for (let k = 0; k < this.zones.length; k++) this.addRun(k, (start * this.zones[k].used) / used / START_ROUNDS);
    }
    this.inactive = new InactiveAnon(this.lru.count, youngShare);
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
    for (const z of this.zones) h += Math.max(z.lim.high + z.boost, 32);
    return h;
  }

  /** Σ min_wmark_pages() over the zones, boosts included (the pfmemalloc reserve of allow_direct_reclaim()). */
  get minSum(): number {
    let m = 0;
    for (const z of this.zones) m += z.lim.min + z.boost;
    return m;
  }

  /** Each zone's watermark_boost, zonelist order (balance_pgdat()'s zone_boosts[] at its start). */
  boosts(): number[] {
    return this.zones.map((z) => z.boost);
  }

  /** pgdat_watermark_boosted(): some zone's watermarks are boosted. */
  get boosted(): boolean {
    return this.zones.some((z) => z.boost > 0);
  }

  /** The end of balance_pgdat(): each zone's boost loses what it was when the run began (boosts since stay). */
  unboost(atStart: readonly number[]): void {
    this.zones.forEach((z, k) => { z.boost -= Math.min(z.boost, atStart[k] ?? 0); });
  }

  /** boost_watermark() once per page `pages` unmovable allocations stole from a movable pageblock
   *  (steal_suitable_fallback()): pageblock_nr_pages each, up to max(pageblock_nr_pages, high × factor / 10000);
   *  a zone under 4 pageblocks is never boosted. True when a boost was set (rmqueue() then wakes kswapd). */
  private boostWatermark(z: ZoneState, pages: number): boolean {
    if (pages <= 0 || PAGEBLOCK_PAGES * 4 > z.lim.managed) return false;
    const max = Math.max(PAGEBLOCK_PAGES, Math.floor((z.lim.high * WATERMARK_BOOST_FACTOR) / 10000));
    z.boost = Math.min(z.boost + pages * PAGEBLOCK_PAGES, max);
    return true;
  }

  /** Takes up to `n` pages along the zonelist, each zone down to `mark` + its boost + its lowmem_reserve (to 0 with
   *  no watermarks: a zone's free count never goes below 0; no caller has __GFP_HIGH, the one that ignores boosts);
   *  returns pages taken. `lru`: the pages join the LRU (user pages) or not (zsmalloc's zspages, kernel memory).
   *  `unmovable`: pages of an unmovable allocation once the unmovable pageblocks are full, each a fallback to a
   *  movable block that boosts its zone (boostWatermark()); `boostedWake` is then set. */
  take(n: number, mark: AllocMark, lru = mark !== 'none', unmovable = false): number {
    let taken = 0;
    for (let k = 0; k < this.zones.length && taken < n; k++) {
      const z = this.zones[k];
      // Named loads (no keyed lookup per zone), both read whatever the mark: the first MIN allocation after this was
      // compiled for LOW ones otherwise throws the compiled code away (--trace-deopt: insufficient type feedback).
      const { low, min, reserve } = z.lim;
      const floor = mark === 'none' ? 0 : (mark === 'low' ? low : min) + z.boost + reserve;
      const got = Math.min(n - taken, Math.max(0, z.free - floor));
      this.move(z, -got);
      if (lru) this.onLru(k, got);
      if (unmovable && this.boostWatermark(z, got)) this.boostedWake = true;
      taken += got;
    }
    return taken;
  }

  /** ZONE_BOOSTED_WATERMARK: a fallback boosted a zone since the allocator last looked (rmqueue() wakes kswapd). */
  boostedWake = false;

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

  /** Reclaimed anon pages: the inactive list's tail, back to their zones (past the LRU's end, like other freed pages). */
  releaseAnon(n: number): void {
    const left = n - this.lru.take(n, this.reclaimed);
    if (left > 0) this.release(left);
  }

  private readonly reclaimed = (k: number, pages: number): void => {
    this.move(this.zones[k], pages);
    this.born.forget(k, pages);
  };

  /** shrink_folio_list() kept `n` folios from the inactive tail (folio_check_references(): a young PTE, FOLIOREF_KEEP):
   *  move_folios_to_lru() puts them back at the head, so the pages reclaim frees next are the ones behind them, and
   *  the kept folios leave the tail with the zones they were allocated from. */
  rotateAnon(n: number): void {
    this.lru.take(n, this.requeue);
  }

  private readonly requeue = (k: number, pages: number): void => this.lru.push(k, pages);

  /** Anon pages resident on the LRU (what lru_size() counts for get_scan_count()). */
  get lruPages(): number {
    return this.lru.count;
  }

  /** A task exits or unmaps (exit_mmap() → zap_pte_range() → free_pages_and_swap_cache()): its resident pages leave
   *  the LRU and go back to the zones that held them. The capture does not say whose pages those are: they leave the
   *  inactive list at its tail — the pages nobody referenced since the last scan, while the running tasks' referenced
   *  ones were rotated back to the head (folio_check_references()) — and free the zones of the oldest allocations:
   *  tasks that exit in the order they started (apps in turn, lmkd's least recently used first) hold the oldest pages,
   *  wherever reclaim's rotations have put them on the list. Pages beyond the LRU have no known zone and follow
   *  `release`. */
  freeTaskPages(n: number): void {
    this.inactive.removeOldest(Math.min(n, this.lru.count));
    const left = n - this.born.take(n, this.exited);
    if (left > 0) this.release(left);
  }

  private readonly exited = (k: number, pages: number): void => {
    this.move(this.zones[k], pages);
    this.lru.forget(k, pages);
  };

  /** zone_watermark_ok() fails at `mark` in every zone (at LOW: the slow path wakes kswapd; at MIN: direct reclaim). */
  fails(mark: 'low' | 'min'): boolean {
    return this.zones.every((z) => z.free <= z.lim[mark] + z.boost + z.lim.reserve);
  }

  /** pgdat_balanced(): one eligible zone above its (boosted) high mark (zone_watermark_ok_safe() with the reserve)
   *  is enough. */
  balanced(): boolean {
    return this.zones.some((z) => z.free > z.lim.high + z.boost + z.lim.reserve);
  }

  private onLru(k: number, pages: number): void {
    if (pages <= 0) return;
    this.inactive.add(pages);
    this.addRun(k, pages);
  }

  private addRun(k: number, pages: number): void {
    this.lru.push(k, pages);
    this.born.push(k, pages);
  }

  private move(z: ZoneState, pages: number): void {
    z.free += pages;
    z.used -= pages;
  }
}
