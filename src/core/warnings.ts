// The one warning model: every parser, the analysis and the model report non-fatal problems as typed records with a
// stable code from the list below. The code fixes the severity, so producers only say what happened and where.

export type Severity = 'info' | 'warning' | 'error';
export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'error'];

/**
 * Every warning code and its severity. `info`: nothing is wrong, the reader should know (a section read, a file
 * skipped); `warning`: the input is damaged or ambiguous and was repaired, figures hold; `error`: a figure is missing
 * or known wrong because of the input.
 */
export const WARNING_CODES = {
  // loading a capture folder (loadCapture)
  'capture.skipped-file': 'info', // unreadable, not a regular file, or a link to a file already listed
  'capture.ignored-file': 'info', // a file of no capture format in a folder
  'capture.link-as-text': 'info', // a symbolic link checked out as a text file holding its target's path: followed
  'capture.other-source': 'info', // several files of one kind: the one with most samples used
  'capture.unparsed-lines': 'warning', // lines of a recognised file that match no rule of its format
  'capture.cpus-capped': 'warning', // a trace naming more CPUs than the model supports
  'capture.probe-unusable': 'warning', // a zram store probe that timed no page
  'gzip.ends-early': 'warning', // a .gz cut short (a killed recorder): the lines before the cut are read
  'gzip.corrupt': 'warning', // a .gz with damaged bytes: the lines before the damage are read
  'capture.cache-off': 'info', // the parsed-capture cache could not be written
  'bugreport.sections': 'info', // which bugreport sections were read and skipped
  'bugreport.perfetto-unread': 'warning', // Perfetto traces inside a bugreport zip that were not read
  // snapshot series (seriesBuilder, framedSnapshots, vmstatOutput, zramStat, taskCpu)
  'series.damaged-value': 'warning', // negative or beyond 2^53: read as missing
  'series.untimed-sample': 'warning', // a sample without the timestamp the others carry: dropped
  'series.out-of-order': 'warning', // samples not in time order: sorted
  'series.duplicate-sample': 'warning', // samples repeating the time of the one before: dropped
  'series.counter-reset': 'error', // an event counter went backwards: rates across it are wrong
  'series.none-found': 'warning', // a file of the format without one sample
  'series.untimed': 'info', // samples without timestamps: assumed 1 s apart
  'series.repeated-key': 'warning', // a key repeated inside a snapshot (a lost header merged two)
  'vmstat.pair-deltas': 'info', // two single /proc/vmstat snapshots: changes reported as deltas
  'vmstat.pair-backwards': 'warning', // counters lower in the later snapshot of a pair
  'vmstat-output.no-header': 'warning',
  'vmstat-output.time-of-day': 'info', // -t rows with a time of day and no date
  'vmstat-output.time-zone': 'info', // -t times in a zone other than UTC, read as UTC
  'task-cpu.damaged-row': 'warning',
  'task-cpu.above-one-core': 'info', // intervals read above one core (sampling jitter), held at 100 % with the raw maximum
  'cpu-stat.damaged-line': 'warning', // a cpu_stat line that is not a stamped /proc/stat cpu line or loadavg line: left out
  'cfs-rq.damaged-line': 'warning', // a cfs_rq.txt line that is not a stamped root cfs_rq or kswapd line: left out
  // zoneinfo (zoneinfo, zoneWatermarks)
  'zoneinfo.no-zone': 'warning',
  'zoneinfo.several-snapshots': 'info',
  'zoneinfo.no-managed': 'info', // kernels before 3.8: present pages used
  'zoneinfo.managed-above-present': 'warning',
  'zoneinfo.watermarks-disordered': 'warning', // min ≤ low ≤ high broken: recomputed
  'zoneinfo.watermarks-above-pages': 'warning', // high above the zone's managed pages: recomputed
  'zoneinfo.zone-dropped': 'error', // a zone without a usable page count (an empty zone is no fault): left out
  'zoneinfo.no-watermarks': 'info', // computed as __setup_per_zone_wmarks() does
  // traces (ftrace text, Perfetto)
  'ftrace.time-backwards': 'warning', // files joined: intervals not carried across
  'ftrace.lost-events': 'warning', // the ring buffer overflowed: counts are lower bounds
  'ftrace.mail-wrapped': 'info', // continuation lines rejoined
  'ftrace.bad-cpu': 'warning', // a CPU number no kernel has
  'ftrace.ends-early': 'warning', // the trace stops inside the reclaim window: its figures cover part of it
  'ftrace.starts-late': 'warning', // the trace starts inside the reclaim window: its figures cover part of it
  'perfetto.truncated': 'warning', // cut mid-packet: the last packet dropped
  'perfetto.unknown-counter': 'info', // sys_stats ids this reader does not name
  'perfetto.unstamped-sample': 'warning', // sys_stats without a timestamp: skipped
  'perfetto.no-clock-snapshot': 'info', // BOOTTIME read as MONOTONIC
  'perfetto.clock-unaligned': 'warning', // times on a clock no snapshot relates to MONOTONIC, left as they are
  // clocks (align)
  'align.wall-clock': 'warning', // wall-clock times with no mono pair: first sample put at the capture start
  'align.untimed': 'warning', // no timestamps: first sample put at the capture start
  'align.trace-unaligned': 'warning', // trace outside the snapshot span and nothing to align on
  'align.trace-shifted': 'info', // trace moved onto the snapshot clock
  // analysis
  // What the input is, not damage: parse shows the figures the other files give; a replay refuses (workload.ts).
  'analysis.no-vmstat': 'info', // no reclaim window or rates
  'analysis.single-snapshot': 'info', // no rates
  'analysis.no-reclaim-window': 'warning',
  'analysis.window-basis': 'info', // no swap-outs: window taken from another counter
  'analysis.rate-unavailable': 'error',
  // the model and the replay
  'profile.calibration-failed': 'warning', // fell back to the built-in profile
  'corpus.fit-singular': 'warning',
  'corpus.fit-off-target': 'warning', // the page mix misses a zram figure
  'corpus.target-clamped': 'info', // a legal edge zram figure fitted just inside the range
  'model.compress-share-capped': 'warning',
  'replay.variant-from-capture': 'info', // no --variant: the measured-after capture's own kcompressd design predicted
  'replay.variant-mismatch': 'warning', // --variant names another design than the measured-after capture ran
  'replay.before-ran-kcompressd': 'error', // the replayed capture ran kcompressd: its "before" is not today's kernel
  'pair.after-no-kcompressd': 'warning', // the measured-after / compared-after capture shows no kcompressd thread
  'pair.algorithm-differs': 'warning', // before and after compressed with different zram algorithms
  'pair.memory-differs': 'warning', // before and after had different MemTotal or CPU counts
  'pair.workload-differs': 'warning', // before and after allocated memory more than ×2 apart: two workloads
  'replay.after-guest-speed': 'warning', // the measured-after capture's zram store probe differs from the replayed one's: the host ran the two at different speeds
  'model.zsmalloc-enomem': 'warning', // zram writes that failed for want of pages: those folios stayed on the LRU
  'observed.cpu-clamped': 'info', // observed kswapd CPU bins above one core shown as 100 %
  // compare
  'compare.no-reclaim': 'warning',
} as const satisfies Record<string, Severity>;

