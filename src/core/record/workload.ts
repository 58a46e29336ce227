// The stress workload: fill anonymous memory with a content mix at a bounded rate, pausing while MemFree is under
// a guard (the machine is shared), then touch pages (a hot set plus uniform cold touches) so that swapped-out pages
// come back in. Runs in its own process (comm `rr-stress`) so that its controller survives it and always restores.
import { monoSeconds } from './clock';
import { Rng } from '../model/rng';
import { PAGE_CLASSES, PAGE_SIZE } from '../model/zram/pageClasses';
import type { PageClass } from '../model/zram/pageClasses';
import { ClassPicker, WorkloadPages } from './contentClasses';

export interface WorkloadOptions {
  sizeMiB: number;
  seconds: number;
  rateMiBs: number;
  guardMiB: number;
  touchesPerS: number;
  /** Share of touches going to the hot set, percent. */
  hotPct: number;
  /** Size of the hot set, percent of the pages. */
  hotSetPct: number;
  /** Share of touches that write back what they read, percent. */
  writePct: number;
  mix: Readonly<Record<PageClass, number>>;
  seed: number;
}

export const DEFAULT_WORKLOAD: Omit<WorkloadOptions, 'mix'> = {
  sizeMiB: 4096, seconds: 25, rateMiBs: 300, guardMiB: 3300, touchesPerS: 100000, hotPct: 85, hotSetPct: 20, writePct: 30, seed: 1,
};

export interface WorkloadEnv {
  memFreeMiB(): number;
  sleep(ms: number): Promise<void>;
  log(line: string): void;
  signal?: AbortSignal;
}

export interface WorkloadStats {
  pagesFilled: number;
  classes: Record<PageClass, number>;
  touches: number;
  guardPausedS: number;
}

// 64 MiB chunks are above glibc's largest dynamic mmap threshold, so each is a fresh anonymous mapping.
const CHUNK = 64 << 20;
const PAGES_PER_CHUNK = CHUNK / PAGE_SIZE;

export async function runWorkload(o: WorkloadOptions, env: WorkloadEnv): Promise<WorkloadStats> {
  const rng = new Rng(o.seed);
  const pages = new WorkloadPages(rng.nextU32(), rng);
  const picker = new ClassPicker(o.mix, rng);
  const classes = Object.fromEntries(PAGE_CLASSES.map((c) => [c, 0])) as Record<PageClass, number>;
  const chunks: Buffer[] = [];
  const totalPages = Math.floor((o.sizeMiB * 1048576) / PAGE_SIZE);
  const t0 = monoSeconds();
  const end = t0 + o.seconds;
  let filled = 0;
  let touches = 0;
  let paused = 0;
  let nextLog = t0;
  const status = (phase: string) => {
    const now = monoSeconds();
    if (now < nextLog) return;
    nextLog = now + 0.25;
    env.log(`${now.toFixed(6)} ${phase} ${filled} ${touches} ${paused.toFixed(2)} ${Math.round(env.memFreeMiB())}`);
  };
  env.log(`# rr-stress size_mib=${o.sizeMiB} seconds=${o.seconds} rate_mibs=${o.rateMiBs} guard_mib=${o.guardMiB} ` +
    `touches=${o.touchesPerS} hot=${o.hotPct}%/${o.hotSetPct}% write=${o.writePct}% seed=${o.seed} ` +
    `mix=${PAGE_CLASSES.map((c) => `${c}=${o.mix[c]}`).join(',')}`);
  env.log('# t_mono phase pages_filled touches guard_paused_s memfree_mb');

  // Fill in 1 MiB steps: rate limit and guard are checked between steps.
  const step = 256;
  while (filled < totalPages && monoSeconds() < end && !env.signal?.aborted) {
    if (env.memFreeMiB() < o.guardMiB) {
      const t = monoSeconds();
      await env.sleep(20);
      paused += monoSeconds() - t;
      status('guard');
      continue;
    }
    const due = t0 + (filled * PAGE_SIZE) / (o.rateMiBs * (1 << 20));
    const now = monoSeconds();
    if (due > now) await env.sleep((due - now) * 1000);
    for (let i = 0; i < step && filled < totalPages; i++, filled++) {
      const c = Math.floor(filled / PAGES_PER_CHUNK);
      if (c === chunks.length) chunks.push(Buffer.allocUnsafeSlow(CHUNK));
      const cls = picker.next();
      classes[cls]++;
      const off = (filled % PAGES_PER_CHUNK) * PAGE_SIZE;
      pages.fill(cls, chunks[c].subarray(off, off + PAGE_SIZE), filled);
    }
    status('fill');
  }
  env.log(`# alloc_done t_mono=${monoSeconds().toFixed(6)} pages=${filled} classes: ` +
    PAGE_CLASSES.map((c) => `${c}=${classes[c]}`).join(' '));

  // Touch phase: batches every 10 ms until the end.
  const hotPages = Math.max(1, Math.floor((filled * o.hotSetPct) / 100));
  const hotStride = Math.max(1, Math.floor(filled / hotPages));
  const perBatch = Math.max(1, Math.round(o.touchesPerS / 100));
  let sink = 0;
  while (filled > 0 && monoSeconds() < end && !env.signal?.aborted) {
    const batchEnd = monoSeconds() + 0.01;
    for (let i = 0; i < perBatch; i++, touches++) {
      const p = rng.int(100) < o.hotPct ? (rng.int(hotPages) * hotStride) % filled : rng.int(filled);
      const buf = chunks[Math.floor(p / PAGES_PER_CHUNK)];
      const off = (p % PAGES_PER_CHUNK) * PAGE_SIZE + 8 * rng.int(PAGE_SIZE / 8);
      const v = buf[off];
      sink = (sink + v) & 0xffff; // the read must have an observable use, or the JIT may drop it
      if (rng.int(100) < o.writePct) buf[off] = v; // dirties the page without changing its content
    }
    status('touch');
    const left = batchEnd - monoSeconds();
    if (left > 0) await env.sleep(left * 1000);
  }
  env.log(`# done t_mono=${monoSeconds().toFixed(6)} pages=${filled} touches=${touches} guard_paused_s=${paused.toFixed(2)} read_checksum=${sink}`);
  return { pagesFilled: filled, classes, touches, guardPausedS: paused };
}
