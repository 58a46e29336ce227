// The workload's own CPU per page it faulted, from the trace: what the allocating tasks spent on a CPU outside their
// reclaim slices (handle_mm_fault(), clear_page() and the workload's own work on the page) ÷ pgfault over the trace.
// The replay does not charge it (its tasks pay only for reclaim), so the note says it is missing and how large it is.
import type { Capture } from '../capture/types';
import { nearestIndex } from './series';

/** The workload's comm (the one with the most direct reclaim slices), its on-CPU seconds outside reclaim over the
 *  trace and the µs per page faulted; undefined, with why, when the trace cannot tell. */
export function workloadCpuPerPage(capture: Capture): { comm: string; outsideS: number; usPerPage: number } | { why: string } {
  const t = capture.trace;
  const s = t?.directReclaim;
  if (!t || !s || s.pid.length === 0 || !s.onCpuS) return { why: 'no direct reclaim slices timed by sched_switch' };
  const perComm = new Map<string, number>();
  for (const p of s.pid) perComm.set(s.comms.get(p) ?? '', (perComm.get(s.comms.get(p) ?? '') ?? 0) + 1);
  const comm = [...perComm.entries()].sort((a, b) => b[1] - a[1])[0][0];
  const total = t.onCpuByComm?.[comm];
  if (total === undefined) return { why: `no sched_switch on-CPU time of ${comm || 'the reclaiming task'}` };
  let inSlices = 0;
  for (let i = 0; i < s.pid.length; i++) {
    if (s.comms.get(s.pid[i]) !== comm) continue;
    if (!Number.isFinite(s.onCpuS[i])) return { why: `${comm}'s switches are in the trace only in part` };
    inSlices += s.onCpuS[i];
  }
  const v = capture.vmstat;
  const faults = v?.columns.get('pgfault');
  if (!v || !faults) return { why: 'no pgfault counter' };
  const pages = faults[nearestIndex(v.times, t.lastTs)] - faults[nearestIndex(v.times, t.firstTs)];
  const outsideS = Math.max(0, total - inSlices);
  if (!(pages > 0)) return { why: 'no page faults over the trace' };
  return { comm, outsideS, usPerPage: (outsideS / pages) * 1e6 };
}
