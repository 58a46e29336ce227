// The discrete-event clock: integer nanoseconds, events ordered by (time, priority, sequence) so that runs with the
// same inputs and seed replay in exactly the same order.

export type Handler = () => void;

// An event's handler is called with its `arg`: one handler shared by many events needs no closure per event.
interface Ev { t: number; p: number; s: number; fn: (arg: never) => void; arg: unknown }

function before(a: Ev, b: Ev): boolean {
  return a.t !== b.t ? a.t < b.t : a.p !== b.p ? a.p < b.p : a.s < b.s;
}

export class EventQueue {
  private heap: Ev[] = [];
  private seq = 0;
  /** Current simulated time (ns). */
  now = 0;
  processed = 0;

  /** Runs `fn` at absolute time `t` (ns, rounded to an integer, never in the past); lower `priority` runs first. */
  at(t: number, priority: number, fn: Handler): void {
    this.atWith(t, priority, fn, undefined);
  }

  /** at() calling `fn(arg)`: a handler shared by many events (a CPU's job completions) with each event's own data. */
  atWith<T>(t: number, priority: number, fn: (arg: T) => void, arg: T): void {
    const ev: Ev = { t: Math.max(this.now, Math.round(t)), p: priority, s: this.seq++, fn, arg };
    const h = this.heap;
    h.push(ev);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(ev, h[parent])) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = ev;
  }

  after(dt: number, priority: number, fn: Handler): void {
    this.at(this.now + dt, priority, fn);
  }

  get size(): number {
    return this.heap.length;
  }

  /** Processes events up to and including time `until`; returns false when the queue ran dry. */
  runUntil(until: number): boolean {
    const h = this.heap;
    while (h.length > 0 && h[0].t <= until) {
      const top = h[0];
      const last = h.pop()!;
      if (h.length > 0) {
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          if (l >= h.length) break;
          const r = l + 1;
          const c = r < h.length && before(h[r], h[l]) ? r : l;
          if (!before(h[c], last)) break;
          h[i] = h[c];
          i = c;
        }
        h[i] = last;
      }
      this.now = top.t;
      this.processed++;
      (top.fn as (arg: unknown) => void)(top.arg);
    }
    if (this.now < until) this.now = until;
    return h.length > 0;
  }
}
