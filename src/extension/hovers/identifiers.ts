// The identifiers the hovers know: the kcompressd patch (v1 zram-side, the mm/ version, the unofficial one) and the
// kswapd/zram functions it touches. Descriptions are our own words (after kernel-notes.md §1). Pure data.

/** Kernel files whose identifiers we annotate. */
export type KernelFile = 'kcompressd.c' | 'kcompressd.h' | 'page_io.c' | 'zram_drv.c' | 'vmscan.c';

/** Which replay figures a hover shows. */
export type FigureGroup = 'workers' | 'queued' | 'fifo' | 'reclaim' | 'kswapd' | 'stalls' | 'zram' | 'writeback';

/** Which option the hover's re-run links vary. */
export type RerunKnob = 'kcompressd' | 'queue' | 'variant' | 'pressure';

export interface Identifier {
  name: string;
  origin: 'v1' | 'mm' | 'unofficial' | 'kernel';
  kind: 'function' | 'macro' | 'variable' | 'struct' | 'field' | 'enum' | 'sysctl';
  files: KernelFile[];
  summary: string;
  figures: FigureGroup[];
  rerun: RerunKnob[];
}

const V1: KernelFile[] = ['kcompressd.c', 'kcompressd.h'];
const MM: KernelFile[] = ['page_io.c', 'vmscan.c', 'kcompressd.c'];

