// A JSON form of a ReplayResult whose Float64Array series travel as base64 of their bytes (little-endian), so the
// HTML report can embed exact data compactly and the webview can restore the same typed arrays.
import type { ReplayResult, SeriesSet } from '../core/replay/types';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Uint8Array(128);
for (let i = 0; i < B64.length; i++) LOOKUP[B64.charCodeAt(i)] = i;

export function bytesToBase64(bytes: Uint8Array): string {
  // Characters go into a byte array decoded once: string concatenation is far slower for megabytes of series.
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  const code = (i: number) => B64.charCodeAt(i);
  let o = 0;
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out[o++] = code(n >> 18);
    out[o++] = code((n >> 12) & 63);
    out[o++] = code((n >> 6) & 63);
    out[o++] = code(n & 63);
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = (bytes[i] << 16) | (rest === 2 ? bytes[i + 1] << 8 : 0);
    out[o++] = code(n >> 18);
    out[o++] = code((n >> 12) & 63);
    out[o++] = rest === 2 ? code((n >> 6) & 63) : 61; // '='
    out[o++] = 61;
  }
  return new TextDecoder('latin1').decode(out);
}

export function base64ToBytes(s: string): Uint8Array {
  if (s.length % 4 !== 0 || /[^A-Za-z0-9+/=]/.test(s)) throw new Error('invalid base64');
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    const n = (LOOKUP[s.charCodeAt(i)] << 18) | (LOOKUP[s.charCodeAt(i + 1)] << 12) | (LOOKUP[s.charCodeAt(i + 2)] << 6) | LOOKUP[s.charCodeAt(i + 3)];
    if (o < out.length) out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function f64ToBase64(a: Float64Array): string {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength).slice();
  if (!littleEndian) for (let i = 0; i < bytes.length; i += 8) bytes.subarray(i, i + 8).reverse();
  return bytesToBase64(bytes);
}

function base64ToF64(s: string): Float64Array {
  const bytes = base64ToBytes(s);
  if (bytes.length % 8 !== 0) throw new Error('series byte length is not a multiple of 8');
  if (!littleEndian) for (let i = 0; i < bytes.length; i += 8) bytes.subarray(i, i + 8).reverse();
  return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8);
}

const mapValues = <A, B>(r: Record<string, A>, f: (a: A) => B): Record<string, B> =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, f(v)]));

/** JSON.stringify-able form; every Float64Array becomes `{ f64: base64 }`. */
export function resultToJson(r: ReplayResult): unknown {
  const s = r.series;
  const enc = (a: Float64Array) => ({ f64: f64ToBase64(a) });
  return { ...r, series: s && { t: enc(s.t), baseline: mapValues(s.baseline, enc), kcompressd: mapValues(s.kcompressd, enc), watermarks: s.watermarks,
    observed: s.observed && mapValues(s.observed, enc), measuredAfter: s.measuredAfter && mapValues(s.measuredAfter, enc), origin: s.origin } };
}

/** The inverse of resultToJson; the caller validates the outcome with isReplayResult. */
export function resultFromJson(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  const r = v as { series?: Record<string, unknown> };
  if (!r.series) return v;
  const dec = (x: unknown): unknown => (typeof x === 'object' && x !== null && typeof (x as { f64?: unknown }).f64 === 'string'
    ? base64ToF64((x as { f64: string }).f64) : x);
  const s = r.series;
  const series: Partial<SeriesSet> = {
    t: dec(s.t) as Float64Array,
    baseline: mapValues((s.baseline ?? {}) as Record<string, unknown>, dec) as Record<string, Float64Array>,
    kcompressd: mapValues((s.kcompressd ?? {}) as Record<string, unknown>, dec) as Record<string, Float64Array>,
    watermarks: s.watermarks as SeriesSet['watermarks'],
    observed: s.observed === undefined ? undefined : mapValues(s.observed as Record<string, unknown>, dec) as Record<string, Float64Array>,
    ...(s.measuredAfter ? { measuredAfter: mapValues(s.measuredAfter as Record<string, unknown>, dec) as Record<string, Float64Array> } : {}),
    ...(s.origin ? { origin: s.origin as SeriesSet['origin'] } : {}),
  };
  return { ...r, series };
}
