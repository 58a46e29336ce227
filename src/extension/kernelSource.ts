// Finds the kernel source to show beside the graphs: kcompressd.c first, else the files the patch touches.
import * as vscode from 'vscode';
import type { SourceInfo } from '../shared/protocol';

/** In order of preference; the first one is also what we name when the workspace has no kernel tree. */
const CANDIDATES = ['**/drivers/block/zram/kcompressd.c', '**/kcompressd.c', '**/mm/page_io.c', '**/mm/vmscan.c', '**/drivers/block/zram/zram_drv.c'];
export const WANTED = 'drivers/block/zram/kcompressd.c (or mm/page_io.c, mm/vmscan.c, drivers/block/zram/zram_drv.c)';

export async function findKernelSource(): Promise<vscode.Uri | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) return undefined;
  for (const glob of CANDIDATES) {
    const [uri] = await vscode.workspace.findFiles(glob, '**/{node_modules,.git}/**', 1);
    if (uri) return uri;
  }
  return undefined;
}

/** Finds the source and (with `open`) shows it in the first column without taking focus; names the file it
 *  would show when the workspace has none. */
export async function kernelSource(open: boolean): Promise<SourceInfo> {
  const uri = await findKernelSource();
  if (!uri) return { kind: 'missing', wanted: WANTED };
  if (open) await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, preserveFocus: true, preview: false });
  return { kind: 'shown', path: vscode.workspace.asRelativePath(uri) };
}
