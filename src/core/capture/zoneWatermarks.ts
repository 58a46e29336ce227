// Zones whose zoneinfo lacks `managed` (kernels before 3.8) or the min/low/high watermarks get them the way the kernel
// sets them, so the model never runs on NaN: managed falls back to present, and watermarks follow
// init_per_zone_wmark_min() + __setup_per_zone_wmarks() (mm/page_alloc.c) with the default min_free_kbytes and
// watermark_scale_factor. Each repair is said in a warning.
import type { Zone } from './types';
import { warning, type Warning } from '../warnings';

const PAGE_KIB = 4;
/** vm.watermark_scale_factor default (mm/page_alloc.c). */
const WATERMARK_SCALE_FACTOR = 10;
/** SWAP_CLUSTER_MAX: the floor of a highmem zone's min watermark. */
const SWAP_CLUSTER_MAX = 32;
/** 2^40 pages (4 PiB): no zone is larger; a bigger count is a damaged line. */
const MAX_ZONE_PAGES = 2 ** 40;

/** init_per_zone_wmark_min(): min_free_kbytes = clamp(int_sqrt(lowmem_kbytes · 16), 128, 262144). */
export function defaultMinFreeKbytes(lowmemKbytes: number): number {
  return Math.min(262144, Math.max(128, Math.floor(Math.sqrt(lowmemKbytes * 16))));
}

const isHighmem = (z: Zone) => /^high/i.test(z.name) || z.name === 'Movable';

/**
 * Fills managedPages (from presentPages) and min/low/high where missing, in place; returns the zones that can be used
 * (an empty zone is dropped silently, one without a usable page count with an error) and what was done. `memTotalKb` (meminfo MemTotal) sizes
 * lowmem for min_free_kbytes when given, else the zones' own managed pages do.
 */
export function repairZones(zones: Zone[], path: string, memTotalKb?: number): { zones: Zone[]; warnings: Warning[] } {
  const warnings: Warning[] = [];
  // Each zone with its header line: one warning may name zones far apart in the file (trial5: HighMem at line 46).
  const names = (zs: Zone[]) => zs.map((z) => (z.line ? `${z.name} (line ${z.line})` : z.name)).join(', ');
  /** The first zone's header line, for the warning. */
  const lineOf = (zs: Zone[]) => zs[0]?.line;
  const fromPresent = zones.filter((z) => Number.isNaN(z.managedPages) && (z.presentPages ?? 0) > 0);
  for (const z of fromPresent) z.managedPages = z.presentPages!;
  if (fromPresent.length > 0) {
    warnings.push(warning('zoneinfo.no-managed', `zone(s) ${names(fromPresent)} have no managed line (kernel before 3.8): present pages used instead`, path, lineOf(fromPresent)));
  }
  // managed ≤ present (zone_managed_pages excludes reserved pages): a larger figure is damage.
  const inflated = zones.filter((z) => z.presentPages !== undefined && z.managedPages > z.presentPages);
  for (const z of inflated) z.managedPages = z.presentPages!;
  if (inflated.length > 0) warnings.push(warning('zoneinfo.managed-above-present', `zone(s) ${names(inflated)} manage more pages than present (damaged): present used`, path, lineOf(inflated)));
  // An empty zone (Movable or Device without memory: present 0, managed 0) is what a healthy kernel prints, often
  // with min/low/high at their floor: it holds no pages to reclaim, so it is left out without a word.
  const empty = zones.filter((z) => z.managedPages === 0 || (Number.isNaN(z.managedPages) && z.presentPages === 0));
  const counted = zones.filter((z) => !empty.includes(z));
  const usable = counted.filter((z) => z.managedPages > 0 && z.managedPages <= MAX_ZONE_PAGES);
  const unusable = counted.filter((z) => !usable.includes(z));
  if (unusable.length > 0) {
    warnings.push(warning('zoneinfo.zone-dropped', `zone(s) ${names(unusable)} have ${unusable.every((z) => Number.isNaN(z.managedPages))
      ? 'neither a managed nor a present line' : 'an impossible page count'}: left out`, path, lineOf(unusable)));
  }
  // min ≤ low ≤ high ≤ managed is how __setup_per_zone_wmarks() leaves them: anything else is damage, recomputed below
  // like absent watermarks. Each kind is said apart, with the figures.
  const hasMarks = usable.filter((z) => [z.min, z.low, z.high].every(Number.isFinite));
  const disordered = hasMarks.filter((z) => !(z.min <= z.low && z.low <= z.high));
  const abovePages = hasMarks.filter((z) => !disordered.includes(z) && z.high > z.managedPages);
  const marks = (zs: Zone[], withPages: boolean) => zs.map((z) => `${z.name} min ${z.min}, low ${z.low}, high ${z.high}${withPages ? ` > managed ${z.managedPages}` : ''}`).join('; ');
  if (disordered.length > 0) {
    warnings.push(warning('zoneinfo.watermarks-disordered', `watermarks not in the order min ≤ low ≤ high (${marks(disordered, false)}; damaged): recomputed`, path, lineOf(disordered)));
  }
  if (abovePages.length > 0) {
    warnings.push(warning('zoneinfo.watermarks-above-pages', `high watermark above the zone's managed pages (${marks(abovePages, true)}; damaged): recomputed`, path, lineOf(abovePages)));
  }
  for (const z of [...disordered, ...abovePages]) z.min = z.low = z.high = NaN;
  const lacking = usable.filter((z) => [z.min, z.low, z.high].some((v) => !Number.isFinite(v)));
  if (lacking.length === 0) return { zones: usable, warnings };
  // __setup_per_zone_wmarks(): each zone's share of pages_min is its share of lowmem (managed pages outside highmem).
  const lowmemPages = usable.filter((z) => !isHighmem(z)).reduce((a, z) => a + z.managedPages, 0) || usable.reduce((a, z) => a + z.managedPages, 0);
  const minFreeKb = defaultMinFreeKbytes(memTotalKb ?? lowmemPages * PAGE_KIB);
  const pagesMin = Math.floor(minFreeKb / PAGE_KIB);
  for (const z of lacking) {
    const share = Math.floor((pagesMin * z.managedPages) / lowmemPages);
    z.min = isHighmem(z) ? Math.min(128, Math.max(SWAP_CLUSTER_MAX, Math.floor(z.managedPages / 1024))) : share;
    const tmp = Math.max(share >> 2, Math.floor((z.managedPages * WATERMARK_SCALE_FACTOR) / 10000));
    z.low = z.min + tmp;
    z.high = z.min + 2 * tmp;
    z.watermarksComputed = true;
  }
  warnings.push(warning('zoneinfo.no-watermarks', `zone(s) ${names(lacking)} have no min/low/high: computed as __setup_per_zone_wmarks() does `
    + `(min_free_kbytes ${minFreeKb} from ${memTotalKb !== undefined ? 'MemTotal' : 'the zones\' pages'}, watermark_scale_factor ${WATERMARK_SCALE_FACTOR})`, path, lineOf(lacking)));
  return { zones: usable, warnings };
}
