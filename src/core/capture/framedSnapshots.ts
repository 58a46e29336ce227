// Snapshot framing shared by /proc/vmstat and /proc/meminfo series: samples start at a timestamp header
// (`# t_mono=…`, `date +%s.%N`, `=== <epoch>`, ISO time), at a blank line, or when a key repeats (files simply
// concatenated); a file with no framing at all is one snapshot.
// The common line (`key value`, `Key: value kB`) is read from the raw bytes: the key is interned once per file by
// its bytes (no string per line, no regex), the value read as digits. Anything else (headers, signs, decimals,
// junk) takes the string path with the format's own split, so both paths accept exactly the same lines.
import { damageWarnings, forEachLineBytes, type LineReadOptions } from './lineSource';
import { LineTally, SeriesBuilder, type SnapshotParse } from './seriesBuilder';
import { parseStampLine, type Stamp } from './tokens';
import { BytePattern } from './ftrace/bytePattern';
import type { SourceFormat } from './types';
import { counted, lineList, warning, type Warning } from '../warnings';

export interface SnapshotRules {
  format: SourceFormat;
  /** `Key: value [kB]` (meminfo) rather than `key value` (vmstat). */
  colon: boolean;
  split(line: string): [string, number] | null;
  isCounter(key: string): boolean;
  /** The key a legacy key's value is summed into when the sample lacks that key itself (vmstat per-zone counters). */
  foldInto?(key: string): string | undefined;
}

const SP = 32;
const TAB = 9;
const COLON = 58;
/** Bytes of a key as tokens.ts's KEY pattern allows them: [A-Za-z0-9_.()/-]; a key starts with a letter or '_'. */
const KEY_BYTE = new Uint8Array(128);
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789.()/-') KEY_BYTE[c.charCodeAt(0)] = 1;
const isKeyStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
/** Digits read as an integer exactly (below 2^53). */
const MAX_DIGITS = 15;

class Key {
  /** The sample this key was last set in (a repeat starts the next sample). */
  sample = -1;
  fold: Key | null = null;
  foldSum = 0;
  foldSample = -1;
  /** The key on the line after this one last time: snapshots print their keys in the same order. */
  next: Key | null = null;
  readonly bytes: BytePattern;
  constructor(readonly name: string) {
    this.bytes = BytePattern.of(Buffer.from(name, 'latin1'));
  }
}

/** Keys by (hash, bytes), and by name for the string path. */
class KeyTable {
  private readonly byHash = new Map<number, Key[]>();
  private readonly byName = new Map<string, Key>();
  constructor(private readonly rules: SnapshotRules) {}

  ofBytes(buf: Buffer, s: number, e: number, hash: number): Key {
    const list = this.byHash.get(hash);
    if (list) {
      for (let i = 0; i < list.length; i++) {
        const k = list[i];
        if (k.bytes.length === e - s && k.bytes.matchesAt(buf, s)) return k;
      }
    }
    const k = this.ofName(buf.toString('latin1', s, e));
    if (list) list.push(k);
    else this.byHash.set(hash, [k]);
    return k;
  }

  ofName(name: string): Key {
    let k = this.byName.get(name);
    if (!k) {
      k = new Key(name);
      this.byName.set(name, k);
      const to = this.rules.foldInto?.(name);
      if (to !== undefined) k.fold = this.ofName(to);
    }
    return k;
  }
}

/** The fast path's view of a line: key bytes (with their hash) and an integer value. */
class KeyValueLine {
  keyStart = 0;
  keyEnd = 0;
  hash = 0;
  value = 0;
}
const BLANK = 0;
const KEY_VALUE = 1;
const OTHER = 2;

/** `key value` (or `Key: value [kB]` when colon) in buf[s, e): BLANK, KEY_VALUE (out filled) or OTHER (the string path
 *  decides). A module-level function rather than a closure so it is compiled once, small, for every file. */
function readKeyValue(buf: Buffer, s: number, e: number, colon: boolean, out: KeyValueLine): number {
  let p = s;
  while (p < e && (buf[p] === SP || buf[p] === TAB)) p++;
  if (p === e) return BLANK;
  if (!isKeyStart(buf[p])) return OTHER;
  const ks = p;
  let h = 0;
  for (; p < e; p++) {
    const c = buf[p];
    if (c >= 128 || KEY_BYTE[c] === 0) break;
    h = (Math.imul(h, 31) + c) | 0;
  }
  const ke = p;
  if (colon) {
    while (p < e && buf[p] === SP) p++;
    if (p >= e || buf[p] !== COLON) return OTHER;
    p++;
  }
  if (p >= e || (buf[p] !== SP && buf[p] !== TAB)) return OTHER;
  while (p < e && (buf[p] === SP || buf[p] === TAB)) p++;
  const ds = p;
  let v = 0;
  for (; p < e; p++) {
    const c = buf[p];
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
  }
  const digits = p - ds;
  if (digits === 0 || digits > MAX_DIGITS) return OTHER;
  while (p < e && (buf[p] === SP || buf[p] === TAB)) p++;
  if (colon && p + 1 < e && buf[p] === 107 && buf[p + 1] === 66 && p > ds + digits) { // ` kB`
    p += 2;
    while (p < e && (buf[p] === SP || buf[p] === TAB)) p++;
  }
  if (p !== e) return OTHER;
  out.keyStart = ks;
  out.keyEnd = ke;
  out.hash = h;
  out.value = v;
  return KEY_VALUE;
}

