import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { renderHtmlReport } from './html';
import { CHART_SPECS } from '../../shared/chartSpecs';
import { resultFromJson } from '../../shared/resultJson';
import { isReplayResult } from '../../shared/protocol';
import { fakeResult } from '../../../test/fixtures/fakeResult';

const assets = { js: 'var x = "</script><img src=https://evil.example/a.png>";', css: 'body { color: red; }' };

function dataOf(html: string): unknown {
  const m = /<script type="application\/json" id="reclaim-data">([^<]*)<\/script>/.exec(html);
  assert.ok(m, 'the report embeds its data');
  return resultFromJson(JSON.parse(m[1]));
}

test('the report embeds the exact series, one canvas per chart and the fidelity table', () => {
  const r = fakeResult(300);
  const html = renderHtmlReport(r, assets);
  const back = dataOf(html);
  assert.equal(isReplayResult(back), true);
  const s = (back as typeof r).series!;
  assert.deepEqual(s.baseline.pgstealAnonPerS, r.series!.baseline.pgstealAnonPerS);
  assert.deepEqual(s.kcompressd.freePages, r.series!.kcompressd.freePages);
  for (const c of CHART_SPECS) assert.match(html, new RegExp(`<canvas id="chart-${c.id}"[^>]*>`));
  assert.match(html, /<table id="fidelity-table">/);
  assert.match(html, /<tr class="miss basis-predicted" data-figure="kswapdCpuPct"><td>kswapd CPU %<\/td><td class="basis">predicted<\/td>.*misses by more than 10 %/);
  assert.match(html, /<tr class="ok basis-predicted" data-figure="pgstealAnonPerS"><td>pgsteal_anon\/s<\/td>/);
  assert.match(html, /<p id="verdict" class="verdict verdict-miss" role="note">Baseline misses/);
  assert.deepEqual(s.observed!.freePages, r.series!.observed!.freePages, 'the measured curves travel with the report');
  assert.equal(s.observed!.fifoDepth, undefined, 'an unmeasured figure stays absent');
  assert.match(html, /id="headline"[^>]*>.*×2\.40/);
});

test('no external references: scripts and styles are inline and allowed by hash only', () => {
  const html = renderHtmlReport(fakeResult(20), assets);
  const withoutInline = html.replace(/<script[^>]*>[\s\S]*?<\/script>/g, '').replace(/<style>[\s\S]*?<\/style>/g, '');
  assert.doesNotMatch(withoutInline, /\b(src|href)\s*=/i);
  assert.doesNotMatch(withoutInline, /<link\b/i);
  assert.doesNotMatch(html, /<script[^>]*\bsrc=/i);
  // The inlined script cannot close its element early.
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  assert.equal(scripts.length, 1);
  assert.match(scripts[0], /<\\\/script>/);
  const hash = `'sha256-${createHash('sha256').update(scripts[0]).digest('base64')}'`;
  assert.ok(html.includes(`script-src ${hash}`), 'CSP allows exactly the inlined script');
  assert.match(html, /default-src 'none'/);
});

test('text from the capture is escaped', () => {
  const html = renderHtmlReport(fakeResult(0, { capture: '<img src=x onerror=alert(1)>' }), assets);
  assert.doesNotMatch(html.replace(/<script[\s\S]*?<\/script>/g, ''), /<img/);
  assert.match(html, /&lt;img src=x/);
  assert.equal(html.match(/<canvas id="chart-free"/g)?.length, 1, 'one canvas per chart');
});
