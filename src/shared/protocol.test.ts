/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isHostMessage, isPanelState, isReplayResult, isWarning, isWebviewMessage } from './protocol';
import { warning } from '../core/warnings';
import { fakeResult } from '../../test/fixtures/fakeResult';

test('a full replay result passes, with and without series', () => {
  assert.equal(isReplayResult(fakeResult(50)), true);
  assert.equal(isReplayResult(fakeResult(0)), true);
  assert.equal(isHostMessage({ type: 'result', result: fakeResult(10), source: { kind: 'missing', wanted: 'kcompressd.c' } }), true);
});

test('results with wrong types or mismatched series are rejected', () => {
  const r = fakeResult(10);
  assert.equal(isReplayResult({ ...r, capture: 3 }), false);
  assert.equal(isReplayResult({ ...r, baseline: { ...r.baseline, allocstalls: '12' } }), false);
  assert.equal(isReplayResult({ ...r, kcompressd: { ...r.kcompressd, workerBusyPct: [1, 'x'] } }), false);
  const short = { ...r.series!, baseline: { ...r.series!.baseline, freePages: new Float64Array(3) } };
  assert.equal(isReplayResult({ ...r, series: short }), false);
  const plain = { ...r.series!, t: Array.from(r.series!.t) };
  assert.equal(isReplayResult({ ...r, series: plain }), false, 'series must be typed arrays');
  assert.equal(isHostMessage({ type: 'result', result: r, source: { kind: 'shown' } }), false);
});

test('figures may be unavailable with a reason, never an empty object', () => {
  const r = fakeResult(0);
  assert.equal(isReplayResult({ ...r, baseline: { ...r.baseline, zramRatio: { unavailable: 'no mm_stat' } } }), true);
  assert.equal(isReplayResult({ ...r, baseline: { ...r.baseline, zramRatio: {} } }), false);
});

test('webview messages: valid ones pass, malformed ones are dropped', () => {
  assert.equal(isWebviewMessage({ type: 'ready' }), true);
  assert.equal(isWebviewMessage({ type: 'status', rendered: true, charts: 6, points: 1200, firstPaintMs: 80 }), true);
  assert.equal(isWebviewMessage({ type: 'status', rendered: 'yes', charts: 6, points: 1, firstPaintMs: 1 }), false);
  assert.equal(isWebviewMessage({ type: 'rerun', options: { kcompressd: 2, variant: 'mm' } }), true);
  assert.equal(isWebviewMessage({ type: 'rerun', options: { kcompressd: 0 } }), false);
  assert.equal(isWebviewMessage({ type: 'rerun', options: { kcompressd: 2.5 } }), false);
  assert.equal(isWebviewMessage({ type: 'rerun', options: { variant: 'v3' } }), false);
  assert.equal(isWebviewMessage({ type: 'export', format: 'csv' }), true);
  assert.equal(isWebviewMessage({ type: 'export', format: 'png', chart: 'free', dataUrl: 'data:image/png;base64,AAAA' }), true);
  assert.equal(isWebviewMessage({ type: 'export', format: 'png', chart: 'nope', dataUrl: 'data:image/png;base64,AAAA' }), false);
  assert.equal(isWebviewMessage({ type: 'export', format: 'png', chart: 'free', dataUrl: 'https://evil/x.png' }), false);
  assert.equal(isWebviewMessage({ type: 'exec', command: 'rm' }), false);
  assert.equal(isWebviewMessage(null), false);
  assert.equal(isWebviewMessage([{ type: 'ready' }]), false);
});

test('host messages other than result', () => {
  assert.equal(isHostMessage({ type: 'busy', label: 'replaying' }), true);
  assert.equal(isHostMessage({ type: 'error', message: 'x.txt:3: bad line' }), true);
  assert.equal(isHostMessage({ type: 'error' }), false);
  assert.equal(isHostMessage({ type: 'saved', path: '/tmp/a.csv' }), true);
});

test('panel state needs a capture, full options and an ordered zoom', () => {
  const options = fakeResult(0).options;
  assert.equal(isPanelState({ capture: '/c', options }), true);
  assert.equal(isPanelState({ capture: '/c', options, zoom: [1, 2] }), true);
  assert.equal(isPanelState({ capture: '/c', options, zoom: [2, 1] }), false);
  assert.equal(isPanelState({ capture: '/c', options: { ...options, variant: 'x' } }), false);
  assert.equal(isPanelState(undefined), false);
});

test('warnings are records with a known code, that code\'s severity and a positive line; strings are rejected', () => {
  const r = fakeResult(0);
  const w = warning('ftrace.lost-events', 'the kernel dropped 5 events', 't.txt', 3);
  assert.equal(isReplayResult({ ...r, warnings: [w, warning('analysis.no-vmstat', 'no vmstat')] }), true);
  assert.equal(isWarning(w), true);
  for (const bad of ['t.txt:3: the kernel dropped 5 events', { ...w, code: 'ftrace.lost' }, { ...w, severity: 'info' }, { ...w, line: 0 },
    { ...w, line: 2.5 }, { ...w, file: 3 }, { ...w, message: undefined }]) {
    assert.equal(isWarning(bad), false, JSON.stringify(bad));
    assert.equal(isReplayResult({ ...r, warnings: [bad] }), false);
  }
});