export const IDENTIFIERS: Identifier[] = [
  // v1: drivers/block/zram/kcompressd.c
  { name: 'kcompressd', origin: 'v1', kind: 'function', files: [...V1, 'page_io.c', 'vmscan.c'], figures: ['workers', 'reclaim'], rerun: ['kcompressd', 'variant'],
    summary: 'The compression worker thread. It sleeps until its FIFO has entries, then compresses what kswapd queued, so kswapd no longer compresses pages itself. v1 runs N workers (kcompressd:0…), each draining its own FIFO of bios through the zram write callback; the mm/ version runs one thread per node (kcompressd0…) draining a folio FIFO.' },
  { name: 'kcompressd_try_to_sleep', origin: 'v1', kind: 'function', files: V1, figures: ['workers'], rerun: ['kcompressd'],
    summary: 'Puts an idle worker to sleep on its wait queue, re-checking the FIFO after preparing to wait so a wake-up cannot be lost.' },
  { name: 'schedule_bio_write', origin: 'v1', kind: 'function', files: [...V1, 'zram_drv.c'], figures: ['queued', 'fifo'], rerun: ['kcompressd', 'queue'],
    summary: 'The producer side. Only kswapd may queue: the write goes into the first worker FIFO with room (first fit, not round-robin) and the worker is started or woken. When every FIFO is full it returns -EBUSY and zram compresses synchronously in kswapd.' },
  { name: 'nr_kcompressd', origin: 'v1', kind: 'variable', files: V1, figures: ['workers'], rerun: ['kcompressd'],
    summary: 'How many worker threads (module parameter, default DEFAULT_NR_KCOMPRESSD = 4). Writing it stops all workers and rebuilds the FIFOs.' },
  { name: 'queue_size_per_kcompressd', origin: 'v1', kind: 'variable', files: V1, figures: ['fifo', 'queued'], rerun: ['queue'],
    summary: 'Entries per worker FIFO (module parameter, default INIT_QUEUE_SIZE = 4096). kfifo rounds the byte size up to a power of two, so a 64-bit kernel gets about 5461 slots.' },
  { name: 'INIT_QUEUE_SIZE', origin: 'v1', kind: 'macro', files: V1, figures: ['fifo'], rerun: ['queue'],
    summary: 'Default FIFO depth per worker: 4096 write_work entries.' },
  { name: 'DEFAULT_NR_KCOMPRESSD', origin: 'v1', kind: 'macro', files: V1, figures: ['workers'], rerun: ['kcompressd'],
    summary: 'Default number of worker threads: 4.' },
  { name: 'write_fifo', origin: 'v1', kind: 'field', files: V1, figures: ['fifo'], rerun: ['queue'],
    summary: 'The per-worker kfifo of write_work entries, filled by schedule_bio_write and drained by the worker.' },
  { name: 'write_work', origin: 'v1', kind: 'struct', files: V1, figures: ['fifo'], rerun: ['queue'],
    summary: 'One queued write: the zram device, the bio and the callback that compresses it (three pointers, 24 bytes on 64-bit).' },
  { name: 'clean_bio_queue', origin: 'v1', kind: 'function', files: V1, figures: ['fifo'], rerun: ['kcompressd'],
    summary: 'Drains a worker FIFO when workers stop: the remaining writes run synchronously, then the FIFO is freed.' },
  { name: 'kcompress_update', origin: 'v1', kind: 'function', files: V1, figures: ['workers', 'fifo'], rerun: ['kcompressd', 'queue'],
    summary: 'Allocates the per-worker state, FIFOs and wait queues for nr_kcompressd workers.' },
  { name: 'kcompressd_enabled', origin: 'v1', kind: 'function', files: [...V1, 'zram_drv.c'], figures: ['queued'], rerun: ['variant'],
    summary: 'The global on/off gate zram checks before offering a write to schedule_bio_write.' },
  { name: 'enable_kcompressd', origin: 'v1', kind: 'variable', files: V1, figures: ['queued'], rerun: ['variant'],
    summary: 'The atomic flag behind kcompressd_enabled(), cleared while the parameters are being changed.' },
  { name: 'kcompressd_para', origin: 'v1', kind: 'struct', files: V1, figures: ['workers'], rerun: ['kcompressd'],
    summary: 'The pointers (wait queue, FIFO, state) handed to each worker thread.' },
  { name: 'stop_all_kcompressd_thread', origin: 'v1', kind: 'function', files: V1, figures: ['workers'], rerun: ['kcompressd'],
    summary: 'Stops every worker and drains its FIFO synchronously.' },
  { name: 'kcompressd_init', origin: 'v1', kind: 'function', files: V1, figures: ['workers', 'fifo'], rerun: ['kcompressd', 'queue'],
    summary: 'Module init: 4 workers × 4096 entries, allocate, then open the gate. Workers start lazily on the first queued write.' },
  { name: 'compress_callback', origin: 'v1', kind: 'struct', files: [...V1, 'zram_drv.c'], figures: ['workers'], rerun: ['kcompressd'],
    summary: 'The callback type a worker runs for each queued write (zram passes a wrapper around zram_bio_write).' },
  // mm/ version (one kcompressd per node, folio FIFO in pg_data_t)
  { name: 'swap_sched_async_compress', origin: 'mm', kind: 'function', files: MM, figures: ['queued', 'fifo'], rerun: ['queue', 'variant'],
    summary: 'mm/ version of the producer: called early in swap_writepage; queues an anon folio from kswapd to the node\'s kcompressd when zswap or a synchronous swap device is in use. A full FIFO means the old synchronous path.' },
  { name: 'kcompress_fifo', origin: 'mm', kind: 'field', files: MM, figures: ['fifo'], rerun: ['queue'],
    summary: 'The per-node FIFO of folio pointers (KCOMPRESS_FIFO_SIZE entries) between kswapd and kcompressd.' },
  { name: 'KCOMPRESS_FIFO_SIZE', origin: 'mm', kind: 'macro', files: MM, figures: ['fifo'], rerun: ['queue'],
    summary: 'Depth of the per-node folio FIFO in the mm/ version: 256.' },
  { name: 'kcompressd_wait', origin: 'mm', kind: 'field', files: [...MM, 'kcompressd.h'], figures: ['workers'], rerun: ['kcompressd'],
    summary: 'The wait queue a kcompressd thread sleeps on until its FIFO has work.' },
  // out-of-tree "Kcompressd-Unofficial"
  { name: 'kcompressd_store', origin: 'unofficial', kind: 'function', files: MM, figures: ['queued', 'fifo'], rerun: ['queue'],
    summary: 'Unofficial version\'s producer: queues the folio (with a reference); when the queue is at depth it first swaps out the oldest queued folio synchronously, keeping FIFO order.' },
  { name: 'vm_kcompressd', origin: 'unofficial', kind: 'sysctl', files: MM, figures: ['fifo'], rerun: ['queue'],
    summary: 'The vm.kcompressd sysctl of the unofficial version: effective queue depth (default 24, 0 disables).' },
  // kswapd and zram functions the patch relies on
  { name: 'balance_pgdat', origin: 'kernel', kind: 'function', files: ['vmscan.c'], figures: ['kswapd', 'reclaim'], rerun: ['kcompressd', 'pressure'],
    summary: 'kswapd\'s main reclaim loop: shrink the node with rising priority until some zone is above its high watermark.' },
  { name: 'shrink_folio_list', origin: 'kernel', kind: 'function', files: ['vmscan.c'], figures: ['reclaim', 'writeback'], rerun: ['kcompressd'],
    summary: 'Decides each isolated folio\'s fate; dirty anon folios go to pageout(). With kcompressd they come back under writeback and are freed on a later scan instead of in this pass.' },
  { name: 'zram_write_page', origin: 'kernel', kind: 'function', files: ['zram_drv.c'], figures: ['zram', 'workers'], rerun: ['kcompressd'],
    summary: 'Stores one page in zram: same-filled pages as a value, otherwise compress, then a zsmalloc slot (or the raw page when it does not compress).' },
  { name: 'zcomp_compress', origin: 'kernel', kind: 'function', files: ['zram_drv.c'], figures: ['zram', 'workers'], rerun: ['kcompressd'],
    summary: 'Runs the compressor (lz4, lzo-rle, …) on one page with a per-CPU stream: the CPU cost kcompressd moves out of kswapd.' },
  { name: 'zs_malloc', origin: 'kernel', kind: 'function', files: ['zram_drv.c'], figures: ['zram'], rerun: [],
    summary: 'Allocates the zsmalloc object that holds a compressed page.' },
];

export const FILE_NAMES: KernelFile[] = ['kcompressd.c', 'kcompressd.h', 'page_io.c', 'zram_drv.c', 'vmscan.c'];

const BY_NAME = new Map(IDENTIFIERS.map((i) => [i.name, i]));

/** The identifier `word` when it is annotated in a file called `fileName`. */
export function lookup(word: string, fileName: string): Identifier | undefined {
  const id = BY_NAME.get(word);
  return id && (id.files as string[]).includes(fileName) ? id : undefined;
}

/** Identifiers annotated in `fileName`, for "does this file really hold the patch?" checks. */
export function identifiersFor(fileName: string): Identifier[] {
  return IDENTIFIERS.filter((i) => (i.files as string[]).includes(fileName));
}
