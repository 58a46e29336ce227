import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Zone } from '../capture/types';
import { lowmemReserves, zoneLimitsOf } from './zoneLimits';

// A 24 GiB x86 VM's node 0 as /proc/zoneinfo shows it (the protection lines are the kernel's own figures).
const zone = (name: string, managedPages: number, freePages: number, protection: number[]): Zone =>
  ({ node: 0, name, managedPages, freePages, min: 10, low: 20, high: 30, protection });
const NODE: Zone[] = [
  zone('DMA', 3840, 3840, [0, 3019, 24090, 24090, 24090]),
  zone('DMA32', 772917, 753761, [0, 0, 21071, 21071, 21071]),
  zone('Normal', 5394266, 1034363, [0, 0, 0, 0, 0]),
  zone('Movable', 0, 0, [0, 0, 0, 0, 0]),
];

test('lowmem_reserve from managed pages and the default ratios matches the kernel\'s protection figures', () => {
  assert.deepEqual(lowmemReserves(NODE, 2), NODE.map((z) => z.protection![2]));
  assert.deepEqual(lowmemReserves(NODE, 1), NODE.map((z) => z.protection![1]));
});

test('reserves against the highest populated zone; starting free pages spread like zoneinfo\'s', () => {
  const { limits, note } = zoneLimitsOf(NODE, 2 * 1_791_964);
  assert.deepEqual(limits.map((l) => l.reserve), [24090, 21071, 0, 0]);
  assert.deepEqual(limits.map((l) => l.free), [2 * 3840, 2 * 753761, 2 * 1034363, 0]);
  assert.match(note, /; reserve from zoneinfo protection$/);
  const computed = zoneLimitsOf(NODE.map(({ protection: _, ...z }) => z), 1_791_964);
  assert.deepEqual(computed.limits.map((l) => l.reserve), [24090, 21071, 0, 0]);
  assert.match(computed.note, /; reserve computed from managed pages \(default lowmem_reserve_ratio\)$/);
});

test('only the first node\'s zones are used', () => {
  const other = { ...NODE[2], node: 1 };
  assert.equal(zoneLimitsOf([...NODE, other], 1000).limits.length, NODE.length);
});
