import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_MIX } from '../model/zram/pageClasses';
import { burstSchedule, runBursts, type AppHandle, type AppSlot, type BurstEnv } from './burst';
import { DEFAULT_WORKLOAD, type WorkloadOptions } from './workload';

const app: WorkloadOptions = { ...DEFAULT_WORKLOAD, sizeMiB: 64, seconds: 0.5, mix: DEFAULT_MIX, seed: 7 };
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

test('the schedule starts an app every everyS, cuts the last lifetimes at the end and drops apps with < 1 s', () => {
  const s = burstSchedule({ apps: 6, everyS: 9, appSeconds: 15 }, 40, 3);
  assert.deepEqual(s.map((a) => [a.index, a.startS, a.seconds, a.seed]), [[0, 0, 15, 3], [1, 9, 15, 4], [2, 18, 15, 5], [3, 27, 13, 6], [4, 36, 4, 7]]);
  assert.equal(burstSchedule({ apps: 3, everyS: 1, appSeconds: 2 }, 100, 1).length, 3);
});

/** Apps that "run" for their lifetime scaled down 100×, recording starts and kills. */
function fakeApps(exitCode = 0) {
  const started: { slot: AppSlot; opts: WorkloadOptions; at: number }[] = [];
  const killed: number[] = [];
  const t0 = Date.now();
  const spawnApp = (slot: AppSlot, opts: WorkloadOptions): AppHandle => {
    started.push({ slot, opts, at: Date.now() - t0 });
    let finish: (c: number | null) => void = () => {};
    const exited = new Promise<number | null>((r) => (finish = r));
    const t = setTimeout(() => finish(exitCode), opts.seconds * 10);
    return { exited, kill: () => { killed.push(slot.index); clearTimeout(t); finish(null); } };
  };
  return { started, killed, spawnApp };
}

test('apps start on schedule with their own lifetime and seed, and all are awaited', async () => {
  const f = fakeApps();
  const lines: string[] = [];
  const env: BurstEnv = { spawnApp: f.spawnApp, sleep, log: (l) => lines.push(l) };
  const r = await runBursts({ ...app, seconds: 2.5 }, { apps: 4, everyS: 0.1, appSeconds: 2 }, env);
  assert.equal(r.started, 4);
  assert.equal(r.failed, 0);
  assert.deepEqual(f.started.map((s) => [s.opts.seconds, s.opts.seed, s.opts.sizeMiB]), [[2, 7, 64], [2, 8, 64], [2, 9, 64], [2, 10, 64]]);
  // Started in order and spaced by everyS (100 ms), never earlier.
  for (let i = 1; i < 4; i++) assert.ok(f.started[i].at - f.started[0].at >= 95 * i, `app ${i} at ${f.started[i].at}`);
  assert.equal(lines.filter((l) => l.startsWith('# app_exit')).length, 4);
  assert.deepEqual(f.killed, []);
});

test('an abort stops the running apps and starts no more', async () => {
  const f = fakeApps();
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 150);
  const r = await runBursts({ ...app, seconds: 100 }, { apps: 5, everyS: 0.1, appSeconds: 50 }, { spawnApp: f.spawnApp, sleep, log: () => {}, signal: ac.signal });
  assert.equal(r.started, 2);
  assert.deepEqual(f.killed.sort(), [0, 1]);
  assert.equal(r.failed, 0);
});

test('an app that fails is counted', async () => {
  const f = fakeApps(3);
  const r = await runBursts({ ...app, seconds: 2 }, { apps: 2, everyS: 0.05, appSeconds: 1 }, { spawnApp: f.spawnApp, sleep, log: () => {} });
  assert.equal(r.failed, 2);
});

test('a spawn that throws stops the apps already running', async () => {
  const f = fakeApps();
  let n = 0;
  const spawnApp = (slot: AppSlot, opts: WorkloadOptions) => {
    if (n++ === 1) throw new Error('EAGAIN');
    return f.spawnApp(slot, opts);
  };
  await assert.rejects(runBursts({ ...app, seconds: 100 }, { apps: 3, everyS: 0.05, appSeconds: 50 }, { spawnApp, sleep, log: () => {} }), /EAGAIN/);
  assert.deepEqual(f.killed, [0]);
});
