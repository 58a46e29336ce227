// Reads one text trace (any flavour sniffTrace names) in a single streaming pass over raw bytes: unwrap (atrace,
// systrace HTML) → tokenize the line prefix → dispatch by event name to the trackers → assemble the TraceSummary
// and, for perf script, the PerfProfile. Unknown events and unparsed lines are counted with their first line numbers.
import { CaptureError } from '../../errors';
import { damageWarnings, forEachLineBytes } from '../lineSource';
import { LOST, NON_EVENT, unwrapMailFile } from './mailWrap';
import type { PerfProfile, SourceFormat, SourceInfo, TraceSummary } from '../types';
import { AtraceUnwrapper } from './atrace';
import { CommCache } from './commCache';
import { Dispatcher, MAX_NR_CPUS } from './dispatcher';
import { IntervalBuilder } from './growable';
import { KswapdTracker } from './kswapdTracker';
import { LruTracker } from './lruTracker';
import { PerfSamples } from './perfSamples';
import { ReclaimSliceTracker } from './reclaimSliceTracker';
import { SchedTracker } from './schedTracker';
import { SystraceUnwrapper } from './systraceHtml';
import { TraceLine, tokenizeFtrace, tokenizePerf } from './tokenizer';
import { WriteFolioTracker } from './writeFolioTracker';
import { TlbFlushTracker } from './tlbFlushTracker';
import { EV, readShrinkInactive } from './events';
import { counted, warning, type Warning } from '../../warnings';

/** `replay`: only what the replay reads (kswapd, reclaim slices, sched on-CPU, event counts); the LRU batch and
 *  write_folio trackers are not run and their summary fields are absent. `full` (default): every tracker. */
export type TracePurpose = 'full' | 'replay';

export interface ParseTraceOptions {
  signal?: AbortSignal;
  onProgress?: (bytesRead: number, total: number) => void;
  purpose?: TracePurpose;
  /** Read these bytes instead of the file (events decoded from a Perfetto trace); no mail unwrapping. */
  section?: { bytes: Buffer; firstLine: number };
  /** The file's first HEAD_BYTES as format detection read them: the mail-wrap check does not read them again. */
  head?: Buffer;
}

export interface ParsedTrace {
  info: SourceInfo;
  summary?: TraceSummary;
  perf?: PerfProfile;
}

const HASH = 35;
const TAB = 9;
const SP = 32;
const UNDERSCORE = 95;
const COLON = 58;
const MAX_KEPT_LINES = 5;
const CPUS = /^cpus=(\d+)/;

const TRACE_FORMATS: readonly SourceFormat[] = ['ftrace', 'trace-cmd', 'perf-script', 'atrace', 'systrace-html'];

