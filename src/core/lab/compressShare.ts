// The compression share of the calibrated reclaimer's time in a lab capture (`replay --compress-share`): the guest
// has no perf, so the lab measures the in-kernel cost of storing one workload page in zram (compress_probe.txt,
// thread CPU time of one-page O_DIRECT writes to a spare zram device). The share is that cost over the same
// reclaimer, time and pages the calibration divides (calibrationReclaimer(): kswapd's CPU, or the direct reclaim
// slices when direct reclaim did most), so the calibrated profile compresses a page in the probe's time:
// share = ns/page × pages written by that reclaimer ÷ its time, over the reclaim window (or the part of it a trace
// that stops early covers: calibrationFigures).
import type { CaptureFigures } from '../analysis/types';
import type { Capture } from '../capture/types';
import { calibrationFigures, calibrationReclaimer } from '../profiles/calibrate';

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

/** The share, or why there is none. Capped below 1: a share of 1 or more means the probe cost more than the
 *  reclaimer ran. */
export function compressShare(probe: CompressProbe, capture: Capture, f: CaptureFigures): { share: number; text: string } | { why: string } {
  let r: ReturnType<typeof calibrationReclaimer>;
  try {
    r = calibrationReclaimer(capture, calibrationFigures(capture, f).figures); // the span calibrateProfile divides
  } catch (err) {
    return { why: (err as Error).message };
  }
  const ns = probe.cpuNsPerPage * r.pagesWritten;
  const share = ns / (r.cpuS * 1e9);
  const of = `${Math.round(r.pagesWritten)} pages ${r.who === 'kswapd' ? 'kswapd' : `${r.who} reclaim`} wrote ÷ its ${r.cpuS.toFixed(2)} s`;
  if (!(share > 0 && share < 1)) return { why: `the probe's ${Math.round(probe.cpuNsPerPage)} ns/page × ${of} is not a share (${share.toFixed(2)})` };
  const rounded = Math.round(share * 1000) / 1000;
  return { share: rounded, text: `compression share ${rounded}: ${Math.round(probe.cpuNsPerPage)} ns/page (probe) × ${of}` };
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
  const capture = await loadCapture(dir);
  return compressShare(probe, capture, analyzeCapture(capture));
}
