// Optional inline hints (setting reclaimReplay.inlineHints, off by default): after the first line that names each
// identifier, a one-line figure from the last replay.
import * as vscode from 'vscode';
import { basename } from 'node:path';
import type { Session } from '../session';
import { firstCodeMention, inlineHint } from './content';
import { identifiersFor } from './identifiers';

export class InlineHints implements vscode.Disposable {
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic', margin: '0 0 0 2em' },
  });
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly session: Session) {
    this.disposables.push(
      session.onDidChangeResult(() => this.refresh()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.refresh()),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('reclaimReplay.inlineHints')) this.refresh(); }),
    );
    this.refresh();
  }

  private refresh(): void {
    const enabled = vscode.workspace.getConfiguration('reclaimReplay').get<boolean>('inlineHints') === true;
    const result = this.session.lastRun?.result;
    for (const editor of vscode.window.visibleTextEditors) {
      const ids = identifiersFor(basename(editor.document.fileName));
      if (!enabled || !result || ids.length === 0) {
        editor.setDecorations(this.decoration, []);
        continue;
      }
      const text = editor.document.getText();
      const options: vscode.DecorationOptions[] = [];
      for (const id of ids) {
        const at = firstCodeMention(text, id.name);
        const hint = inlineHint(id, result);
        if (at === undefined || !hint) continue;
        const line = editor.document.positionAt(at).line;
        const end = editor.document.lineAt(line).range.end;
        options.push({ range: new vscode.Range(end, end), renderOptions: { after: { contentText: `${id.name}: ${hint}` } } });
      }
      editor.setDecorations(this.decoration, options);
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.decoration.dispose();
  }
}
