import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dispatcher } from './dispatcher';
import { SchedTracker } from './schedTracker';
import { feed, ftraceLine as L } from './testFeed';

const sw = (cpu: number, ts: number, prev: string, prevPid: number, next: string, nextPid: number) =>
  L(prev, prevPid, cpu, ts, 'sched_switch', `prev_comm=${prev} prev_pid=${prevPid} prev_prio=120 prev_state=S ==> next_comm=${next} next_pid=${nextPid} next_prio=120`);

test('on-CPU needs both edges on the same CPU; kswapd and kcompressd intervals kept', () => {
  const d = new Dispatcher();
  const s = new SchedTracker(d);
  feed(d, [
    sw(0, 1.0, 'swapper/0', 0, 'kswapd0', 45),
    sw(1, 1.1, 'a b', 5, 'kcompressd0', 60),
    sw(0, 1.5, 'kswapd0', 45, 'swapper/0', 0),
    sw(1, 1.7, 'kcompressd0', 60, 'a b', 5),
    sw(0, 2.0, 'other', 77, 'kswapd0', 45), // swapper/0's switch-out was not traced: neither it nor 'other' counts
    sw(0, 2.25, 'kswapd0', 45, 'other', 77),
    L('x', 1, 0, 2.3, 'sched_wakeup', 'comm=kswapd0 pid=45 prio=120 target_cpu=000'),
  ]);
  const k = s.kswapdOnCpu.build();
  assert.deepEqual([...k.start, ...k.end], [1.0, 2.0, 1.5, 2.25]);
  assert.ok(Math.abs(s.onCpuByComm.get('kswapd0')! - 0.75) < 1e-9);
  const c = s.kcompressdOnCpu.build();
  assert.ok(Math.abs(c.end[0] - c.start[0] - 0.6) < 1e-9);
  assert.deepEqual([s.onCpuByComm.has('other'), s.onCpuByComm.has('swapper/0'), s.wakeups, [...s.kswapdPids]], [false, false, 1, [45]]);
});

test('trace-cmd plugin format works the same; a join in time drops running state', () => {
  const d = new Dispatcher();
  const s = new SchedTracker(d);
  const tc = (cpu: number, ts: number, body: string) => `          kswapd0-45    [00${cpu}] ${ts.toFixed(6)}: sched_switch: ${body}`;
  feed(d, [
    tc(0, 10, 'swapper/0:0 [120] R ==> kswapd0:45 [120]'),
    tc(0, 10.5, 'kswapd0:45 [120] S ==> swapper/0:0 [120]'),
    tc(0, 11, 'swapper/0:0 [120] R ==> kswapd0:45 [120]'),
    tc(0, 1, 'kswapd0:45 [120] S ==> swapper/0:0 [120]'), // time went backwards: the open interval is not closed here
  ]);
  assert.ok(Math.abs(s.onCpuByComm.get('kswapd0')! - 0.5) < 1e-9);
  assert.equal(d.backwardJumps, 1);
});

test('each CPU\'s idle task intervals; a comm-filtered trace that hides its switch-out ends one at the next recorded switch', () => {
  const d = new Dispatcher();
  const s = new SchedTracker(d);
  feed(d, [
    sw(1, 1.0, 'rr-stress', 9, 'swapper/1', 0),
    sw(1, 1.4, 'swapper/1', 0, 'rr-stress', 9), // both edges: idle 1.0–1.4
    sw(1, 1.5, 'rr-stress', 9, 'swapper/1', 0),
    sw(1, 2.0, 'node', 12, 'rr-stress', 9), // swapper/1 → node was filtered out: idle 1.5–2.0 at most
    sw(0, 2.0, 'kswapd0', 45, 'other', 77), // no idle task on cpu0
  ]);
  assert.equal(s.idle[0], undefined);
  const i = s.idle[1].build();
  assert.deepEqual([...i.start, ...i.end], [1.0, 1.5, 1.4, 2.0]);
});

test('an idle task\'s switch-in to a traced task missing from the trace: the idle ends at the wake-up it recorded last', () => {
  const d = new Dispatcher();
  const s = new SchedTracker(d);
  const wake = (ts: number) => L('<idle>', 0, 1, ts, 'sched_wakeup', 'comm=rr-stress pid=9 prio=120 target_cpu=001');
  feed(d, [
    sw(1, 1.0, 'rr-stress', 9, 'swapper/1', 0),
    wake(1.2), // the idle CPU's interrupt wakes rr-stress onto it; swapper/1 → rr-stress is not in the trace
    sw(1, 1.3, 'rr-stress', 9, 'swapper/1', 0), // rr-stress ran 1.2–1.3: idle 1.0–1.2 only
    sw(1, 2.0, 'node', 12, 'rr-stress', 9), // no wake-up recorded by the idle task: idle 1.3–2.0 at most
  ]);
  const i = s.idle[1].build();
  assert.deepEqual([...i.start, ...i.end], [1.0, 1.3, 1.2, 2.0]);
});
