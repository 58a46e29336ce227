// The discrete-event clock: integer nanoseconds, events ordered by (time, priority, sequence) so that runs with the
// same inputs and seed replay in exactly the same order.

import { DOUBLE_ZERO } from './doubleZero';

export type Handler = () => void;

type Call = (a: never, b: never) => void;

/** Events pending at first; the slot arrays double when full. */
const INITIAL_SLOTS = 256;

/**
 * A binary heap of event slots. An event lives in parallel arrays (its time, priority and sequence, its handler and
 * two arguments) instead of an object: a replay schedules millions of events, and an object per event with its time
 * boxed (nanoseconds past 2^31 are doubles) was a large share of the model's allocation and garbage collection.
 */
export class EventQueue {
  private t = new Float64Array(INITIAL_SLOTS);
  private p = new Int32Array(INITIAL_SLOTS);
  private s = new Float64Array(INITIAL_SLOTS);
  private fn: (Call | undefined)[] = new Array<Call | undefined>(INITIAL_SLOTS).fill(undefined);
  private a: unknown[] = new Array<unknown>(INITIAL_SLOTS).fill(undefined);
  private b: unknown[] = new Array<unknown>(INITIAL_SLOTS).fill(undefined);
  /** heap[0..n): slots in heap order; spare[0..nSpare): unused slots. */
  private heap = new Int32Array(INITIAL_SLOTS);
  private n = 0;
  private spare = Int32Array.from({ length: INITIAL_SLOTS }, (_, i) => INITIAL_SLOTS - 1 - i);
  private nSpare = INITIAL_SLOTS;
  private seq = 0;
  /** Current simulated time (ns; a double from the start: it passes 2^30 after a second). */
  now = DOUBLE_ZERO;
  processed = 0;

  constructor() {
    this.now = 0; // +0 in a field laid out as a double (doubleZero.ts): read before the first event
  }

  /** Runs `fn` at absolute time `t` (ns, rounded to an integer, never in the past); lower `priority` runs first. */
  at(t: number, priority: number, fn: Handler): void {
    this.atWith2(t, priority, fn, undefined, undefined);
  }

  /** at() calling `fn(arg)`: a handler shared by many events (a CPU's job completions) with each event's own data. */
  atWith<T>(t: number, priority: number, fn: (arg: T) => void, arg: T): void {
    this.atWith2(t, priority, fn, arg, undefined);
  }

  /** at() calling `fn(a, b)`: two arguments, so a caller needs no object to pass them together. */
  atWith2<A, B>(t: number, priority: number, fn: (a: A, b: B) => void, a: A, b: B): void {
    if (this.nSpare === 0) this.grow();
    const slot = this.spare[--this.nSpare];
    const time = Math.max(this.now, Math.round(t));
    const seq = this.seq++;
    this.t[slot] = time;
    this.p[slot] = priority;
    this.s[slot] = seq;
    this.fn[slot] = fn as Call;
    this.a[slot] = a;
    this.b[slot] = b;
    const h = this.heap;
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(slot, h[parent])) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = slot;
  }

  after(dt: number, priority: number, fn: Handler): void {
    this.at(this.now + dt, priority, fn);
  }

  get size(): number {
    return this.n;
  }

  /** Processes events up to and including time `until`; returns false when the queue ran dry. */
  runUntil(until: number): boolean {
    while (this.n > 0 && this.t[this.heap[0]] <= until) {
      const h = this.heap;
      const top = h[0];
      const last = h[--this.n];
      const n = this.n;
      if (n > 0) {
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          if (l >= n) break;
          const r = l + 1;
          const c = r < n && this.before(h[r], h[l]) ? r : l;
          if (!this.before(h[c], last)) break;
          h[i] = h[c];
          i = c;
        }
        h[i] = last;
      }
      // The slot is free before its handler runs (which may schedule events); its references are dropped.
      const fn = this.fn[top]!;
      const a = this.a[top];
      const b = this.b[top];
      this.fn[top] = this.a[top] = this.b[top] = undefined;
      this.spare[this.nSpare++] = top;
      this.now = this.t[top];
      this.processed++;
      (fn as (a: unknown, b: unknown) => void)(a, b);
    }
    if (this.now < until) this.now = until;
    return this.n > 0;
  }

  /** Slot x runs before slot y: earlier time, then lower priority, then scheduled first. */
  private before(x: number, y: number): boolean {
    const tx = this.t[x];
    const ty = this.t[y];
    if (tx !== ty) return tx < ty;
    const px = this.p[x];
    const py = this.p[y];
    return px !== py ? px < py : this.s[x] < this.s[y];
  }

  private grow(): void {
    const old = this.t.length;
    const size = old * 2;
    const f64 = (x: Float64Array) => { const y = new Float64Array(size); y.set(x); return y; };
    const i32 = (x: Int32Array) => { const y = new Int32Array(size); y.set(x); return y; };
    this.t = f64(this.t);
    this.s = f64(this.s);
    this.p = i32(this.p);
    this.heap = i32(this.heap);
    this.spare = i32(this.spare);
    for (let k = old; k < size; k++) {
      this.fn.push(undefined);
      this.a.push(undefined);
      this.b.push(undefined);
    }
    // Every slot was in use: the new ones are all spare.
    for (let k = size - 1; k >= old; k--) this.spare[this.nSpare++] = k;
  }
}
