// What the commands do: pick a capture and options, replay in the worker, then show the kernel source and the
// graphs side by side; re-runs from the panel or from hover links; exports; restoring the panel after a reload.
import * as vscode from 'vscode';
import { homedir } from 'node:os';
import { basename } from 'node:path';
import { sweepToCsv } from '../shared/sweepExport';
import type { ReplayOptions } from '../core/replay/types';
import { isPanelState, isRerunOptions, type ExportRequest, type RerunOptions } from '../shared/protocol';
import { seriesToCsv, seriesToJson } from '../shared/seriesExport';
import { pickCapture } from './capturePick';
import { optionsFromConfig, readConfig } from './config';
import { merge, rerunPart } from './optionLayers';
import { kernelSource } from './kernelSource';
import { pickOptions } from './optionsPick';
import { ReplayPanel, type PanelHandlers } from './panel';
import { runReplay } from './runReplay';
import type { Session } from './session';
import { resultSummary } from './summary';

/** Optional second argument of `reclaimReplay.replayTrace` (tests, other extensions): skip the option prompts;
 *  `measuredAfter`: a capture made with kcompressd, compared with the prediction and drawn as a fourth curve. */
export interface ReplayCommandArgs {
  options?: RerunOptions;
  prompt?: boolean;
  measuredAfter?: string;
}

const isArgs = (v: unknown): v is ReplayCommandArgs =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof vscode.Uri) &&
  (!('options' in v) || isRerunOptions((v as ReplayCommandArgs).options)) &&
  (!('measuredAfter' in v) || (typeof (v as ReplayCommandArgs).measuredAfter === 'string' && (v as ReplayCommandArgs).measuredAfter !== ''));

/** Deprecation notes already shown as a notification this session (the log gets them on every read). */
const shownDeprecations = new Set<string>();

function configured(session: Session): Partial<ReplayOptions> {
  const c = vscode.workspace.getConfiguration('reclaimReplay');
  const setByUser = (k: string) => { const i = c.inspect(k); return [i?.globalValue, i?.workspaceValue, i?.workspaceFolderValue].some((v) => v !== undefined); };
  const { config, problems, deprecated } = readConfig((k) => c.get(k), setByUser);
  for (const p of [...problems, ...deprecated]) session.log.warn(p);
  for (const d of deprecated.filter((n) => !shownDeprecations.has(n))) {
    shownDeprecations.add(d);
    void vscode.window.showWarningMessage(`Reclaim Replay: ${d}.`);
  }
  return optionsFromConfig(config);
}

function handlers(session: Session): PanelHandlers {
  return {
    rerun: (o) => void rerunWith(session, o),
    export: (r) => void exportFile(session, r),
    sweep: (axes) => void import('./whatIf').then((w) => w.sweepFromPanel(session, axes)),
    cancelSweep: () => void import('./whatIf').then((w) => w.cancelSweep()),
    compareWith: () => void import('./whatIf').then((w) => w.compareWith(session, undefined)),
    openCapture: () => void replayTrace(session),
  };
}

async function runAndShow(session: Session, capture: string, options: Partial<ReplayOptions>, showSource: boolean, measuredAfter?: string) {
  const panel = ReplayPanel.current;
  panel?.post({ type: 'busy', label: `Replaying ${capture}…` });
  const outcome = await runReplay(session, capture, options, measuredAfter);
  if ('cancelled' in outcome) {
    panel?.post({ type: 'error', message: 'Replay cancelled; the graphs show the previous result.' });
    return undefined;
  }
  if ('error' in outcome) {
    panel?.post({ type: 'error', message: outcome.error, replacesResult: session.lastRun?.result.capture !== capture });
    return undefined;
  }
  const source = showSource || !session.lastRun ? await kernelSource(showSource) : session.lastRun.source;
  const run = { result: outcome.ok, source };
  session.setResult(run);
  const target = ReplayPanel.current ?? ReplayPanel.create(session, source.kind === 'shown' ? vscode.ViewColumn.Two : vscode.ViewColumn.One, handlers(session));
  target.showResult(run);
  if (showSource) target.reveal();
  return resultSummary(run.result, run.source);
}

/** `reclaimReplay.replayTrace`: (explorer Uri | path | nothing, [Uri[] from a multi-selection | ReplayCommandArgs]). */
export async function replayTrace(session: Session, target?: unknown, extra?: unknown) {
  const args: ReplayCommandArgs = isArgs(extra) ? extra : {};
  const capture = await pickCapture(session, target);
  if (!capture) return undefined;
  const start: RerunOptions = { ...rerunPart(configured(session)), ...session.lastOptions, ...args.options };
  const chosen = args.prompt === false ? start : await pickOptions(start);
  if (!chosen) return undefined;
  await session.remember(capture, chosen);
  return runAndShow(session, capture, merge(configured(session), chosen), true, args.measuredAfter);
}

