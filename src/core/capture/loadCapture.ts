// A capture is a file or a folder of files (not recursive). Each file's format is detected from its content; files
// of no known format are listed in the warnings and skipped. When several files give the same kind of data (e.g.
// vmstat_before.txt and the vmstat_snapshots.txt series), the one with the most samples is used.
import { promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CancelledError, CaptureError } from '../errors';
import { RANGES } from '../vocabulary';
import type { Progress } from '../replay/types';
import { alignSeries, alignTrace, type ClockedSeries } from './align';
import { detect } from './detect';
import { parseTraceFile, type TracePurpose } from './ftrace/parseTraceFile';
import type { LineReadOptions } from './lineSource';
import { dumpsysAsMeminfo, parseMeminfo } from './meminfo';
import { splitBugreport } from './bugreport';
import { bugreportEntries } from './bugreportZip';
import { decodePerfetto, decodePerfettoBytes, type PerfettoText } from './perfetto/decodeTrace';
import { resetWarnings, type SnapshotParse } from './seriesBuilder';
import { parseCpuStat } from './cpuStat';
import { parseCfsRq } from './cfsRq';
import { parseTaskCpu, type TaskCpuParse } from './taskCpu';
import type { Capture, PerfProfile, SourceFormat, SourceInfo, TraceSummary } from './types';
import { parseVmstatOutput } from './vmstatOutput';
import { parseVmstatSnapshots } from './vmstatSnapshots';
import { parseZoneinfo, type ZoneinfoParse } from './zoneinfo';
import { parseZramStat } from './zramStat';
import { parseZramProbe } from './zramProbe';
import { repairZones } from './zoneWatermarks';
import { zonesAtEnd } from './zonesEnd';
import { snapshotDeltas } from './snapshotDeltas';
import { counted, lineList, warning, type Warning } from '../warnings';

export interface LoadOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** `replay` skips the trace trackers whose results only `parse` shows (see parseTraceFile); default `full`. */
  purpose?: TracePurpose;
}

type SeriesField = 'vmstat' | 'vmstatOutput' | 'meminfo' | 'zramMmStat' | 'zramIoStat' | 'cpuStat' | 'cfsRq';
type Parsed =
  | { kind: 'series'; field: SeriesField; parse: SnapshotParse & { compAlgorithm?: string } }
  | { kind: 'zones'; parse: ZoneinfoParse }
  | { kind: 'task'; parse: TaskCpuParse }
  | { kind: 'trace'; info: SourceInfo; summary?: TraceSummary; perf?: PerfProfile }
  | { kind: 'probe'; parse: Awaited<ReturnType<typeof parseZramProbe>> };

const LOOKED_FOR = 'looked for /proc/vmstat snapshots, vmstat output, ftrace / trace-cmd / perf script / atrace / '
  + 'systrace text, zram mm_stat / io_stat / store probe, zoneinfo, meminfo, task CPU series, per-CPU /proc/stat series, root cfs_rq series, Perfetto traces';

async function parseFile(path: string, format: SourceFormat, opts: LineReadOptions & { purpose?: TracePurpose; head?: Buffer }): Promise<Parsed> {
  switch (format) {
    case 'vmstat-snapshots': return { kind: 'series', field: 'vmstat', parse: await parseVmstatSnapshots(path, opts) };
    case 'vmstat-output': return { kind: 'series', field: 'vmstatOutput', parse: await parseVmstatOutput(path, opts) };
    case 'meminfo': return { kind: 'series', field: 'meminfo', parse: await parseMeminfo(path, opts) };
    case 'zram-mm-stat': return { kind: 'series', field: 'zramMmStat', parse: await parseZramStat(path, format, opts) };
    case 'zram-io-stat': return { kind: 'series', field: 'zramIoStat', parse: await parseZramStat(path, format, opts) };
    case 'zoneinfo': return { kind: 'zones', parse: await parseZoneinfo(path, opts) };
    case 'cpu-stat': return { kind: 'series', field: 'cpuStat', parse: await parseCpuStat(path, opts) };
    case 'cfs-rq': return { kind: 'series', field: 'cfsRq', parse: await parseCfsRq(path, opts) };
    case 'task-cpu': return { kind: 'task', parse: await parseTaskCpu(path, opts) };
    case 'zram-probe': return { kind: 'probe', parse: await parseZramProbe(path) };
    default: return { kind: 'trace', ...(await parseTraceFile(path, format, opts)) };
  }
}

