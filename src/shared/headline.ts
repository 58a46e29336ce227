// The four headline figures of a replay, shared by the status bar, the webview cards, the HTML report and the
// `reclaimReplay.lastResult` command, so every place shows the same numbers.
import type { Figure, ReplayResult } from '../core/replay/types';

export interface Headline {
  /** kcompressd ÷ baseline pgsteal_anon/s. */
  speedup: Figure;
  /** Relative change of allocation stalls, %. */
  allocstallChangePct: Figure;
  /** kswapd CPU freed, percentage points of one core. */
  kswapdCpuFreedPts: Figure;
  fifoFullPct: Figure;
}

export const isNumber = (f: Figure): f is number => typeof f === 'number';

/** a − b, or the first unavailable operand. */
function minus(a: Figure, b: Figure): Figure {
  if (!isNumber(a)) return a;
  return isNumber(b) ? a - b : b;
}

function ratio(a: Figure, b: Figure, what: string): Figure {
  if (!isNumber(a)) return a;
  if (!isNumber(b)) return b;
  return b === 0 ? { unavailable: `baseline ${what} is 0` } : a / b;
}

export function headline(r: ReplayResult): Headline {
  const b = r.baseline;
  const k = r.kcompressd;
  const stall = ratio(k.allocstalls, b.allocstalls, 'allocstalls');
  return {
    speedup: ratio(k.pgstealAnonPerS, b.pgstealAnonPerS, 'pgsteal_anon/s'),
    allocstallChangePct: isNumber(stall) ? (stall - 1) * 100 : stall,
    kswapdCpuFreedPts: minus(b.kswapdCpuPct, k.kswapdCpuPct),
    fifoFullPct: k.fifoFullPct,
  };
}

/** A number with a sensible number of digits, or "n/a" for an unavailable figure. */
export function fmt(f: Figure, digits = 1): string {
  if (!isNumber(f)) return 'n/a';
  if (!Number.isFinite(f)) return String(f);
  const abs = Math.abs(f);
  // Thousands separated from 1,000 on, so a column never mixes "8096" with "70,893".
  if (abs >= 100) return Math.round(f).toLocaleString('en-US');
  return f.toFixed(digits);
}

const signed = (f: Figure, unit: string): string => (isNumber(f) ? `${f > 0 ? '+' : ''}${fmt(f)}${unit}` : 'n/a');

/** Whether the kcompressd scenario's workers compressed no page over the headline's window: its × then measures
 *  nothing kcompressd did (B: memcg reclaim compresses synchronously, so ×1.00 is no answer, not "no gain"). */
export const kcompressdIdle = (r: ReplayResult): boolean => r.kcompressd.workerPages.length > 0 && r.kcompressd.workerPages.every((p) => p === 0);

/** The speed-up card's label: a × below 1 is a slow-down, and one kcompressd took no part in says so (trial13 F1, F4). */
function speedupLabel(h: Headline, idle: boolean): string {
  if (idle) return 'simulated pgsteal_anon/s speed-up: kcompressd never engaged (see kcompressd below)';
  return isNumber(h.speedup) && h.speedup < 0.995 ? 'simulated pgsteal_anon/s: a slow-down (see kcompressd below)' : 'simulated pgsteal_anon/s speed-up';
}

/** The card texts: label (each says it is simulated: kcompressd vs today's kernel, both replayed), value, and the
 *  reason when the value is unavailable. `idle`: kcompressdIdle of the result. */
export function headlineCards(h: Headline, idle = false): { id: string; label: string; value: string; note?: string }[] {
  const note = (f: Figure) => (isNumber(f) ? undefined : f.unavailable);
  return [
    { id: 'speedup', label: speedupLabel(h, idle), value: isNumber(h.speedup) ? `×${fmt(h.speedup, 2)}` : 'n/a', note: note(h.speedup) },
    { id: 'allocstall', label: 'simulated allocstall change', value: signed(h.allocstallChangePct, ' %'), note: note(h.allocstallChangePct) },
    { id: 'kswapd', label: 'simulated kswapd CPU freed', value: isNumber(h.kswapdCpuFreedPts) ? `${fmt(h.kswapdCpuFreedPts)} pts` : 'n/a', note: note(h.kswapdCpuFreedPts) },
    { id: 'fifo', label: 'simulated FIFO full', value: isNumber(h.fifoFullPct) ? `${fmt(h.fifoFullPct)} %` : 'n/a', note: note(h.fifoFullPct) },
  ];
}

/** The status bar text, e.g. "kcompressd ×2.4 pgsteal_anon/s". */
export function statusText(h: Headline): string {
  return isNumber(h.speedup) ? `kcompressd ×${fmt(h.speedup, 1)} pgsteal_anon/s` : 'kcompressd: no pgsteal_anon/s figure';
}
