// compareCaptures() on a worker thread (dist/compareWorker.js); cancel terminates it.
import { Worker } from 'node:worker_threads';
import { CancelledError } from '../errors';
import { deserializeError, type SerializedError } from '../replay/workerProtocol';
import type { CompareResult } from './compare';

export function runCompare(workerScript: string, before: string, after: string, signal?: AbortSignal): Promise<CompareResult> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError());
    const w = new Worker(workerScript);
    const done = (fn: () => void) => {
      signal?.removeEventListener('abort', onAbort);
      void w.terminate();
      fn();
    };
    const onAbort = () => done(() => reject(new CancelledError()));
    signal?.addEventListener('abort', onAbort, { once: true });
    w.once('message', (m: { result?: CompareResult; error?: SerializedError }) => done(() => (m.error ? reject(deserializeError(m.error)) : resolve(m.result!))));
    w.once('error', (e) => done(() => reject(e)));
    w.postMessage({ before, after });
  });
}
