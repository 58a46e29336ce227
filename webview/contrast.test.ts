import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { contrast, legibleOn, luminance, parseColour, separatePair, separatedLuminances, withLuminance } from './contrast';

// Background and charts colours of VS Code's four default theme kinds (Dark Modern, Light Modern, HC, HC Light).
const THEMES: [string, string, string, string][] = [
  ['dark', '#1f1f1f', '#cca700', '#3794ff'],
  ['light', '#ffffff', '#d18616', '#1a85ff'],
  ['high contrast', '#000000', '#ffa500', '#3794ff'],
  ['high contrast light', '#ffffff', '#b5200d', '#0f4a85'],
];

test('contrast ratio follows WCAG 2 (black on white is 21, a colour with itself 1)', () => {
  assert.equal(Math.round(contrast([0, 0, 0], [255, 255, 255])), 21);
  assert.equal(contrast([10, 120, 200], [10, 120, 200]), 1);
  assert.deepEqual(parseColour('#0f4a85'), [15, 74, 133]);
  assert.deepEqual(parseColour('rgba(1, 2, 3, 0.5)'), [1, 2, 3]);
  assert.equal(parseColour('var(--x)'), undefined);
});

test('withLuminance keeps the hue and hits the target luminance', () => {
  for (const target of [0.05, 0.2, 0.6]) {
    const c = withLuminance([209, 134, 22], target);
    assert.ok(Math.abs(luminance(c) - target) < 0.01, `${c} → ${luminance(c)} for ${target}`);
    assert.ok(c[0] >= c[1] && c[1] >= c[2], `still orange: ${c}`);
  }
});

for (const [kind, bg, a, b] of THEMES) {
  test(`${kind}: the two scenario colours are ≥ 3:1 apart and ≥ 3:1 from the background`, () => {
    const [x, y] = separatePair(a, b, bg).map((s) => parseColour(s)!);
    const back = parseColour(bg)!;
    for (const [what, r] of [['a/b', contrast(x, y)], ['a/bg', contrast(x, back)], ['b/bg', contrast(y, back)]] as const) {
      assert.ok(r >= 3, `${what} ${r.toFixed(2)}`);
    }
  });
}

test('a mid-grey background puts one colour on each side', () => {
  const l = separatedLuminances(0.2, 3);
  assert.ok(l && l[0] > 0.2 && l[1] < 0.2, String(l));
  assert.equal(separatedLuminances(0.2, 10), undefined);
});

// --vscode-charts-purple in the four default theme kinds, for the "measured with kcompressd" curve.
const PURPLES: [string, string, string][] = [['dark', '#1f1f1f', '#b180d7'], ['light', '#ffffff', '#652d90'], ['high contrast', '#000000', '#b180d7'],
  ['high contrast light', '#ffffff', '#652d90']];

for (const [kind, bg, purple] of PURPLES) {
  test(`${kind}: a curve colour is moved to ≥ 3:1 from the background, its hue kept`, () => {
    for (const c of [purple, '#777777', '#303030', '#d0d0d0']) {
      const out = parseColour(legibleOn(c, bg))!;
      assert.ok(contrast(out, parseColour(bg)!) >= 3, `${c} → ${out} on ${bg}: ${contrast(out, parseColour(bg)!).toFixed(2)}`);
    }
    assert.equal(legibleOn(purple, bg), purple, 'the theme\'s own purple already stands out');
  });
}
