import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_MIX, PAGE_CLASSES } from '../model/zram/pageClasses';
import { DEFAULT_WORKLOAD, runWorkload, type WorkloadEnv } from './workload';

const small = { ...DEFAULT_WORKLOAD, sizeMiB: 8, seconds: 0.6, rateMiBs: 1000, touchesPerS: 20000, mix: DEFAULT_MIX };
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

test('workload fills every page with the mix, then touches until the end', async () => {
  const lines: string[] = [];
  const env: WorkloadEnv = { memFreeMiB: () => 20000, sleep, log: (l) => lines.push(l) };
  const t0 = Date.now();
  const r = await runWorkload(small, env);
  assert.equal(r.pagesFilled, (8 << 20) / 4096);
  assert.equal(PAGE_CLASSES.reduce((s, c) => s + r.classes[c], 0), r.pagesFilled);
  assert.ok(r.classes.zero > 0 && r.classes.ptr > 0);
  assert.ok(r.touches > 0);
  assert.equal(r.guardPausedS, 0);
  assert.ok(Date.now() - t0 >= 550);
  assert.ok(lines.some((l) => l.startsWith('# alloc_done') && l.includes(`pages=${r.pagesFilled}`)));
});

test('workload pauses while MemFree is under the guard', async () => {
  // Under the guard for the first 200 ms after the first look at MemFree.
  let lowUntil: number | undefined;
  const memFreeMiB = () => {
    lowUntil ??= Date.now() + 200;
    return Date.now() < lowUntil ? 100 : 20000;
  };
  const env: WorkloadEnv = { memFreeMiB, sleep, log: () => {} };
  const r = await runWorkload({ ...small, seconds: 1 }, env);
  assert.ok(r.guardPausedS >= 0.18 && r.guardPausedS < 0.5, `paused ${r.guardPausedS}`);
  assert.equal(r.pagesFilled, (8 << 20) / 4096);
});

test('workload stops on abort', async () => {
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 50);
  const t0 = Date.now();
  await runWorkload({ ...small, seconds: 30, rateMiBs: 10 }, { memFreeMiB: () => 20000, sleep, log: () => {}, signal: ac.signal });
  assert.ok(Date.now() - t0 < 2000);
});
