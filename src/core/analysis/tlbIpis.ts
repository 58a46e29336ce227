// kswapd's TLB-shootdown IPIs over a span, from tlb:tlb_flush (TlbFlushSummary's 1-s bins): the IPIs it sent, those
// another CPU answered, and per anon folio it reclaimed. shrink_folio_list() flushes before each dirty folio's
// pageout (try_to_unmap_flush_dirty()) and once at the end (try_to_unmap_flush()), so a kswapd whose unmapped mms
// ran on other CPUs sends about one IPI per anon folio, and none while their mm_cpumask holds only its own CPU.
import type { TlbFlushSummary } from '../capture/types';

/** A second with fewer anon folios reclaimed by kswapd says nothing about its IPIs per folio. */
export const MIN_BIN_FOLIOS = 100;

export interface KswapdIpis {
  sent: number;
  answered: number;
  anonReclaimed: number;
  /** answered ÷ anonReclaimed; NaN with no folio reclaimed. */
  perFolio: number;
  /** Lowest and highest per-second answered ÷ anonReclaimed over seconds with ≥ MIN_BIN_FOLIOS (NaN: none). */
  minPerFolio: number;
  maxPerFolio: number;
  /** `remote wrong CPU` on every CPU: a stale mm_cpumask bit cleared by flush_tlb_func(). */
  trims: number;
}

/** Sums over `span` (capture clock, s), each 1-s bin weighted by the share of it inside the span. */
export function kswapdIpisOver(t: TlbFlushSummary, span: { startS: number; endS: number }): KswapdIpis {
  const k = t.kswapd;
  const r: KswapdIpis = { sent: 0, answered: 0, anonReclaimed: 0, perFolio: NaN, minPerFolio: NaN, maxPerFolio: NaN, trims: 0 };
  const trims = t.perSecond[5] ?? [];
  for (let i = 0; i < k.ipiSent.length; i++) {
    const a = t.binStartS + i;
    const w = Math.max(0, Math.min(span.endS, a + 1) - Math.max(span.startS, a));
    if (w === 0) continue;
    r.sent += w * k.ipiSent[i];
    r.answered += w * k.ipiAnswered[i];
    r.anonReclaimed += w * k.anonReclaimed[i];
    r.trims += w * (trims[i] ?? 0);
    if (k.anonReclaimed[i] >= MIN_BIN_FOLIOS) {
      const p = k.ipiAnswered[i] / k.anonReclaimed[i];
      if (!(p >= r.minPerFolio)) r.minPerFolio = p;
      if (!(p <= r.maxPerFolio)) r.maxPerFolio = p;
    }
  }
  if (r.anonReclaimed > 0) r.perFolio = r.answered / r.anonReclaimed;
  return r;
}
