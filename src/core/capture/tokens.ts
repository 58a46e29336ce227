// Line tokenizers shared by the text parsers. None throws: a line that does not fit returns null/undefined and the
// parser counts it as unparsed.

// Unambiguous (the fraction needs its '.'), so a long digit run that fails to match is rejected in linear time.
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const KEY = /^[A-Za-z_][\w.()/-]*$/;

/** A strict decimal number (Number('') is 0 and Number('0x1f') is 31; neither is a counter value). */
export function parseNum(tok: string): number | undefined {
  return NUMBER.test(tok) ? Number(tok) : undefined;
}

/** Whitespace-separated tokens (spaces and tabs), no empty tokens. */
export function splitFields(line: string): string[] {
  const t = line.trim();
  return t === '' ? [] : t.split(/[ \t]+/);
}

/** A row of numbers only, with its tokens (to tell timestamps by their decimal point); null if any token isn't one. */
export function numericRow(line: string): { raw: string[]; vals: number[] } | null {
  const raw = splitFields(line);
  const vals: number[] = [];
  for (const tok of raw) {
    const v = parseNum(tok);
    if (v === undefined) return null;
    vals.push(v);
  }
  return { raw, vals };
}

/** `key value` (/proc/vmstat, memory.stat): exactly two tokens, the second a number. */
export function splitKeyValue(line: string): [string, number] | null {
  const f = splitFields(line);
  if (f.length !== 2 || !KEY.test(f[0])) return null;
  const v = parseNum(f[1]);
  return v === undefined ? null : [f[0], v];
}

/** `Key:   value [kB]` (/proc/meminfo). */
export function splitColonValue(line: string): [string, number] | null {
  const colon = line.indexOf(':');
  if (colon <= 0) return null;
  const key = line.slice(0, colon).trim();
  if (!KEY.test(key)) return null;
  const f = splitFields(line.slice(colon + 1));
  if (f.length < 1 || f.length > 2 || (f.length === 2 && f[1] !== 'kB')) return null;
  const v = parseNum(f[0]);
  return v === undefined ? null : [key, v];
}

export interface Stamp {
  mono?: number;
  epoch?: number;
}

/** Values at least this large are wall-clock epoch seconds; smaller ones are uptime (CLOCK_MONOTONIC/BOOTTIME). */
const EPOCH_MIN = 1e9;

function stampOf(v: number): Stamp {
  return v >= EPOCH_MIN ? { epoch: v } : { mono: v };
}

const ISO = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2}| ?UTC)?$/;

/** Wall time `2026-11-25 18:44:38` / ISO 8601 → epoch seconds; no zone means UTC (as procps `vmstat -t` prints in UTC). */
export function parseIsoTime(s: string): number | undefined {
  if (!ISO.test(s)) return undefined;
  let iso = s.replace(' UTC', 'Z').replace(' ', 'T');
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(iso)) iso += 'Z';
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms / 1000 : undefined;
}

/**
 * A snapshot header: `# t_mono=<s> t_epoch=<s>`, `# <mono> <epoch> [...]`, a bare `date +%s.%N` line, `=== <epoch>`,
 * or an ISO time line. Returns null when the line is not a header.
 */
export function parseStampLine(line: string): Stamp | null {
  const t = line.trim();
  if (t.startsWith('#')) {
    // A damaged value (`t_mono=10p.0`) still heads a snapshot, without that time: never the digits before the damage.
    const mono = /\bt_mono=(\S*)/.exec(t);
    const epoch = /\bt_epoch=(\S*)/.exec(t);
    if (mono || epoch) {
      const s: Stamp = {};
      const m = mono && parseNum(mono[1]);
      const e = epoch && parseNum(epoch[1]);
      if (typeof m === 'number') s.mono = m;
      if (typeof e === 'number') s.epoch = e;
      return s;
    }
    const f = splitFields(t.slice(1));
    const nums: number[] = [];
    for (const tok of f) {
      const v = parseNum(tok);
      if (v === undefined) break;
      nums.push(v);
    }
    if (nums.length === 0) return null;
    return nums.reduce<Stamp>((s, v) => ({ ...stampOf(v), ...s }), {});
  }
  const body = t.startsWith('===') ? t.replace(/^=+\s*/, '').replace(/\s*=+$/, '') : t;
  const v = /^\d+\.\d+$|^\d{9,}$/.test(body) ? Number(body) : undefined;
  if (v !== undefined) return stampOf(v);
  const iso = parseIsoTime(body);
  return iso === undefined ? null : { epoch: iso };
}
