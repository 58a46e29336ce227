import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Zone } from '../capture/types';
import { BUILTIN_PROFILES } from '../profiles/builtin';
import { resolveOptions } from './options';
import { replay } from './replay';
import { syntheticCapture } from './testing/syntheticCapture';
import { assertAgree } from '../testing/agree';
import type { ReplayOptions } from './types';

const num = (v: unknown): number => {
  assert.equal(typeof v, 'number', `expected a number, got ${JSON.stringify(v)}`);
  return v as number;
};
const opts = (p: Partial<ReplayOptions> = {}) => resolveOptions({ profile: 'x86-vm', ...p });

test('a dearer per-page cost raises kswapd CPU for the same demand', async () => {
  const cap = syntheticCapture({ seconds: 20, demandPagesPerS: 15_000 });
  const cheap = await replay(cap, opts());
  const x = BUILTIN_PROFILES['x86-vm'];
  const dear = await replay(cap, opts({ profile: 'dear' }), { profile: { ...x, unmapNs: 2 * x.unmapNs, tlbFlushNs: 2 * (x.tlbFlushNs ?? 0) } });
  assert.ok(num(dear.baseline.kswapdCpuPct) > 1.3 * num(cheap.baseline.kswapdCpuPct),
    `kswapd CPU ${cheap.baseline.kswapdCpuPct} → ${dear.baseline.kswapdCpuPct}`);
});

test('a cost the reclaimer cannot keep up with lowers reclaim and stalls the tasks', async () => {
  const cap = syntheticCapture({ seconds: 8, demandPagesPerS: 30_000, initialFreePages: 110_000 });
  assert.equal(cap.vmstat!.columns.get('pgsteal_kswapd')![0], 0);
  const x = BUILTIN_PROFILES['x86-vm'];
  // One CPU: no TLB-shootdown IPIs, so the whole unmap cost sits in unmapNs.
  const slow = await replay(cap, opts({ profile: 'slow', cpus: 1 }), { profile: { ...x, unmapNs: 8 * (x.unmapNs + (x.tlbFlushNs ?? 0)) } });
  const fast = await replay(cap, opts({ cpus: 1 }));
  assert.ok(num(slow.baseline.allocstalls) > num(fast.baseline.allocstalls), `allocstalls ${fast.baseline.allocstalls} → ${slow.baseline.allocstalls}`);
});

test('the same profile on two captures follows each capture\'s demand', async () => {
  const watermarks = { min: 4000, low: 100_000, high: 104_000 };
  const low = await replay(syntheticCapture({ seconds: 20, demandPagesPerS: 8_000, watermarks, initialFreePages: 104_000 }), opts());
  const high = await replay(syntheticCapture({ seconds: 20, demandPagesPerS: 16_000, watermarks, initialFreePages: 104_000 }), opts());
  const ratio = num(high.baseline.pgstealAnonPerS) / num(low.baseline.pgstealAnonPerS);
  assert.ok(ratio > 1.7 && ratio < 2.3, `pgsteal ratio ${ratio}`);
  for (const r of [low, high]) assert.ok(Math.abs(r.fidelity.pgstealAnonPerS.errorPct) < 10, `fidelity ${JSON.stringify(r.fidelity.pgstealAnonPerS)}`);
});

test('memcg reclaim runs in the tasks\' context and reproduces the demand it keeps up with', async () => {
  const r = await replay(syntheticCapture({ seconds: 6, demandPagesPerS: 0, initialFreePages: 500_000, memcgPagesPerS: 10_000 }), opts());
  assert.equal(r.baseline.kswapdCpuPct, 0);
  assert.ok(num(r.baseline.memcgReclaimMs) > 0);
  const steal = num(r.baseline.pgstealAnonPerS);
  assert.ok(Math.abs(steal - 10_000) / 10_000 < 0.05, `pgsteal_anon/s ${steal}`);
  assert.ok(Math.abs(r.fidelity.pgstealAnonPerS.errorPct) < 5);
  // Only kswapd queues to kcompressd: with kswapd idle no speed-up bound applies, and the replay says why.
  assert.equal(r.kcompressd.speedupBound, undefined);
  assert.match(r.kcompressd.limitedBy!.join('\n'), /^no bound applies: kcompressd never engaged, kswapd wrote no page to zram .* [1-9][\d,]* memcg reclaim calls/);
});

