// Puts the machine into a state where a modest workload makes kswapd reclaim into zram: zram swap with the chosen
// algorithm, hugepages reserved so that only `targetFreeMiB` stays free, and a raised watermark_scale_factor so
// kswapd wakes while MemFree is still well above the guard. Every change is recorded in the restore stack first.
import { join } from 'node:path';
import type { RestoreStack } from './restore';
import { meminfoMiB, selected, type SysOps, type SystemRoots } from './sysOps';

export interface StressSystemOptions {
  algorithm: string;
  zramDevice: string;
  disksizeMiB: number;
  /** MemFree left after the hugepage reservation. */
  targetFreeMiB: number;
  watermarkScaleFactor: number;
  /** Never reserve hugepages below this MemFree (the machine is shared). */
  guardMiB: number;
  /** CPUs taken offline for the run, to capture another CPU count; the restore puts each back online. */
  offlineCpus: number[];
}

export const DEFAULT_STRESS_SYSTEM: StressSystemOptions = {
  algorithm: 'lz4', zramDevice: 'zram0', disksizeMiB: 8192, targetFreeMiB: 7000, watermarkScaleFactor: 1700, guardMiB: 3300, offlineCpus: [],
};

export interface Originals {
  watermarkScaleFactor: string;
  nrHugepages: string;
  compAlgorithm: string;
  disksize: string;
  swaps: string;
}

export function readOriginals(ops: SysOps, roots: SystemRoots, device: string): Originals {
  const zram = join(roots.sys, 'block', device);
  return {
    watermarkScaleFactor: ops.read(join(roots.proc, 'sys/vm/watermark_scale_factor')).trim(),
    nrHugepages: ops.read(join(roots.proc, 'sys/vm/nr_hugepages')).trim(),
    compAlgorithm: selected(ops.read(join(zram, 'comp_algorithm'))),
    disksize: ops.read(join(zram, 'disksize')).trim(),
    swaps: ops.read(join(roots.proc, 'swaps')),
  };
}

/** Zones whose struct pages are still being initialised lazily (managed far below present). */
export function growingZones(zoneinfo: string): string[] {
  const out: string[] = [];
  for (const block of zoneinfo.split(/^Node /m).slice(1)) {
    const name = /^\d+, zone\s+(\S+)/.exec(block)?.[1];
    const present = Number(/^\s+present\s+(\d+)/m.exec(block)?.[1] ?? 0);
    const managed = Number(/^\s+managed\s+(\d+)/m.exec(block)?.[1] ?? 0);
    if (name && present > 0 && managed < present * 0.9) out.push(name);
  }
  return out;
}

