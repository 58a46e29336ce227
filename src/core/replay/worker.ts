// The replay worker (bundled to dist/worker.js): loads the capture, replays it, posts progress and the result. It
// stays alive between runs and keeps the last capture it loaded (while its files are unchanged) and that capture's
// baselines, so a re-run that changes only kcompressd's options runs the kcompressd scenario alone; the baselines are
// also kept on disk beside the capture cache (baselineStore.ts), so the next process's replay of it does the same.
import { parentPort } from 'node:worker_threads';
import { bundleVersion, captureKey, defaultCacheDir, loadCaptureCached } from '../capture/captureCache';
import type { Capture } from '../capture/types';
import { attachMeasuredAfter } from '../lab/measuredAfter';
import { keepCorporaIn } from '../model/corpusForCapture';
import { resolveOptions } from './options';
import { newReplayCache, replay, type ReplayCache } from './replay';
import type { Progress } from './types';
import { readBaselines, writeBaselines } from './baselineStore';
import { serializeError } from './workerProtocol';
import type { FromWorker, ReplayRequest, ToWorker } from './workerProtocol';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
const post = (m: FromWorker) => port.postMessage(m);
/** Baselines (and profiles, plans) kept per capture (distinct CPU counts, pressures…). */
const MAX_BASELINES = 4;
/** What a replay cache holds, to tell whether a run added to it. */
const keysOf = (c: ReplayCache) => [c.baselines, c.profiles, c.plans].map((m) => [...m.keys()].join('\n')).join('\n\n');

let held: { path: string; key: string; capture: Capture; cache: ReplayCache } | null = null;

const cacheDirOf = (request: ReplayRequest) => (request.cacheDir === undefined ? defaultCacheDir() : request.cacheDir);
/** Where the baselines are kept: with the capture cache, when the code is one bundle (its hash in the capture's key
 *  then covers the model; TypeScript sources under a loader keep none). */
const baselineDirOf = (request: ReplayRequest) => (bundleVersion() === null ? null : cacheDirOf(request));

async function captureFor(request: ReplayRequest, progress: (fraction: number, label: string) => void) {
  const key = await captureKey(request.capturePath, 'replay');
  if (held && key !== null && held.path === request.capturePath && held.key === key) {
    progress(1, 'capture kept from the last run');
    return held;
  }
  held = null;
  const { capture } = await loadCaptureCached(request.capturePath, {
    purpose: 'replay',
    cacheDir: request.cacheDir,
    onProgress: (p) => progress(p.fraction, p.label),
  });
  const dir = baselineDirOf(request);
  const cache = key !== null && dir !== null ? readBaselines(dir, key) : newReplayCache();
  if (key !== null) held = { path: request.capturePath, key, capture, cache };
  return held ?? { capture, cache };
}

/** A stage's progress is posted at most every PROGRESS_MS of wall time (its first report always): each message
 *  costs both threads a wake-up, and a replay reports every simulated second of each scenario. */
const PROGRESS_MS = 50;
let lastProgress = { at: -Infinity, label: '' };
function postProgress(id: number, progress: Progress): void {
  const now = performance.now();
  if (progress.label === lastProgress.label && now - lastProgress.at < PROGRESS_MS) return;
  lastProgress = { at: now, label: progress.label };
  post({ type: 'progress', id, progress });
}

// Runs one after another: a run's messages never interleave with the next one's.
let queue = Promise.resolve();
port.on('message', (m: ToWorker) => {
  queue = queue.then(async () => {
    const { id, request } = m;
    try {
      const options = resolveOptions(request.options);
      // The page corpus's sizes go where the capture cache is (and nowhere when it is off).
      keepCorporaIn({ dir: cacheDirOf(request), codeKey: bundleVersion() });
      const { capture, cache } = await captureFor(request, (f, label) =>
        postProgress(id, { fraction: f * 0.3, label: `reading: ${label}` }));
      const stored = keysOf(cache);
      const result = await replay(capture, options, {
        profile: request.profile,
        validateProfile: request.validateProfile,
        cache,
        onProgress: (p) => postProgress(id, { fraction: 0.3 + p.fraction * 0.7, label: p.label }),
      });
      for (const kept of [cache.baselines, cache.profiles, cache.plans]) while (kept.size > MAX_BASELINES) kept.delete(kept.keys().next().value!);
      const store = baselineDirOf(request);
      if (store !== null && held?.cache === cache && keysOf(cache) !== stored) writeBaselines(store, held.key, cache);
      if (request.measuredAfterPath !== undefined) {
        postProgress(id, { fraction: 1, label: 'reading the capture measured with kcompressd' });
        attachMeasuredAfter(result, (await loadCaptureCached(request.measuredAfterPath, { purpose: 'replay', cacheDir: request.cacheDir })).capture, capture);
      }
      post({ type: 'result', id, result });
    } catch (err) {
      post({ type: 'error', id, error: serializeError(err) });
    }
  });
});
