// Format detection from content (never the file name): the first 64 KiB are classified by line shapes.
import { isBugreportHeader } from './bugreport';
import { sniffTrace } from './ftrace/sniff';
import { looksLikePerfetto } from './perfetto/decodeTrace';
import { HEAD_BYTES, readHead } from './lineSource';
import { PROC_STAT } from './taskCpu';
import { numericRow, parseStampLine, splitColonValue, splitKeyValue } from './tokens';
import type { SourceFormat } from './types';
import { otherVmstatMode, parseVmstatHeader } from './vmstatOutput';
import { headerNames, splitStampedRow } from './zramStat';
import { ZONE_HEADER } from './zoneinfo';
import { PROBE_LINE } from './zramProbe';
import { CFS_RQ_LINE } from './cfsRq';

export interface Detection {
  format: SourceFormat | null;
  /** Why format is null: 'empty file', 'binary data', 'not a capture file'. */
  reason?: string;
}

/** A stamped per-CPU /proc/stat line (cpu_stat.txt). */
const CPU_STAT_LINE = /^\s*\d+\.\d+\s+\d+\.\d+\s+cpu\d*\s+\d+\s+\d+\s+\d+\s+\d+/;
/** Lines looked at; enough for a whole /proc/vmstat snapshot. */
const SAMPLE_LINES = 400;

function isBinary(head: Buffer, text: string): boolean {
  if (head.includes(0)) return true;
  // Replacement characters counted by indexOf, not a loop over every character (detection's cold code).
  let bad = 0;
  for (let i = text.indexOf('\ufffd'); i !== -1; i = text.indexOf('\ufffd', i + 1)) bad++;
  return bad > 2 && bad > text.length / 100;
}

function fromHeaderNames(names: string[]): SourceFormat | null {
  if (names.includes('orig_data_size')) return 'zram-mm-stat';
  if (names.includes('failed_reads')) return 'zram-io-stat';
  if (names.includes('sum_exec_runtime_ns')) return 'task-cpu';
  return null;
}

/** Rows of numbers only: zram stat lines or a task CPU series, told apart by field count. */
function fromNumericRows(body: string[]): SourceFormat | null {
  let width = -1;
  let stamped = false;
  for (const line of body) {
    const row = numericRow(line);
    if (!row) return null;
    const { stamp, values } = splitStampedRow(row.vals, row.raw);
    if (values.some((v) => !Number.isInteger(v))) return null;
    if (width !== -1 && values.length !== width) return null;
    width = values.length;
    stamped = stamp.mono !== undefined || stamp.epoch !== undefined;
  }
  if (width >= 7 && width <= 9) return 'zram-mm-stat';
  if (width === 4) return 'zram-io-stat';
  if (width === 5 && stamped) return 'task-cpu';
  return null;
}

const ZIP_MAGIC = Buffer.from('PK\x03\x04', 'latin1');

export function detectContent(head: Buffer, truncated: boolean): Detection {
  if (head.subarray(0, 4).equals(ZIP_MAGIC)) return { format: 'bugreport' }; // the reader checks it holds one
  if (looksLikePerfetto(head, truncated)) return { format: 'perfetto' };
  const text = head.toString('utf8');
  if (text.trim() === '') return { format: null, reason: 'empty file' };
  if (isBinary(head, text)) return { format: null, reason: 'binary data' };
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (truncated && lines.length > 1) lines.pop();
  const sample = lines.slice(0, SAMPLE_LINES);
  if (sample.some(isBugreportHeader)) return { format: 'bugreport' };
  if (sample.some((l) => /^==\s*(mm_stat|io_stat)\s*$/.test(l))) {
    return { format: sample.some((l) => /^==\s*mm_stat/.test(l)) ? 'zram-mm-stat' : 'zram-io-stat' };
  }
  if (sample.some((l) => parseVmstatHeader(l) !== null || otherVmstatMode(l) !== null)) return { format: 'vmstat-output' };
  if (sample.some((l) => ZONE_HEADER.test(l))) return { format: 'zoneinfo' };
  if (sample.some((l) => PROBE_LINE.test(l))) return { format: 'zram-probe' };
  const body = sample.filter((l) => l.trim() !== '' && !l.startsWith('#') && parseStampLine(l) === null);
  if (body.length > 0) {
    const kv = body.map(splitKeyValue).filter((x) => x !== null);
    const colon = body.map(splitColonValue).filter((x) => x !== null);
    const keys = new Set([...kv, ...colon].map((x) => x[0]));
    if (colon.length * 2 >= body.length && (keys.has('MemTotal') || keys.has('MemFree'))) return { format: 'meminfo' };
    if (kv.length * 2 >= body.length && keys.has('nr_free_pages')) return { format: 'vmstat-snapshots' };
  }
  if (sample.some((l) => PROC_STAT.test(l))) return { format: 'task-cpu' };
  if (body.some((l) => CPU_STAT_LINE.test(l))) return { format: 'cpu-stat' };
  if (body.length > 0 && body.filter((l) => CFS_RQ_LINE.test(l)).length * 2 >= body.length) return { format: 'cfs-rq' };
  for (const l of sample) {
    const names = l.startsWith('#') ? headerNames(l) : null;
    const f = names && fromHeaderNames(names);
    if (f) return { format: f };
  }
  const numeric = body.length > 0 ? fromNumericRows(body) : null;
  if (numeric) return { format: numeric };
  const trace = sniffTrace(lines.join('\n'));
  if (trace) return { format: trace };
  const ftraceHeader = sample.some((l) => /^#\s*tracer:|^#\s+TASK-PID\b/.test(l));
  return { format: null, reason: ftraceHeader ? 'ftrace headers without events' : 'not a capture file' };
}

/** The file's format, and the head it was told from (HEAD_BYTES; a trace's parser checks it for mail wrapping). */
export async function detect(path: string): Promise<Detection & { head: Buffer }> {
  const head = await readHead(path, HEAD_BYTES);
  return { ...detectContent(head, head.length >= HEAD_BYTES), head };
}

export async function detectFormat(path: string): Promise<SourceFormat | null> {
  return (await detect(path)).format;
}
