// `npm test`: typecheck the three worlds, build, run unit + golden tests, then the tests in a real VS Code
// (code-server + Chromium). Ends with one line `tests: N passed, N failed, N skipped`.
import { spawn } from 'node:child_process';

function run(cmd, args, { capture = false } = {}) {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit' });
    let out = '';
    if (capture) p.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
    p.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}
const steps = [];
let passed = 0, failed = 0, skipped = 0;
for (const cfg of ['tsconfig.json', 'tsconfig.host.json', 'tsconfig.webview.json']) {
  const r = await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', cfg]);
  steps.push([`typecheck ${cfg}`, r.code]);
}
const b = await run(process.execPath, ['build.mjs']);
steps.push(['build', b.code]);
const u = await run(process.execPath, ['test/run-unit.mjs'], { capture: true });
steps.push(['unit + golden', u.code]);
const num = (re, s) => Number((s.match(re) ?? [])[1] ?? 0);
passed += num(/ℹ pass (\d+)/, u.out); failed += num(/ℹ fail (\d+)/, u.out); skipped += num(/ℹ skipped (\d+)/, u.out);
const e = await run(process.execPath, ['test/e2e/run.mjs'], { capture: true });
steps.push(['VS Code (code-server)', e.code]);
passed += num(/(\d+) passing/, e.out); failed += num(/(\d+) failing/, e.out); skipped += num(/(\d+) pending/, e.out);
if (/^e2e skipped:/m.test(e.out)) skipped += 1;
console.log('\nsteps:');
for (const [name, code] of steps) console.log(`  ${code === 0 ? 'ok  ' : 'FAIL'} ${name}`);
const bad = steps.some(([, code]) => code !== 0);
if (bad && failed === 0) failed = 1; // a failed typecheck/build counts as a failure even with no test lines
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(bad ? 1 : 0);
