// Installs code-server 4.100.3 (the last release for Node 20) into test/e2e/.tools/, its own npm project, so it
// never becomes a dependency of the extension. Idempotent: returns at once when the right version is there.
// Playwright comes from the extension's devDependencies (playwright-core) and drives Debian's /usr/bin/chromium.
// Usage: node test/e2e/install.mjs   (exit 0 when installed; 1 with the reason otherwise)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const toolsDir = join(dirname(fileURLToPath(import.meta.url)), '.tools');
export const codeServerBin = join(toolsDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

function installedVersion() {
  try {
    return JSON.parse(readFileSync(join(toolsDir, 'node_modules', 'code-server', 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** Returns undefined when code-server is ready, else the reason it could not be installed. */
export function ensureCodeServer(log = console.log) {
  if (installedVersion() === CODE_SERVER_VERSION && existsSync(codeServerBin)) return undefined;
  // @vscode/ripgrep's postinstall downloads rg from GitHub, which is unreachable here; it first looks in its
  // cache under os.tmpdir(), so Debian's rg 13.0.0 (the same release) is put there as the "download".
  const rg = '/usr/bin/rg';
  if (!existsSync(rg)) return `${rg} is missing (apt-get install ripgrep)`;
  const tmp = join(toolsDir, 'tmp');
  const rgCache = join(tmp, 'vscode-ripgrep-cache-1.15.11');
  mkdirSync(rgCache, { recursive: true });
  const tar = spawnSync('tar', ['czf', join(rgCache, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz'), '-C', dirname(rg), 'rg']);
  if (tar.status !== 0) return `could not stage ripgrep: ${tar.stderr}`;
  writeFileSync(join(toolsDir, 'package.json'), JSON.stringify({
    name: 'reclaim-replay-e2e-tools', private: true,
    dependencies: { 'code-server': CODE_SERVER_VERSION },
    allowScripts: { 'code-server': true, argon2: true, kerberos: true, 'node-pty': true, '@vscode/spdlog': true },
  }, null, 2) + '\n');
  log(`e2e: installing code-server@${CODE_SERVER_VERSION} into ${toolsDir} (about 1-2 min)…`);
  const t0 = Date.now();
  const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: toolsDir,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      TMPDIR: tmp,
      // code-server's postinstall refuses to run as root without it; npm 11 warns but the script reads the env var.
      npm_config_unsafe_perm: 'true',
      // node-pty's postinstall runs `npx node-gyp`, which a `yes=false` in ~/.npmrc would cancel.
      npm_config_yes: 'true',
    },
  });
  if (npm.status !== 0) return `npm install code-server@${CODE_SERVER_VERSION} failed (exit ${npm.status}); it needs libkrb5-dev, python3, make, g++`;
  if (installedVersion() !== CODE_SERVER_VERSION) return 'code-server did not install';
  log(`e2e: code-server installed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return undefined;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const reason = ensureCodeServer();
  if (reason) {
    console.error(`e2e tools: ${reason}`);
    process.exit(1);
  }
  console.log(`e2e tools: code-server ${CODE_SERVER_VERSION} ready in ${toolsDir}`);
}
