// Append-only typed columns: trackers keep per-event results (intervals, slices) without an object per event.

type TypedCtor<T> = { new (n: number): T };

export class Growable<T extends Float64Array | Int32Array> {
  private a: T;
  length = 0;
  constructor(private readonly ctor: TypedCtor<T>) {
    this.a = new ctor(256);
  }
  push(v: number): void {
    if (this.length === this.a.length) {
      const b = new this.ctor(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.length++] = v;
  }
  /** A trimmed copy. */
  toArray(): T {
    return this.a.slice(0, this.length) as T;
  }
}

export const f64 = () => new Growable(Float64Array);
export const i32 = () => new Growable(Int32Array);

/** Growing start/end columns. */
export class IntervalBuilder {
  readonly start = f64();
  readonly end = f64();
  add(s: number, e: number): void {
    this.start.push(s);
    this.end.push(e);
  }
  get length(): number {
    return this.start.length;
  }
  build(): { start: Float64Array; end: Float64Array } {
    return { start: this.start.toArray(), end: this.end.toArray() };
  }
}
