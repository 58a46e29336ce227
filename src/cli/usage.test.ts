import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as batch from './batchCommand';
import * as calibrate from './calibrateCommand';
import * as parse from './parseCommand';
import * as replay from './replayCommand';
import * as sweep from './sweepCommand';
import { parseFlags } from './args';

/** The usage's synopsis: the `usage:` line and the indented `[--flag …]` lines that continue it. */
const synopsis = (usage: string): string => {
  const lines = usage.split('\n');
  const end = lines.findIndex((l, i) => i > 0 && !/^\s+\[/.test(l));
  return lines.slice(0, end < 0 ? lines.length : end).join('\n');
};
const missing = (text: string, flags: object): string[] => Object.keys(flags).filter((f) => f !== 'help' && !new RegExp(`--${f}(?![\\w-])`).test(text));

test('every option a command accepts is in its usage synopsis (replay, sweep, parse)', () => {
  for (const [name, m] of Object.entries({ replay, sweep, parse })) {
    assert.deepEqual(missing(synopsis(m.USAGE), m.FLAGS), [], `${name}'s usage line lacks these options:\n${m.USAGE}`);
  }
});

test('batch\'s usage names every option it accepts (its replay options are listed below the synopsis)', () => {
  assert.deepEqual(missing(batch.USAGE, batch.FLAGS), []);
});

test('the check sees a missing option', () => {
  assert.deepEqual(missing(synopsis('usage: x [--json]\n  [--seed S]\n--extra is explained here'), { json: {}, seed: {}, extra: {}, 'json-lines': {} }), ['extra', 'json-lines']);
});

// trial: `replay --help` listed --kcompressd N, --queue N, --cpus N, --pressure … in its synopsis and said what none meant.
test('replay\'s usage says what each replay option means, below the synopsis, with the vocabulary\'s ranges and defaults', () => {
  const below = replay.USAGE.slice(synopsis(replay.USAGE).length);
  const explained = (f: string) => new RegExp(`(^|[;.] )--${f}(?![\\w-])`, 'm').test(below);
  assert.deepEqual(Object.keys(replay.REPLAY_OPTION_FLAGS).filter((f) => f !== 'profile' && !explained(f)), []);
  assert.match(below, /--kcompressd N: v1's kcompressd worker threads, 1–64 \(default 4;\n  --workers, its old name, still works\)/);
  assert.match(below, /--pressure capture\|saturate \(default capture\):\n  capture = .*\n  saturate = /);
});

// trial12 #11: sweep took --workers (the deprecated name of --kcompressd) and replay refused it.
test('every command that takes --kcompressd takes its old name --workers the same way, with the one deprecation note', (t) => {
  const errors = t.mock.method(console, 'error', () => {});
  for (const [name, flags] of Object.entries({ replay: replay.FLAGS, sweep: sweep.FLAGS, batch: batch.FLAGS, compare: replay.REPLAY_OPTION_FLAGS })) {
    assert.equal(parseFlags(name, ['cap', '--workers', '2'], flags, 'usage').values.kcompressd, '2', name);
    assert.equal(parseFlags(name, ['cap', '--workers=3'], flags, 'usage').values.kcompressd, '3', name);
  }
  assert.equal(errors.mock.calls.length, 8);
  assert.ok(errors.mock.calls.every((c) => c.arguments[0] === 'reclaim-replay: --workers is the old name of --kcompressd (deprecated)'));
  assert.throws(() => parseFlags('parse', ['cap', '--workers', '2'], parse.FLAGS, 'usage'), /--workers: is not an option/);
});

// trial13 #10: `parse --help` and `calibrate --help` were one-line usages: what --compress-share or --name do was nowhere.
test('parse\'s and calibrate\'s usages say what each of their options means, below the synopsis', () => {
  const explained = (usage: string, f: string) => new RegExp(`^--${f}(?![\\w-])[^\\n]*: \\S`, 'm').test(usage.slice(synopsis(usage).length));
  assert.deepEqual(Object.keys(parse.FLAGS).filter((f) => !explained(parse.USAGE, f)), []);
  assert.deepEqual(['out', 'compress-share', 'algorithm', 'name'].filter((f) => !explained(calibrate.USAGE, f)), []);
  assert.match(calibrate.USAGE, /--compress-share F: .*\(0, 1\) exclusive; default: measured/);
});
