import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PerfSamples, perfProfileIn } from './perfSamples';
import { PERF_FRAMES } from './perfFrames';

const frame = (p: PerfSamples, text: string) => {
  const b = Buffer.from(text);
  p.frame(b, 0, b.length);
};

test('frames with offsets and dsos count once per sample; unknown frames and near-misses do not count', () => {
  const p = new PerfSamples();
  p.begin('kswapd0', 1001001, 10.5);
  for (const f of ['\tffffffff81 zcomp_compress+0x1f ([kernel.kallsyms])', '\tffffffff82 zcomp_compress', '\tffffffff83 shrink_node ([kernel.kallsyms])',
    '\t 152ac6 zcomp_compress_x', '\t 0 [unknown]']) frame(p, f);
  p.begin('kswapd0', 0, 20.5, 1); // a new header ends the previous sample
  frame(p, '\tffffffff84 try_to_unmap');
  const r = p.result('x');
  assert.equal(r.periodNs, 1001001);
  assert.deepEqual([...r.timeline!['kswapd0'].cpus!], [-1, 1], 'each sample\'s CPU, -1 where the header has none');
  assert.deepEqual(r.byComm['kswapd0'], {
    samples: 2, compress: 1, inclusive: { zcomp_compress: 1, try_to_unmap: 1, shrink_node: 1 },
    inReclaim: { samples: 1, compress: 1, inclusive: { zcomp_compress: 1, shrink_node: 1 } },
  });
  // Part of the capture: only the samples taken in it.
  assert.deepEqual(perfProfileIn(r, 0, 15)!.byComm['kswapd0'], {
    samples: 1, compress: 1, inclusive: { zcomp_compress: 1, shrink_node: 1 },
    inReclaim: { samples: 1, compress: 1, inclusive: { zcomp_compress: 1, shrink_node: 1 } },
  });
  assert.deepEqual(perfProfileIn(r, 15, 30)!.byComm['kswapd0'].inclusive, { try_to_unmap: 1 });
  assert.deepEqual(Object.keys(perfProfileIn(r, 30, 40)!.byComm), [], 'no sample in the part: no comm');
  assert.deepEqual(perfProfileIn(r, 0, 40)!.byComm['kswapd0'], r.byComm['kswapd0'], 'the whole span counts what the whole file counts');
  assert.equal(perfProfileIn({ ...r, timeline: undefined }, 0, 40), undefined, 'no sample times: nothing to cut');
});

test('the frame list holds every frame the analysis asks for, once', () => {
  for (const f of ['zcomp_compress', 'lz4_compress', 'LZ4_compress_fast_extState', 'lzorle_compress', 'lzo1x_1_do_compress', 'arch_tlbbatch_flush',
    'shrink_folio_list', 'zram_submit_bio', 'zs_malloc', 'swap_writeout', 'try_to_unmap', 'folio_referenced', 'try_to_free_mem_cgroup_pages',
    'try_to_free_pages', 'balance_pgdat', 'do_try_to_free_pages']) assert.ok((PERF_FRAMES as readonly string[]).includes(f), f);
  assert.equal(new Set(PERF_FRAMES).size, PERF_FRAMES.length);
  assert.ok(PERF_FRAMES.length <= 31); // one bit each in a sample mask
});
