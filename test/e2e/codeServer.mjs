// Starts code-server on a free loopback port in its own process group, with fresh user-data and extensions dirs,
// and stops it by killing the whole group (it leaves fileWatcher children behind otherwise).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { codeServerBin } from './install.mjs';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Quiet, still workbench: no fade-ins half-way through a screenshot, no welcome page, no network lookups. */
const SETTINGS = {
  'workbench.reduceMotion': 'on',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
};

/** Fresh per-session dirs; XDG_* keep code-server out of ~/.config and ~/.local/share, TMPDIR out of /tmp. */
function sessionDirs(root) {
  const dirs = {
    userData: join(root, 'user-data'),
    extensions: join(root, 'extensions'),
    xdgConfig: join(root, 'xdg', 'config'),
    xdgData: join(root, 'xdg', 'data'),
    tmp: join(root, 'tmp'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify(SETTINGS, null, 2));
  return dirs;
}

function codeServerEnv(dirs) {
  // TMPDIR: the extension host's vscode-ipc-*.sock would otherwise outlive the killed server in /tmp.
  return { ...process.env, XDG_CONFIG_HOME: dirs.xdgConfig, XDG_DATA_HOME: dirs.xdgData, TMPDIR: dirs.tmp };
}

/** `code-server --install-extension <vsix>` into the session's extensions dir; throws with its output on failure. */
export function installExtension(root, vsix) {
  const dirs = sessionDirs(root);
  const r = spawnSync(process.execPath, [codeServerBin, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions,
    '--install-extension', vsix], { env: codeServerEnv(dirs), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`code-server --install-extension failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout.trim();
}

async function waitHealthy(port, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} before it was ready`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`code-server not healthy after ${timeoutMs} ms`);
}

/**
 * Starts code-server under `root` (a fresh temp dir); `env` is added to its environment (the extension host
 * inherits it). Returns its base URL and `stop()`. The server log goes to root/code-server.log.
 */
export async function startCodeServer(root, env = {}) {
  const dirs = sessionDirs(root);
  const port = await freePort();
  const logFile = join(root, 'code-server.log');
  const out = openSync(logFile, 'w');
  const child = spawn(process.execPath, [codeServerBin,
    '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions,
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
  ], { detached: true, stdio: ['ignore', out, out], env: { ...codeServerEnv(dirs), ...env } });
  const stop = () => {
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
  };
  // Prepended: the group dies before later-registered exit work (e.g. removing the session dirs) runs.
  process.prependOnceListener('exit', stop);
  try {
    await waitHealthy(port, child, 30_000);
  } catch (e) {
    stop();
    throw new Error(`${e.message} (log: ${logFile})`);
  }
  return { port, base: `http://127.0.0.1:${port}`, logFile, stop };
}
