// Growing the typed arrays the model keeps its many small records in (runs, segments, slots, ids): an Array would
// allocate an object per record, and its pop()/splice() trim storage that the next push() allocates again.

/** Records such an array holds at first. Small on purpose: the array then doubles a few times within a scenario's
 *  first allocations, while the code that fills it still runs unoptimised, so V8 has seen the doubling when it
 *  compiles that code. An array that first doubled later (4096 swap slots, 1024 zspages, 256 runs) met a path with
 *  no type feedback and threw the compiled store or allocation away (--trace-deopt: insufficient type feedback). */
export const INITIAL_CAPACITY = 4;

/** A typed array twice as long as `a`, holding `a`'s elements first. */
export function doubled<T extends Int32Array | Float64Array | Uint8Array>(a: T): T {
  const grown = new (a.constructor as new (length: number) => T)(a.length * 2);
  grown.set(a);
  return grown;
}
