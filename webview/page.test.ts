/// <reference types="node" />
// The built webview bundle in a real Chromium: the HTML report renders all charts from its embedded data, and in
// host mode the page speaks only the protocol (drops strangers, posts status, re-run and export requests).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { renderHtmlReport } from '../src/core/report/html';
import { CHART_IDS, isWebviewMessage } from '../src/shared/protocol';
import { fakeResult } from '../test/fixtures/fakeResult';

const CHROMIUM = '/usr/bin/chromium';
const repo = resolve(__dirname, '..');
const skip = existsSync(CHROMIUM) ? undefined : `${CHROMIUM} not found (apt-get install chromium)`;
let browser: Browser | undefined;
let dir = '';
let assets = { js: '', css: '' };

before(async () => {
  if (skip) return;
  const b = spawnSync(process.execPath, ['build.mjs', '--only', 'webview'], { cwd: repo, env: { ...process.env, QUIET_BUILD: '1' } });
  assert.equal(b.status, 0, String(b.stderr));
  assets = { js: readFileSync(join(repo, 'dist/webview/main.js'), 'utf8'), css: readFileSync(join(repo, 'dist/webview/main.css'), 'utf8') };
  dir = mkdtempSync(join(tmpdir(), 'reclaim-webview-'));
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
});

