// Local periodic sampler: /proc/vmstat, zram mm_stat/io_stat, kswapd CPU and per-CPU /proc/stat + loadavg every period, /proc/meminfo and
// /proc/zoneinfo every Nth period, each on an absolute schedule so that late ticks do not accumulate drift.
import * as fs from 'node:fs';
import { join } from 'node:path';
import { stamp, monoSeconds, type Stamp } from './clock';
import { CFS_RQ_HEADER, cfsRqLines, CPU_STAT_HEADER, cpuStatLines, kswapdHeader, kswapdLine, seriesLine, snapshotBlock, USER_HZ, ZRAM_IO_HEADER, ZRAM_MM_HEADER } from './formats';
import type { SysOps, SystemRoots } from './sysOps';

export interface SamplerOptions {
  outDir: string;
  periodMs: number;
  meminfoEvery: number;
  /** /proc/zoneinfo every this many periods: each zone's free pages and its per-CPU lists (pagesets `count`, `high`). */
  zoneinfoEvery: number;
  zramDevice: string;
  kswapd?: { pid: number; comm: string };
  /** debugfs sched/debug: each CPU's root cfs_rq into cfs_rq.txt (with `ownGroup`, the recorder's autogroup). */
  schedDebug?: string;
  ownGroup?: string;
}

/** Finds the kswapd thread of node 0 (pid and comm) by scanning /proc/<pid>/comm. */
export function findKswapd(ops: SysOps, roots: SystemRoots): { pid: number; comm: string } | undefined {
  for (const name of fs.readdirSync(roots.proc)) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const comm = ops.read(join(roots.proc, name, 'comm')).trim();
      if (comm === 'kswapd0') return { pid: Number(name), comm };
    } catch {
      // The process exited while we looked.
    }
  }
  return undefined;
}

export class Sampler {
  private readonly fds = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private next = 0;
  samples = 0;
  /** Ticks that started more than one period late (the machine was too busy to sample on time). */
  late = 0;

  constructor(
    private readonly ops: SysOps,
    private readonly roots: SystemRoots,
    private readonly o: SamplerOptions,
    /** Called (once, from the timer) when a sample cannot be written, e.g. ENOSPC; sampling stops. */
    private readonly onError: (err: unknown) => void = (err) => {
      throw err;
    },
  ) {
    this.open('vmstat_snapshots.txt');
    this.open('meminfo_snapshots.txt');
    this.open('zoneinfo_snapshots.txt');
    this.open('zram_mm_stat.txt', `${ZRAM_MM_HEADER}\n`);
    this.open('zram_io_stat.txt', `${ZRAM_IO_HEADER}\n`);
    this.open('cpu_stat.txt', `${CPU_STAT_HEADER}\n`);
    if (o.kswapd) this.open('kswapd_cpu.txt', `${kswapdHeader(o.kswapd.pid, o.kswapd.comm, USER_HZ)}\n`);
    if (o.schedDebug) this.open('cfs_rq.txt', `${CFS_RQ_HEADER}\n`);
  }

  private open(name: string, header?: string): void {
    const fd = fs.openSync(join(this.o.outDir, name), 'w');
    this.fds.set(name, fd);
    if (header) fs.writeSync(fd, header);
  }

  private put(name: string, text: string): void {
    fs.writeSync(this.fds.get(name)!, text);
  }

  private tryRead(path: string): string | undefined {
    try {
      return this.ops.read(path);
    } catch {
      return undefined;
    }
  }

  /** Takes one sample of every file. */
  sample(): void {
    const s: Stamp = stamp();
    const { proc, sys } = this.roots;
    const vm = this.tryRead(join(proc, 'vmstat'));
    if (vm) this.put('vmstat_snapshots.txt', snapshotBlock(s, vm));
    if (this.samples % this.o.meminfoEvery === 0) {
      const mi = this.tryRead(join(proc, 'meminfo'));
      if (mi) this.put('meminfo_snapshots.txt', snapshotBlock(s, mi));
    }
    // Pages on the per-CPU lists are outside NR_FREE_PAGES (free_unref_folios -> free_pcppages_bulk moves them).
    if (this.samples % this.o.zoneinfoEvery === 0) {
      const zi = this.tryRead(join(proc, 'zoneinfo'));
      if (zi) this.put('zoneinfo_snapshots.txt', snapshotBlock(s, zi));
    }
    const zram = join(sys, 'block', this.o.zramDevice);
    const mm = this.tryRead(join(zram, 'mm_stat'));
    if (mm) this.put('zram_mm_stat.txt', seriesLine(s, mm));
    const io = this.tryRead(join(zram, 'io_stat'));
    if (io) this.put('zram_io_stat.txt', seriesLine(s, io));
    // The other load on each CPU, which decides the CPU kswapd and the tasks are given.
    const procStat = this.tryRead(join(proc, 'stat'));
    const loadavg = this.tryRead(join(proc, 'loadavg'));
    if (procStat && loadavg) this.put('cpu_stat.txt', cpuStatLines(s, procStat, loadavg));
    const stat = this.o.kswapd && this.tryRead(join(proc, String(this.o.kswapd.pid), 'stat'));
    if (this.o.kswapd) {
      const sched = this.tryRead(join(proc, String(this.o.kswapd.pid), 'schedstat'));
      if (stat && sched) this.put('kswapd_cpu.txt', kswapdLine(s, stat, sched));
    }
    // The CFS entities kswapd shares a CPU with, and their weights (loadavg counts tasks, not entities).
    const debug = this.o.schedDebug && this.tryRead(this.o.schedDebug);
    if (debug) this.put('cfs_rq.txt', cfsRqLines(s, debug, this.o.ownGroup, stat || undefined));
    this.samples++;
  }

  start(): void {
    this.next = monoSeconds();
    const tick = () => {
      const now = monoSeconds();
      if (now - this.next > this.o.periodMs / 1000) this.late++;
      try {
        this.sample();
      } catch (err) {
        this.timer = undefined;
        this.onError(err);
        return;
      }
      this.next += this.o.periodMs / 1000;
      if (this.next < now) this.next = now; // skip missed ticks instead of bursting
      this.timer = setTimeout(tick, Math.max(0, (this.next - monoSeconds()) * 1000));
    };
    tick();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const fd of this.fds.values()) {
      try {
        fs.closeSync(fd);
      } catch {
        // nothing to recover at close
      }
    }
    this.fds.clear();
  }
}
