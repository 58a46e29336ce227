// A zram store probe (the lab's compress_probe.txt): the in-kernel CPU to store one workload page in zram, timed
// in the guest with one-page O_DIRECT writes to a spare zram device. It stands in for the perf profile a guest lacks:
// calibration takes the compression share of the reclaimer's time from it.
import { promises as fs } from 'node:fs';
import { warning, type Warning } from '../warnings';
import type { SourceInfo, ZramProbe } from './types';

export const PROBE_LINE = /^probe pages=(\d+) cpu_ns_per_page=(\d+(?:\.\d+)?) wall_ns_per_page=(\d+(?:\.\d+)?)/;

/** `probe pages=N cpu_ns_per_page=X wall_ns_per_page=Y …`; undefined when the text holds no usable such line. */
export function parseProbeText(text: string): Omit<ZramProbe, 'source'> | undefined {
  const m = PROBE_LINE.exec(text.split('\n').find((l) => PROBE_LINE.test(l)) ?? '');
  if (!m) return undefined;
  const p = { pages: Number(m[1]), cpuNsPerPage: Number(m[2]), wallNsPerPage: Number(m[3]) };
  return p.pages > 0 && p.cpuNsPerPage > 0 ? p : undefined;
}

export async function parseZramProbe(path: string): Promise<{ info: SourceInfo; probe?: ZramProbe; warnings: Warning[] }> {
  const text = await fs.readFile(path, 'utf8');
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const at = text.split('\n').findIndex((l) => PROBE_LINE.test(l)) + 1;
  const p = parseProbeText(text);
  const info: SourceInfo = { path, format: 'zram-probe', lines: lines.length, unparsed: 0, unparsedLines: [] };
  if (!p) return { info, warnings: [warning('capture.probe-unusable', 'the zram store probe timed no page (pages or cpu_ns_per_page is 0): not used', path, at || undefined)] };
  return { info, probe: { source: path, ...p }, warnings: [] };
}
