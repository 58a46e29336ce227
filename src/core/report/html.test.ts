import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { renderHtmlReport } from './html';
import { CHART_SPECS } from '../../shared/chartSpecs';
import { resultFromJson } from '../../shared/resultJson';
import { isReplayResult } from '../../shared/protocol';
import { fakeResult } from '../../../test/fixtures/fakeResult';
import { kcompressdSection, replaySummary, summaryText } from '../../shared/replaySummary';

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

test('the report carries the before/after table, its n/a reasons and the kcompressd section, as the CLI prints them', () => {
  const r = fakeResult(20, {
    measured: { pgstealAnonPerS: 310000, kswapdCpuPct: 80, allocstallsPerGiB: { unavailable: 'the capture does not count the pages the tasks were served' } },
    kcompressd: { ...fakeResult(0).kcompressd, speedupBound: 1.362, limitedBy: ['demand: the tasks allocated no faster', 'CPUs: <2> cores'] },
  });
  const html = renderHtmlReport(r, assets);
  const table = /<table id="summary-table">([\s\S]*?)<\/table>/.exec(html)?.[1];
  assert.ok(table, 'the before/after table is in the report');
  assert.match(table, /<th>measured<\/th><th>simulated today<\/th><th>simulated kcompressd<\/th><th>×<\/th>/);
  // Every row of the text table, cell for cell.
  for (const row of replaySummary(r).rows) {
    const cells = [row.label, row.measured, row.today, row.kcompressd, row.times].map((c) => `<td[^>]*>${c.replace(/[/|.*+?()]/g, '\\$&')}</td>`).join('');
    assert.match(table, new RegExp(`<tr data-figure="${row.key}">${cells}`));
  }
  assert.match(table, /<tr data-figure="pgstealAnonPerS"><td>pgsteal_anon\/s<\/td><td class="num">310,000<\/td><td class="num">300,000<\/td><td class="num">720,000<\/td><td class="num">2\.40<\/td>/);
  assert.match(html, /<p id="measured-na" class="muted">measured n\/a:<\/p><ul class="muted"><li>allocstalls\/GiB: the capture does not count the pages the tasks were served<\/li>/);
  assert.match(html, /<li>min free MiB \(both\): no zoneinfo in the capture<\/li>/, 'a simulated n/a says why, once for both columns');
  const k = /<section id="kcompressd">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
  assert.match(k, /queued 96\.8 %, -EBUSY fallback 3\.3 %, all FIFOs full 12\.5 % of the time, deepest worker FIFO 4,096 of 4,096/);
  assert.match(k, /<p id="speedup-bound">speed-up bound 1\/\(1 − share\) = 1\.362; limited by:<\/p><ul id="limited-by"><li>demand: the tasks allocated no faster<\/li><li>CPUs: &lt;2&gt; cores<\/li><\/ul>/);
  // The same lines as the text summary.
  const text = summaryText(r).join('\n');
  for (const line of [...replaySummary(r).measuredNa, kcompressdSection(r).totals, ...kcompressdSection(r).limitedBy]) assert.ok(text.includes(line), line);
});

test('a replay where kcompressd never engaged says so beside its ×1.00', () => {
  const never = 'no bound applies: kcompressd never engaged, kswapd wrote no page to zram in the replay';
  const r = fakeResult(20, { speedup: { pgstealAnonPerS: 1 }, kcompressd: { ...fakeResult(0).baseline, fifoFullPct: 0, fallbackSyncPct: { unavailable: 'kswapd wrote no page to zram in the replay' },
    workerBusyPct: [0], workerPages: [0], workerUsPerPage: [0], queuedPct: { unavailable: 'kswapd wrote no page to zram in the replay' }, fifoHighWater: 0, workerFifoHighWater: [0], fifoFullS: 0, writebackRescans: 0, limitedBy: [never] } });
  const html = renderHtmlReport(r, assets);
  assert.match(html, /id="card-speedup"[^>]*><div class="card-value">×1\.00<\/div><div class="card-label">simulated pgsteal_anon\/s speed-up: kcompressd never engaged/);
  assert.match(html, new RegExp(`<section id="kcompressd">.*<ul id="limited-by"><li>${never}</li>`));
  assert.match(html, /queued n\/a \(kswapd wrote no page to zram in the replay\)/);
  assert.doesNotMatch(html, /id="speedup-bound"/, 'no bound line when no bound applies');
});
