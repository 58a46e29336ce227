import assert from 'node:assert/strict';
import { test } from 'node:test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OptionError } from '../core/errors';
import { spawn } from 'node:child_process';
import { axesFrom, FLAGS, formatSweep, gridFrom, pointLabel, run, USAGE } from './sweepCommand';
import { parseFlags, renamedFlags } from './args';
import { sweepPoint, type SweepPoint } from '../core/sweep/point';
import type { SweepResult } from '../core/sweep/runSweep';
import { fakeResult } from '../../test/fixtures/fakeResult';
import { replayOptionsFrom } from './replayCommand';
import { DEFAULTS, V1_DEFAULT_QUEUE } from '../core/vocabulary';

const demo = join(__dirname, '../../captures/demo');

/** What `fn` printed on stdout (console.log) and stderr (console.error). */
async function stdoutOf(fn: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  const [log, error] = [console.log, console.error];
  let out = '';
  let err = '';
  console.log = (...a: unknown[]) => { out += a.join(' ') + '\n'; };
  console.error = (...a: unknown[]) => { err += a.join(' ') + '\n'; };
  try {
    return { code: await fn(), out, err };
  } finally {
    [console.log, console.error] = [log, error];
  }
}

const sweepOf = (points: SweepPoint[]): SweepResult => ({ capture: '/c/x', points, warnings: [], elapsedMs: 1000, threads: 1 });

test('the table has a variant column; an mm point shows — for kcompressd and queue, which its design does not have', () => {
  const v1 = sweepPoint(fakeResult(0), 4);
  const mmResult = fakeResult(0);
  mmResult.options = { ...mmResult.options, variant: 'mm', kcompressd: 1, queue: 256 };
  const mm = sweepPoint(mmResult, 4);
  const lines = formatSweep(sweepOf([v1, mm])).split('\n');
  const head = lines.findIndex((l) => /^\s+variant\s+kcompressd\s+queue\s+cpus/.test(l));
  assert.ok(head > 0, lines.join('\n'));
  assert.match(lines[head + 1], /^\s+v1\s+4\s+4096\s/);
  assert.match(lines[head + 2], /^\s+mm\s+—\s+—\s/);
  assert.match(lines.join('\n'), /fixed 256-entry FIFO/);
  assert.equal(pointLabel(mm), `mm${mm.options.cpus === null ? '' : ` cpus ${mm.options.cpus}`} lz4 phone-a55`);
});

test('the table is sorted by variant, then worker count and queue, whatever order the points finished in', () => {
  const point = (variant: 'v1' | 'mm', kcompressd: number, queue: number) => {
    const r = fakeResult(0);
    r.options = { ...r.options, variant, kcompressd, queue };
    return sweepPoint(r, 4);
  };
  const done = [point('v1', 1, 256), point('mm', 1, 256), point('v1', 1, 4096), point('v1', 4, 256), point('v1', 2, 4096)];
  const rows = formatSweep(sweepOf(done)).split('\n').filter((l) => /^\s+(v1|mm)\s/.test(l)).map((l) => l.trim().split(/\s+/).slice(0, 3).join(' '));
  assert.deepEqual(rows, ['v1 1 256', 'v1 1 4096', 'v1 2 4096', 'v1 4 256', 'mm — —']);
});

test('Ctrl-C stops a sweep: exit 130 with one "cancelled" line, no stack trace', { skip: !existsSync(demo) && 'captures/demo not found' }, async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'main.ts'), 'sweep', demo, '--workers', '1,2,3,4,5,6,7,8', '--cpus', '2,4,8'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RECLAIM_REPLAY_CACHE: 'off' } });
  let err = '';
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, sig) => resolve(code ?? sig)));
  // Interrupt once the first point reported its progress (the sweep is running, 23 more to go); a sweep that exits
  // without reporting fails below instead of leaving the test waiting.
  const started = await Promise.race([
    new Promise<boolean>((resolve) => child.stderr.on('data', (d) => { err += d; if (/point 1\/24/.test(err)) resolve(true); })),
    exited.then(() => false),
  ]);
  assert.ok(started, `no progress line before the sweep ended:\n${err}`);
  child.kill('SIGINT');
  assert.equal(await exited, 130, err);
  assert.match(err, /reclaim-replay: cancelled/);
  assert.doesNotMatch(err, /point 24\/24|\n\s+at /);
  assert.equal(out, '', 'nothing on stdout');
});

