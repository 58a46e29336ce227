import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeSystem } from './fakeSystem';
import { runStress } from './stress';
import { DEFAULT_STRESS_SYSTEM } from './stressSystem';

function restored(fake: FakeSystem): void {
  assert.equal(fake.read('proc/sys/vm/nr_hugepages').trim(), '0');
  assert.equal(fake.read('proc/sys/vm/watermark_scale_factor').trim(), '10');
  assert.equal(fake.read('proc/swaps').includes('zram0'), false);
}

test('stress runs the workload on the prepared system and restores after it', async (t) => {
  const fake = new FakeSystem();
  t.after(() => fake.cleanup());
  let hugepagesDuring = '';
  const r = await runStress({
    ops: fake.ops, roots: fake.roots, system: DEFAULT_STRESS_SYSTEM, abortMiB: 2800, signal: new AbortController().signal,
    command: [process.execPath, '-e', 'setTimeout(() => {}, 300)'],
    log: (m) => { if (m.startsWith('workload started')) hugepagesDuring = fake.read('proc/sys/vm/nr_hugepages').trim(); },
  });
  assert.deepEqual(r, { failed: false, restoreFailures: [] });
  assert.notEqual(hugepagesDuring, '0');
  restored(fake);
});

test('a workload that cannot start fails the run and the setup is restored', async (t) => {
  const fake = new FakeSystem();
  t.after(() => fake.cleanup());
  const said: string[] = [];
  const r = await runStress({
    ops: fake.ops, roots: fake.roots, system: DEFAULT_STRESS_SYSTEM, abortMiB: 2800, signal: new AbortController().signal,
    command: ['/nonexistent/rr-workload'], log: (m) => said.push(m),
  });
  assert.equal(r.failed, true);
  assert.ok(said.some((m) => /^error: .*ENOENT/.test(m)), said.join('\n'));
  restored(fake);
});
