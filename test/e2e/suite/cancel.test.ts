import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { demoCapture, hasProbe, lastResult, NO_PROMPT, probe, REPLAY_COMMAND, report, waitFor } from './env';

/** How long a person would wait for Cancel to take effect before calling it broken (not a budget: see the bench). */
const CANCEL_DEADLINE_MS = 30_000;
/** Options that make the demo replay long enough to be cancelled by hand. */
const SLOW = { pressure: 'saturate', kcompressd: 1 };
/** The title of the replay's progress notification (src/extension/runReplay.ts); its message changes as it runs. */
const PROGRESS_TITLE = 'Reclaim Replay';

describe('cancelling a replay', () => {
  it("the progress notification's Cancel stops the replay and keeps the last result", async function () {
    if (!hasProbe) this.skip(); // the Cancel button is only reachable through the UI probe
    const before = await lastResult();
    await vscode.commands.executeCommand('notifications.clearAll');
    const run = Promise.resolve(vscode.commands.executeCommand<unknown>(REPLAY_COMMAND, demoCapture(), { ...NO_PROMPT, options: SLOW }));
    let settled = false;
    void run.finally(() => { settled = true; });
    await waitFor('the replay progress notification', async () => {
      if (settled) throw new Error('the replay finished before it could be cancelled');
      return (await probe<string[]>('notifications')).find((t) => t.includes(PROGRESS_TITLE) && t.includes('Cancel'));
    }, 20_000);
    const t0 = Date.now();
    await probe('notificationButton', { text: PROGRESS_TITLE, label: 'Cancel' });
    const outcome = await Promise.race([run, new Promise((r) => setTimeout(() => r('still running'), CANCEL_DEADLINE_MS))]);
    const ms = Date.now() - t0;
    report('cancel → replay stopped', ms, 'ms');
    assert.notEqual(outcome, 'still running');
    assert.equal(outcome, undefined, 'a cancelled replay returns no summary');
    assert.deepEqual(await lastResult(), before, 'a cancelled replay leaves the last result as it was');
  });
});
