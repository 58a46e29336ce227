// The compare worker thread (bundled to dist/compareWorker.js): parses both captures and compares them, so the
// extension host never parses. Posts { result } or { error }.
import { parentPort } from 'node:worker_threads';
import { loadCapture } from '../capture/loadCapture';
import { serializeError } from '../replay/workerProtocol';
import { compareCaptures } from './compare';

const port = parentPort;
if (!port) throw new Error('compareWorker.ts must run in a worker thread');

port.once('message', (m: { before: string; after: string }) => {
  void (async () => {
    try {
      const [before, after] = await Promise.all([loadCapture(m.before), loadCapture(m.after)]);
      port.postMessage({ result: compareCaptures(before, after) });
    } catch (err) {
      port.postMessage({ error: serializeError(err) });
    }
  })();
});
