import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fmt } from '../../../src/shared/headline';
import { hasProbe, kcompressdSource, lastResult, probe, waitFor, workspaceFile } from './env';

async function hoverText(uri: vscode.Uri, pos: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos)) ?? [];
  return hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
}

/** Position of the first whole-word `word` in the document. */
function find(doc: vscode.TextDocument, word: string): vscode.Position {
  const m = new RegExp(`\\b${word}\\b`).exec(doc.getText());
  assert.ok(m, `${word} is not in ${doc.uri.fsPath}`);
  return doc.positionAt(m.index + 1);
}

describe('hovers on kcompressd.c with a replay loaded', () => {
  let doc: vscode.TextDocument;

  before(async () => {
    assert.ok(await lastResult(), 'the replay tests run first and leave a result');
    doc = await vscode.workspace.openTextDocument(kcompressdSource());
  });

  it('schedule_bio_write shows the share of writes queued and the -EBUSY fallbacks', async () => {
    const r = (await lastResult())!;
    const text = await hoverText(doc.uri, find(doc, 'schedule_bio_write'));
    assert.ok(text.includes('schedule_bio_write'), text);
    for (const f of [r.kcompressd.queuedPct, r.kcompressd.fallbackSyncPct]) assert.ok(text.includes(`${fmt(f)} %`), `hover lacks ${fmt(f)} %:\n${text}`);
  });

  it('kcompressd shows per-worker busy % and µs per page', async () => {
    const r = (await lastResult())!;
    const text = await hoverText(doc.uri, find(doc, 'kcompressd'));
    for (const busy of r.kcompressd.workerBusyPct) assert.ok(text.includes(fmt(busy)), `hover lacks worker busy ${fmt(busy)}:\n${text}`);
    for (const us of r.kcompressd.workerUsPerPage) assert.ok(text.includes(fmt(us)), `hover lacks µs/page ${fmt(us)}:\n${text}`);
  });

  it('the hover widget on screen carries the same figures', async function () {
    if (!hasProbe) this.skip();
    const r = (await lastResult())!;
    const pos = find(doc, 'schedule_bio_write');
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
    editor.selection = new vscode.Selection(pos, pos);
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenter);
    const wanted = [r.kcompressd.queuedPct, r.kcompressd.fallbackSyncPct].map((f) => `${fmt(f)} %`);
    // A person would hover again if the first try caught the editor mid-scroll: poll with a deadline.
    let shown = '';
    await waitFor('the on-screen hover with the replay\'s figures', async () => {
      shown = await probe<string>('hover', { word: 'schedule_bio_write', screenshot: 'hover.png' }).catch((e: Error) => e.message);
      return wanted.every((w) => shown.includes(w)) ? shown : undefined;
    }, 45_000).catch(() => undefined);
    for (const w of wanted) assert.ok(shown.includes(w), `on-screen hover lacks ${w}:\n${shown}`);
  });

  it('stays quiet in a file that only shares the name', async () => {
    const other = workspaceFile('elsewhere', 'kcompressd.c');
    await vscode.workspace.fs.writeFile(other, Buffer.from('int kcompressd_unrelated(void)\n{\n\treturn 0;\n}\n'));
    try {
      const text = await hoverText(other, new vscode.Position(0, 6));
      assert.equal(text, '', `unexpected hover: ${text}`);
    } finally {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(other, '..'), { recursive: true });
    }
  });
});
