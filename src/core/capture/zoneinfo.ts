// /proc/zoneinfo: per-zone watermarks (min/low/high), lowmem_reserve (protection), managed/present/spanned and
// free pages. Indented lines that are not zone fields (per-node stats, pagesets) are structure, not errors. If the
// file holds several snapshots, the first is kept (it shows the watermarks in force at capture start) and the last
// one's free pages are the zones' state at the end.
import { damageWarnings, forEachLine, type LineReadOptions } from './lineSource';
import { LineTally } from './seriesBuilder';
import type { SourceInfo, Zone } from './types';
import { warning, type Warning } from '../warnings';

/** Alone on its line: pagetypeinfo's `Node 0, zone DMA, type …` and block-count rows are not zone headers. */
export const ZONE_HEADER = /^Node\s+(\d+),\s*zone\s+(\w+)\s*$/;
const FIELD = /^\s+(?:pages\s+)?(free|min|low|high|spanned|present|managed)\s+(\d+)\s*$/;
const ZONE_FILE = /^\s+nr_zone_(?:inactive|active)_file\s+(\d+)\s*$/;
const PROTECTION = /^\s+protection:\s*\(([\d,\s]*)\)\s*$/;

/** One zone's free pages in a later snapshot. */
export interface ZoneFree { node: number; name: string; freePages: number }

export interface ZoneinfoParse {
  info: SourceInfo;
  zones: Zone[];
  /** The free pages of the file's last snapshot when it holds several (zone order as printed). */
  lastFree?: ZoneFree[];
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
  const read = await forEachLine(path, (line, lineNo) => {
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
      if (f[1] === 'free' && lastZone) lastZone.freePages = v;
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
  return { info: tally.info(path, 'zoneinfo', lines), zones, ...(lastFree ? { lastFree } : {}), warnings };
}
