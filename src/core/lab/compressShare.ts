// The compression share of kswapd's CPU in a lab capture, for calibration (`replay --compress-share`): the guest has
// no perf, so the lab measures the in-kernel cost of storing one workload page in zram (compress_probe.txt, thread CPU
// time of one-page O_DIRECT writes to a spare zram device) and divides the time kswapd would spend on the pages it
// reclaimed by the CPU kswapd used: share = ns/page × pgsteal_kswapd/s ÷ kswapd CPU ns/s, both over the reclaim window (as parse reports it).
import type { CaptureFigures } from '../analysis/types';

export interface CompressProbe {
  pages: number;
  cpuNsPerPage: number;
  wallNsPerPage: number;
}

/** `probe pages=N cpu_ns_per_page=X wall_ns_per_page=Y …`; undefined when the file holds no such line. */
export function parseProbe(text: string): CompressProbe | undefined {
  const m = /^probe pages=(\d+) cpu_ns_per_page=(\d+(?:\.\d+)?) wall_ns_per_page=(\d+(?:\.\d+)?)/m.exec(text);
  if (!m) return undefined;
  const p = { pages: Number(m[1]), cpuNsPerPage: Number(m[2]), wallNsPerPage: Number(m[3]) };
  return p.pages > 0 && p.cpuNsPerPage > 0 ? p : undefined;
}

/** The share, or why there is none. Capped below 1: a share of 1 or more means the probe cost more than kswapd ran. */
export function compressShare(probe: CompressProbe, f: CaptureFigures): { share: number; text: string } | { why: string } {
  const steal = f.rates.pgsteal_kswapd;
  const cpu = f.kswapd.cpuPct;
  if (!f.window || steal === undefined || steal <= 0) return { why: 'kswapd reclaimed nothing in the capture' };
  if (cpu === null || cpu <= 0) return { why: 'no kswapd CPU series in the capture' };
  const share = (probe.cpuNsPerPage * steal) / ((cpu / 100) * 1e9);
  if (!(share > 0 && share < 1)) return { why: `the probe's ${Math.round(probe.cpuNsPerPage)} ns/page × ${Math.round(steal)} pages/s exceeds kswapd's ${cpu.toFixed(1)} % CPU` };
  const r = Math.round(share * 1000) / 1000;
  return { share: r, text: `compression share ${r}: ${Math.round(probe.cpuNsPerPage)} ns/page (probe) × ${Math.round(steal)} pgsteal_kswapd/s ÷ kswapd ${cpu.toFixed(1)} % CPU` };
}

/** The share for a lab capture folder (its compress_probe.txt and its own figures). */
export async function labCompressShare(dir: string): Promise<{ share: number; text: string } | { why: string }> {
  const { existsSync, readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { loadCapture } = await import('../capture/loadCapture');
  const { analyzeCapture } = await import('../analysis/figures');
  const { PROBE_FILE } = await import('./initramfs');
  const file = join(dir, PROBE_FILE);
  const probe = existsSync(file) ? parseProbe(readFileSync(file, 'utf8')) : undefined;
  if (!probe) return { why: `no compression probe in ${file}` };
  return compressShare(probe, analyzeCapture(await loadCapture(dir)));
}
