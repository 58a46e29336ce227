// Test support: a fake procfs/sysfs/tracefs tree in a temp dir behind SysOps. Creating a trace instance fills it
// with the files the kernel would create, `mount`/`swapon`/… are recorded instead of run, and any write or
// command can be made to fail, so restore-on-error paths run without root.
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { realSysOps, type SysOps, type SystemRoots } from './sysOps';

const INSTANCE_FILES: Record<string, string> = {
  tracing_on: '1', buffer_size_kb: '7', trace_clock: '[local] global mono', trace_marker: '', trace_pipe: '', set_event: '',
  'events/enable': '0', 'events/vmscan/enable': '0', 'events/vmscan/mm_vmscan_write_folio/enable': '0',
  'events/sched/sched_switch/filter': 'none', 'events/sched/sched_switch/enable': '0',
  'events/sched/sched_wakeup/filter': 'none', 'events/sched/sched_wakeup/enable': '0',
  'events/tlb/tlb_flush/filter': 'none', 'events/tlb/tlb_flush/enable': '0',
  'per_cpu/cpu0/stats': 'entries: 0\noverrun: 0\n', 'per_cpu/cpu1/stats': 'entries: 0\noverrun: 0\n',
};

/** sched/debug as 6.18 prints it, cut to what the recorder reads: two CPUs' root cfs_rq and one autogroup's. */
export const FAKE_SCHED_DEBUG = ['Sched Debug Version: v0.11, 6.18.0-fake', '', 'cpu#0, 2596.124 MHz', '  .nr_running                    : 3', '',
  'cfs_rq[0]:/autogroup-7', '  .nr_queued                     : 1', '  .se->load.weight               : 524288', '',
  'cfs_rq[0]:/', '  .nr_queued                     : 2', '  .load                          : 1572864', '',
  'cfs_rq[1]:/', '  .nr_queued                     : 1', '  .load                          : 1048576', ''].join('\n');

const FAKE_MEMINFO = (freeKb: number) => `MemTotal:       24684096 kB\nMemFree:        ${freeKb} kB\nHugepagesize:       2048 kB\n`;

export class FakeSystem {
  readonly root = fs.mkdtempSync(join(tmpdir(), 'rr-fakesys-'));
  readonly roots: SystemRoots = {
    proc: join(this.root, 'proc'), sys: join(this.root, 'sys'), tracing: join(this.root, 'tracing'), dev: join(this.root, 'dev'),
  };
  /** Every write and command, in order, as `write <path> <value>` / `exec <cmd> <args>` (paths relative to root). */
  readonly calls: string[] = [];
  /** Writes or commands whose description (as in `calls`) contains one of these fail. */
  readonly failOn: string[] = [];
  /** `mount` makes the instances dir appear, as mounting tracefs would. */
  mounted = false;
  /** MemFree without the hugepage reservation: writing nr_hugepages takes 2 MiB per page from it. */
  private freeKb: number;

  /** false: the kernel has no tlb:tlb_flush (not x86), its instance files are absent. */
  readonly tlbFlush: boolean;
  /** debugfs's mount point (sys/kernel/debug) when the fake has one. */
  private readonly debugDir = join(this.roots.sys, 'kernel', 'debug');

  /** `debugfs`: unmounted, its mount point exists (a `mount -t debugfs` fills it); mounted, sched/debug is there. */
  constructor(opts: { tracefsMounted?: boolean; memFreeKb?: number; tlbFlush?: boolean; debugfs?: 'unmounted' | 'mounted' } = {}) {
    this.tlbFlush = opts.tlbFlush ?? true;
    const put = (rel: string, text: string) => {
      const p = join(this.root, rel);
      fs.mkdirSync(dirname(p), { recursive: true });
      fs.writeFileSync(p, text);
    };
    put('proc/vmstat', 'nr_free_pages 1000\npswpout 5\n');
    this.freeKb = opts.memFreeKb ?? 20000000;
    put('proc/meminfo', FAKE_MEMINFO(this.freeKb));
    put('proc/zoneinfo', 'Node 0, zone   Normal\n  pages free     10\n        min      1\n        low      2\n        high     3\n        spanned  100\n        present  100\n        managed  99\n');
    put('proc/stat', 'cpu  100 0 50 800 10 0 5 0 0 0\ncpu0 60 0 30 390 5 0 3 0 0 0\ncpu1 40 0 20 410 5 0 2 0 0 0\nintr 1 2\nctxt 7\n');
    put('proc/loadavg', '1.50 1.20 1.00 3/120 4242\n');
    put('proc/swaps', 'Filename\tType\tSize\tUsed\tPriority\n');
    put('proc/sys/kernel/osrelease', '6.18.0-fake\n');
    put('proc/sys/vm/watermark_scale_factor', '10\n');
    put('proc/sys/vm/nr_hugepages', '0\n');
    put('proc/45/comm', 'kswapd0\n');
    put('proc/45/stat', '45 (kswapd0) S 2 0 0 0 -1 2129984 0 0 0 0 3 77 0 0 20 0 1 0 10 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 1 0\n');
    put('proc/45/schedstat', '123456 789 10\n');
    put('sys/block/zram0/comp_algorithm', '[lzo-rle] lzo lz4\n');
    put('sys/block/zram0/disksize', '0\n');
    put('sys/block/zram0/reset', '');
    put('sys/block/zram0/mm_stat', '  4096   64  20480  0  20480  0  0  0  0\n');
    put('sys/block/zram0/io_stat', '  0  0  0  0\n');
    put('dev/zram0', '');
    put('sys/devices/system/cpu/cpu1/online', '1\n');
    fs.mkdirSync(this.roots.tracing, { recursive: true });
    if (opts.tracefsMounted) this.mountTracefs();
    if (opts.debugfs) fs.mkdirSync(this.debugDir, { recursive: true });
    if (opts.debugfs === 'mounted') this.mountDebugfs();
  }

