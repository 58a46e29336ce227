import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { loadCapture } from '../core/capture/loadCapture';
import { attachMeasuredAfter } from '../core/lab/measuredAfter';
import { resolveOptions } from '../core/replay/options';
import { replay } from '../core/replay/replay';
import { isReplayResult } from '../shared/protocol';
import { resultFromJson, resultToJson } from '../shared/resultJson';

// The guard must accept what the model really sends, not only the hand-made fixture: a real replay of the bundled
// demo and of the bundled lab pair (with its measured-after rows and curves), through the host's JSON wire form.
test('real replays of the bundled captures pass the webview guard after the JSON round trip', async () => {
  const root = resolve(__dirname, '../../captures');
  for (const [base, after] of [['demo', undefined], ['lab/steady-mm-baseline', 'lab/steady-mm-kcompressd']] as const) {
    const result = await replay(await loadCapture(join(root, base)), resolveOptions({ series: true }));
    if (after) attachMeasuredAfter(result, await loadCapture(join(root, after)));
    const wire = resultFromJson(JSON.parse(JSON.stringify(resultToJson(result))));
    assert.equal(isReplayResult(wire), true, `${base}: the webview would drop this result`);
  }
});