/** `reclaimReplay.replayWithMeasuredAfter`: the baseline capture, then one measured with kcompressd (a lab pair's). */
export async function replayWithMeasuredAfter(session: Session, target?: unknown) {
  const capture = await pickCapture(session, target, "choose the baseline capture (today's kernel)");
  if (!capture) return undefined;
  const after = await pickCapture(session, undefined, 'choose the capture measured with kcompressd');
  if (!after) return undefined;
  return replayTrace(session, capture, { measuredAfter: after });
}

/** `reclaimReplay.rerunWith`: the last capture again with some options changed (panel controls, hover links). */
export async function rerunWith(session: Session, change: unknown) {
  if (!isRerunOptions(change)) {
    session.log.warn(`rerunWith: ignored invalid options ${JSON.stringify(change)}`);
    return undefined;
  }
  const last = session.lastRun?.result;
  if (!last) return replayTrace(session, session.lastCapture, { options: change });
  const base: Partial<ReplayOptions> = { ...last.options };
  // Other kcompressd options against the same measured capture: it stays on the charts.
  return runAndShow(session, last.capture, merge(base, change), false, last.measuredAfterCapture);
}

export async function showResults(session: Session) {
  if (ReplayPanel.current) return ReplayPanel.current.reveal();
  const run = session.lastRun;
  if (!run) return void replayTrace(session);
  const panel = ReplayPanel.create(session, run.source.kind === 'shown' ? vscode.ViewColumn.Two : vscode.ViewColumn.One, handlers(session));
  panel.showResult(run);
}

/** The serializer's restore: the page kept only capture + options (typed arrays do not survive setState). */
export async function restorePanel(session: Session, webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
  const panel = new ReplayPanel(session, webviewPanel, handlers(session));
  if (session.lastRun) return panel.showResult(session.lastRun);
  if (!isPanelState(state)) {
    session.log.warn('restored a Reclaim Replay panel without a valid state');
    panel.post({ type: 'error', message: 'Nothing to show yet: run "Reclaim Replay: Replay Reclaim Trace".' });
    return;
  }
  await runAndShow(session, state.capture, state.options, false);
}

const FILTERS: Record<ExportRequest['format'], Record<string, string[]>> = { png: { 'PNG image': ['png'] }, csv: { CSV: ['csv'] }, json: { JSON: ['json'] }, 'sweep-csv': { CSV: ['csv'] } };

/** `reclaim-replay-demo-pgsteal-20261129-130512.png`: the capture, what it holds and when, so exports never overwrite. */
export function exportName(capture: string, what: string, ext: string, now = new Date()): string {
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  const name = basename(capture).replace(/[^\w.-]+/g, '_') || 'capture';
  return `reclaim-replay-${name}-${what}-${stamp}.${ext}`;
}

async function exportFile(session: Session, req: ExportRequest): Promise<void> {
  const run = session.lastRun;
  if (!run) return;
  let bytes: Uint8Array;
  let name: string;
  try {
    const capture = run.result.capture;
    if (req.format === 'png') {
      bytes = Buffer.from(req.dataUrl.slice('data:image/png;base64,'.length), 'base64');
      name = exportName(capture, req.chart, 'png');
    } else if (req.format === 'sweep-csv') {
      const { lastSweep } = await import('./whatIf');
      if (!lastSweep) throw new Error('no sweep to export yet');
      bytes = Buffer.from(sweepToCsv(lastSweep, `Reclaim Replay sweep of ${lastSweep.capture}`), 'utf8');
      name = exportName(lastSweep.capture, 'sweep', 'csv');
    } else {
      bytes = Buffer.from(req.format === 'csv' ? seriesToCsv(run.result) : seriesToJson(run.result), 'utf8');
      name = exportName(capture, 'series', req.format);
    }
  } catch (e) {
    ReplayPanel.current?.post({ type: 'error', message: (e as Error).message });
    return;
  }
  const dir = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir());
  const uri = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(dir, name), filters: FILTERS[req.format], title: 'Reclaim Replay: save' });
  if (!uri) return;
  await vscode.workspace.fs.writeFile(uri, bytes);
  session.log.info(`saved ${uri.fsPath} (${bytes.length} bytes)`);
  ReplayPanel.current?.post({ type: 'saved', path: uri.fsPath });
}
