// The lab kernel's configuration: `make tinyconfig`, then this fragment merged on top (scripts/kconfig/merge_config.sh
// semantics: later lines win), then `make olddefconfig`. After olddefconfig the .config is checked against the
// fragment, because Kconfig silently drops an option whose dependencies are not met.
import type { Algorithm } from '../vocabulary';

/** A design of kcompressd the lab can build: none (unpatched), v1 (zram side, Mar 2025) or mm (page_io, Apr 2025). */
export type LabDesign = 'baseline' | 'v1' | 'mm';
export const LAB_DESIGNS: readonly LabDesign[] = ['baseline', 'v1', 'mm'];

/** Options in groups, each with the reason the lab needs it (the reason goes into the fragment as a comment). */
const GROUPS: [string, string[]][] = [
  ['x86_64 SMP guest with a serial console and an initramfs', [
    '64BIT', 'SMP', 'NR_CPUS=8', 'PRINTK', 'PRINTK_TIME', 'BUG', 'TTY', 'SERIAL_8250', 'SERIAL_8250_CONSOLE',
    'BLK_DEV_INITRD', 'RD_GZIP', 'BINFMT_ELF', 'BINFMT_SCRIPT', 'HIGH_RES_TIMERS', 'PCI', 'ACPI']],
  ['what busybox and the workload need', [
    'PROC_FS', 'PROC_SYSCTL', 'SYSFS', 'DEVTMPFS', 'DEVTMPFS_MOUNT', 'SHMEM', 'TMPFS', 'MULTIUSER', 'FUTEX', 'EPOLL',
    'SIGNALFD', 'TIMERFD', 'EVENTFD', 'AIO', 'POSIX_TIMERS']],
  ['pgsteal/pgscan/allocstall in /proc/vmstat (tinyconfig turns the event counters off)', ['VM_EVENT_COUNTERS']],
  ['zram swap with zsmalloc and the lz4 / lzo-rle backends', [
    'BLOCK', 'BLK_DEV', 'SWAP', 'ZSMALLOC', 'ZRAM', 'ZRAM_BACKEND_LZ4', 'ZRAM_BACKEND_LZO', 'CRYPTO', 'CRYPTO_LZ4', 'CRYPTO_LZO']],
  // Without COMPACTION alloc_zspage() (mm/zsmalloc.c) drops __GFP_MOVABLE: every zspage page is unmovable, steals
  // movable pageblocks and boost_watermark() (mm/page_alloc.c) raises min by up to 1.5 × high while the guest reclaims.
  ['movable zspages and kcompactd as on phones and the capture machines (no watermark boost from zsmalloc)', [
    'COMPACTION', 'MIGRATION']],
  ['memcg and PSI as on the capture machines', ['CGROUPS', 'MEMCG', 'PSI']],
  ['/proc/PID/schedstat and the vmscan + sched trace events', [
    'SCHEDSTATS', 'FTRACE', 'ENABLE_DEFAULT_TRACERS', 'DEBUG_FS', 'KALLSYMS']],
  ['the capture leaves the guest through virtio-9p', [
    'VIRTIO_MENU', 'VIRTIO', 'VIRTIO_PCI', 'VIRTIO_BLK', 'VIRTIO_CONSOLE', 'NET', 'NETWORK_FILESYSTEMS', 'NET_9P', 'NET_9P_VIRTIO', '9P_FS']],
];

/** The design's own option: v1 adds CONFIG_KCOMPRESSD (drivers/block/zram/Kconfig); mm has no Kconfig switch. */
const DESIGN_OPTIONS: Record<LabDesign, string[]> = { baseline: [], v1: ['KCOMPRESSD'], mm: [] };

/** `NAME` or `NAME=value` → [name, value], value `y` by default. */
function split(opt: string): [string, string] {
  const i = opt.indexOf('=');
  return i < 0 ? [opt, 'y'] : [opt.slice(0, i), opt.slice(i + 1)];
}

/** The fragment text for a design: `CONFIG_X=y` lines under `# why` comments. */
export function kconfigFragment(design: LabDesign, algorithm: Algorithm = 'lz4'): string {
  const out = [`# reclaim-replay lab kernel (${design}); merged over \`make tinyconfig\`, then \`make olddefconfig\``];
  const groups: [string, string[]][] = [...GROUPS, [`default zram algorithm ${algorithm} (the run can still pick the other)`,
    [algorithm === 'lz4' ? 'ZRAM_DEF_COMP_LZ4' : 'ZRAM_DEF_COMP_LZORLE']]];
  if (DESIGN_OPTIONS[design].length > 0) groups.push([`the ${design} patch's own option`, DESIGN_OPTIONS[design]]);
  for (const [why, opts] of groups) {
    out.push(`# ${why}`);
    for (const o of opts) {
      const [name, value] = split(o);
      out.push(`CONFIG_${name}=${value}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** Name → value of every `CONFIG_X=v` line; `# CONFIG_X is not set` gives `n`. */
export function parseDotConfig(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split('\n')) {
    const set = /^CONFIG_([A-Za-z0-9_]+)=(.*)$/.exec(line);
    if (set) m.set(set[1], set[2]);
    const unset = /^# CONFIG_([A-Za-z0-9_]+) is not set$/.exec(line);
    if (unset) m.set(unset[1], 'n');
  }
  return m;
}

/** Fragment options whose value did not survive olddefconfig: `CONFIG_X: wanted y, got n`. */
export function missingOptions(fragment: string, dotConfig: string): string[] {
  const have = parseDotConfig(dotConfig);
  const missing: string[] = [];
  for (const [name, want] of parseDotConfig(fragment)) {
    const got = have.get(name) ?? 'n';
    if (got !== want) missing.push(`CONFIG_${name}: wanted ${want}, got ${got}`);
  }
  return missing;
}
