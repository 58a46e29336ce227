// Runs one replay in the worker thread under a cancellable progress notification. Cancel aborts the worker;
// failures become a notification with the file:line message and a "Show log" action.
import * as vscode from 'vscode';
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { ReplayOptions, ReplayResult } from '../core/replay/types';
import { runReplayInWorker } from '../core/replay/runInWorker';
import { resolveOptions } from '../core/replay/options';
import type { Session } from './session';

/** Errors the user can fix (bad capture, bad option): shown without a stack. */
const USER_ERRORS = new Set(['CaptureError', 'OptionError']);
const isCancel = (e: unknown) => e instanceof Error && e.name === 'CancelledError';

export type ReplayOutcome = { ok: ReplayResult } | { cancelled: true } | { error: string };

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

export async function runReplay(session: Session, capture: string, partial: Partial<ReplayOptions>): Promise<ReplayOutcome> {
  const log = session.log;
  const started = Date.now();
  try {
    const options = resolveOptions({ ...partial, series: true });
    const profile = await loadProfile(options.profile);
    log.info(`replay ${capture} ${JSON.stringify(options)}`);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Reclaim Replay', cancellable: true },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        let done = 0;
        return runReplayInWorker(session.context.asAbsolutePath('dist/worker.js'), { capturePath: capture, options, profile }, {
          signal: abort.signal,
          onProgress: (p) => {
            progress.report({ message: p.label, increment: Math.max(0, (p.fraction - done) * 100) });
            done = Math.max(done, p.fraction);
          },
        });
      },
    );
    log.info(`replay done in ${Date.now() - started} ms (model ${Math.round(result.elapsedMs)} ms, ${result.series?.t.length ?? 0} points)`);
    for (const w of result.warnings) log.warn(w);
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
