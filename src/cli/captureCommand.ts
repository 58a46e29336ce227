// reclaim-replay capture: record what the parsers read, on this machine or (--adb) on an Android device.
import { parseFlags } from './args';
import { OptionError } from '../core/errors';
import { runAdbCapture } from '../core/record/adbCapture';
import { DEFAULT_CAPTURE, runCapture, type WriteFolioMode } from '../core/record/capture';
import { guardProcess } from '../core/record/restore';
import { positiveNumber, STRESS_HELP, stressOptionSpec, stressPlan, WORKLOAD_COMM, workloadCommand } from './stressCommand';
import { counted } from '../core/warnings';

const HELP = `usage: reclaim-replay capture --out DIR --seconds N [options] [-- COMMAND...]   (root)
Records /proc/vmstat (every --period-ms), /proc/meminfo (every 10th period), /proc/zoneinfo (every ${DEFAULT_CAPTURE.zoneinfoEvery}th:
zone free pages and per-CPU page lists), zram mm_stat/io_stat, kswapd0 CPU, zoneinfo/meminfo before, and ftrace (vmscan:* plus sched_switch/sched_wakeup of kswapd*, kcompressd* and the
workload) from the tool's own tracefs instance, and a perf cpu-clock profile of those threads when perf is on
PATH. Everything it changes is restored on every exit path it survives (Ctrl-C, SIGTERM, SIGHUP, a closed
stdout/stderr, a full disk, an error).
  --out DIR             output folder (created)
  --seconds N           capture length (default 30)
  --period-ms P         sampling period (default ${DEFAULT_CAPTURE.periodMs})
  --buffer-kb K         ftrace ring buffer per CPU (default ${DEFAULT_CAPTURE.bufferKb})
  --write-folio W       all | off | START+LEN (seconds after the start) for mm_vmscan_write_folio (default all)
  --comm NAME           also trace scheduling of this comm (repeatable; default ${WORKLOAD_COMM})
  --no-gzip             write ftrace.txt instead of ftrace.txt.gz
  --no-perf             no cpu-clock profile (by default, when perf is on PATH: perf_script.txt.gz of the
                        reclaim threads and the workload, which calibration uses for the compression share)
  --adb [SERIAL]        capture on an Android device through adb shell (root adbd or su)
  --with-stress         run \`reclaim-replay stress\` for the capture (zram, hugepages, workload), then restore
  -- COMMAND...         run COMMAND as the workload, from 2 s after the start until the end
stress options (with --with-stress):
${STRESS_HELP}`;

export function parseWriteFolio(v: string | undefined): WriteFolioMode {
  if (v === undefined || v === 'all') return 'all';
  if (v === 'off') return 'off';
  const m = /^(\d+(?:\.\d+)?)\+(\d+(?:\.\d+)?)$/.exec(v);
  if (!m) throw new OptionError('--write-folio', `'${v}' is not all, off or START+LEN`);
  return { startS: Number(m[1]), lenS: Number(m[2]) };
}

/** `--adb` takes an optional serial: `--adb`, `--adb SERIAL` or `--adb=SERIAL`. */
export function splitAdb(argv: string[]): { argv: string[]; adb?: { serial?: string } } {
  const end = argv.indexOf('--');
  const opts = end < 0 ? argv : argv.slice(0, end);
  const rest = end < 0 ? [] : argv.slice(end);
  const out: string[] = [];
  let adb: { serial?: string } | undefined;
  for (let i = 0; i < opts.length; i++) {
    const a = opts[i];
    if (a === '--adb') {
      const next = opts[i + 1];
      adb = next !== undefined && !next.startsWith('-') ? { serial: opts[++i] } : {};
    } else if (a.startsWith('--adb=')) {
      adb = { serial: a.slice('--adb='.length) || undefined };
    } else {
      out.push(a);
    }
  }
  return { argv: [...out, ...rest], adb };
}

export async function run(argv: string[]): Promise<number> {
  const split = splitAdb(argv);
  const { values, positionals } = parseFlags('capture', split.argv, {
    ...stressOptionSpec,
    out: { type: 'string' },
    seconds: { type: 'string' },
    'period-ms': { type: 'string' },
    'buffer-kb': { type: 'string' },
    'write-folio': { type: 'string' },
    comm: { type: 'string', multiple: true },
    'no-gzip': { type: 'boolean' },
    'no-perf': { type: 'boolean' },
    'with-stress': { type: 'boolean' },
  }, HELP);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (!values.out) throw new OptionError('--out', 'required');
  const seconds = positiveNumber('seconds', values.seconds, 30);
  const common = {
    ...DEFAULT_CAPTURE,
    outDir: values.out,
    seconds,
    periodMs: positiveNumber('period-ms', values['period-ms'], DEFAULT_CAPTURE.periodMs),
    bufferKb: positiveNumber('buffer-kb', values['buffer-kb'], DEFAULT_CAPTURE.bufferKb),
    writeFolio: parseWriteFolio(values['write-folio']),
    workloadComms: values.comm ?? DEFAULT_CAPTURE.workloadComms,
    gzip: !values['no-gzip'],
    perf: !values['no-perf'],
  };
  const controller = new AbortController();
  const log = (m: string) => console.error(`capture: ${m}`);
  const uninstall = guardProcess(controller, log);
  try {
    if (split.adb) {
      if (values['with-stress'] || positionals.length > 0) throw new OptionError('--adb', 'runs no local workload; start one on the device');
      const r = await runAdbCapture({ ...common, serial: split.adb.serial, log, signal: controller.signal });
      console.log(`captured ${counted(r.samples, 'sample')}, ${r.traceBytes} trace bytes from ${r.device} into ${r.outDir}`);
      if (controller.signal.aborted) return 130;
      return r.restoreFailures.length > 0 ? 1 : 0;
    }
    if (process.getuid?.() !== 0) throw new OptionError('capture', 'must run as root (tracefs, /proc/PID/schedstat)');
    let command = positionals.length > 0 ? positionals : undefined;
    let stress;
    let abortMiB = common.abortMiB;
    if (values['with-stress']) {
      if (command) throw new OptionError('--with-stress', 'cannot be combined with -- COMMAND');
      // The workload ends 3 s before the capture so that the tail (kswapd going back to sleep) is recorded.
      const plan = stressPlan(values, Math.max(1, seconds - common.preRollS - 3));
      command = workloadCommand(plan.workload);
      stress = plan.system;
      abortMiB = plan.abortMiB;
    }
    const r = await runCapture({ ...common, command, stress, abortMiB, log, signal: controller.signal });
    console.log(`captured ${counted(r.samples, 'sample')} (${r.lateSamples} late), ${r.traceBytes} trace bytes into ${r.outDir}` +
      (r.clockOffsetUs === undefined ? '' : `; clock check ${r.clockOffsetUs} us`));
    for (const e of r.errors) log(`stopped early: ${e}`);
    if (controller.signal.aborted) return 130;
    const failed = r.errors.length > 0 || r.restoreFailures.length > 0 || r.workload?.lowMemory === true;
    return failed ? 1 : 0;
  } catch (err) {
    // System errors (EACCES, EBUSY, a failed swapon…) are one line, the restore has already run.
    if (err instanceof OptionError || !(err instanceof Error)) throw err;
    log(`error: ${err.message}`);
    return 1;
  } finally {
    uninstall();
  }
}
