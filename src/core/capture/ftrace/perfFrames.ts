// The kernel frames whose inclusive sample counts the analysis reads from perf callchains (one list, used everywhere).

/** Compression itself: zcomp entry and the LZ4 / LZO bodies (a leaf may be a body when the chain is cut short). */
export const COMPRESS_FRAMES = ['zcomp_compress', 'lz4_compress', 'LZ4_compress_fast_extState', 'lzorle_compress', 'lzo1x_1_do_compress'] as const;

/** Frames that put a sample inside reclaim (the analysis's "reclaimer" samples). */
export const RECLAIM_FRAMES = [
  'shrink_folio_list', 'try_to_free_mem_cgroup_pages', 'try_to_free_pages', 'balance_pgdat', 'do_try_to_free_pages',
  'shrink_node', 'shrink_lruvec',
] as const;

export const PERF_FRAMES = [
  ...COMPRESS_FRAMES,
  'arch_tlbbatch_flush', 'zram_submit_bio', 'zs_malloc', 'swap_writeout', 'try_to_unmap', 'folio_referenced',
  ...RECLAIM_FRAMES,
  // shrink_folio_list()'s work on a folio it frees, never on one it keeps: the swap slot (add_to_swap() →
  // folio_alloc_swap(), which newer kernels call directly), the mapping delete (__remove_mapping()) and the batched
  // free (free_unref_folios(); free_unref_page_list() before 6.10).
  'add_to_swap', 'folio_alloc_swap', '__remove_mapping', 'free_unref_folios', 'free_unref_page_list',
  // shrink_slab()'s per-shrinker scan (dentry/inode caches: super_cache_scan): reclaim outside the LRU lists.
  'do_shrink_slab',
] as const;

export type PerfFrame = (typeof PERF_FRAMES)[number];

/** A frame's bit in a perf timeline sample's mask (PerfProfile.timeline). */
export const perfFrameBit = (frame: PerfFrame): number => 1 << PERF_FRAMES.indexOf(frame);
