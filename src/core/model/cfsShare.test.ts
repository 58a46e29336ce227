// CFS sharing of the CPUs with the capture's other load: the share a runnable kswapd (and each further modelled
// thread) gets from per-CPU busy time, and that load measured from cpu_stat minus kswapd's own schedstat time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Capture, SnapshotSeries } from '../capture/types';
import { cfsShare, otherLoadOf, RunQueueShares, runQueueOf, tasksPerEntityOf } from './cfsShare';
import { Cpus, Task } from './cpus';
import { EventQueue } from './eventQueue';

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} ≠ ${b}`);

test('a CPU with nothing else runnable is taken first (select_idle_sibling): a whole core', () => {
  assert.equal(cfsShare(0, 2, 1), 1);
  assert.equal(cfsShare(1, 2, 1), 1, 'one other task: the other CPU is free');
  close(cfsShare(1, 2, 1, 2), 2 / 3, 'a second modelled thread: three entities balanced over two CPUs');
});

test('every CPU busy: load_balance() evens each CPU\'s weight with the thread\'s own counted, then an equal share', () => {
  // kswapd holds 1024 of its CPU's weight, so the balancer leaves fewer of the others there: (6 + 1) / 2 entities.
  close(cfsShare(6, 2, 1), 2 / 7, 'six tasks, each its own entity');
  assert.ok(cfsShare(6, 2, 1) > 1 / (1 + 6 / 2), 'more than an even split of the others would leave it');
  close(cfsShare(6, 2, 3), 2 / 3, 'the same tasks in autogroups of three: two entities');
  assert.equal(cfsShare(6, 2, 6), 1, 'one entity: it holds one CPU, kswapd the other');
  assert.equal(cfsShare(2, 1, 64), 1 / 2, 'any runnable task is at least one entity');
  close(cfsShare(14, 1, 1), 1 / 15, 'one CPU: nothing to balance');
  assert.ok(cfsShare(14, 2, 3, 2) <= cfsShare(14, 2, 3, 1) && cfsShare(30, 2, 3) < cfsShare(14, 2, 3), 'more load, less CPU');
});

test('on more cores the same runnable tasks leave more: a free CPU, or fewer entities per CPU', () => {
  assert.equal(cfsShare(6, 8, 1), 1);
  close(cfsShare(12, 4, 1), 4 / 13, 'four cores');
});

test('RunQueueShares follows the samples in time and restarts for the next run', () => {
  const rq = new RunQueueShares({ atNs: Float64Array.of(0, 1e9, 2e9), others: Float64Array.of(0, 6, 2), cpus: 2 }, 2, 1);
  assert.equal(rq.share(0.5e9, 1), 1);
  close(rq.share(1.5e9, 1), 2 / 7, 'second sample');
  assert.equal(rq.share(0, 1), 1, 'a second scenario starts again at t = 0');
  close(rq.mean(), (1 + 2 / 7 + 2 / 3) / 3, 'mean');
});

const series = (times: number[], cols: Record<string, number[]>, counters = Object.keys(cols)): SnapshotSeries => ({
  source: 'cpu_stat.txt', times: Float64Array.from(times), columns: new Map(Object.entries(cols).map(([k, v]) => [k, Float64Array.from(v)])),
  counters: new Set(counters), resets: [],
});

test('other load is cpu_stat busy minus kswapd\'s own run time, over the span asked for only', () => {
  // 10 s; cpu0 busy 900 ticks (9 s), cpu1 300 ticks (3 s); kswapd ran 6 s of it in the first 10 s.
  const capture = {
    root: 'x', sources: [], warnings: [], clock: 'mono',
    cpuStat: series([0, 10, 20], { 'cpu0.busy': [0, 900, 1000], 'cpu0.idle': [0, 100, 1000], 'cpu1.busy': [0, 300, 300], 'cpu1.idle': [0, 700, 700] }),
    taskCpu: [{ source: 'kswapd_cpu.txt', comm: 'kswapd0', times: Float64Array.of(0, 10, 20), sumExecNs: Float64Array.of(0, 6e9, 6e9), runDelayNs: Float64Array.of(0, 1e9, 1e9) }],
  } as unknown as Capture;
  const first = otherLoadOf(capture, { startS: 0, endS: 10 })!;
  // 12 s busy − 6 s kswapd = 6 s other, spread by busy time: cpu0 9/12·6 = 4.5 s, cpu1 1.5 s of 10 s.
  close(first.perCpu[0], 0.45, 'cpu0');
  close(first.perCpu[1], 0.15, 'cpu1');
  assert.match(first.note, /minus kswapd0/);
  const second = otherLoadOf(capture, { startS: 10, endS: 20 })!;
  // cpu1 made no progress in the second half (offline): one CPU online, 1 s busy of 10, no kswapd time.
  assert.deepEqual(second.perCpu.map((x) => Math.round(x * 100) / 100), [0.1]);
  assert.equal(otherLoadOf({ ...capture, cpuStat: undefined }), undefined, 'no cpu_stat: not measured');
  assert.equal(otherLoadOf(capture, { startS: 0, endS: 0.5 }), undefined, 'a span under 1 s: not measured');
});

test('tasks per entity: the g at which CFS over the loadavg samples gives kswapd\'s measured share; loadavg on the replay clock', () => {
  // 2 CPUs, 8 runnable besides the sampler and kswapd (loadavg 10); kswapd ran 0.5 of every 1 s it was runnable:
  // 8/g entities and kswapd balanced over 2 CPUs: 2 / (8/g + 1) = 0.5 → g = 8/3.
  const t = [0, 1, 2, 3];
  const capture = {
    root: 'x', sources: [], warnings: [], clock: 'mono',
    cpuStat: series(t.map((x) => 100 + x), { 'cpu0.busy': [0, 100, 200, 300], 'cpu0.idle': [0, 0, 0, 0], 'cpu1.busy': [0, 100, 200, 300], 'cpu1.idle': [0, 0, 0, 0], 'loadavg.running': [10, 10, 10, 10] }, ['cpu0.busy', 'cpu0.idle', 'cpu1.busy', 'cpu1.idle']),
    taskCpu: [{ source: 'k', comm: 'kswapd0', times: Float64Array.from(t, (x) => 100 + x), sumExecNs: Float64Array.from(t, (x) => x * 0.5e9), runDelayNs: Float64Array.from(t, (x) => x * 0.5e9) }],
  } as unknown as Capture;
  const r = tasksPerEntityOf(capture, { startS: 100, endS: 103 })!;
  assert.ok(Math.abs(r.g - 8 / 3) < 0.01, `g ${r.g}`);
  assert.match(r.note, /8\.0 other runnable tasks.*ran 50\.0 %/);
  assert.equal(tasksPerEntityOf(capture, { startS: 100, endS: 100.4 }), undefined, 'under 1 s of kswapd runnable: not measured');
  const rq = runQueueOf(capture, 99)!;
  assert.deepEqual([...rq.atNs], [1e9, 2e9, 3e9, 4e9]);
  assert.deepEqual([...rq.others], [8, 8, 8, 8]);
  assert.equal(rq.cpus, 2);
  assert.equal(runQueueOf({ ...capture, cpuStat: undefined }, 0), undefined);
});

test('Cpus: with a share function, a second job running at once gets the second share', () => {
  const ev = new EventQueue();
  const cpus = new Cpus(ev, 2, (_t, m) => (m === 1 ? 1 : 0.5));
  const a = new Task('kswapd0', 1, 1e9);
  const b = new Task('kcompressd0', 1, 1e9);
  const ends: number[] = [];
  cpus.run(a, 1e6, () => ends.push(ev.now));
  cpus.run(b, 1e6, () => ends.push(ev.now));
  ev.runUntil(1e9);
  assert.deepEqual(ends, [1e6, 2e6]);
  assert.equal(b.runDelayNs, 1e6, 'the time it ran slowed counts as run delay, as schedstat would');
});

test('with the root cfs_rq measured (cfs_rq.txt), the others are its weight less kswapd\'s, one entity each, whatever loadavg counts', () => {
  // loadavg: 12 runnable (10 others); the root cfs_rq: cpu0 3 nice-0 weights with kswapd queued there, cpu1 1.5: the
  // others weigh 3.5 entities (a busy session split over both CPUs by calc_group_shares(), a nice-0 task, ...).
  const t = [0, 1, 2];
  const W = 1024 << 10;
  const capture = {
    root: 'x', sources: [], warnings: [], clock: 'mono',
    cpuStat: series(t.map((x) => 100 + x), { 'cpu0.busy': [0, 100, 200], 'cpu0.idle': [0, 0, 0], 'cpu1.busy': [0, 100, 200], 'cpu1.idle': [0, 0, 0], 'loadavg.running': [12, 12, 12] }, ['cpu0.busy', 'cpu0.idle', 'cpu1.busy', 'cpu1.idle']),
    cfsRq: series(t.map((x) => 100 + x), { 'cpu0.load': [3 * W, 3 * W, 2 * W], 'cpu1.load': [1.5 * W, 1.5 * W, 1.5 * W], 'kswapd.runnable': [1, 1, 0] }, []),
  } as unknown as Capture;
  const rq = runQueueOf(capture, 99)!;
  assert.equal(rq.entities, true);
  assert.deepEqual([...rq.others], [3.5, 3.5, 3.5], 'kswapd\'s own weight taken off only while it was runnable');
  // update_curr()/pick_eevdf(): kswapd's weight over the balanced weight, 2 CPUs / (3.5 + 1); tasks per entity (here
  // 2, as calibrated for loadavg's tasks) does not apply to measured entities.
  const shares = new RunQueueShares(rq, 2, 2);
  close(shares.share(1.5e9, 1), 2 / 4.5, 'measured entities');
  close(shares.mean(), 2 / 4.5, 'mean');
  close(new RunQueueShares(runQueueOf({ ...capture, cfsRq: undefined } as Capture, 99)!, 2, 2).share(1.5e9, 1), 2 / 6, 'loadavg: 10 tasks, 2 to an entity');
});