test('kswapd sleeps once the small zone is above high + reserve, far below the node\'s summed high mark', async () => {
  // DMA32 holds a quarter of the allocated pages; Normal's high mark is far above its low one.
  const zones: Zone[] = [
    { node: 0, name: 'DMA32', managedPages: 1_000_000, freePages: 50_000, min: 1_000, low: 40_000, high: 50_000, protection: [0, 5_000] },
    { node: 0, name: 'Normal', managedPages: 3_000_000, freePages: 70_000, min: 3_000, low: 60_000, high: 200_000, protection: [0, 0] },
  ];
  const watermarks = { min: 4_000, low: 100_000, high: 250_000 }; // the sums, as one zone
  const run = (z?: Zone[]) => replay(syntheticCapture({ seconds: 10, demandPagesPerS: 5_000, initialFreePages: 120_000, watermarks, zones: z }), opts({ series: true }));
  const peak = (r: Awaited<ReturnType<typeof run>>) => Math.max(...r.series!.baseline.freePages);
  const [perZone, summed] = [await run(zones), await run()];
  assert.ok(peak(perZone) < 60_000 + 55_000 + 25_000, `per zone: free peaked at ${peak(perZone)}`);
  assert.ok(peak(summed) > 0.75 * watermarks.high, `one summed zone: free peaked at ${peak(summed)}`);
  const tally = /baseline, whole replay [^:]*: kswapd \d+ wakes? from sleep, (\d+) mm_vmscan_kswapd_wake .*?, (\d+) kswapd_sleep, (\d+) wakeup_kswapd/.exec(perZone.notes!.join('\n'));
  assert.ok(tally && Number(tally[2]) >= 1 && Number(tally[3]) >= 2, `it sleeps and is woken again: ${tally?.[0]}`);
});

const saturate = (p: Partial<ReplayOptions>) => replay(syntheticCapture({ seconds: 4, demandPagesPerS: 0 }), opts({ pressure: 'saturate', ...p }));