  private mountDebugfs(): void {
    fs.mkdirSync(join(this.debugDir, 'sched'), { recursive: true });
    fs.writeFileSync(join(this.debugDir, 'sched', 'debug'), FAKE_SCHED_DEBUG);
  }

  private mountTracefs(): void {
    fs.mkdirSync(join(this.roots.tracing, 'instances'), { recursive: true });
    this.mounted = true;
  }

  setMemFreeKb(kb: number): void {
    this.freeKb = kb;
    const pages = Number(this.read('proc/sys/vm/nr_hugepages'));
    fs.writeFileSync(join(this.roots.proc, 'meminfo'), FAKE_MEMINFO(kb - pages * 2048));
  }

  rel(p: string): string {
    return p.startsWith(this.root) ? p.slice(this.root.length + 1) : p;
  }

  private check(desc: string): void {
    this.calls.push(desc);
    const hit = this.failOn.find((f) => desc.includes(f));
    if (hit) throw new Error(`injected failure: ${desc}`);
  }

  /** Files of the fake tree, for assertions. */
  read(rel: string): string {
    return fs.readFileSync(join(this.root, rel), 'utf8');
  }

  exists(rel: string): boolean {
    return fs.existsSync(join(this.root, rel));
  }

  readonly ops: SysOps = {
    read: (p) => realSysOps.read(p),
    exists: (p) => fs.existsSync(p),
    write: (p, v) => {
      this.check(`write ${this.rel(p)} ${v}`);
      if (!fs.existsSync(p)) throw new Error(`echo '${v}' > ${p}: ENOENT`);
      const base = p.split('/').pop();
      // Selector files keep the choice in brackets, as the kernel shows it.
      if (base === 'comp_algorithm') fs.writeFileSync(p, ['lzo-rle', 'lzo', 'lz4'].map((a) => (a === v ? `[${a}]` : a)).join(' ') + '\n');
      else if (base === 'reset') fs.writeFileSync(join(dirname(p), 'disksize'), '0\n');
      else if (base !== 'trace_marker') fs.writeFileSync(p, `${v}\n`);
      if (base === 'nr_hugepages') this.setMemFreeKb(this.freeKb);
    },
    mkdir: (p) => {
      this.check(`mkdir ${this.rel(p)}`);
      fs.mkdirSync(p);
      if (dirname(p) === join(this.roots.tracing, 'instances')) {
        for (const [rel, text] of Object.entries(INSTANCE_FILES)) {
          if (!this.tlbFlush && rel.startsWith('events/tlb/')) continue;
          fs.mkdirSync(dirname(join(p, rel)), { recursive: true });
          fs.writeFileSync(join(p, rel), text);
        }
      }
    },
    rmdir: (p) => {
      this.check(`rmdir ${this.rel(p)}`);
      fs.rmSync(p, { recursive: true });
    },
    exec: (cmd, args) => {
      this.check(`exec ${cmd} ${args.map((a) => this.rel(a)).join(' ')}`);
      if (cmd === 'mount' && args.includes('debugfs')) this.mountDebugfs();
      else if (cmd === 'mount') this.mountTracefs();
      if (cmd === 'umount' && args[0] === this.debugDir) fs.rmSync(join(this.debugDir, 'sched'), { recursive: true });
      else if (cmd === 'umount') {
        fs.rmSync(join(this.roots.tracing, 'instances'), { recursive: true });
        this.mounted = false;
      }
      if (cmd === 'swapon') fs.appendFileSync(join(this.roots.proc, 'swaps'), `${args[args.length - 1]}\tpartition\t8388604\t0\t100\n`);
      if (cmd === 'swapoff') fs.writeFileSync(join(this.roots.proc, 'swaps'), 'Filename\tType\tSize\tUsed\tPriority\n');
      return '';
    },
  };

  cleanup(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
