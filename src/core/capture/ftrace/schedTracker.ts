// On-CPU time from sched_switch: per CPU, the task switched in is running until a sched_switch on that CPU switches
// it out. Only intervals whose two edges are both in the trace count (a filtered trace shows other tasks' edges
// partially). Intervals are kept for kswapd* and kcompressd* threads; every comm gets its on-CPU seconds.
import { EV, readSchedSwitch, readSchedWakeup } from './events';
import { IntervalBuilder } from './growable';
import type { Dispatcher, Tracker } from './dispatcher';

const KSWAPD = /^kswapd/;
const KCOMPRESSD = /^kcompressd/;

interface Running {
  pid: number;
  comm: string;
  since: number;
}

export class SchedTracker implements Tracker {
  readonly kswapdOnCpu = new IntervalBuilder();
  readonly kcompressdOnCpu = new IntervalBuilder();
  readonly onCpuByComm = new Map<string, number>();
  readonly kswapdPids = new Set<number>();
  wakeups = 0;
  private running: (Running | undefined)[] = [];

  constructor(d: Dispatcher) {
    d.add(this, {
      [EV.schedSwitch]: (line, f) => {
        const r = readSchedSwitch(f);
        if (!r || line.cpu < 0) return d.reject(line);
        const cur = this.running[line.cpu];
        if (cur && cur.pid === r.prevPid) {
          const dt = line.ts - cur.since;
          if (dt >= 0) {
            this.onCpuByComm.set(cur.comm, (this.onCpuByComm.get(cur.comm) ?? 0) + dt);
            if (KSWAPD.test(cur.comm)) {
              this.kswapdOnCpu.add(cur.since, line.ts);
              this.kswapdPids.add(cur.pid);
            } else if (KCOMPRESSD.test(cur.comm)) this.kcompressdOnCpu.add(cur.since, line.ts);
          }
        }
        this.running[line.cpu] = { pid: r.nextPid, comm: r.nextComm, since: line.ts };
      },
      [EV.schedWakeup]: (line, f) => (readSchedWakeup(f) ? this.wakeups++ : d.reject(line)),
      [EV.schedWakeupNew]: (line, f) => (readSchedWakeup(f) ? this.wakeups++ : d.reject(line)),
      [EV.schedWaking]: (line, f) => (readSchedWakeup(f) ? undefined : d.reject(line)),
    });
  }

  discontinuity(): void {
    this.running = [];
  }
}
