// Android bugreports (dumpstate text, or the .zip that holds it): `------ TITLE (command) ------` headers open
// sections. The sections a reclaim question needs (/proc/meminfo, /proc/vmstat, /proc/zoneinfo, zram mm_stat /
// io_stat, `dumpsys meminfo`) are cut out and handed to their own parsers with their line numbers in the file; the
// rest are skipped and counted.
import { forEachLineBytes, type LineReadOptions } from './lineSource';
import type { SourceFormat } from './types';
import type { Warning } from '../warnings';

/** A section header (`------ MEMORY INFO (/proc/meminfo) ------`) or end marker (`------ 0.01s was the duration … ------`). */
export const SECTION_HEADER = /^------ (.*?)(?: \((.*)\))? ------\s*$/;

/** Section formats by the command that printed them. */
const BY_COMMAND: [RegExp, SourceFormat | 'dumpsys-meminfo'][] = [
  [/^(?:cat )?\/proc\/meminfo$/, 'meminfo'],
  [/^(?:cat )?\/proc\/vmstat$/, 'vmstat-snapshots'],
  [/^(?:cat )?\/proc\/zoneinfo$/, 'zoneinfo'],
  [/zram\d*\/mm_stat$/, 'zram-mm-stat'],
  [/zram\d*\/io_stat$/, 'zram-io-stat'],
  [/^dumpsys(?: -t \d+)? meminfo$/, 'dumpsys-meminfo'],
];

/** Longest section kept in memory (a /proc file is a few KiB; dumpsys meminfo rarely passes a MiB). */
const MAX_SECTION_BYTES = 16 << 20;

export interface BugreportSection {
  title: string;
  command: string;
  format: SourceFormat | 'dumpsys-meminfo';
  /** 1-based line of the section's first content line in the file. */
  firstLine: number;
  bytes: Buffer;
}

export interface BugreportSplit {
  sections: BugreportSection[];
  /** Titles of the sections not read (with their command), in order. */
  skipped: string[];
  lines: number;
  /** gzip damage of a .gz bugreport: the sections before it are read. */
  damage?: Warning;
}

/** Longer lines are never section headers (and the header pattern, which backtracks, never sees them). */
const MAX_HEADER_CHARS = 512;

/** True for a line that opens a bugreport section (format detection). */
export function isBugreportHeader(line: string): boolean {
  if (line.length > MAX_HEADER_CHARS || !line.startsWith('------ ')) return false;
  const m = SECTION_HEADER.exec(line);
  return m !== null && m[2] !== undefined;
}

/** Splits a bugreport into the sections of interest; never holds more than one section's bytes per section read. */
export async function splitBugreport(path: string, opts: LineReadOptions = {}): Promise<BugreportSplit> {
  const sections: BugreportSection[] = [];
  const skipped: string[] = [];
  let cur: { title: string; command: string; format: BugreportSection['format']; firstLine: number; parts: Buffer[]; size: number } | null = null;
  const close = () => {
    if (cur && cur.size > 0) sections.push({ title: cur.title, command: cur.command, format: cur.format, firstLine: cur.firstLine, bytes: Buffer.concat(cur.parts) });
    cur = null;
  };
  const { lines, damage } = await forEachLineBytes(path, (buf, s, e, lineNo) => {
    // Headers start with six dashes: only such lines are decoded.
    if (e - s >= 10 && e - s <= MAX_HEADER_CHARS && buf[s] === 45 && buf[s + 5] === 45 && buf[s + 6] === 32) {
      const m = SECTION_HEADER.exec(buf.toString('utf8', s, e));
      if (m) {
        close();
        if (m[2] === undefined) return; // an end marker
        const format = BY_COMMAND.find(([re]) => re.test(m[2].trim()))?.[1];
        if (format) cur = { title: m[1], command: m[2], format, firstLine: lineNo + 1, parts: [], size: 0 };
        else skipped.push(`${m[1]} (${m[2]})`);
        return;
      }
    }
    const c = cur as typeof cur;
    if (!c) return;
    if (c.size + (e - s) + 1 > MAX_SECTION_BYTES) return;
    c.parts.push(Buffer.from(buf.subarray(s, e)), NEWLINE);
    c.size += e - s + 1;
  }, opts);
  close();
  return { sections, skipped, lines, ...(damage ? { damage } : {}) };
}

const NEWLINE = Buffer.from('\n');
