// On-CPU time from sched_switch: per CPU, the task switched in is running until a sched_switch on that CPU switches
// it out. Only intervals whose two edges are both in the trace count (a filtered trace shows other tasks' edges
// partially). Intervals are kept for kswapd* and kcompressd* threads; every comm gets its on-CPU seconds, and every
// pid a running total that reclaim slices read at their edges (onCpuSoFar).
import { EV, readSchedSwitch, readSchedWakeup } from './events';
import { IntervalBuilder } from './growable';
import { CommCache } from './commCache';
import type { Dispatcher, Tracker } from './dispatcher';
import type { TraceLine } from './tokenizer';


export class SchedTracker implements Tracker {
  readonly kswapdOnCpu = new IntervalBuilder();
  readonly kcompressdOnCpu = new IntervalBuilder();
  /** Per CPU, the intervals its idle task (pid 0, swapper/N) ran: the CPU was idle, in lazy TLB mode (enter_lazy_tlb()). */
  readonly idle: IntervalBuilder[] = [];
  readonly onCpuByComm = new Map<string, number>();
  readonly kswapdPids = new Set<number>();
  wakeups = 0;
  private readonly comms = new CommCache();
  /** Per CPU: the task switched in, its comm and since when (pid -1: unknown). */
  private runPid: number[] = [];
  private runComm: string[] = [];
  private runSince: number[] = [];
  /** Per CPU: the last event its idle task recorded while it ran (a wake-up from an interrupt on the idle CPU). */
  private idleSeen: number[] = [];
  /** Per pid: when its last counted on-CPU interval ended (kept across discontinuities). */
  private readonly lastEnd = new Map<number, number>();
  /** Per pid seen in a sched_switch: counted on-CPU seconds, and since when it runs (absent: not running). */
  private readonly pidOnCpu = new Map<number, number>();
  private readonly pidRunning = new Map<number, number>();
  /** Pids switched since the start or the last join, and pids whose switches the trace shows only in part. */
  private readonly seenSinceJoin = new Set<number>();
  private readonly incomplete = new Set<number>();

  constructor(d: Dispatcher) {
    d.add(this, {
      [EV.schedSwitch]: (line, f) => {
        const r = readSchedSwitch(f, this.comms);
        if (!r || line.cpu < 0) return d.reject(line);
        const cpu = line.cpu;
        if (this.runPid[cpu] === r.prevPid) {
          // A thread runs on one CPU at a time: an interval starting before its last one ended (a trace joined
          // with a copy of itself, clocks skewed across CPUs) only counts from there. pid 0 is one idle task per CPU.
          const since = r.prevPid === 0 ? this.runSince[cpu] : Math.max(this.runSince[cpu], this.lastEnd.get(r.prevPid) ?? -Infinity);
          const comm = this.runComm[cpu];
          const dt = line.ts - since;
          if (dt >= 0) {
            if (r.prevPid !== 0) {
              this.lastEnd.set(r.prevPid, line.ts);
              this.pidOnCpu.set(r.prevPid, (this.pidOnCpu.get(r.prevPid) ?? 0) + dt);
            }
            this.onCpuByComm.set(comm, (this.onCpuByComm.get(comm) ?? 0) + dt);
            if (comm.startsWith('kswapd')) {
              this.kswapdOnCpu.add(since, line.ts);
              this.kswapdPids.add(r.prevPid);
            } else if (comm.startsWith('kcompressd')) this.kcompressdOnCpu.add(since, line.ts);
            else if (r.prevPid === 0) this.idleUntil(cpu, since, line.ts);
          }
        } else if (this.runPid[cpu] === 0 && line.ts >= this.runSince[cpu]) {
          // The idle task's switch to the task now switching out is not in the trace (a comm filter hides it, and the
          // 6.18 captures never show one on cpu1): the CPU was idle until the last event its idle task recorded (the
          // wake-up that ended the idle, ttwu_queue() from the idle CPU's interrupt), else until this switch (an upper
          // bound on its idle time).
          const seen = this.idleSeen[cpu];
          this.idleUntil(cpu, this.runSince[cpu], r.prevPid !== 0 && seen >= this.runSince[cpu] ? seen : line.ts);
        }
        if (r.prevPid !== 0) {
          // A switch-out without its switch-in, or a switch-in while running: the filter hides some of its switches.
          if (this.seenSinceJoin.has(r.prevPid) && this.runPid[cpu] !== r.prevPid) this.incomplete.add(r.prevPid);
          this.pidRunning.delete(r.prevPid);
          this.seenSinceJoin.add(r.prevPid);
          if (!this.pidOnCpu.has(r.prevPid)) this.pidOnCpu.set(r.prevPid, 0);
        }
        if (r.nextPid !== 0) {
          if (this.pidRunning.has(r.nextPid)) this.incomplete.add(r.nextPid);
          this.pidRunning.set(r.nextPid, line.ts);
          this.seenSinceJoin.add(r.nextPid);
          if (!this.pidOnCpu.has(r.nextPid)) this.pidOnCpu.set(r.nextPid, 0);
        }
        this.runPid[cpu] = r.nextPid;
        this.runComm[cpu] = r.nextComm;
        this.runSince[cpu] = line.ts;
      },
      [EV.schedWakeup]: (line, f) => (readSchedWakeup(f, this.comms) ? (this.wakeups++, this.byIdle(line)) : d.reject(line)),
      [EV.schedWakeupNew]: (line, f) => (readSchedWakeup(f, this.comms) ? (this.wakeups++, this.byIdle(line)) : d.reject(line)),
      [EV.schedWaking]: (line, f) => (readSchedWakeup(f, this.comms) ? this.byIdle(line) : d.reject(line)),
    });
  }

  /** Notes an event the idle task recorded on its CPU while it ran there. */
  private byIdle(line: TraceLine): void {
    if (line.pid === 0 && line.cpu >= 0 && this.runPid[line.cpu] === 0) this.idleSeen[line.cpu] = line.ts;
  }

  private idleUntil(cpu: number, since: number, ts: number): void {
    (this.idle[cpu] ??= new IntervalBuilder()).add(since, ts);
  }

  /** The pid's on-CPU seconds up to `ts`, when the pid is running at `ts` (it emits an event then) and its switches
   *  are in the trace; NaN when they are not (a filtered trace, a switch-in before the trace or across a join). */
  onCpuSoFar(pid: number, ts: number): number {
    if (this.incomplete.has(pid)) return NaN;
    const since = this.pidRunning.get(pid);
    if (since === undefined || !(ts >= since)) return NaN;
    return this.pidOnCpu.get(pid)! + (ts - Math.max(since, this.lastEnd.get(pid) ?? -Infinity));
  }

  /** Whether every switch of the pid the trace shows pairs up (a comm-filtered trace shows other tasks' switches
   *  only where a filtered task is on the other side): only then are its on-CPU totals whole. */
  switchesComplete(pid: number): boolean {
    return !this.incomplete.has(pid);
  }

  discontinuity(): void {
    this.pidRunning.clear();
    this.seenSinceJoin.clear();
    this.runPid = [];
    this.runComm = [];
    this.runSince = [];
    this.idleSeen = [];
  }
}
