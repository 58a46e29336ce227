// `npm run test:desktop`: the same mocha suite as test/e2e, in a desktop VS Code through @vscode/test-electron,
// for machines that have one. The UI-probe tests (pixels, hover widget, toasts) skip there; the API tests run.
// VSCODE_EXECUTABLE=/path/to/code uses an installed VS Code; otherwise test-electron downloads one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { bundleSuite, makeWorkspace, suiteBundle } from '../e2e/prepare.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
process.chdir(repo);
const root = mkdtempSync(join(tmpdir(), 'reclaim-desktop-'));
let code = 1;
try {
  await bundleSuite();
  const workspace = makeWorkspace(join(root, 'workspace'));
  code = await runTests({
    extensionDevelopmentPath: repo,
    extensionTestsPath: suiteBundle,
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
    version: '1.100.3',
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(root, 'user-data')],
  }).then(() => 0);
} catch (e) {
  const msg = String(e?.message ?? e);
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|getaddrinfo|download/i.test(msg)) {
    console.error(`test:desktop: no desktop VS Code available (${msg.split('\n')[0]}).\n`
      + '  Set VSCODE_EXECUTABLE=/path/to/code to use an installed one, or run `npm run test:e2e` (code-server).');
  } else {
    console.error(`test:desktop: ${msg}`);
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
process.exit(code);
