// Per-task CPU series: rows `t_mono t_epoch utime stime sum_exec_runtime_ns run_delay_ns timeslices` (columns named
// by a `#` header when present), or a `/proc/PID/stat` + `/proc/PID/schedstat` snapshot under a `# <mono> <epoch>`
// header. The task's comm comes from the stat line or the header's `(comm pid N…)`.
import { basename } from 'node:path';
import { forEachLine, type LineReadOptions } from './lineSource';
import { LineTally, SeriesBuilder, type Clock } from './seriesBuilder';
import { numericRow, parseStampLine, type Stamp } from './tokens';
import type { SourceInfo, TaskCpuSeries } from './types';
import { headerNames, splitStampedRow } from './zramStat';
import { warning, type Warning } from '../warnings';

const POSITIONAL = ['utime_ticks', 'stime_ticks', 'sum_exec_runtime_ns', 'run_delay_ns', 'timeslices'];
const SCHEDSTAT = ['sum_exec_runtime_ns', 'run_delay_ns', 'timeslices'];
export const PROC_STAT = /^(\d+) \((.*)\) [A-Za-z] /;
const HEADER_TASK = /\((?:([A-Za-z][\w.:/-]*)\s+)?pid\s+(\d+)/;

/** sum_exec_runtime may lead the sample clock a little (the two are read one after the other). */
const CPU_SLACK = 1.02;

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
  let last: { t: number; ns: number } | null = null;
  const { lines } = await forEachLine(path, (line, lineNo) => {
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
    const at = stamp.mono ?? stamp.epoch;
    const ns = values[si];
    if (last && at !== undefined && (ns < last.ns || ns - last.ns > (at - last.t) * 1e9 * CPU_SLACK)) {
      // One thread cannot lose run time nor run longer than the wall time between samples: the row is damaged.
      damaged.push(lineNo);
      return;
    }
    if (at !== undefined) last = { t: at, ns };
    b.begin(stamp, lineNo);
    cols.forEach((c, i) => {
      if (i < values.length && c !== 't_mono' && c !== 't_epoch') b.set(c, values[i]);
    });
  }, opts);
  const timed = b.finish(path, () => true);
  const col = (k: string) => timed.series.columns.get(k) ?? new Float64Array(b.samples).fill(NaN);
  const task: TaskCpuSeries = {
    source: path,
    comm: comm ?? basename(path).replace(/\..*$/, ''),
    times: timed.series.times,
    sumExecNs: col('sum_exec_runtime_ns'),
    runDelayNs: col('run_delay_ns'),
  };
  const warnings = b.samples === 0 ? [warning('series.none-found', 'no task CPU sample found', path)] : [...timed.warnings];
  if (damaged.length > 0) {
    warnings.push(warning('task-cpu.damaged-row', `${damaged.length} damaged task CPU row(s) rejected (short row, or run time `
      + `going backwards or faster than wall time; lines ${damaged.slice(0, 5).join(', ')})`, path, damaged[0]));
  }
  return { info: tally.info(path, 'task-cpu', lines), task, pid, exactComm, clock: timed.clock, epochMinusMono: timed.epochMinusMono, warnings };
}
