// Growing the typed arrays the model keeps its many small records in (runs, segments, slots, ids): an Array would
// allocate an object per record, and its pop()/splice() trim storage that the next push() allocates again.

/** A typed array twice as long as `a`, holding `a`'s elements first. */
export function doubled<T extends Int32Array | Float64Array | Uint8Array>(a: T): T {
  const grown = new (a.constructor as new (length: number) => T)(a.length * 2);
  grown.set(a);
  return grown;
}
