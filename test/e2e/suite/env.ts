// What the specs share: the extension under test, the fixture workspace made by test/e2e/run.mjs, polling, the
// commands the extension exposes for tests, and the runner's UI probe.
import { readFileSync } from 'node:fs';
import { format } from 'node:util';
import { gunzipSync } from 'node:zlib';
import * as vscode from 'vscode';
import type { WebviewStatus } from '../../../src/extension/session';
import type { resultSummary } from '../../../src/extension/summary';

export const EXTENSION_ID = 'reclaim-replay.reclaim-replay';
export const REPLAY_COMMAND = 'reclaimReplay.replayTrace';
/** Second argument of the replay command that skips the option prompts (see src/extension/flow.ts). */
export const NO_PROMPT = { prompt: false };

function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder: the runner opens the fixture workspace');
  return folder.uri;
}
export const workspaceFile = (...segments: string[]): vscode.Uri => vscode.Uri.joinPath(workspaceRoot(), ...segments);
export const demoCapture = (): vscode.Uri => workspaceFile('captures', 'demo');
export const badCapture = (): vscode.Uri => workspaceFile('captures', 'bad');
/** The demo's /proc/vmstat and meminfo series alone: a second, smaller capture to compare with. */
export const vmstatOnlyCapture = (): vscode.Uri => workspaceFile('captures', 'demo-vmstat');

/** What `probe('canvases')` returns (see readCanvases in ui.mjs). */
export interface CanvasReport {
  canvases: { id: string; lines: unknown; cells: string | null; colours: { rgb: [number, number, number]; n: number }[] }[];
  background: string;
  className: string;
}
export const kcompressdSource = (): vscode.Uri => workspaceFile('linux', 'drivers', 'block', 'zram', 'kcompressd.c');

/** Polls `check` until it returns a value other than undefined; fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export type ResultSummary = ReturnType<typeof resultSummary>;

/** The last replay's summary (figures and headline, no series), or undefined before the first one. */
export async function lastResult(): Promise<ResultSummary | undefined> {
  return vscode.commands.executeCommand<ResultSummary | undefined>('reclaimReplay.lastResult');
}

/** The last status the webview posted. */
export const webviewState = (): Thenable<WebviewStatus | undefined> => vscode.commands.executeCommand<WebviewStatus | undefined>('reclaimReplay.webviewState');

/** Set by test/e2e/run.mjs (code-server); absent in a desktop VS Code, where the UI-only tests skip. */
export const hasProbe = Boolean(process.env.RECLAIM_E2E_PROBE);

/** Asks test/e2e/run.mjs to look at the UI (see probe.mjs for the routes). */
export async function probe<T>(route: 'palette' | 'webview' | 'chartReadouts' | 'hover' | 'runtimeExtension' | 'notifications' | 'notificationButton'
  | 'webviewAct' | 'canvases', body: object = {}): Promise<T> {
  const base = process.env.RECLAIM_E2E_PROBE;
  if (!base) throw new Error('RECLAIM_E2E_PROBE is not set: run the suite through npm run test:e2e');
  const res = await fetch(`${base}/${route}`, { method: 'POST', body: JSON.stringify(body) });
  const out = (await res.json()) as { ok: boolean; value?: T; error?: string };
  if (!out.ok) throw new Error(`UI probe ${route}: ${out.error}`);
  return out.value as T;
}

/**
 * Output for the runner's stdout. Under code-server the workbench relays the extension host's console mixed with
 * its own log, so the suite's lines carry a prefix the runner keeps (and strips); see relayHostLog in run.mjs.
 */
const linePrefix = hasProbe ? 'e2e| ' : '';
export function say(...args: unknown[]): void {
  for (const line of format(...args).split('\n')) console.log(linePrefix + line);
}

/** Prints a measured figure in a form the runner's log and the report can grep (`timing: name value unit`). */
export function report(name: string, value: number, unit: string): void {
  say(`      timing: ${name} ${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`);
}

/** A capture folder's /proc/vmstat snapshots (`# t_mono=` headers, `key value` lines), parsed here on their own. */
export function captureVmstat(dir: vscode.Uri): { t: number[]; col: Record<string, number[]> } {
  const text = gunzipSync(readFileSync(dir.fsPath + '/vmstat_snapshots.txt.gz')).toString('utf8');
  const t: number[] = [];
  const col: Record<string, number[]> = { nr_free_pages: [], pgsteal_anon: [] };
  for (const line of text.split('\n')) {
    const m = /^# t_mono=([\d.]+)/.exec(line);
    if (m) { t.push(Number(m[1])); continue; }
    const [k, v] = line.split(' ');
    if (k in col) col[k][t.length - 1] = Number(v);
  }
  return { t, col };
}

/** Linear interpolation of (t, v) at x. */
export function interpolate(t: number[], v: number[], x: number): number {
  let i = 1;
  while (i < t.length - 1 && t[i] < x) i++;
  return v[i - 1] + ((v[i] - v[i - 1]) * (x - t[i - 1])) / (t[i] - t[i - 1]);
}
