// Per-task CPU series: rows `t_mono t_epoch utime stime sum_exec_runtime_ns run_delay_ns timeslices` (columns named
// by a `#` header when present), or a `/proc/PID/stat` + `/proc/PID/schedstat` snapshot under a `# <mono> <epoch>`
// header. The task's comm comes from the stat line or the header's `(comm pid N…)`.
import { basename } from 'node:path';
import { damageWarnings, forEachLine, type LineReadOptions } from './lineSource';
import { LineTally, SeriesBuilder, type Clock } from './seriesBuilder';
import { numericRow, parseStampLine, type Stamp } from './tokens';
import type { SourceInfo, TaskCpuSeries } from './types';
import { headerNames, splitStampedRow } from './zramStat';
import { counted, lineList, warning, type Warning } from '../warnings';

const POSITIONAL = ['utime_ticks', 'stime_ticks', 'sum_exec_runtime_ns', 'run_delay_ns', 'timeslices'];
const SCHEDSTAT = ['sum_exec_runtime_ns', 'run_delay_ns', 'timeslices'];
export const PROC_STAT = /^(\d+) \((.*)\) [A-Za-z] /;
const HEADER_TASK = /\((?:([A-Za-z][\w.:/-]*)\s+)?pid\s+(\d+)/;


export interface TaskCpuParse {
  info: SourceInfo;
  task: TaskCpuSeries;
  /** From the stat line or the header, when given. */
  pid?: number;
  /** True when comm comes from /proc/PID/stat (exact), not a header note or the file name. */
  exactComm: boolean;
  clock: Clock;
  epochMinusMono?: number;
  warnings: Warning[];
}

/** Intervals whose run time as read exceeded their wall time (before keepRows holds them at one core): how many, the
 *  largest share of one core, %, and the first one's line. */
interface AboveOneCore { intervals: number; maxPct: number; line: number }

/** A sample row as read: its columns, where sum_exec_runtime is among them, and its time (mono, else epoch). */
interface Row {
  stamp: Stamp;
  cols: readonly string[];
  values: number[];
  si: number;
  lineNo: number;
  at?: number;
}

/**
 * Adds the rows to `b`, each interval's run time at most its wall time; the line of each damaged row to `damaged`.
 * The recorder reads the clock, then /proc/PID/schedstat, so a thread running in between (or while the recorder
 * stalls under memory pressure) shows more run time than wall time for that interval: schedstat was read before the
 * next sample's clock, so the run time since the row before is at most the time from that row to the next one. Within
 * that bound the excess is kept back (the interval at 100 %) and counted in the following intervals; run time going
 * backwards or beyond it is damage (a digit lost or repeated).
 */
function keepRows(rows: readonly Row[], b: SeriesBuilder, damaged: number[]): AboveOneCore | undefined {
  /** The last row kept: its time, its sum_exec_runtime as read and as kept (never ahead of wall time). */
  let last: { t: number; ns: number; kept: number } | null = null;
  let above: AboveOneCore | undefined;
  rows.forEach((r, i) => {
    const ns = r.values[r.si];
    let kept = ns;
    if (last && r.at !== undefined) {
      const next = rows[i + 1]?.at ?? r.at + (r.at - last.t);
      if (ns < last.ns || ns - last.ns > Math.round((next - last.t) * 1e9)) {
        damaged.push(r.lineNo);
        return;
      }
      const wallNs = Math.max(0, Math.round((r.at - last.t) * 1e9));
      kept = Math.min(ns, last.kept + wallNs);
      if (ns - last.ns > wallNs && wallNs > 0) {
        const pct = ((ns - last.ns) / wallNs) * 100;
        above = { intervals: (above?.intervals ?? 0) + 1, maxPct: Math.max(above?.maxPct ?? 0, pct), line: above?.line ?? r.lineNo };
      }
    }
    if (r.at !== undefined) last = { t: r.at, ns, kept };
    b.begin(r.stamp, r.lineNo);
    r.cols.forEach((c, k) => {
      if (k < r.values.length && c !== 't_mono' && c !== 't_epoch') b.set(c, k === r.si ? kept : r.values[k]);
    });
  });
  return above;
}

export async function parseTaskCpu(path: string, opts?: LineReadOptions): Promise<TaskCpuParse> {
  const b = new SeriesBuilder();
  const tally = new LineTally();
  let names: string[] | null = null;
  let comm: string | undefined;
  let pid: number | undefined;
  let exactComm = false;
  let pending: Stamp = {};
  let afterStat = false;
  const damaged: number[] = [];
  const rows: Row[] = [];
  const read = await forEachLine(path, (line, lineNo) => {
    const t = line.trim();
    if (t === '') return;
    if (t.startsWith('#')) {
      const h = HEADER_TASK.exec(t);
      if (h) {
        comm ??= h[1];
        pid ??= Number(h[2]);
      }
      const stamp = parseStampLine(t);
      if (stamp) pending = stamp;
      else names = headerNames(t) ?? names;
      return;
    }
    const stat = PROC_STAT.exec(t);
    if (stat) {
      pid = Number(stat[1]);
      comm = stat[2];
      exactComm = true;
      afterStat = true;
      return;
    }
    const row = numericRow(t);
    if (!row) {
      tally.miss(lineNo);
      return;
    }
    const { raw, vals } = row;
    let stamp: Stamp;
    let cols: readonly string[];
    let values: number[];
    if (afterStat) {
      [stamp, cols, values] = [pending, SCHEDSTAT, vals];
      afterStat = false;
    } else if (names) {
      const ns: string[] = names;
      if (vals.length !== ns.length) {
        // A row cut short (a recorder killed mid-write) would shift its columns: reject it.
        damaged.push(lineNo);
        return;
      }
      stamp = {};
      const ti = ns.indexOf('t_mono');
      const te = ns.indexOf('t_epoch');
      if (ti >= 0) stamp.mono = vals[ti];
      if (te >= 0) stamp.epoch = vals[te];
      cols = ns;
      values = vals;
    } else {
      ({ stamp, values } = splitStampedRow(vals, raw));
      cols = POSITIONAL;
    }
    const si = cols.indexOf('sum_exec_runtime_ns');
    if (si < 0 || si >= values.length) {
      tally.miss(lineNo);
      return;
    }
    rows.push({ stamp, cols, values, si, lineNo, at: stamp.mono ?? stamp.epoch });
  }, opts);
  const lines = read.lines;
  const above = keepRows(rows, b, damaged);
  const timed = b.finish(path, () => true);
  const col = (k: string) => timed.series.columns.get(k) ?? new Float64Array(b.samples).fill(NaN);
  const task: TaskCpuSeries = {
    source: path,
    comm: comm ?? basename(path).replace(/\..*$/, ''),
    times: timed.series.times,
    sumExecNs: col('sum_exec_runtime_ns'),
    runDelayNs: col('run_delay_ns'),
  };
  const warnings = [...damageWarnings(read), ...(b.samples === 0 ? [warning('series.none-found', 'no task CPU sample found', path)] : timed.warnings)];
  if (damaged.length > 0) {
    warnings.push(warning('task-cpu.damaged-row', `${counted(damaged.length, 'damaged task CPU row')} rejected (short row, or run time `
      + `going backwards or ahead of the next sample's time; ${lineList(damaged)})`, path, damaged[0]));
  }
  if (above) {
    // In cores' worth, plainly (trial12 #12: "up to 1666.6 % of one core as read" for a 16× reading).
    const cores = above.maxPct / 100;
    const pct = above.maxPct.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    warnings.push(warning('task-cpu.above-one-core', `${counted(above.intervals, 'interval')} with more run time than wall time: readings up to `
      + `${cores.toFixed(cores < 2 ? 2 : 1)} cores' worth per second (${pct} %) — held at 100 % and the excess carried to the next; `
      + "the recorder's timing (it reads the clock, then schedstat) is the likely cause", path, above.line));
  }
  return { info: tally.info(path, 'task-cpu', lines), task, pid, exactComm, clock: timed.clock, epochMinusMono: timed.epochMinusMono, warnings };
}