test('flags become the grid\'s axes; profile files and bad lists are refused', () => {
  assert.deepEqual(axesFrom({ kcompressd: '1,2', queue: '256', algorithm: 'lz4,lzo-rle' }), { kcompressd: [1, 2], queue: [256], algorithm: ['lz4', 'lzo-rle'] });
  assert.throws(() => axesFrom({ profile: 'capture,my.json' }), OptionError);
  assert.throws(() => axesFrom({ cpus: '4,-1' }), /--cpus/);
});

test('the worker count is --kcompressd, as in replay; --workers, its old name, still works with a note', () => {
  const notes: string[] = [];
  const as = (...argv: string[]) => parseFlags('sweep', renamedFlags(argv, (m) => notes.push(m)), FLAGS, USAGE).values;
  assert.equal(as('c', '--kcompressd', '1,2').kcompressd, '1,2');
  assert.deepEqual(notes, []);
  assert.equal(as('c', '--workers', '1,4').kcompressd, '1,4');
  assert.equal(as('c', '--workers=8').kcompressd, '8');
  assert.deepEqual(notes, Array(2).fill('reclaim-replay: --workers is the old name of --kcompressd (deprecated)'));
  assert.match(USAGE.split('\n')[0], /\[--kcompressd N,N…\]/);
});

// trial12 #11: the synopsis showed `[--kcompressd 1,2,4,8] [--queue 256,4096]`, read as defaults, though a sweep with no
// axis runs one point at replay's defaults.
test('the synopsis shows placeholders, not values that read as defaults; the usage gives the real defaults', () => {
  const synopsis = USAGE.split('\n').slice(0, 2).join('\n');
  assert.doesNotMatch(synopsis, /\[--[\w-]+ [a-z0-9][^\]]*,/, synopsis);
  const text = USAGE.replace(/\s+/g, ' ');
  assert.ok(text.includes(`replay's default (--kcompressd ${DEFAULTS.kcompressd}, --queue ${V1_DEFAULT_QUEUE}, the capture's CPUs and algorithm, --profile ${DEFAULTS.profile}, --variant ${DEFAULTS.variant}): with no axis the sweep runs that one point`), USAGE);
  assert.equal(gridFrom({}).points.length, 1);
});

