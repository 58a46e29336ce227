// Reclaim slices per task: direct, memcg, memcg soft-limit and node reclaim, each begin → end on the same pid.
// An end without a begin (trace started inside a slice) or a begin never ended is counted, not guessed. Each slice
// also gets the task's on-CPU seconds inside it from sched_switch (a slice's wall time includes run-queue waits and
// reclaim_throttle() sleeps, which are not reclaim work), NaN where the task's switches are not in the trace.
import { EV, readReclaimEnd, readShrinkInactive } from './events';
import { f64, i32, IntervalBuilder } from './growable';
import { CommCache } from './commCache';
import type { ReclaimSlices } from '../types';
import type { Dispatcher, Handler, Tracker } from './dispatcher';
import type { SchedTracker } from './schedTracker';
import type { TraceLine } from './tokenizer';
import type { FieldReader } from './fields';

class SliceKind {
  private readonly open = new Map<number, number>();
  /** Per open slice: the task's on-CPU seconds so far at its begin. */
  private readonly openOnCpu = new Map<number, number>();
  private readonly onCpu = f64();
  /** Per open slice: inactive-list folios its shrink_inactive batches scanned so far. */
  private readonly openScanned = new Map<number, number>();
  private readonly nrScanned = f64();
  private readonly spans = new IntervalBuilder();
  private readonly pid = i32();
  private readonly nrReclaimed = f64();
  private readonly comms = new Map<number, string>();
  unmatched = 0;

  constructor(private readonly sched?: SchedTracker) {}

  begin(pid: number, ts: number, comm: string): void {
    if (this.open.has(pid)) this.unmatched++;
    this.open.set(pid, ts);
    this.openOnCpu.set(pid, this.sched ? this.sched.onCpuSoFar(pid, ts) : NaN);
    this.openScanned.set(pid, 0);
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
    const on = (this.sched ? this.sched.onCpuSoFar(pid, ts) : NaN) - this.openOnCpu.get(pid)!;
    this.onCpu.push(on >= 0 && on <= ts - s + 1e-9 ? Math.min(on, ts - s) : NaN);
    this.pid.push(pid);
    this.nrReclaimed.push(nrReclaimed);
    this.nrScanned.push(this.openScanned.get(pid)!);
  }

  dropOpen(): void {
    this.unmatched += this.open.size;
    this.open.clear();
    this.openOnCpu.clear();
    this.openScanned.clear();
  }

  /** A shrink_inactive batch of `pid`: counted in its open slice, if any. */
  addScanned(pid: number, n: number): boolean {
    const v = this.openScanned.get(pid);
    if (v === undefined) return false;
    this.openScanned.set(pid, v + n);
    return true;
  }

  /** A slice's on-CPU time stands only for a task whose switches all paired up over the whole trace. */
  private timedOnCpu(): Float64Array {
    const on = this.onCpu.toArray();
    const pids = this.pid.toArray();
    for (let i = 0; i < on.length; i++) if (!this.sched?.switchesComplete(pids[i])) on[i] = NaN;
    return on;
  }

  result(): ReclaimSlices {
    return { ...this.spans.build(), pid: this.pid.toArray(), nrReclaimed: this.nrReclaimed.toArray(), onCpuS: this.timedOnCpu(), nrScanned: this.nrScanned.toArray(), comms: this.comms, unmatched: this.unmatched };
  }
}

export class ReclaimSliceTracker implements Tracker {
  readonly direct: SliceKind;
  readonly memcg: SliceKind;
  readonly softlimit: SliceKind;
  readonly node: SliceKind;
  private readonly comms = new CommCache();

  /** `sched`: the tracker whose sched_switch totals time each slice's on-CPU part. */
  constructor(d: Dispatcher, sched?: SchedTracker) {
    [this.direct, this.memcg, this.softlimit, this.node] = [0, 1, 2, 3].map(() => new SliceKind(sched));
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

  /** mm_vmscan_lru_shrink_inactive's nr_scanned, counted in the pid's open slice (the LRU tracker forwards it). */
  addScanned(pid: number, nrScanned: number): void {
    for (const k of this.kinds()) if (k.addScanned(pid, nrScanned)) return;
  }

  /** Without the LRU tracker (a replay-mode load): shrink_inactive read for the slices, and its nr_reclaimed handed
   *  to `reclaimed` (the line's fields stay readable there). */
  countScans(d: Dispatcher, reclaimed: (line: TraceLine, f: FieldReader, nrReclaimed: number) => void): void {
    d.add(null, {
      [EV.shrinkInactive]: (line, f) => {
        const r = readShrinkInactive(f, false);
        reclaimed(line, f, r.nrReclaimed);
        if (Number.isNaN(r.nrScanned)) return d.reject(line);
        this.addScanned(line.pid, r.nrScanned);
      },
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
