// Builds the bundles: extension host (node/cjs, vscode external), webview (browser/iife),
// CLI + replay worker + bench (node). `--only NAME[,NAME]` builds a subset, `--production` minifies.
import * as esbuild from 'esbuild';
import { chmodSync, existsSync } from 'node:fs';

const args = process.argv.slice(2);
const production = args.includes('--production');
const onlyIdx = args.indexOf('--only');
const only = onlyIdx >= 0 ? new Set(args[onlyIdx + 1].split(',')) : null;

const node = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: !production, minify: production, logLevel: 'warning' };
// V8 flags the CLI bundle sets in its first statement (after the shebang and the strict-mode directive), so every
// heap and function the process makes after it (the replay, sweep and compare workers') has them. Only flags V8 reads
// when it makes a heap or a function belong here: switching the GC's threads (--single-threaded-gc, which saved about
// 0.1 s of a cold replay of A) in a running isolate is fatal — `parse` runs in the CLI's own isolate, and its first
// full collection failed V8's check "concurrent_marking_handle_ implies !concurrent_marking_handle_->IsValid()".
const CLI_V8_FLAGS = [
  // A worker's old generation starts with 64 MB of room: V8 starts a full collection whenever the room left falls
  // below the young generation's size, which with the default start (a few MB) meant 10–15 full collections of a
  // heap of 8–9 live MB in a cold replay of A; 2 from 64 MB (peak RSS +15 MB).
  '--initial-old-space-size=64',
  // Functions tier up to TurboFan after 4× V8 11.3's default interrupt budget (67584): what runs briefly (detection,
  // the parsers of a capture's small files, set-up, calibration) stays in the baseline tiers instead of paying for
  // an optimising compile (a fifth of a cold replay's CPU was TurboFan's), the model's hot loops still tier up within
  // milliseconds. Cold replay CPU: A −0.095 s (2.12 → 2.025), O −0.06, B unchanged; 3× and 6× about the same as 4×.
  `--interrupt-budget=${4 * 67584}`,
];
const cliV8Flags = `require("node:v8").setFlagsFromString(${JSON.stringify(CLI_V8_FLAGS.join(' '))});`;

const targets = {
  extension: { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  worker: { ...node, entryPoints: ['src/core/replay/worker.ts'], outfile: 'dist/worker.js' },
  sweepWorker: { ...node, entryPoints: ['src/core/sweep/sweepWorker.ts'], outfile: 'dist/sweepWorker.js' },
  compareWorker: { ...node, entryPoints: ['src/core/compare/compareWorker.ts'], outfile: 'dist/compareWorker.js' },
  cli: { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: `#!/usr/bin/env node\n"use strict";\n${cliV8Flags}` } },
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
