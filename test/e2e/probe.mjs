// A loopback HTTP endpoint through which the mocha suite inside the extension host asks the runner to look at the
// UI (the host's API cannot see webview pixels, hover widgets or notification toasts). The suite finds it through
// RECLAIM_E2E_PROBE, which code-server passes on to the extension host's environment.
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { clickNotificationButton, readCanvases, readChartReadouts, readHover, readNotifications, readRuntimeExtension, readWebview, runFromPalette, webviewAct } from './ui.mjs';

/**
 * Listens before code-server starts (its URL goes into the server's environment); `attach(page)` gives it the
 * workbench page later. `resolveShot(name)` maps a screenshot name from the suite to a path; a failed look is
 * kept as a screenshot in `failureDir`.
 */
export function startProbe(resolveShot, failureDir) {
  let page;
  let failures = 0;
  const routes = {
    palette: (b) => runFromPalette(page, b.title, b.picks ?? []),
    webview: (b) => readWebview(page, { screenshotPath: resolveShot(b.screenshot) }),
    chartReadouts: (b) => readChartReadouts(page, { fractions: b.fractions, screenshotPath: resolveShot(b.screenshot) }),
    hover: (b) => readHover(page, b.word, { screenshotPath: resolveShot(b.screenshot) }),
    runtimeExtension: (b) => readRuntimeExtension(page, b.name),
    notifications: () => readNotifications(page),
    notificationButton: (b) => clickNotificationButton(page, b.text, b.label),
    webviewAct: (b) => webviewAct(page, b.actions ?? []),
    canvases: (b) => readCanvases(page, { ...b, screenshotPath: resolveShot(b.screenshot) }),
  };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', async () => {
      const route = routes[req.url.slice(1)];
      let status = 200;
      let out;
      try {
        if (!route) throw new Error(`no probe route ${req.url}`);
        if (!page) throw new Error('no workbench page yet');
        out = { ok: true, value: (await route(body ? JSON.parse(body) : {})) ?? null };
      } catch (e) {
        status = 500;
        const shot = page && join(failureDir, `probe-${++failures}-${req.url.slice(1)}.png`);
        if (shot) {
          mkdirSync(failureDir, { recursive: true });
          await page.screenshot({ path: shot }).catch(() => {});
        }
        out = { ok: false, error: `${e?.message ?? e}${shot ? ` (screenshot: ${shot})` : ''}` };
      }
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(out));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}`,
    attach: (p) => { page = p; },
    close: () => server.close(),
  })));
}
