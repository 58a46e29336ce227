import { test } from 'node:test';
import assert from 'node:assert/strict';
import { figureCell } from './figureDigits';

// The panel's Compare table printed min free with no decimal ("3,884" where the CLI printed "3,884.1") and a
// four-digit rate without a separator: both now read one table of decimals with the CLI.
test('a figure cell has its row\'s decimals and thousands separators, n/a when absent', () => {
  assert.deepEqual([figureCell(3884.14, 'minFreeMiB'), figureCell(8096, 'pgstealAnonPerS'), figureCell(70893.3, 'pgstealAnonPerS'),
    figureCell(1.9714, 'zramRatio'), figureCell(58, 'kswapdCpuPct'), figureCell(null, 'allocstalls')],
  ['3,884.1', '8,096', '70,893', '1.971', '58.0', 'n/a']);
});

// trial12 #6: allocstalls/GiB printed "4,007.02 / 4,115.18": a ratio of counts has one decimal at most.
test('allocstalls/GiB has one decimal', () => {
  assert.equal(figureCell(4007.0234, 'allocstallsPerGiB'), '4,007.0');
});
