// `reclaim-replay parse <file-or-folder> [--json]`: the figures of a capture, as a summary or one JSON object.
import { captureArgs } from './args';
import { analyzeCapture } from '../core/analysis/figures';
import { RATE_KEYS } from '../core/analysis/rates';
import { figure } from '../shared/fidelity';
import type { CaptureFigures, SliceStats, ZoneFigures } from '../core/analysis/types';
import { loadCaptureCached } from '../core/capture/captureCache';
import { withTtyProgress } from './progress';
import { warningBlock } from './warningGroups';
import { msText } from '../core/numberText';
import { counted } from '../core/warnings';

export const USAGE = `usage: reclaim-replay parse <file-or-folder> [--json]
Reads a capture (a folder of capture files, or one file: /proc/vmstat snapshots, vmstat output, ftrace text,
a Perfetto trace, an Android bugreport, zram mm_stat, zoneinfo, meminfo) and prints its figures: the reclaim
window, each counter's rate over it and its peak 1 s rate, kswapd CPU, zram, min free, zones, trace events and
reclaim slices. Nothing is replayed.
--json: one JSON object instead of the text (the fields the README lists)`;
export const FLAGS = { json: { type: 'boolean' } } as const;

function num(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined ? 'n/a' : x.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** A table cell: thousands separated, always `digits` decimals, so a column never mixes "8,096" with "70,893.3". */
const cell = (x: number | null | undefined, digits: number): string => (x === null || x === undefined ? 'n/a' : figure(x, digits));

/** A duration given in µs, in the largest unit it holds 10 of (s, ms, else µs): one scale for totals and percentiles;
 *  ms whole from 100 ms on, as every ms figure prints ("1,043 ms" beside "216 ms", not "1,043.374 ms" beside "215.77 ms"). */
export function duration(us: number | null): string {
  if (us === null) return 'n/a';
  return us >= 10e6 ? `${num(us / 1e6, 3)} s` : us >= 10e3 ? `${msText(us / 1e3)} ms` : `${num(us)} µs`;
}

function slices(name: string, s: SliceStats): string {
  return s.count === 0 ? `${name}: none`
    : `${name}: ${num(s.count, 0)} slice${s.count === 1 ? '' : 's'}, ${duration(s.totalMs * 1e3)} total, p50 ${duration(s.p50Us)}, p99 ${duration(s.p99Us)}`
      + (s.reclaimedPages === null ? '' : `, ${counted(s.reclaimedPages, 'page')} reclaimed`);
}

const CLOCK_NAMES: Record<NonNullable<CaptureFigures['window']>['clock'], string> = {
  mono: 'CLOCK_MONOTONIC', epoch: 'wall clock (Unix epoch)', relative: 'capture clock (relative)',
};

/** The window on the capture's clock and, as replay prints it, in seconds since the first vmstat sample. */
export function windowText(w: NonNullable<CaptureFigures['window']>): string {
  const since = (t: number) => (t - w.firstSampleS).toFixed(1);
  return `${CLOCK_NAMES[w.clock]} ${w.startS.toFixed(3)} → ${w.endS.toFixed(3)} s (${since(w.startS)}–${since(w.endS)} s since the first sample, `
    + `${num(w.durationS)} s)`;
}

/** Each zone's free pages beside its min/low/high watermarks (pages), as zoneinfo gives them, and its free pages at
 *  the capture's end when an end snapshot has them. */
export function zoneLines(z: CaptureFigures['zones']): string[] {
  if (!z) return ['zones: no zoneinfo in the capture (no watermarks)'];
  const atEnd = z.endSource !== null && z.zones.some((x) => x.freeAtEnd !== undefined);
  const from = [`watermarks${z.zones.some((x) => x.freePages !== null) ? ' and free' : ''} from ${z.source ?? 'zoneinfo'}`, ...(atEnd ? [`free at end from ${z.endSource}`] : [])];
  const head = ['node', 'zone', 'free', 'min', 'low', 'high', 'managed', ...(atEnd ? ['free at end'] : [])];
  // A zone whose watermarks zoneinfo lacked shows them computed (repairZones), marked so they are not read as the file's.
  const computed = z.zones.some((x) => x.watermarksComputed);
  const mark = (x: ZoneFigures, v: number) => `${cell(v, 0)}${x.watermarksComputed ? '*' : computed ? ' ' : ''}`;
  const rows = z.zones.map((x) => [String(x.node), x.name, cell(x.freePages, 0), mark(x, x.min), mark(x, x.low), mark(x, x.high), cell(x.managedPages, 0),
    ...(atEnd ? [cell(x.freeAtEnd, 0)] : [])]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  // node and zone left-aligned, the page counts right-aligned.
  const line = (r: string[]) => '  ' + r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [`zones (pages; ${from.join('; ')}):`, line(head), ...rows.map(line),
    ...(computed ? ['  * computed as __setup_per_zone_wmarks() does: zoneinfo has no usable min/low/high for the zone (see the warning)'] : [])];
}

/** tlb:tlb_flush: kswapd's shootdown IPIs over the window, then every reason's count per CPU over the trace. */
export function tlbLines(t: NonNullable<CaptureFigures['tlbFlush']>): string[] {
  const k = t.window;
  const share = (x: number) => (Number.isNaN(x) ? 'n/a' : figure(x, 3));
  const head = k
    ? `TLB shootdowns (tlb:tlb_flush) in window: kswapd sent ${cell(k.sent, 0)} IPIs, ${cell(k.answered, 0)} answered by another CPU; `
      + `${cell(k.anonReclaimed, 0)} anon folios reclaimed by kswapd: ${share(k.perFolio)} answered IPIs per folio `
      + `(per second ${share(k.minPerFolio)}–${share(k.maxPerFolio)}); ${cell(k.trims, 0)} mm_cpumask trims (remote wrong CPU)`
    : 'TLB shootdowns (tlb:tlb_flush): no reclaim window';
  const cols = t.reasons.map((r, i) => ({ r, i })).filter(({ i }) => t.perCpu.some((c) => c[i] > 0));
  const rows = t.perCpu.map((c, cpu) => [`cpu${cpu}`, ...cols.map(({ i }) => cell(c[i], 0))]);
  const hdr = ['', ...cols.map(({ r }) => r)];
  const widths = hdr.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (r: string[]) => '  ' + r.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ');
  return [head, '  tlb_flush events over the trace, per CPU and reason:', line(hdr), ...rows.map(line)];
}

/** A share (0–1) as the other shares print: "20.5 %", not "0.205" (trial13: "zero share 1"). */
const share = (x: number | null) => (x === null ? 'n/a' : `${figure(x * 100, 1)} %`);

export function formatSummary(f: CaptureFigures): string {
  const out: string[] = ['Sources'];
  for (const s of f.sources) out.push(`  ${s.format.padEnd(17)} ${cell(s.lines, 0).padStart(9)} lines ${cell(s.unparsed, 0).padStart(6)} unparsed  ${s.path}`);
  out.push('', f.window ? `Reclaim window: ${windowText(f.window)}` : 'Reclaim window: none');
  const keys = [...new Set([...Object.keys(f.rates), ...Object.keys(f.peakRates)])];
  if (keys.length > 0) {
    out.push('', `  ${'counter'.padEnd(26)} ${'window /s'.padStart(12)} ${'peak 1 s /s'.padStart(12)}`);
    for (const k of keys) out.push(`  ${k.padEnd(26)} ${cell(f.rates[k], 1).padStart(12)} ${cell(f.peakRates[k], 1).padStart(12)}`);
  }
  const k = f.kswapd;
  // Without a trace, wakes, events and reclaim slices are unknown, not none.
  const covers = f.traceCovers;
  const noTrace = 'no trace in the capture';
  const inWindow = k.wakesFromSleepInWindow === undefined ? '' : `; in window ${counted(k.wakesFromSleepInWindow, 'wake')} from sleep, ${counted(k.sleepsInWindow ?? 0, 'sleep')}`;
  out.push('', `kswapd: CPU ${k.cpuPct === null ? 'n/a' : `${num(k.cpuPct)} % (${k.cpuSource})`} in window${inWindow}; `
    + (covers ? `whole trace ${k.wakes} mm_vmscan_kswapd_wake (balance_pgdat runs), ${k.sleeps} mm_vmscan_kswapd_sleep` : `wakes and sleeps: ${noTrace}`));
  out.push(f.zram
    ? `zram: ratio ${num(f.zram.ratio, 3)}, mem_used_total ${num(f.zram.memUsedMiB)} MiB, same ${share(f.zram.sameFraction)}, `
      + `huge ${share(f.zram.hugeFraction)}, zero share of swap-outs ${share(f.zram.zeroShare)}`
    : 'zram: no data');
  if (f.deltas) {
    const top = Object.entries(f.deltas.counters).filter(([k]) => RATE_KEYS.includes(k) && f.deltas!.counters[k] > 0);
    out.push(`vmstat deltas ${f.deltas.from} → ${f.deltas.to}${f.deltas.intervalUnknown ? ' (interval unknown)' : ` over ${num(f.deltas.intervalS, 3)} s`}: `
      + (top.length ? top.map(([k, v]) => `${k} +${num(v, 0)}`).join(', ') : 'no reclaim counter changed'));
  }
  // The unit only beside a figure: "min free n/a", not "n/a MiB".
  const mib = (x: number | null, digits: number) => (x === null ? 'n/a' : `${figure(x, digits)} MiB`);
  // Over the window, as the rates above; the whole capture's beside it when lower (outside the window).
  const whole = f.minFreeWholeMiB === undefined ? '' : ` (whole capture ${mib(f.minFreeWholeMiB, 1)})`;
  out.push(`memory: min free ${mib(f.minFreeMiB, 1)}${f.window ? ` in window${whole}` : ''}, total ${mib(f.memTotalMiB, 0)}`);
  const p = f.pcpLists;
  if (p) {
    const pages = (n: number) => `${cell(n, 0)} pages (${figure((n * 4) / 1024, 1)} MiB)`;
    out.push(`per-CPU page lists (not in free memory; ${p.note}): start ${pages(p.startPages)}, most ${pages(p.maxPages)} at ${f.window ? `${(p.maxAtS - f.window.firstSampleS).toFixed(1)} s since the first sample` : `${p.maxAtS.toFixed(1)} s`}, end ${pages(p.endPages)}`);
  }
  out.push(...zoneLines(f.zones));
  if (f.tlbFlush) out.push(...tlbLines(f.tlbFlush));
  const events = Object.entries(f.events).sort((a, b) => b[1] - a[1]);
  out.push('', events.length > 0 ? 'Trace events' : `Trace events: ${covers ? 'none' : noTrace}`);
  const nameWidth = Math.max(36, ...events.map(([name]) => name.length)); // long event names keep the count column
  for (const [name, n] of events) out.push(`  ${name.padEnd(nameWidth)} ${cell(n, 0).padStart(9)}`);
  // Summed over every slice in the trace, not only the window's (replay's headline counts those): say which span.
  out.push(covers ? `Reclaim slices over the whole trace (${covers.startS.toFixed(3)} → ${covers.endS.toFixed(3)} s, ${num(covers.endS - covers.startS, 3)} s)`
    : `Reclaim slices: ${noTrace} (direct and memcg reclaim slices need its mm_vmscan_*_begin/end events)`);
  if (covers) out.push(`  ${slices('direct reclaim', f.directReclaim)}`, `  ${slices('memcg reclaim', f.memcgReclaim)}`);
  if (f.traceSpan) {
    const c = f.traceSpan.counters;
    out.push(`  partial: the trace covers ${num(f.traceSpan.durationS)} s of the ${num(f.traceSpan.windowS)} s window (${f.traceSpan.startS.toFixed(3)} → ${f.traceSpan.endS.toFixed(3)} s); `
      + `over that span pgsteal_direct +${num(c.pgsteal_direct, 0)}, allocstall +${num(c.allocstall, 0)} [${f.window && f.traceSpan.endS < f.window.endS ? 'ftrace.ends-early' : 'ftrace.starts-late'}]`);
  }
  out.push(...warningBlock(f.warnings));
  return out.join('\n');
}

export async function run(argv: string[]): Promise<number> {
  const args = captureArgs('parse', argv, FLAGS, USAGE);
  if (!args) return 0;
  const { values } = args;
  const capture = await withTtyProgress((onProgress) => loadCaptureCached(args.capture, { onProgress }).then((r) => r.capture));
  const figures = analyzeCapture(capture);
  console.log(values.json ? JSON.stringify(figures, null, 1) : formatSummary(figures));
  return 0;
}
