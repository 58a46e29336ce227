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

test('a negative number after a flag is its value, so the range check names the flag (not parseArgs jargon)', () => {
  const a = captureArgs('x', ['cap', '--out', '-3', '--json'], FLAGS, 'usage: x');
  assert.equal(a?.values.out, '-3');
  assert.equal(captureArgs('x', ['cap', '--out', '-.5'], FLAGS, 'usage: x')?.values.out, '-.5');
});

test('option errors name the flag in one line before the usage', () => {
  const first = (argv: string[]) => {
    try {
      captureArgs('x', argv, FLAGS, 'usage: x');
    } catch (e) {
      assert.ok(e instanceof OptionError);
      return e.message.split('\n')[0];
    }
    assert.fail(`no error for ${argv.join(' ')}`);
  };
  assert.equal(first(['cap', '--bogus']), '--bogus: is not an option of this command');
  assert.equal(first(['cap', '--out']), '--out: needs a value');
  assert.equal(first(['cap', '--json=yes']), '--json: takes no value');
});

test('a flag given twice is refused, naming both values (parseArgs would keep the last: trial5 #16); a multiple flag is not', () => {
  const err = (argv: string[], flags: Parameters<typeof captureArgs>[2] = FLAGS) => {
    try {
      captureArgs('x', argv, flags, 'usage: x');
    } catch (e) {
      assert.ok(e instanceof OptionError);
      return e.message.split('\n')[0];
    }
    return undefined;
  };
  assert.equal(err(['cap', '--out', 'a.json', '--out=b.json']), '--out: is given twice (a.json and b.json): give it once');
  assert.equal(err(['cap', '--json', '--json']), '--json: is given twice: give it once');
  const many = { comm: { type: 'string', multiple: true } } as const;
  assert.equal(err(['cap', '--comm', 'a', '--comm', 'b'], many), undefined);
  assert.deepEqual(captureArgs('x', ['cap', '--comm', 'a', '--comm', 'b'], many, 'usage: x')?.values.comm, ['a', 'b']);
});
