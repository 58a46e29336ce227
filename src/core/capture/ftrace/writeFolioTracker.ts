// mm_vmscan_write_folio (and the older mm_vmscan_writepage): per comm count and span, and the spacing of consecutive
// writes by the same task that are under 1 ms apart (one shrink_folio_list batch writing page after page; swap-out
// to zram is synchronous, so the gap is the per-page cost). Gaps go into a 0.1 µs histogram, never a list.
import { EV } from './events';
import { CommCache } from './commCache';
import type { Dispatcher, Handler, Tracker } from './dispatcher';

const BIN_US = 0.1;
const MAX_GAP_S = 1e-3;
const BINS = Math.round(MAX_GAP_S * 1e6 / BIN_US);

class CommWrites {
  n = 0;
  firstTs = Infinity;
  lastTs = -Infinity;
  readonly gaps = new Uint32Array(BINS);
  gapCount = 0;

  /** The gap at rank floor(count × q) of the sorted gaps (the convention of the capture's analyze.py). */
  gapQuantileUs(q: number): number {
    if (this.gapCount === 0) return NaN;
    const rank = Math.floor(this.gapCount * q);
    let seen = 0;
    for (let i = 0; i < BINS; i++) {
      seen += this.gaps[i];
      if (seen > rank) return Math.round(i * BIN_US * 10) / 10;
    }
    return NaN;
  }
}

interface TaskState {
  comm: string;
  writes: CommWrites;
  lastTs: number;
}

export class WriteFolioTracker implements Tracker {
  static readonly EVENTS = [EV.writeFolio, EV.writepage] as const;
  readonly byComm = new Map<string, CommWrites>();
  private readonly tasks = new Map<number, TaskState>();
  private readonly comms = new CommCache();

  constructor(d: Dispatcher) {
    const handler: Handler = (line) => this.write(line.pid, line.ts, this.comms.get(line));
    d.add(this, { [EV.writeFolio]: handler, [EV.writepage]: handler });
  }

  private lastPid = -1;
  private lastTask: TaskState | undefined;

  private write(pid: number, ts: number, comm: string): void {
    let t = pid === this.lastPid ? this.lastTask : this.tasks.get(pid);
    if (!t || t.comm !== comm) {
      let w = this.byComm.get(comm);
      if (!w) this.byComm.set(comm, (w = new CommWrites()));
      t = { comm, writes: w, lastTs: NaN };
      this.tasks.set(pid, t);
    }
    this.lastPid = pid;
    this.lastTask = t;
    const w = t.writes;
    w.n++;
    if (ts < w.firstTs) w.firstTs = ts;
    if (ts > w.lastTs) w.lastTs = ts;
    const gap = ts - t.lastTs;
    if (gap >= 0 && gap < MAX_GAP_S) {
      w.gaps[Math.min(BINS - 1, Math.round(gap * (1e6 / BIN_US)))]++;
      w.gapCount++;
    }
    t.lastTs = ts;
  }

  discontinuity(): void {
    for (const t of this.tasks.values()) t.lastTs = NaN;
  }

  result(): Record<string, { n: number; firstTs: number; lastTs: number; gapP50Us: number; gapP90Us: number }> {
    // Null prototype: a task may be called `__proto__`.
    const out: Record<string, { n: number; firstTs: number; lastTs: number; gapP50Us: number; gapP90Us: number }> = Object.create(null);
    for (const [comm, w] of this.byComm) {
      out[comm] = { n: w.n, firstTs: w.firstTs, lastTs: w.lastTs, gapP50Us: w.gapQuantileUs(0.5), gapP90Us: w.gapQuantileUs(0.9) };
    }
    return out;
  }
}
