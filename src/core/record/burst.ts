// The bursty stress shape: several apps (each its own process, comm rr-stress) start one after another, fill their
// own memory, touch it and exit. Memory pressure comes and goes, so kswapd wakes, reclaims and sleeps many times, and
// an exiting app's swapped pages leave zram without a swap-in (exit_mmap → zap_pte_range → free_swap_and_cache →
// zram_slot_free_notify), which a steady single-process fill never shows.
import { monoSeconds } from './clock';
import type { WorkloadOptions } from './workload';

export type StressShape = 'steady' | 'bursty';
export const STRESS_SHAPES: readonly StressShape[] = ['steady', 'bursty'];

export interface BurstOptions {
  /** Apps started in all (fewer when the run ends first). */
  apps: number;
  /** Seconds between two app starts. */
  everyS: number;
  /** Lifetime of one app (fill, then touch), seconds. */
  appSeconds: number;
}

export const DEFAULT_BURST: BurstOptions = { apps: 6, everyS: 9, appSeconds: 15 };

/** One app of the schedule: when it starts (seconds after the workload starts), how long it lives, its seed. */
export interface AppSlot {
  index: number;
  startS: number;
  seconds: number;
  seed: number;
}

/** App i starts at i·everyS and lives appSeconds, cut at the end of the run; apps with under 1 s left are dropped. */
export function burstSchedule(b: BurstOptions, totalSeconds: number, seed: number): AppSlot[] {
  const out: AppSlot[] = [];
  for (let i = 0; i < b.apps; i++) {
    const startS = i * b.everyS;
    const seconds = Math.min(b.appSeconds, totalSeconds - startS);
    if (seconds < 1) break;
    out.push({ index: i, startS, seconds, seed: seed + i });
  }
  return out;
}

/** A started app process. */
export interface AppHandle {
  exited: Promise<number | null>;
  kill(sig: NodeJS.Signals): void;
}

export interface BurstEnv {
  /** Starts one app running `runWorkload(opts)` in its own process. */
  spawnApp(slot: AppSlot, opts: WorkloadOptions): AppHandle;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  log(line: string): void;
  signal?: AbortSignal;
}

export interface BurstResult {
  started: number;
  /** Apps whose process exited with a non-zero code or by a signal we did not send. */
  failed: number;
}

/**
 * Runs the schedule: each app gets `app` with its own lifetime and seed. On abort every running app is sent SIGTERM
 * and awaited, so no app outlives the run.
 */
export async function runBursts(app: WorkloadOptions, b: BurstOptions, env: BurstEnv): Promise<BurstResult> {
  const slots = burstSchedule(b, app.seconds, app.seed);
  env.log(`# bursty apps=${b.apps} every_s=${b.everyS} app_seconds=${b.appSeconds} scheduled=${slots.length} app_mib=${app.sizeMiB}`);
  const t0 = monoSeconds();
  const running = new Set<AppHandle>();
  const waits: Promise<void>[] = [];
  let failed = 0;
  let stopping = false;
  const stopAll = () => {
    stopping = true;
    for (const h of running) h.kill('SIGTERM');
  };
  env.signal?.addEventListener('abort', stopAll);
  try {
    for (const slot of slots) {
      const wait = t0 + slot.startS - monoSeconds();
      if (wait > 0) await env.sleep(wait * 1000, env.signal);
      if (env.signal?.aborted) break;
      const h = env.spawnApp(slot, { ...app, seconds: slot.seconds, seed: slot.seed });
      running.add(h);
      env.log(`# app_start app=${slot.index} t_mono=${monoSeconds().toFixed(6)} seconds=${slot.seconds} seed=${slot.seed}`);
      waits.push(h.exited.then((code) => {
        running.delete(h);
        if (code !== 0 && !stopping) failed++;
        env.log(`# app_exit app=${slot.index} t_mono=${monoSeconds().toFixed(6)} code=${code}`);
      }));
    }
    await Promise.all(waits);
  } finally {
    env.signal?.removeEventListener('abort', stopAll);
    if (running.size > 0) {
      stopAll();
      await Promise.all(waits);
    }
  }
  return { started: waits.length, failed };
}
