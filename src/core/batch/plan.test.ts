import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../capture/testing/tempFiles';
import { CaptureError, OptionError } from '../errors';
import { dispatchOrder, listCaptures, outputName, parseShard, shardItems } from './plan';

test('N shards cover the list exactly once, each within one item of the others (property)', () => {
  fc.assert(fc.property(fc.array(fc.string(), { maxLength: 60 }), fc.integer({ min: 1, max: 12 }), (ids, n) => {
    const items = ids.map((id, i) => `${i}:${id}`);
    const shards = Array.from({ length: n }, (_, i) => shardItems(items, { index: i, count: n }));
    const union = shards.flat();
    assert.equal(union.length, items.length, 'no item twice');
    assert.deepEqual([...union].sort(), [...items].sort(), 'every item once');
    const sizes = shards.map((s) => s.length);
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1);
    assert.deepEqual(shardItems(items, { index: n - 1, count: n }), shards[n - 1], 'the same shard twice is the same list');
  }));
  assert.deepEqual(shardItems(['a', 'b'], null), ['a', 'b']);
});

test('--shard: I/N, /N or N with JOB_COMPLETION_INDEX; bad specs are option errors', () => {
  assert.deepEqual(parseShard('2/5', {}), { index: 2, count: 5 });
  assert.deepEqual(parseShard('/5', { JOB_COMPLETION_INDEX: '4' }), { index: 4, count: 5 });
  assert.deepEqual(parseShard('3', { JOB_COMPLETION_INDEX: '0' }), { index: 0, count: 3 });
  assert.deepEqual(parseShard('1/3', { JOB_COMPLETION_INDEX: '2' }), { index: 1, count: 3 }, 'an explicit index wins');
  assert.equal(parseShard(undefined, { JOB_COMPLETION_INDEX: '1' }), null);
  for (const env of ['x', '1.5', '-1', '']) {
    assert.throws(() => parseShard('/4', { JOB_COMPLETION_INDEX: env }), (e: unknown) => e instanceof OptionError
      && e.message.includes(`JOB_COMPLETION_INDEX, which is not a whole number: '${env}'`), env);
  }
  for (const bad of ['5/5', '0/0', 'a/b', '/3', '-1/3', '1/2/3']) assert.throws(() => parseShard(bad, {}), OptionError, bad);
});

test('a folder lists its sub-folders and capture files in order; a manifest its lines, relative to itself', async () => {
  const root = tempDir({ 'b_trace.txt': '         kswapd0-45      [001] ..... 1.000000: mm_vmscan_kswapd_wake: nid=0 order=0\n', 'notes.md': '# notes\n' });
  mkdirSync(join(root, 'a_capture'));
  mkdirSync(join(root, 'c_capture'));
  mkdirSync(join(root, '.dist-a'));
  writeFileSync(join(root, '.hidden_trace.txt'), '         kswapd0-45      [001] ..... 1.000000: mm_vmscan_kswapd_wake: nid=0 order=0\n');
  symlinkSync(join(root, 'a_capture'), join(root, 'd_link'));
  symlinkSync(join(root, 'nowhere'), join(root, 'e_dangling'));
  const { items, skipped } = await listCaptures(root);
  assert.deepEqual(items.map((i) => i.id), ['a_capture', 'b_trace.txt', 'c_capture', 'd_link']);
  assert.deepEqual(skipped, ['.dist-a', '.hidden_trace.txt', 'e_dangling', 'notes.md'], 'dot entries are skipped, never captures');
  assert.equal(items[0].path, join(root, 'a_capture'));
  const manifest = join(root, 'list.txt');
  writeFileSync(manifest, '# fleet\nc_capture\n\na_capture\nc_capture\n/abs/elsewhere\n');
  const m = await listCaptures(manifest);
  assert.deepEqual(m.items.map((i) => [i.id, i.path]), [['/abs/elsewhere', '/abs/elsewhere'], ['a_capture', join(root, 'a_capture')], ['c_capture', join(root, 'c_capture')]]);
  await assert.rejects(listCaptures(join(root, 'missing')), CaptureError);
  writeFileSync(manifest, '# nothing\n');
  await assert.rejects(listCaptures(manifest), /no captures listed/);
});

test('a sub-folder with no capture file of its own but sub-folders is a folder of captures, listed one level down', async () => {
  const wake = '         kswapd0-45      [001] ..... 1.000000: mm_vmscan_kswapd_wake: nid=0 order=0\n';
  const root = tempDir({});
  for (const [dir, files] of [['lab/steady-baseline', { 'trace.txt': wake, 'notes.md': '# n\n' }], ['lab/steady-kcompressd/deeper', { 'trace.txt': wake }],
    ['lab/.cache', {}], ['plain', { 'trace.txt': wake }], ['plain/sub', { 'trace.txt': wake }], ['empty', {}]] as const) {
    mkdirSync(join(root, dir), { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(root, dir, name), text);
  }
  writeFileSync(join(root, 'lab', 'README.md'), '# lab captures\n');
  const { items, skipped } = await listCaptures(root);
  assert.deepEqual(items.map((i) => [i.id, i.path]), [['empty', join(root, 'empty')], ['lab/steady-baseline', join(root, 'lab', 'steady-baseline')],
    ['lab/steady-kcompressd', join(root, 'lab', 'steady-kcompressd')], ['plain', join(root, 'plain')]]);
  assert.deepEqual(skipped, ['lab/.cache', 'lab/README.md']);
  assert.notEqual(outputName('lab/steady-baseline'), outputName('lab_steady-baseline'));
});

test('output names are file-safe and distinct for distinct ids', () => {
  const ids = ['a/b', 'a_b', '../x', 'A', 'a', ' spaced name ', '.hidden'];
  const names = ids.map(outputName);
  assert.equal(new Set(names).size, ids.length);
  for (const n of names) assert.match(n, /^[A-Za-z0-9][A-Za-z0-9._-]*\.[0-9a-f]{8}\.json$|^capture\.[0-9a-f]{8}\.json$/);
});

test('a batch dispatches the largest captures first, ties by id; a missing capture counts as empty', async () => {
  const root = tempDir({ 'small.txt': 'x'.repeat(10), 'big.txt': 'x'.repeat(1000), 'tie_b.txt': 'x'.repeat(50), 'tie_a.txt': 'x'.repeat(50) });
  mkdirSync(join(root, 'folder'));
  writeFileSync(join(root, 'folder', 'one'), 'x'.repeat(300));
  writeFileSync(join(root, 'folder', 'two'), 'x'.repeat(300));
  const item = (id: string) => ({ id, path: join(root, id) });
  const order = await dispatchOrder(['gone', 'small.txt', 'tie_b.txt', 'folder', 'big.txt', 'tie_a.txt'].map(item));
  assert.deepEqual(order.map((i) => i.id), ['big.txt', 'folder', 'tie_a.txt', 'tie_b.txt', 'small.txt', 'gone']);
});
