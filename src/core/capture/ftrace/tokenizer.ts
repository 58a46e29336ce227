// Line-prefix tokenizers for the text trace flavours, working on raw bytes so that the hot loop decodes nothing:
//   ftrace trace / trace_pipe   `<comm>-<pid> [(<tgid>)] [<cpu>] [<flags>] <secs>.<frac>: <event>: <fields>`
//   trace-cmd report            same without flags (or with the `-l` latency column)
//   perf script                 `<comm> <pid>[/<tid>] [<cpu>] <secs>.<frac>: [<period>] [<subsys>:]<event>[:<mods>]: <fields>`
// Results go into a reused TraceLine (one per file) rather than a fresh object per line.

import { BytePattern, viewOf } from './bytePattern';

const SP = 32;
const TAB = 9;
const DASH = 45;
const LBRACK = 91;
const RBRACK = 93;
const LPAREN = 40;
const RPAREN = 41;
const COLON = 58;
const DOT = 46;
const SLASH = 47;
/** Four spaces as one little-endian 32-bit word. */
const SPACES4 = 0x20202020;
/** Widest `(tgid)` column looked at: `(-------)` or a pid of up to 7 digits, with padding. */
const MAX_TGID_COLUMN = 16;

export class TraceLine {
  buf: Buffer = Buffer.alloc(0);
  /** 1-based, set by the reader. */
  lineNo = 0;
  /** Line bounds within buf. */
  start = 0;
  end = 0;
  commStart = 0;
  commEnd = 0;
  pid = 0;
  /** -1 when there is no TGID column or it reads `(-------)`. */
  tgid = -1;
  /** -1 when the flavour has no CPU column. */
  cpu = -1;
  /** Empty range when there is no flags column. */
  flagsStart = 0;
  flagsEnd = 0;
  ts = 0;
  eventStart = 0;
  eventEnd = 0;
  /** eventHash / eventHash2 of buf[eventStart, eventEnd): two independent hashes identify the name. */
  eventHash = 0;
  eventHash2 = 0;
  fieldsStart = 0;
  /** perf script sample period, 0 when absent. */
  period = 0;
  /** Column of the `[CPU]` bracket on the last line: trace_pipe pads comm and pid, so it rarely moves. */
  cpuCol = -1;
  /** Recently seen event names (ftrace flavours), tried before hashing. */
  readonly recent = Array.from({ length: RECENT }, () => new RecentEvent());
  recentNext = 0;

  comm(): string {
    return this.buf.toString('utf8', this.commStart, this.commEnd);
  }
  flags(): string {
    return this.buf.toString('latin1', this.flagsStart, this.flagsEnd);
  }
  event(): string {
    return this.buf.toString('latin1', this.eventStart, this.eventEnd);
  }
  fields(): string {
    return this.buf.toString('utf8', this.fieldsStart, this.end);
  }
}

// Hashes are cut to 30 bits so they stay small integers (V8 boxes larger ones on every store).
const SMI_MASK = 0x3fffffff;

/** A 30-bit multiplicative hash of bytes. */
export function eventHash(buf: Uint8Array, start: number, end: number): number {
  let h = 0;
  for (let i = start; i < end; i++) h = (Math.imul(h, 31) + buf[i]) | 0;
  return h & SMI_MASK;
}

/** A second, independent 30-bit hash (FNV-1a): with eventHash and the length it names an event without a byte compare. */
export function eventHash2(buf: Uint8Array, start: number, end: number): number {
  let g = FNV_BASIS;
  for (let i = start; i < end; i++) g = Math.imul(g ^ buf[i], FNV_PRIME);
  return g & SMI_MASK;
}

const FNV_BASIS = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

const isDigit = (c: number) => c >= 48 && c <= 57;

const POW10 = Array.from({ length: 20 }, (_, i) => 10 ** i);

/**
 * Reads `<ts>: <event>: ` from p (after the CPU / flags columns). Fills ts, event and fieldsStart. perf=true accepts
 * a sample period before the event and `subsys:` / `:modifiers` around the name.
 */
