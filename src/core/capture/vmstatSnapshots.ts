// /proc/vmstat snapshot series. Parsed key → value (line order changes between kernels); legacy per-zone counters of
// pre-4.8 kernels (pgsteal_kswapd_dma32, pgscan_direct_normal…) and allocstall_<zone> are summed into the modern key
// unless the snapshot already has it.
import type { LineReadOptions } from './lineSource';
import { parseFramedSnapshots } from './framedSnapshots';
import type { SnapshotParse } from './seriesBuilder';
import { splitKeyValue } from './tokens';

const ZONE_SUFFIX = /^(pgsteal_kswapd|pgsteal_direct|pgscan_kswapd|pgscan_direct|pgrefill|allocstall)_(dma|dma32|normal|high|highmem|movable|device)$/;

/** /proc/vmstat gauges: node/zone item counts (nr_*) and workingset_nodes; everything else counts events. */
export function isVmstatCounter(key: string): boolean {
  return !key.startsWith('nr_') && key !== 'workingset_nodes';
}

/** The modern key a legacy per-zone key folds into, or undefined. */
export function foldedKey(key: string): string | undefined {
  return ZONE_SUFFIX.exec(key)?.[1];
}

export function parseVmstatSnapshots(path: string, opts?: LineReadOptions): Promise<SnapshotParse> {
  return parseFramedSnapshots(path, { format: 'vmstat-snapshots', colon: false, split: splitKeyValue, isCounter: isVmstatCounter, foldInto: foldedKey }, opts);
}
