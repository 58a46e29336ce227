// A sweep worker thread (bundled to dist/sweepWorker.js): parses the capture once, then replays its share of the
// grid, posting each point as it finishes.
import { parentPort } from 'node:worker_threads';
import { loadCaptureCached } from '../capture/captureCache';
import { serializeError } from '../replay/workerProtocol';
import { sweepCapture } from './sweep';
import type { FromSweepWorker, ToSweepWorker } from './sweepProtocol';

const port = parentPort;
if (!port) throw new Error('sweepWorker.ts must run in a worker thread');
const post = (m: FromSweepWorker) => port.postMessage(m);

port.once('message', (m: ToSweepWorker) => {
  void (async () => {
    try {
      const { capture } = await loadCaptureCached(m.capturePath, { purpose: 'replay' });
      const { warnings } = await sweepCapture(capture, m.points.map((p) => p.options), {
        onPoint: (i, point) => post({ type: 'point', index: m.points[i].index, point }),
      });
      post({ type: 'done', warnings });
    } catch (err) {
      post({ type: 'error', error: serializeError(err) });
    }
  })();
});
