// perf script cpu-clock samples: a header line (comm, pid, cpu, time, period, event) followed by callchain lines
// (`\t<addr> <sym>[+off] [(dso)]`, leaf first) up to a blank line. Per comm: samples, and for each frame of interest
// the number of samples whose chain contains it (counted once per sample), overall and within reclaim. Each sample's
// time and frame set are kept too, so a calibration on part of the capture counts that part's samples only.
import { COMPRESS_FRAMES, PERF_FRAMES, perfFrameBit, RECLAIM_FRAMES } from './perfFrames';
import { BytePattern } from './bytePattern';
import { eventHash } from './tokenizer';
import type { PerfProfile } from '../types';

const SP = 32;
const TAB = 9;
const PLUS = 43;
const LPAREN = 40;

const FRAME_BIT = new Map<string, number>(PERF_FRAMES.map((f) => [f, perfFrameBit(f)]));
const RECLAIM_MASK = RECLAIM_FRAMES.reduce((m, f) => m | FRAME_BIT.get(f)!, 0);
const COMPRESS_MASK = COMPRESS_FRAMES.reduce((m, f) => m | FRAME_BIT.get(f)!, 0);
/** Frames of interest by the hash of their name (names are checked byte for byte on a hit). */
const BY_HASH = new Map<number, { name: string; bit: number; bytes: BytePattern }>(
  PERF_FRAMES.map((f) => [eventHash(Buffer.from(f), 0, f.length), { name: f, bit: FRAME_BIT.get(f)!, bytes: BytePattern.of(Buffer.from(f)) }]),
);

class CommProfile {
  samples = 0;
  compress = 0;
  readonly inclusive = new Float64Array(PERF_FRAMES.length);
  reclaimSamples = 0;
  reclaimCompress = 0;
  readonly reclaimInclusive = new Float64Array(PERF_FRAMES.length);
  times: number[] = [];
  masks: number[] = [];
  cpus: number[] = [];

  /** One sample whose chain holds the frames of bitmask `m`. */
  add(m: number): void {
    this.samples++;
    const compress = (m & COMPRESS_MASK) !== 0;
    if (compress) this.compress++;
    const inReclaim = (m & RECLAIM_MASK) !== 0;
    if (inReclaim) {
      this.reclaimSamples++;
      if (compress) this.reclaimCompress++;
    }
    // Only the chain's frames of interest, lowest bit first (a chain holds a few of the PERF_FRAMES.length).
    for (let rest = m; rest !== 0; rest &= rest - 1) {
      const i = 31 - Math.clz32(rest & -rest);
      this.inclusive[i]++;
      if (inReclaim) this.reclaimInclusive[i]++;
    }
  }

  counts(): PerfProfile['byComm'][string] {
    const named = (a: Float64Array) => Object.fromEntries(PERF_FRAMES.map((f, i) => [f, a[i]]).filter(([, v]) => (v as number) > 0));
    return {
      samples: this.samples,
      inclusive: named(this.inclusive),
      compress: this.compress,
      inReclaim: { samples: this.reclaimSamples, compress: this.reclaimCompress, inclusive: named(this.reclaimInclusive) },
    };
  }
}

const dict = <T>(): Record<string, T> => Object.create(null) as Record<string, T>; // a task may be called `__proto__`

/**
 * The profile of the samples taken in [t0, t1] (the sample clock, CLOCK_MONOTONIC s under `perf record -k
 * CLOCK_MONOTONIC`); undefined when the profile kept no sample times.
 */
export function perfProfileIn(perf: PerfProfile, t0: number, t1: number): PerfProfile | undefined {
  if (!perf.timeline) return undefined;
  const byComm = dict<PerfProfile['byComm'][string]>();
  for (const [comm, { times, masks }] of Object.entries(perf.timeline)) {
    const c = new CommProfile();
    for (let i = 0; i < times.length; i++) if (times[i] >= t0 && times[i] <= t1) c.add(masks[i]);
    if (c.samples > 0) byComm[comm] = c.counts();
  }
  return { source: perf.source, periodNs: perf.periodNs, byComm };
}

export class PerfSamples {
  private readonly byComm = new Map<string, CommProfile>();
  private current: CommProfile | null = null;
  private mask = 0;
  private inTracepointChain = false;
  periodNs = 0;

  private ts = 0;
  private cpu = -1;

  /** A sample header at time `ts` (s) on `cpu` (-1: not printed): frames follow until end(). */
  begin(comm: string, period: number, ts: number, cpu = -1): void {
    this.end();
    let p = this.byComm.get(comm);
    if (!p) this.byComm.set(comm, (p = new CommProfile()));
    this.current = p;
    this.mask = 0;
    this.ts = ts;
    this.cpu = cpu;
    if (period > 0) this.periodNs = period;
  }

  /** A tracepoint line: the callchain that may follow it (perf record -g) is not a sample's. */
  tracepoint(): void {
    this.end();
    this.inTracepointChain = true;
  }

  /** A callchain line now belongs to a sample. */
  get inSample(): boolean {
    return this.current !== null;
  }

  /** A callchain line now belongs to a sample or to a tracepoint (false: it follows nothing, so it is unparsed). */
  get inChain(): boolean {
    return this.current !== null || this.inTracepointChain;
  }

  /** One callchain line, or the `ip sym` rest of a sample line without -g. */
  frame(buf: Buffer, p: number, end: number): void {
    while (p < end && (buf[p] === SP || buf[p] === TAB)) p++;
    while (p < end && buf[p] !== SP) p++; // address
    while (p < end && buf[p] === SP) p++;
    const s = p;
    while (p < end && buf[p] !== PLUS && !(buf[p] === SP && buf[p + 1] === LPAREN)) p++;
    const hit = BY_HASH.get(eventHash(buf, s, p));
    if (hit && hit.bytes.length === p - s && hit.bytes.matchesAt(buf, s)) this.mask |= hit.bit;
  }

  end(): void {
    this.inTracepointChain = false;
    const c = this.current;
    if (!c) return;
    this.current = null;
    c.add(this.mask);
    c.times.push(this.ts);
    c.masks.push(this.mask);
    c.cpus.push(this.cpu);
  }

  get sampleCount(): number {
    let n = 0;
    for (const c of this.byComm.values()) n += c.samples;
    return n;
  }

  result(source: string): PerfProfile {
    this.end();
    const byComm = dict<PerfProfile['byComm'][string]>();
    const timeline = dict<{ times: Float64Array; masks: Uint32Array; cpus: Int16Array }>();
    for (const [comm, c] of this.byComm) {
      byComm[comm] = c.counts();
      timeline[comm] = { times: Float64Array.from(c.times), masks: Uint32Array.from(c.masks), cpus: Int16Array.from(c.cpus) };
    }
    return { source, periodNs: this.periodNs, byComm, timeline };
  }
}
