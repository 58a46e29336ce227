// Debian's Chromium driven by playwright-core: opens code-server's workbench and relays the two automation hooks
// VS Code web calls in test mode (codeAutomationLog for the extension host's console, codeAutomationExit when
// the extensionTestsPath module's run() settles).
import { chromium } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';

/** A fresh headless Chromium profile under `profileDir`, at a size where the editor, webview and hover fit. */
export function launchBrowser(profileDir) {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1600, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/**
 * The workbench URL for `folder`; with `dev` it also carries the `payload` that makes the workbench load
 * `dev.extensionPath` as a development extension and run `dev.testsPath` (paths on the server's disk).
 */
export function workbenchUrl(server, folder, dev) {
  const url = new URL(server.base);
  url.searchParams.set('folder', folder);
  if (dev) {
    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    url.searchParams.set('payload', JSON.stringify([
      ['extensionDevelopmentPath', remote(dev.extensionPath)],
      ['extensionTestsPath', remote(dev.testsPath)],
    ]));
  }
  return url.toString();
}

/**
 * Opens `url` in a new page and waits for the workbench. `onLog(level, message)` receives codeAutomationLog;
 * `exit` settles with `{ code, logs }` from codeAutomationExit (never, without a payload), where logs are the
 * workbench's log files as `{ relativePath, contents }`.
 */
export async function openWorkbench(context, url, onLog) {
  const page = context.pages()[0] ?? await context.newPage();
  let exited;
  const exit = new Promise((resolve) => { exited = resolve; });
  await page.exposeFunction('codeAutomationLog', (level, message) => onLog(level, String(message)));
  await page.exposeFunction('codeAutomationExit', (code, logs) => exited({ code: Number(code), logs: logs ?? [] }));
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return { page, exit };
}
