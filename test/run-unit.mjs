// Runs every *.test.ts beside the sources (and under test/, except the VS Code suites) with node's test runner.
// Extra arguments are passed through as file filters: `npm run test:unit -- zsmalloc`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const skipDirs = new Set(['node_modules', 'dist', 'e2e', 'desktop', '.git', '.tools']);
function find(dir, out) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) { if (!skipDirs.has(name)) find(p, out); }
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}
const filters = process.argv.slice(2);
const files = [...find('src', []), ...find('test', []), ...find('webview', [])]
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s))).sort();
if (files.length === 0) { console.error('no test files matched'); process.exit(1); }
// Tests that load captures through the CLI or the worker use a capture cache of their own, not the user's.
const cache = mkdtempSync(join(tmpdir(), 'rr-test-cache-'));
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, RECLAIM_REPLAY_CACHE: process.env.RECLAIM_REPLAY_CACHE ?? cache } });
rmSync(cache, { recursive: true, force: true });
process.exit(r.status ?? 1);
