import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { damageWarnings, forEachLine, forEachLineBytes, readHead, MAX_LINE_CHARS } from './lineSource';
import { assertWarning } from '../testing/warnings';

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

// What a killed recorder leaves: the lines before the cut are handed out whole, the cut one dropped, and the cut is a
// gzip.ends-early warning at the first line not read.
test('a gzip that ends early: every whole line before the cut, then gzip.ends-early at the next line', async () => {
  const body = Array.from({ length: 200000 }, (_, i) => `row ${i} ${Math.sin(i)}`);
  const gz = gzipSync(body.join('\n') + '\n');
  const p = join(dir, 'cut.gz');
  writeFileSync(p, gz.subarray(0, gz.length >> 1));
  const { lines, r } = await collect(p);
  assert.ok(r.lines > 50000 && r.lines < 200000, `${r.lines} lines read`);
  assert.deepEqual(lines.map(([l]) => l), body.slice(0, r.lines));
  assert.deepEqual(lines.map(([, n]) => n), body.slice(0, r.lines).map((_, i) => i + 1));
  assert.deepEqual(damageWarnings(r), [r.damage]);
  assert.match(assertWarning(damageWarnings(r), 'gzip.ends-early', { file: p, line: r.lines + 1 }).message, /ends early after [\d,]+ lines;/);
});

// Damage in the middle (a stored block whose length check fails) stops the read there: the lines before are kept.
test('a gzip corrupt in the middle: the lines before the damage, then gzip.corrupt naming zlib\'s reason', async () => {
  const body = Array.from({ length: 200000 }, (_, i) => `row ${i} ${Math.sin(i)}`);
  const gz = Buffer.from(gzipSync(body.join('\n') + '\n', { level: 0 }));
  // A stored block's header in the second half: BTYPE 00, then LEN and its complement NLEN.
  let at = gz.length >> 1;
  while (!(gz[at] === 0 && (gz.readUInt16LE(at + 1) ^ gz.readUInt16LE(at + 3)) === 0xffff)) at++;
  gz[at + 3] ^= 1;
  const p = join(dir, 'corrupt.gz');
  writeFileSync(p, gz);
  const { lines, r } = await collect(p);
  assert.ok(r.lines > 10000 && r.lines < 200000, `${r.lines} lines read`);
  assert.deepEqual(lines.map(([l]) => l), body.slice(0, r.lines));
  const w = assertWarning(damageWarnings(r), 'gzip.corrupt', { file: p, line: r.lines + 1 });
  assert.match(w.message, /corrupt \(invalid stored block lengths\)/);
  assert.doesNotMatch(w.message, /ends early/);
  // Plain files are never damaged this way.
  assert.equal((await collect(join(dir, 'a.txt'))).r.damage, undefined);
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

async function collectBytes(path: string, opts = {}) {
  const lines: [string, number][] = [];
  const r = await forEachLineBytes(path, (b, s, e, n) => lines.push([b.toString('utf8', s, e), n]), opts);
  return { lines, r };
}

test('lines across many chunks equal a plain split of the file, plain and gzip', async () => {
  // About 6 MB (several read chunks) of varied line lengths, so lines straddle the chunk boundaries; CRLF on some.
  const rows = Array.from({ length: 60_000 }, (_, i) => `${i} ${'ab'.repeat(i % 97)}${i % 5 === 0 ? '\r' : ''}`);
  const body = rows.join('\n') + '\nlast-without-newline';
  const plain = join(dir, 'many.txt');
  writeFileSync(plain, body);
  const gz = join(dir, 'many.txt.gz');
  writeFileSync(gz, gzipSync(body));
  const want = body.split('\n').map((l, i): [string, number] => [l.endsWith('\r') ? l.slice(0, -1) : l, i + 1]);
  for (const p of [plain, gz]) {
    const { lines, r } = await collectBytes(p);
    assert.deepEqual(lines, want, p);
    assert.equal(r.bytes, Buffer.byteLength(body));
  }
});

test('forEachLineBytes cuts a runaway line to MAX_LINE_CHARS and goes on after it', async () => {
  const p = join(dir, 'long-bytes.txt');
  writeFileSync(p, 'short\n' + 'y'.repeat(MAX_LINE_CHARS * 5 + 3) + '\nafter\n' + 'z'.repeat(MAX_LINE_CHARS + 10));
  const { lines } = await collectBytes(p);
  assert.deepEqual(lines.map(([l, n]) => [l.length, n]), [[5, 1], [MAX_LINE_CHARS, 2], [5, 3], [MAX_LINE_CHARS, 4]]);
  assert.equal(lines[2][0], 'after');
});

test('forEachLineBytes: abort stops with CancelledError, a cut gzip is gzip.ends-early after the whole lines', async () => {
  const p = join(dir, 'big-bytes.txt');
  writeFileSync(p, 'abc\n'.repeat(1_000_000));
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(forEachLineBytes(p, () => {}, { signal: ac.signal }), { name: 'CancelledError' });
  const gz = gzipSync(Array.from({ length: 200000 }, (_, i) => `row ${i} ${Math.sin(i)}`).join('\n'));
  const cut = join(dir, 'cut-bytes.gz');
  writeFileSync(cut, gz.subarray(0, gz.length >> 1));
  const r = await forEachLineBytes(cut, () => {});
  assert.ok(r.lines > 1);
  assertWarning(damageWarnings(r), 'gzip.ends-early', { file: cut, line: r.lines + 1 });
});

// The line buffers are kept from one read to the next: no read may see another's bytes, also after a parser threw.
test('reads one after another, and after a parser error, see only their own file', async () => {
  const long = join(dir, 'long.txt');
  writeFileSync(long, `${'x'.repeat(3 << 20)}\nlast of long`);
  const short = join(dir, 'short.txt');
  writeFileSync(short, 'a\nb');
  await assert.rejects(forEachLine(long, () => {
    throw new Error('parser bug');
  }), /parser bug/);
  assert.deepEqual((await collect(short)).lines, [['a', 1], ['b', 2]]);
  const read = await collect(long);
  assert.deepEqual(read.lines.map(([l, n]) => [l.length, n]), [[MAX_LINE_CHARS, 1], ['last of long'.length, 2]]);
  const [first, second] = await Promise.all([collect(short), collect(long)]);
  assert.deepEqual(first.lines, [['a', 1], ['b', 2]]);
  assert.equal(second.lines[1][0], 'last of long');
});
