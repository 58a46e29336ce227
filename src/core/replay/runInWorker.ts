// Runs a replay in a worker thread: progress callbacks, cancellation (the worker is terminated) and the core's
// errors rethrown with their messages.
import { Worker } from 'node:worker_threads';
import { CancelledError } from '../errors';
import type { Progress, ReplayOptions, ReplayResult } from './types';
import { deserializeError } from './workerProtocol';
import type { FromWorker, ReplayRequest, ToWorker } from './workerProtocol';

export function runReplayInWorker(
  workerScript: string,
  req: ReplayRequest & { options: ReplayOptions },
  opts: { signal?: AbortSignal; onProgress?: (p: Progress) => void } = {},
): Promise<ReplayResult> {
  return new Promise<ReplayResult>((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new CancelledError());
      return;
    }
    const worker = new Worker(workerScript);
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      fn();
    };
    const onAbort = () => finish(() => reject(new CancelledError()));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'progress') opts.onProgress?.(m.progress);
      else if (m.type === 'result') finish(() => resolve(m.result));
      else finish(() => reject(deserializeError(m.error)));
    });
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) => finish(() => reject(new Error(`replay worker exited with code ${code}`))));
    const msg: ToWorker = { type: 'run', request: req };
    worker.postMessage(msg);
  });
}
