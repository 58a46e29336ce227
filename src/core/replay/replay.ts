// replay(): a capture through the model twice — today's kernel, then with kcompressd — with the figures of both,
// the speed-up and the baseline's fidelity to what the capture measured.
import { analyzeCapture } from '../analysis/figures';
import type { CaptureFigures } from '../analysis/types';
import type { Capture } from '../capture/types';
import { OptionError } from '../errors';
import { captureAlgorithm, corpusFor } from '../model/corpusForCapture';
import { pageCosts } from '../model/costs';
import { mmPolicy, v1Policy } from '../model/kcompressd';
import { runScenario } from '../model/simulation';
import type { ScenarioOutput } from '../model/simulation';
import { availabilityOf, lruBalanceOf, saturateWorkload, workloadFromCapture } from '../model/workload';
import { availabilityOnCpus, cpuCountNote } from './cpuCount';
import { RunQueueShares } from '../model/cfsShare';
import { builtinProfile, validateProfile } from '../profiles/builtin';
import { calibrateProfile } from '../profiles/calibrate';
import type { DeviceProfile } from '../profiles/types';
import type { IpisPerFolio } from '../model/tlbShootdown';
import { fidelity, headlineFidelity, measuredHeadline } from './fidelity';
import { observedSeries } from './observedSeries';
import { compareBasis, planValidation, validationOf, type ValidationPlan } from './validation';
import { verdict, withBeforeRanKcompressd } from './verdict';
import { predictionMechanism, withMechanism } from './mechanism';
import { DEFAULT_PROFILE } from './options';
import { activeWindow, binWindow, gainLimits, kcompressdFigures, scenarioFigures, swapOutSpanS } from './scenarioFigures';
import type { Algorithm } from '../vocabulary';
import type { KcompressdFigures, Progress, ReplayOptions, ReplayResult, ScenarioFigures, SeriesSet } from './types';
import { beforeRanKcompressd } from '../lab/kcompressdDesign';
import { counted, warning, type Warning } from '../warnings';
import { grouped } from '../numberText';

const r3 = (x: number) => Math.round(x * 1000) / 1000;

export interface ReplayHooks {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** A profile object the caller read from the file named by options.profile. */
  profile?: unknown;
  /** A profile object the caller read from the file named by options.validate. */
  validateProfile?: unknown;
  /** Work shared by replays of one capture (a sweep): profiles and baseline runs keyed by what they depend on. */
  cache?: ReplayCache;
}

/** A profile with the warnings its resolution gave (a calibration that failed): a replay served from a cache says them too. */
export interface ResolvedProfile {
  profile: DeviceProfile;
  warnings: Warning[];
}

/** What replays of the same capture can share; a baseline does not depend on the kcompressd options. */
export interface ReplayCache {
  profiles: Map<string, ResolvedProfile>;
  plans: Map<string, ValidationPlan | undefined>;
  baselines: Map<string, { baseline: ScenarioOutput; validation: ScenarioOutput }>;
}

export const newReplayCache = (): ReplayCache => ({ profiles: new Map(), plans: new Map(), baselines: new Map() });

/** The profile named by the options: a caller-supplied object, a built-in, or `capture` (calibrated on it). */
export function resolveProfile(capture: Capture, figures: CaptureFigures, options: ReplayOptions, given: unknown, warnings: Warning[]): DeviceProfile {
  if (given !== undefined) return validateProfile(given, options.profile);
  const named = builtinProfile(options.profile);
  if (named) return named;
  if (options.profile === DEFAULT_PROFILE) {
    try {
      // The compression share the user gave stands in for the perf samples a capture may lack (lab guests have no perf).
      const calibrated = calibrateProfile(capture, figures, { seed: options.seed, compressShare: options.compressShare }).profile;
      return validateProfile(calibrated, `${calibrated.name} (calibrated)`); // damaged captures calibrate to damaged costs
    } catch (err) {
      warnings.push(warning('profile.calibration-failed', `profile: cannot calibrate on this capture (${(err as Error).message}); using x86-vm`));
      return builtinProfile('x86-vm')!;
    }
  }
  throw new OptionError('--profile', `unknown profile '${options.profile}' (built-in: capture, x86-vm, phone-big, phone-little; or a JSON file)`);
}

const SERIES_NAMES = ['freePages', 'pgstealAnonPerS', 'pgscanAnonPerS', 'kswapdCpuPct', 'kcompressdBusyPct', 'fifoDepth', 'fifoDeepest', 'allocstalls',
  'directReclaimMs', 'memcgReclaimMs', 'reclaimerCpuPct', 'zramMemUsedMiB', 'zramRatio'] as const;

