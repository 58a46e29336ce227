// Builds the bundles: extension host (node/cjs, vscode external), webview (browser/iife),
// CLI + replay worker + bench (node). `--only NAME[,NAME]` builds a subset, `--production` minifies.
import * as esbuild from 'esbuild';
import { chmodSync, existsSync } from 'node:fs';

const args = process.argv.slice(2);
const production = args.includes('--production');
const onlyIdx = args.indexOf('--only');
const only = onlyIdx >= 0 ? new Set(args[onlyIdx + 1].split(',')) : null;

const node = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: !production, minify: production, logLevel: 'warning' };
const targets = {
  extension: { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  worker: { ...node, entryPoints: ['src/core/replay/worker.ts'], outfile: 'dist/worker.js' },
  sweepWorker: { ...node, entryPoints: ['src/core/sweep/sweepWorker.ts'], outfile: 'dist/sweepWorker.js' },
  compareWorker: { ...node, entryPoints: ['src/core/compare/compareWorker.ts'], outfile: 'dist/compareWorker.js' },
  // The banner's statement (after the shebang and the strict-mode directive) is the process's first, before anything
  // is allocated: the CLI and the workers it starts collect garbage on their own thread (--single-threaded-gc). The
  // GC's helper threads (parallel scavenge, concurrent marking and sweeping) cost A's cold replay about 0.1 s more CPU
  // than the same collections done in line. V8 aborts when concurrent marking is switched off during a collection, so
  // it cannot be set later (src/cli/main.ts runs after the bundle's modules, and under tsx after the loader's).
  cli: { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node\n"use strict";\nrequire("node:v8").setFlagsFromString("--single-threaded-gc");' } },
  bench: { ...node, entryPoints: ['test/bench/main.ts'], outfile: 'dist/bench.js' },
  webview: {
    bundle: true, platform: 'browser', format: 'iife', target: 'es2022', minify: true, sourcemap: false, logLevel: 'warning',
    entryPoints: ['webview/main.ts'], outfile: 'dist/webview/main.js',
  },
};
// The CLI spawns the worker and the HTML report inlines the webview bundle, so both come with it.
const implied = { cli: ['worker', 'sweepWorker', 'webview'], bench: ['worker', 'sweepWorker'], extension: ['sweepWorker', 'compareWorker'] };
let names = only ? [...only] : Object.keys(targets);
for (const n of [...names]) for (const extra of implied[n] ?? []) if (!names.includes(extra)) names.push(extra);
names = names.filter((n) => existsSync(targets[n].entryPoints[0]));
const t0 = Date.now();
await Promise.all(names.map((n) => esbuild.build(targets[n])));
// dist/cli.js is package.json's `bin`: runnable as ./dist/cli.js (its banner is the shebang), not only via `node`.
if (names.includes('cli')) chmodSync(targets.cli.outfile, 0o755);
if (!process.env.QUIET_BUILD) console.log(`built ${names.join(', ')} in ${Date.now() - t0} ms`);
