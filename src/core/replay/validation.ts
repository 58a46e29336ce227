// Which profile the fidelity table tests and on which part of the capture: by default a profile calibrated on the
// first half of the reclaim window, compared on the second half it never saw (held out in time). The kcompressd
// prediction is not affected: it keeps the replay's own profile.
import { nearestIndex } from '../analysis/series';
import type { CaptureFigures } from '../analysis/types';
import type { Capture } from '../capture/types';
import { OptionError } from '../errors';
import { builtinProfile, validateProfile } from '../profiles/builtin';
import { calibrateProfile, type Calibration } from '../profiles/calibrate';
import type { DeviceProfile } from '../profiles/types';
import type { FidelityBasis, ReplayOptions, Validation } from './types';
import { grouped } from '../numberText';

/** vmstat samples each half needs before the window is split (fewer: one half's rate rests on a couple of deltas). */
export const MIN_SAMPLES_PER_HALF = 5;

export const VALIDATE_MODES = ['split', 'none'] as const;

export interface Span { startS: number; endS: number }

export interface ValidationPlan {
  mode: Validation['mode'];
  /** The fidelity run's profile; undefined: the table compares the replay's own baseline run. */
  profile?: DeviceProfile;
  profileName: string;
  /** What the profile was calibrated on (capture clock, s); undefined when not on this capture. */
  calibration?: Span;
  /** Where the table compares (capture clock, s). */
  compare: Span;
  note: string;
  /** What the split's calibration still took from the whole capture (it saw the compared half there). */
  wholeCapture?: string[];
  /** The split's calibration of the first half: per-page costs (halfDrift sets the held-out half's beside them). */
  calibrated?: Calibration;
}

/** `predicted` when the calibration did not see time t (capture clock), else `fitted`. */
export function basisAt(plan: ValidationPlan, t: number): FidelityBasis {
  const c = plan.calibration;
  return c && t >= c.startS && t <= c.endS ? 'fitted' : 'predicted';
}

/** The basis of a figure taken over the compare span. */
export const compareBasis = (plan: ValidationPlan): FidelityBasis => {
  const c = plan.calibration;
  return c && plan.compare.startS < c.endS && plan.compare.endS > c.startS ? 'fitted' : 'predicted';
};

const isCalibratedOn = (p: DeviceProfile, c: Capture) => p.source.startsWith(`calibrated on ${c.root}`);

/**
 * The plan for `options.validate` (default split). `profile` is the replay's own; `given` a profile object read from
 * the file --validate names. Undefined without a reclaim window or under --pressure saturate (nothing to compare).
 * Throws OptionError for an unknown --validate profile.
 */
export function planValidation(c: Capture, f: CaptureFigures, options: ReplayOptions, profile: DeviceProfile, given: unknown,
  originS: number): ValidationPlan | undefined {
  const w = f.window;
  if (!w || !c.vmstat || options.pressure !== 'capture') return undefined;
  const whole: Span = { startS: w.startS, endS: w.endS };
  const s = (t: number) => `${(t - originS).toFixed(1)} s`;
  const wholeRun = (p: DeviceProfile | undefined, note: string): ValidationPlan => {
    const prof = p ?? profile;
    const here = isCalibratedOn(prof, c);
    const what = here ? 'every row a fit to the data it was calibrated on, not a test' : 'the whole reclaim window held out';
    return { mode: 'whole', profile: p, profileName: prof.name, calibration: here ? whole : undefined, compare: whole, note: `${note}: ${what}` };
  };
  const mode = options.validate ?? 'split';
  if (mode === 'none') return wholeRun(undefined, `--validate none: the replay (profile ${profile.name}) compared with the whole capture`);
  if (mode === 'split') {
    if (!isCalibratedOn(profile, c)) return wholeRun(undefined, `profile ${profile.name} was not calibrated on this capture`);
    const t = c.vmstat.times;
    const i0 = nearestIndex(t, w.startS);
    const i1 = nearestIndex(t, w.endS);
    const mid = nearestIndex(t, (w.startS + w.endS) / 2);
    if (mid - i0 < MIN_SAMPLES_PER_HALF || i1 - mid < MIN_SAMPLES_PER_HALF) {
      return wholeRun(undefined, `reclaim window too short to split (${grouped(i1 - i0)} vmstat intervals; each half needs ${MIN_SAMPLES_PER_HALF}): calibrated and compared on the whole window`);
    }
    const calibration = { startS: t[i0], endS: t[mid] };
    try {
      const cal = calibrateProfile(c, f, { seed: options.seed, compressShare: options.compressShare, window: calibration, name: `first half of ${c.root}` });
      const p = cal.profile;
      const seen = cal.wholeCapture ? `, except ${cal.wholeCapture.join('; ')}` : '';
      return {
        mode: 'split', profile: p, profileName: p.name, calibration, compare: { startS: t[mid], endS: t[i1] }, calibrated: cal,
        note: `calibrated on the first half of the reclaim window (${s(t[i0])}–${s(t[mid])}: costs, perf shares, CPU availability `
          + `and LRU balance), compared on the second half (${s(t[mid])}–${s(t[i1])}), which the calibration did not see${seen}`,
        ...(cal.wholeCapture ? { wholeCapture: cal.wholeCapture } : {}),
      };
    } catch (err) {
      return wholeRun(undefined, `cannot calibrate on the first half of the reclaim window (${(err as Error).message})`);
    }
  }
  const p = given !== undefined ? validateProfile(given, mode, '--validate') : builtinProfile(mode);
  if (!p) throw new OptionError('--validate', `unknown '${mode}' (split, none, a built-in profile: x86-vm, phone-big, phone-little; or a JSON file)`);
  return wholeRun(p, `--validate ${mode}: the capture replayed with profile ${p.name}`);
}

/** The plan as the result carries it: spans on the series time base (replay seconds, to the ms). */
export function validationOf(plan: ValidationPlan, originS: number): Validation {
  const ms = (t: number) => Math.round((t - originS) * 1000) / 1000;
  const span = (x: Span): [number, number] => [ms(x.startS), ms(x.endS)];
  return { mode: plan.mode, calibrationS: plan.calibration && span(plan.calibration), compareS: span(plan.compare), profileName: plan.profileName, note: plan.note };
}
