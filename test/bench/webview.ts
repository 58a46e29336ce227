// Webview figures: min-max decimation of 200k-point series, the HTML report's size and build time, and (when
// Chromium and the built webview bundle exist) the charts' first paint after the data is in the page.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minMaxDecimate } from '../../webview/decimate';
import { renderHtmlReport } from '../../src/core/report/html';
import { fakeResult } from '../fixtures/fakeResult';

const POINTS = 200_000;
const CHROMIUM = '/usr/bin/chromium';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function firstPaint(html: string): Promise<{ firstPaintMs: number; points: number } | string> {
  const bundle = 'dist/webview/main.js';
  if (!existsSync(CHROMIUM)) return `skipped: ${CHROMIUM} not found`;
  if (!existsSync(bundle)) return `skipped: ${bundle} not built (node build.mjs --only webview)`;
  const dir = mkdtempSync(join(tmpdir(), 'reclaim-bench-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, html);
  const spec = 'playwright-core'; // a runtime import: the bench bundle must not inline playwright
  const { chromium } = (await import(spec)) as typeof import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1300, height: 1800 } });
    await page.goto(`file://${file}`);
    // Strings, not functions: this file is type-checked without the DOM library.
    await page.waitForFunction(`document.getElementById('status')?.textContent === 'rendered'`, null, { timeout: 60_000 });
    const d = await page.evaluate<Record<string, string>>(`({ ...document.getElementById('status').dataset })`);
    return { firstPaintMs: Number(d.firstPaintMs), points: Number(d.points) };
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  const result = fakeResult(POINTS);
  const s = result.series!;
  const series = [...Object.values(s.baseline), ...Object.values(s.kcompressd)];
  const times: number[] = [];
  let kept = 0;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    kept = series.reduce((n, y) => n + minMaxDecimate(s.t, y, s.t[0], s.t[s.t.length - 1], 1000).length, 0);
    times.push(performance.now() - t0);
  }
  console.log(`decimate ${series.length} series × ${POINTS} points → ${kept} points: ${median(times).toFixed(1)} ms (median of 5)`);

  const js = existsSync('dist/webview/main.js') ? readFileSync('dist/webview/main.js', 'utf8') : '';
  const css = existsSync('dist/webview/main.css') ? readFileSync('dist/webview/main.css', 'utf8') : '';
  const t0 = performance.now();
  const html = renderHtmlReport(result, { js, css });
  console.log(`HTML report with ${POINTS} points/series: ${(html.length / 1e6).toFixed(1)} MB in ${(performance.now() - t0).toFixed(0)} ms`);

  const paint = await firstPaint(html);
  if (typeof paint === 'string') console.log(`first paint: ${paint}`);
  else console.log(`first paint of 6 charts after the data is in the page: ${paint.firstPaintMs.toFixed(0)} ms (${paint.points} points drawn, budget 500 ms)`);
}