function readTsAndEvent(out: TraceLine, buf: Buffer, p: number, end: number, perf: boolean): boolean {
  let ip = 0;
  const s0 = p;
  for (; p < end; p++) {
    const c = buf[p];
    if (c < 48 || c > 57) break;
    ip = ip * 10 + (c - 48);
  }
  if (p === s0 || p >= end) return false;
  let ts = ip;
  if (buf[p] === DOT) {
    const fs = ++p;
    let frac = 0;
    for (; p < end; p++) {
      const c = buf[p];
      if (c < 48 || c > 57) break;
      frac = frac * 10 + (c - 48);
    }
    if (p === fs || p - fs >= POW10.length) return false;
    ts = ip + frac / POW10[p - fs];
  }
  if (p >= end || buf[p] !== COLON) return false;
  out.ts = ts;
  p++;
  while (p < end && buf[p] === SP) p++;
  out.period = 0;
  if (perf) {
    let d = p;
    let period = 0;
    while (d < end && isDigit(buf[d])) period = period * 10 + (buf[d++] - 48);
    if (d > p && d < end && buf[d] === SP) {
      out.period = period;
      p = d;
      while (p < end && buf[p] === SP) p++;
    }
  }
  // The event token ends at ': ' or at a ':' that ends the line. Events come in runs and alternations, so the few
  // most recent names are tried first (compared from the end, where vmscan names differ); otherwise hash on the way.
  const es = p;
  if (!perf && matchRecent(out, buf, es, end)) {
    p = out.eventEnd;
  } else {
    let h = 0;
    let g = FNV_BASIS;
    for (; p < end; p++) {
      const c = buf[p];
      if (c === COLON && (p + 1 === end || buf[p + 1] === SP)) break;
      if (c === SP) {
        // perf script ends a tracepoint without payload with the name (or `name: `): only trailing blanks may follow.
        if (!perf || !blankFrom(buf, p, end)) return false;
        break;
      }
      h = (Math.imul(h, 31) + c) | 0;
      g = Math.imul(g ^ c, FNV_PRIME);
    }
    if (p === es || (p >= end && !perf)) return false;
    out.eventStart = es;
    out.eventEnd = p;
    out.eventHash = h & SMI_MASK;
    out.eventHash2 = g & SMI_MASK;
    if (!perf) remember(out, buf, es, p);
  }
  if (perf) perfEventName(out, buf, es, p);
  if (p < end) p++;
  while (p < end && buf[p] === SP) p++;
  out.fieldsStart = p;
  return true;
}

function blankFrom(buf: Uint8Array, p: number, end: number): boolean {
  while (p < end && (buf[p] === SP || buf[p] === TAB)) p++;
  return p === end;
}

class RecentEvent {
  readonly name = new BytePattern(MAX_RECENT_NAME);
  hash = 0;
  hash2 = 0;
}
const RECENT = 4;
const MAX_RECENT_NAME = 64;

function matchRecent(out: TraceLine, buf: Buffer, es: number, end: number): boolean {
  const recent = out.recent;
  for (let r = 0; r < RECENT; r++) {
    const e = recent[r];
    const t = es + e.name.length;
    if (t === es || t >= end || buf[t] !== COLON || (t + 1 < end && buf[t + 1] !== SP) || !e.name.matchesAt(buf, es)) continue;
    out.eventStart = es;
    out.eventEnd = t;
    out.eventHash = e.hash;
    out.eventHash2 = e.hash2;
    return true;
  }
  return false;
}

function remember(out: TraceLine, buf: Buffer, es: number, ee: number): void {
  if (ee - es > MAX_RECENT_NAME) return;
  const e = out.recent[out.recentNext];
  out.recentNext = (out.recentNext + 1) % RECENT;
  e.name.set(buf, es, ee);
  e.hash = out.eventHash;
  e.hash2 = out.eventHash2;
}