export type WarningCode = keyof typeof WARNING_CODES;
export const isWarningCode = (v: unknown): v is WarningCode => typeof v === 'string' && Object.hasOwn(WARNING_CODES, v);

/** A non-fatal problem. `file` is the path (or `path!entry` inside a zip) and `line` its 1-based line when known;
 *  `message` says what happened and what was done, without the location. */
export interface Warning {
  code: WarningCode;
  severity: Severity;
  file?: string;
  line?: number;
  message: string;
}

/** A warning of `code` (its severity from the list) at `file`[:`line`]. */
export function warning(code: WarningCode, message: string, file?: string, line?: number): Warning {
  return { code, severity: WARNING_CODES[code], ...(file !== undefined ? { file } : {}), ...(line !== undefined && line > 0 ? { line } : {}), message };
}

/** "1 line" / "3 lines": a count with its noun, thousands separated (warnings say "1 line", not "1 line(s)"). */
export const counted = (n: number, noun: string, plural = `${noun}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? noun : plural}`;

/** "line 8" / "lines 4, 11, 18": the first `max` line numbers, "…" after them when there are more. */
export const lineList = (lines: readonly number[], max = 5): string =>
  `line${lines.length === 1 ? '' : 's'} ${lines.slice(0, max).join(', ')}${lines.length > max ? ', …' : ''}`;

/** `file:line: message` (as much of the location as is known). */
export function warningText(w: Warning): string {
  return `${w.file !== undefined ? `${w.file}${w.line !== undefined ? `:${w.line}` : ''}: ` : ''}${w.message}`;
}

/** `ws` of one capture among several (compare, --measured-after): each at its file, else at the capture `root`,
 *  its message led by `label` when given — but for an ignored file, whose path names its capture and whose message is
 *  the reason the file lists fold under ("3 files not read by this tool: a, b, c"); repeats (same code,
 *  place and message) dropped. */
export function captureWarnings(ws: readonly Warning[], root: string, label?: string): Warning[] {
  const seen = new Set<string>();
  const out: Warning[] = [];
  for (const w of ws) {
    const key = `${w.code}|${w.file ?? ''}|${w.line ?? ''}|${w.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...w, file: w.file ?? root, ...(label && w.code !== 'capture.ignored-file' ? { message: `${label}: ${w.message}` } : {}) });
  }
  return out;
}
