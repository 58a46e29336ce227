import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { test } from 'node:test';
import { defaultCacheDir, loadCaptureCached } from './captureCache';
import { loadCapture } from './loadCapture';
import { tempDir } from './testing/tempFiles';
import { assertNoWarning } from '../testing/warnings';

const vmstat = (n: number) => Array.from({ length: n }, (_, i) => `# t_mono=${100 + i}\nnr_free_pages ${1000 - i}\npgsteal_anon ${i * 7}\n`).join('');
const trace = '         kswapd0-45      [001] ..... 100.500000: mm_vmscan_kswapd_wake: nid=0 order=0\n'
  + '         kswapd0-45      [001] ..... 101.000000: mm_vmscan_write_folio: pfn=0x1 flags=RECLAIM_WB_ANON\n'
  + '         kswapd0-45      [001] ..... 102.000000: mm_vmscan_kswapd_sleep: nid=0\n';
const newCacheDir = () => mkdtempSync(join(tmpdir(), 'rr-cache-'));

test('the second load comes from the cache and equals a fresh parse', async () => {
  const dir = tempDir({ 'vmstat.txt': vmstat(20), 'trace.txt': trace.replace(/kswapd0-45/g, '__proto__-45') });
  const cacheDir = newCacheDir();
  const first = await loadCaptureCached(dir, { cacheDir });
  const second = await loadCaptureCached(dir, { cacheDir });
  assert.deepEqual([first.fromCache, second.fromCache], [false, true]);
  assert.deepEqual(second.capture, await loadCapture(dir));
  assert.equal(second.capture.vmstat!.columns.get('pgsteal_anon')![19], 133);
  assert.equal(second.capture.trace!.writeFolio!['__proto__'].n, 1);
});

test('another spelling of the same capture (relative from another folder, absolute) never gets the first run\'s paths', async () => {
  const dir = tempDir({ 'vmstat.txt': vmstat(20), 'trace.txt': trace, 'notes.md': '# not a capture\n' });
  const cacheDir = newCacheDir();
  const cwd = process.cwd();
  process.chdir(dirname(dir));
  let relative;
  try {
    relative = await loadCaptureCached(basename(dir), { cacheDir });
  } finally {
    process.chdir(cwd);
  }
  assert.equal(relative.capture.root, basename(dir));
  const absolute = await loadCaptureCached(dir, { cacheDir });
  assert.deepEqual(absolute.capture, await loadCapture(dir), 'the paths of this run');
  assert.ok(absolute.capture.sources.every((s) => s.path.startsWith(dir)));
  assert.ok(absolute.capture.warnings.some((w) => w.file === join(dir, 'notes.md')), 'the skipped file named by this run\'s path');
  assert.equal((await loadCaptureCached(dir, { cacheDir })).fromCache, true, 'the same spelling again is a hit');
});

test('a changed file (size or mtime), another purpose or another capture is a miss', async () => {
  const dir = tempDir({ 'vmstat.txt': vmstat(20) });
  const cacheDir = newCacheDir();
  await loadCaptureCached(dir, { cacheDir });
  writeFileSync(join(dir, 'vmstat.txt'), vmstat(21));
  const grown = await loadCaptureCached(dir, { cacheDir });
  assert.equal(grown.fromCache, false);
  assert.equal(grown.capture.vmstat!.times.length, 21);
  utimesSync(join(dir, 'vmstat.txt'), new Date(), new Date(Date.now() + 5000));
  assert.equal((await loadCaptureCached(dir, { cacheDir })).fromCache, false);
  assert.equal((await loadCaptureCached(dir, { cacheDir, purpose: 'replay' })).fromCache, false);
  assert.equal((await loadCaptureCached(dir, { cacheDir, purpose: 'replay' })).fromCache, true);
  assert.equal((await loadCaptureCached(tempDir({ 'vmstat.txt': vmstat(21) }), { cacheDir })).fromCache, false);
});

test('a corrupt or truncated cache file is a miss that is replaced, never an error', async () => {
  const dir = tempDir({ 'vmstat.txt': vmstat(5) });
  const cacheDir = newCacheDir();
  await loadCaptureCached(dir, { cacheDir });
  const [entry] = readdirSync(cacheDir);
  for (const junk of [Buffer.from('not a cache file'), Buffer.alloc(0), Buffer.from([0xff, 0x0f, 0x6f, 0x22])]) {
    writeFileSync(join(cacheDir, entry), junk);
    const r = await loadCaptureCached(dir, { cacheDir });
    assert.equal(r.fromCache, false);
    assert.equal(r.capture.vmstat!.times.length, 5);
  }
  assert.equal((await loadCaptureCached(dir, { cacheDir })).fromCache, true);
});

test('cacheDir null turns the cache off; an unwritable folder only costs a parse', async () => {
  const dir = tempDir({ 'vmstat.txt': vmstat(5) });
  assert.equal((await loadCaptureCached(dir, { cacheDir: null })).fromCache, false);
  const file = join(newCacheDir(), 'a-file');
  writeFileSync(file, '');
  for (let i = 0; i < 2; i++) assert.equal((await loadCaptureCached(dir, { cacheDir: join(file, 'below') })).fromCache, false);
});

test('the cache folder: RECLAIM_REPLAY_CACHE, else XDG_CACHE_HOME, else ~/.cache', () => {
  assert.equal(defaultCacheDir({ RECLAIM_REPLAY_CACHE: '/x/y' }), '/x/y');
  assert.equal(defaultCacheDir({ RECLAIM_REPLAY_CACHE: 'off', XDG_CACHE_HOME: '/c' }), null);
  assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/c' }), '/c/reclaim-replay');
  assert.match(defaultCacheDir({ XDG_CACHE_HOME: 'relative' })!, /\.cache\/reclaim-replay$/);
});

// The timeout only turns a hang (recursive mkdir spinning on procfs) into a failure; nothing is timed.
test('an unwritable cache folder (under a file, or in procfs) is one warning, then the cache is off; the capture loads', { timeout: 60_000 }, async () => {
  const capDir = tempDir({ 'vmstat.txt': vmstat(20) });
  const holder = tempDir({ 'file': 'x' });
  for (const cacheDir of [join(holder, 'file', 'cache'), ...(existsSync('/proc/self') ? ['/proc/reclaim-replay-nocache'] : [])]) {
    const first = await loadCaptureCached(capDir, { cacheDir });
    assert.equal(first.capture.vmstat!.times.length, 20);
    assert.deepEqual(first.capture.warnings.filter((w) => w.code === 'capture.cache-off').map((w) => w.message), [`capture cache ${cacheDir}: cannot write (${cacheDir.startsWith('/proc') ? 'ENOENT' : 'ENOTDIR'}); the cache is off for this run`]);
    const second = await loadCaptureCached(capDir, { cacheDir });
    assert.equal(second.fromCache, false);
    assertNoWarning(second.capture.warnings, 'capture.cache-off');
  }
});
