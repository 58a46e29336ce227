// Chooses the capture: the explorer selection, else a quick pick of captures found in the workspace by sniffing
// their content, else an open dialog.
import * as vscode from 'vscode';
import { basename, dirname, extname } from 'node:path';
import type { SourceFormat } from '../core/capture/types';
import type { Session } from './session';

/** Names worth sniffing (captures are text files; kernel sources and build output are not). */
const LIKELY = '**/*{vmstat,trace,zoneinfo,meminfo,mm_stat,io_stat,kswapd,atrace,systrace,perf,.txt,.log,.out,.html,.dat}*';
const EXCLUDE = '**/{node_modules,.git,dist,out,.vscode-test}/**';
const MAX_FILES = 400;
const SOURCE_EXT = new Set(['.c', '.h', '.S', '.rs', '.ts', '.js', '.md']);

interface CaptureItem extends vscode.QuickPickItem {
  path?: string; // undefined: "Browse…" (or a separator)
  /** A capture folder's row: its files are listed on request (the item button). */
  folder?: string;
}

const SHOW_FILES: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('list-flat'), tooltip: 'Show the files in this capture' };

/** An explorer/editor argument that names a capture (a kernel source file from the editor title does not). */
export function captureFromArg(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg) return arg;
  if (arg instanceof vscode.Uri && arg.scheme === 'file' && !SOURCE_EXT.has(extname(arg.fsPath))) return arg.fsPath;
  return undefined;
}

async function sniff(uris: vscode.Uri[], onFound: (path: string, format: SourceFormat) => void): Promise<void> {
  const { detectFormat } = await import('../core/capture/detect');
  let next = 0;
  const worker = async () => {
    while (next < uris.length) {
      const uri = uris[next++];
      const format = await detectFormat(uri.fsPath).catch(() => null);
      if (format) onFound(uri.fsPath, format);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/**
 * One row per capture folder (a folder with several capture files; its files only when `expanded` has it), and a
 * row per lone capture file elsewhere; the last capture first.
 */
function items(found: Map<string, SourceFormat>, last: string | undefined, expanded: Set<string>): CaptureItem[] {
  const byDir = new Map<string, string[]>();
  for (const p of found.keys()) byDir.set(dirname(p), [...(byDir.get(dirname(p)) ?? []), p]);
  const folders: CaptureItem[] = [];
  const files: CaptureItem[] = [];
  const fileItem = (f: string): CaptureItem => ({ label: `$(file) ${basename(f)}`, description: `${found.get(f)} · ${vscode.workspace.asRelativePath(dirname(f))}`, path: f });
  for (const [dir, inDir] of [...byDir].sort()) {
    if (inDir.length === 1) {
      files.push(fileItem(inDir[0]));
      continue;
    }
    const formats = [...new Set(inDir.map((f) => found.get(f)!))].join(', ');
    folders.push({ label: `$(folder) ${vscode.workspace.asRelativePath(dir)}`, description: `${inDir.length} capture files: ${formats}`, path: dir, folder: dir, buttons: [SHOW_FILES] });
    if (expanded.has(dir)) folders.push(...inDir.sort().map((f) => ({ ...fileItem(f), label: `    $(file) ${basename(f)}` })));
  }
  const out = [...folders, ...files];
  const lastAt = out.findIndex((i) => i.path === last);
  if (lastAt > 0 && !out[lastAt].label.startsWith(' ')) out.unshift(...out.splice(lastAt, 1));
  return out;
}

async function browse(): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: true, canSelectFolders: true, canSelectMany: false, openLabel: 'Replay this capture',
    title: 'Reclaim Replay: choose a capture file or folder',
  });
  return picked?.[0]?.fsPath;
}

export async function pickCapture(session: Session, arg: unknown, purpose = 'choose a capture'): Promise<string | undefined> {
  const given = captureFromArg(arg);
  if (given) return given;
  if (!vscode.workspace.workspaceFolders?.length) return browse();

  const qp = vscode.window.createQuickPick<CaptureItem>();
  qp.title = `Reclaim Replay: ${purpose}`;
  qp.placeholder = 'Looking for captures in the workspace…';
  qp.busy = true;
  qp.matchOnDescription = true;
  const browseItem: CaptureItem = { label: '$(folder-opened) Browse…', description: 'choose a file or folder' };
  qp.items = [browseItem];
  const found = new Map<string, SourceFormat>();
  const expanded = new Set<string>();
  // "Browse…" first: it stays on screen however many captures the search finds.
  const refresh = () => { qp.items = [browseItem, ...items(found, session.lastCapture, expanded)]; };
  qp.onDidTriggerItemButton((e) => {
    const dir = e.item.folder;
    if (!dir) return;
    if (expanded.has(dir)) expanded.delete(dir);
    else expanded.add(dir);
    refresh();
  });
  const chosen = new Promise<CaptureItem | undefined>((done) => {
    qp.onDidAccept(() => done(qp.selectedItems[0]));
    qp.onDidHide(() => done(undefined));
  });
  qp.show();
  void (async () => {
    const uris = await vscode.workspace.findFiles(LIKELY, EXCLUDE, MAX_FILES);
    await sniff(uris, (p, f) => { found.set(p, f); refresh(); });
    qp.busy = false;
    qp.placeholder = found.size ? 'Pick a capture file or folder' : 'No captures found in the workspace: browse for one';
  })().catch((e: Error) => session.log.warn(`capture search failed: ${e.message}`));
  const item = await chosen;
  qp.dispose();
  if (!item) return undefined;
  return item.path ?? browse();
}