export async function parseFramedSnapshots(path: string, rules: SnapshotRules, opts: LineReadOptions = {}): Promise<SnapshotParse> {
  const b = new SeriesBuilder();
  const tally = new LineTally();
  const keys = new KeyTable(rules);
  let sample = -1;
  let open = false;
  let pending: Stamp | null = null;
  let pendingLine = 0;
  /** The open sample carries a timestamp header: a key repeated inside it is damage, not the next snapshot. */
  let stamped = false;
  /** Merging lines without a header of their own into the stamped sample before (first value of each key kept). */
  let merging = false;
  const merged: number[] = [];
  /** Fold targets summed in this sample. */
  let folded: Key[] = [];
  /** The key of the previous line, whose `next` is the likely key of this one. */
  let prev: Key | null = null;
  const close = () => {
    if (!open) return;
    for (const k of folded) if (!b.has(k.name)) b.set(k.name, k.foldSum);
    folded = [];
    open = false;
  };
  const put = (k: Key, value: number, lineNo: number) => {
    if (prev) prev.next = k;
    prev = k;
    if (!open || k.sample === sample) {
      // In a stamped file a snapshot without its own header (a repeated line, a header lost) cannot be timed:
      // it merges into the stamped one before, so the series stays timed.
      if (pending === null && stamped && b.samples > 0) {
        if (!merging) merged.push(lineNo);
        merging = true;
        open = true;
      } else {
        close();
        b.begin(pending ?? {}, pendingLine || lineNo);
        sample++;
        open = true;
        stamped = pending !== null;
        merging = false;
      }
    }
    pending = null;
    pendingLine = 0;
    if (merging && k.sample === sample) return;
    k.sample = sample;
    b.set(k.name, value);
    const to = k.fold;
    if (to) {
      if (to.foldSample !== sample) {
        to.foldSample = sample;
        to.foldSum = 0;
        folded.push(to);
      }
      to.foldSum += value;
    }
  };
  const slow = (line: string, lineNo: number) => {
    const kv = rules.split(line);
    if (kv) return put(keys.ofName(kv[0]), kv[1], lineNo);
    if (line.trim() === '') {
      if (!stamped) close();
      return;
    }
    const stamp = parseStampLine(line);
    if (stamp) {
      close();
      merging = false;
      pending = stamp;
      pendingLine = lineNo;
      return;
    }
    if (!line.startsWith('#')) tally.miss(lineNo);
  };
  const line = new KeyValueLine();
  const read = await forEachLineBytes(path, (buf, s, e, lineNo) => {
    const r = readKeyValue(buf, s, e, rules.colon, line);
    if (r === BLANK) {
      if (!stamped) close();
    } else if (r === KEY_VALUE) {
      const guess = prev?.next;
      put(guess && guess.bytes.length === line.keyEnd - line.keyStart && guess.bytes.matchesAt(buf, line.keyStart) ? guess
        : keys.ofBytes(buf, line.keyStart, line.keyEnd, line.hash), line.value, lineNo);
    } else {
      slow(buf.toString('utf8', s, e), lineNo);
    }
  }, opts);
  const lines = read.lines;
  close();
  const timed = b.finish(path, rules.isCounter);
  const warnings: Warning[] = [...damageWarnings(read), ...timed.warnings];
  if (merged.length > 0) {
    warnings.push(warning('series.repeated-key', `${counted(merged.length, 'key line')} repeated inside a timestamped snapshot or a snapshot `
      + `without its timestamp header (${lineList(merged)}); merged into the snapshot before, its first values kept`, path, merged[0]));
  }
  if (b.samples === 0) warnings.push(warning('series.none-found', `no ${rules.format} snapshot found`, path));
  if (timed.clock === 'relative' && b.samples > 1) {
    warnings.push(warning('series.untimed', 'snapshots carry no timestamps; assumed 1 s apart', path, b.firstLine));
  }
  return { ...timed, info: tally.info(path, rules.format, lines), warnings };
}
