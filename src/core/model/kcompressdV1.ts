// kcompressd v1 (drivers/block/zram/kcompressd.c, Mar 2025): nr_kcompressd workers "kcompressd:%d", each with a
// FIFO of queue_size_per_kcompressd write_work entries, first-fit over workers; only kswapd's writes are queued;
// all FIFOs full → -EBUSY → kswapd compresses synchronously. Threads start lazily on their first entry, which costs
// nothing the model counts: a worker that never gets work simply never runs.
import type { OffloadPolicy } from './offload';

export { V1_DEFAULT_QUEUE, V1_DEFAULT_WORKERS } from '../vocabulary';

export function v1Policy(workers: number, queue: number): OffloadPolicy {
  return { variant: 'v1', workers, fifoSize: queue, workerName: (i) => `kcompressd:${i}` };
}
