// Seeded PRNG shared by the model: sfc32 (Chris Doty-Humphrey's Small Fast Counter), seeded through splitmix32 so
// nearby seeds give unrelated streams. Deterministic across runs and platforms (pure 32-bit integer arithmetic).

function splitmix32(state: number): [number, number] {
  state = (state + 0x9e3779b9) | 0;
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [state, (z ^ (z >>> 16)) >>> 0];
}

/** Trials per inversion in binomial(): q^n stays far above the smallest double for q ≥ 1/2. */
const BINOMIAL_CHUNK = 512;

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `seed` is any finite number; its low 32 bits and (for large values) high bits both matter. */
  constructor(seed: number) {
    let s = (seed | 0) ^ Math.floor(seed / 0x100000000);
    let v: number;
    [s, v] = splitmix32(s); this.a = v;
    [s, v] = splitmix32(s); this.b = v;
    [s, v] = splitmix32(s); this.c = v;
    [, v] = splitmix32(s); this.d = v;
    // sfc32's recommended warm-up: the first outputs after seeding are poorly mixed.
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  /** Uniform 32-bit unsigned integer. */
  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 0x100000000;
  }

  /** Uniform integer in [0, n) for 1 ≤ n ≤ 2^32 (multiply-shift: no modulo bias worth measuring at these sizes). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Successes in `n` independent trials of probability `p` (Binomial(n, p)), from one uniform: inversion, walking
   *  the probabilities up from 0 (Devroye, Non-Uniform Random Variate Generation, X.4). No draw when the outcome is
   *  certain (n = 0, p ≤ 0 or p ≥ 1). Meant for small n (a reclaim batch): the walk takes about n·p steps. */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    if (n > BINOMIAL_CHUNK) return this.binomial(BINOMIAL_CHUNK, p) + this.binomial(n - BINOMIAL_CHUNK, p);
    const flip = p > 0.5;
    const q = flip ? p : 1 - p;
    const r = (1 - q) / q;
    let f = this.pow0(q, n);
    let u = this.next();
    let k = 0;
    while (k < n && u >= f) {
      u -= f;
      f *= (r * (n - k)) / (k + 1);
      k++;
    }
    return flip ? n - k : k;
  }

  /** q^n, remembered for a few (q, n): a reclaim batch asks for the same few laws again and again, and one that
   *  changes every batch (the writeback share) must not push them out. A hit moves one place up; a miss replaces
   *  the last entry. */
  private pow0(q: number, n: number): number {
    const m = this.powMemo;
    for (let i = 0; i < m.length; i += 3) {
      if (m[i] !== q || m[i + 1] !== n) continue;
      const f = m[i + 2];
      if (i > 0) {
        m[i] = m[i - 3]; m[i + 1] = m[i - 2]; m[i + 2] = m[i - 1];
        m[i - 3] = q; m[i - 2] = n; m[i - 1] = f;
      }
      return f;
    }
    const f = q ** n;
    const last = m.length - 3;
    m[last] = q;
    m[last + 1] = n;
    m[last + 2] = f;
    return f;
  }

  private readonly powMemo = new Float64Array(3 * 8).fill(NaN);

  /** Exponentially distributed with the given mean (inter-arrival times). */
  exp(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }
}
