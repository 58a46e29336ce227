// Built-in device profiles. Sources for every number are in sources.md beside this file; phone figures are
// public LZ4/LZO throughputs (kernel-notes.md §5) spread over content classes with the per-class cost ratios
// measured on the capture kernel, never JavaScript's own compression speed.
import { OptionError } from '../errors';
import { PAGE_CLASSES } from '../model/zram/pageClasses';
import type { PageClass } from '../model/zram/pageClasses';
import { MEASURED_CLASS_COSTS } from '../model/zram/measuredCosts';
import type { Algorithm } from '../vocabulary';
import type { DeviceProfile } from './types';
import { TASKS_PER_ENTITY } from '../model/cfsShare';

/** Per-class ns for a core whose mean cost over the measured mix is `mixUs` µs per page (lz4); lzo-rle follows
 *  the measured lzo-rle/lz4 ratio of each class. */
function classCosts(lz4MixUs: number): Record<Algorithm, Record<PageClass, number>> {
  const scale = (alg: Algorithm) => {
    const m = MEASURED_CLASS_COSTS[alg];
    const k = (lz4MixUs * 1000) / MEASURED_CLASS_COSTS.lz4.mix.compressUsPerPage;
    return Object.fromEntries(PAGE_CLASSES.map((c) => [c, Math.round(m[c].compressUsPerPage * k)])) as Record<PageClass, number>;
  };
  return { lz4: scale('lz4'), 'lzo-rle': scale('lzo-rle') };
}

export const BUILTIN_PROFILES: Readonly<Record<string, DeviceProfile>> = {
  'x86-vm': {
    name: 'x86-vm',
    source: 'calibrated on captures/A_kswapd_lz4 (2-vCPU Firecracker VM, Linux 6.18): `reclaim-replay calibrate`; the VM\'s TLB-flush IPIs are tlbFlushNs',
    cpus: 2,
    scanNs: 1360,
    unmapNs: 2290,
    tlbFlushNs: 14150,
    fileNs: 0,
    storeNs: 1670,
    sameNs: 200,
    queueNs: 100,
    compressNs: classCosts(6.68),
  },
  'phone-big': {
    name: 'phone-big',
    source: 'Cortex-A76/A78-class big core, LZ4 ≈ 500 MB/s (≈ 1.7× Cortex-A72\'s 147–408 MB/s, lz4 PR #707); ARM64 broadcast TLBI: no IPI cost',
    cpus: 8,
    scanNs: 300,
    unmapNs: 4000,
    tlbFlushNs: 0,
    fileNs: 0,
    storeNs: 1500,
    sameNs: 200,
    queueNs: 100,
    compressNs: classCosts(4096 / 500),
  },
  'phone-little': {
    name: 'phone-little',
    source: 'Cortex-A55 little core, LZ4 ≈ 140 MB/s (80–200 MB/s inferred from lz4 PR #1713 relative figures)',
    cpus: 8,
    scanNs: 800,
    unmapNs: 10000,
    tlbFlushNs: 0,
    fileNs: 0,
    storeNs: 3500,
    sameNs: 500,
    queueNs: 300,
    compressNs: classCosts(4096 / 140),
  },
};

function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

const isPositive = (v: unknown): v is number => isNum(v) && v > 0;

/** Checks a profile read from JSON; OptionError names the flag that gave it (--profile or --validate) and the first bad field. */
export function validateProfile(p: unknown, origin: string, flag: '--profile' | '--validate' = '--profile'): DeviceProfile {
  const bad = (field: string, why: string) => new OptionError(flag, `${origin}: ${field} ${why}`);
  if (typeof p !== 'object' || p === null) throw bad('profile', 'is not a JSON object');
  const o = p as Record<string, unknown>;
  for (const f of ['scanNs', 'unmapNs', 'fileNs', 'storeNs', 'sameNs', 'queueNs'] as const) {
    if (!isNum(o[f])) throw bad(f, `must be a finite number ≥ 0 (ns per page), got ${JSON.stringify(o[f])}`);
  }
  if (!(Number.isInteger(o.cpus) && (o.cpus as number) >= 1 && (o.cpus as number) <= 1024)) throw bad('cpus', 'must be an integer 1..1024');
  const c = o.compressNs as Record<string, Record<string, unknown>> | undefined;
  for (const alg of ['lz4', 'lzo-rle'] as const) {
    for (const cls of PAGE_CLASSES) {
      // Compressing a page always takes time (a zero cost makes the compress share 0/0); same-filled pages (zero,
      // fill) are stored without compression (zram_write_same_filled_page), so theirs may be 0.
      const sameFilled = cls === 'zero' || cls === 'fill';
      if (!(sameFilled ? isNum : isPositive)(c?.[alg]?.[cls])) throw bad(`compressNs.${alg}.${cls}`, `must be a finite number ${sameFilled ? '≥' : '>'} 0 (ns per page), got ${JSON.stringify(c?.[alg]?.[cls])}`);
    }
  }
  if (o.tlbFlushNs !== undefined && !isNum(o.tlbFlushNs)) throw bad('tlbFlushNs', 'must be a number ≥ 0 (ns per unmapped page)');
  if (o.compressShare !== undefined && !(isNum(o.compressShare) && o.compressShare < 1)) throw bad('compressShare', 'must be in [0, 1)');
  if (o.tlbIpiIdleRatio !== undefined && !(isNum(o.tlbIpiIdleRatio) && o.tlbIpiIdleRatio <= 1)) throw bad('tlbIpiIdleRatio', 'must be in [0, 1] (an IPI to an idle target\'s cost ÷ one to a busy target\'s)');
  if (o.tlbIpisPerFolio !== undefined && !isNum(o.tlbIpisPerFolio)) throw bad('tlbIpisPerFolio', 'must be a number ≥ 0 (answered shootdown IPIs per anon folio)');
  if (o.tlbIpiTargetsBusy !== undefined && !(isNum(o.tlbIpiTargetsBusy) && o.tlbIpiTargetsBusy <= 1)) throw bad('tlbIpiTargetsBusy', 'must be in [0, 1] (share of the time the IPI targets were busy)');
  const tpe = o.cfsTasksPerEntity;
  if (tpe !== undefined && !(isNum(tpe) && tpe >= TASKS_PER_ENTITY.min && tpe <= TASKS_PER_ENTITY.max)) {
    throw bad('cfsTasksPerEntity', `must be a number in [${TASKS_PER_ENTITY.min}, ${TASKS_PER_ENTITY.max}] (runnable tasks per CFS entity), got ${JSON.stringify(tpe)}`);
  }
  return {
    ...(o as unknown as DeviceProfile),
    name: typeof o.name === 'string' ? o.name : origin,
    source: typeof o.source === 'string' ? o.source : origin,
  };
}

export function builtinProfile(name: string): DeviceProfile | undefined {
  return Object.prototype.hasOwnProperty.call(BUILTIN_PROFILES, name) ? BUILTIN_PROFILES[name] : undefined;
}
