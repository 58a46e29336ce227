// The replay worker (bundled to dist/worker.js): loads the capture, replays it, posts progress and the result;
// a cancel message aborts the work between steps.
import { parentPort } from 'node:worker_threads';
import { loadCaptureCached } from '../capture/captureCache';
import { resolveOptions } from './options';
import { replay } from './replay';
import { serializeError } from './workerProtocol';
import type { FromWorker, ToWorker } from './workerProtocol';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
const controller = new AbortController();
const post = (m: FromWorker) => port.postMessage(m);

port.on('message', (m: ToWorker) => {
  if (m.type === 'cancel') {
    controller.abort();
    return;
  }
  void (async () => {
    try {
      const { request } = m;
      const options = resolveOptions(request.options);
      const signal = controller.signal;
      const { capture } = await loadCaptureCached(request.capturePath, {
        signal,
        purpose: 'replay',
        cacheDir: request.cacheDir,
        onProgress: (p) => post({ type: 'progress', progress: { fraction: p.fraction * 0.3, label: `reading: ${p.label}` } }),
      });
      const result = await replay(capture, options, {
        signal,
        profile: request.profile,
        validateProfile: request.validateProfile,
        onProgress: (p) => post({ type: 'progress', progress: { fraction: 0.3 + p.fraction * 0.7, label: p.label } }),
      });
      post({ type: 'result', result });
    } catch (err) {
      post({ type: 'error', error: serializeError(err) });
    }
  })();
});