const MODIFIER_CHARS = new Set('ukhpPGHSDIWe'.split('').map((c) => c.charCodeAt(0)));

/** Narrows the event to its name: `vmscan:mm_vmscan_kswapd_wake` → `mm_vmscan_kswapd_wake`, `cpu-clock:ppp` → `cpu-clock`. */
function perfEventName(out: TraceLine, buf: Uint8Array, s: number, e: number): void {
  let last = buf.lastIndexOf(COLON, e - 1);
  if (last >= s) {
    let allMods = e - last > 1;
    for (let i = last + 1; i < e && allMods; i++) allMods = MODIFIER_CHARS.has(buf[i]);
    if (allMods) {
      e = last;
      last = buf.lastIndexOf(COLON, e - 1);
    }
  }
  out.eventStart = last >= s ? last + 1 : s;
  out.eventEnd = e;
  out.eventHash = eventHash(buf, out.eventStart, e);
  out.eventHash2 = eventHash2(buf, out.eventStart, e);
}

/**
 * ftrace / trace-cmd line. comm may hold spaces, dashes and digits, so the pid is the last `-<digits>` before the
 * `(tgid)` / `[cpu]` columns.
 */
export function tokenizeFtrace(buf: Buffer, start: number, end: number, out: TraceLine): boolean {
  const v = viewOf(buf);
  let p = start;
  // trace_pipe right-aligns comms in 16 columns: skip the padding a word at a time.
  while (p + 4 <= end && v.getInt32(p, true) === SPACES4) p += 4;
  while (p < end && (buf[p] === SP || buf[p] === TAB)) p++;
  if (p >= end) return false;
  out.buf = buf;
  out.start = start;
  out.end = end;
  out.commStart = p;
  const guess = start + out.cpuCol;
  if (out.cpuCol > 0 && guess < end && buf[guess] === LBRACK && prefixAt(buf, p, guess, end, out)) return true;
  for (let b = buf.indexOf(LBRACK, p + 2); b !== -1 && b < end; b = buf.indexOf(LBRACK, b + 1)) {
    if (prefixAt(buf, p, b, end, out)) {
      out.cpuCol = b - start;
      return true;
    }
  }
  return false;
}

/** Tries the `[cpu]` column at b with the comm starting at commStart. */
function prefixAt(buf: Buffer, commStart: number, b: number, end: number, out: TraceLine): boolean {
  if (buf[b - 1] !== SP) return false;
  let p = b + 1;
  let cpu = 0;
  while (p < end && isDigit(buf[p])) cpu = cpu * 10 + (buf[p++] - 48);
  if (p === b + 1 || p >= end || buf[p] !== RBRACK) return false;
  // Walk back over the padding and the optional `(tgid)` column to `-<pid>`.
  let q = b - 1;
  const v = viewOf(buf);
  while (q - 3 > commStart && v.getInt32(q - 3, true) === SPACES4) q -= 4;
  while (q > commStart && buf[q] === SP) q--;
  let tgid = -1;
  if (buf[q] === RPAREN) {
    // Scan back only within this line's prefix (lastIndexOf would search the whole chunk: quadratic on hostile lines).
    let open = q - 1;
    while (open > commStart && buf[open] !== LPAREN && q - open <= MAX_TGID_COLUMN) open--;
    if (open <= commStart || buf[open] !== LPAREN) return false;
    let v = 0;
    let digits = 0;
    for (let i = open + 1; i < q; i++) {
      const c = buf[i];
      if (isDigit(c)) {
        v = v * 10 + (c - 48);
        digits++;
      } else if (c !== SP && c !== DASH) return false;
    }
    tgid = digits > 0 ? v : -1;
    q = open - 1;
    while (q > commStart && buf[q] === SP) q--;
  }
  const pidEnd = q + 1;
  while (q > commStart && isDigit(buf[q])) q--;
  // The comm may be empty (`-5972 [006]`: Android kernels print no name for some tasks), so the dash may open the line.
  if (q === pidEnd - 1 || buf[q] !== DASH || q < commStart) return false;
  let pid = 0;
  for (let i = q + 1; i < pidEnd; i++) pid = pid * 10 + (buf[i] - 48);
  p++;
  if (p >= end || buf[p] !== SP) return false;
  while (p < end && buf[p] === SP) p++;
  // Flags column, when present, is a short token that does not end in ':'.
  let t = p;
  while (t < end && buf[t] !== SP) t++;
  if (t >= end) return false;
  if (buf[t - 1] === COLON) {
    out.flagsStart = out.flagsEnd = p;
  } else {
    if (t - p > 6) return false;
    out.flagsStart = p;
    out.flagsEnd = t;
    p = t;
    while (p < end && buf[p] === SP) p++;
  }
  if (!readTsAndEvent(out, buf, p, end, false)) return false;
  out.commEnd = q;
  out.pid = pid;
  out.tgid = tgid;
  out.cpu = cpu;
  return true;
}

