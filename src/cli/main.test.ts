import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { RANGES } from '../core/vocabulary';
import { tempFile } from '../core/capture/testing/tempFiles';

const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'main.ts'), ...args], { encoding: 'utf8' });

test('`help` is --help; `help <command>` is that command\'s --help', () => {
  const h = cli('help');
  assert.equal(h.status, 0, h.stderr);
  assert.match(h.stdout, /^usage: reclaim-replay <command>/);
  const r = cli('help', 'parse');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /usage: reclaim-replay parse/);
});

test('a negative number is range-checked with the flag and its allowed range, in one line', () => {
  const r = cli('replay', 'nowhere', '--kcompressd', '-3');
  assert.equal(r.status, 2);
  const { min, max } = RANGES.kcompressd;
  assert.equal(r.stderr.trim(), `reclaim-replay: --kcompressd: must be an integer ${min}..${max}, got -3`);
  const s = cli('replay', 'nowhere', '--seed', '-1');
  assert.match(s.stderr.trim(), new RegExp(`^reclaim-replay: --seed: must be an integer ${RANGES.seed.min}\\.\\.${RANGES.seed.max}, got -1$`));
});

test('--compress-share 0 is refused by replay and calibrate alike: exit 2, one line with the (0, 1) range', () => {
  for (const cmd of ['replay', 'calibrate']) {
    const r = cli(cmd, 'nowhere', '--compress-share', '0', ...(cmd === 'calibrate' ? ['--out', 'p.json'] : []));
    assert.equal(r.status, 2, cmd);
    assert.match(r.stderr.trim(), /^reclaim-replay: --compress-share: must be a number in \(0, 1\) exclusive, got '?0'?$/, cmd);
  }
});

test('replay --series without --json is refused in one line (exit 2), before any capture is read', () => {
  const r = cli('replay', 'nowhere', '--series');
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trim(), 'reclaim-replay: --series: needs --json (the time series are printed only in the JSON)');
});

test('a bad profile given to --validate is reported as --validate, not --profile', () => {
  const bad = tempFile('bad-profile.json', JSON.stringify({ name: 'bad', cpus: 2, scanNs: -1 }));
  const r = cli('replay', 'nowhere', '--validate', bad);
  assert.equal(r.status, 2);
  assert.match(r.stderr.trim(), new RegExp(`^reclaim-replay: --validate: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: scanNs must be`));
  const garbled = tempFile('garbled.json', '{');
  assert.match(cli('replay', 'nowhere', '--validate', garbled).stderr, /^reclaim-replay: --validate: cannot read/);
});

test('every command reports a bad flag as one reclaim-replay line naming it, never a stack trace', () => {
  for (const argv of [['stress', '--bogus'], ['lab', 'run', '--bogus'], ['capture', '--bogus'], ['compare', '--bogus'], ['batch', 'x', '--bogus']]) {
    const r = cli(...argv);
    assert.equal(r.status, 2, argv.join(' '));
    assert.match(r.stderr.split('\n')[0], /^reclaim-replay: --bogus: is not an option of this command$/, argv.join(' '));
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
  assert.match(cli('stress', '30').stderr, /^reclaim-replay: stress: takes no argument '30'\n/);
});

test('--version prints the package\'s version', () => {
  const { version } = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version: string };
  const r = cli('--version');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `reclaim-replay ${version}\n`);
});

// package.json's bin: the built CLI runs by itself (shebang + executable bit), as npm links it.
const built = join(__dirname, '../../dist/cli.js');
test('the built dist/cli.js is executable and starts with its shebang', { skip: !existsSync(built) && 'dist/cli.js not built (node build.mjs)' }, () => {
  assert.ok((statSync(built).mode & 0o111) !== 0, `mode ${(statSync(built).mode & 0o777).toString(8)}`);
  assert.ok(readFileSync(built, 'utf8').startsWith('#!/usr/bin/env node\n'));
  const r = spawnSync(built, ['--version'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr ?? String(r.error));
  assert.match(r.stdout, /^reclaim-replay \d+\.\d+\.\d+/);
});

// The bundle as users run it (its V8 flags, its worker file): a flag switched in a running isolate once aborted
// `parse` in dist/ only, which the source-run tests above cannot see.
test('the built CLI parses and replays the bundled demo capture', { skip: !existsSync(built) && 'dist/cli.js not built (node build.mjs)' }, () => {
  const demo = join(__dirname, '../../captures/demo');
  const env = { ...process.env, RECLAIM_REPLAY_CACHE: 'off' };
  const parsed = spawnSync(built, ['parse', demo, '--json'], { encoding: 'utf8', env });
  assert.equal(parsed.status, 0, parsed.stderr);
  assert.ok((JSON.parse(parsed.stdout) as { rates: { pgsteal_anon?: number } }).rates.pgsteal_anon! > 0, 'parse --json has the window rates');
  const replayed = spawnSync(built, ['replay', demo, '--json'], { encoding: 'utf8', env });
  assert.equal(replayed.status, 0, replayed.stderr);
  const r = JSON.parse(replayed.stdout) as { baseline: { pgstealAnonPerS: number }; fidelity: Record<string, unknown> };
  assert.ok(r.baseline.pgstealAnonPerS > 0, `simulated pgsteal_anon/s ${r.baseline.pgstealAnonPerS}`);
  assert.ok(Object.keys(r.fidelity).length > 0);
});

test('compare takes the replay options (one vocabulary): --variant mm is accepted, a bad --variant names the flag', () => {
  const bad = cli('compare', 'a', 'b', '--predict', '--variant', 'v3');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr.trim(), /^reclaim-replay: --variant: must be one of v1, mm, got v3$/);
  const ok = cli('compare', 'nowhere-a', 'nowhere-b', '--predict', '--variant', 'mm', '--queue', '64');
  assert.doesNotMatch(ok.stderr, /not an option/);
});