type Stat = Awaited<ReturnType<typeof fs.stat>>;

/** What a path is, following symlinks (a loop or a dangling link is an error, not a hang). */
async function statOf(path: string): Promise<{ st?: Stat; why?: string }> {
  try {
    return { st: await fs.stat(path) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { why: code === 'ENOENT' ? 'no such file or folder' : code === 'ELOOP' ? 'symbolic link loop' : (err as Error).message };
  }
}

const kindOf = (st: Stat) =>
  st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : 'a folder';

/** Longest file read as a possible symbolic link checked out as text. */
const LINK_TEXT_BYTES = 1024;

/**
 * A symbolic link checked out as a text file (git with core.symlinks off, an archive without links) holds only its
 * target's path: that file, when it is a regular file other than this one, with an info warning; else the file itself.
 */
async function followLinkText(path: string, st: Stat, warnings: Warning[]): Promise<{ path: string; st: Stat }> {
  if (st.size === 0 || st.size > LINK_TEXT_BYTES) return { path, st };
  const text = (await fs.readFile(path, 'utf8')).replace(/\r?\n$/, '');
  if (!/^[^\s\0][^\n\r\0]*$/.test(text) || !/[/\\]/.test(text)) return { path, st };
  const target = resolve(dirname(path), text);
  const t = await statOf(target);
  if (!t.st?.isFile() || t.st.ino === st.ino) return { path, st };
  warnings.push(warning('capture.link-as-text', `holds only the path ${text} (a symbolic link checked out as a text file): read ${target}`, path, 1));
  return { path: target, st: t.st };
}

/**
 * The files of a capture: the file named, or the regular files of a folder (symlinks followed, also those checked out
 * as text; not recursive). A FIFO or device would block the reader forever, so it is refused; in a folder, what is
 * skipped is said.
 */
async function listFiles(root: string, warnings: Warning[]): Promise<{ files: string[]; isDir: boolean; folders?: string[] }> {
  const { st, why } = await statOf(root);
  if (!st) throw new CaptureError(root, undefined, why!);
  if (st.isFile()) return { files: [(await followLinkText(root, st, warnings)).path], isDir: false };
  if (!st.isDirectory()) throw new CaptureError(root, undefined, `not a regular file (${kindOf(st)})`);
  const files: string[] = [];
  const folders: string[] = [];
  const seen = new Set<string>();
  for (const name of (await fs.readdir(root)).sort()) {
    const listed = join(root, name);
    const found = await statOf(listed);
    const s: { path: string; st?: Stat; why?: string } = found.st?.isFile() ? await followLinkText(listed, found.st, warnings) : { path: listed, ...found };
    const path = s.path;
    if (!s.st) {
      warnings.push(warning('capture.skipped-file', `skipped: ${s.why}`, path));
    } else if (!s.st.isFile()) {
      if (s.st.isDirectory()) folders.push(name);
      else warnings.push(warning('capture.skipped-file', `skipped: not a regular file (${kindOf(s.st)})`, path));
    } else if (seen.has(`${s.st.dev}:${s.st.ino}`)) {
      warnings.push(warning('capture.skipped-file', 'skipped: the same file as another one listed (a link)', path));
    } else {
      seen.add(`${s.st.dev}:${s.st.ino}`);
      files.push(path);
    }
  }
  return { files, isDir: true, folders };
}

/** What a folder with no capture file of its own holds instead: its sub-folders, to give one of or to `batch`. */
function foldersHint(folders: string[] | undefined): string {
  if (!folders?.length) return '';
  const some = folders.length > 4 ? `${folders.slice(0, 4).join(', ')}, …` : folders.join(', ');
  return `; it holds ${counted(folders.length, 'folder')} (${some}): give one of them, or \`batch\` this folder to replay each`;
}

function infoOf(p: Parsed): SourceInfo {
  return p.kind === 'trace' ? p.info : p.parse.info;
}

function sampleCount(p: Parsed): number {
  switch (p.kind) {
    case 'series': return p.parse.series.times.length;
    case 'zones': return p.parse.zones.length;
    case 'task': return p.parse.task.times.length;
    case 'probe': return p.parse.probe ? p.parse.probe.pages : 0;
    case 'trace': return p.summary ? Object.values(p.summary.events).reduce((a, b) => a + b, 0) : 0;
  }
}

/** Per kind, the source with the most samples (the earliest listed on ties); the rest are noted. */
function pick<T extends Parsed>(all: T[], what: string, warnings: Warning[]): T | undefined {
  if (all.length === 0) return undefined;
  const best = all.reduce((a, b) => (sampleCount(b) > sampleCount(a) ? b : a));
  if (all.length > 1) {
    const others = all.filter((p) => p !== best).map((p) => infoOf(p).path);
    warnings.push(warning('capture.other-source', `${what}: using ${infoOf(best).path} (${counted(sampleCount(best), 'sample')}); also found ${others.join(', ')}`));
  }
  return best;
}

const isAfter = (p: Parsed) => /after/i.test(basename(infoOf(p).path));
const watermarks = (p: Extract<Parsed, { kind: 'zones' }>) => p.parse.zones.map((z) => `${z.node}/${z.name} ${z.min}/${z.low}/${z.high}`).join(' ');

/**
 * The zoneinfo whose watermarks were in force during the run: a snapshot taken before it, not one named `*after*`
 * (a recorder's teardown may restore watermark_scale_factor before that one is written); then the most zones.
 */
function pickZoneinfo(all: Extract<Parsed, { kind: 'zones' }>[], warnings: Warning[]): Extract<Parsed, { kind: 'zones' }> | undefined {
  if (all.length === 0) return undefined;
  const best = all.reduce((a, b) => (isAfter(a) && !isAfter(b)) || (isAfter(a) === isAfter(b) && b.parse.zones.length > a.parse.zones.length) ? b : a);
  if (all.length > 1) {
    const others = all.filter((p) => p !== best).map((p) => `${infoOf(p).path}${watermarks(p) === watermarks(best) ? '' : ' (other watermarks, not used)'}`);
    warnings.push(warning('capture.other-source', `zoneinfo: watermarks from ${infoOf(best).path} (${counted(best.parse.zones.length, 'zone')}`
      + `${isAfter(best) ? '' : ', the snapshot before the run'}); also found ${others.join(', ')}`));
  }
  return best;
}

function unparsedWarning(info: SourceInfo): Warning | null {
  if (info.unparsed === 0) return null;
  const mixed = info.unparsed * 2 > info.lines ? ` — most of the file is not ${info.format} (mixed formats?)` : '';
  return warning('capture.unparsed-lines', `${info.unparsed} of ${counted(info.lines, 'line')} not understood as ${info.format}`
    + ` (first at ${lineList(info.unparsedLines)})${mixed}`, info.path, info.unparsedLines[0]);
}

/** Formats whose parser checks the file's head for mail wrapping (parseTraceFile). */
const TRACE_FORMATS: ReadonlySet<SourceFormat> = new Set(['ftrace', 'trace-cmd', 'perf-script']);

/** Why a folder's file is left out: its format is none this tool reads. */
const IGNORED = 'not read by this tool';

/** A file to parse; a trace keeps the head detection read (its parser's mail-wrap check reads the same bytes). */
type Found = { path: string; format: SourceFormat; size: number; head?: Buffer };

/** Detects every file; unknown ones are warnings in a folder and errors when named alone. */
async function detectAll(root: string, warnings: Warning[]): Promise<Found[]> {
  const { files, isDir, folders } = await listFiles(root, warnings);
  const found: Found[] = [];
  for (const path of files) {
    const d = await detect(path);
    if (d.format) {
      found.push({ path, format: d.format, size: (await fs.stat(path)).size, ...(TRACE_FORMATS.has(d.format) && { head: d.head }) });
    } else if (!isDir) {
      const why = d.reason === 'not a capture file' ? d.reason : `${d.reason}; not a capture file`;
      throw new CaptureError(path, d.reason === 'empty file' ? undefined : 1, `${why} (${LOOKED_FOR})`);
    } else {
      // A folder's other files may well be the capture's (memcg_stat.txt, psi_memory.txt): not read, not 'not a capture file'.
      warnings.push(warning('capture.ignored-file', d.reason === 'not a capture file' ? IGNORED : `${IGNORED} (${d.reason})`, path));
    }
  }
  if (found.length === 0) throw new CaptureError(root, undefined, `no capture files found (${LOOKED_FOR})${foldersHint(folders)}`);
  return found;
}

/** Each section of interest through its own parser (line numbers are the bugreport's); the rest counted. */
async function parseBugreport(path: string, opts: LoadOptions, warnings: Warning[]): Promise<Parsed[]> {
  const text = await bugreportEntries(path);
  warnings.push(...text.warnings);
  const split = await splitBugreport(text.label, { signal: opts.signal, section: text.section });
  if (split.damage) warnings.push(split.damage);
  const out: Parsed[] = [];
  const hasMeminfo = split.sections.some((s) => s.format === 'meminfo');
  for (const s of split.sections) {
    if (s.format === 'dumpsys-meminfo' && hasMeminfo) continue; // /proc/meminfo says more
    const section = { bytes: s.format === 'dumpsys-meminfo' ? dumpsysAsMeminfo(s.bytes) : s.bytes, firstLine: s.firstLine };
    if (section.bytes.length === 0) continue;
    out.push(await parseFile(text.label, s.format === 'dumpsys-meminfo' ? 'meminfo' : s.format, { signal: opts.signal, section }));
  }
  const read = split.sections.map((s) => s.title);
  warnings.push(warning('bugreport.sections', `bugreport: read ${counted(read.length, 'section')}${read.length ? ` (${read.join(', ')})` : ''}; `
    + `skipped ${split.skipped.length}${split.skipped.length ? ` (${split.skipped.slice(0, 3).join(', ')}${split.skipped.length > 3 ? ', …' : ''})` : ''}`, text.label));
  // A trace that cannot be read costs its own figures, not the bugreport's.
  for (const t of text.traces) {
    try {
      out.push(...(await parsePerfetto(t.label, await decodePerfettoBytes(t.bytes, t.label), opts, warnings)));
    } catch (err) {
      if (!(err instanceof CaptureError)) throw err;
      warnings.push(warning('bugreport.perfetto-unread', `${err.reason}; not read`, err.file, err.line));
    }
  }
  if (out.length === 0) throw new CaptureError(text.label, undefined, 'a bugreport without a meminfo, vmstat, zoneinfo, zram or dumpsys meminfo section or a Perfetto trace');
  return out;
}

/** A Perfetto trace: its ftrace events, vmstat and meminfo samples, decoded to text, each through its own parser. */
async function parsePerfetto(path: string, t: PerfettoText, opts: LoadOptions, warnings: Warning[]): Promise<Parsed[]> {
  warnings.push(...t.warnings);
  const out: Parsed[] = [];
  const parts = [['ftrace', t.ftrace], ['vmstat-snapshots', t.vmstat], ['meminfo', t.meminfo]] as const;
  for (const [format, text] of parts) {
    if (text === '') continue;
    out.push(await parseFile(path, format, { signal: opts.signal, purpose: opts.purpose, section: { bytes: Buffer.from(text), firstLine: 1 } }));
  }
  if (out.length === 0) throw new CaptureError(path, undefined, `a Perfetto trace (${t.packets} packets) without vmscan/sched ftrace events or sys_stats vmstat/meminfo`);
  return out;
}

/** Parses the files one after the other; progress is by bytes over all of them. */
async function parseAll(found: Found[], opts: LoadOptions, warnings: Warning[]): Promise<Parsed[]> {
  const total = found.reduce((a, f) => a + f.size, 0) || 1;
  let done = 0;
  const parsed: Parsed[] = [];
  for (const f of found) {
    if (opts.signal?.aborted) throw new CancelledError();
    const label = `parsing ${f.path}`;
    opts.onProgress?.({ fraction: done / total, label });
    if (f.format === 'bugreport') parsed.push(...(await parseBugreport(f.path, opts, warnings)));
    else if (f.format === 'perfetto') parsed.push(...(await parsePerfetto(f.path, await decodePerfetto(f.path), opts, warnings)));
    else parsed.push(await parseFile(f.path, f.format, {
      signal: opts.signal,
      purpose: opts.purpose,
      head: f.head,
      onProgress: (bytes) => opts.onProgress?.({ fraction: (done + Math.min(bytes, f.size)) / total, label }),
    }));
    done += f.size;
  }
  return parsed;
}

function ofKind<K extends Parsed['kind']>(parsed: Parsed[], kind: K): Extract<Parsed, { kind: K }>[] {
  return parsed.filter((p): p is Extract<Parsed, { kind: K }> => p.kind === kind);
}

/** Per task (pid when known), the longest CPU series, named by the exact comm of a /proc/PID/stat source if any. */
function pickTasks(tasks: Extract<Parsed, { kind: 'task' }>[], warnings: Warning[]): TaskCpuParse[] {
  const byTask = new Map<string, typeof tasks>();
  for (const t of tasks) {
    const id = t.parse.pid !== undefined ? `pid ${t.parse.pid}` : t.parse.task.comm;
    byTask.set(id, [...(byTask.get(id) ?? []), t]);
  }
  return [...byTask].map(([id, list]) => {
    const best = pick(list, `task CPU of ${id}`, warnings)!;
    const named = list.find((t) => t.parse.exactComm) ?? best;
    return { ...best.parse, task: { ...best.parse.task, comm: named.parse.task.comm } };
  });
}

export async function loadCapture(root: string, opts: LoadOptions = {}): Promise<Capture> {
  const warnings: Warning[] = [];
  const parsed = await parseAll(await detectAll(root, warnings), opts, warnings);
  const capture: Capture = { root, sources: parsed.map(infoOf), warnings, clock: 'relative' };
  const clocked: ClockedSeries[] = [];
  const vmstats = ofKind(parsed, 'series').filter((p) => p.field === 'vmstat');
  if (vmstats.length === 2 && vmstats.every((p) => p.parse.series.times.length === 1)) {
    const d = snapshotDeltas(vmstats[0].parse.series, vmstats[1].parse.series);
    if (d) {
      capture.vmstatDeltas = d;
      warnings.push(warning('vmstat.pair-deltas', `one /proc/vmstat snapshot after ${d.from}: counter changes reported as deltas${d.intervalUnknown ? ' (interval unknown: no rates)' : ''}`, d.to));
      if (d.backwards.length > 0) warnings.push(warning('vmstat.pair-backwards', `${d.backwards.length} counter(s) lower than in ${d.from} (${d.backwards.slice(0, 3).join(', ')}…): a reboot between them?`, d.to));
    }
  }
  for (const field of ['vmstat', 'vmstatOutput', 'meminfo', 'zramMmStat', 'zramIoStat', 'cpuStat', 'cfsRq'] as const) {
    const best = pick(ofKind(parsed, 'series').filter((p) => p.field === field), field, warnings);
    if (!best) continue;
    capture[field] = best.parse.series;
    clocked.push({ name: best.parse.info.path, times: best.parse.series.times, clock: best.parse.clock, epochMinusMono: best.parse.epochMinusMono });
  }
  const zoneinfo = pickZoneinfo(ofKind(parsed, 'zones'), warnings);
  if (zoneinfo) {
    const memTotal = capture.meminfo?.columns.get('MemTotal')?.find((v) => Number.isFinite(v));
    const repaired = repairZones(zoneinfo.parse.zones, zoneinfo.parse.info.path, memTotal);
    warnings.push(...repaired.warnings);
    if (repaired.zones.length > 0) {
      capture.zones = repaired.zones;
      capture.zonesSource = zoneinfo.parse.info.path;
    }
  }
  // The zones over time (capture's zoneinfo_snapshots.txt): the file with the most timed snapshots.
  const timedZones = ofKind(parsed, 'zones').filter((p) => p.parse.series).sort((a, b) => b.parse.series!.series.times.length - a.parse.series!.series.times.length)[0];
  if (timedZones) {
    const z = timedZones.parse.series!;
    capture.zoneinfoSeries = z.series;
    clocked.push({ name: timedZones.parse.info.path, times: z.series.times, clock: z.clock, epochMinusMono: z.epochMinusMono });
  }
  const zonesEnd = zonesAtEnd(ofKind(parsed, 'zones').map((p) => p.parse), capture.vmstat);
  if (zonesEnd) capture.zonesEnd = zonesEnd;
  const tasks = pickTasks(ofKind(parsed, 'task'), warnings);
  if (tasks.length > 0) capture.taskCpu = tasks.map((t) => t.task);
  for (const t of tasks) clocked.push({ name: t.info.path, times: t.task.times, clock: t.clock, epochMinusMono: t.epochMinusMono });

  const aligned = alignSeries(clocked);
  capture.clock = aligned.clock;
  warnings.push(...aligned.warnings);

  const traces = ofKind(parsed, 'trace');
  const trace = pick(traces.filter((t) => t.summary), 'trace', warnings)?.summary;
  if (trace) {
    capture.trace = trace;
    if (trace.cpus > RANGES.cpus.max) {
      // The trace's CPU count sizes the model; more than it supports is a damaged `cpus=` line or CPU column.
      warnings.push(warning('capture.cpus-capped', `the trace names ${counted(trace.cpus, 'CPU')}; the model is capped at ${RANGES.cpus.max} (use --cpus)`, trace.source));
      trace.cpus = RANGES.cpus.max;
    }
    const ref = capture.vmstat ?? capture.zramMmStat;
    const span: [number, number] | undefined = ref && ref.times.length > 0 ? [ref.times[0], ref.times[ref.times.length - 1]] : undefined;
    warnings.push(...alignTrace(trace, capture.clock, capture.vmstat, span));
  }
  capture.perf = traces.map((t) => t.perf).filter((p) => p !== undefined).sort((a, b) => totalSamples(b) - totalSamples(a))[0];
  capture.compAlgorithm = ofKind(parsed, 'series').map((p) => p.parse.compAlgorithm).find((a) => a);
  const probe = pick(ofKind(parsed, 'probe').filter((p) => p.parse.probe), 'zram store probe', warnings);
  if (probe) capture.zramProbe = probe.parse.probe;

  for (const p of parsed) {
    warnings.push(...(p.kind === 'trace' ? p.info.warnings ?? [] : p.parse.warnings));
    const w = unparsedWarning(infoOf(p));
    if (w) warnings.push(w);
  }
  for (const s of [capture.vmstat, capture.zramMmStat, capture.zramIoStat, capture.cpuStat]) if (s) warnings.push(...resetWarnings(s));
  return capture;
}

function totalSamples(p: PerfProfile): number {
  return Object.values(p.byComm).reduce((a, c) => a + c.samples, 0);
}
