import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ADAPTATIONS, describeApplication, describePatch, designOf, parsePatchOutput } from './patches';

// A made-up mail in the shape of a git send-email patch (not the kcompressd patch).
const MAIL = `From: A Developer <dev@example.org>
Subject: [PATCH v2 2/3] zram: add a
 folded subject line
Date: Fri, 7 Mar 2025 20:01:04 +0800

Body.
---
diff --git a/drivers/block/zram/Kconfig b/drivers/block/zram/Kconfig
--- a/drivers/block/zram/Kconfig
+++ b/drivers/block/zram/Kconfig
@@ -1,1 +1,4 @@
 config ZRAM
+
+config ZRAM_HELPER
+\ttristate "helper"
diff --git a/drivers/block/zram/helper.c b/drivers/block/zram/helper.c
--- /dev/null
+++ b/drivers/block/zram/helper.c
@@ -0,0 +1 @@
+config NOT_AN_OPTION
`;

test('a mail gives its subject without the [PATCH] tag, its date, touched files and added Kconfig options', () => {
  const p = describePatch('x.patch', MAIL);
  assert.equal(p.subject, 'zram: add a folded subject line');
  assert.equal(p.date, 'Fri, 7 Mar 2025 20:01:04 +0800');
  assert.deepEqual(p.files, ['drivers/block/zram/Kconfig', 'drivers/block/zram/helper.c']);
  assert.deepEqual(p.kconfigOptions, ['ZRAM_HELPER'], 'only from Kconfig files');
  assert.equal(describePatch('/p/bare.diff', '--- a/x\n+++ b/x\n').subject, 'bare.diff');
});

test('the design is told by the files the patches touch', () => {
  const files = (fs: string[]) => ({ file: '', subject: '', kconfigOptions: [], files: fs });
  assert.equal(designOf([]), 'baseline');
  assert.equal(designOf([files(['include/linux/blkdev.h']), files(['drivers/block/zram/kcompressd.c', 'drivers/block/zram/zram_drv.c'])]), 'v1');
  assert.equal(designOf([files(['include/linux/mmzone.h', 'mm/page_io.c', 'mm/vmscan.c'])]), 'mm');
  assert.equal(designOf([files(['fs/ext4/inode.c'])]), 'other');
});

const PATCH_OUT = `patching file include/linux/mmzone.h
Hunk #2 succeeded at 1358 (offset -41 lines).
patching file mm/page_io.c
Hunk #1 succeeded at 234 (offset 1 line).
Hunk #2 succeeded at 308 with fuzz 2 (offset 1 line).
patching file mm/swap.h
`;

test('GNU patch output gives offsets and fuzz per hunk, and one sentence about them', () => {
  const h = parsePatchOutput(PATCH_OUT);
  assert.deepEqual(h, [
    { file: 'include/linux/mmzone.h', hunk: 2, offset: -41, fuzz: 0 },
    { file: 'mm/page_io.c', hunk: 1, offset: 1, fuzz: 0 },
    { file: 'mm/page_io.c', hunk: 2, offset: 1, fuzz: 2 },
  ]);
  const s = describeApplication('mm: x', h);
  assert.match(s, /offsets in 3 hunks of 2 files/);
  assert.match(s, /fuzz in 1 hunk \(mm\/page_io\.c hunk 2, fuzz 2\)/);
  assert.equal(describeApplication('mm: x', []), '"mm: x" applied cleanly.');
});

test('the MTHP_STAT_ZSWPOUT adaptation applies only where the tree lacks the counter, and drops only that line', () => {
  const a = ADAPTATIONS.find((x) => x.id === 'drop-mthp-zswpout-count')!;
  const patch = ['+\t\t\t\t\tcount_mthp_stat(folio_order(folio), MTHP_STAT_ZSWPOUT);'];
  assert.equal(a.needed(() => 'enum { MTHP_STAT_SWPOUT };', patch), true);
  assert.equal(a.needed(() => 'enum { MTHP_STAT_ZSWPOUT };', patch), false, 'a newer tree has it');
  assert.equal(a.needed(() => '', ['+foo();']), false, 'a patch without it');
  const src = 'if (zswap_store(folio)) {\n\t\tcount_mthp_stat(folio_order(folio), MTHP_STAT_ZSWPOUT);\n\t\tfolio_unlock(folio);\n';
  assert.equal(a.apply(src), 'if (zswap_store(folio)) {\n\t\tfolio_unlock(folio);\n');
});
