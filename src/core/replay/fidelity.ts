// Observed vs simulated for every figure the capture measured (baseline scenario: today's kernel).
import type { CaptureFigures } from '../analysis/types';
import type { FidelityRow, ScenarioFigures } from './types';

function row(observed: number, simulated: number): FidelityRow {
  const errorPct = observed !== 0 ? ((simulated - observed) / Math.abs(observed)) * 100 : simulated === 0 ? 0 : 100;
  return { observed: Math.round(observed * 1000) / 1000, simulated, errorPct: Math.round(errorPct * 10) / 10 };
}

/** The capture's reclaimer CPU: kswapd's when it did the reclaim, else the tasks' time in reclaim slices. */
export function observedReclaimerCpuPct(f: CaptureFigures): number | null {
  if (!f.window) return null;
  const { durationS } = f.window;
  const r = f.rates;
  const global = (r.pgsteal_kswapd ?? 0) + (r.pgsteal_direct ?? 0);
  const memcg = Math.max(0, (r.pgsteal_anon ?? 0) + (r.pgsteal_file ?? 0) - global);
  const slicesMs = f.memcgReclaim.totalMs + f.directReclaim.totalMs;
  if (memcg > (r.pgsteal_kswapd ?? 0) || (r.pgsteal_direct ?? 0) > (r.pgsteal_kswapd ?? 0)) {
    return slicesMs > 0 ? (slicesMs / 1000 / durationS) * 100 : null;
  }
  return f.kswapd.cpuPct === null ? null : f.kswapd.cpuPct + (slicesMs / 1000 / durationS) * 100;
}

export function fidelity(f: CaptureFigures, sim: ScenarioFigures, traced: boolean): Record<string, FidelityRow> {
  const out: Record<string, FidelityRow> = {};
  const add = (key: keyof ScenarioFigures, observed: number | null | undefined) => {
    const s = sim[key];
    if (observed === null || observed === undefined || !Number.isFinite(observed) || typeof s !== 'number') return;
    out[key] = row(observed, s);
  };
  const reclaim = f.window;
  if (reclaim) {
    add('pgstealAnonPerS', f.rates.pgsteal_anon);
    add('pgscanAnonPerS', f.rates.pgscan_anon);
    add('allocstalls', f.rates.allocstall !== undefined ? Math.round(f.rates.allocstall * reclaim.durationS) : undefined);
  }
  add('kswapdCpuPct', f.kswapd.cpuPct);
  add('reclaimerCpuPct', observedReclaimerCpuPct(f));
  if (traced) {
    add('directReclaimMs', f.directReclaim.totalMs);
    add('memcgReclaimMs', f.memcgReclaim.totalMs);
  }
  add('zramRatio', f.zram?.ratio);
  add('zramMemUsedMiB', f.zram?.memUsedMiB);
  add('minFreeMiB', f.minFreeMiB);
  return out;
}
