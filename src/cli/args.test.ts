import { test } from 'node:test';
import assert from 'node:assert/strict';
import { captureArgs } from './args';
import { OptionError } from '../core/errors';

const FLAGS = { json: { type: 'boolean' }, out: { type: 'string' } } as const;

test('captureArgs returns the typed flags and the one capture', () => {
  const a = captureArgs('x', ['cap', '--json', '--out', 'o.json'], FLAGS, 'usage: x');
  assert.ok(a);
  assert.deepEqual({ ...a.values }, { json: true, out: 'o.json' });
  assert.equal(a.capture, 'cap');
});

test('captureArgs: --help prints the usage and asks the caller to stop', (t) => {
  const log = t.mock.method(console, 'log', () => {});
  assert.equal(captureArgs('x', ['--help'], FLAGS, 'usage: x'), null);
  assert.deepEqual(log.mock.calls[0].arguments, ['usage: x']);
});

test('captureArgs: unknown flags and a missing or extra capture are OptionErrors carrying the usage', () => {
  for (const argv of [['cap', '--bogus'], [], ['a', 'b']]) {
    assert.throws(() => captureArgs('x', argv, FLAGS, 'usage: x'), (e: unknown) => e instanceof OptionError && /usage: x/.test(e.message));
  }
});
