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

/** The sentence a missed row the profile drives gets; undefined when nothing was measured on both halves. */
export function driftWhy(d: HalfDrift): string | undefined {
  const parts: string[] = [];
  if (d.cfs) {
    const { calibration: a, heldOut: b } = d.cfs;
    parts.push(`kswapd ran ${pct(a.share)} then ${pct(b.share)} of the time it was runnable beside ${a.others.toFixed(1)} then `
      + `${b.others.toFixed(1)} other runnable tasks (loadavg): ${a.g.toFixed(2)} then ${b.g.toFixed(2)} tasks per CFS entity `
      + '(which sessions the tasks belong to is not in the capture)');
  }
  if (d.perPage) {
    const { calibration: a, heldOut: b } = d.perPage;
    parts.push(`CPU per scanned page ${us(a.scanNs)} then ${us(b.scanNs)} µs (${change(a.scanNs, b.scanNs)}), per anon page written `
      + `${us(a.writeNs)} then ${us(b.writeNs)} µs (${change(a.writeNs, b.writeNs)})`);
  }
  // Named where it is a visible part of the reclaimer's time on either half (the traces here show 0–2 %, K 64 %).
  if (d.slabShare && Math.max(d.slabShare.calibration, d.slabShare.heldOut) >= SLAB_NAMED) {
    parts.push(`the slab shrinkers (do_shrink_slab, not modelled: their time is in the per-scanned-page cost) took ${pct(d.slabShare.calibration)} `
      + `then ${pct(d.slabShare.heldOut)} of the reclaimer's reclaim samples`);
  }
  if (d.scanAnonShare) parts.push(`anon share of the pages scanned ${pct(d.scanAnonShare.calibration)} then ${pct(d.scanAnonShare.heldOut)}`);
  return parts.length ? `each half fitted alone (the profile carries the first half's): ${parts.join('; ')}` : undefined;
}
