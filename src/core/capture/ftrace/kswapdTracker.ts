// kswapd awake intervals per node from kswapd_wake / kswapd_sleep. Each balance_pgdat pass traces a wake, so wakes
// repeat without a sleep: a wake while awake extends the interval. A sleep with no wake before it means the trace
// began while kswapd was awake.
import { EV, readKswapdSleep, readKswapdWake } from './events';
import { i32, IntervalBuilder } from './growable';
import type { Dispatcher, Tracker } from './dispatcher';

export class KswapdTracker implements Tracker {
  wakes = 0;
  sleeps = 0;
  wakeupRequests = 0;
  readonly pids = new Set<number>();
  private readonly awake = new IntervalBuilder();
  private readonly awakeNode = i32();
  private readonly awakeOrder = i32();
  /** Per node: start of the open awake interval, NaN when asleep; absent until the node is first seen. */
  private readonly since = new Map<number, number>();
  /** Per node: order of the kswapd_wake that opened the awake interval (-1: open at the trace's start). */
  private readonly openOrder = new Map<number, number>();

  constructor(d: Dispatcher) {
    d.add(this, {
      [EV.kswapdWake]: (line, f) => {
        const { nid, order } = readKswapdWake(f);
        if (Number.isNaN(nid)) return d.reject(line);
        this.pids.add(line.pid);
        this.wakes++;
        const s = this.since.get(nid);
        if (s === undefined || Number.isNaN(s)) {
          this.since.set(nid, line.ts);
          this.openOrder.set(nid, Number.isInteger(order) && order >= 0 ? order : 0);
        }
      },
      [EV.kswapdSleep]: (line, f) => {
        const nid = readKswapdSleep(f).nid;
        if (Number.isNaN(nid)) return d.reject(line);
        this.pids.add(line.pid);
        this.sleeps++;
        const s = this.since.get(nid);
        if (s === undefined) this.close(nid, d.segmentStart, line.ts);
        else if (!Number.isNaN(s)) this.close(nid, s, line.ts);
        this.since.set(nid, NaN);
      },
      [EV.wakeupKswapd]: () => {
        this.wakeupRequests++;
      },
    });
  }

  private close(nid: number, s: number, e: number): void {
    if (e < s) return;
    this.awake.add(s, e);
    this.awakeNode.push(nid);
    this.awakeOrder.push(this.openOrder.get(nid) ?? -1);
    this.openOrder.delete(nid);
  }

  discontinuity(lastTs: number): void {
    this.finish(lastTs);
    this.since.clear();
  }

  finish(lastTs: number): void {
    for (const [nid, s] of this.since) {
      if (!Number.isNaN(s)) this.close(nid, s, lastTs);
      this.since.set(nid, NaN);
    }
  }

  result(): { awake: { start: Float64Array; end: Float64Array }; awakeNode: Int32Array; awakeOrder: Int32Array } {
    return { awake: this.awake.build(), awakeNode: this.awakeNode.toArray(), awakeOrder: this.awakeOrder.toArray() };
  }
}
