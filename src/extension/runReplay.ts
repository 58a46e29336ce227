// Runs one replay in a worker thread under a cancellable progress notification that names the stage. Cancel ends
// the worker; failures become a notification with the file:line message and a "Show log" action. One worker is kept
// per open capture (the last few), holding the parsed capture and its baselines, so a re-run with other kcompressd
// options runs only the kcompressd scenario.
import * as vscode from 'vscode';
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { ReplayOptions, ReplayResult } from '../core/replay/types';
import { ReplayWorker } from '../core/replay/runInWorker';
import { resolveOptions } from '../core/replay/options';
import type { Session } from './session';
import { warningText } from '../core/warnings';

/** Errors the user can fix (bad capture, bad option): shown without a stack. */
const USER_ERRORS = new Set(['CaptureError', 'OptionError']);
const isCancel = (e: unknown) => e instanceof Error && e.name === 'CancelledError';

export type ReplayOutcome = { ok: ReplayResult } | { cancelled: true } | { error: string };

/** Captures whose worker is kept: the one on screen and the one before. */
const KEPT_WORKERS = 2;
const workers = new WeakMap<Session, Map<string, ReplayWorker>>();

/** The capture's worker, most recently used last; older ones beyond KEPT_WORKERS are ended. */
function workerFor(session: Session, capture: string): ReplayWorker {
  let byCapture = workers.get(session);
  if (!byCapture) {
    const map = new Map<string, ReplayWorker>();
    byCapture = map;
    workers.set(session, map);
    session.context.subscriptions.push({ dispose: () => { for (const w of map.values()) w.dispose(); map.clear(); } });
  }
  const w = byCapture.get(capture) ?? new ReplayWorker(session.context.asAbsolutePath('dist/worker.js'));
  byCapture.delete(capture);
  byCapture.set(capture, w);
  for (const [path, old] of byCapture) {
    if (byCapture.size <= KEPT_WORKERS) break;
    old.dispose();
    byCapture.delete(path);
  }
  return w;
}

/** A profile given as a JSON path is read here; the model receives the object. */
async function loadProfile(profile: string): Promise<unknown> {
  if (!profile.endsWith('.json')) return undefined;
  const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
  const path = isAbsolute(profile) ? profile : resolve(base, profile);
  const text = await readFile(path, 'utf8').catch((e: Error) => { throw Object.assign(new Error(`${path}: ${e.message}`), { name: 'OptionError' }); });
  try {
    return JSON.parse(text);
  } catch (e) {
    throw Object.assign(new Error(`${path}: not valid JSON (${(e as Error).message})`), { name: 'OptionError' });
  }
}

/** `measuredAfter`: a capture made with kcompressd, compared with the prediction and drawn beside it. */
export async function runReplay(session: Session, capture: string, partial: Partial<ReplayOptions>, measuredAfter?: string): Promise<ReplayOutcome> {
  const log = session.log;
  const started = Date.now();
  try {
    const options = resolveOptions({ ...partial, series: true });
    const profile = await loadProfile(options.profile);
    log.info(`replay ${capture} ${JSON.stringify(options)}${measuredAfter ? `, measured with kcompressd: ${measuredAfter}` : ''}`);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Reclaim Replay', cancellable: true },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        let done = 0;
        return workerFor(session, capture).run({ capturePath: capture, options, profile, ...(measuredAfter ? { measuredAfterPath: measuredAfter } : {}) }, {
          signal: abort.signal,
          onProgress: (p) => {
            progress.report({ message: p.label, increment: Math.max(0, (p.fraction - done) * 100) });
            done = Math.max(done, p.fraction);
          },
        });
      },
    );
    log.info(`replay done in ${Date.now() - started} ms (model ${Math.round(result.elapsedMs)} ms, ${result.series?.t.length ?? 0} points)`);
    for (const w of result.warnings) log.warn(warningText(w));
    return { ok: result };
  } catch (e) {
    if (isCancel(e)) {
      log.info(`replay of ${capture} cancelled after ${Date.now() - started} ms`);
      return { cancelled: true };
    }
    const err = e instanceof Error ? e : new Error(String(e));
    const message = err.message;
    if (USER_ERRORS.has(err.name)) log.error(message);
    else log.error(err.stack ?? message);
    void vscode.window.showErrorMessage(`Reclaim Replay: ${message}`, 'Show log').then((a) => { if (a) log.show(); });
    return { error: message };
  }
}
