// package.json's settings must offer exactly what the vocabulary accepts: same enums, defaults and limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULTS, PRESSURES, RANGES, RENAMED_OPTIONS, VARIANTS, VARIANT_INFO, algorithmOf, defaultQueue, designText } from './vocabulary';
import { resolveOptions } from './replay/options';

const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));
const props = pkg.contributes.configuration.properties as Record<string, Record<string, unknown>>;

test('package.json enums and their descriptions follow the vocabulary', () => {
  assert.deepEqual(props['reclaimReplay.variant'].enum, [...VARIANTS]);
  assert.equal((props['reclaimReplay.variant'].enumDescriptions as string[]).length, VARIANTS.length);
  VARIANTS.forEach((v, i) => assert.match((props['reclaimReplay.variant'].enumDescriptions as string[])[i], new RegExp(VARIANT_INFO[v].description)));
  assert.equal(props['reclaimReplay.variant'].default, DEFAULTS.variant);
  assert.deepEqual(props['reclaimReplay.pressure'].enum, [...PRESSURES]);
  assert.equal(props['reclaimReplay.pressure'].default, DEFAULTS.pressure);
});

test('package.json numeric settings carry the vocabulary ranges and defaults', () => {
  const workers = props['reclaimReplay.kcompressd'];
  assert.deepEqual([workers.default, workers.minimum, workers.maximum], [DEFAULTS.kcompressd, RANGES.kcompressd.min, RANGES.kcompressd.max]);
  const queue = props['reclaimReplay.queueSize'];
  assert.deepEqual([queue.minimum, queue.maximum], [RANGES.queue.min, RANGES.queue.max]);
  const cpus = props['reclaimReplay.cpus'];
  assert.deepEqual([cpus.minimum, cpus.maximum], [RANGES.cpus.min, RANGES.cpus.max]);
  const res = props['reclaimReplay.seriesResolution'];
  assert.deepEqual([res.default, res.minimum, res.maximum], [DEFAULTS.resolutionS, RANGES.resolutionS.min, RANGES.resolutionS.max]);
});

test('resolveOptions takes its defaults from the vocabulary and leaves the algorithm to the capture', () => {
  const o = resolveOptions();
  assert.equal(o.kcompressd, DEFAULTS.kcompressd);
  assert.equal(o.queue, defaultQueue('v1'));
  assert.equal(resolveOptions({ variant: 'mm' }).queue, 256);
  assert.equal(o.algorithm, undefined);
  assert.throws(() => resolveOptions({ kcompressd: RANGES.kcompressd.max + 1 }), /--kcompressd/);
});

test('algorithmOf reads comp_algorithm as zram prints it', () => {
  assert.equal(algorithmOf('lzo lzo-rle [lz4] zstd'), 'lz4');
  assert.equal(algorithmOf('[lzo-rle] lz4'), 'lzo-rle');
  assert.equal(algorithmOf('lzo'), 'lzo-rle');
  assert.equal(algorithmOf('[zstd] lz4'), undefined);
  assert.equal(algorithmOf(undefined), undefined);
});

// trial: the panel's Compare note said "mm, 1 workers × 256" and its run summary "1 worker(s) · queue 256" where the
// CLI says "FIFO 256": every output names the design with designText.
test('the kcompressd design reads the same everywhere: v1 its worker pool, mm its FIFO', () => {
  assert.deepEqual([designText('v1', 4, 4096), designText('v1', 1, 256), designText('mm', 1, 256)], ['4 workers × 4096', '1 worker × 256', 'FIFO 256']);
});

// trial5: `reclaimReplay.workers` where the CLI says --kcompressd. Each setting is named as the option it sets; an old
// name stays in package.json, deprecated, with no default (so an unset one is not read) and the new name's limits.
test('settings carry the options\' names; an old name is a deprecated setting pointing at the new one', () => {
  assert.ok(props['reclaimReplay.kcompressd']);
  for (const [old, now] of Object.entries(RENAMED_OPTIONS)) {
    const p = props[`reclaimReplay.${old}`];
    assert.ok(p, `reclaimReplay.${old} is still declared`);
    assert.equal(p.default, null);
    assert.match(String(p.deprecationMessage), new RegExp(`reclaimReplay\\.${now}\\b`));
    assert.deepEqual([p.minimum, p.maximum], [props[`reclaimReplay.${now}`].minimum, props[`reclaimReplay.${now}`].maximum]);
  }
});
