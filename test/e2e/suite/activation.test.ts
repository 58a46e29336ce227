import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { EXTENSION_ID, REPLAY_COMMAND, report, say } from './env';

const ACTIVATION_BUDGET_MS = 50;

describe('activation', () => {
  it(`activates in ≤ ${ACTIVATION_BUDGET_MS} ms and registers its commands`, async function () {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    if (ext.isActive) {
      // An activation event fired before the suite started, so the cost was paid out of sight.
      say('      (already active when the suite started: activation time not measured)');
    } else {
      const t0 = performance.now();
      await ext.activate();
      const ms = performance.now() - t0;
      report('activation', ms, 'ms');
      assert.ok(ms <= ACTIVATION_BUDGET_MS, `activation took ${ms.toFixed(1)} ms`);
    }
    assert.equal(ext.isActive, true);
    const commands = await vscode.commands.getCommands(true);
    for (const c of [REPLAY_COMMAND, 'reclaimReplay.lastResult', 'reclaimReplay.webviewState']) {
      assert.ok(commands.includes(c), `command ${c} is not registered`);
    }
  });
});
