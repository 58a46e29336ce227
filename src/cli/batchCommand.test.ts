import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fakeResult } from '../../test/fixtures/fakeResult';
import { outputName } from '../core/batch/plan';
import type { BatchRecord } from '../core/batch/summary';
import { writeReclaimingCapture } from '../core/capture/testing/reclaimingCapture';

const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'main.ts'), ...args], { encoding: 'utf8' });

function shard(records: BatchRecord[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'rr-shard-'));
  for (const r of records) writeFileSync(join(dir, outputName(r.batch.id)), JSON.stringify(r));
  return dir;
}

test('--merge names every error row and exits 2 when there is one; 0 when every row succeeded', () => {
  const { series: _s, elapsedMs: _e, ...result } = fakeResult(10);
  const ok: BatchRecord = { batch: { id: 'good', key: 'k1', status: 'ok', wallMs: 10 }, result };
  const bad: BatchRecord = { batch: { id: 'lab', key: 'k2', status: 'error', error: 'lab: no capture files found', wallMs: 1 } };
  const failing = cli('batch', '--merge', shard([ok]), shard([bad]), '--out', mkdtempSync(join(tmpdir(), 'rr-merged-')));
  assert.equal(failing.status, 2, failing.stderr);
  assert.match(failing.stderr, /failed +lab: lab: no capture files found/);
  assert.match(failing.stderr, /merged 2 captures \(1 failed\)/);
  const passing = cli('batch', '--merge', shard([ok]), '--out', mkdtempSync(join(tmpdir(), 'rr-merged-')));
  assert.equal(passing.status, 0, passing.stderr);
  assert.match(passing.stderr, /merged 1 capture \(0 failed\) from 1 folder/);
});

// V8 aborts on some GC flags set after start-up (--single-threaded-gc, --no-parallel-marking): the batch with a job on
// every core sets its flags in a running process, whose replays must still run and give the same records.
test('with a job on every core, the GC without helper threads: V8 takes the flags mid-run and the results are the same', () => {
  const root = mkdtempSync(join(tmpdir(), 'rr-serial-gc-'));
  writeReclaimingCapture(join(root, 'one'), 2000);
  const outs = mkdtempSync(join(tmpdir(), 'rr-serial-gc-out-'));
  const child = (serial: boolean) => spawnSync(process.execPath, ['--import', 'tsx', '-e', `
    const { availableParallelism } = require('node:os');
    const { serialGcWhenCoresFull } = require(${JSON.stringify(join(__dirname, 'batchCommand.ts'))});
    const { listCaptures } = require(${JSON.stringify(join(__dirname, '..', 'core', 'batch', 'plan.ts'))});
    const { runBatch } = require(${JSON.stringify(join(__dirname, '..', 'core', 'batch', 'runBatch.ts'))});
    const { resolveOptions } = require(${JSON.stringify(join(__dirname, '..', 'core', 'replay', 'options.ts'))});
    (async () => {
      const set = serialGcWhenCoresFull(${serial ? 'availableParallelism()' : '1'});
      const { items } = await listCaptures(${JSON.stringify(root)});
      const out = await runBatch(items, { outDir: ${JSON.stringify(join(outs, serial ? 'serial' : 'parallel'))}, jobs: 1, cacheDir: null,
        workerScript: ${JSON.stringify(join(__dirname, '..', 'core', 'replay', 'testing', 'workerEntry.mjs'))}, options: resolveOptions({ profile: 'x86-vm' }) });
      console.log(JSON.stringify({ set, results: out.records.map((r) => r.result) }));
    })();`], { encoding: 'utf8' });
  const serial = child(true);
  const parallel = child(false);
  assert.equal(serial.status, 0, serial.stderr);
  assert.equal(parallel.status, 0, parallel.stderr);
  const [s, p] = [serial, parallel].map((r) => JSON.parse(r.stdout) as { set: boolean; results: unknown[] });
  assert.deepEqual([s.set, p.set], [true, availableParallelism() <= 1]);
  assert.equal(s.results.length, 1);
  assert.deepEqual(s.results, p.results);
});

// trial13 #27: Ctrl-C exited 130 with nothing after the header line. Needs the built CLI (its worker.js): land.sh builds it.
const built = join(__dirname, '../../dist/cli.js');
const repoCaptures = join(__dirname, '../../captures');
test('Ctrl-C says how far the batch got and exits 130', { skip: (!existsSync(built) && 'dist/cli.js not built (node build.mjs)') || (!existsSync(join(repoCaptures, 'demo')) && 'captures/demo not found') }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rr-batch-int-'));
  const manifest = join(dir, 'list.txt');
  writeFileSync(manifest, `${join(repoCaptures, 'demo')}\n${join(repoCaptures, 'bursty_lzorle')}\n`);
  const child = spawn(process.execPath, [built, 'batch', manifest, '--out', join(dir, 'out'), '--jobs', '1', '--no-cache'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, sig) => resolve(code ?? sig)));
  // The signal handlers are set before the header is printed.
  const started = await Promise.race([
    new Promise<boolean>((resolve) => child.stderr.on('data', (d) => { err += d; if (/2 of 2 captures/.test(err)) resolve(true); })),
    exited.then(() => false),
  ]);
  assert.ok(started, `no header before the batch ended:\n${err}`);
  child.kill('SIGINT');
  assert.equal(await exited, 130, err);
  assert.match(err, /^cancelled: [01] of 2 captures done \(their JSON kept in .*; a rerun resumes\)$/m);
  assert.match(err, /reclaim-replay: cancelled/);
  assert.doesNotMatch(err, /\n\s+at /);
});
