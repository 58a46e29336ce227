import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { forEachLine, readHead, MAX_LINE_CHARS } from './lineSource';
import { CaptureError } from '../errors';

const dir = mkdtempSync(join(tmpdir(), 'rr-lines-'));
async function collect(path: string) {
  const lines: [string, number][] = [];
  const r = await forEachLine(path, (l, n) => lines.push([l, n]));
  return { lines, r };
}

test('splits plain text with CRLF and no final newline', async () => {
  const p = join(dir, 'a.txt');
  writeFileSync(p, 'one\r\ntwo\n\nfour');
  const { lines, r } = await collect(p);
  assert.deepEqual(lines, [['one', 1], ['two', 2], ['', 3], ['four', 4]]);
  assert.equal(r.lines, 4);
});

test('reads gzip content identically to plain', async () => {
  const body = Array.from({ length: 5000 }, (_, i) => `line ${i} ünïcode`).join('\n') + '\n';
  const p = join(dir, 'b.txt.gz');
  writeFileSync(p, gzipSync(body));
  const { lines } = await collect(p);
  assert.equal(lines.length, 5000);
  assert.equal(lines[4999][0], 'line 4999 ünïcode');
  assert.equal((await readHead(p, 10)).toString(), 'line 0 ün');
});

test('a gzip that ends early is a CaptureError naming the file and a line', async () => {
  const body = Array.from({ length: 200000 }, (_, i) => `row ${i} ${Math.sin(i)}`).join('\n');
  const gz = gzipSync(body);
  const p = join(dir, 'cut.gz');
  writeFileSync(p, gz.subarray(0, gz.length >> 1));
  await assert.rejects(collect(p), (e: unknown) => e instanceof CaptureError && e.file === p && (e.line ?? 0) > 1 && /gzip/.test(e.message));
});

test('cuts a runaway line instead of growing without bound', async () => {
  const p = join(dir, 'long.txt');
  writeFileSync(p, 'x'.repeat(MAX_LINE_CHARS * 3) + '\nshort\n');
  const { lines } = await collect(p);
  assert.equal(lines.length, 2);
  assert.ok(lines[0][0].length <= MAX_LINE_CHARS * 2);
  assert.equal(lines[1][0], 'short');
});

test('abort stops reading with CancelledError', async () => {
  const p = join(dir, 'big.txt');
  writeFileSync(p, 'abc\n'.repeat(1_000_000));
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(forEachLine(p, () => {}, { signal: ac.signal }), { name: 'CancelledError' });
});
