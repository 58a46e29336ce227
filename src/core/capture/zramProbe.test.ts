import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadCapture } from './loadCapture';
import { parseProbeText } from './zramProbe';

test('the probe line gives the per-page cost; anything else gives none', () => {
  assert.deepEqual(parseProbeText('probe pages=8192 cpu_ns_per_page=40469 wall_ns_per_page=40504 random_pct=35\n'),
    { pages: 8192, cpuNsPerPage: 40469, wallNsPerPage: 40504 });
  assert.equal(parseProbeText('/dev/zram1: No such file or directory\n'), undefined);
  assert.equal(parseProbeText('probe pages=0 cpu_ns_per_page=1 wall_ns_per_page=1'), undefined);
});

test('a capture folder\'s probe is part of the capture; one that timed no page is a warning at its line, not used', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rr-probe-'));
  writeFileSync(join(dir, 'vmstat.txt'), 'nr_free_pages 100\npgsteal_anon 0\n');
  writeFileSync(join(dir, 'compress_probe.txt'), 'probe pages=8192 cpu_ns_per_page=25681 wall_ns_per_page=25729 random_pct=35\n');
  const c = await loadCapture(dir);
  assert.deepEqual(c.zramProbe, { source: join(dir, 'compress_probe.txt'), pages: 8192, cpuNsPerPage: 25681, wallNsPerPage: 25729 });
  writeFileSync(join(dir, 'compress_probe.txt'), '# zram1\nprobe pages=0 cpu_ns_per_page=0 wall_ns_per_page=0\n');
  const bad = await loadCapture(dir);
  assert.equal(bad.zramProbe, undefined);
  const w = bad.warnings.find((x) => x.code === 'capture.probe-unusable');
  assert.ok(w && w.line === 2 && w.file === join(dir, 'compress_probe.txt'), JSON.stringify(bad.warnings));
});
