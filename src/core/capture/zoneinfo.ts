// /proc/zoneinfo: per-zone watermarks (min/low/high), lowmem_reserve (protection), managed/present/spanned and
// free pages. Indented lines that are not zone fields (per-node stats, pagesets) are structure, not errors. If the
// file holds several snapshots, the first is kept (it shows the watermarks in force at capture start) and the last
// one's free pages are the zones' state at the end. Snapshots under timestamp headers (`capture`'s
// zoneinfo_snapshots.txt) also give a series: each zone's free pages and the pages on its per-CPU lists (pagesets
// `count:`), which NR_FREE_PAGES does not count.
import { damageWarnings, forEachLine, type LineReadOptions } from './lineSource';
import { LineTally, SeriesBuilder, type TimedSeries } from './seriesBuilder';
import { parseStampLine } from './tokens';
import type { SourceInfo, Zone } from './types';
import { warning, type Warning } from '../warnings';

/** Alone on its line: pagetypeinfo's `Node 0, zone DMA, type …` and block-count rows are not zone headers. */
export const ZONE_HEADER = /^Node\s+(\d+),\s*zone\s+(\w+)\s*$/;
const FIELD = /^\s+(?:pages\s+)?(free|min|low|high|spanned|present|managed)\s+(\d+)\s*$/;
const ZONE_FILE = /^\s+nr_zone_(?:inactive|active)_file\s+(\d+)\s*$/;
const PROTECTION = /^\s+protection:\s*\(([\d,\s]*)\)\s*$/;
/** A pageset's page count: one per CPU under the zone's `pagesets`. */
const PCP_COUNT = /^\s+count:\s*(\d+)\s*$/;

/** Column names of the zoneinfo series: `<zone>.free` (node 0) or `node<N>.<zone>.free`, `.pcp` alike, and the
 *  node totals `pcp` (pages on every per-CPU list) and `free`. */
export const zoneColumn = (node: number, name: string, what: 'free' | 'pcp') => `${node === 0 ? '' : `node${node}.`}${name}.${what}`;

/** One zone's free pages in a later snapshot. */
export interface ZoneFree { node: number; name: string; freePages: number }

export interface ZoneinfoParse {
  info: SourceInfo;
  zones: Zone[];
  /** The free pages of the file's last snapshot when it holds several (zone order as printed). */
  lastFree?: ZoneFree[];
  /** Per-zone free and per-CPU-list pages over time, when two or more snapshots carry timestamp headers. */
  series?: TimedSeries;
  warnings: Warning[];
}

export async function parseZoneinfo(path: string, opts?: LineReadOptions): Promise<ZoneinfoParse> {
  const zones: Zone[] = [];
  const tally = new LineTally();
  const seen = new Set<string>();
  let cur: Zone | null = null;
  let repeated = false;
  // The snapshot being read: a zone header seen before starts a new one.
  let snapshot: ZoneFree[] = [];
  let lastZone: ZoneFree | null = null;
  // The timed series: a stamp line opens a sample; its zones' free and pageset counts are summed into it.
  const timed = new SeriesBuilder();
  let stamped = false;
  const timedValue = new Map<string, number>();
  const put = (key: string, v: number) => {
    const sum = (timedValue.get(key) ?? 0) + v;
    timedValue.set(key, sum);
    timed.set(key, sum);
  };
  const read = await forEachLine(path, (line, lineNo) => {
    if (line.startsWith('#')) {
      const st = parseStampLine(line);
      if (st) {
        timed.begin(st, lineNo);
        timedValue.clear();
        stamped = true;
        lastZone = null;
      }
      return;
    }
    const h = ZONE_HEADER.exec(line);
    if (h) {
      const id = `${h[1]}/${h[2]}`;
      if (seen.has(id)) {
        repeated = true;
        if (snapshot.some((z) => `${z.node}/${z.name}` === id)) snapshot = [];
      }
      seen.add(id);
      lastZone = { node: Number(h[1]), name: h[2], freePages: NaN };
      snapshot.push(lastZone);
      cur = repeated ? null : { node: Number(h[1]), name: h[2], managedPages: NaN, min: NaN, low: NaN, high: NaN, line: lineNo };
      if (cur) zones.push(cur);
      return;
    }
    const f = FIELD.exec(line);
    if (f) {
      const v = Number(f[2]);
      if (f[1] === 'free' && lastZone) {
        lastZone.freePages = v;
        if (stamped && timed.samples > 0) {
          put(zoneColumn(lastZone.node, lastZone.name, 'free'), v);
          put('free', v);
        }
      }
      if (!cur) return;
      const z: Zone = cur;
      if (f[1] === 'free') z.freePages = v;
      else if (f[1] === 'present') z.presentPages = v;
      else if (f[1] === 'managed') z.managedPages = v;
      else if (f[1] === 'min' || f[1] === 'low' || f[1] === 'high') z[f[1]] = v;
      return;
    }
    const file = ZONE_FILE.exec(line);
    if (file) {
      if (cur) (cur as Zone).filePages = ((cur as Zone).filePages ?? 0) + Number(file[1]);
      return;
    }
    const c = PCP_COUNT.exec(line);
    if (c) {
      if (cur) (cur as Zone).pcpPages = ((cur as Zone).pcpPages ?? 0) + Number(c[1]);
      if (stamped && timed.samples > 0 && lastZone) {
        const z: ZoneFree = lastZone;
        put(zoneColumn(z.node, z.name, 'pcp'), Number(c[1]));
        put('pcp', Number(c[1]));
      }
      return;
    }
    const p = PROTECTION.exec(line);
    if (p) {
      if (cur) (cur as Zone).protection = p[1].split(',').map((v) => Number(v.trim()));
      return;
    }
    if (line.trim() === '' || line.startsWith('#') || /^\s/.test(line)) return;
    tally.miss(lineNo);
  }, opts);
  const lines = read.lines;
  const warnings: Warning[] = damageWarnings(read);
  if (zones.length === 0) warnings.push(warning('zoneinfo.no-zone', 'no zone found', path));
  if (repeated) warnings.push(warning('zoneinfo.several-snapshots', 'several zoneinfo snapshots; the first is used for the watermarks, the last for the free pages at the end', path));
  const lastFree = repeated ? snapshot.filter((z) => Number.isFinite(z.freePages)) : undefined;
  let series: TimedSeries | undefined;
  if (timed.samples >= 2) {
    series = timed.finish(path, () => false);
    warnings.push(...series.warnings);
  }
  return { info: tally.info(path, 'zoneinfo', lines), zones, ...(lastFree ? { lastFree } : {}), ...(series ? { series } : {}), warnings };
}
