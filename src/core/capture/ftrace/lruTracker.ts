// LRU batches per reclaiming comm: lru_shrink_inactive (scanned / reclaimed per batch) and lru_isolate
// (scanned / taken), as totals. reclaim_pages (DAMON / proactive reclaim) is kept apart from LRU reclaim.
import { EV, readLruIsolate, readReclaimPages, readShrinkInactive } from './events';
import { CommCache } from './commCache';
import type { Dispatcher } from './dispatcher';
import type { ReclaimSliceTracker } from './reclaimSliceTracker';

export interface LruBatchStats {
  batches: number;
  scanned: number;
  reclaimed: number;
  isolateBatches: number;
  isolateScanned: number;
  isolateTaken: number;
  reclaimPagesCalls: number;
  reclaimPagesReclaimed: number;
}

export class LruTracker {
  static readonly EVENTS = [EV.shrinkInactive, EV.lruIsolate, EV.reclaimPages] as const;
  /** What a replay-mode load ignores: it reads shrink_inactive for the reclaim slices only (countScans). */
  static readonly TOTALS_ONLY = [EV.lruIsolate, EV.reclaimPages] as const;
  readonly byComm = new Map<string, LruBatchStats>();
  private readonly comms = new CommCache();
  private lastComm = '';
  private lastStats: LruBatchStats | null = null;

  /** `slices`: told each batch's nr_scanned, for the reclaim slice it falls in. */
  constructor(d: Dispatcher, slices?: ReclaimSliceTracker) {
    d.add(null, {
      [EV.shrinkInactive]: (line, f) => {
        const r = readShrinkInactive(f, false);
        if (Number.isNaN(r.nrScanned) || Number.isNaN(r.nrReclaimed)) return d.reject(line);
        const s = this.stats(this.comms.get(line));
        s.batches++;
        s.scanned += r.nrScanned;
        s.reclaimed += r.nrReclaimed;
        slices?.addScanned(line.pid, r.nrScanned);
      },
      [EV.lruIsolate]: (line, f) => {
        const r = readLruIsolate(f, false);
        if (Number.isNaN(r.nrScanned) || Number.isNaN(r.nrTaken)) return d.reject(line);
        const s = this.stats(this.comms.get(line));
        s.isolateBatches++;
        s.isolateScanned += r.nrScanned;
        s.isolateTaken += r.nrTaken;
      },
      [EV.reclaimPages]: (line, f) => {
        const r = readReclaimPages(f);
        if (Number.isNaN(r.nrReclaimed)) return d.reject(line);
        const s = this.stats(this.comms.get(line));
        s.reclaimPagesCalls++;
        s.reclaimPagesReclaimed += r.nrReclaimed;
      },
    });
  }

  private stats(comm: string): LruBatchStats {
    if (comm === this.lastComm && this.lastStats) return this.lastStats;
    this.lastComm = comm;
    let s = this.byComm.get(comm);
    if (!s) {
      s = { batches: 0, scanned: 0, reclaimed: 0, isolateBatches: 0, isolateScanned: 0, isolateTaken: 0, reclaimPagesCalls: 0, reclaimPagesReclaimed: 0 };
      this.byComm.set(comm, s);
    }
    return (this.lastStats = s);
  }
}