test('--json prints one object per grid point with its options and figures; --csv writes the same points', { skip: !existsSync(demo) && 'captures/demo not found' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sweep-'));
  try {
    const csv = join(dir, 'sweep.csv');
    const { code, out, err } = await stdoutOf(() => run([demo, '--kcompressd', '1,4', '--cpus', '2,4', '--algorithm', 'lz4,lzo-rle', '--json', '--csv', csv]));
    assert.equal(code, 0);
    // Progress goes to stderr, one line per point (stdout is the JSON alone).
    assert.deepEqual(err.match(/point \d+\/8/g), Array.from({ length: 8 }, (_, i) => `point ${i + 1}/8`), err);
    const j = JSON.parse(out) as { axes: Record<string, unknown>; points: { options: Record<string, unknown>; speedup: number; limit: string; pgstealAnonPerS: { baseline: number } }[] };
    assert.equal(j.points.length, 8);
    // The worker count has one name, --kcompressd's, in the axes, each point's options and the CSV header.
    assert.deepEqual(Object.keys(j.axes), ['kcompressd', 'cpus', 'algorithm']);
    assert.deepEqual(Object.keys(j.points[0].options).slice(0, 2), ['kcompressd', 'queue']);
    assert.doesNotMatch(out, /"workers"/);
    const cells = new Set(j.points.map((p) => `${p.options.kcompressd}/${p.options.cpus}/${p.options.algorithm}`));
    assert.equal(cells.size, 8, 'one point per grid cell');
    for (const p of j.points) {
      assert.equal(typeof p.speedup, 'number');
      assert.ok(p.pgstealAnonPerS.baseline > 0);
      assert.match(p.limit, /^(cpu-bound|fifo-full|demand-bound)$/);
    }
    const rows = readFileSync(csv, 'utf8').trimEnd().split('\n').filter((l) => !l.startsWith('#'));
    assert.equal(rows.length, 1 + 8);
    assert.match(rows[0], /^kcompressd,queue,cpus,algorithm,profile,variant,/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// trial: `sweep --seed 0` was refused ("expects positive integers") though 0 is a seed replay takes, `--seed 1,2` ran
// seed 1 alone without a word, and `--threads 0` said "integers" of a single count.
test('--seed and --threads are one value each: seed 0 runs as in replay, a list is refused, threads a whole number ≥ 1', () => {
  assert.deepEqual(gridFrom({ seed: '0' }).points.map((o) => o.seed), [0]);
  assert.equal(gridFrom({ seed: '7', threads: '3' }).threads, 3);
  assert.throws(() => gridFrom({ seed: '1,2' }), /--seed: expects a number, got '1,2'/);
  assert.throws(() => gridFrom({ seed: '-1' }), /--seed/);
  for (const t of ['0', '2.5', '1,2']) assert.throws(() => gridFrom({ threads: t }), new RegExp(`--threads: must be an integer ≥ 1, got ${t.replace('.', '\\.')}$`));
});

// trial5: `sweep … > out` put 'Warnings (6) …' on stdout, though stdout holds only the table, JSON or nothing.
test('the table leaves its warnings out; a text run prints them on stderr, stdout keeps the table alone', { skip: !existsSync(demo) && 'captures/demo not found' }, async () => {
  const result = { ...sweepOf([sweepPoint(fakeResult(0), 4)]), warnings: [{ code: 'capture.ignored-file', severity: 'info', file: 'x', message: 'not read' }] } as SweepResult;
  assert.doesNotMatch(formatSweep(result), /Warnings|not read/);
  const { code, out, err } = await stdoutOf(() => run([demo, '--kcompressd', '2']));
  assert.equal(code, 0);
  assert.match(err, /^1 point of /, 'one point, not "1 points"');
  assert.match(out, /^Sweep of /);
  assert.doesNotMatch(out, /Warnings|Notes/);
  assert.match(err, /^(Errors|Warnings|Notes) \(\d+\)/m, err);
});

// trial12 #11: `sweep --kcompressd 0` said "expects positive integers, got '0'", replay "must be an integer 1..64, got 0".
test('an out-of-range axis value gets replay\'s message for the same option, with the vocabulary\'s range', () => {
  const message = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };
  for (const [flag, bad] of [['kcompressd', '0'], ['kcompressd', '65'], ['queue', '0'], ['cpus', '2000'], ['cpus', '2.5']] as const) {
    const replayMessage = message(() => replayOptionsFrom({ [flag]: bad }, false));
    assert.match(replayMessage, /^--\w+: must be an integer \d+\.\.\d+, got /);
    assert.equal(message(() => gridFrom({ [flag]: `4,${bad}` })), replayMessage, `--${flag} ${bad}`);
  }
});

test('an axis that moved no figure is named under the table with the reason its counters show (trial13 F23)', () => {
  const point = (kcompressd: number, queue: number, cpus: number, busy: number[], fallback: number, steal = 720000) => {
    const r = fakeResult(0);
    r.options = { ...r.options, kcompressd, queue, cpus };
    r.kcompressd = { ...r.kcompressd, workerBusyPct: busy, fallbackSyncPct: fallback, pgstealAnonPerS: steal + cpus };
    return sweepPoint(r, cpus);
  };
  // Worker 0 did everything at every worker count and queue; CPUs moved the figures.
  const firstFit = [1, 4].flatMap((n) => [256, 4096].flatMap((q) => [2, 4].map((c) => point(n, q, c, [30, ...Array(n - 1).fill(0)], 0))));
  const text = formatSweep(sweepOf(firstFit), { kcompressd: [1, 4], queue: [256, 4096], cpus: [2, 4] });
  assert.match(text, /--kcompressd 1,4 changed no figure: one worker did all the compression .* the other workers never ran\./);
  assert.match(text, /--queue 256,4096 changed no figure: no FIFO ever filled/);
  assert.doesNotMatch(text, /--cpus .* changed no figure/);
  // Two workers shared the work and the FIFOs filled at 256: both axes moved something, no note.
  const busy = [point(1, 256, 2, [90], 12, 500000), point(1, 4096, 2, [90], 0, 600000), point(4, 256, 2, [60, 40, 0, 0], 3, 650000), point(4, 4096, 2, [60, 40, 0, 0], 0, 700000)];
  assert.doesNotMatch(formatSweep(sweepOf(busy), { kcompressd: [1, 4], queue: [256, 4096] }), /changed no figure/);
});

test('sweep refuses worker counts on an mm-only grid and lists with empty or repeated items (trial13 F8, F23)', () => {
  assert.throws(() => axesFrom({ variant: 'mm', kcompressd: '1,2' }), /--kcompressd: does not apply to --variant mm/);
  assert.deepEqual(axesFrom({ variant: 'v1,mm', kcompressd: '1,2' }).kcompressd, [1, 2]);
  assert.throws(() => axesFrom({ kcompressd: '1,,2' }), /--kcompressd: has an empty item/);
  assert.throws(() => axesFrom({ queue: '256,256' }), /--queue: lists 256 twice/);
});
