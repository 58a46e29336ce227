// The text layouts the capture parsers read (the same as the shared real captures): snapshot blocks headed by
// `# t_mono=… t_epoch=…`, and one-line series `t_mono t_epoch <fields…>` under a `#` header naming the columns.
import type { Stamp } from './clock';

export const ZRAM_MM_HEADER =
  '# t_mono t_epoch orig_data_size compr_data_size mem_used_total mem_limit mem_used_max same_pages pages_compacted huge_pages huge_pages_since   (sizes in bytes, *_pages in pages; /sys/block/zram0/mm_stat)';
export const ZRAM_IO_HEADER = '# t_mono t_epoch failed_reads failed_writes invalid_io notify_free [...]   (/sys/block/zram0/io_stat)';

export function kswapdHeader(pid: number, comm: string, userHz: number): string {
  return `# t_mono t_epoch utime_ticks stime_ticks sum_exec_runtime_ns run_delay_ns timeslices   (kswapd pid ${pid} ${comm}; ticks are USER_HZ=${userHz}; /proc/PID/stat fields 14,15 and /proc/PID/schedstat)`;
}

/** A snapshot block: header line, then the file verbatim (newline-terminated). */
export function snapshotBlock(s: Stamp, text: string): string {
  return `# t_mono=${s.mono} t_epoch=${s.epoch}\n${text.endsWith('\n') ? text : `${text}\n`}`;
}

/** One series line: the stamp, then the stat file's fields on one line. */
export function seriesLine(s: Stamp, text: string): string {
  return `${s.mono} ${s.epoch} ${text.trim().replace(/\s*\n\s*/g, ' ')}\n`;
}

/** /proc/PID/stat's fields from field 3 (state) on, split after the `)` that ends the comm (which may itself contain
 *  spaces or parentheses): field N is at [N - 3]. */
export const statFields = (stat: string): string[] => stat.slice(stat.lastIndexOf(')') + 2).trim().split(/\s+/);

/**
 * The kswapd CPU line from /proc/PID/stat and /proc/PID/schedstat. utime/stime are fields 14 and 15 of stat,
 * counted after the `)` that ends the comm (which may itself contain spaces or parentheses).
 */
export function kswapdLine(s: Stamp, statText: string, schedstatText: string): string {
  const rest = statFields(statText);
  const utime = rest[11] ?? '0';
  const stime = rest[12] ?? '0';
  const [sum = '0', delay = '0', slices = '0'] = schedstatText.trim().split(/\s+/);
  return `${s.mono} ${s.epoch} ${utime} ${stime} ${sum} ${delay} ${slices}\n`;
}

export const CPU_STAT_HEADER =
  "# t_mono t_epoch <'cpu*' lines of /proc/stat: name user nice system idle iowait irq softirq steal guest guest_nice (USER_HZ ticks)> then 'loadavg' line";

/**
 * The `cpu*` lines of /proc/stat and /proc/loadavg, each as its own line after the stamps (the shared captures'
 * cpu_stat.txt): one sample is several lines with the same stamp.
 */
export function cpuStatLines(s: Stamp, procStat: string, loadavg: string): string {
  let out = '';
  for (const line of procStat.split('\n')) {
    if (line.startsWith('cpu')) out += `${s.mono} ${s.epoch} ${line.trimEnd()}\n`; // verbatim, as A has `cpu  53125`
  }
  return `${out}${s.mono} ${s.epoch} loadavg ${loadavg.trim()}\n`;
}

/** The zram attributes of a state file, in the sectioned layout of the shared captures' zram_before.txt. */
export const ZRAM_STATE_FILES = ['mm_stat', 'io_stat', 'comp_algorithm', 'disksize'] as const;

/** `# t_mono t_epoch`, then `== name` and the attribute's text for each one present (absent ones are left out). */
export function zramStateBlock(s: Stamp, files: Partial<Record<(typeof ZRAM_STATE_FILES)[number], string>>): string {
  let out = `# ${s.mono} ${s.epoch}\n`;
  for (const name of ZRAM_STATE_FILES) {
    const text = files[name];
    if (text !== undefined) out += `== ${name}\n${text.endsWith('\n') ? text : `${text}\n`}`;
  }
  return out;
}

/** USER_HZ is 100 on every Linux architecture that Android and desktop distributions ship. */
export const USER_HZ = 100;

export const CFS_RQ_HEADER =
  '# t_mono t_epoch cpuN nr_queued load own_weight   (root cfs_rq of each CPU from debugfs sched/debug: the entities queued at the top level and their summed weight, a nice-0 task 1048576, a task group by calc_group_shares(); own_weight: the recorder\'s own autogroup entity on that CPU while queued, else 0) then \'kswapd\' state cpu (/proc/PID/stat fields 3, 39)';

/** The fields of one `cfs_rq[N]:PATH` block of sched/debug (`.key : value` lines). */
function cfsRqBlocks(schedDebug: string): { cpu: string; path: string; field: (k: string) => string | undefined }[] {
  const out: { cpu: string; path: string; field: (k: string) => string | undefined }[] = [];
  for (const m of schedDebug.matchAll(/^cfs_rq\[(\d+)\]:(\S+)\n((?:[ \t]+\..*\n?)*)/gm)) {
    const body = m[3];
    out.push({
      cpu: m[1], path: m[2],
      field: (k) => new RegExp(`^\\s+\\.${k.replace(/[.>-]/g, '\\$&')}\\s*:\\s*(\\S+)`, 'm').exec(body)?.[1],
    });
  }
  return out;
}

/**
 * The root cfs_rq of each CPU from debugfs `sched/debug` (6.13+ names the count `.nr_queued`, older kernels
 * `.nr_running`), with the weight of `ownGroup`'s entity there (the recorder's autogroup, e.g. `/autogroup-42`) while
 * that group has queued tasks; then kswapd's state and CPU from its /proc/PID/stat. Empty when no root block is found.
 */
export function cfsRqLines(s: Stamp, schedDebug: string, ownGroup: string | undefined, kswapdStat?: string): string {
  const blocks = cfsRqBlocks(schedDebug);
  let out = '';
  for (const b of blocks) {
    if (b.path !== '/') continue;
    const own = ownGroup ? blocks.find((o) => o.cpu === b.cpu && o.path === ownGroup) : undefined;
    const ownQueued = Number(own?.field('nr_queued') ?? own?.field('nr_running') ?? 0) > 0;
    const ownWeight = ownQueued ? own?.field('se->load.weight') ?? '0' : '0';
    out += `${s.mono} ${s.epoch} cpu${b.cpu} ${b.field('nr_queued') ?? b.field('nr_running') ?? '0'} ${b.field('load') ?? '0'} ${ownWeight}\n`;
  }
  if (out && kswapdStat) {
    const rest = statFields(kswapdStat); // field 39 (processor) is rest[36]
    out += `${s.mono} ${s.epoch} kswapd ${rest[0] ?? '?'} ${rest[36] ?? '?'}\n`;
  }
  return out;
}
