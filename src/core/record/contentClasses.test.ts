import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { ClassPicker, CONTENT_CLASSES, ContentPools, DEFAULT_MIX, fillPage, PAGE, parseMix, Rng, type ContentClass } from './contentClasses';

const rng = new Rng(7);
const pools = new ContentPools(rng, 1 << 16);

function page(cls: ContentClass, dirty = true): Buffer {
  const buf = Buffer.alloc(PAGE);
  if (dirty) buf.fill(0xab); // reused memory: classes must not rely on zeroed pages
  fillPage(buf, 0, cls, rng, pools, 3);
  return buf;
}
const ratio = (b: Buffer) => b.length / deflateRawSync(b).length;

test('zero, same-filled and sparse pages have the shape zram and the swap zeromap detect', () => {
  assert.ok(page('zero').every((b) => b === 0));
  const fill = page('fill');
  assert.ok(fill[0] !== 0 && fill.every((b) => b === fill[0]));
  const words = new BigUint64Array(page('sparse').buffer);
  const nonzero = words.filter((w) => w !== 0n).length;
  assert.ok(nonzero >= 1 && nonzero <= 8, `sparse non-zero words ${nonzero}`);
});

test('text and pointer pages compress, random pages do not', () => {
  assert.ok(ratio(page('rand')) < 1.05, `rand ${ratio(page('rand'))}`);
  assert.ok(ratio(page('text')) > 1.5, `text ${ratio(page('text'))}`);
  assert.ok(ratio(page('ptr')) > 1.5, `ptr ${ratio(page('ptr'))}`);
  assert.ok(ratio(page('ptr')) < 20, 'ptr pages are not trivially compressible');
});

test('class picker follows the mix, in runs of several pages', () => {
  const picker = new ClassPicker(DEFAULT_MIX, new Rng(11));
  const counts = Object.fromEntries(CONTENT_CLASSES.map((c) => [c, 0])) as Record<ContentClass, number>;
  let switches = 0;
  let prev: ContentClass | undefined;
  const n = 400000;
  for (let i = 0; i < n; i++) {
    const c = picker.next();
    counts[c]++;
    if (c !== prev) switches++;
    prev = c;
  }
  for (const c of CONTENT_CLASSES) {
    const pct = (counts[c] / n) * 100;
    assert.ok(Math.abs(pct - DEFAULT_MIX[c]) < 2, `${c}: ${pct.toFixed(1)} % vs ${DEFAULT_MIX[c]} %`);
  }
  // Runs of 1–32 pages average 16.5; consecutive runs of one class merge, so observed runs are a bit longer.
  const meanRun = n / switches;
  assert.ok(meanRun > 16 && meanRun < 25, `mean run ${meanRun}`);
});

test('mix parsing accepts class=weight lists and rejects the rest', () => {
  assert.deepEqual(parseMix('zero=50,rand=50'), { zero: 50, fill: 0, text: 0, ptr: 0, sparse: 0, rand: 50 });
  assert.throws(() => parseMix('zero=50,bogus=1'), /--mix/);
  assert.throws(() => parseMix('zero=0'), /all weights are 0/);
  assert.throws(() => parseMix('zero'), /--mix/);
});
