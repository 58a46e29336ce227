// Runs a sweep's grid on worker threads: points that share a baseline go to the same thread (one baseline run
// each), the grid is split into one contiguous share per thread, each thread parses the capture once. Cancel
// terminates the threads.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { CancelledError } from '../errors';
import type { ReplayOptions } from '../replay/types';
import { deserializeError } from '../replay/workerProtocol';
import { baselineKey } from './grid';
import type { SweepPoint } from './point';
import type { FromSweepWorker, ToSweepWorker } from './sweepProtocol';
import { warningText, type Warning } from '../warnings';

export interface SweepResult {
  capture: string;
  /** One per grid point, in grid order. */
  points: SweepPoint[];
  warnings: Warning[];
  /** Wall time of the whole sweep, ms. */
  elapsedMs: number;
  threads: number;
}

export interface RunSweepOptions {
  signal?: AbortSignal;
  /** Points finished so far, of the grid's total. */
  onProgress?: (done: number, total: number, point: SweepPoint, index: number) => void;
  /** Worker threads (default: the machine's parallelism, at most one per point). */
  threads?: number;
}

/** Grid indices in shares of consecutive points with the same baseline, one share per thread. */
export function shares(points: ReplayOptions[], threads: number): number[][] {
  const order = points.map((p, i) => ({ i, k: baselineKey(p) })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i)).map((x) => x.i);
  const n = Math.max(1, Math.min(threads, points.length));
  const size = Math.ceil(order.length / n);
  return Array.from({ length: n }, (_, t) => order.slice(t * size, (t + 1) * size)).filter((s) => s.length > 0);
}

export function runSweep(workerScript: string, capturePath: string, points: ReplayOptions[], opts: RunSweepOptions = {}): Promise<SweepResult> {
  const started = performance.now();
  const parts = shares(points, opts.threads ?? availableParallelism());
  const results: (SweepPoint | undefined)[] = new Array(points.length);
  // Each worker sends the warnings of its first replay: the same ones, kept once (by their text).
  const warnings = new Map<string, Warning>();
  const workers: Worker[] = [];
  let done = 0;
  return new Promise<SweepResult>((resolve, reject) => {
    let settled = false;
    let running = parts.length;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      for (const w of workers) void w.terminate();
      fn();
    };
    const onAbort = () => finish(() => reject(new CancelledError()));
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    for (const share of parts) {
      const w = new Worker(workerScript);
      workers.push(w);
      w.on('message', (m: FromSweepWorker) => {
        if (m.type === 'point') {
          results[m.index] = m.point;
          opts.onProgress?.(++done, points.length, m.point, m.index);
        } else if (m.type === 'done') {
          for (const x of m.warnings) warnings.set(`${x.code} ${warningText(x)}`, x);
          if (--running === 0) {
            finish(() => resolve({ capture: capturePath, points: results as SweepPoint[], warnings: [...warnings.values()],
              elapsedMs: Math.round(performance.now() - started), threads: parts.length }));
          }
        } else finish(() => reject(deserializeError(m.error)));
      });
      w.on('error', (err) => finish(() => reject(err)));
      w.on('exit', (code) => { if (code !== 0) finish(() => reject(new Error(`sweep worker exited with code ${code}`))); });
      const msg: ToSweepWorker = { capturePath, points: share.map((index) => ({ index, options: points[index] })) };
      w.postMessage(msg);
    }
  });
}
