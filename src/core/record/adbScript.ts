// The device side of `capture --adb`: one shell script run through `adb shell` (as root or via su) that sets up
// the trace instance, samples the proc/sys files and prints everything on stdout as sections headed by
// `@@<tag> [t_mono_ns t_epoch]` lines, which adbDemux.ts turns back into the capture files. Toybox has no
// non-blocking read of trace_pipe, so the device keeps the events in its ring buffer (overwrite off, so the
// oldest are kept) and the script reads `trace` once at the end: no reader runs during the capture.
import { reclaimFilters, WRITE_EVENTS } from './traceInstance';

export interface AdbScriptOptions {
  instance: string;
  seconds: number;
  periodMs: number;
  meminfoEvery: number;
  bufferKb: number;
  zramDevice: string;
  workloadComms: string[];
  writeFolio: boolean;
}

/** Single-quotes a value for sh. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Cleanup lines shared by the capture script's trap and the host's after-the-fact cleanup command. */
export function adbCleanup(instance: string): string {
  const i = `$T/instances/${instance}`;
  return [
    'T=/sys/kernel/tracing; [ -d $T/instances ] || T=/sys/kernel/debug/tracing',
    `if [ -d ${i} ]; then echo 0 > ${i}/tracing_on; echo 0 > ${i}/events/enable;`,
    `  echo 0 > ${i}/events/sched/sched_switch/filter; echo 0 > ${i}/events/sched/sched_wakeup/filter; rmdir ${i}; fi`,
    `if [ -f /data/local/tmp/${instance}.mounted ]; then umount $T && rm /data/local/tmp/${instance}.mounted; fi`,
  ].join('\n');
}

export function buildAdbScript(o: AdbScriptOptions): string {
  const f = reclaimFilters(o.workloadComms);
  const i = `$T/instances/${o.instance}`;
  const z = `/sys/block/${o.zramDevice}`;
  const wf = o.writeFolio ? '' : WRITE_EVENTS.map((e) => `[ -f ${i}/events/vmscan/${e}/enable ] && echo 0 > ${i}/events/vmscan/${e}/enable`).join('\n');
  return `set -u
T=/sys/kernel/tracing; [ -d $T/instances ] || T=/sys/kernel/debug/tracing
if [ ! -d $T/instances ]; then
  T=/sys/kernel/tracing; mount -t tracefs nodev $T && touch /data/local/tmp/${o.instance}.mounted && echo "@@log mounted tracefs on $T"
fi
finish() {
  [ -d ${i} ] && echo 0 > ${i}/tracing_on
  echo "@@ftrace"; cat ${i}/trace
  echo "@@stats"; for c in ${i}/per_cpu/cpu*; do echo "\${c##*/}"; cat $c/stats; done
${adbCleanup(o.instance)}
  echo "@@end"
}
trap 'echo "@@log signal: cleaning up"; finish; exit 1' INT TERM HUP
mkdir ${i} || { echo "@@error mkdir ${i} failed"; exit 1; }
w() { echo "$2" > "${i}/$1" || { echo "@@error write $1 failed"; finish; exit 1; }; }
w tracing_on 0
w buffer_size_kb ${o.bufferKb}
w options/overwrite 0
w trace_clock mono
w events/vmscan/enable 1
${wf}
w events/sched/sched_switch/filter ${shQuote(f.sched_switch)}
w events/sched/sched_wakeup/filter ${shQuote(f.sched_wakeup)}
w events/sched/sched_switch/enable 1
w events/sched/sched_wakeup/enable 1
echo "@@events"; cat ${i}/set_event; echo "buffer_size_kb=$(cat ${i}/buffer_size_kb) trace_clock=$(cat ${i}/trace_clock)"
echo "@@log kernel $(uname -r) device $(getprop ro.product.model 2>/dev/null)"
echo "@@zoneinfo_before"; cat /proc/zoneinfo
echo "@@meminfo_before"; cat /proc/meminfo
K=; for p in /proc/[0-9]*; do [ "$(cat $p/comm 2>/dev/null)" = kswapd0 ] && K=\${p#/proc/} && break; done
echo "@@kswapd_pid $K kswapd0"
mono() { sed -n 's/^now at \\([0-9]*\\) nsecs/\\1/p;3q' /proc/timer_list; }
echo 1 > ${i}/tracing_on
t=$(mono); end=$((t + ${o.seconds} * 1000000000)); n=0
while [ "$t" -lt "$end" ]; do
  e=$(date +%s.%N)
  echo "@@vmstat $t $e"; cat /proc/vmstat
  [ $((n % ${o.meminfoEvery})) -eq 0 ] && { echo "@@meminfo $t $e"; cat /proc/meminfo; }
  echo "@@mm_stat $t $e"; cat ${z}/mm_stat 2>/dev/null
  echo "@@io_stat $t $e"; cat ${z}/io_stat 2>/dev/null
  [ -n "$K" ] && { echo "@@kswapd $t $e"; cat /proc/$K/stat /proc/$K/schedstat; }
  n=$((n + 1))
  sleep ${(o.periodMs / 1000).toFixed(3)}
  t=$(mono)
done
finish
`;
}
