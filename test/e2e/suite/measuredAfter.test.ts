import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CHART_SPECS, CURVE_LABELS, curveLabel } from '../../../src/shared/chartSpecs';
import { captureVmstat, type CanvasReport, hasProbe, interpolate, lastResult, probe, REPLAY_COMMAND, waitFor, workspaceFile } from './env';

const lab = (name: string) => workspaceFile('captures', 'lab', name);
const FOUR = ['observed', 'baseline', 'kcompressd', 'measuredAfter'] as const;

describe('Replay with a capture measured with kcompressd (the bundled lab pair)', () => {
  before(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('compares the prediction with the measured capture and draws it as a fourth curve on every chart', async function () {
    this.timeout(240_000);
    await vscode.commands.executeCommand(REPLAY_COMMAND, lab('steady-mm-baseline'),
      { prompt: false, options: { variant: 'mm' }, measuredAfter: lab('steady-mm-kcompressd').fsPath });
    const result = await waitFor('the replay of the lab baseline with its measured after', async () => {
      const r = await lastResult();
      return r && r.capture.endsWith('steady-mm-baseline') && r.measuredAfter ? r : undefined;
    }, 180_000);
    assert.ok(result.measuredAfterCapture?.endsWith('steady-mm-kcompressd'), result.measuredAfterCapture);
    for (const k of ['pgstealAnonPerS', 'kswapdCpuPct']) {
      const row = result.measuredAfter?.[k];
      assert.ok(row && Number.isFinite(row.predicted) && Number.isFinite(row.measured) && Number.isFinite(row.errorPct), `${k}: ${JSON.stringify(row)}`);
    }
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('reclaimReplay.replayWithMeasuredAfter'), 'the palette command is registered');
    if (!hasProbe) return; // what the charts draw is only visible to the UI probe
    // Polled until the panel shows this replay (the previous one may still be on screen while it renders).
    const view = await waitFor('the charts of the lab replay', async () => {
      const r = await probe<CanvasReport>('canvases', { selector: 'canvas[id^="chart-"]', wait: { selector: '#status', text: 'rendered' } });
      const pg = r.canvases.find((c) => c.id === 'chart-pgsteal')?.lines as { series: string[] } | null;
      return pg?.series.includes(CURVE_LABELS.measuredAfter) ? r : undefined;
    }, 90_000);
    for (const id of ['chart-free', 'chart-pgsteal', 'chart-kswapd']) {
      const lines = view.canvases.find((c) => c.id === id)!.lines as { series: string[]; colours: Record<string, string> };
      const spec = CHART_SPECS.find((s) => `chart-${s.id}` === id)!;
      for (const kind of FOUR) {
        const label = curveLabel(spec, kind, spec.lines[0].label);
        assert.ok(lines.series.includes(label), `${id}: no "${label}" in ${JSON.stringify(lines.series)}`);
      }
      const c = lines.colours;
      assert.equal(new Set([c.observed, c.baseline, c.kcompressd, c.measuredAfter]).size, 4, `${id}: four distinct colours ${JSON.stringify(c)}`);
    }
    for (const id of ['chart-stalls', 'chart-zram']) {
      const lines = view.canvases.find((c) => c.id === id)!.lines as { series: string[] };
      assert.ok(lines.series.some((l) => l.startsWith(`${CURVE_LABELS.measuredAfter} · `)), `${id}: ${JSON.stringify(lines.series)}`);
    }
    // The fourth curve is the kcompressd capture's own numbers at the hovered times (its file read here), from its own
    // first sample.
    type Readout = { id: string; samples: { t: number; rows: Record<string, number | null> }[] };
    const charts = await probe<Readout[]>('chartReadouts', { fractions: [0.3, 0.55, 0.8] });
    const after = captureVmstat(lab('steady-mm-kcompressd'));
    const binS = 0.1;
    const at = (key: string, t: number) => interpolate(after.t, after.col[key], after.t[0] + t);
    const checks: [string, (te: number) => number][] = [
      ['chart-free', (te) => at('nr_free_pages', te)],
      ['chart-pgsteal', (te) => (at('pgsteal_anon', te) - at('pgsteal_anon', te - binS)) / binS],
    ];
    for (const [id, expected] of checks) {
      for (const { t, rows } of charts.find((c) => c.id === id)!.samples) {
        const te = Math.max(1, Math.round(t / binS)) * binS; // the readout shows the bin nearest the cursor
        const shown = rows[CURVE_LABELS.measuredAfter];
        if (te > after.t[after.t.length - 1] - after.t[0]) continue; // past that capture's end: no value, a gap
        const want = expected(te);
        assert.ok(typeof shown === 'number' && Math.abs(shown - want) <= Math.max(1, Math.abs(want) * 0.005), `${id} at t = ${t} s: shown ${shown}, capture ${want}`);
      }
    }
    await probe('canvases', { selector: '#chart-pgsteal', scrollTo: '#chart-pgsteal', screenshot: 'measured-after-pgsteal.png' });
  });
});
