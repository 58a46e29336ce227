// `vmstat N` output, recognised by its column header:
//   procps / toybox / busybox  r b swpd free buff cache [inact active] si so bi bo in cs us sy id wa [st] [gu] [TZ]
//                              (-a gives inact/active, -w only widens, -t adds a date-time pair named after the zone)
//   Android toolbox            r b free mapped anon slab in cs flt us ni sy id wa ir
// A time-of-day prefix before the columns (`ts`, `date +%T` loops) times the rows. `-S k|K|m|M` (seen on the
// command line in the file) scales the memory columns, which are kept in KiB. Other shapes (-s, -d, -m, unknown
// columns) are refused as an unsupported variant rather than read wrong. procps' first row is the since-boot
// average, not a sample, and is dropped; toolbox prints no such row.
import { CaptureError } from '../errors';
import { damageWarnings, forEachLine, type LineReadOptions } from './lineSource';
import { LineTally, SeriesBuilder, type SnapshotParse } from './seriesBuilder';
import { parseIsoTime, parseNum, splitFields, type Stamp } from './tokens';
import { warning, type Warning } from '../warnings';

const GROUP_HEADER = /^\s*-*procs\b/;
const R_THEN_B = /r[ \t]+b/;
const PROCPS = new Set(['r', 'b', 'swpd', 'free', 'buff', 'cache', 'inact', 'active', 'si', 'so', 'bi', 'bo',
  'in', 'cs', 'us', 'sy', 'id', 'wa', 'st', 'gu']);
const TOOLBOX = new Set(['r', 'b', 'free', 'mapped', 'anon', 'slab', 'in', 'cs', 'flt', 'us', 'ni', 'sy', 'id', 'wa', 'ir']);
/** Columns in the -S unit (KiB by default); kept in KiB. */
const MEMORY = new Set(['swpd', 'free', 'buff', 'cache', 'inact', 'active', 'mapped', 'anon', 'slab']);
/** -S unit → KiB per unit (procps: k = 1000 B, K = 1024 B, m = 10⁶ B, M = 2²⁰ B). */
const UNIT_KIB: Record<string, number> = { k: 1000 / 1024, K: 1, m: 1e6 / 1024, M: 1024 };
const TIME_ZONE = /^(?:[A-Z]{2,5}|[+-]\d{4})$/;
const TIME_OF_DAY = /^(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Outputs of other vmstat modes, recognised so they are refused by name. */
const OTHER_MODES: [RegExp, string][] = [
  [/^\s*\d+\s+K\s+total memory\s*$/, '-s (event counter table)'],
  [/^disk-\s+-+reads-+/, '-d (disk statistics)'],
  [/^Cache\s+Num\s+Total\s+Size\s+Pages\s*$/, '-m (slab info)'],
];
/** Leading tokens a time prefix may take (`Nov 29 12:00:01`). */
const MAX_PREFIX = 3;

export interface VmstatHeader {
  columns: string[];
  /** The -t column's time zone name, or undefined without -t. */
  timeZone?: string;
  variant: 'procps' | 'toolbox';
  /** Columns neither variant has: the file is refused. */
  unknown: string[];
}

/** The column header line (`r b …`), or null. Tokens before `r b` (a time prefix) are allowed. */
export function parseVmstatHeader(line: string): VmstatHeader | null {
  // Tokens `r` then `b` need this text (a cheap test: format detection asks every line of every file).
  if (!R_THEN_B.test(line)) return null;
  const toks = splitFields(line);
  const r = toks.indexOf('r');
  if (r < 0 || r > MAX_PREFIX || toks[r + 1] !== 'b') return null;
  let columns = toks.slice(r);
  let timeZone: string | undefined;
  if (TIME_ZONE.test(columns[columns.length - 1])) {
    timeZone = columns[columns.length - 1];
    columns = columns.slice(0, -1);
  }
  const known = columns.filter((c) => PROCPS.has(c) || TOOLBOX.has(c));
  if (columns.length < 6 || known.length < 6) return null;
  const variant = columns.every((c) => TOOLBOX.has(c)) && columns.some((c) => !PROCPS.has(c)) ? 'toolbox' : 'procps';
  const unknown = columns.filter((c) => !(variant === 'toolbox' ? TOOLBOX : PROCPS).has(c));
  return { columns, timeZone, variant, unknown };
}

/** A vmstat mode other than the row output, by its first lines: named so it can be refused. */
export function otherVmstatMode(line: string): string | null {
  return OTHER_MODES.find(([re]) => re.test(line))?.[1] ?? null;
}

/** Seconds of a time prefix: epoch when it holds a date, else seconds since midnight (undefined: no time). */
function prefixTime(toks: string[]): { epoch?: number; tod?: number } | undefined {
  const t = [...toks].reverse().find((x) => TIME_OF_DAY.test(x));
  if (t === undefined) return undefined;
  const d = toks.find((x) => DATE.test(x));
  if (d) return { epoch: parseIsoTime(`${d} ${t.length === 7 ? `0${t}` : t}`) };
  const m = TIME_OF_DAY.exec(t)!;
  return { tod: Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) };
}

