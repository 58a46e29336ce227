// The compression share of the calibrated reclaimer's time in a lab capture: the guest has no perf, so the lab
// measures the in-kernel cost of storing one workload page in zram (compress_probe.txt, read by the loader as the
// capture's zram store probe). Calibration takes the share from that probe by itself (probeShare over the reclaimer,
// time and span it divides); `lab run` and `lab pair` print it so the user sees what the replay will use.
import type { CaptureFigures } from '../analysis/types';
import type { Capture, ZramProbe } from '../capture/types';
import { calibrationFigures, calibrationReclaimer, probeShare } from '../profiles/calibrate';

/** The share, or why there is none. */
export function compressShare(probe: Pick<ZramProbe, 'cpuNsPerPage'>, capture: Capture, f: CaptureFigures): { share: number; text: string } | { why: string } {
  let r: ReturnType<typeof calibrationReclaimer>;
  try {
    r = calibrationReclaimer(capture, calibrationFigures(capture, f).figures); // the span calibrateProfile divides
  } catch (err) {
    return { why: (err as Error).message };
  }
  const s = probeShare(probe.cpuNsPerPage, r.pagesWritten, r.cpuS);
  const who = r.who === 'kswapd' ? 'kswapd' : `${r.who} reclaim`;
  if ('why' in s) return { why: `the probe's ${s.why} (${who})` };
  return { share: s.share, text: `compression share ${s.share}: ${s.text} (probe × pages ${who} wrote ÷ its time)` };
}

/** The share for a lab capture folder (its zram store probe and its own figures). */
export async function labCompressShare(dir: string): Promise<{ share: number; text: string } | { why: string }> {
  const { loadCapture } = await import('../capture/loadCapture');
  const { analyzeCapture } = await import('../analysis/figures');
  const capture = await loadCapture(dir);
  if (!capture.zramProbe) return { why: `no zram store probe in ${dir}` };
  return compressShare(capture.zramProbe, capture, analyzeCapture(capture));
}
