// CFS sharing of the CPUs with the capture's other load: the share a runnable kswapd (and each further modelled
// thread) gets from per-CPU busy time, and that load measured from cpu_stat minus kswapd's own schedstat time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Capture, SnapshotSeries } from '../capture/types';
import { cfsShares, otherLoadOf } from './cfsShare';
import { Cpus, Task } from './cpus';
import { EventQueue } from './eventQueue';

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} ≠ ${b}`);

test('an idle machine gives every modelled thread a whole core; a busy CPU beside an idle one still leaves one whole', () => {
  assert.deepEqual(cfsShares([0, 0], 2), [1, 1]);
  const [one, two] = cfsShares([1, 0], 2);
  close(one, 1, 'kswapd goes to the idle CPU (select_idle_sibling)');
  close(two, 0.75, 'a second thread shares the busy CPU at equal weight: (1 + ½) / 2');
});

test('every CPU busy with other work: each thread gets half a core (one other entity per CPU, equal weight)', () => {
  assert.deepEqual(cfsShares([1, 1], 2), [0.5, 0.5]);
  close(cfsShares([1], 1)[0], 0.5, 'one CPU');
});

test('partly busy CPUs: kswapd runs at full speed whenever one CPU is free of other work', () => {
  // P(both busy) = 0.6 × 0.5 = 0.3 → 1 − 0.3/2.
  close(cfsShares([0.6, 0.5], 2)[0], 0.85, 'kswapd');
  // The share falls as load grows and as more modelled threads run: the CPU limit on kcompressd's gain.
  const light = cfsShares([0.2, 0.2], 2);
  const heavy = cfsShares([0.9, 0.9], 2);
  assert.ok(heavy[0] < light[0] && light[1] < light[0] && heavy[1] < heavy[0]);
});

test('on another CPU count the same total other load is spread over the cores', () => {
  // 1.0 CPU of other load over 4 cores: 0.25 each; P(all busy) = 0.25⁴.
  close(cfsShares([0.5, 0.5], 4)[0], 1 - 0.25 ** 4 / 2, 'four cores');
  assert.equal(cfsShares([0.5, 0.5], 4).length, 4);
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

test('Cpus: with per-count shares, a second job running at once gets the second share', () => {
  const ev = new EventQueue();
  const cpus = new Cpus(ev, 2, [1, 0.5]);
  const a = new Task('kswapd0', 1, 1e9);
  const b = new Task('kcompressd0', 1, 1e9);
  const ends: number[] = [];
  cpus.run(a, 1e6, () => ends.push(ev.now));
  cpus.run(b, 1e6, () => ends.push(ev.now));
  ev.runUntil(1e9);
  assert.deepEqual(ends, [1e6, 2e6]);
  assert.equal(b.runDelayNs, 1e6, 'the time it ran slowed counts as run delay, as schedstat would');
});
