// kcompressd in mm/ (Apr 2025 "mm: Add Kcompressd for accelerated memory compression"): one "kcompressd%d" per
// node, created with kswapd, a KCOMPRESS_FIFO_SIZE (256) folio FIFO; swap_sched_async_compress() queues only
// kswapd's anon folios and falls back to the synchronous write when the FIFO is full.
import type { OffloadPolicy } from './offload';

export { MM_FIFO_SIZE } from '../vocabulary';

export function mmPolicy(queue: number, node = 0): OffloadPolicy {
  return { variant: 'mm', workers: 1, fifoSize: queue, workerName: () => `kcompressd${node}` };
}
