// Replays in a worker thread: progress callbacks, cancellation and the core's errors rethrown with their messages.
// A ReplayWorker lives across runs (the extension keeps one per open capture, so re-runs start from the parsed
// capture and baseline); runReplayInWorker is one run in a worker of its own. Cancelling terminates the thread —
// the only way to stop a scenario mid-run — and the next run starts a fresh one.
import { Worker } from 'node:worker_threads';
import { CancelledError } from '../errors';
import type { Progress, ReplayOptions, ReplayResult } from './types';
import { deserializeError } from './workerProtocol';
import type { FromWorker, ReplayRequest, ToWorker } from './workerProtocol';

export interface RunHooks {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

interface Pending {
  resolve(r: ReplayResult): void;
  reject(e: Error): void;
  onProgress?: (p: Progress) => void;
}

export class ReplayWorker {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly script: string) {}

  run(request: ReplayRequest & { options: ReplayOptions }, hooks: RunHooks = {}): Promise<ReplayResult> {
    if (hooks.signal?.aborted) return Promise.reject(new CancelledError());
    const worker = this.thread();
    const id = this.nextId++;
    return new Promise<ReplayResult>((resolve, reject) => {
      const onAbort = () => this.stop(new CancelledError());
      hooks.signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => hooks.signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        resolve: (r) => { done(); resolve(r); },
        reject: (e) => { done(); reject(e); },
        onProgress: hooks.onProgress,
      });
      const msg: ToWorker = { type: 'run', id, request };
      worker.ref();
      worker.postMessage(msg);
    });
  }

  /** Ends the thread; pending runs are cancelled. */
  dispose(): void {
    this.stop(new CancelledError());
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.script);
    w.on('message', (m: FromWorker) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      if (m.type === 'progress') return p.onProgress?.(m.progress);
      this.pending.delete(m.id);
      // An idle worker must not keep a process alive.
      if (this.pending.size === 0) w.unref();
      if (m.type === 'result') p.resolve(m.result);
      else p.reject(deserializeError(m.error));
    });
    w.on('error', (err) => this.stop(err));
    w.on('exit', (code) => this.stop(new Error(`replay worker exited with code ${code}`), w));
    this.worker = w;
    return w;
  }

  /** Rejects every pending run with `err` and ends the thread (`which`: only if it is still the current one). */
  private stop(err: Error, which: Worker | null = this.worker): void {
    if (which !== this.worker || !this.worker) return;
    const w = this.worker;
    this.worker = null;
    void w.terminate();
    const runs = [...this.pending.values()];
    this.pending.clear();
    for (const p of runs) p.reject(err);
  }
}

/** One replay in a worker thread of its own, ended afterwards. */
export async function runReplayInWorker(
  workerScript: string,
  req: ReplayRequest & { options: ReplayOptions },
  opts: RunHooks = {},
): Promise<ReplayResult> {
  const w = new ReplayWorker(workerScript);
  try {
    return await w.run(req, opts);
  } finally {
    w.dispose();
  }
}
