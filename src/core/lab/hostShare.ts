// What the host gave the guest: QEMU's own CPU time over the run (/proc/PID/stat utime + stime) and the host's load
// average at its start and end. Under TCG the guest's speed is the host CPU its vCPU threads get, so two halves of a
// pair are comparable only when both got about as much; the zram probe, timed once before the workload, misses load
// that comes and goes during it. Reads /proc only: the host is never changed.
import * as fs from 'node:fs';
import { statFields, USER_HZ } from '../record/formats';

/** RunRecord.host. */
export interface HostShare {
  /** QEMU's user + system CPU seconds over the run (its last /proc sample before it exited). */
  qemuCpuS: number;
  /** qemuCpuS per wall second of the run: host CPUs the guest's vCPUs had on average (at most the vCPU count). */
  cpusPerWallS: number;
  /** /proc/loadavg's 1-minute average when the run started and when it ended. */
  loadavg: [number, number];
}

/** utime + stime (fields 14 and 15 of /proc/PID/stat) in seconds at `hz` ticks per second; undefined for a line
 *  that is not a stat line. */
export function statCpuS(stat: string, hz: number = USER_HZ): number | undefined {
  if (!stat.includes(')')) return undefined;
  const f = statFields(stat);
  const [u, s] = [Number(f[11]), Number(f[12])];
  return Number.isFinite(u) && Number.isFinite(s) && f.length >= 13 ? (u + s) / hz : undefined;
}

/** The 1-minute load average of a /proc/loadavg line (NaN when unreadable). */
export function loadavg1(text: string): number {
  return Number(text.split(/\s+/)[0]);
}

function read(path: string): string {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Samples process `pid`'s CPU time every `everyMs` until stop(), which returns the run's HostShare (`wallS`: the
 *  run's length). The last sample stands for the whole run: /proc/PID goes away once the process is reaped. */
export function watchHostShare(pid: number | undefined, everyMs = 500): { stop(wallS: number): HostShare } {
  const start = loadavg1(read('/proc/loadavg'));
  let cpuS = 0;
  const sample = () => {
    const s = pid === undefined ? undefined : statCpuS(read(`/proc/${pid}/stat`));
    if (s !== undefined) cpuS = s;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop(wallS: number): HostShare {
      clearInterval(timer);
      sample();
      return { qemuCpuS: round2(cpuS), cpusPerWallS: wallS > 0 ? round2(cpuS / wallS) : 0, loadavg: [start, loadavg1(read('/proc/loadavg'))] };
    },
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Host CPU ratios between the halves of a pair outside this band: not the same machine (as the probe's band). */
const SAME_SHARE = { low: 0.8, high: 1.25 } as const;

/** A line when the two halves' QEMU had different host CPU (a shared host's load changed between them). */
export function hostShareWarning(baseline: HostShare | undefined, after: HostShare | undefined): string | undefined {
  if (!baseline || !after || !(baseline.cpusPerWallS > 0 && after.cpusPerWallS > 0)) return undefined;
  const r = after.cpusPerWallS / baseline.cpusPerWallS;
  if (r >= SAME_SHARE.low && r <= SAME_SHARE.high) return undefined;
  return `the halves' QEMU had ${baseline.cpusPerWallS.toFixed(2)} and ${after.cpusPerWallS.toFixed(2)} host CPUs on average `
    + `(×${r.toFixed(2)}; host load ${baseline.loadavg.map((l) => l.toFixed(1)).join(' → ')} and ${after.loadavg.map((l) => l.toFixed(1)).join(' → ')}): `
    + 'under TCG the guests ran at different speeds, so their rates compare two machines, not two kernels; run the pair again on a quieter host';
}
