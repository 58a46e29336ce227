import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { demoCapture, hasProbe, lastResult, probe, REPLAY_COMMAND, report, waitFor } from './env';

const CANCEL_BUDGET_MS = 2000;

describe('cancelling a replay', () => {
  it(`the progress notification's Cancel stops the worker within ${CANCEL_BUDGET_MS} ms`, async function () {
    if (!hasProbe) this.skip(); // the Cancel button is only reachable through the UI probe
    const before = await lastResult();
    // A saturating replay at fine resolution takes long enough to be cancelled by hand.
    const run = Promise.resolve(vscode.commands.executeCommand<unknown>(REPLAY_COMMAND, demoCapture(), { pressure: 'saturate', resolutionS: 0.01 }));
    let settled = false;
    void run.finally(() => { settled = true; });
    const toast = await waitFor('the replay progress notification', async () => {
      if (settled) throw new Error('the replay finished before it could be cancelled');
      return (await probe<string[]>('notifications')).find((t) => /Cancel/.test(t));
    }, 20_000);
    const t0 = Date.now();
    await probe('notificationButton', { text: toast.split('\n')[0], label: 'Cancel' });
    const outcome = await Promise.race([run, new Promise((r) => setTimeout(() => r('still running'), CANCEL_BUDGET_MS + 3000))]);
    const ms = Date.now() - t0;
    report('cancel → replay stopped', ms, 'ms');
    assert.notEqual(outcome, 'still running');
    assert.ok(ms <= CANCEL_BUDGET_MS, `cancel took ${ms} ms`);
    assert.deepEqual(await lastResult(), before, 'a cancelled replay leaves the last result as it was');
  });
});
