// procps `vmstat [-w] [-t] [-a] [-n] N` output. Columns come from the header line (so -a's inact/active and newer
// columns like gu just work); -t adds a wall-time column named after the time zone. Headers may repeat. The first
// data row is the since-boot average, not a sample, and is dropped.
import { forEachLine, type LineReadOptions } from './lineSource';
import { LineTally, SeriesBuilder, type SnapshotParse } from './seriesBuilder';
import { parseIsoTime, parseNum, splitFields, type Stamp } from './tokens';

const GROUP_HEADER = /^\s*-*procs\b/;
const COLUMN_HEADER = /^\s*r\s+b\s/;
const KNOWN_COLUMNS = new Set(['r', 'b', 'swpd', 'free', 'buff', 'cache', 'inact', 'active', 'si', 'so', 'bi', 'bo',
  'in', 'cs', 'us', 'sy', 'id', 'wa', 'st', 'gu']);

export interface VmstatHeader {
  columns: string[];
  /** The -t column's time zone name, or undefined without -t. */
  timeZone?: string;
}

export function parseVmstatHeader(line: string): VmstatHeader | null {
  if (!COLUMN_HEADER.test(line)) return null;
  const toks = splitFields(line);
  const last = toks[toks.length - 1];
  return KNOWN_COLUMNS.has(last) ? { columns: toks } : { columns: toks.slice(0, -1), timeZone: last };
}

export async function parseVmstatOutput(path: string, opts?: LineReadOptions): Promise<SnapshotParse> {
  const b = new SeriesBuilder();
  const tally = new LineTally();
  let header: VmstatHeader | null = null;
  let sinceBootDropped = false;
  const { lines } = await forEachLine(path, (line, lineNo) => {
    if (line.trim() === '' || GROUP_HEADER.test(line)) return;
    const h = parseVmstatHeader(line);
    if (h) {
      header = h;
      return;
    }
    const toks = splitFields(line);
    if (!header || toks.length !== header.columns.length + (header.timeZone ? 2 : 0)) {
      tally.miss(lineNo);
      return;
    }
    const nums = toks.slice(0, header.columns.length).map(parseNum);
    const stamp: Stamp = {};
    if (header.timeZone) {
      const epoch = parseIsoTime(`${toks[toks.length - 2]} ${toks[toks.length - 1]}`);
      if (epoch === undefined) {
        tally.miss(lineNo);
        return;
      }
      stamp.epoch = epoch;
    }
    if (nums.some((v) => v === undefined)) {
      tally.miss(lineNo);
      return;
    }
    b.begin(stamp, lineNo);
    header.columns.forEach((c, i) => b.set(c, nums[i]!));
    if (!sinceBootDropped) {
      b.dropLast();
      sinceBootDropped = true;
    }
  }, opts);
  const timed = b.finish(path, () => false);
  const warnings: string[] = [...timed.warnings];
  const h = header as VmstatHeader | null;
  if (!h) warnings.push(`${path}: no vmstat column header (r b swpd free …) found`);
  else if (!h.timeZone) warnings.push(`${path}: vmstat rows carry no time (-t); assumed 1 s apart`);
  else if (h.timeZone !== 'UTC') warnings.push(`${path}: vmstat times are in ${h.timeZone}; read as UTC`);
  return { ...timed, info: tally.info(path, 'vmstat-output', lines), warnings };
}
