// Webview figures: min-max decimation of 200k-point series, the HTML report's size and build time, and (when
// Chromium and the built webview bundle exist) first paint after the data is in the page — the frame with the cards,
// the table and the first charts — and when all six charts are built, for capture A's real report and for a
// synthetic 200k-point one.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minMaxDecimate } from '../../webview/decimate';
import { renderHtmlReport } from '../../src/core/report/html';
import { fakeResult } from '../fixtures/fakeResult';
import { fmt, repoRoot, runChild, sharedCaptures } from './measure';

const POINTS = 200_000;
const CHROMIUM = '/usr/bin/chromium';
const LOADS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function paints(html: string): Promise<{ first: number[]; all: number[] } | string> {
  if (!existsSync(CHROMIUM)) return `skipped: ${CHROMIUM} not found`;
  const dir = mkdtempSync(join(tmpdir(), 'reclaim-bench-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, html);
  const spec = 'playwright-core'; // a runtime import: the bench bundle must not inline playwright
  const { chromium } = (await import(spec)) as typeof import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  const first: number[] = [];
  const all: number[] = [];
  try {
    for (let i = 0; i < LOADS; i++) {
      const page = await browser.newPage({ viewport: { width: 1300, height: 1800 } });
      await page.goto(`file://${file}`);
      // The report's CSP forbids eval, so no string predicates: the locator polls the status text.
      await page.locator('#status', { hasText: /^rendered$/ }).waitFor({ timeout: 60_000 });
      first.push(Number(await page.getAttribute('#status', 'data-first-paint-ms')));
      all.push(Number(await page.getAttribute('#status', 'data-all-charts-ms')));
      await page.close();
    }
    return { first, all };
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function assets(): { js: string; css: string } | null {
  const js = join(repoRoot(), 'dist', 'webview', 'main.js');
  const css = join(repoRoot(), 'dist', 'webview', 'main.css');
  return existsSync(js) && existsSync(css) ? { js: readFileSync(js, 'utf8'), css: readFileSync(css, 'utf8') } : null;
}

async function report(name: string, html: string): Promise<void> {
  const p = await paints(html);
  if (typeof p === 'string') return console.log(`${name}: ${p}`);
  console.log(`${name}: first paint ${fmt(median(p.first), 0)} ms (median of ${LOADS}; ${p.first.map((x) => fmt(x, 0)).join(', ')}; target ≤ 250 ms), `
    + `all six charts ${fmt(median(p.all), 0)} ms`);
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
  console.log(`decimate ${series.length} series × ${POINTS} points → ${kept} points: ${fmt(median(times))} ms (median of 5)`);
  const a = assets();
  if (!a) return console.log('first paint: skipped: dist/webview not built (node build.mjs --only webview)');
  const t0 = performance.now();
  const html = renderHtmlReport(result, a);
  console.log(`HTML report with ${POINTS} points/series: ${fmt(html.length / 1e6)} MB in ${fmt(performance.now() - t0, 0)} ms`);

  const shared = sharedCaptures();
  if (shared && existsSync(join(shared, 'A_kswapd_lz4'))) {
    const dir = mkdtempSync(join(tmpdir(), 'reclaim-bench-report-'));
    try {
      const out = join(dir, 'A.html');
      const r = runChild(process.execPath, [join(repoRoot(), 'dist', 'cli.js'), 'replay', join(shared, 'A_kswapd_lz4'), '--html', out]);
      if (r.status === 0) await report("capture A's report", readFileSync(out, 'utf8'));
      else console.log(`capture A's report: replay failed: ${r.stderr.trim().split('\n').pop()}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  await report(`synthetic report, ${POINTS} points/series`, html);
}