const unsupported = (path: string, line: number, what: string) => new CaptureError(path, line, `unsupported vmstat variant (${what})`);

export async function parseVmstatOutput(path: string, opts?: LineReadOptions): Promise<SnapshotParse> {
  const b = new SeriesBuilder();
  const tally = new LineTally();
  let header: VmstatHeader | null = null;
  let sinceBootDropped = false;
  let unitKib = 1;
  let todOnly = false;
  let lastTod = -1;
  let dayOffset = 0;
  const read = await forEachLine(path, (line, lineNo) => {
    if (line.trim() === '' || GROUP_HEADER.test(line)) return;
    const other = otherVmstatMode(line);
    if (other) throw unsupported(path, lineNo, other);
    const unit = line.length < 512 ? /\bvmstat\b.*-S\s*(\S)/.exec(line) : null; // a command line is short
    if (unit && !header) {
      if (!(unit[1] in UNIT_KIB)) throw unsupported(path, lineNo, `-S ${unit[1]}: unknown unit`);
      unitKib = UNIT_KIB[unit[1]];
      return;
    }
    const h = parseVmstatHeader(line);
    if (h) {
      if (h.unknown.length > 0) throw unsupported(path, lineNo, `columns ${h.unknown.join(', ')} are neither procps nor Android toolbox`);
      header = h;
      return;
    }
    const toks = splitFields(line);
    const hdr = header as VmstatHeader | null;
    const width = hdr ? hdr.columns.length + (hdr.timeZone ? 2 : 0) : 0;
    const extra = toks.length - width;
    if (!hdr || extra < 0 || extra > MAX_PREFIX) {
      tally.miss(lineNo);
      return;
    }
    const body = toks.slice(extra);
    const nums = body.slice(0, hdr.columns.length).map(parseNum);
    const stamp: Stamp = {};
    if (hdr.timeZone) {
      const epoch = parseIsoTime(`${body[body.length - 2]} ${body[body.length - 1]}`);
      if (epoch === undefined) {
        tally.miss(lineNo);
        return;
      }
      stamp.epoch = epoch;
    } else if (extra > 0) {
      const t = prefixTime(toks.slice(0, extra));
      if (t === undefined || (t.epoch === undefined && t.tod === undefined)) {
        tally.miss(lineNo);
        return;
      }
      if (t.tod !== undefined) {
        // Time of day only: a time earlier than the row before is the next day.
        if (t.tod < lastTod) dayOffset += 86400;
        lastTod = t.tod;
        todOnly = true;
        stamp.epoch = dayOffset + t.tod;
      } else stamp.epoch = t.epoch;
    }
    if (nums.some((v) => v === undefined)) {
      tally.miss(lineNo);
      return;
    }
    b.begin(stamp, lineNo);
    hdr.columns.forEach((c, i) => b.set(c, MEMORY.has(c) ? nums[i]! * unitKib : nums[i]!));
    if (!sinceBootDropped && hdr.variant === 'procps') {
      b.dropLast();
      sinceBootDropped = true;
    }
  }, opts);
  const lines = read.lines;
  const timed = b.finish(path, () => false);
  const warnings: Warning[] = [...damageWarnings(read), ...timed.warnings];
  const h = header as VmstatHeader | null;
  if (!h) warnings.push(warning('vmstat-output.no-header', 'no vmstat column header (r b swpd free …) found', path));
  else if (todOnly) warnings.push(warning('vmstat-output.time-of-day', 'vmstat rows carry a time of day but no date; intervals taken from it', path));
  else if (timed.clock === 'relative' && b.samples > 1) warnings.push(warning('series.untimed', 'vmstat rows carry no time (-t); assumed 1 s apart', path, b.firstLine));
  else if (h.timeZone && h.timeZone !== 'UTC') warnings.push(warning('vmstat-output.time-zone', `vmstat times are in ${h.timeZone}; read as UTC`, path));
  return { ...timed, info: tally.info(path, 'vmstat-output', lines), warnings };
}
