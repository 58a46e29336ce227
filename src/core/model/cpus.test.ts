// The cores under CFS: jobs up to the core count run side by side; more runnable jobs share the cores equally.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Cpus, Task } from './cpus';
import { EventQueue } from './eventQueue';

function ends(cores: number, jobs: number, availability = 1): number[] {
  const ev = new EventQueue();
  const cpus = new Cpus(ev, cores, availability);
  const done: number[] = [];
  for (let j = 0; j < jobs; j++) cpus.run(new Task(`t${j}`, 1, 1e9), 1e6, () => done.push(ev.now));
  ev.runUntil(Infinity);
  return done;
}

test('two jobs on two cores run side by side, not one after the other', () => {
  assert.deepEqual(ends(2, 2), [1e6, 1e6]);
});

test('a third runnable job on two cores: the last to start gets two thirds of a core (CFS share)', () => {
  const d = ends(2, 3);
  assert.equal(d.length, 3);
  assert.equal(Math.max(...d), 1.5e6);
});

test('the other load\'s availability stretches a job on top of the sharing', () => {
  assert.deepEqual(ends(1, 1, 0.5), [2e6]);
});

test('a measured share already holds the cores\' competition: a job beyond the cores joins that run queue as one entity', () => {
  // a = 0.5 on 2 cores: 4 runnable entities; the third modelled job makes 5, so it gets 2/5 of a core, not 0.5 × 2/3.
  const d = ends(2, 3, 0.5);
  assert.deepEqual(d.slice(0, 2), [2e6, 2e6]);
  assert.equal(d[2], 2.5e6);
});

test('an idle task\'s CPU accounts are +0 (its fields are laid out as doubles from -0: printed, -0 would read "-0")', () => {
  const t = new Task('idle', 1, 1e8);
  for (const x of [t.cpuNs, t.runDelayNs, t.queuedNs]) assert.ok(Object.is(x, 0));
});
