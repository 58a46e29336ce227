// The figures of one simulated scenario, measured on the simulation the way captures/README §5 measures a
// capture: rates over the window in which pages were swapped out, CPU as a share of one core over that same span.
import type { ScenarioOutput } from '../model/simulation';
import type { Figure, KcompressdFigures, ScenarioFigures } from './types';

const MiB = 1 << 20;
const PAGE = 4096;
const r1 = (x: number) => Math.round(x * 10) / 10;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** First and last bin with swap-out activity (the whole run when there is none). */
export function activeWindow(o: ScenarioOutput): { first: number; last: number; seconds: number } {
  let first = -1;
  let last = -1;
  for (let i = 0; i < o.bins; i++) {
    if (o.swapOut[i] > 0) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) { first = 0; last = o.bins - 1; }
  return { first, last, seconds: ((last - first + 1) * o.binNs) / 1e9 };
}

function sum(a: Float64Array, first: number, last: number): number {
  let v = 0;
  for (let i = first; i <= last; i++) v += a[i];
  return v;
}

export function scenarioFigures(o: ScenarioOutput): ScenarioFigures {
  const w = activeWindow(o);
  const windowNs = w.seconds * 1e9;
  let peak = -1;
  for (let i = 0; i < o.bins; i++) if (peak < 0 || o.zramOrig[i] > o.zramOrig[peak]) peak = i;
  const noZram = { unavailable: 'no page reached zram in the replay' };
  const ratio: Figure = o.zramCompr[peak] > 0 ? r3(o.zramOrig[peak] / o.zramCompr[peak]) : noZram;
  let memUsed = 0;
  for (let i = 0; i < o.bins; i++) memUsed = Math.max(memUsed, o.zramMemUsed[i]);
  const kswapdNs = sum(o.kswapd.busyBins, w.first, w.last);
  const tasksNs = sum(o.tasks.busyBins, w.first, w.last);
  return {
    pgstealAnonPerS: r1(sum(o.pgstealAnon, w.first, w.last) / w.seconds),
    pgscanAnonPerS: r1(sum(o.pgscanAnon, w.first, w.last) / w.seconds),
    kswapdCpuPct: r1((kswapdNs / windowNs) * 100),
    allocstalls: o.totals.allocstalls,
    directReclaimMs: r1(o.totals.directNs / 1e6),
    zramRatio: ratio,
    zramMemUsedMiB: o.zramOrig[peak] > 0 ? r1(memUsed / MiB) : noZram,
    minFreeMiB: Math.floor((o.minFreePages * PAGE) / MiB),
    reclaimerCpuPct: r1(((kswapdNs + tasksNs) / windowNs) * 100),
    memcgReclaimMs: r1(o.totals.memcgNs / 1e6),
  };
}

export function kcompressdFigures(o: ScenarioOutput): KcompressdFigures {
  const base = scenarioFigures(o);
  const kc = o.kcompressd;
  if (!kc) throw new Error('kcompressdFigures needs a scenario run with kcompressd');
  const w = activeWindow(o);
  const windowNs = w.seconds * 1e9;
  const submitted = kc.queued + kc.fallback;
  const none = { unavailable: 'kswapd wrote no page to zram in the replay' };
  const durationS = o.durationNs / 1e9;
  return {
    ...base,
    fifoFullPct: r1((kc.fullNs / o.durationNs) * 100),
    fallbackSyncPct: submitted > 0 ? r1((kc.fallback / submitted) * 100) : none,
    workerBusyPct: kc.tasks.map((t) => r1((sum(t.busyBins, w.first, w.last) / windowNs) * 100)),
    workerPages: [...kc.pages],
    workerUsPerPage: kc.tasks.map((t, i) => (kc.pages[i] > 0 ? r3(t.cpuNs / kc.pages[i] / 1000) : 0)),
    queuedPct: submitted > 0 ? r1((kc.queued / submitted) * 100) : none,
    fifoHighWater: kc.highWater,
    workerFifoHighWater: [...kc.workerHighWater],
    fifoFullS: r3(Math.min(kc.fullNs / 1e9, durationS)),
    writebackRescans: o.totals.writebackRescans,
  };
}
