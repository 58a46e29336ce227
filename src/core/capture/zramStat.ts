// zram mm_stat / io_stat: a single line, a series with leading timestamps (named by a `# t_mono t_epoch …` header, or
// recognised as decimal-point tokens), or the `== mm_stat` section of a multi-section dump that also names
// comp_algorithm. Fields by position: older kernels print fewer trailing fields, newer ones may print more.
import { damageWarnings, forEachLine, type LineReadOptions } from './lineSource';
import { LineTally, SeriesBuilder, type SnapshotParse } from './seriesBuilder';
import { numericRow, parseStampLine, splitFields, type Stamp } from './tokens';
import { warning } from '../warnings';

export type ZramFormat = 'zram-mm-stat' | 'zram-io-stat';

export const ZRAM_FIELDS: Record<ZramFormat, readonly string[]> = {
  'zram-mm-stat': ['orig_data_size', 'compr_data_size', 'mem_used_total', 'mem_limit', 'mem_used_max', 'same_pages',
    'pages_compacted', 'huge_pages', 'huge_pages_since'],
  'zram-io-stat': ['failed_reads', 'failed_writes', 'invalid_io', 'notify_free'],
};
const SECTION: Record<ZramFormat, string> = { 'zram-mm-stat': 'mm_stat', 'zram-io-stat': 'io_stat' };
const COUNTERS = new Set(['pages_compacted', 'huge_pages_since', ...ZRAM_FIELDS['zram-io-stat']]);
const STAMP_NAMES = new Set(['t_mono', 't_epoch', 't', 'time', 'timestamp']);
const NAME = /^[a-z_][a-z0-9_]*$/;

export interface ZramParse extends SnapshotParse {
  compAlgorithm?: string;
}

/** Column names of a `# name name …` header (up to the first token that is not a name), or null. */
export function headerNames(line: string): string[] | null {
  const names: string[] = [];
  for (const tok of splitFields(line.replace(/^#+/, ''))) {
    if (!NAME.test(tok)) break;
    names.push(tok);
  }
  return names.length >= 2 ? names : null;
}

/** Splits a numeric row into leading timestamps (tokens with a decimal point, at most two) and integer fields. */
export function splitStampedRow(fields: number[], raw: string[]): { stamp: Stamp; values: number[] } {
  let k = 0;
  while (k < 2 && k < raw.length && raw[k].includes('.')) k++;
  const stamp: Stamp = {};
  if (k === 2) {
    stamp.mono = fields[0];
    stamp.epoch = fields[1];
  } else if (k === 1) {
    if (fields[0] >= 1e9) stamp.epoch = fields[0];
    else stamp.mono = fields[0];
  }
  return { stamp, values: fields.slice(k) };
}

export async function parseZramStat(path: string, format: ZramFormat, opts?: LineReadOptions): Promise<ZramParse> {
  const fields = ZRAM_FIELDS[format];
  const b = new SeriesBuilder();
  const tally = new LineTally();
  let names: string[] | null = null;
  let section: string | null = null;
  let pending: Stamp = {};
  let compAlgorithm: string | undefined;
  const store = (stamp: Stamp, byName: [string, number][], lineNo: number) => {
    b.begin(stamp, lineNo);
    for (const [k, v] of byName) b.set(k, v);
  };
  const read = await forEachLine(path, (line, lineNo) => {
    const t = line.trim();
    if (t === '') return;
    if (t.startsWith('==')) {
      section = t.replace(/^=+\s*/, '');
      return;
    }
    if (t.startsWith('#')) {
      const stamp = parseStampLine(t);
      if (stamp) pending = stamp;
      else names = headerNames(t) ?? names;
      return;
    }
    if (section === 'comp_algorithm') {
      compAlgorithm = /\[([\w-]+)\]/.exec(t)?.[1] ?? (splitFields(t).length === 1 ? t : undefined);
      return;
    }
    if (section !== null && section !== SECTION[format]) return;
    const row = numericRow(t);
    if (!row) {
      tally.miss(lineNo);
      return;
    }
    const { raw, vals } = row;
    if (names) {
      const stamp: Stamp = {};
      const byName: [string, number][] = [];
      names.forEach((n, i) => {
        if (i >= vals.length) return;
        if (n === 't_mono') stamp.mono = vals[i];
        else if (STAMP_NAMES.has(n)) stamp.epoch = vals[i];
        else byName.push([n, vals[i]]);
      });
      store(stamp, byName, lineNo);
      return;
    }
    const { stamp, values } = splitStampedRow(vals, raw);
    if (values.length === 0) {
      tally.miss(lineNo);
      return;
    }
    store(section !== null ? pending : stamp, values.slice(0, fields.length).map((v, i) => [fields[i], v]), lineNo);
  }, opts);
  const lines = read.lines;
  const timed = b.finish(path, (k) => COUNTERS.has(k));
  const warnings = [...damageWarnings(read), ...(b.samples === 0 ? [warning('series.none-found', `no ${SECTION[format]} line found`, path)] : timed.warnings)];
  return { ...timed, info: tally.info(path, format, lines), warnings, compAlgorithm };
}
