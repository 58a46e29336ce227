import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeCapture } from '../analysis/figures';
import type { Capture } from '../capture/types';
import { CaptureError, OptionError } from '../errors';
import { syntheticCapture } from '../replay/testing/syntheticCapture';
import { validateProfile } from './builtin';
import { PerfSamples } from '../capture/ftrace/perfSamples';
import { calibrateProfile } from './calibrate';

/** 30 s of 20 k pages/s reclaimed by a kswapd that used `cpuS` seconds, with a perf profile of its samples. */
function kswapdCapture(cpuS: number, perf = true): Capture {
  const cap = syntheticCapture({ seconds: 30, demandPagesPerS: 20_000, initialFreePages: 100_000 });
  const t = cap.vmstat!.times;
  cap.taskCpu = [{
    source: 'kswapd_cpu.txt', comm: 'kswapd0', times: t,
    sumExecNs: t.map((x) => (x - t[0]) * (cpuS / 30) * 1e9), runDelayNs: t.map(() => 0),
  }];
  if (perf) {
    cap.perf = { source: 'perf', periodNs: 1e6, byComm: { kswapd0: { samples: 1000, inclusive: { zcomp_compress: 300, zram_submit_bio: 350, folio_referenced: 20 } } } };
  }
  return cap;
}

test('costs follow the reclaimer\'s CPU per page and the perf split', () => {
  const cheap = calibrateProfile(kswapdCapture(15), analyzeCapture(kswapdCapture(15))).profile;
  const dear = calibrateProfile(kswapdCapture(30), analyzeCapture(kswapdCapture(30))).profile;
  assert.ok(Math.abs(dear.unmapNs / cheap.unmapNs - 2) < 0.05, `unmap ${cheap.unmapNs} → ${dear.unmapNs}`);
  assert.ok(Math.abs(dear.compressNs.lz4.ptr / cheap.compressNs.lz4.ptr - 2) < 0.05);
  assert.ok(Math.abs((cheap.compressShare ?? 0) - 0.35) < 1e-9);
  assert.ok(cheap.compressNs.lz4.text > cheap.compressNs.lz4.ptr && cheap.compressNs.lz4.ptr > cheap.compressNs.lz4.rand);
  assert.equal(cheap.compressNs.lz4.zero, 0);
  assert.doesNotThrow(() => validateProfile(JSON.parse(JSON.stringify(cheap)), 'round trip'));
});

test('--compress-share replaces the perf share; without either the capture cannot be calibrated', () => {
  const cap = kswapdCapture(15, false);
  const f = analyzeCapture(cap);
  assert.equal(calibrateProfile(cap, f, { compressShare: 0.5 }).profile.compressShare, 0.5);
  assert.throws(() => calibrateProfile(cap, f), OptionError);
  const noCpu = syntheticCapture({ seconds: 30, demandPagesPerS: 20_000, initialFreePages: 100_000 });
  assert.throws(() => calibrateProfile(noCpu, analyzeCapture(noCpu), { compressShare: 0.5 }), CaptureError);
});

test('the slab shrinkers\' share of the reclaim samples (do_shrink_slab) and the per-page costs are reported; none without perf', () => {
  const cap = kswapdCapture(15);
  cap.perf!.byComm.kswapd0.inclusive = { zcomp_compress: 300, zram_submit_bio: 350, folio_referenced: 20, do_shrink_slab: 250 };
  const cal = calibrateProfile(cap, analyzeCapture(cap));
  assert.equal(cal.slabShare, 0.25);
  assert.equal(Math.round(cal.perPage.scanNs), cal.profile.scanNs);
  assert.ok(cal.perPage.writeNs > cal.profile.unmapNs + cal.profile.storeNs, 'a written page also pays its compression');
  assert.equal(calibrateProfile(kswapdCapture(15, false), analyzeCapture(kswapdCapture(15, false)), { compressShare: 0.3 }).slabShare, undefined);
});

