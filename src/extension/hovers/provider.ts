// Hovers on the patch's identifiers in kcompressd.c, page_io.c, zram_drv.c and vmscan.c, with the last replay's
// figures; files that merely share a name (none of the identifiers inside) stay quiet.
import * as vscode from 'vscode';
import { basename } from 'node:path';
import type { Session } from '../session';
import { HOVER_COMMANDS, hoverMarkdown, mentionsAny } from './content';
import { FILE_NAMES, identifiersFor, lookup } from './identifiers';

export const HOVER_SELECTOR: vscode.DocumentSelector = FILE_NAMES.map((f) => ({ pattern: `**/${f}` }));

const WORD = /[A-Za-z_][A-Za-z0-9_]*/;

export class KernelHoverProvider implements vscode.HoverProvider {
  /** Per document version: does it hold any of its file name's identifiers? */
  private readonly relevant = new Map<string, { version: number; yes: boolean }>();

  constructor(private readonly session: Session) {}

  private isRelevant(doc: vscode.TextDocument, file: string): boolean {
    const key = doc.uri.toString();
    const cached = this.relevant.get(key);
    if (cached?.version === doc.version) return cached.yes;
    const yes = mentionsAny(doc.getText(), identifiersFor(file).map((i) => i.name));
    this.relevant.set(key, { version: doc.version, yes });
    return yes;
  }

  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const file = basename(doc.fileName);
    const range = doc.getWordRangeAtPosition(pos, WORD);
    if (!range) return undefined;
    const id = lookup(doc.getText(range), file);
    if (!id || !this.isRelevant(doc, file)) return undefined;
    const md = new vscode.MarkdownString(hoverMarkdown(id, this.session.lastRun?.result));
    md.isTrusted = { enabledCommands: HOVER_COMMANDS };
    return new vscode.Hover(md, range);
  }
}
