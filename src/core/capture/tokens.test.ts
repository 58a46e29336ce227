import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { numericRow, parseIsoTime, parseNum, parseStampLine, splitColonValue, splitFields, splitKeyValue } from './tokens';

const key = fc.stringMatching(/^[a-z_][a-z0-9_]{0,30}$/);
const ws = fc.stringMatching(/^[ \t]{1,4}$/);

test('splitKeyValue round-trips generated key/value lines and never throws on any string', () => {
  fc.assert(fc.property(key, ws, fc.nat(), ws, (k, sep, v, trail) => {
    assert.deepEqual(splitKeyValue(`${k}${sep}${v}${trail}`), [k, v]);
  }));
  fc.assert(fc.property(fc.string(), (s) => {
    const r = splitKeyValue(s);
    assert.ok(r === null || (typeof r[0] === 'string' && Number.isFinite(r[1])));
  }));
});

test('splitKeyValue rejects lines that are not exactly key + number', () => {
  assert.equal(splitKeyValue('nr_free_pages'), null);
  assert.equal(splitKeyValue('nr_free_pages 12 3'), null);
  assert.equal(splitKeyValue('nr_free_pages 0x1f'), null);
  assert.equal(splitKeyValue('some avg10=0.00 avg60=0.38'), null);
  assert.equal(splitKeyValue('12 34'), null);
});

test('splitColonValue reads meminfo lines with and without kB, and round-trips', () => {
  assert.deepEqual(splitColonValue('MemTotal:       24684096 kB'), ['MemTotal', 24684096]);
  assert.deepEqual(splitColonValue('Active(anon):    2020004 kB'), ['Active(anon)', 2020004]);
  assert.deepEqual(splitColonValue('HugePages_Total:    6698'), ['HugePages_Total', 6698]);
  assert.equal(splitColonValue('MemTotal: lots kB'), null);
  assert.equal(splitColonValue('Node 0, zone DMA'), null);
  fc.assert(fc.property(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_()]{0,20}$/), ws, fc.nat(), fc.boolean(), (k, sep, v, kb) => {
    assert.deepEqual(splitColonValue(`${k}:${sep}${v}${kb ? ' kB' : ''}`), [k, v]);
  }));
  fc.assert(fc.property(fc.string(), (s) => { splitColonValue(s); }));
});

test('parseNum accepts decimal numbers only', () => {
  fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)), (x) => {
    assert.equal(parseNum(String(x)), x);
  }));
  for (const bad of ['', ' ', '0x10', '1e', 'NaN', 'Infinity', '1,5', '--1']) assert.equal(parseNum(bad), undefined, bad);
});

test('splitFields splits on runs of spaces and tabs', () => {
  assert.deepEqual(splitFields('  a \t b  c '), ['a', 'b', 'c']);
  assert.deepEqual(splitFields('   '), []);
  fc.assert(fc.property(fc.array(fc.stringMatching(/^[^\s]{1,8}$/), { minLength: 1 }), ws, (toks, sep) => {
    assert.deepEqual(splitFields(toks.join(sep)), toks);
  }));
});

test('parseStampLine reads every snapshot header form', () => {
  assert.deepEqual(parseStampLine('# t_mono=1007.184730 t_epoch=1795632278.278172'), { mono: 1007.18473, epoch: 1795632278.278172 });
  // A damaged time heads its snapshot without a time: not the digits before the damage.
  assert.deepEqual(parseStampLine('# t_mono=10p.0'), {});
  assert.deepEqual(parseStampLine('# t_mono=10000\u00ff0000.0 t_epoch=1795632278.5'), { epoch: 1795632278.5 });
  assert.deepEqual(parseStampLine('# 1007.123580 1795632278.217022'), { mono: 1007.12358, epoch: 1795632278.217022 });
  assert.deepEqual(parseStampLine('# 1091.937606 1795632363.031048 (pid 45)'), { mono: 1091.937606, epoch: 1795632363.031048 });
  assert.deepEqual(parseStampLine('1732560000.123456789'), { epoch: 1732560000.123456789 });
  assert.deepEqual(parseStampLine('=== 1732560000'), { epoch: 1732560000 });
  assert.deepEqual(parseStampLine('2026-11-25T18:44:38Z'), { epoch: 1795632278 });
  assert.deepEqual(parseStampLine('57.341146'), { mono: 57.341146 });
  assert.equal(parseStampLine('# t_mono t_epoch orig_data_size'), null);
  assert.equal(parseStampLine('nr_free_pages 12'), null);
  assert.equal(parseStampLine('# tracer: nop'), null);
  fc.assert(fc.property(fc.string(), (s) => { parseStampLine(s); }));
});

test('parseIsoTime treats zone-less times as UTC', () => {
  assert.equal(parseIsoTime('2026-11-25 18:44:38'), 1795632278);
  assert.equal(parseIsoTime('2026-11-25T18:44:38+01:00'), 1795632278 - 3600);
  assert.equal(parseIsoTime('yesterday'), undefined);
});

test('numericRow keeps the tokens beside the numbers and refuses a row with any non-number', () => {
  assert.deepEqual(numericRow('  1007.18  4096 64\t0 '), { raw: ['1007.18', '4096', '64', '0'], vals: [1007.18, 4096, 64, 0] });
  assert.equal(numericRow('1 2 x 4'), null);
  assert.deepEqual(numericRow(''), { raw: [], vals: [] });
});

test('a very long digit run that is not a number is refused (linear-time pattern)', () => {
  const long = '1'.repeat(200_000);
  assert.equal(parseNum(`${long}x`), undefined);
  assert.equal(parseNum(long), Number(long));
  assert.equal(parseNum('1.5e3'), 1500);
  assert.equal(parseNum('.5'), 0.5);
  assert.equal(parseNum('5.'), 5);
});
