import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { USAGE } from './calibrateCommand';

// trial5: `calibrate --help` listed --algorithm and --name, which the README's synopsis lacked.
test("the README's calibrate synopsis names every option calibrate --help lists", () => {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const synopsis = readme.split('\n').find((l) => l.startsWith('node dist/cli.js calibrate '));
  assert.ok(synopsis, 'a calibrate line in the README synopsis');
  const flags = USAGE.split('\n')[0].match(/--[a-z-]+/g) ?? []; // the synopsis line; the lines below may name replay's
  assert.ok(flags.length >= 4);
  for (const f of flags) assert.ok(synopsis.includes(f), `${f} missing from the README: ${synopsis}`);
});