after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function open(name: string, html: string, init?: string): Promise<{ page: Page; errors: string[] }> {
  const file = join(dir, name);
  writeFileSync(file, html);
  const page = await browser!.newPage({ viewport: { width: 1200, height: 1400 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (init) await page.addInitScript({ content: init });
  await page.goto(`file://${file}`);
  return { page, errors };
}

const rendered = (page: Page) => page.waitForFunction(() => document.getElementById('status')?.textContent === 'rendered', null, { timeout: 20_000 });

/** Non-transparent pixels per chart canvas. */
const painted = (page: Page) => page.evaluate(() => Object.fromEntries([...document.querySelectorAll('canvas')].map((c) => {
  const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i]) n++;
  return [c.id, n];
})));

test('the HTML report draws every chart from its embedded data', { skip }, async () => {
  const { page, errors } = await open('report.html', renderHtmlReport(fakeResult(5000), assets));
  await rendered(page);
  const px = await painted(page);
  assert.deepEqual(Object.keys(px).sort(), CHART_IDS.map((id) => `chart-${id}`).sort());
  for (const [id, n] of Object.entries(px)) assert.ok(n > 2000, `${id} has only ${n} painted pixels`);
  assert.match(await page.locator('#headline').innerText(), /×2\.40/);
  assert.equal(await page.locator('#rerun').count(), 0, 'a static report has no re-run controls');
  assert.deepEqual(errors, []);
  await page.close();
});

test('in host mode the page posts only protocol messages and drops strangers', { skip }, async () => {
  const shell = `<!DOCTYPE html><html><head><style>${assets.css}</style></head><body><script>${assets.js.replace(/<\/script/gi, '<\\/script')}</script></body></html>`;
  const { page, errors } = await open('host.html', shell,
    'window.posted = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.posted.push(m), getState: () => window.state, setState: (s) => { window.state = s; } });');
  const r = fakeResult(3000);
  const plain = JSON.stringify({ ...r, series: undefined });
  const series = { t: Array.from(r.series!.t), baseline: Object.fromEntries(Object.entries(r.series!.baseline).map(([k, v]) => [k, Array.from(v)])),
    kcompressd: Object.fromEntries(Object.entries(r.series!.kcompressd).map(([k, v]) => [k, Array.from(v)])), watermarks: r.series!.watermarks };
  const warnings: string[] = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  // A string, not a function: tsx would inject helpers the page does not have.
  await page.evaluate(`(() => {
    const s = ${JSON.stringify(series)};
    const f = (a) => Float64Array.from(a);
    const map = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
    const result = { ...${plain}, series: { t: f(s.t), watermarks: s.watermarks, baseline: map(s.baseline), kcompressd: map(s.kcompressd) } };
    window.postMessage({ type: 'run-shell', command: 'rm -rf /' }, '*');
    window.postMessage({ type: 'result', result, source: { kind: 'missing', wanted: 'drivers/block/zram/kcompressd.c' } }, '*');
  })()`);
  await rendered(page);
  assert.match(await page.locator('#source-note').innerText(), /would be drivers\/block\/zram\/kcompressd\.c/);
  // The panel shows the before/after table and the kcompressd section the CLI prints (the same shared rows).
  assert.match(await page.locator('#summary-table').innerText(), /pgsteal_anon\/s\s+300,000\s+720,000\s+2\.40/);
  assert.match(await page.locator('#kcompressd').innerText(), /queued 96\.8 %, -EBUSY fallback 3\.3 %.*deepest worker FIFO 4,096 of 4,096/);
  await page.locator('#opt-kcompressd input').fill('2');
  await page.click('#rerun');
  await page.click('#export-json');
  await page.click('#png-free');
  const posted = await page.evaluate(() => (window as unknown as { posted: unknown[] }).posted);
  for (const m of posted) assert.ok(isWebviewMessage(m), `not a protocol message: ${JSON.stringify(m).slice(0, 200)}`);
  const types = posted.map((m) => (m as { type: string }).type);
  assert.deepEqual(types, ['ready', 'status', 'rerun', 'export', 'export']);
  const status = posted[1] as { charts: number; points: number };
  assert.equal(status.charts, 6);
  assert.ok(status.points > 0 && status.points < 6 * 3 * 3000, 'decimated points, not every sample');
  assert.equal((posted[2] as { options: { kcompressd: number } }).options.kcompressd, 2);
  assert.ok(warnings.some((w) => w.includes('dropped a message') && w.includes('run-shell')), warnings.join('\n'));
  assert.deepEqual(errors, []);
  await page.close();
});

test('the report leads with the verdict; hovering a chart reads the device and both simulated kernels; an unmeasured figure is said, not drawn', { skip }, async () => {
  const { page, errors } = await open('verdict.html', renderHtmlReport(fakeResult(2000), assets));
  await rendered(page);
  assert.match(await page.locator('#verdict').innerText(), /^Baseline misses/);
  const hover = async (id: string) => {
    await page.locator(`#chart-${id}`).scrollIntoViewIfNeeded();
    const b = (await page.locator(`#chart-${id}`).boundingBox())!;
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
    return page.locator(`#chart-${id} ~ .readout`).innerText();
  };
  const readout = await hover('pgsteal');
  for (const label of ['measured on the device', "simulated: today's kernel", 'simulated: with kcompressd']) assert.match(readout, new RegExp(`${label}: [\\d,.]+`), readout);
  assert.equal(await page.locator('#not-measured-pgsteal').count(), 0);
  assert.match(await page.locator('#not-measured-kcompressd').innerText(), /FIFO.*: not measured in this capture/);
  assert.match(await page.locator('#not-measured-stalls').innerText(), /^direct reclaim ms, memcg reclaim ms: not measured in this capture/);
  const stalls = await hover('stalls');
  assert.match(stalls, /measured on the device · allocstalls: /);
  assert.doesNotMatch(stalls, /measured on the device · direct reclaim ms/, 'no line, not even a zero one, for what the capture did not measure');
  assert.doesNotMatch(stalls, /measured on the device · memcg reclaim ms/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('with a capture measured with kcompressd every chart draws it as a fourth curve, and the table compares it', { skip }, async () => {
  const r = fakeResult(2000);
  const s = r.series!;
  // That capture measured reclaim and kswapd, not zram: its zram curves are said to be missing, not drawn as 0.
  s.measuredAfter = Object.fromEntries(Object.entries(s.kcompressd).filter(([k]) => !k.startsWith('zram') && !k.startsWith('workerBusyPct'))
    .map(([k, v]) => [k, v.map((x) => x * 0.8)]));
  r.measuredAfter = { pgstealAnonPerS: { predicted: 720000, measured: 600000, errorPct: 20 } };
  r.measuredAfterCapture = 'lab/steady-kcompressd';
  const { page, errors } = await open('after.html', renderHtmlReport(r, assets));
  await rendered(page);
  const lines = (id: string) => page.evaluate((c) => JSON.parse(document.getElementById(c)!.dataset.lines!) as { series: string[]; colours: Record<string, string> }, `chart-${id}`);
  const pg = await lines('pgsteal');
  assert.deepEqual(pg.series, ['measured on the device', "simulated: today's kernel", 'simulated: with kcompressd', 'measured with kcompressd']);
  assert.equal(new Set(Object.values(pg.colours)).size, 4, `four colours: ${JSON.stringify(pg.colours)}`);
  assert.ok((await lines('stalls')).series.includes('measured with kcompressd · allocstalls'));
  assert.ok(!(await lines('zram')).series.some((l) => l.startsWith('measured with kcompressd')));
  assert.match(await page.locator('#not-measured-after-zram').innerText(), /measured with kcompressd · zram MiB, ratio: not measured in that capture/);
  assert.match(await page.locator('#measured-after-table').innerText(), /pgsteal_anon\/s\s+720,000\s+600,000\s+\+20\.0/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('an after capture of another workload: its rows show no pass mark, and the note under the table says why', { skip }, async () => {
  const r = fakeResult(2000);
  const why = 'the two captures ran different workloads: they allocated ×3.3 apart, more than ×2 [pair.workload-differs]';
  r.measuredAfter = { kswapdCpuPct: { predicted: 74.3, measured: 78.8, errorPct: -5.7, notATest: why }, pgstealAnonPerS: { predicted: 720000, measured: 600000, errorPct: 20, notATest: why } };
  r.measuredAfterCapture = 'captures/A';
  const { page, errors } = await open('other-workload.html', renderHtmlReport(r, assets));
  await rendered(page);
  const table = await page.locator('#measured-after-table').innerText();
  assert.doesNotMatch(table, /✓|✗/);
  assert.equal(table.match(/not a test: another workload/g)?.length, 2, table);
  assert.match(await page.locator('#measured-after-note').innerText(), /^not a test: the two captures ran different workloads: they allocated ×3\.3 apart/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the panel\'s compare table says why a cell is n/a and marks a prediction for another workload not a test, as the CLI does', { skip }, async () => {
  const shell = `<!DOCTYPE html><html><head><style>${assets.css}</style></head><body><script>${assets.js.replace(/<\/script/gi, '<\\/script')}</script></body></html>`;
  const { page, errors } = await open('compare.html', shell,
    'window.acquireVsCodeApi = () => ({ postMessage: () => {}, getState: () => undefined, setState: () => {} });');
  const why = 'the two captures ran different workloads: one reclaimed in a memcg at its limit, the other globally [pair.workload-differs]';
  const compare = { before: '/c/A', after: '/c/B', alignedAt: { before: 0, after: 0 }, curves: [], warnings: [], predictionNotATest: why,
    rows: [{ key: 'pgstealAnonPerS', label: 'pgsteal_anon/s', before: 28565, after: 14874, changePct: -47.9, predicted: 26451, predictedChangePct: -1.2 },
      { key: 'directReclaimMs', label: 'direct reclaim ms', before: null, after: 0, changePct: null, predicted: 0, predictedChangePct: null, na: { before: 'no trace in the capture' } }],
    predictedBy: { capture: '/c/A', variant: 'v1', kcompressd: 4, queue: 4096, profile: 'p' } };
  await page.evaluate(`window.postMessage({ type: 'compare', compare: ${JSON.stringify(compare)} }, '*')`);
  await page.waitForSelector('#compare-table', { timeout: 20_000 });
  assert.match(await page.locator('#compare-table').innerText(), /26,451\s+-1\.2 %\s+not a test: another workload/);
  assert.equal(await page.locator('#compare-na').innerText(), 'direct reclaim ms (before): no trace in the capture');
  assert.match(await page.locator('#compare-not-a-test').innerText(), /^not a test: the two captures ran different workloads/);
  assert.deepEqual(errors, []);
  await page.close();
});
