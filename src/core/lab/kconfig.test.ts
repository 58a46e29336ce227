import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kconfigFragment, missingOptions, parseDotConfig } from './kconfig';

test('the fragment turns on what the capture needs, which tinyconfig leaves off', () => {
  const f = parseDotConfig(kconfigFragment('baseline'));
  for (const o of ['VM_EVENT_COUNTERS', 'SMP', 'SCHEDSTATS', 'FTRACE', 'ZRAM', 'ZSMALLOC', 'ZRAM_BACKEND_LZ4', 'ZRAM_BACKEND_LZO',
    'SWAP', 'DEVTMPFS', 'VIRTIO_PCI', 'NET_9P_VIRTIO', '9P_FS', 'BLK_DEV_INITRD', 'SERIAL_8250_CONSOLE']) {
    assert.equal(f.get(o), 'y', o);
  }
  assert.equal(f.get('NR_CPUS'), '8');
  assert.equal(f.get('COMPACTION'), 'y', 'zsmalloc keeps zspages movable only with compaction');
  assert.equal(f.get('MIGRATION'), 'y', 'olddefconfig is checked against it: COMPACTION selects it');
  assert.equal(f.get('ZRAM_DEF_COMP_LZ4'), 'y');
  assert.equal(parseDotConfig(kconfigFragment('baseline', 'lzo-rle')).get('ZRAM_DEF_COMP_LZORLE'), 'y');
});

test('only the v1 design adds CONFIG_KCOMPRESSD (mm has no Kconfig switch)', () => {
  assert.equal(parseDotConfig(kconfigFragment('v1')).get('KCOMPRESSD'), 'y');
  assert.equal(parseDotConfig(kconfigFragment('mm')).get('KCOMPRESSD'), undefined);
  assert.equal(parseDotConfig(kconfigFragment('baseline')).get('KCOMPRESSD'), undefined);
});

test('an option olddefconfig dropped is named, with what was wanted and what came out', () => {
  const frag = 'CONFIG_ZRAM=y\nCONFIG_NR_CPUS=8\nCONFIG_VM_EVENT_COUNTERS=y\n';
  const dot = '# CONFIG_ZRAM is not set\nCONFIG_NR_CPUS=4\nCONFIG_VM_EVENT_COUNTERS=y\n';
  assert.deepEqual(missingOptions(frag, dot), ['CONFIG_ZRAM: wanted y, got n', 'CONFIG_NR_CPUS: wanted 8, got 4']);
  assert.deepEqual(missingOptions(frag, 'CONFIG_ZRAM=y\nCONFIG_NR_CPUS=8\nCONFIG_VM_EVENT_COUNTERS=y\n'), []);
  assert.deepEqual(missingOptions('CONFIG_SWAP=y\n', ''), ['CONFIG_SWAP: wanted y, got n'], 'absent from .config is off');
});
