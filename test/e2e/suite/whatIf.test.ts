import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { contrast, parseColour, type Rgb } from '../../../webview/contrast';
import type { CompareResult } from '../../../src/core/compare/compare';
import type { SweepView } from '../../../src/shared/protocol';
import { type CanvasReport, hasProbe, lastResult, probe, vmstatOnlyCapture, waitFor } from './env';

type Lines = { label: string; colour: string; points: number }[];

/**
 * The colour `css` as drawn on the canvas: the most frequent pixel colour within a few levels of it (line centres;
 * anti-aliased edges blend with what is behind). Fails when fewer than 20 such pixels exist.
 */
function rendered(report: CanvasReport['canvases'][number], css: string): Rgb {
  const want = parseColour(css);
  assert.ok(want, `not a colour: ${css}`);
  const near = report.colours.filter((c) => Math.hypot(c.rgb[0] - want[0], c.rgb[1] - want[1], c.rgb[2] - want[2]) <= 6);
  const pixels = near.reduce((n, c) => n + c.n, 0);
  assert.ok(pixels >= 20, `${css} is drawn on ${pixels} pixels of ${report.id}`);
  return near[0].rgb;
}

describe('what-if tools in the panel', () => {
  before(async function () {
    if (!hasProbe) this.skip(); // buttons and canvases are only reachable through the UI probe
    assert.ok(await lastResult(), 'the replay tests run first and leave the panel with a result');
    await vscode.commands.executeCommand('reclaimReplay.showResults');
  });

  it('Sweep… runs the grid from the panel and draws one point per grid cell', async function () {
    this.timeout(240_000);
    await probe('webviewAct', { actions: [
      { click: '#sweep-open' },
      { set: '#sweep-kcompressd', value: '1,4' }, { set: '#sweep-queue', value: '256,4096' },
      { set: '#sweep-cpus', value: '' }, { set: '#sweep-algorithm', value: '' }, { set: '#sweep-profile', value: '' },
      { click: '#sweep-run' },
    ] });
    const view = await waitFor('the sweep chart', () => probe<CanvasReport>('canvases', {
      selector: '#sweep-chart', wait: { selector: '#sweep-status', text: 'points in' }, scrollTo: '#sweep-result', screenshot: 'sweep.png',
    }).catch(() => undefined), 200_000);
    const sweep = await vscode.commands.executeCommand<SweepView>('reclaimReplay.lastSweep');
    assert.equal(sweep?.points.length, 4);
    assert.equal(new Set(sweep.points.map((p) => `${p.options.kcompressd}/${p.options.queue}`)).size, 4, 'one point per grid cell');
    const chart = view.canvases[0];
    assert.equal(chart.cells, '4');
    const lines = chart.lines as Lines;
    assert.equal(lines.reduce((n, l) => n + l.points, 0), 4, `drawn points: ${JSON.stringify(lines)}`);
    for (const p of sweep.points) assert.match(p.limit, /^(cpu-bound|fifo-full|demand-bound)$/);
  });

  it('Compare with… draws both captures\' measured curves and the figures side by side', async function () {
    this.timeout(120_000);
    const c = await vscode.commands.executeCommand<CompareResult>('reclaimReplay.compareWith', vmstatOnlyCapture());
    assert.ok(c, 'the comparison ran');
    const view = await waitFor('the compare charts', () => probe<CanvasReport>('canvases', {
      selector: '#compare-charts canvas', wait: { selector: '#compare-table', text: 'predicted change' }, scrollTo: '#compare', screenshot: 'compare.png',
    }).catch(() => undefined), 60_000);
    const steal = view.canvases.find((x) => x.id === 'compare-pgstealAnonPerS');
    assert.ok(steal, `no pgsteal comparison among ${view.canvases.map((x) => x.id)}`);
    const lines = steal.lines as Lines;
    const curve = c.curves.find((x) => x.metric === 'pgstealAnonPerS')!;
    assert.deepEqual(lines.map((l) => l.points), [curve.before.t.length, curve.after.t.length]);
    assert.ok(lines.every((l) => l.points > 5), JSON.stringify(lines));
    assert.match(lines[0].label, /^before: demo$/);
    assert.match(lines[1].label, /^after: demo-vmstat$/);
    for (const l of lines) rendered(steal, l.colour);
    assert.ok(c.rows.some((r) => r.key === 'pgstealAnonPerS' && r.predicted !== undefined), 'the replay of BEFORE predicts the after');
  });
});

