// Per-zone limits for the replay from the capture's zoneinfo: watermarks, lowmem_reserve and the split of the
// starting free pages over the zones.
import type { Zone } from '../capture/types';
import type { ZoneLimits } from './zones';
import { grouped } from '../numberText';

/** sysctl vm.lowmem_reserve_ratio defaults (mm/page_alloc.c); zones not named here reserve nothing. */
const RESERVE_RATIO: Record<string, number> = { DMA: 256, DMA32: 256, Normal: 32 };

/**
 * lowmem_reserve[top] of each zone as setup_per_zone_lowmem_reserve() computes it: the managed pages of the zones
 * above it up to `top`, divided by the zone's ratio.
 */
export function lowmemReserves(zones: Pick<Zone, 'name' | 'managedPages'>[], top: number): number[] {
  return zones.map((z, i) => {
    const ratio = RESERVE_RATIO[z.name] ?? 0;
    if (i >= top || ratio === 0) return 0;
    let above = 0;
    for (let k = i + 1; k <= top; k++) above += zones[k].managedPages;
    return Math.floor(above / ratio);
  });
}

/**
 * One node's zones (the first node's, in zoneinfo order: zoneinfo lists every zone, so a zone's position is its
 * index in protection[]). User allocations ask for the highest populated zone, so each zone's reserve is its
 * protection entry for that zone. The starting free pages are spread like the
 * zoneinfo's free pages (by managed pages where it has none).
 */
export function zoneLimitsOf(all: Zone[], initialFree: number): { limits: ZoneLimits[]; note: string } {
  const zones = all.filter((z) => z.node === all[0].node);
  let top = zones.length - 1;
  while (top > 0 && !(zones[top].managedPages > 0)) top--;
  const fromZoneinfo = zones.every((z) => z.protection && z.protection.length > top);
  const reserves = fromZoneinfo ? zones.map((z) => z.protection![top]) : lowmemReserves(zones, top);
  const weightOf = (z: Zone) => (zones.every((y) => y.freePages !== undefined) ? z.freePages! : z.managedPages);
  let weights = 0;
  for (const z of zones) weights += weightOf(z);
  const limits = zones.map((z, i) => ({
    name: z.name, min: z.min, low: z.low, high: z.high, managed: z.managedPages, reserve: reserves[i],
    free: weights > 0 ? (initialFree * weightOf(z)) / weights : 0,
    ...(z.filePages !== undefined ? { filePages: z.filePages } : {}),
  }));
  const shown = limits.filter((l) => l.managed > 0).map((l) => `${l.name} ${grouped(l.low)}/${grouped(l.high)}+${grouped(l.reserve)}`).join(', ');
  const src = fromZoneinfo ? 'from zoneinfo protection' : 'computed from managed pages (default lowmem_reserve_ratio)';
  return { limits, note: `zones (low/high + lowmem_reserve, pages): ${shown}; reserve ${src}` };
}
