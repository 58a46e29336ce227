// What every parse and replay result must satisfy, whatever the input: finite numbers, no negative count or rate,
// no thread above 100 % of a CPU. Shared by the fault tests and the fuzzer.

/** Keys whose values may legitimately be negative (changes, not counts). */
const SIGNED = /speedup|delta|change|gain|error|diff|bias|offset/i;
const ONE_THREAD_CPU = /(^|\.)(kswapdCpuPct|cpuPct)$/;

/** The first violation found as `path = value: why`, or null. Arrays longer than `maxArray` are sampled. */
export function insanity(x: unknown, path = '', maxArray = 50_000): string | null {
  if (typeof x === 'number') {
    if (!Number.isFinite(x)) return `${path} = ${x}: not finite`;
    if (x < 0 && !SIGNED.test(path)) return `${path} = ${x}: negative`;
    if (ONE_THREAD_CPU.test(path) && x > 100.5) return `${path} = ${x}: above 100 % of one thread`;
    return null;
  }
  if (x instanceof Float64Array || x instanceof Int32Array || Array.isArray(x)) {
    const a = x as ArrayLike<unknown>;
    const step = Math.max(1, Math.ceil(a.length / maxArray));
    for (let i = 0; i < a.length; i += step) {
      const bad = insanity(a[i], `${path}[${i}]`, maxArray);
      if (bad) return bad;
    }
    return null;
  }
  if (x && typeof x === 'object') {
    for (const [k, v] of Object.entries(x)) {
      const bad = insanity(v, path ? `${path}.${k}` : k, maxArray);
      if (bad) return bad;
    }
  }
  return null;
}
