// Per-page CPU costs of one replay, taken from the device profile for the chosen algorithm; an explicit
// compression share re-splits the same per-page total between kswapd's own work and the offloadable zram write.
import type { DeviceProfile } from '../profiles/types';
import type { Algorithm } from '../vocabulary';
import { PAGE_CLASSES } from './zram/pageClasses';
import { warning, type Warning } from '../warnings';

export interface PageCosts {
  /** Per scanned page: isolate, reference check, putback. */
  scan: number;
  /** Per unmapped anon page: rmap + try_to_unmap + swap slot. */
  unmap: number;
  /** Per unmapped anon page: TLB-shootdown IPIs (the profile's tlbFlushNs). */
  tlb: number;
  /** The IPI targets' busy share tlb was measured at (the profile's tlbIpiTargetsBusy; tlbShootdown.ts). */
  tlbTargetsBusy?: number;
  /** An IPI to an idle target's cost ÷ one to a busy target's (the profile's tlbIpiIdleRatio; tlbShootdown.ts). */
  tlbIdleRatio?: number;
  /** Answered IPIs per anon folio tlb was measured at (the profile's tlbIpisPerFolio; tlbShootdown.ts). */
  tlbIpisPerFolio?: number;
  file: number;
  store: number;
  same: number;
  queue: number;
  /** Compression ns per class, PAGE_CLASSES order. */
  compress: Float64Array;
  /** Share of the reclaimer's time per reclaimed anon page spent in the zram write (what kcompressd can take). */
  compressShare: number;
}

/** Classes whose pages zram never compresses: zero (zeromap or same-filled) and same-filled. */
const SAME_CLASSES = new Set(['zero', 'fill']);

function writeCost(c: Omit<PageCosts, 'compressShare'>, weights: Float64Array, zeromap: boolean): { same: number; compress: number } {
  let same = 0;
  let compress = 0;
  PAGE_CLASSES.forEach((cls, i) => {
    if (cls === 'zero' && zeromap) return;
    if (SAME_CLASSES.has(cls)) same += weights[i] * c.same;
    else compress += weights[i] * (c.compress[i] + c.store);
  });
  return { same, compress };
}

/**
 * @param weights the page mix (normalised, PAGE_CLASSES order)
 * @param anonReclaimable share of scanned anon pages that get reclaimed (scan cost per reclaimed page = scan / it)
 * @param share overrides the profile's split: the same per-page total, with this share in the zram write
 */
export function pageCosts(profile: DeviceProfile, algorithm: Algorithm, weights: Float64Array, zeromap: boolean,
  anonReclaimable: number, share?: number): { costs: PageCosts; warning?: Warning } {
  const byClass = profile.compressNs[algorithm];
  const base = {
    scan: profile.scanNs, unmap: profile.unmapNs, tlb: profile.tlbFlushNs ?? 0, tlbTargetsBusy: profile.tlbIpiTargetsBusy, tlbIdleRatio: profile.tlbIpiIdleRatio, ...(profile.tlbIpisPerFolio !== undefined ? { tlbIpisPerFolio: profile.tlbIpisPerFolio } : {}), file: profile.fileNs, store: profile.storeNs, same: profile.sameNs,
    queue: profile.queueNs, compress: Float64Array.from(PAGE_CLASSES, (c) => byClass[c]),
  };
  const zeroShare = zeromap ? weights[PAGE_CLASSES.indexOf('zero')] : 0;
  const perPage = (c: typeof base) => {
    const w = writeCost(c, weights, zeromap);
    const zero = zeroShare * c.same;
    return { write: w.same + w.compress, total: c.scan / Math.max(anonReclaimable, 1e-3) + c.unmap + c.tlb + zero + w.same + w.compress, compress: w.compress };
  };
  const p = perPage(base);
  if (share === undefined) return { costs: { ...base, compressShare: p.write / p.total } };
  // Keep the per-page total: find the compression scale whose write share is `share`, and scale the rest of the
  // per-page work (scan, unmap, TLB flush) by one factor so the total stays the same.
  const w1 = writeCost(base, weights, zeromap);
  const storePart = PAGE_CLASSES.reduce((a, cls, i) => a + (SAME_CLASSES.has(cls) ? 0 : weights[i] * base.store), 0);
  const pureCompress = w1.compress - storePart;
  const scale = pureCompress > 0 ? Math.max(0, (share * p.total - w1.same - storePart) / pureCompress) : 0;
  const scaled = { ...base, compress: base.compress.map((v) => v * scale) };
  const other = base.scan / Math.max(anonReclaimable, 1e-3) + base.unmap + base.tlb;
  const k = other > 0 ? (p.total - perPage(scaled).write - zeroShare * base.same) / other : 0;
  const costs = { ...scaled, scan: base.scan * Math.max(0, k), unmap: base.unmap * Math.max(0, k), tlb: base.tlb * Math.max(0, k) };
  const r = perPage(costs);
  const got = r.write / r.total;
  return { costs: { ...costs, compressShare: got }, ...(k < 0 ? { warning: warning('model.compress-share-capped', `compress share ${share} exceeds what the per-page total allows; using ${got.toFixed(3)}`) } : {}) };
}
