import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULTS, optionsFromConfig, readConfig } from './config';

const reader = (o: Record<string, unknown>) => (k: string) => o[k];

test('unset settings give the defaults and no problems', () => {
  assert.deepEqual(readConfig(reader({})), { config: DEFAULTS, problems: [], deprecated: [] });
});

test('valid settings are taken, empty ones mean "not set"', () => {
  const { config, problems } = readConfig(reader({ kcompressd: 2, queueSize: 256, variant: 'v1', profile: '  phone-a55 ', cpus: null,
    pressure: 'saturate', seriesResolution: 0.5, inlineHints: true }));
  assert.deepEqual(problems, []);
  assert.deepEqual(config, { kcompressd: 2, queueSize: 256, variant: 'v1', profile: 'phone-a55', cpus: undefined, pressure: 'saturate', seriesResolution: 0.5, inlineHints: true });
  assert.equal(readConfig(reader({ profile: '' })).config.profile, undefined);
});

test('bad values fall back to the default and are reported by key', () => {
  const { config, problems } = readConfig(reader({ kcompressd: 0, queueSize: 1.5, variant: 'v2', cpus: 'four', seriesResolution: -1, inlineHints: 'yes', profile: 3 }));
  assert.deepEqual(config, DEFAULTS);
  assert.equal(problems.length, 7);
  assert.match(problems[0], /^reclaimReplay\.kcompressd: expected a whole number from 1 to 64; using 4$/);
  assert.ok(problems.some((p) => p.startsWith('reclaimReplay.variant: expected one of v1, mm')));
  assert.ok(problems.some((p) => p.startsWith('reclaimReplay.profile:')));
});

// trial5: the setting was still `reclaimReplay.workers` where every CLI command says --kcompressd. A user's old
// settings.json keeps working, with a deprecation note, and yields to the new name when both are set.
test('reclaimReplay.workers, the old name of reclaimReplay.kcompressd, is still read with a deprecation note', () => {
  const old = readConfig(reader({ workers: 2 }));
  assert.equal(old.config.kcompressd, 2);
  assert.deepEqual(old.problems, []);
  assert.deepEqual(old.deprecated, ['reclaimReplay.workers is the old name of reclaimReplay.kcompressd (deprecated): read as reclaimReplay.kcompressd = 2; rename it in settings.json']);
  assert.equal(optionsFromConfig(old.config).kcompressd, 2);
  const both = readConfig(reader({ workers: 2, kcompressd: 8 }));
  assert.equal(both.config.kcompressd, 8);
  assert.match(both.deprecated[0], /^reclaimReplay\.workers is the old name of reclaimReplay\.kcompressd \(deprecated\): ignored, reclaimReplay\.kcompressd is set$/);
  // VS Code's get() returns package.json's default for an unset key: inspect() decides whether the new name was set.
  const vscodeLike = readConfig(reader({ workers: 2, kcompressd: 4 }), (k) => k === 'workers');
  assert.equal(vscodeLike.config.kcompressd, 2);
  const bad = readConfig(reader({ workers: 0 }));
  assert.deepEqual([bad.config.kcompressd, bad.deprecated], [DEFAULTS.kcompressd, []]);
  assert.match(bad.problems[0], /^reclaimReplay\.workers: expected a whole number from 1 to 64; using 4$/);
  assert.deepEqual(readConfig(reader({ workers: null })).deprecated, [], 'package.json\'s null default is "not set"');
});

test('options carry only what is set', () => {
  assert.deepEqual(optionsFromConfig(DEFAULTS), { kcompressd: 4, variant: 'v1', pressure: 'capture', series: true, resolutionS: 0.1 });
  const o = optionsFromConfig({ ...DEFAULTS, queueSize: 512, cpus: 8, profile: 'x.json' });
  assert.equal(o.queue, 512);
  assert.equal(o.cpus, 8);
  assert.equal(o.profile, 'x.json');
});

test('a worker count the user set is named when the mm variant ignores it (one kcompressd per node); the default is not', () => {
  const set = readConfig(reader({ kcompressd: 2, variant: 'mm' }));
  assert.deepEqual(set.problems, ["reclaimReplay.kcompressd: does not apply to reclaimReplay.variant mm: the mm/ version runs one kcompressd thread per node (pgdat->kcompressd), so 2 workers would replay the same as 1; drop it, or use reclaimReplay.variant v1 to vary the workers; replaying mm's one thread"]);
  assert.equal(set.config.variant, 'mm');
  assert.deepEqual(readConfig(reader({ variant: 'mm' })).problems, [], 'the default worker count (4) is not the user\'s');
  assert.deepEqual(readConfig(reader({ kcompressd: 1, variant: 'mm' })).problems, []);
  assert.equal(readConfig(reader({ workers: 8, variant: 'mm' }), (k) => k === 'workers').problems.length, 1, 'the old name too');
});
