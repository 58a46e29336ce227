// `npm run test:e2e`: the extension in a real VS Code (code-server 4.100.3 + Debian's Chromium via playwright-core).
//  1. the mocha suite test/e2e/suite/** runs inside the extension host of the development extension (payload URL);
//     it asks this runner, through a loopback probe, for what only the UI shows (webview pixels, hovers, toasts);
//  2. the packaged .vsix is installed into a fresh code-server, run from the command palette, and must render.
// Prints mocha's spec output, one combined "N passing / N failing" summary (test/run-all.mjs reads it), phase
// timings, and exits 0 only when everything passed. Without /usr/bin/chromium it prints `e2e skipped: …`, exits 0.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumPath, launchBrowser, openWorkbench, workbenchUrl } from './browser.mjs';
import { installExtension, startCodeServer } from './codeServer.mjs';
import { ensureCodeServer } from './install.mjs';
import { bundleSuite, makeWorkspace, suiteBundle } from './prepare.mjs';
import { startProbe } from './probe.mjs';
import { readWebview, runFromPalette } from './ui.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
process.chdir(repo);
const resultsDir = join(repo, 'test-results');
const vsix = join(repo, 'reclaim-replay.vsix');
const workbenchLog = join(resultsDir, 'e2e-workbench.log');
/** The command in the palette and its quick picks (the demo folder, then "Replay"); the suite uses it too. */
const PALETTE_DEMO = JSON.parse(readFileSync(join(repo, 'test/e2e/paletteDemo.json'), 'utf8'));
const HOST_SUITE_TIMEOUT_MS = 8 * 60_000;
/** Marks the suite's own lines in the relayed extension host console (see suite/env.ts). */
const SUITE_LINE_PREFIX = 'e2e| ';
const PAST = { passing: 'passed', failing: 'failed', pending: 'skipped' };

// Exit handlers (which kill the code-server process groups) run on Ctrl-C and kill too.
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

if (!existsSync(chromiumPath)) {
  console.log(`e2e skipped: ${chromiumPath} not found (apt-get install chromium)`);
  process.exit(0);
}

const timings = [];
async function phase(name, fn) {
  const t0 = Date.now();
  try {
    return await fn();
  } finally {
    timings.push([name, Date.now() - t0]);
  }
}
function sh(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
}

const reason = await phase('install code-server', () => ensureCodeServer());
if (reason) {
  console.log(`e2e failed: ${reason}`);
  process.exit(1);
}

const root = mkdtempSync(join(tmpdir(), 'reclaim-e2e-'));
// Retries: on Ctrl-C, Chromium may still be writing its profile while it shuts down.
const removeRoot = () => { try { rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }); } catch { /* left in tmp */ } };
process.once('exit', removeRoot); // on Ctrl-C too, after the servers die (codeServer.mjs prepends their kill)
mkdirSync(resultsDir, { recursive: true });
rmSync(join(resultsDir, 'e2e-logs'), { recursive: true, force: true });
writeFileSync(workbenchLog, '');
const counts = { passing: 0, failing: 0, pending: 0 };
let exitCode = 1;
try {
  // The .vsix first: its production build is then replaced by the development build the suite runs against.
  await phase('package .vsix', () => sh('npm', ['run', '--silent', 'package']));
  await phase('build', () => sh(process.execPath, ['build.mjs']));
  await phase('bundle suite', bundleSuite);
  const workspace = makeWorkspace(join(root, 'workspace'));
  const hostCode = await hostSuite(workspace);
  const vsixOk = await vsixCheck(workspace);
  exitCode = hostCode === 0 && vsixOk ? 0 : 1;
} catch (e) {
  console.log(`e2e error: ${e.stack ?? e}`);
  counts.failing++;
}

console.log('\ne2e timings:');
for (const [name, ms] of timings) console.log(`  ${name.padEnd(36)} ${(ms / 1000).toFixed(1).padStart(6)} s`);
console.log(`\n  ${counts.passing} passing`);
if (counts.pending) console.log(`  ${counts.pending} pending`);
if (counts.failing) console.log(`  ${counts.failing} failing`);
process.exit(exitCode);

