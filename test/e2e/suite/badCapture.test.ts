import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { badCapture, hasProbe, lastResult, NO_PROMPT, probe, REPLAY_COMMAND, waitFor } from './env';

const webviewTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview).length;

describe('a capture that cannot be parsed', () => {
  it('shows an error notification naming file and line, and opens no panel', async function () {
    if (!hasProbe) this.skip(); // notifications are only visible to the UI probe
    const before = await lastResult();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('notifications.clearAll');
    const garbage = vscode.Uri.joinPath(badCapture(), 'garbage.vmstat');
    const outcome = await vscode.commands.executeCommand(REPLAY_COMMAND, garbage, NO_PROMPT);
    assert.equal(outcome, undefined, 'no result from a capture that does not parse');
    const toast = await waitFor('an error notification about garbage.vmstat', async () => {
      const texts = await probe<string[]>('notifications');
      return texts.find((t) => t.includes('garbage.vmstat'));
    });
    assert.match(toast, /garbage\.vmstat:1\b/, `the message names the file and line: ${toast}`);
    assert.match(toast, /not a capture file/);
    assert.equal(webviewTabs(), 0, 'a failed parse leaves no panel behind');
    assert.deepEqual(await lastResult(), before, 'the last good result stays');
    await vscode.commands.executeCommand('notifications.clearAll');
  });
});