// VS Code's four theme kinds, and the body class the webview gets for each.
const THEMES: [string, string, string][] = [
  ['Default Dark Modern', 'vscode-dark', 'dark'],
  ['Default Light Modern', 'vscode-light', 'light'],
  ['Default High Contrast', 'vscode-high-contrast', 'high-contrast'],
  ['Default High Contrast Light', 'vscode-high-contrast-light', 'high-contrast-light'],
];

describe('charts in each theme kind', () => {
  const config = () => vscode.workspace.getConfiguration('workbench');
  let original: unknown;

  before(async function () {
    if (!hasProbe) this.skip();
    original = config().inspect('colorTheme')?.globalValue;
    await vscode.commands.executeCommand('reclaimReplay.showResults');
  });

  after(async () => {
    if (hasProbe) await config().update('colorTheme', original, vscode.ConfigurationTarget.Global);
  });

  it('each kcompressd worker\'s busy line stays within 100 % of one CPU', async () => {
    const view = await probe<CanvasReport>('canvases', { selector: '#chart-kcompressd', wait: { selector: '#status', text: 'rendered' } });
    const d = view.canvases[0].lines as { max: { name: string; axis: string; value: number }[]; yTop: number };
    const busy = d.max.filter((m) => m.axis === 'y');
    assert.ok(busy.length > 0, 'busy lines drawn');
    for (const m of busy) assert.ok(m.value <= 100, `${m.name} reaches ${m.value} %`);
    assert.ok(d.yTop <= 100, `busy axis tops at ${d.yTop} %`);
  });

  for (const [theme, bodyClass, kind] of THEMES) {
    it(`${kind}: the two scenarios' colours are ≥ 3:1 apart and from the background, as drawn`, async function () {
      this.timeout(90_000);
      await config().update('colorTheme', theme, vscode.ConfigurationTarget.Global);
      // The page's class changes first; the charts redraw with the new palette right after, so a person looks
      // until the palette and background have stayed the same for a second before judging them.
      let last = '';
      let since = 0;
      const view = await waitFor(`the webview in ${theme}, its palette settled`, async () => {
        const v = await probe<CanvasReport>('canvases', { selector: '#chart-pgsteal', wait: { selector: '#status', text: 'rendered' } });
        const colours = (v.canvases[0]?.lines as { colours: Record<string, string> } | null)?.colours;
        if (!v.className.split(' ').includes(bodyClass) || !colours?.baseline || !v.canvases[0].colours.length) return undefined;
        const seen = JSON.stringify([colours, v.canvases[0].colours, v.background]);
        if (seen !== last) [last, since] = [seen, Date.now()];
        return Date.now() - since >= 1000 ? v : undefined;
      }, 60_000);
      await probe('canvases', { selector: '#chart-pgsteal', scrollTo: '#chart-pgsteal', screenshot: `theme-${kind}.png` });
      const chart = view.canvases[0];
      const roles = (chart.lines as { colours: Record<string, string> }).colours;
      const a = rendered(chart, roles.baseline);
      const b = rendered(chart, roles.kcompressd);
      const bg = parseColour(view.background);
      assert.ok(bg, `background ${view.background}`);
      const ratios = { between: contrast(a, b), baseline: contrast(a, bg), kcompressd: contrast(b, bg) };
      for (const [what, r] of Object.entries(ratios)) assert.ok(r >= 3, `${kind}: ${what} contrast ${r.toFixed(2)} (${JSON.stringify({ a, b, bg })})`);
    });
  }
});
