// A seeded mutator over real captures: each case takes a cropped capture, damages one of its files (bit flips, line
// deletions, duplications, swaps, truncations, a number made huge), then parses and replays it. A case passes when it
// gives sane figures (test/fuzz/sanity.ts) or is refused with a one-line CaptureError/OptionError; anything else (a
// stack, NaN, a negative rate, a thread above 100 %) is a failure kept with its seed, so it can be replayed.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { analyzeCapture } from '../../src/core/analysis/figures';
import { loadCapture } from '../../src/core/capture/loadCapture';
import { CaptureError, OptionError } from '../../src/core/errors';
import { resolveOptions } from '../../src/core/replay/options';
import { replay } from '../../src/core/replay/replay';
import { insanity } from './sanity';

export type Seed = { name: string; files: Map<string, Buffer> };

/** mulberry32: a small seeded generator, so a case is reproduced from its number. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Lines kept per file: enough for a few dozen /proc/vmstat snapshots and a few thousand trace events. */
const CROP_LINES: [RegExp, number][] = [[/\.pftrace$/, Infinity], [/vmstat_snapshots/, 6000], [/meminfo_snapshots/, 1500], [/ftrace|trace/, 3000], [/perf/, 2000]];
const DEFAULT_CROP = 400;
/** Files of a capture folder that are logs, not capture data. */
const SKIP = /\.log$|README/;

/** The capture folders under `repo`; a folder of capture folders (captures/lab/) counts as its sub-folders. */
export function captureFolders(repo: string): string[] {
  return readdirSync(repo).filter((n) => !n.endsWith('.md')).map((n) => join(repo, n)).flatMap((p) => {
    if (!statSync(p).isDirectory()) return [p];
    const subs = readdirSync(p).map((n) => join(p, n)).filter((q) => statSync(q).isDirectory());
    const files = readdirSync(p).filter((n) => !SKIP.test(n) && statSync(join(p, n)).isFile());
    return subs.length > 0 && files.length === 0 ? subs : [p];
  });
}

/** The committed Perfetto traces (test/fixtures/perfetto), each a capture of one binary file: bit flips and cuts
 *  exercise the protobuf decoder. */
export function perfettoTraces(): string[] {
  const dir = join(__dirname, '../fixtures/perfetto');
  return readdirSync(dir).filter((n) => n.endsWith('.pftrace')).map((n) => join(dir, n));
}

/** A capture folder (or file) read into memory, each file decompressed and cropped to its first lines. */
export function readSeed(path: string): Seed {
  const files = new Map<string, Buffer>();
  const names = statSync(path).isDirectory() ? readdirSync(path).map((n) => join(path, n)) : [path];
  for (const p of names) {
    const name = p.split('/').pop()!;
    if (SKIP.test(name) || !statSync(p).isFile()) continue;
    let b = readFileSync(p);
    if (b[0] === 0x1f && b[1] === 0x8b) b = gunzipSync(b);
    const keep = CROP_LINES.find(([re]) => re.test(name))?.[1] ?? DEFAULT_CROP;
    let cut = 0;
    for (let i = 0; i < keep && cut !== -1; i++) cut = b.indexOf(10, cut + 1);
    files.set(name.replace(/\.gz$/, ''), cut === -1 ? b : b.subarray(0, cut + 1));
  }
  return { name: path, files };
}

const MUTATIONS = ['bitflip', 'delete', 'duplicate', 'swap', 'truncate', 'hugeNumber'] as const;
export type Mutation = (typeof MUTATIONS)[number];

function lineStarts(b: Buffer): number[] {
  const starts = [0];
  for (let i = b.indexOf(10); i !== -1 && i + 1 < b.length; i = b.indexOf(10, i + 1)) starts.push(i + 1);
  return starts;
}

