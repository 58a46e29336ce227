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

/** q^n for the few q a model asks about again and again (a reclaim batch's laws: the anon share, the referenced
 *  share…), each with its powers up to MAX_N remembered as they are asked for; the least recently used q makes way
 *  for a new one (a share that changes every batch). Values are exactly q ** n. */
class Powers {
  static readonly SLOTS = 8;
  static readonly MAX_N = 64;
  private readonly q = new Float64Array(Powers.SLOTS).fill(NaN);
  private readonly used = new Float64Array(Powers.SLOTS);
  private readonly table = new Float64Array(Powers.SLOTS * (Powers.MAX_N + 1)).fill(NaN);
  private clock = 0;

  pow(q: number, n: number): number {
    if (n > Powers.MAX_N) return q ** n;
    let slot = 0;
    while (slot < Powers.SLOTS && this.q[slot] !== q) slot++;
    if (slot === Powers.SLOTS) {
      slot = 0;
      for (let i = 1; i < Powers.SLOTS; i++) if (this.used[i] < this.used[slot]) slot = i;
      this.q[slot] = q;
      this.table.fill(NaN, slot * (Powers.MAX_N + 1), (slot + 1) * (Powers.MAX_N + 1));
    }
    this.used[slot] = ++this.clock;
    const at = slot * (Powers.MAX_N + 1) + n;
    const v = this.table[at];
    return v === v ? v : (this.table[at] = q ** n);
  }
}

/** sfc32's words a, b, c, d. */
const A = 0, B = 1, C = 2, D = 3;

export class Rng {
  private readonly powers = new Powers();
  /** The state as raw 32-bit words: in object fields, a word outside the small-integer range is a heap number, and
   *  each draw stored two or three new ones (garbage the collector then swept, millions per scenario). The words'
   *  bits are the same either way: every step is 32-bit arithmetic. */
  private readonly w = new Int32Array(4);

  /** `seed` is any finite number; its low 32 bits and (for large values) high bits both matter. */
  constructor(seed: number) {
    let s = (seed | 0) ^ Math.floor(seed / 0x100000000);
    let v: number;
    [s, v] = splitmix32(s); this.w[A] = v;
    [s, v] = splitmix32(s); this.w[B] = v;
    [s, v] = splitmix32(s); this.w[C] = v;
    [, v] = splitmix32(s); this.w[D] = v;
    // sfc32's recommended warm-up: the first outputs after seeding are poorly mixed.
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  /** Uniform 32-bit unsigned integer. */
  nextU32(): number {
    const w = this.w;
    const a = w[A], b = w[B], c = w[C], d = w[D];
    const t = (((a + b) | 0) + d) | 0;
    w[D] = (d + 1) | 0;
    w[A] = b ^ (b >>> 9);
    w[B] = (c + (c << 3)) | 0;
    w[C] = (((c << 21) | (c >>> 11)) + t) | 0;
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
    // Both sides computed whichever holds: a side first met after this was compiled throws the compiled code away.
    const q = Math.max(p, 1 - p);
    const r = (1 - q) / q;
    let f = this.powers.pow(q, n);
    let u = this.next();
    let k = 0;
    while (k < n && u >= f) {
      u -= f;
      f *= (r * (n - k)) / (k + 1);
      k++;
    }
    const complement = n - k;
    return flip ? complement : k;
  }


  /** Exponentially distributed with the given mean (inter-arrival times). */
  exp(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }
}
