// lab's worker count is --kcompressd, as replay's and sweep's; --workers, its old name, still works with a note.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFlags, renamedFlags } from './args';
import { OptionError } from '../core/errors';
import { HELP, PAIR_FLAGS, RUN_ONE_FLAGS, checkQueues, kcompressdSwitch } from './labCommand';

const NOTE = 'reclaim-replay: --workers is the old name of --kcompressd (deprecated)';

function parsed<O extends typeof PAIR_FLAGS | typeof RUN_ONE_FLAGS>(flags: O, argv: string[]) {
  const notes: string[] = [];
  return { values: parseFlags('lab', renamedFlags(argv, (m) => notes.push(m)), flags, HELP, false).values, notes };
}

test('lab pair: --kcompressd N is the worker count, checked against the design; --workers reads as it with a note', () => {
  const now = parsed(PAIR_FLAGS, ['--kcompressd', '4', '--queue', '4096']);
  assert.deepEqual(now.notes, []);
  assert.doesNotThrow(() => checkQueues('v1', now.values));
  const old = parsed(PAIR_FLAGS, ['--workers', '2']);
  assert.deepEqual(old.notes, [NOTE]);
  assert.equal(old.values.kcompressd, '2');
  assert.throws(() => checkQueues('v1', old.values), /^OptionError: --kcompressd: the v1 design has 4 and cannot change it at run time/);
  assert.throws(() => checkQueues('mm', parsed(PAIR_FLAGS, ['--workers=1', '--queue', '4096']).values), /--queue: the mm design has 256/);
  assert.throws(() => checkQueues(undefined, now.values), /--kcompressd: applies to a kcompressd kernel only/);
  assert.throws(() => parsed(PAIR_FLAGS, ['--workers', '2', '--kcompressd', '4']), /--kcompressd: is given twice \(2 and 4\)/);
});

test('lab run: --kcompressd off|on|N, and the old --kcompressd on --workers N', () => {
  const run = (...argv: string[]) => { const p = parsed(RUN_ONE_FLAGS, argv); return { ...kcompressdSwitch(p.values.kcompressd), notes: p.notes }; };
  assert.deepEqual(run('--kcompressd', 'off'), { kcompressd: 'off', notes: [] });
  assert.deepEqual(run('--kcompressd', 'on'), { kcompressd: 'on', notes: [] });
  assert.deepEqual(run('--kcompressd', '4'), { kcompressd: 'on', workers: '4', notes: [] });
  assert.deepEqual(run('--kcompressd', 'on', '--workers', '4'), { kcompressd: 'on', workers: '4', notes: [NOTE] });
  assert.deepEqual(run('--workers=4', '--kcompressd=on'), { kcompressd: 'on', workers: '4', notes: [NOTE] });
  assert.throws(() => run('--kcompressd', 'off', '--workers', '4'), /--kcompressd: a worker count \(4\) applies to a kcompressd kernel only/);
  assert.throws(() => run('--kcompressd', '2', '--workers', '4'), /--kcompressd: is given twice \(2 and 4\)/);
  assert.throws(() => run('--kcompressd', 'on', '--kcompressd', 'off'), /is given twice \(on and off\)/);
  assert.throws(() => run('--kcompressd', 'many'), /--kcompressd: must be an integer ≥ 1, got many/);
  assert.throws(() => run(), (e: unknown) => e instanceof OptionError && /--kcompressd: is required: off, on or a worker count/.test(e.message));
});

test('the usage names the worker count --kcompressd and --workers only as its old name', () => {
  assert.match(HELP, /--kcompressd off\|on\|N/);
  assert.match(HELP, /--kcompressd N --queue N/);
  assert.doesNotMatch(HELP.replace('--workers: old name', ''), /--workers/);
});