/** One code-server + Chromium session; `fn(page)` runs with the workbench open, everything is torn down after. */
async function session(name, { url, env, vsixToInstall, onLog = () => {} }, fn) {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  if (vsixToInstall) await phase(`${name}: install .vsix`, () => installExtension(dir, vsixToInstall));
  const server = await phase(`${name}: start code-server`, () => startCodeServer(dir, env));
  let context;
  let page;
  try {
    context = await phase(`${name}: launch chromium`, () => launchBrowser(join(dir, 'chromium')));
    const wb = await phase(`${name}: workbench visible`, () => openWorkbench(context, url(server), onLog));
    page = wb.page;
    return await fn(wb);
  } catch (e) {
    // The session dir is deleted at the end: keep what explains the failure.
    const keep = join(resultsDir, 'e2e-logs', name.replace(/\W+/g, '-'));
    mkdirSync(dirname(keep), { recursive: true });
    cpSync(server.logFile, `${keep}-code-server.log`);
    await page?.screenshot({ path: `${keep}-failure.png` }).catch(() => {});
    throw new Error(`${e.message}\n(kept ${keep}-code-server.log and ${keep}-failure.png)`);
  } finally {
    await context?.close().catch(() => {});
    server.stop();
  }
}

/** Mocha inside the extension host of the development extension; returns the code it exits with. */
async function hostSuite(workspace) {
  const probe = await startProbe((shot) => (shot ? join(resultsDir, shot) : undefined), join(resultsDir, 'e2e-logs'));
  try {
    return await session('host suite', {
      url: (server) => workbenchUrl(server, workspace, { extensionPath: repo, testsPath: suiteBundle }),
      env: { RECLAIM_E2E_PROBE: probe.url },
      onLog: relayHostLog,
    }, async ({ page, exit }) => {
      probe.attach(page);
      let timer;
      const timeout = new Promise((r) => { timer = setTimeout(() => r('timeout'), HOST_SUITE_TIMEOUT_MS); });
      const outcome = await phase('host suite: mocha run', () => Promise.race([exit, timeout]));
      clearTimeout(timer);
      if (outcome === 'timeout') {
        console.log(`host suite did not finish in ${HOST_SUITE_TIMEOUT_MS / 1000} s (log: ${workbenchLog})`);
        counts.failing++;
        return 1;
      }
      if (outcome.code !== 0) {
        const dir = join(resultsDir, 'e2e-logs');
        for (const { relativePath, contents } of outcome.logs) {
          mkdirSync(dirname(join(dir, relativePath)), { recursive: true });
          writeFileSync(join(dir, relativePath), contents);
        }
        console.log(`host suite exited with ${outcome.code}; workbench logs in ${workbenchLog} and ${dir}`);
        if (counts.failing === 0) counts.failing++; // it failed before mocha could report
      }
      return outcome.code;
    });
  } finally {
    probe.close();
  }
}

/**
 * The suite's own lines (marked with SUITE_LINE_PREFIX, see suite/env.ts) go to stdout; the rest of the
 * workbench's log goes to test-results/e2e-workbench.log. Mocha's "N passing" lines are renamed so that the one
 * summary at the end (host suite + runner checks) is the only one run-all.mjs can find.
 */
function relayHostLog(level, message) {
  if (!message.startsWith(SUITE_LINE_PREFIX)) {
    appendFileSync(workbenchLog, `[${level}] ${message}\n`);
    return;
  }
  const line = message.slice(SUITE_LINE_PREFIX.length);
  const m = /^\s*(\d+) (passing|failing|pending)\b(.*)$/.exec(line);
  if (!m) {
    console.log(line);
    return;
  }
  counts[m[2]] += Number(m[1]);
  console.log(`  extension host: ${m[1]} ${PAST[m[2]]}${m[3]}`);
}

/** The packaged extension, installed from the .vsix into a fresh code-server, must render from the palette. */
async function vsixCheck(workspace) {
  const title = 'packaged .vsix: installs, activates and renders from the command palette';
  try {
    const report = await session('vsix', { url: (server) => workbenchUrl(server, workspace), vsixToInstall: vsix }, async ({ page }) =>
      phase('vsix: palette → rendered webview', async () => {
        await runFromPalette(page, PALETTE_DEMO.title, PALETTE_DEMO.picks);
        return readWebview(page, { timeout: 60_000 });
      }));
    const blank = report.charts.filter((c) => c.colours < 3);
    if (report.charts.length === 0 || blank.length) throw new Error(`blank charts: ${JSON.stringify(report.charts)}`);
    console.log(`  ✔ ${title} (${report.charts.length} charts; headline "${report.headline.replace(/\s+/g, ' ')}")`);
    counts.passing++;
    return true;
  } catch (e) {
    console.log(`  ✖ ${title}\n    ${String(e.message).replace(/\n/g, '\n    ')}`);
    counts.failing++;
    return false;
  }
}