/** Series key prefix of one kcompressd worker's busy % (kcompressdBusyPct is the sum over workers). */
export const WORKER_BUSY_PREFIX = 'workerBusyPct';

function seriesOf(o: ScenarioOutput): Record<string, Float64Array> {
  const binS = o.binNs / 1e9;
  const s = Object.fromEntries(SERIES_NAMES.map((n) => [n, new Float64Array(o.bins)])) as Record<(typeof SERIES_NAMES)[number], Float64Array>;
  for (let i = 0; i < o.bins; i++) {
    s.freePages[i] = o.freePages[i];
    s.pgstealAnonPerS[i] = o.pgstealAnon[i] / binS;
    s.pgscanAnonPerS[i] = o.pgscanAnon[i] / binS;
    // One thread runs at most one core: a float sum of its slices can pass the bin by a few ns (100.00006 %).
    s.kswapdCpuPct[i] = Math.min(100, (o.kswapd.busyBins[i] / o.binNs) * 100);
    let busy = 0;
    for (const t of o.kcompressd?.tasks ?? []) busy += t.busyBins[i];
    s.kcompressdBusyPct[i] = (busy / o.binNs) * 100;
    s.fifoDepth[i] = o.fifoDepth[i];
    s.fifoDeepest[i] = o.fifoDeepest[i];
    s.allocstalls[i] = o.allocstalls[i];
    s.directReclaimMs[i] = o.directNs[i] / 1e6;
    s.memcgReclaimMs[i] = o.memcgNs[i] / 1e6;
    // Whoever reclaims: kswapd and the tasks in direct and memcg reclaim (scenarioFigures' reclaimerCpuPct, per bin).
    s.reclaimerCpuPct[i] = ((o.kswapd.busyBins[i] + o.tasks.busyBins[i]) / o.binNs) * 100;
    s.zramMemUsedMiB[i] = o.zramMemUsed[i] / (1 << 20);
    // No stored data yet: no ratio (NaN leaves a gap), not a ratio of 0.
    s.zramRatio[i] = o.zramCompr[i] > 0 ? o.zramOrig[i] / o.zramCompr[i] : NaN;
  }
  // One busy series per worker (each ≤ 100 % of its CPU): `${WORKER_BUSY_PREFIX}${i}`.
  (o.kcompressd?.tasks ?? []).forEach((t, w) => {
    const y = new Float64Array(o.bins);
    for (let i = 0; i < o.bins; i++) y[i] = Math.min(100, (t.busyBins[i] / o.binNs) * 100);
    s[`${WORKER_BUSY_PREFIX}${w}` as (typeof SERIES_NAMES)[number]] = y;
  });
  return s;
}

function tally(name: string, o: ScenarioOutput): string {
  const t = o.totals;
  let awakeNs = 0;
  for (let i = 0; i < o.kswapdAwake.start.length; i++) awakeNs += o.kswapdAwake.end[i] - o.kswapdAwake.start[i];
  const served = t.intentPages > 0 ? ` tasks served ${((t.servedPages / t.intentPages) * 100).toFixed(1)} % of their intent;` : '';
  const fromSleep = o.kswapdWakes.reduce((a, b) => a + b, 0);
  return `${name}, whole replay (0–${(o.durationNs / 1e9).toFixed(1)} s): kswapd ${counted(fromSleep, 'wake')} from sleep, `
    + `${grouped(t.kswapdWakes)} mm_vmscan_kswapd_wake (balance_pgdat runs), ${grouped(t.kswapdSleeps)} kswapd_sleep, `
    + `${grouped(t.wakeupRequests)} wakeup_kswapd, awake ${(awakeNs / 1e9).toFixed(1)} s, lowest priority ${t.minPriority}, `
    + `kswapd_failures up to ${t.kswapdFailures};${served} ${counted(t.memcgCalls, 'memcg reclaim call')}`
    + (o.swapOut[o.bins - 1] > 0 ? `; still swapping out at the replay's end (${(o.durationNs / 1e9).toFixed(1)} s): its reclaim window did not end` : '');
}

function speedups(base: ScenarioFigures, kc: ScenarioFigures): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(base) as (keyof ScenarioFigures)[]) {
    const a = base[k];
    const b = kc[k];
    if (typeof a === 'number' && typeof b === 'number' && a !== 0) out[k] = Math.round((b / a) * 1000) / 1000;
  }
  return out;
}