/** perf script header or tracepoint line: `<comm> <pid>[/<tid>] [<cpu>] <ts>: ...`; the CPU column is optional. */
export function tokenizePerf(buf: Buffer, start: number, end: number, out: TraceLine): boolean {
  let p = start;
  while (p < end && buf[p] === SP) p++;
  if (p >= end || buf[p] === TAB) return false;
  out.buf = buf;
  out.start = start;
  out.end = end;
  out.commStart = p;
  // Find the timestamp token `<digits>.<digits>:` preceded by either `] ` or the pid token.
  for (let c = buf.indexOf(COLON, p); c !== -1 && c < end; c = buf.indexOf(COLON, c + 1)) {
    let s = c - 1;
    while (s > p && (isDigit(buf[s]) || buf[s] === DOT)) s--;
    if (buf[s] !== SP || s + 1 === c) continue;
    if (!tokenizePerfBefore(buf, p, s, out)) continue;
    if (readTsAndEvent(out, buf, s + 1, end, true)) return true;
  }
  return false;
}

/** Parses `<comm> <pid>[/<tid>] [[<cpu>]]` in [commStart, e) where e is the space before the timestamp. */
function tokenizePerfBefore(buf: Buffer, commStart: number, e: number, out: TraceLine): boolean {
  let q = e;
  while (q > commStart && buf[q - 1] === SP) q--;
  out.cpu = -1;
  if (buf[q - 1] === RBRACK) {
    const open = buf.lastIndexOf(LBRACK, q - 1);
    if (open <= commStart) return false;
    let cpu = 0;
    for (let i = open + 1; i < q - 1; i++) {
      if (!isDigit(buf[i])) return false;
      cpu = cpu * 10 + (buf[i] - 48);
    }
    if (open + 1 === q - 1) return false;
    out.cpu = cpu;
    q = open;
    while (q > commStart && buf[q - 1] === SP) q--;
  }
  // pid or pid/tid: the thread id is what ftrace calls pid.
  const tokEnd = q;
  while (q > commStart && (isDigit(buf[q - 1]) || buf[q - 1] === SLASH)) q--;
  if (q === tokEnd || buf[q - 1] !== SP) return false;
  const slash = buf.indexOf(SLASH, q);
  const idStart = slash !== -1 && slash < tokEnd ? slash + 1 : q;
  let pid = 0;
  for (let i = idStart; i < tokEnd; i++) {
    if (!isDigit(buf[i])) return false;
    pid = pid * 10 + (buf[i] - 48);
  }
  if (idStart === tokEnd) return false;
  let ce = q - 1;
  while (ce > commStart && buf[ce - 1] === SP) ce--;
  if (ce <= commStart) return false;
  out.commEnd = ce;
  out.pid = pid;
  out.tgid = slash !== -1 && slash < tokEnd ? parseInt(buf.toString('latin1', q, slash), 10) : -1;
  out.flagsStart = out.flagsEnd = e;
  return true;
}
