// On-CPU time from sched_switch: per CPU, the task switched in is running until a sched_switch on that CPU switches
// it out. Only intervals whose two edges are both in the trace count (a filtered trace shows other tasks' edges
// partially). Intervals are kept for kswapd* and kcompressd* threads; every comm gets its on-CPU seconds.
import { EV, readSchedSwitch, readSchedWakeup } from './events';
import { IntervalBuilder } from './growable';
import { CommCache } from './commCache';
import type { Dispatcher, Tracker } from './dispatcher';


export class SchedTracker implements Tracker {
  readonly kswapdOnCpu = new IntervalBuilder();
  readonly kcompressdOnCpu = new IntervalBuilder();
  readonly onCpuByComm = new Map<string, number>();
  readonly kswapdPids = new Set<number>();
  wakeups = 0;
  private readonly comms = new CommCache();
  /** Per CPU: the task switched in, its comm and since when (pid -1: unknown). */
  private runPid: number[] = [];
  private runComm: string[] = [];
  private runSince: number[] = [];
  /** Per pid: when its last counted on-CPU interval ended (kept across discontinuities). */
  private readonly lastEnd = new Map<number, number>();

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
            if (r.prevPid !== 0) this.lastEnd.set(r.prevPid, line.ts);
            this.onCpuByComm.set(comm, (this.onCpuByComm.get(comm) ?? 0) + dt);
            if (comm.startsWith('kswapd')) {
              this.kswapdOnCpu.add(since, line.ts);
              this.kswapdPids.add(r.prevPid);
            } else if (comm.startsWith('kcompressd')) this.kcompressdOnCpu.add(since, line.ts);
          }
        }
        this.runPid[cpu] = r.nextPid;
        this.runComm[cpu] = r.nextComm;
        this.runSince[cpu] = line.ts;
      },
      [EV.schedWakeup]: (line, f) => (readSchedWakeup(f, this.comms) ? this.wakeups++ : d.reject(line)),
      [EV.schedWakeupNew]: (line, f) => (readSchedWakeup(f, this.comms) ? this.wakeups++ : d.reject(line)),
      [EV.schedWaking]: (line, f) => (readSchedWakeup(f, this.comms) ? undefined : d.reject(line)),
    });
  }

  discontinuity(): void {
    this.runPid = [];
    this.runComm = [];
    this.runSince = [];
  }
}