/** One damage of the kind named, at positions drawn from `r`. */
export function mutate(b: Buffer, kind: Mutation, r: () => number): Buffer {
  if (b.length === 0) return b;
  const starts = lineStarts(b);
  const line = (i: number) => b.subarray(starts[i], i + 1 < starts.length ? starts[i + 1] : b.length);
  const pick = () => Math.floor(r() * starts.length);
  switch (kind) {
    case 'bitflip': {
      const out = Buffer.from(b);
      for (let k = 0; k < 1 + Math.floor(r() * 4); k++) out[Math.floor(r() * out.length)] ^= 1 << Math.floor(r() * 8);
      return out;
    }
    case 'delete': {
      const i = pick();
      return Buffer.concat([b.subarray(0, starts[i]), b.subarray(starts[i] + line(i).length)]);
    }
    case 'duplicate': {
      const i = pick();
      return Buffer.concat([b.subarray(0, starts[i]), line(i), b.subarray(starts[i])]);
    }
    case 'swap': {
      const [i, j] = [pick(), pick()].sort((x, y) => x - y);
      if (i === j) return b;
      return Buffer.concat([b.subarray(0, starts[i]), line(j), b.subarray(starts[i] + line(i).length, starts[j]), line(i), b.subarray(starts[j] + line(j).length)]);
    }
    case 'truncate':
      return b.subarray(0, Math.floor(r() * b.length));
    case 'hugeNumber': {
      const text = line(pick()).toString('latin1');
      const m = /\d+/.exec(text);
      if (!m) return b;
      const i = starts.findIndex((s) => b.subarray(s, s + text.length).toString('latin1') === text);
      const huge = ['99999999999999999999', '-1', '1e308', '0', '18446744073709551615'][Math.floor(r() * 5)];
      const changed = Buffer.from(text.slice(0, m.index) + huge + text.slice(m.index + m[0].length), 'latin1');
      return Buffer.concat([b.subarray(0, starts[i]), changed, b.subarray(starts[i] + text.length)]);
    }
  }
}

export type Outcome = { kind: 'ok' | 'refused' | 'crash' | 'insane'; detail?: string; ms: number };

/** Case `n` of a run: its seed capture, file and damages all follow from (runSeed, n). */
export async function runCase(seeds: Seed[], runSeed: number, n: number, dir: string, doReplay = true): Promise<Outcome & { what: string }> {
  const r = rng(runSeed * 1_000_003 + n);
  const seed = seeds[Math.floor(r() * seeds.length)];
  const names = [...seed.files.keys()];
  const target = names[Math.floor(r() * names.length)];
  const kinds: Mutation[] = Array.from({ length: 1 + Math.floor(r() * 3) }, () => MUTATIONS[Math.floor(r() * MUTATIONS.length)]);
  let bytes = seed.files.get(target)!;
  for (const k of kinds) bytes = mutate(bytes, k, r);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, b] of seed.files) writeFileSync(join(dir, name), name === target ? bytes : b);
  const what = `${seed.name} ${target} ${kinds.join('+')}`;
  const t0 = performance.now();
  try {
    const capture = await loadCapture(dir);
    const figures = analyzeCapture(capture);
    let bad = insanity({ rates: figures.rates, peakRates: figures.peakRates, kswapd: figures.kswapd, zram: figures.zram, directReclaim: figures.directReclaim, memcgReclaim: figures.memcgReclaim, deltas: figures.deltas?.counters });
    if (!bad && doReplay) {
      const res = await replay(capture, resolveOptions({ seed: 1, profile: 'x86-vm' }));
      bad = insanity({ baseline: res.baseline, kcompressd: res.kcompressd, compressShare: res.compressShare });
    }
    return { kind: bad ? 'insane' : 'ok', detail: bad ?? undefined, ms: performance.now() - t0, what };
  } catch (err) {
    const ms = performance.now() - t0;
    if ((err instanceof CaptureError || err instanceof OptionError) && !err.message.includes('\n')) return { kind: 'refused', detail: err.message, ms, what };
    return { kind: 'crash', detail: err instanceof Error ? (err.stack ?? err.message) : String(err), ms, what };
  }
}
