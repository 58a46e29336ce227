// Per-CPU /proc/stat and /proc/loadavg series (the shared captures' cpu_stat.txt, also written by `capture`): lines
// `t_mono t_epoch cpuN user nice system idle iowait irq softirq steal guest guest_nice` (USER_HZ ticks) and
// `t_mono t_epoch loadavg 1m 5m 15m running/total lastpid`; the lines sharing a stamp are one sample. Read from the
// raw bytes: only the name token is decoded.
import { damageWarnings, forEachLineBytes, type LineReadOptions } from './lineSource';
import { LineTally, SeriesBuilder, type SnapshotParse } from './seriesBuilder';
import { counted, lineList, warning, type Warning } from '../warnings';

/** Column suffixes: `<cpu>.busy` / `<cpu>.idle` (ticks, counters), `loadavg.running` (tasks, a gauge). */
export const CPU_BUSY = '.busy';
export const CPU_IDLE = '.idle';
export const LOAD_RUNNING = 'loadavg.running';
/** `cpu` is the sum over CPUs; `cpu0`, `cpu1`, … are the CPUs online when sampled. */
export const ALL_CPUS = 'cpu';

const SP = 32;
const TAB = 9;
const SLASH = 47;
const DOT = 46;
const MAX_TOKENS = 16;
/** /proc/stat cpu fields: user nice system idle iowait irq softirq steal (guest, guest_nice are inside user/nice). */
const IDLE_FIELDS = new Set([3, 4]);
const BUSY_FIELDS = new Set([0, 1, 2, 5, 6, 7]);
/** Fields every kernel since 2.6 prints (user nice system idle). */
const MIN_CPU_FIELDS = 4;

/** A decimal number in buf[s, e) (digits, at most one '.'), or NaN. */
function decimal(buf: Buffer, s: number, e: number): number {
  let v = 0;
  let scale = 0;
  if (s >= e) return NaN;
  for (let p = s; p < e; p++) {
    const c = buf[p];
    if (c === DOT && scale === 0) scale = 1;
    else if (c >= 48 && c <= 57) {
      v = v * 10 + (c - 48);
      if (scale) scale *= 10;
    } else return NaN;
  }
  if (scale === 1) return NaN; // a lone '.'
  return scale ? v / scale : v;
}

/** Splits buf[s, e) on spaces/tabs into `starts`/`ends`; returns the token count (MAX_TOKENS + 1 when more). */
function tokens(buf: Buffer, s: number, e: number, starts: Int32Array, ends: Int32Array): number {
  let n = 0;
  let p = s;
  while (p < e) {
    while (p < e && (buf[p] === SP || buf[p] === TAB)) p++;
    if (p === e) break;
    if (n === MAX_TOKENS) return MAX_TOKENS + 1;
    starts[n] = p;
    while (p < e && buf[p] !== SP && buf[p] !== TAB) p++;
    ends[n++] = p;
  }
  return n;
}

const isName = (buf: Buffer, s: number, e: number) =>
  (e - s >= 3 && buf[s] === 99 && buf[s + 1] === 112 && buf[s + 2] === 117) || buf.toString('latin1', s, e) === 'loadavg';

/**
 * @returns the series (times on the stamps' clock; columns `cpu.busy`, `cpuN.busy`, `cpuN.idle`, …, `loadavg.running`)
 *   and warnings: `cpu-stat.damaged-line` (first line and count) for lines that are not one of the two shapes.
 */
export async function parseCpuStat(path: string, opts?: LineReadOptions): Promise<SnapshotParse> {
  const b = new SeriesBuilder();
  const tally = new LineTally();
  const starts = new Int32Array(MAX_TOKENS);
  const ends = new Int32Array(MAX_TOKENS);
  const fields = new Float64Array(MAX_TOKENS);
  let lastMono = NaN;
  const names = new Map<string, [string, string]>();
  const damaged: number[] = [];
  const bad = (lineNo: number) => {
    tally.miss(lineNo);
    damaged.push(lineNo);
  };
  const read = await forEachLineBytes(path, (buf, s, e, lineNo) => {
    const n = tokens(buf, s, e, starts, ends);
    if (n === 0 || buf[starts[0]] === 35) return; // blank, or a `#` header
    if (n < 4 || n > MAX_TOKENS || !isName(buf, starts[2], ends[2])) return bad(lineNo);
    const mono = decimal(buf, starts[0], ends[0]);
    const epoch = decimal(buf, starts[1], ends[1]);
    if (!Number.isFinite(mono) || !Number.isFinite(epoch)) return bad(lineNo);
    const name = buf.toString('latin1', starts[2], ends[2]);
    const loadavg = name === 'loadavg';
    if (loadavg) {
      // 1m 5m 15m running/total lastpid: the running count is what the model reads.
      const rt = n >= 7 ? buf.indexOf(SLASH, starts[6]) : -1;
      const running = rt > starts[6] && rt < ends[6] ? decimal(buf, starts[6], rt) : NaN;
      const total = rt > 0 ? decimal(buf, rt + 1, ends[6]) : NaN;
      // More running than existing tasks is a damaged field (a digit repeated), not load.
      if (!Number.isInteger(running) || !Number.isInteger(total) || running > total) return bad(lineNo);
      fields[0] = running;
    } else {
      if (!/^cpu\d*$/.test(name) || n - 3 < MIN_CPU_FIELDS) return bad(lineNo);
      for (let k = 3; k < n; k++) {
        fields[k - 3] = decimal(buf, starts[k], ends[k]);
        if (!Number.isInteger(fields[k - 3])) return bad(lineNo);
      }
    }
    if (mono !== lastMono) {
      b.begin({ mono, epoch }, lineNo);
      lastMono = mono;
    }
    if (loadavg) return b.set(LOAD_RUNNING, fields[0]);
    let cols = names.get(name);
    if (!cols) names.set(name, (cols = [name + CPU_BUSY, name + CPU_IDLE]));
    let busy = 0;
    let idle = 0;
    for (let k = 0; k < n - 3; k++) {
      if (BUSY_FIELDS.has(k)) busy += fields[k];
      else if (IDLE_FIELDS.has(k)) idle += fields[k];
    }
    b.set(cols[0], busy);
    b.set(cols[1], idle);
  }, opts);
  const lines = read.lines;
  const timed = b.finish(path, (k) => k !== LOAD_RUNNING);
  const warnings: Warning[] = [...damageWarnings(read), ...timed.warnings];
  if (damaged.length > 0) {
    warnings.push(warning('cpu-stat.damaged-line', `${counted(damaged.length, 'line')} not a stamped /proc/stat cpu line or loadavg line `
      + `(first at ${lineList(damaged)}); left out`, path, damaged[0]));
  }
  if (b.samples === 0) warnings.push(warning('series.none-found', 'no stamped /proc/stat cpu line found', path));
  return { ...timed, info: tally.info(path, 'cpu-stat', lines), warnings };
}

/** CPUs (cpuN columns) whose ticks advanced between samples i0 and i1: the CPUs online over that span. */
export function onlineCpus(s: { columns: Map<string, Float64Array> }, i0: number, i1: number): string[] {
  const out: string[] = [];
  for (const [k, busy] of s.columns) {
    if (!k.endsWith(CPU_BUSY) || k === ALL_CPUS + CPU_BUSY) continue;
    const cpu = k.slice(0, -CPU_BUSY.length);
    const idle = s.columns.get(cpu + CPU_IDLE);
    if (idle && busy[i1] + idle[i1] - busy[i0] - idle[i0] > 0) out.push(cpu);
  }
  return out;
}