test('the note and the profile say the same compressShare: both parts named, the sum written with 4 decimals', () => {
  const cap = kswapdCapture(15);
  cap.perf!.byComm.kswapd0.inclusive = { zcomp_compress: 218.3, zram_submit_bio: 266.42024452658514, folio_referenced: 20 };
  const { profile, notes } = calibrateProfile(cap, analyzeCapture(cap));
  assert.equal(profile.compressShare, 0.2664, 'rounded to 4 decimals');
  assert.ok(notes.includes('compressShare 0.2664 (zram write = compression 21.8 % + zram store 4.8 %, of kswapd\'s reclaim samples (perf))'), notes.join('\n'));
  const given = calibrateProfile(cap, analyzeCapture(cap), { compressShare: 0.5 });
  assert.equal(given.profile.compressShare, 0.5481);
  assert.match(given.notes.join('\n'), /compressShare 0\.5481 \(zram write = compression 50\.0 % \+ zram store 4\.8 %, compression from --compress-share/);
});

test('calibrated on part of the window: only the perf samples taken in that part, else the whole profile, said', () => {
  const cap = kswapdCapture(15);
  const p = new PerfSamples();
  const line = (text: string) => {
    const b = Buffer.from(text);
    p.frame(b, 0, b.length);
  };
  // One reclaim sample every 10 ms: compression in 20 % of them in the first 15 s, 60 % after.
  for (let t = 100; t < 130; t += 0.01) {
    p.begin('kswapd0', 1e6, t);
    line('\tffffffff81 balance_pgdat');
    if (Math.round(t * 100) % 10 < (t < 115 ? 2 : 6)) line('\tffffffff82 zcomp_compress');
  }
  cap.perf = p.result('perf_script.txt');
  const f = analyzeCapture(cap);
  const whole = calibrateProfile(cap, f);
  const first = calibrateProfile(cap, f, { window: { startS: 100, endS: 115 } });
  assert.ok(Math.abs((whole.profile.compressShare ?? 0) - 0.4) < 0.01, `whole ${whole.profile.compressShare}`);
  assert.ok(Math.abs((first.profile.compressShare ?? 0) - 0.2) < 0.01, `first part ${first.profile.compressShare}`);
  assert.equal(first.wholeCapture, undefined);
  assert.match(first.notes.join('\n'), /in the calibrated part/);
  // The part is named as the replay's windows count time: seconds since the first vmstat sample (trial5 #15).
  const t0 = f.window!.firstSampleS;
  assert.ok(t0 > 0, `synthetic first sample at ${t0}`);
  assert.ok(first.profile.source.endsWith(`, ${(100 - t0).toFixed(1)}–${(115 - t0).toFixed(1)} s only)`), first.profile.source);
  // Samples without times, or on another clock: the whole profile, and the calibration says it saw beyond its part.
  const untimed = { ...cap, perf: { ...cap.perf, timeline: undefined } };
  assert.match(calibrateProfile(untimed, f, { window: { startS: 100, endS: 115 } }).wholeCapture?.join() ?? '', /carry no times/);
  const shifted = { ...cap, perf: { ...cap.perf, timeline: { kswapd0: { ...cap.perf.timeline!.kswapd0, times: cap.perf.timeline!.kswapd0.times.map((t) => t + 1000) } } } };
  assert.match(calibrateProfile(shifted, f, { window: { startS: 100, endS: 115 } }).wholeCapture?.join() ?? '', /not on its clock/);
});

test('a freed folio\'s own work (swap slot, __remove_mapping, free_unref_folios) is charged per freed folio, the rest of reclaim per scanned one', () => {
  const calibrated = (scanFactor: number) => {
    const cap = kswapdCapture(15);
    cap.perf!.byComm.kswapd0.inclusive = {
      zcomp_compress: 300, zram_submit_bio: 350, folio_referenced: 20, try_to_unmap: 100, folio_alloc_swap: 40, __remove_mapping: 60, free_unref_folios: 50,
    };
    const scan = cap.vmstat!.columns.get('pgscan_anon')!;
    scan.forEach((v, i) => { scan[i] = v * scanFactor; });
    return calibrateProfile(cap, analyzeCapture(cap));
  };
  const few = calibrated(1);
  const many = calibrated(4);
  // The same pages freed in the same time: the freeing and unmapping costs per page do not depend on how many
  // folios were scanned (kept ones never reach them); only the per-scanned cost does.
  assert.ok(few.profile.fileNs > 0);
  assert.equal(many.profile.fileNs, few.profile.fileNs);
  assert.equal(many.profile.unmapNs, few.profile.unmapNs);
  assert.ok(Math.abs(few.profile.scanNs / many.profile.scanNs - 4) < 0.05, `scan ${few.profile.scanNs} vs ${many.profile.scanNs}`);
  // unmapNs = (try_to_unmap + the swap slot) + the freeing, each per unmapped page (no file reclaim here).
  assert.ok(Math.abs(few.profile.unmapNs / few.profile.fileNs - ((100 + 40) / (60 + 50) + 1)) < 0.01);
  assert.match(few.notes.join('\n'), /per freed page \(__remove_mapping, free_unref_folios\)/);
  // add_to_swap() holds folio_alloc_swap() on kernels that have both: counted once.
  const nested = kswapdCapture(15);
  nested.perf!.byComm.kswapd0.inclusive = { zcomp_compress: 300, zram_submit_bio: 350, folio_referenced: 20, try_to_unmap: 100, add_to_swap: 40, folio_alloc_swap: 40, __remove_mapping: 60, free_unref_folios: 50 };
  assert.equal(calibrateProfile(nested, analyzeCapture(nested)).profile.unmapNs, few.profile.unmapNs);
});

test('with tlb:tlb_flush the profile keeps the answered IPIs per anon folio its TLB-flush cost was measured at; without, none', () => {
  const cap = kswapdCapture(15);
  cap.perf!.byComm.kswapd0.inclusive = { zcomp_compress: 300, zram_submit_bio: 350, folio_referenced: 20, try_to_unmap: 100, arch_tlbbatch_flush: 80 };
  const plain = calibrateProfile(cap, analyzeCapture(cap));
  assert.ok((plain.profile.tlbFlushNs ?? 0) > 0);
  assert.equal('tlbIpisPerFolio' in plain.profile, false);
  const bins = 31;
  const figures = analyzeCapture(cap);
  // Only the tlb_flush part of a trace: what calibrate reads for this term.
  cap.trace = { tlbFlush: {
    reasons: [], perCpu: [], byComm: {}, binStartS: 100, perSecond: [],
    kswapd: { ipiSent: Array(bins).fill(600), ipiAnswered: Array(bins).fill(500), anonReclaimed: Array(bins).fill(1000), anonBatches: Array(bins).fill(40) },
  } } as unknown as Capture['trace'];
  const r = calibrateProfile(cap, figures);
  assert.equal(r.profile.tlbIpisPerFolio, 0.5);
  assert.equal(r.profile.tlbFlushNs, plain.profile.tlbFlushNs);
  assert.match(r.notes.join('\n'), new RegExp(`0\\.500 answered IPIs per anon folio kswapd reclaimed \\(tlb:tlb_flush\\): ${(2 * plain.profile.tlbFlushNs! / 1000).toFixed(2)} µs per IPI`));
  assert.doesNotThrow(() => validateProfile(JSON.parse(JSON.stringify(r.profile)), 'round trip'));
  assert.throws(() => validateProfile(JSON.parse(JSON.stringify({ ...r.profile, tlbIpisPerFolio: -1 })), 'bad'), /tlbIpisPerFolio/);
});
