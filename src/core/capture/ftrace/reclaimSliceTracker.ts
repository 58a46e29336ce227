// Reclaim slices per task: direct, memcg, memcg soft-limit and node reclaim, each begin → end on the same pid.
// An end without a begin (trace started inside a slice) or a begin never ended is counted, not guessed.
import { EV, readReclaimEnd } from './events';
import { f64, i32, IntervalBuilder } from './growable';
import { CommCache } from './commCache';
import type { ReclaimSlices } from '../types';
import type { Dispatcher, Handler, Tracker } from './dispatcher';

class SliceKind {
  private readonly open = new Map<number, number>();
  private readonly spans = new IntervalBuilder();
  private readonly pid = i32();
  private readonly nrReclaimed = f64();
  private readonly comms = new Map<number, string>();
  unmatched = 0;

  begin(pid: number, ts: number, comm: string): void {
    if (this.open.has(pid)) this.unmatched++;
    this.open.set(pid, ts);
    this.comms.set(pid, comm);
  }

  end(pid: number, ts: number, nrReclaimed: number): void {
    const s = this.open.get(pid);
    if (s === undefined || ts < s) {
      this.unmatched++;
      return;
    }
    this.open.delete(pid);
    this.spans.add(s, ts);
    this.pid.push(pid);
    this.nrReclaimed.push(nrReclaimed);
  }

  dropOpen(): void {
    this.unmatched += this.open.size;
    this.open.clear();
  }

  result(): ReclaimSlices {
    return { ...this.spans.build(), pid: this.pid.toArray(), nrReclaimed: this.nrReclaimed.toArray(), comms: this.comms, unmatched: this.unmatched };
  }
}

export class ReclaimSliceTracker implements Tracker {
  readonly direct = new SliceKind();
  readonly memcg = new SliceKind();
  readonly softlimit = new SliceKind();
  readonly node = new SliceKind();
  private readonly comms = new CommCache();

  constructor(d: Dispatcher) {
    const pair = (kind: SliceKind, begin: string, end: string): Record<string, Handler> => ({
      [begin]: (line) => kind.begin(line.pid, line.ts, this.comms.get(line)),
      [end]: (line, f) => kind.end(line.pid, line.ts, readReclaimEnd(f).nrReclaimed),
    });
    d.add(this, {
      ...pair(this.direct, EV.directBegin, EV.directEnd),
      ...pair(this.memcg, EV.memcgBegin, EV.memcgEnd),
      ...pair(this.softlimit, EV.softlimitBegin, EV.softlimitEnd),
      ...pair(this.node, EV.nodeBegin, EV.nodeEnd),
    });
  }

  private kinds(): SliceKind[] {
    return [this.direct, this.memcg, this.softlimit, this.node];
  }

  discontinuity(): void {
    for (const k of this.kinds()) k.dropOpen();
  }

  finish(): void {
    for (const k of this.kinds()) k.dropOpen();
  }
}
