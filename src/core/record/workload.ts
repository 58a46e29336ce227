// The stress workload: fill anonymous memory with a content mix at a bounded rate, pausing while MemFree is under
// a guard (the machine is shared), then touch pages (a hot set plus uniform cold touches) so that swapped-out pages
// come back in. Runs in its own process (comm `rr-stress`) so that its controller survives it and always restores.
import { monoSeconds } from './clock';
import { ClassPicker, CONTENT_CLASSES, ContentPools, fillPage, PAGE, Rng, type ContentClass, type ContentMix } from './contentClasses';

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
  mix: ContentMix;
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
  classes: Record<ContentClass, number>;
  touches: number;
  guardPausedS: number;
}

// 64 MiB chunks are above glibc's largest dynamic mmap threshold, so each is a fresh anonymous mapping.
const CHUNK = 64 << 20;
const PAGES_PER_CHUNK = CHUNK / PAGE;

export async function runWorkload(o: WorkloadOptions, env: WorkloadEnv): Promise<WorkloadStats> {
  const rng = new Rng(o.seed);
  const pools = new ContentPools(rng);
  const picker = new ClassPicker(o.mix, rng);
  const classes = Object.fromEntries(CONTENT_CLASSES.map((c) => [c, 0])) as Record<ContentClass, number>;
  const chunks: Buffer[] = [];
  const totalPages = Math.floor((o.sizeMiB * 1048576) / PAGE);
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
    `mix=${CONTENT_CLASSES.map((c) => `${c}=${o.mix[c]}`).join(',')}`);
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
    const due = t0 + (filled * PAGE) / (o.rateMiBs * (1 << 20));
    const now = monoSeconds();
    if (due > now) await env.sleep((due - now) * 1000);
    for (let i = 0; i < step && filled < totalPages; i++, filled++) {
      const c = Math.floor(filled / PAGES_PER_CHUNK);
      if (c === chunks.length) chunks.push(Buffer.allocUnsafeSlow(CHUNK));
      const cls = picker.next();
      classes[cls]++;
      fillPage(chunks[c], (filled % PAGES_PER_CHUNK) * PAGE, cls, rng, pools, filled);
    }
    status('fill');
  }
  env.log(`# alloc_done t_mono=${monoSeconds().toFixed(6)} pages=${filled} classes: ` +
    CONTENT_CLASSES.map((c) => `${c}=${classes[c]}`).join(' '));

  // Touch phase: batches every 10 ms until the end.
  const hotPages = Math.max(1, Math.floor((filled * o.hotSetPct) / 100));
  const hotStride = Math.max(1, Math.floor(filled / hotPages));
  const perBatch = Math.max(1, Math.round(o.touchesPerS / 100));
  let sink = 0;
  while (filled > 0 && monoSeconds() < end && !env.signal?.aborted) {
    const batchEnd = monoSeconds() + 0.01;
    for (let i = 0; i < perBatch; i++, touches++) {
      const p = rng.below(100) < o.hotPct ? (rng.below(hotPages) * hotStride) % filled : rng.below(filled);
      const buf = chunks[Math.floor(p / PAGES_PER_CHUNK)];
      const off = (p % PAGES_PER_CHUNK) * PAGE + 8 * rng.below(PAGE / 8);
      const v = buf[off];
      sink = (sink + v) & 0xffff; // the read must have an observable use, or the JIT may drop it
      if (rng.below(100) < o.writePct) buf[off] = v; // dirties the page without changing its content
    }
    status('touch');
    const left = batchEnd - monoSeconds();
    if (left > 0) await env.sleep(left * 1000);
  }
  env.log(`# done t_mono=${monoSeconds().toFixed(6)} pages=${filled} touches=${touches} guard_paused_s=${paused.toFixed(2)} read_checksum=${sink}`);
  return { pagesFilled: filled, classes, touches, guardPausedS: paused };
}
