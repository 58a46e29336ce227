// The panel's what-if tools: a sweep over the last replay's capture (grid on worker threads, progress in a
// cancellable notification and in the panel) and the comparison of two captures (parsed in a worker). Both keep
// their last result for exports and for the test commands.
import * as vscode from 'vscode';
import { sweepGrid, type SweepAxes } from '../core/sweep/grid';
import { runSweep } from '../core/sweep/runSweep';
import { runCompare } from '../core/compare/runCompare';
import { withPrediction, type CompareResult } from '../core/compare/compare';
import type { ReplayOptions } from '../core/replay/types';
import type { SweepView } from '../shared/protocol';
import { ReplayPanel } from './panel';
import type { Session } from './session';
import { counted, warningText } from '../core/warnings';

const isCancel = (e: unknown) => e instanceof Error && e.name === 'CancelledError';

let sweepAbort: AbortController | undefined;
export let lastSweep: SweepView | undefined;
export let lastCompare: CompareResult | undefined;

/** The options a sweep keeps from the last replay: everything its axes do not vary. */
function sweepBase(o: ReplayOptions): Partial<ReplayOptions> {
  const { variant, pressure, seed, profile, cpus, algorithm, compressShare } = o;
  return { variant, pressure, seed, profile, cpus, algorithm, compressShare };
}

/** Runs the grid over the last replay's capture; the panel gets progress and then the points (or an error). */
export async function sweepFromPanel(session: Session, axes: SweepAxes): Promise<SweepView | undefined> {
  const panel = ReplayPanel.current;
  const last = session.lastRun?.result;
  if (!last) {
    panel?.post({ type: 'error', message: 'Replay a capture first: a sweep varies the options of the last replay.' });
    return undefined;
  }
  sweepAbort?.abort();
  const abort = new AbortController();
  sweepAbort = abort;
  try {
    const grid = sweepGrid(axes, sweepBase(last.options));
    session.log.info(`sweep ${last.capture}: ${counted(grid.length, 'point')} ${JSON.stringify(axes)}`);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Reclaim Replay sweep', cancellable: true },
      (progress, token) => {
        token.onCancellationRequested(() => abort.abort());
        return runSweep(session.context.asAbsolutePath('dist/sweepWorker.js'), last.capture, grid, {
          signal: abort.signal,
          onProgress: (done, total) => {
            progress.report({ message: `${done} of ${counted(total, 'point')}`, increment: 100 / total });
            panel?.post({ type: 'sweepProgress', done, total });
          },
        });
      },
    );
    session.log.info(`sweep done: ${counted(result.points.length, 'point')} on ${counted(result.threads, 'thread')} in ${result.elapsedMs} ms`);
    for (const w of result.warnings) session.log.warn(warningText(w));
    lastSweep = { capture: result.capture, points: result.points, elapsedMs: result.elapsedMs, threads: result.threads };
    ReplayPanel.current?.post({ type: 'sweep', sweep: lastSweep });
    return lastSweep;
  } catch (e) {
    const message = isCancel(e) ? 'Sweep cancelled.' : `Sweep failed: ${(e as Error).message}`;
    session.log.info(message);
    ReplayPanel.current?.post({ type: 'error', message });
    return undefined;
  } finally {
    if (sweepAbort === abort) sweepAbort = undefined;
  }
}

export function cancelSweep(): void {
  sweepAbort?.abort();
}

/**
 * Compares `other` (picked when not given) as AFTER with the capture on screen as BEFORE; when the panel shows a
 * replay of BEFORE, its kcompressd figures go beside the measured AFTER.
 */
export async function compareWith(session: Session, other: string | undefined): Promise<CompareResult | undefined> {
  const last = session.lastRun?.result;
  if (!last) {
    ReplayPanel.current?.post({ type: 'error', message: 'Replay a capture first: it is the "before" of the comparison.' });
    return undefined;
  }
  const { pickCapture } = await import('./capturePick');
  const after = other ?? await pickCapture(session, undefined, `compare with ${vscode.workspace.asRelativePath(last.capture)}`);
  if (!after) return undefined;
  try {
    const compared = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Reclaim Replay: comparing captures', cancellable: true },
      (_p, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return runCompare(session.context.asAbsolutePath('dist/compareWorker.js'), last.capture, after, abort.signal);
      },
    );
    lastCompare = withPrediction(compared, last);
    ReplayPanel.current?.post({ type: 'compare', compare: lastCompare });
    return lastCompare;
  } catch (e) {
    if (!isCancel(e)) ReplayPanel.current?.post({ type: 'error', message: `Compare failed: ${(e as Error).message}` });
    return undefined;
  }
}