export async function parseTraceFile(path: string, format: SourceFormat, opts: ParseTraceOptions = {}): Promise<ParsedTrace> {
  if (!TRACE_FORMATS.includes(format)) throw new Error(`parseTraceFile: ${format} is not a trace format`);
  const wrapped = !opts.section && (format === 'ftrace' || format === 'trace-cmd' || format === 'perf-script')
    ? await unwrapMailFile(path, format === 'perf-script' ? tokenizePerf : tokenizeFtrace, opts.head) : null;
  const readOpts = wrapped ? { ...opts, section: { bytes: wrapped.bytes, firstLine: 1 } } : opts;
  const d = new Dispatcher();
  const kswapd = new KswapdTracker(d);
  const sched = new SchedTracker(d);
  const slices = new ReclaimSliceTracker(d, sched);
  const full = opts.purpose !== 'replay';
  const tlb = new TlbFlushTracker(d);
  // The replay-mode load hands kswapd's nr_reclaimed over from the fields it already read: re-reading them on fresh
  // fields (also()) cost 20 % of the load on A's 152k shrink_inactive lines.
  const lru = full ? new LruTracker(d, slices) : (slices.countScans(d, (l, f, nr) => tlb.shrinkInactive(l, f, nr)), d.ignore(LruTracker.TOTALS_ONLY));
  if (full) d.also(EV.shrinkInactive, (l, f) => tlb.shrinkInactive(l, f, readShrinkInactive(f, false).nrReclaimed));
  const writes = full ? new WriteFolioTracker(d) : d.ignore(WriteFolioTracker.EVENTS);
  const perfMode = format === 'perf-script';
  const samples = perfMode ? new PerfSamples() : null;
  const sampleComms = perfMode ? new CommCache() : null;
  const unwrap = format === 'atrace' ? new AtraceUnwrapper(path) : format === 'systrace-html' ? new SystraceUnwrapper() : null;
  const tokenize = perfMode ? tokenizePerf : tokenizeFtrace;
  const line = new TraceLine();
  let unparsed = 0;
  const unparsedLines: number[] = [];
  let lost = 0;
  let lostLine = 0;
  let declaredCpus = 0;

  // Lines the tokenizer refused: comments and blank lines, then the known non-event lines, else unparsed.
  const other = (buf: Buffer, s: number, e: number, lineNo: number) => {
    let p = s;
    while (p < e && (buf[p] === SP || buf[p] === TAB)) p++;
    if (p === e || buf[p] === HASH) return;
    const text = buf.toString('latin1', s, Math.min(e, s + 200));
    const m = LOST.exec(text);
    if (m) {
      lost += Number(m[1]);
      lostLine ||= lineNo;
    }
    else if (NON_EVENT.test(text)) {
      const c = CPUS.exec(text.trim());
      if (c) declaredCpus = Number(c[1]);
    } else {
      unparsed++;
      if (unparsedLines.length < MAX_KEPT_LINES) unparsedLines.push(lineNo);
    }
  };

  const read = await forEachLineBytes(path, (buf, s, e, lineNo) => {
    if (unwrap) {
      s = unwrap.next(buf, s, e, lineNo);
      if (s < 0) return;
      e = unwrap.end;
    }
    if (samples) {
      if (s === e) return samples.end();
      if (buf[s] === TAB) {
        if (samples.inSample) return samples.frame(buf, s, e);
        return samples.inChain ? undefined : other(buf, s, e, lineNo);
      }
    }
    line.lineNo = lineNo;
    if (!tokenize(buf, s, e, line)) return other(buf, s, e, lineNo);
    if (samples && isSample(line)) {
      samples.begin(sampleComms!.get(line), line.period, line.ts, line.cpu);
      if (line.fieldsStart < e) samples.frame(buf, line.fieldsStart, e);
      return;
    }
    samples?.tracepoint();
    d.dispatch(line);
  }, readOpts);
  d.finish();
  const lines = read.lines;

  const info: SourceInfo = { path, format, lines, unparsed: unparsed + d.malformed, unparsedLines: [...unparsedLines, ...d.malformedLines].sort((a, b) => a - b).slice(0, MAX_KEPT_LINES) };
  const unknown = d.counter.unknown();
  if (Object.keys(unknown).length) info.unknownEvents = unknown;
  const warnings: Warning[] = damageWarnings(read);
  if (d.backwardJumps) warnings.push(warning('ftrace.time-backwards', `timestamps go backwards ${counted(d.backwardJumps, 'time')} (files joined?); intervals are not carried across`, path, d.firstJumpLine));
  if (lost) warnings.push(warning('ftrace.lost-events', `the kernel dropped ${counted(lost, 'event')} (LOST lines); counts and on-CPU times are lower bounds`, path, lostLine));
  if (wrapped) {
    warnings.push(warning('ftrace.mail-wrapped', `wrapped trace${wrapped.quoted ? ' (quoted)' : ''}: ${counted(wrapped.joined, 'continuation line')} rejoined to their events; line numbers count rejoined lines`, path));
  }
  if (d.badCpu) warnings.push(warning('ftrace.bad-cpu', `${counted(d.badCpu, 'line')} with a CPU number ≥ ${MAX_NR_CPUS} (no kernel has so many); ignored`, path, d.badCpuLine));
  if (warnings.length) info.warnings = warnings;

  const events = d.counter.counts();
  const nEvents = Object.values(events).reduce((a, b) => a + b, 0);
  const perf = samples && samples.sampleCount > 0 ? samples.result(path) : undefined;
  if (nEvents === 0 && !perf) {
    if (unparsed > 0) throw new CaptureError(path, unparsedLines[0], `no ${format} event lines recognised (${unparsed} unparsed lines)`);
    return { info };
  }
  return { info, summary: nEvents > 0 ? summarize() : undefined, perf };

  function summarize(): TraceSummary {
    const k = kswapd.result();
    const tlbSummary = tlb.result();
    const pids = new Set([...kswapd.pids, ...sched.kswapdPids]);
    return {
      source: path,
      firstTs: d.minTs,
      lastTs: d.maxTs,
      ...(d.minTsLine > 0 ? { firstLine: d.minTsLine } : {}),
      ...(d.maxTsLine > 0 ? { lastLine: d.maxTsLine } : {}),
      cpus: Math.max(declaredCpus, d.maxCpu + 1),
      events,
      kswapd: {
        wakes: kswapd.wakes,
        sleeps: kswapd.sleeps,
        wakeupRequests: kswapd.wakeupRequests,
        awake: k.awake,
        awakeNode: k.awakeNode,
        awakeOrder: k.awakeOrder,
        onCpu: sched.kswapdOnCpu.build(),
        pids: [...pids].sort((a, b) => a - b),
      },
      kcompressdOnCpu: sched.kcompressdOnCpu.build(),
      ...(sched.idle.length > 0 && { cpuIdle: Array.from(sched.idle, (b) => (b ?? new IntervalBuilder()).build()) }),
      directReclaim: slices.direct.result(),
      memcgReclaim: slices.memcg.result(),
      memcgSoftlimitReclaim: slices.softlimit.result(),
      nodeReclaim: slices.node.result(),
      ...(lru && { lruBatches: Object.fromEntries(lru.byComm) }),
      ...(writes && { writeFolio: writes.result() }),
      throttled: events['mm_vmscan_throttled'] ?? 0,
      ...(tlbSummary && { tlbFlush: tlbSummary }),
      onCpuByComm: Object.fromEntries(sched.onCpuByComm),
      lostEvents: lost,
    };
  }
}

/**
 * perf script: a tracepoint is printed `subsys:event:` (a ':' right before the name), with or without a payload; a
 * sample has no subsystem and either no fields or an event name without '_' (cpu-clock, cycles…).
 */
function isSample(line: TraceLine): boolean {
  if (line.eventStart > 0 && line.buf[line.eventStart - 1] === COLON) return false;
  if (line.fieldsStart >= line.end) return true;
  for (let i = line.eventStart; i < line.eventEnd; i++) if (line.buf[i] === UNDERSCORE) return false;
  return true;
}