export function prepareStressSystem(
  ops: SysOps, roots: SystemRoots, o: StressSystemOptions, restore: RestoreStack, log: (m: string) => void,
): Originals {
  const vm = (k: string) => join(roots.proc, 'sys/vm', k);
  const zram = join(roots.sys, 'block', o.zramDevice);
  const dev = join(roots.dev, o.zramDevice);
  if (!ops.exists(zram)) throw new Error(`${zram} does not exist (modprobe zram?)`);
  const orig = readOriginals(ops, roots, o.zramDevice);
  log(`originals: watermark_scale_factor=${orig.watermarkScaleFactor} nr_hugepages=${orig.nrHugepages} ` +
    `${o.zramDevice} comp_algorithm=${orig.compAlgorithm} disksize=${orig.disksize}`);
  if (orig.swaps.includes(o.zramDevice) || orig.disksize !== '0') {
    throw new Error(`${o.zramDevice} is in use (disksize ${orig.disksize}); not touching it`);
  }
  const memFree = () => meminfoMiB(ops.read(join(roots.proc, 'meminfo')), 'MemFree');

  restore.push(`${o.zramDevice} swapoff, reset, comp_algorithm ${orig.compAlgorithm}`, () => {
    if (ops.read(join(roots.proc, 'swaps')).includes(o.zramDevice)) ops.exec('swapoff', [dev]);
    ops.write(join(zram, 'reset'), '1');
    ops.write(join(zram, 'comp_algorithm'), orig.compAlgorithm);
  });
  ops.write(join(zram, 'comp_algorithm'), o.algorithm);
  ops.write(join(zram, 'disksize'), `${o.disksizeMiB}M`);
  ops.exec('mkswap', [dev]);
  ops.exec('swapon', ['-p', '100', dev]);
  log(`zram swap on ${dev}: ${selected(ops.read(join(zram, 'comp_algorithm')))} disksize=${ops.read(join(zram, 'disksize')).trim()}`);

  restore.push(`nr_hugepages ${orig.nrHugepages}`, () => ops.write(vm('nr_hugepages'), orig.nrHugepages));
  const free0 = memFree();
  const hpMiB = meminfoMiB(ops.read(join(roots.proc, 'meminfo')), 'Hugepagesize') || 2;
  const growing = growingZones(ops.read(join(roots.proc, 'zoneinfo')));
  if (growing.length > 0) {
    // Lazily initialised zones grow on demand and kswapd stays asleep until they are fully grown: reserving down
    // to just above the guard once makes the kernel initialise them.
    const warm = Math.max(0, Math.floor((free0 - o.guardMiB - 700) / hpMiB));
    log(`zones still growing (${growing.join(', ')}): warming up with ${warm} hugepages`);
    ops.write(vm('nr_hugepages'), String(warm));
    log(`after warm-up: growing=${growingZones(ops.read(join(roots.proc, 'zoneinfo'))).join(',') || 'none'} memfree=${Math.round(memFree())}`);
  }
  const target = Math.max(o.targetFreeMiB, o.guardMiB);
  let pages = Math.max(0, Math.floor((free0 - target) / hpMiB));
  ops.write(vm('nr_hugepages'), String(pages));
  // Other jobs' memory moves meanwhile (page cache dropped, the warm-up's side effects): correct once.
  pages = Math.max(0, Number(ops.read(vm('nr_hugepages')).trim()) + Math.floor((memFree() - target) / hpMiB));
  ops.write(vm('nr_hugepages'), String(pages));
  const got = ops.read(vm('nr_hugepages')).trim();
  log(`reserved ${got} of ${pages} hugepages (${hpMiB} MiB); MemFree ${Math.round(free0)} -> ${Math.round(memFree())} MiB`);

  restore.push(`watermark_scale_factor ${orig.watermarkScaleFactor}`, () => ops.write(vm('watermark_scale_factor'), orig.watermarkScaleFactor));
  ops.write(vm('watermark_scale_factor'), String(o.watermarkScaleFactor));
  log(`watermark_scale_factor ${orig.watermarkScaleFactor} -> ${o.watermarkScaleFactor}`);
  offlineCpus(ops, roots, o.offlineCpus, restore, log);
  return orig;
}

/** Takes `cpus` offline (cpu0 never: it usually cannot be, and one CPU must stay); each goes back online on restore. */
export function offlineCpus(ops: SysOps, roots: SystemRoots, cpus: number[], restore: RestoreStack, log: (m: string) => void): void {
  for (const cpu of cpus) {
    if (!Number.isInteger(cpu) || cpu < 1) throw new Error(`cpu${cpu} cannot be taken offline (cpu0 stays online)`);
    const online = join(roots.sys, 'devices/system/cpu', `cpu${cpu}`, 'online');
    if (!ops.exists(online)) throw new Error(`${online} does not exist (no cpu${cpu}, or it cannot go offline)`);
    if (ops.read(online).trim() !== '1') throw new Error(`cpu${cpu} is already offline; not touching it`);
    restore.push(`cpu${cpu} online`, () => ops.write(online, '1'));
    ops.write(online, '0');
    log(`cpu${cpu} offline`);
  }
}

/** Emergency release when MemFree falls under the abort level: the hugepages are what holds the memory. */
export function releaseHugepages(ops: SysOps, roots: SystemRoots, original: string): void {
  ops.write(join(roots.proc, 'sys/vm/nr_hugepages'), original);
}
