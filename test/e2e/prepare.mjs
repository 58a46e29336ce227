// What both VS Code runners (code-server here, desktop VS Code in test/desktop) need before they start: the
// bundled mocha suite and the fixture workspace. Paths are relative to the repository root (the cwd).
import { cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';

export const suiteBundle = resolve('dist/e2e/suite/index.js');

/** Bundles test/e2e/suite/** into one CommonJS file for the extension host (vscode and mocha stay external). */
export function bundleSuite() {
  return esbuild.build({
    entryPoints: ['test/e2e/suite/index.ts'], outfile: suiteBundle, bundle: true, platform: 'node', format: 'cjs',
    target: 'node20', sourcemap: 'inline', external: ['vscode', 'mocha'], logLevel: 'warning',
  });
}

/** The folder VS Code opens: the fixture kernel tree, the bundled capture and a capture of garbage. */
export function makeWorkspace(dir) {
  cpSync('test/fixtures/kernel', join(dir, 'linux'), { recursive: true });
  cpSync('captures/demo', join(dir, 'captures', 'demo'), { recursive: true });
  cpSync('captures/lab', join(dir, 'captures', 'lab'), { recursive: true });
  cpSync('test/e2e/fixtures/bad-capture', join(dir, 'captures', 'bad'), { recursive: true });
  for (const f of ['vmstat_snapshots.txt.gz', 'meminfo_snapshots.txt']) cpSync(join('captures/demo', f), join(dir, 'captures', 'demo-vmstat', f));
  return dir;
}