test('kcompressd speed-up never exceeds 1/(1 − compress share); spare cores give a gain, two busy ones none', async () => {
  for (const [cpus, share] of [[2, 0.3], [4, 0.5], [8, 0.7]] as const) {
    const r = await saturate({ cpus, compressShare: share });
    const bound = 1 / (1 - r.compressShare);
    assert.ok(r.speedup.pgstealAnonPerS <= bound * 1.05, `cpus ${cpus} share ${share}: ${r.speedup.pgstealAnonPerS} > ${bound}`);
    assert.equal(r.kcompressd.speedupBound, Math.round(bound * 1000) / 1000);
    if (cpus >= 4) assert.ok(r.speedup.pgstealAnonPerS > 1.05, `cpus ${cpus} share ${share}: no gain`);
    else assert.match(r.kcompressd.limitedBy!.join('\n'), /CPUs: .*waited [\d,.]+ ms for a core: [1-9][\d,.]* ms queued behind kswapd, the tasks or another worker, [\d,.]+ ms slowed by the capture's other load/, 'the eater and kswapd hold both cores');
  }
});

test('speed-up ≈ 1 when compression is a tiny share or there is no spare core', async () => {
  const tiny = await saturate({ cpus: 4, compressShare: 0.02 });
  assert.ok(Math.abs(tiny.speedup.pgstealAnonPerS - 1) < 0.06, `tiny share: ${tiny.speedup.pgstealAnonPerS}`);
  const oneCore = await saturate({ cpus: 1, compressShare: 0.5 });
  assert.ok(oneCore.speedup.pgstealAnonPerS < 1.06, `one core: ${oneCore.speedup.pgstealAnonPerS}`);
});

test('saturate on 8 phone cores: the eater stalls in direct reclaim in both scenarios, fewer times per GiB with kcompressd', async () => {
  const r = await saturate({ cpus: 8, profile: 'phone-big' });
  assert.ok(num(r.baseline.allocstalls) > 0, 'baseline allocstalls');
  assert.ok(num(r.kcompressd.allocstallsPerGiB) < num(r.baseline.allocstallsPerGiB), `allocstalls/GiB ${r.baseline.allocstallsPerGiB} → ${r.kcompressd.allocstallsPerGiB}`);
  assert.ok(r.speedup.pgstealAnonPerS > 1.2 && r.speedup.pgstealAnonPerS <= 1 / (1 - r.compressShare), `speed-up ${r.speedup.pgstealAnonPerS}`);
});

test('saturate: the eater touches each page once, so today\'s kernel scans each twice (kept young, then reclaimed): pgscan ≈ 2 × pgsteal', async () => {
  const r = await saturate({ cpus: 2 });
  const perSteal = num(r.baseline.pgscanAnonPerS) / num(r.baseline.pgstealAnonPerS);
  assert.ok(perSteal > 1.8 && perSteal < 2.2, `scanned per stolen ${perSteal} (${r.baseline.pgscanAnonPerS} / ${r.baseline.pgstealAnonPerS})`);
  // No spare core: kcompressd is slower, and the reason counts the workers that ran, not the four configured.
  const slower = r.kcompressd.limitedBy!.find((l) => l.startsWith('slower:')) ?? '';
  const ran = r.kcompressd.workerBusyPct.filter((b) => num(b) > 0).length;
  assert.ok(ran < 4, `workers busy ${r.kcompressd.workerBusyPct}`);
  assert.match(slower, new RegExp(`shared the CPUs with the tasks and ${ran} worker${ran === 1 ? '' : 's'} of 4 \\(the others never ran\\)`));
});

test('mm variant: one worker, 256-entry FIFO; v1 first-fit fills worker 0 first', async () => {
  const mm = await saturate({ cpus: 8, compressShare: 0.62, variant: 'mm' });
  assert.equal(mm.options.queue, 256);
  assert.equal(mm.kcompressd.workerBusyPct.length, 1);
  assert.equal(mm.options.kcompressd, 1, 'options report what ran: one kcompressd per node, not the v1 default of 4');
  const v1 = await saturate({ cpus: 8, compressShare: 0.62 });
  const pages = v1.kcompressd.workerPages;
  assert.ok(pages[0] >= pages[1] && pages[1] >= pages[3], `worker pages ${pages}`);
});

test('same seed → identical result; another seed → another draw', async () => {
  const cap = syntheticCapture({ seconds: 4, demandPagesPerS: 20_000 });
  const strip = (r: Awaited<ReturnType<typeof replay>>) => JSON.stringify({ ...r, elapsedMs: 0 });
  const a = await replay(cap, opts({ seed: 7, series: true }));
  const b = await replay(cap, opts({ seed: 7, series: true }));
  assert.equal(strip(a), strip(b));
  const c = await replay(cap, opts({ seed: 8 }));
  assert.notEqual(JSON.stringify(c.baseline), JSON.stringify(a.baseline));
});

test('series: one value per bin for every graph, watermarks from the capture', async () => {
  const r = await replay(syntheticCapture({ seconds: 3, demandPagesPerS: 20_000 }), opts({ series: true }));
  const s = r.series!;
  assert.equal(s.t.length, 30);
  for (const name of ['freePages', 'pgstealAnonPerS', 'kswapdCpuPct', 'kcompressdBusyPct', 'fifoDepth', 'zramMemUsedMiB']) {
    assert.equal(s.baseline[name].length, 30, name);
    assert.equal(s.kcompressd[name].length, 30, name);
  }
  assert.deepEqual(s.watermarks, { min: 4000, low: 100_000, high: 120_000 });
});

test('a capture without the counters: unavailable figures, and a clear error for demand', async () => {
  const cap = syntheticCapture({ seconds: 2, demandPagesPerS: 0, initialFreePages: 500_000 });
  const r = await replay(cap, opts());
  assert.deepEqual(Object.keys(r.baseline.zramRatio as object), ['unavailable']);
  const bare = { ...cap, vmstat: undefined };
  await assert.rejects(replay(bare, opts()), /needs \/proc\/vmstat snapshots/);
});

test('full FIFOs: -EBUSY sends pages back to kswapd\'s synchronous path and caps the gain', async () => {
  const tight = await saturate({ cpus: 8, compressShare: 0.62, kcompressd: 1, queue: 8 });
  assert.ok(num(tight.kcompressd.fallbackSyncPct) > 10, `fallback ${JSON.stringify(tight.kcompressd.fallbackSyncPct)}`);
  assert.ok(tight.kcompressd.fifoFullS > 0);
  assert.ok(tight.kcompressd.writebackRescans > 0, 'queued pages are freed on a later scan');
  const roomy = await saturate({ cpus: 8, compressShare: 0.62 });
  assert.ok(tight.speedup.pgstealAnonPerS < roomy.speedup.pgstealAnonPerS);
});

test('nothing reclaimable and free profile costs: the replay still ends', async () => {
  const cap = syntheticCapture({ seconds: 2, demandPagesPerS: 20_000 });
  cap.vmstat!.columns.set('pgscan_anon', cap.vmstat!.columns.get('pgsteal_anon')!.map((v) => v * 1e9 + 1));
  const zero = { ...BUILTIN_PROFILES['x86-vm'], scanNs: 0, unmapNs: 0, storeNs: 0, sameNs: 0, queueNs: 0 };
  const r = await replay(cap, opts({ profile: 'zero' }), { profile: zero });
  assert.equal(typeof r.baseline.pgstealAnonPerS, 'number');
});

test('--cpus runs both scenarios on the chosen cores: the capture\'s other load on one core leaves kswapd less CPU', async () => {
  const cap = syntheticCapture({ seconds: 10, demandPagesPerS: 60_000 });
  // kswapd ran 78.9 % of the time it was runnable on the capture's 2 cores (schedstat run delay).
  cap.taskCpu = [{ source: 'synthetic/kswapd_cpu', comm: 'kswapd0', times: Float64Array.of(100, 110), sumExecNs: Float64Array.of(0, 7.89e9), runDelayNs: Float64Array.of(0, 2.11e9) }];
  // No TLB-shootdown cost, so one core and two cost the same per page: only the CPU count differs.
  const profile = { ...BUILTIN_PROFILES['x86-vm'], cpus: 2, tlbFlushNs: 0 };
  const [one, two] = await Promise.all([1, 2].map((cpus) => replay(cap, opts({ cpus }), { profile })));
  assert.ok(num(one.baseline.kswapdCpuPct) < num(two.baseline.kswapdCpuPct) - 5, `kswapd CPU % ${two.baseline.kswapdCpuPct} on 2 → ${one.baseline.kswapdCpuPct} on 1`);
  assert.ok(num(one.baseline.pgstealAnonPerS) !== num(two.baseline.pgstealAnonPerS));
  assert.ok(one.notes?.some((n) => /^cpus 1, the capture ran on 2: today's kernel and kcompressd both run on 1; .*78\.9 % → 65\.\d % of a core/.test(n)), one.notes?.join('\n'));
  assert.ok(!two.notes?.some((n) => n.includes('the capture ran on')));
});

// The bundled demo capture, when the repo is checked out whole.
const demoCapture = join(__dirname, '../../../captures/demo');
test('mm slower than today on the demo: the limits name the mechanism with its figures, never the demand', { skip: !existsSync(demoCapture) && 'captures/demo not found' }, async () => {
  const { loadCapture } = await import('../capture/loadCapture');
  const r = await replay(await loadCapture(demoCapture), resolveOptions({ variant: 'mm' }));
  const speedup = r.speedup.pgstealAnonPerS!;
  assert.ok(speedup < 1, `mm on the demo is expected slower, got ×${speedup}`);
  const lines = r.kcompressd.limitedBy ?? [];
  assert.match(lines[0], new RegExp(`^slower: pgsteal_anon/s ×${speedup.toFixed(2)} with kcompressd: `));
  assert.match(lines[0], /anon folios per page stolen: the folios the thread wrote stay where shrink_folio_list\(\) kept them/);
  assert.ok(!lines.some((l) => l.startsWith('demand:')), lines.join('\n'));
});

// Trial 4 #4: a recorder that writes zoneinfo_after.txt after restoring watermark_scale_factor (here low/high ÷20).
test('the demo with a post-teardown zoneinfo_after: watermarks from zoneinfo_before, and the replay still reclaims', { skip: !existsSync(demoCapture) && 'captures/demo not found' }, async () => {
  const { loadCapture } = await import('../capture/loadCapture');
  const dir = mkdtempSync(join(tmpdir(), 'rr-demo2-'));
  cpSync(demoCapture, dir, { recursive: true });
  const before = readFileSync(join(dir, 'zoneinfo_before.txt'), 'utf8');
  writeFileSync(join(dir, 'zoneinfo_after.txt'), before.replace(/^(\s+(?:low|high)\s+)(\d+)$/gm, (_, k, v) => `${k}${Math.floor(Number(v) / 20)}`));
  const [own, cap] = [await loadCapture(demoCapture), await loadCapture(dir)];
  assert.deepEqual(cap.zones!.map((z) => [z.name, z.min, z.low, z.high]), own.zones!.map((z) => [z.name, z.min, z.low, z.high]));
  const note = cap.warnings.find((w) => w.code === 'capture.other-source' && w.message.startsWith('zoneinfo:'));
  assert.match(note?.message ?? '', /^zoneinfo: watermarks from .*zoneinfo_before\.txt \(\d+ zones, the snapshot before the run\); also found .*zoneinfo_after\.txt \(other watermarks, not used\)$/);
  const r = await replay(cap, resolveOptions({}));
  assert.ok(num(r.baseline.pgstealAnonPerS) > 0, `pgsteal_anon/s ${r.baseline.pgstealAnonPerS}`);
});

// trial13 #15: the headline summed bins floor(start)..ceil(end) (13.3–25.0 s on the demo's 13.4–24.98 s window: a float
// 133.9999 floored) while the fidelity table rounded its edges (13.4–25.0 s): 36,764 vs 37,080 pages/s for one span.
test('--validate none: the headline and the fidelity table sum the same bins, so they print the same figures', { skip: !existsSync(demoCapture) && 'captures/demo not found' }, async () => {
  const { loadCapture } = await import('../capture/loadCapture');
  const r = await replay(await loadCapture(demoCapture), resolveOptions({ validate: 'none' }));
  assert.deepEqual(r.window?.binsS, [r.window!.startS, r.window!.endS].map((s) => Math.round(s * 10) / 10), 'the window\'s edges at their nearest 0.1 s bin boundary');
  for (const k of ['pgstealAnonPerS', 'pgscanAnonPerS', 'kswapdCpuPct', 'reclaimerCpuPct'] as const) {
    const [head, fid] = [num(r.baseline[k]), num(r.fidelity[k]?.simulated)];
    assertAgree(head, fid, 0.05 + 1e-9, `${k}: headline against fidelity (both rounded to 0.1 in the figure's unit)`);
    assert.equal(r.headlineFidelity?.[k]?.errorPct, r.fidelity[k]?.errorPct, `${k}: the headline's error % is the fidelity table's`);
  }
});

// captures/lab/steady-mm-baseline: the mm thread met zram writestalls; its compress probe measured 40–43 µs per page.
const steadyMm = join(__dirname, '../../../captures/lab/steady-mm-baseline');
test('a worker\'s µs per page is its compression only; its own GFP_NOIO direct reclaim is reported apart', { skip: !existsSync(steadyMm) && 'captures/lab not found' }, async () => {
  const { loadCapture } = await import('../capture/loadCapture');
  const r = await replay(await loadCapture(steadyMm), resolveOptions({ variant: 'mm' }));
  const k = r.kcompressd;
  assert.ok(k.workerPages[0] > 0 && (k.workerReclaimMs?.[0] ?? 0) > 0, `pages ${k.workerPages[0]}, reclaim ms ${k.workerReclaimMs}`);
  // The profile's own per-page cost of the worker's write, not busy time ÷ a few hundred pages.
  assert.ok(k.workerUsPerPage[0] > 5 && k.workerUsPerPage[0] < 200, `µs per page ${k.workerUsPerPage[0]}`);
  // Here the thread's own reclaim outweighs its compression per page (busy time ÷ pages gave 16,766.5 µs).
  assert.ok((k.workerReclaimMs![0] * 1000) / k.workerPages[0] > k.workerUsPerPage[0]);
});

test('a capture that already ran kcompressd leads the one-line verdict with replay.before-ran-kcompressd, a miss', async () => {
  const cap = syntheticCapture({ seconds: 20, demandPagesPerS: 15_000 });
  const plain = await replay(cap, opts());
  assert.doesNotMatch(plain.verdict!.text, /Not a before/);
  cap.taskCpu = [{ source: 'kcompressd_cpu_0.txt', comm: 'kcompressd0', times: new Float64Array(0), sumExecNs: new Float64Array(0), runDelayNs: new Float64Array(0) }];
  const ran = await replay(cap, opts());
  assert.match(ran.verdict!.text, /^Not a before: this capture already ran kcompressd \(its kcompressd0 thread, the mm design\).*\[replay\.before-ran-kcompressd\]\. /);
  assert.ok(ran.verdict!.text.endsWith(plain.verdict!.text), 'the table\'s own verdict follows');
  assert.equal(ran.verdict!.outcome, 'miss');
});
