import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as batch from './batchCommand';
import * as parse from './parseCommand';
import * as replay from './replayCommand';
import * as sweep from './sweepCommand';

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
