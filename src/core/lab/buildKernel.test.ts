import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildKernel, buildNotes, kernelVersion } from './buildKernel';
import { LabError } from './labError';

const hasPatch = spawnSync('patch', ['--version']).status === 0;

/** A folder that looks like a kernel tree to the unpack step (no real kernel: the build stops before make). */
function fakeTree(dir: string): string {
  const src = join(dir, 'src');
  fs.mkdirSync(join(src, 'mm'), { recursive: true });
  fs.writeFileSync(join(src, 'Makefile'), 'VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 117\nEXTRAVERSION =\nNAME = Baby Opossum Posse\n');
  fs.writeFileSync(join(src, 'mm', 'vmscan.c'), 'int a;\nint b;\nint c;\n');
  return src;
}

test('the kernel version comes from the top Makefile, with an empty EXTRAVERSION', () => {
  assert.equal(kernelVersion('VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 117\nEXTRAVERSION =\nNAME = x\n'), '6.12.117');
  assert.equal(kernelVersion('VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 0\nEXTRAVERSION = -rc2\n'), '6.1.0-rc2');
});

test('a patch that does not apply stops the build, naming the step, the patch and its log', { skip: hasPatch ? false : 'no patch(1)' }, async () => {
  const dir = fs.mkdtempSync(join(tmpdir(), 'rr-build-'));
  const src = fakeTree(dir);
  const bad = join(dir, 'bad.patch');
  fs.writeFileSync(bad, 'Subject: [PATCH] mm: something else\n\n--- a/mm/vmscan.c\n+++ b/mm/vmscan.c\n@@ -1,3 +1,3 @@\n int x;\n-int y;\n+int z;\n int w;\n');
  const out = join(dir, 'out');
  await assert.rejects(buildKernel({ kernelSource: src, patches: [bad], outDir: out, jobs: 1, nice: false }), (err: unknown) => {
    assert.ok(err instanceof LabError);
    assert.equal(err.step, 'patch');
    assert.equal(err.log, join(out, 'logs', 'patch-1.log'));
    assert.match(err.message, /patch-1\.log: lab patch: patch 1 \("mm: something else", bad\.patch\) does not apply to 6\.12\.117/);
    assert.match(err.message, /FAILED/);
    return true;
  });
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a missing kernel source or an unreadable patch is named', async () => {
  await assert.rejects(buildKernel({ kernelSource: '/nonexistent/linux.tar.xz', patches: [], outDir: join(tmpdir(), 'rr-x'), jobs: 1, nice: false }),
    /linux\.tar\.xz: lab unpack: no such kernel source/);
  const dir = fs.mkdtempSync(join(tmpdir(), 'rr-build-'));
  await assert.rejects(buildKernel({ kernelSource: fakeTree(dir), patches: [join(dir, 'nope.patch')], outDir: join(dir, 'out'), jobs: 1, nice: false }),
    /nope\.patch: lab patch: cannot read the patch/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the build notes say in words what applied and what was adapted', () => {
  const text = buildNotes({ key: '', kernelVersion: '6.12.117', design: 'mm', bzImage: '', builtAt: '', buildSeconds: 1, kconfigOptionsAdded: [],
    patches: [{ file: 'm.patch', subject: 'mm: x', date: 'Wed, 30 Apr 2025', sha256: '', applied: '"mm: x" applied cleanly.' }],
    adaptations: ['One line dropped.'] });
  assert.equal(text, '# Lab kernel 6.12.117 (mm)\n\n- mm: x (Wed, 30 Apr 2025): "mm: x" applied cleanly.\n\nAdaptations:\n- One line dropped.\n');
});
