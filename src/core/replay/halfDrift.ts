// What the device itself changed between a split's calibration half and its held-out half in what the first half's
// profile carries over: the CPU the other load leaves kswapd (CFS tasks per entity, cfsShare.ts), the per-page costs
// and the LRU balance. Each is measured on each half alone. A predicted row that misses names them, so a miss made
// by something the capture cannot show the model (which sessions the runnable tasks belong to, the vCPU's speed) is
// told apart from the model's own. An explanation of a row, never an input to one.
import type { CaptureFigures } from '../analysis/types';
import type { Capture } from '../capture/types';
import { tasksPerEntityOf, type TasksPerEntity } from '../model/cfsShare';
import { lruBalanceOf } from '../model/workload';
import { calibrateProfile, type Calibration } from '../profiles/calibrate';

interface Span { startS: number; endS: number }
type Halves<T> = { calibration: T; heldOut: T };

export interface HalfDrift {
  /** tasksPerEntityOf() on each half: kswapd's measured share of its runnable time, the other runnable tasks, g. */
  cfs?: Halves<TasksPerEntity>;
  /** The reclaimer's CPU per scanned page and per anon page written, calibrated on each half alone. */
  perPage?: Halves<Calibration['perPage']>;
  /** Anon share of the pages scanned (pgscan_anon ÷ pgscan_anon + pgscan_file) on each half. */
  scanAnonShare?: Halves<number>;
  /** The slab shrinkers' share of the reclaimer's reclaim samples (perf) on each half. */
  slabShare?: Halves<number>;
}

/** The drift between a split's `calibration` half (calibrated as `calibrated`) and its `heldOut` half (capture clock, s). */
export function halfDrift(c: Capture, f: CaptureFigures, calibration: Span, heldOut: Span, calibrated?: Calibration): HalfDrift {
  const out: HalfDrift = {};
  const [ca, cb] = [tasksPerEntityOf(c, calibration), tasksPerEntityOf(c, heldOut)];
  if (ca && cb) out.cfs = { calibration: ca, heldOut: cb };
  if (calibrated) {
    try {
      const held = calibrateProfile(c, f, { window: heldOut });
      out.perPage = { calibration: calibrated.perPage, heldOut: held.perPage };
      if (calibrated.slabShare !== undefined && held.slabShare !== undefined) out.slabShare = { calibration: calibrated.slabShare, heldOut: held.slabShare };
    } catch {
      // The held-out half alone has nothing to calibrate on (no anon reclaim): no per-page costs to set beside.
    }
  }
  if (c.vmstat) out.scanAnonShare = { calibration: lruBalanceOf(c.vmstat, calibration).scanAnonShare, heldOut: lruBalanceOf(c.vmstat, heldOut).scanAnonShare };
  return out;
}

/** Slab shrinker share of the reclaim samples from which the sentence names it. */
const SLAB_NAMED = 0.05;

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const us = (ns: number) => (ns / 1000).toFixed(2);
const change = (a: number, b: number) => {
  const d = Math.round(((b - a) / a) * 100);
  return `${d >= 0 ? '+' : ''}${d} %`;
};

/** The sentence a missed row the profile drives gets: only the quantities that changed between the halves (as
 *  printed), or that the halves' inputs were the same when none did; undefined when nothing was measured on both. */
export function driftWhy(d: HalfDrift): string | undefined {
  const parts: string[] = [];
  const same: string[] = [];
  /** `text` when the quantity changed as printed, else it goes to the "same" list as `name`. */
  const put = (changed: boolean, name: string, text: () => string) => {
    if (changed) parts.push(text());
    else same.push(name);
  };
  if (d.cfs) {
    const { calibration: a, heldOut: b } = d.cfs;
    put(pct(a.share) !== pct(b.share) || a.others.toFixed(1) !== b.others.toFixed(1) || a.g.toFixed(2) !== b.g.toFixed(2), 'kswapd\'s share of its runnable time and the other runnable tasks',
      () => `kswapd ran ${pct(a.share)} then ${pct(b.share)} of the time it was runnable beside ${a.others.toFixed(1)} then `
        + `${b.others.toFixed(1)} other runnable tasks (loadavg): ${a.g.toFixed(2)} then ${b.g.toFixed(2)} tasks per CFS entity `
        + '(which sessions the tasks belong to is not in the capture)');
  }
  if (d.perPage) {
    const { calibration: a, heldOut: b } = d.perPage;
    const costs = [['CPU per scanned page', a.scanNs, b.scanNs], ['per anon page written', a.writeNs, b.writeNs]] as const;
    const moved = costs.filter(([, x, y]) => us(x) !== us(y));
    put(moved.length > 0, 'the per-page costs',
      () => moved.map(([name, x, y]) => `${name} ${us(x)} then ${us(y)} µs (${change(x, y)})`).join(', '));
  }
  // Named where it is a visible part of the reclaimer's time on either half (the traces here show 0–2 %, K 64 %).
  if (d.slabShare && Math.max(d.slabShare.calibration, d.slabShare.heldOut) >= SLAB_NAMED) {
    const { calibration: a, heldOut: b } = d.slabShare;
    put(pct(a) !== pct(b), 'the slab shrinkers\' share', () => `the slab shrinkers (do_shrink_slab, not modelled: their time is in the per-scanned-page cost) took ${pct(a)} `
      + `then ${pct(b)} of the reclaimer's reclaim samples`);
  }
  if (d.scanAnonShare) {
    const { calibration: a, heldOut: b } = d.scanAnonShare;
    put(pct(a) !== pct(b), 'the anon share of the pages scanned', () => `anon share of the pages scanned ${pct(a)} then ${pct(b)}`);
  }
  const head = 'each half fitted alone (the profile carries the first half\'s)';
  if (parts.length) return `${head}: ${parts.join('; ')}`;
  // Measured on both halves and unchanged: the device's side explains nothing, so the miss is the model's own.
  return same.length ? `${head}: the halves' inputs were the same (${same.join(', ')}), so nothing they show explains the miss` : undefined;
}
