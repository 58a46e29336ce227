// What both kcompressd variants share: per-worker FIFOs of pages written by kswapd, worker threads that compress
// them on the shared cores, and the -EBUSY fallback when every FIFO is full. The variant files set the policy.
import type { Cpus } from './cpus';
import { Task } from './cpus';
import type { EventQueue } from './eventQueue';
import type { PageSample } from './zram/corpus';

export interface OffloadPolicy {
  variant: 'v1' | 'mm';
  workers: number;
  /** Entries per worker FIFO. */
  fifoSize: number;
  workerName(i: number): string;
}

/** Pages a worker takes per CPU job: the model's unit of work, not a kernel constant. */
const DRAIN_BATCH = 32;

class Fifo {
  items: PageSample[] = [];
  head = 0;
  get length(): number { return this.items.length - this.head; }
  push(s: PageSample): void { this.items.push(s); }
  take(n: number): PageSample[] {
    const out = this.items.slice(this.head, this.head + n);
    this.head += out.length;
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return out;
  }
}

export class Kcompressd {
  readonly tasks: Task[];
  readonly pages: number[];
  private readonly fifos: Fifo[];
  private readonly running: boolean[];
  queued = 0;
  fallback = 0;
  /** Deepest total over the FIFOs, and each worker's own deepest FIFO (its capacity is policy.fifoSize). */
  highWater = 0;
  readonly workerHighWater: number[];
  fullNs = 0;
  private fullSince = -1;

  constructor(
    private readonly ev: EventQueue,
    private readonly cpus: Cpus,
    readonly policy: OffloadPolicy,
    bins: number,
    binNs: number,
    /** CPU ns to write one page into zram (compression + store). */
    private readonly costOf: (s: PageSample) => number,
    /** The write finished: the pages are clean in the swap cache, reclaimable on a later scan. */
    private readonly written: (pages: PageSample[]) => void,
  ) {
    const n = policy.workers;
    this.tasks = Array.from({ length: n }, (_, i) => new Task(policy.workerName(i), bins, binNs));
    this.pages = new Array<number>(n).fill(0);
    this.fifos = Array.from({ length: n }, () => new Fifo());
    this.running = new Array<boolean>(n).fill(false);
    this.workerHighWater = new Array<number>(n).fill(0);
  }

  /** schedule_bio_write(): first FIFO with room takes the page; false is -EBUSY (the caller compresses it). */
  submit(s: PageSample): boolean {
    for (let i = 0; i < this.fifos.length; i++) {
      const f = this.fifos[i];
      if (f.length >= this.policy.fifoSize) continue;
      f.push(s);
      this.queued++;
      if (f.length > this.workerHighWater[i]) this.workerHighWater[i] = f.length;
      const d = this.depth();
      if (d > this.highWater) this.highWater = d;
      if (!this.running[i]) this.drain(i);
      return true;
    }
    this.fallback++;
    if (this.fullSince < 0) this.fullSince = this.ev.now;
    return false;
  }

  depth(): number {
    let d = 0;
    for (const f of this.fifos) d += f.length;
    return d;
  }

  /** The deepest single worker FIFO now (compare with policy.fifoSize). */
  deepestFifo(): number {
    let d = 0;
    for (const f of this.fifos) d = Math.max(d, f.length);
    return d;
  }

  finish(): void {
    if (this.fullSince >= 0) this.fullNs += this.ev.now - this.fullSince;
    this.fullSince = -1;
  }

  private drain(i: number): void {
    const batch = this.fifos[i].take(DRAIN_BATCH);
    if (batch.length === 0) {
      this.running[i] = false;
      return;
    }
    if (this.fullSince >= 0) {
      this.fullNs += this.ev.now - this.fullSince;
      this.fullSince = -1;
    }
    this.running[i] = true;
    let work = 0;
    for (const s of batch) work += this.costOf(s);
    this.cpus.run(this.tasks[i], work, () => {
      this.pages[i] += batch.length;
      this.written(batch);
      this.drain(i);
    });
  }
}