/** Which TLB-shootdown price a capture with tlb:tlb_flush gets: by its answered IPIs when the profile measured them. */
function ipisNote(ipis: IpisPerFolio, profile: DeviceProfile): string {
  const known = ipis.perFolio.filter((r) => !Number.isNaN(r));
  const range = known.length ? `${Math.min(...known).toFixed(3)}–${Math.max(...known).toFixed(3)} per second` : 'no second with enough folios';
  return profile.tlbIpisPerFolio !== undefined
    ? `TLB shootdown: its cost follows kswapd's answered IPIs per anon folio (tlb:tlb_flush: ${range}; none while the unmapped mms' mm_cpumask holds only kswapd's CPU) over the ${profile.tlbIpisPerFolio} profile ${profile.name} measured, not the other CPUs' busy share`
    : `TLB shootdown: the capture measured kswapd's answered IPIs per anon folio (tlb:tlb_flush: ${range}) but profile ${profile.name} did not (its capture has no tlb_flush): priced by the other CPUs' busy share`;
}

export async function replay(capture: Capture, requested: ReplayOptions, hooks: ReplayHooks = {}): Promise<ReplayResult> {
  const t0 = performance.now();
  // The baseline is today's kernel on this device: it compresses with the capture's own comp_algorithm.
  const options: ReplayOptions & { algorithm: Algorithm } = { ...requested, algorithm: requested.algorithm ?? captureAlgorithm(capture) };
  const warnings: Warning[] = [];
  const figures = analyzeCapture(capture);
  // Profiles given as objects are not keyed by name: only named ones are shared through the cache.
  const shareable = hooks.profile === undefined && hooks.validateProfile === undefined;
  const profileKey = `${options.profile}|${options.seed}|${options.compressShare ?? ''}`;
  let resolved = shareable ? hooks.cache?.profiles.get(profileKey) : undefined;
  if (!resolved) {
    const own: Warning[] = [];
    resolved = { profile: resolveProfile(capture, figures, options, hooks.profile, own), warnings: own };
    if (shareable) hooks.cache?.profiles.set(profileKey, resolved);
  }
  const profile = resolved.profile;
  warnings.push(...resolved.warnings);
  const workload = options.pressure === 'saturate' ? saturateWorkload(capture) : workloadFromCapture(capture);
  const { corpus, fit } = corpusFor(figures, captureAlgorithm(capture), options.algorithm, options.seed, workload.zeromap);
  if (fit) warnings.push(...fit.warnings);
  const costsOf = (p: DeviceProfile) => pageCosts(p, options.algorithm, corpus.weights, workload.zeromap, workload.anonReclaimable, options.compressShare);
  const { costs, warning: costWarning } = costsOf(profile);
  if (costWarning) warnings.push(costWarning);
  const ranKcompressd = beforeRanKcompressd(capture);
  if (ranKcompressd) warnings.push(ranKcompressd);
  const planKey = [profileKey, options.pressure, options.validate].join('|');
  const plan = shareable && hooks.cache?.plans.has(planKey) ? hooks.cache.plans.get(planKey)
    : planValidation(capture, figures, options, profile, hooks.validateProfile, workload.originS);
  if (shareable) hooks.cache?.plans.set(planKey, plan);
  const captureCpus = capture.trace?.cpus || profile.cpus;
  const cpus = options.cpus ?? captureCpus;
  const binNs = Math.round((options.resolutionS ?? 0.1) * 1e9);
  // Both scenarios run on the chosen cores, with the capture's other load spread over them: with cpu_stat the CPU
  // each modelled thread gets follows from the runnable tasks under CFS (cfsShare), else the reclaimer's measured
  // share is moved.
  const onCores = (p: DeviceProfile) => {
    if (!workload.runQueue) return { availability: availabilityOnCpus(workload.availability, captureCpus, cpus) };
    const tasksPerEntity = p.cfsTasksPerEntity ?? 1;
    const rq = new RunQueueShares(workload.runQueue, cpus, tasksPerEntity);
    return { availability: rq.mean(), tasksPerEntity, shareOfTwo: cpus > 1 ? rq.mean(2) : undefined };
  };
  const load = onCores(profile);
  const availability = load.availability;
  const cpuNote = cpuCountNote(captureCpus, cpus, workload.availability, availability);
  if (cpuNote) workload.notes.push(cpuNote);
  if (load.tasksPerEntity !== undefined) {
    workload.notes.push(`CPU for kswapd, kcompressd workers and the tasks: CFS against `
      + (workload.runQueue?.entities ? `the other runnable entities' weight in each CPU's root cfs_rq (cfs_rq.txt, sched/debug) on ${counted(cpus, 'CPU')}; `
        : `the capture's other runnable tasks (loadavg) on ${counted(cpus, 'CPU')}, `
        + `${counted(load.tasksPerEntity, 'task')} per entity (${profile.cfsTasksPerEntity === undefined ? `profile ${profile.name} has none: each task its own` : `profile ${profile.name}`}); `)
      + `one thread gets ${(availability * 100).toFixed(1)} % of a core on average`);
  }
  const setup = { workload: { ...workload, availability, tasksPerEntity: load.tasksPerEntity }, costs, cpus, corpus, seed: options.seed, binNs };
  if (cpus === 1 && costs.tlb > 0) workload.notes.push('one CPU: no TLB-shootdown IPIs (the profile\'s tlbFlushNs is not charged)');
  else if (workload.ipisPerFolio && costs.tlb > 0) workload.notes.push(ipisNote(workload.ipisPerFolio, profile));
  const policy = options.variant === 'mm' ? mmPolicy(options.queue) : v1Policy(options.kcompressd, options.queue);
  const runs = plan?.profile ? 3 : 2;
  const progress = (k: number, label: string) => (f: number) => hooks.onProgress?.({ fraction: (k + f) / runs, label });
  // Everything the baseline (and the validation run) read: the kcompressd options (workers, queue, variant) are not among them.
  const baseKey = [profileKey, profile.name, options.algorithm, options.pressure, options.compressShare, options.validate, cpus, binNs].join('|');
  const cached = shareable ? hooks.cache?.baselines.get(baseKey) : undefined;
  const baseOut = cached?.baseline ?? await runScenario(setup, { signal: hooks.signal, onProgress: progress(0, 'baseline (kswapd compresses)') });
  const kcOut = await runScenario({ ...setup, offload: policy }, { signal: hooks.signal, onProgress: progress(1, `kcompressd ${options.variant}`) });
  // The fidelity run: today's kernel with the validation profile (by default calibrated on the first half only).
  // A split calibration takes the other load and the LRU balance from the first half too: nothing from the held-out half.
  const part = plan?.mode === 'split' ? plan.calibration : undefined;
  // With cpu_stat the calibration half gives the tasks per entity (its profile); the held-out half's CPU follows
  // from its own runnable tasks, never from kswapd's figures there.
  const fidLoad = !part ? load : workload.runQueue ? onCores(plan?.profile ?? profile)
    : { availability: availabilityOnCpus(availabilityOf(capture, part).a, captureCpus, cpus) };
  const fidAvailability = fidLoad.availability;
  const fidWorkload = part ? { ...setup.workload, availability: fidAvailability, tasksPerEntity: fidLoad.tasksPerEntity, ...lruBalanceOf(capture.vmstat!, part) } : setup.workload;
  const fidOut = cached?.validation ?? (plan?.profile
    ? await runScenario({ ...setup, workload: fidWorkload, costs: costsOf(plan.profile).costs }, { signal: hooks.signal, onProgress: progress(2, `validation (${plan.profileName})`) })
    : baseOut);
  if (!cached && shareable) hooks.cache?.baselines.set(baseKey, { baseline: baseOut, validation: fidOut });
  for (const [name, o] of [['baseline', baseOut], ['kcompressd', kcOut]] as const) {
    const failed = o.totals.zsmallocFailed;
    if (failed > 0) warnings.push(warning('model.zsmalloc-enomem', `${name}: ${counted(failed, 'page')} not written to zram (zs_malloc -ENOMEM: no free pages for a zspage); their folios stayed on the LRU`));
  }
  // Both scenarios over the capture's own reclaim window (where the device's figures were measured), and over
  // their own swap-out windows.
  const cw = options.pressure === 'capture' ? figures.window : undefined;
  const win = (o: ScenarioOutput) => (cw ? binWindow(o, cw.startS - workload.originS, cw.endS - workload.originS) : activeWindow(o));
  const baseline = scenarioFigures(baseOut, win(baseOut));
  const given = load.tasksPerEntity === undefined
    ? (availability < 1 ? `it left each thread ${(availability * 100).toFixed(1)} % of a core: kswapd's schedstat run delay in the capture` : undefined)
    : `the other load (${workload.runQueue?.entities ? 'the root cfs_rq\'s other entities' : 'cpu_stat\'s runnable tasks'}, CFS) left one thread ${(availability * 100).toFixed(1)} % of a core`
    + `${load.shareOfTwo === undefined ? '' : ` and each of two ${(load.shareOfTwo * 100).toFixed(1)} %`} on average`;
  const kcFigures = kcompressdFigures(kcOut, win(kcOut));
  const [stealB, stealK] = [baseline.pgstealAnonPerS, kcFigures.pgstealAnonPerS];
  const speedup = typeof stealB === 'number' && typeof stealK === 'number' && stealB > 0 ? stealK / stealB : undefined;
  const limits = gainLimits(baseOut, kcOut, cpus, costs.compressShare, given, speedup);
  const mechanism = predictionMechanism(baseOut, kcOut, win(baseOut), win(kcOut), cpus, speedup);
  const kcompressd: KcompressdFigures = { ...kcFigures, ...(limits.bound !== undefined && { speedupBound: limits.bound }), limitedBy: withMechanism(limits.limitedBy, mechanism) };
  const measured = cw ? measuredHeadline(capture, figures) : undefined;
  // The headline compares today's replay with the capture over the whole window: its rows' bases are the fidelity
  // table's over that window for the replay's own run (the table itself when it already is that one).
  const wholePlan = measured && planValidation(capture, figures, { ...options, validate: 'none' }, profile, undefined, workload.originS);
  const headlineBases = () => (plan && plan.mode === 'whole' && !plan.profile ? fidelity(capture, figures, fidOut, plan, workload.originS, fidAvailability, workload.runQueue !== undefined)
    : fidelity(capture, figures, baseOut, wholePlan!, workload.originS, availability, workload.runQueue !== undefined));
  const notes = [
    `profile ${profile.name}: ${profile.source}`,
    `cpus ${cpus}; page mix ${Object.entries(corpus.mix).map(([c, v]) => `${c} ${v.toFixed(1)} %`).join(', ')}`,
    ...workload.notes,
    tally('baseline', baseOut),
    tally('kcompressd', kcOut),
  ];
  const result: ReplayResult = {
    capture: capture.root,
    // What ran: mm has one kcompressd per node whatever --kcompressd says.
    options: { ...options, kcompressd: policy.workers },
    profileName: profile.name,
    baseline,
    kcompressd,
    speedup: speedups(baseline, kcompressd),
    compressShare: Math.round(costs.compressShare * 1000) / 1000,
    fidelity: plan ? fidelity(capture, figures, fidOut, plan, workload.originS, fidAvailability, workload.runQueue !== undefined) : {},
    validation: plan && validationOf(plan, workload.originS),
    ...(measured ? { measured, headlineFidelity: headlineFidelity(measured, baseline, headlineBases(), compareBasis(wholePlan!)) } : {}),
    warnings: [...warnings, ...figures.warnings],
    notes,
    cpus,
    availability: r3(availability),
    window: cw ? { kind: 'capture', startS: r3(cw.startS - workload.originS), endS: r3(cw.endS - workload.originS), binsS: swapOutSpanS(baseOut, win(baseOut)) }
      : { kind: 'own', startS: 0, endS: workload.durationNs / 1e9 },
    ...(cw ? { ownWindow: { baseline: scenarioFigures(baseOut), kcompressd: kcompressdFigures(kcOut), spansS: { baseline: swapOutSpanS(baseOut), kcompressd: swapOutSpanS(kcOut) } } } : {}),
    elapsedMs: Math.round(performance.now() - t0),
    runs: cached ? ['kcompressd'] : ['today', 'kcompressd', ...(plan?.profile ? ['validation' as const] : [])],
    simulatedS: workload.durationNs / 1e9,
  };
  const { window: span, headlineFidelity: head } = result;
  const whole = span?.kind === 'capture' && head ? { spanS: [span.startS, span.endS] as [number, number], head, edges: result.fidelity } : undefined;
  result.verdict = withBeforeRanKcompressd(verdict(result.fidelity, result.validation, options.pressure === 'saturate' ? 'saturate' : 'no-window', whole), ranKcompressd);
  if (options.series) {
    const t = Float64Array.from({ length: baseOut.bins }, (_, i) => ((i + 1) * binNs) / 1e9);
    const observed = observedSeries(capture, { originS: workload.originS, binNs, bins: baseOut.bins }, result.warnings);
    const series: SeriesSet = { t, baseline: seriesOf(baseOut), kcompressd: seriesOf(kcOut), watermarks: { ...workload.watermarks }, observed,
      origin: { s: workload.originS, clock: capture.clock } };
    result.series = series;
  }
  return result;
}
