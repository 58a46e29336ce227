import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULTS, optionsFromConfig, readConfig } from './config';

const reader = (o: Record<string, unknown>) => (k: string) => o[k];

test('unset settings give the defaults and no problems', () => {
  assert.deepEqual(readConfig(reader({})), { config: DEFAULTS, problems: [] });
});

test('valid settings are taken, empty ones mean "not set"', () => {
  const { config, problems } = readConfig(reader({ workers: 2, queueSize: 256, variant: 'mm', profile: '  phone-a55 ', cpus: null,
    pressure: 'saturate', seriesResolution: 0.5, inlineHints: true }));
  assert.deepEqual(problems, []);
  assert.deepEqual(config, { workers: 2, queueSize: 256, variant: 'mm', profile: 'phone-a55', cpus: undefined, pressure: 'saturate', seriesResolution: 0.5, inlineHints: true });
  assert.equal(readConfig(reader({ profile: '' })).config.profile, undefined);
});

test('bad values fall back to the default and are reported by key', () => {
  const { config, problems } = readConfig(reader({ workers: 0, queueSize: 1.5, variant: 'v2', cpus: 'four', seriesResolution: -1, inlineHints: 'yes', profile: 3 }));
  assert.deepEqual(config, DEFAULTS);
  assert.equal(problems.length, 7);
  assert.match(problems[0], /^reclaimReplay\.workers: expected a whole number from 1 to 64; using 4$/);
  assert.ok(problems.some((p) => p.startsWith('reclaimReplay.variant: expected one of v1, mm')));
  assert.ok(problems.some((p) => p.startsWith('reclaimReplay.profile:')));
});

test('options carry only what is set', () => {
  assert.deepEqual(optionsFromConfig(DEFAULTS), { kcompressd: 4, variant: 'v1', pressure: 'capture', series: true, resolutionS: 0.1 });
  const o = optionsFromConfig({ ...DEFAULTS, queueSize: 512, cpus: 8, profile: 'x.json' });
  assert.equal(o.queue, 512);
  assert.equal(o.cpus, 8);
  assert.equal(o.profile, 'x.json');
});
