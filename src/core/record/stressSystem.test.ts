import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FakeSystem } from './fakeSystem';
import { RestoreStack } from './restore';
import { DEFAULT_STRESS_SYSTEM, growingZones, offlineCpus, prepareStressSystem } from './stressSystem';

test('growing zones are those whose managed pages are far below present', () => {
  const zi = [
    'Node 0, zone    DMA32', '  pages free 1', '        present  782336', '        managed  772917',
    'Node 0, zone   Normal', '  pages free 1', '        present  5505024', '        managed  786432',
    'Node 0, zone  Movable', '        present  0', '        managed  0',
  ].join('\n');
  assert.deepEqual(growingZones(zi), ['Normal']);
});

test('stress setup: zram swap, hugepages down to the target, watermarks; restore undoes all of it', (t) => {
  const fake = new FakeSystem({ memFreeKb: 20000 * 1024 });
  t.after(() => fake.cleanup());
  const restore = new RestoreStack();
  const orig = prepareStressSystem(fake.ops, fake.roots, DEFAULT_STRESS_SYSTEM, restore, () => {});
  assert.equal(orig.compAlgorithm, 'lzo-rle');
  assert.equal(fake.read('sys/block/zram0/comp_algorithm').trim(), 'lzo-rle lzo [lz4]');
  assert.equal(fake.read('sys/block/zram0/disksize').trim(), '8192M');
  assert.ok(fake.read('proc/swaps').includes('zram0'));
  // MemFree down to the target in 2 MiB pages (the fake's MemFree falls by 2 MiB per hugepage, so the correction adds nothing).
  assert.equal(fake.read('proc/sys/vm/nr_hugepages').trim(), String((20000 - DEFAULT_STRESS_SYSTEM.targetFreeMiB) / 2));
  assert.equal(fake.read('proc/sys/vm/watermark_scale_factor').trim(), '1700');
  assert.deepEqual(restore.restoreAll(() => {}), []);
  assert.equal(fake.read('proc/sys/vm/nr_hugepages').trim(), '0');
  assert.equal(fake.read('proc/sys/vm/watermark_scale_factor').trim(), '10');
  assert.equal(fake.read('sys/block/zram0/comp_algorithm').trim(), '[lzo-rle] lzo lz4');
  assert.equal(fake.read('sys/block/zram0/disksize').trim(), '0');
  assert.equal(fake.read('proc/swaps').includes('zram0'), false);
});

test('hugepages never push MemFree below the guard', (t) => {
  const fake = new FakeSystem();
  t.after(() => fake.cleanup());
  fake.setMemFreeKb(5000 * 1024);
  prepareStressSystem(fake.ops, fake.roots, { ...DEFAULT_STRESS_SYSTEM, targetFreeMiB: 1000 }, new RestoreStack(), () => {});
  assert.equal(fake.read('proc/sys/vm/nr_hugepages').trim(), String((5000 - 3300) / 2));
});

test('the reservation is corrected once when other memory is freed meanwhile', (t) => {
  const fake = new FakeSystem({ memFreeKb: 20000 * 1024 });
  t.after(() => fake.cleanup());
  const write = fake.ops.write;
  let first = true;
  fake.ops.write = (p, v) => {
    write(p, v);
    // Another job frees 1000 MiB right after the first reservation.
    if (first && p.endsWith('nr_hugepages')) {
      first = false;
      fake.setMemFreeKb(21000 * 1024);
    }
  };
  prepareStressSystem(fake.ops, fake.roots, DEFAULT_STRESS_SYSTEM, new RestoreStack(), () => {});
  assert.equal(fake.read('proc/sys/vm/nr_hugepages').trim(), String((21000 - DEFAULT_STRESS_SYSTEM.targetFreeMiB) / 2));
});

test('a zram device already in use is left alone', (t) => {
  const fake = new FakeSystem();
  t.after(() => fake.cleanup());
  fs.writeFileSync(join(fake.roots.sys, 'block/zram0/disksize'), '4294967296\n');
  const restore = new RestoreStack();
  assert.throws(() => prepareStressSystem(fake.ops, fake.roots, DEFAULT_STRESS_SYSTEM, restore, () => {}), /in use/);
  assert.equal(restore.size, 0);
  assert.deepEqual(fake.calls, []);
});

test('offline CPUs go offline last and come back online on restore; cpu0 and unknown CPUs are refused', (t) => {
  const fake = new FakeSystem({ memFreeKb: 20000 * 1024 });
  t.after(() => fake.cleanup());
  const restore = new RestoreStack();
  prepareStressSystem(fake.ops, fake.roots, { ...DEFAULT_STRESS_SYSTEM, offlineCpus: [1] }, restore, () => {});
  assert.equal(fake.read('sys/devices/system/cpu/cpu1/online').trim(), '0');
  assert.equal(fake.calls[fake.calls.length - 1], 'write sys/devices/system/cpu/cpu1/online 0');
  assert.deepEqual(restore.restoreAll(() => {}), []);
  assert.equal(fake.read('sys/devices/system/cpu/cpu1/online').trim(), '1');
  // The CPU came back first (newest change first), before zram and hugepages.
  const back = fake.calls.indexOf('write sys/devices/system/cpu/cpu1/online 1');
  assert.ok(back >= 0 && back < fake.calls.findIndex((c) => c.startsWith('exec swapoff')));

  const r2 = new RestoreStack();
  assert.throws(() => offlineCpus(fake.ops, fake.roots, [0], r2, () => {}), /cpu0/);
  assert.throws(() => offlineCpus(fake.ops, fake.roots, [7], r2, () => {}), /cpu7/);
  fs.writeFileSync(join(fake.roots.sys, 'devices/system/cpu/cpu1/online'), '0\n');
  assert.throws(() => offlineCpus(fake.ops, fake.roots, [1], r2, () => {}), /already offline/);
  assert.equal(r2.size, 0);
});
