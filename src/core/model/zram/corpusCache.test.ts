import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../capture/testing/tempFiles';
import { PageCorpus } from './corpus';
import { storedCorpus } from './corpusCache';
import { PAGE_CLASSES } from './pageClasses';

const samples = (c: PageCorpus) => PAGE_CLASSES.map((cls) => c.samples(cls));

test('a stored corpus is the built one: same samples; another code key or seed misses; a torn file is rebuilt', () => {
  const dir = tempDir({});
  const opts = { algorithm: 'lz4', seed: 3, pagesPerClass: 16 } as const;
  const built = PageCorpus.build(opts);
  const first = storedCorpus(opts, { dir, codeKey: 'code-a' });
  assert.deepEqual(samples(first), samples(built));
  const files = readdirSync(dir);
  assert.equal(files.length, 1, 'one file per corpus');
  const again = storedCorpus(opts, { dir, codeKey: 'code-a' });
  assert.deepEqual(samples(again), samples(built), 'read back');
  assert.deepEqual(again.weights, built.weights);
  storedCorpus(opts, { dir, codeKey: 'code-b' });
  storedCorpus({ ...opts, seed: 4 }, { dir, codeKey: 'code-a' });
  storedCorpus({ ...opts, algorithm: 'lzo-rle' }, { dir, codeKey: 'code-a' });
  assert.equal(readdirSync(dir).length, 4, 'code, seed and algorithm are in the key');
  writeFileSync(join(dir, files[0]), '{"magic": "reclaim-replay corpus sizes", "key"');
  assert.deepEqual(samples(storedCorpus(opts, { dir, codeKey: 'code-a' })), samples(built), 'a torn file is a miss');
});

test('stored sizes that do not fit the options are a miss, not a corpus', () => {
  const dir = tempDir({});
  const opts = { algorithm: 'lz4', seed: 5, pagesPerClass: 8 } as const;
  storedCorpus(opts, { dir, codeKey: 'k' });
  const [file] = readdirSync(dir);
  const entry = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  entry.sizes[2][0] = 99999;
  writeFileSync(join(dir, file), JSON.stringify(entry));
  assert.deepEqual(samples(storedCorpus(opts, { dir, codeKey: 'k' })), samples(PageCorpus.build(opts)));
  assert.throws(() => PageCorpus.fromSizes(opts, entry.sizes, 0), RangeError);
});

test('no folder or no code key: built every time, nothing written', () => {
  const dir = tempDir({});
  const opts = { algorithm: 'lz4', seed: 1, pagesPerClass: 4 } as const;
  storedCorpus(opts, { dir, codeKey: null });
  storedCorpus(opts, { dir: null, codeKey: 'k' });
  assert.deepEqual(readdirSync(dir), []);
});

test('the store keeps the most recently written corpora', () => {
  const dir = tempDir({});
  for (let seed = 0; seed < 11; seed++) storedCorpus({ algorithm: 'lz4', seed, pagesPerClass: 2 }, { dir, codeKey: 'k' });
  assert.equal(readdirSync(dir).length, 8);
});
