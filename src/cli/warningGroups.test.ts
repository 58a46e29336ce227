import assert from 'node:assert/strict';
import { test } from 'node:test';
import { captureWarnings, warning } from '../core/warnings';
import { warningBlock, warningLines } from './warningGroups';

test('warnings are shown most severe first, by file and line, under their file; the rest counted', () => {
  const w = [
    warning('series.repeated-key', 'repeated key', 'cap/vmstat.txt', 9),
    warning('ftrace.lost-events', 'the kernel dropped 5 events', 'cap/ftrace.txt', 3),
    warning('series.duplicate-sample', 'repeated time', 'cap/vmstat.txt', 8),
    warning('analysis.rate-unavailable', 'no pgsteal rate'),
    warning('capture.other-source', 'two vmstat files'),
    warning('series.counter-reset', 'pswpout went backwards', 'cap/vmstat.txt', 20),
  ];
  assert.deepEqual(warningLines(w, 5), [
    '  cap/vmstat.txt', '    line 20: error: pswpout went backwards [series.counter-reset]',
    '  capture', '    error: no pgsteal rate [analysis.rate-unavailable]',
    '  cap/ftrace.txt', '    line 3: the kernel dropped 5 events [ftrace.lost-events]',
    '  cap/vmstat.txt', '    line 8: repeated time [series.duplicate-sample]', '    line 9: repeated key [series.repeated-key]',
    '  … 1 more (see --json)',
  ]);
  assert.deepEqual(warningBlock([]), []);
  assert.equal(warningBlock(w)[1], 'Errors (2), warnings (3), notes (1)');
});

// trial12 #9: 23 records of severity info were headed 'Warnings (23)'.
test('a block of notes only is headed by notes, one of each severity by its count', () => {
  assert.equal(warningBlock([warning('capture.other-source', 'two vmstat files'), warning('capture.ignored-file', 'not read', 'cap/x.log')])[1], 'Notes (2)');
  assert.equal(warningBlock([warning('ftrace.lost-events', 'dropped', 'cap/ftrace.txt', 3), warning('capture.other-source', 'two vmstat files')])[1], 'Warnings (1), notes (1)');
});

test('a folder\'s ignored files are one line per reason, after every other warning, and never hide one', () => {
  const ignored = ['controller.log', 'cpu_stat.txt', 'ps_before.txt'].map((f) => warning('capture.ignored-file', 'not read by this tool', `cap/${f}`));
  const lines = warningLines([...ignored, warning('task-cpu.damaged-row', 'damaged row', 'cap/kswapd_cpu.txt', 563)], 2);
  assert.deepEqual(lines, [
    '  cap/kswapd_cpu.txt', '    line 563: damaged row [task-cpu.damaged-row]',
    '  cap', '    3 files not read by this tool: controller.log, cpu_stat.txt, ps_before.txt [capture.ignored-file]',
  ]);
});

test('a second capture\'s ignored files (--measured-after, compare) fold under its own folder, the reason unlabelled', () => {
  const ignored = (root: string) => ['capture.log', 'dmesg.txt'].map((f) => warning('capture.ignored-file', 'not read by this tool', `${root}/${f}`));
  const after = captureWarnings([...ignored('lab/after'), warning('capture.other-source', 'vmstat: using one of two')], 'lab/after', 'measured with kcompressd');
  assert.deepEqual(warningLines([...ignored('lab/before'), ...after]), [
    '  lab/after', '    measured with kcompressd: vmstat: using one of two [capture.other-source]',
    '  lab/before', '    2 files not read by this tool: capture.log, dmesg.txt [capture.ignored-file]',
    '  lab/after', '    2 files not read by this tool: capture.log, dmesg.txt [capture.ignored-file]',
  ]);
});

// A folder with 12 stray files under one shown warning printed '… 2 more': the two lines left out are 13 warnings.
test('"… N more" counts the warnings left out, a folded line of ignored files one per file', () => {
  const ignored = Array.from({ length: 12 }, (_, i) => warning('capture.ignored-file', 'not read by this tool', `cap/extra${i}.log`));
  const w = [...ignored, warning('series.repeated-key', 'repeated key', 'cap/vmstat.txt', 9), warning('series.duplicate-sample', 'repeated time', 'cap/vmstat.txt', 8)];
  const block = warningBlock(w);
  assert.equal(block[1], 'Warnings (2), notes (12)');
  const lines = warningLines(w, 1);
  assert.deepEqual(lines, ['  cap/vmstat.txt', '    line 8: repeated time [series.duplicate-sample]', '  … 13 more (see --json)']);
  const shownWarnings = lines.filter((l) => l.startsWith('    ')).length;
  assert.equal(shownWarnings + 13, w.length, 'shown + left out = the heading\'s count');
});
