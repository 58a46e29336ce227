// ftrace text parse speed and memory on capture A's decompressed trace: parseTraceFile (every tracker, and the
// replay-mode load) next to `mawk '{n[$5]++}'` (split every line, count events) and `grep -c` on the same file in the
// same run, all in CPU time; and peak RSS of parsing a ~1 GB file (A's text 9×) in a child process.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { parseTraceFile, type TracePurpose } from '../../src/core/capture/ftrace/parseTraceFile';
import { childCpuPerRun, fmt, sharedCaptures, timeSelf } from './measure';

const CHILD_ENV = 'RR_BENCH_PARSE_CHILD';
const COPIES = 9;
const RUNS = 5;

/** A's trace decompressed once into the temp folder (kept for the next bench run). */
export async function decompressedA(): Promise<string | null> {
  const shared = sharedCaptures();
  const gz = shared && join(shared, 'A_kswapd_lz4', 'ftrace_vmscan_sched.txt.gz');
  if (!gz || !existsSync(gz)) return null;
  const out = join(tmpdir(), 'reclaim-replay-bench-A_ftrace.txt');
  if (!existsSync(out) || statSync(out).size === 0) await pipeline(createReadStream(gz), createGunzip(), createWriteStream(out));
  return out;
}

async function concatenated(src: string): Promise<string> {
  const out = join(tmpdir(), `reclaim-replay-bench-1GB-${process.pid}.txt`);
  for (let i = 0; i < COPIES; i++) await pipeline(createReadStream(src), createWriteStream(out, { flags: i === 0 ? 'w' : 'a' }));
  return out;
}

function childPeakRss(file: string): Promise<{ rssMB: number; seconds: number; events: number }> {
  return new Promise((resolve, reject) => {
    // The extra argument names no bench part, so test/bench/main.ts runs nothing else in the child.
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1], 'parse-child'], { env: { ...process.env, [CHILD_ENV]: file }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`parse child exited ${code}`))));
  });
}

async function bestParseCpuMs(path: string, purpose: TracePurpose): Promise<{ best: number; first: number }> {
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) cpu.push((await timeSelf(() => parseTraceFile(path, 'ftrace', { purpose }))).cpuMs);
  return { best: Math.min(...cpu), first: cpu[0] };
}

export async function run(): Promise<void> {
  const path = await decompressedA();
  if (!path) {
    console.log('skipped: ../shared/captures/A_kswapd_lz4 is absent');
    return;
  }
  const mb = statSync(path).size / 1e6;
  const rate = (ms: number) => mb / (ms / 1e3);
  console.log(`file: ${path} (${fmt(mb)} MB), CPU time; best of ${RUNS} in this process`);
  const full = await bestParseCpuMs(path, 'full');
  const replay = await bestParseCpuMs(path, 'replay');
  const mawkMs = childCpuPerRun('mawk', ['{n[$5]++}', path], 5) * 1e3;
  const grepMs = childCpuPerRun('grep', ['-c', 'mm_vmscan', path], 10) * 1e3;
  const row = (name: string, ms: number) => console.log(`  ${name.padEnd(44)} ${fmt(rate(ms), 0).padStart(6)} MB/s  ${fmt(ms, 0).padStart(5)} ms  ${fmt(mawkMs / ms, 2).padStart(5)}× mawk`);
  row('parseTraceFile, every tracker (first run)', full.first);
  row('parseTraceFile, every tracker', full.best);
  row('parseTraceFile, replay load (first run)', replay.first);
  row('parseTraceFile, replay load', replay.best);
  row("mawk '{n[$5]++}' (whole process)", mawkMs);
  row('grep -c mm_vmscan (whole process)', grepMs);
  console.log(`  target: parse ≥ 1.0× mawk → every tracker ${mawkMs / full.best >= 1 ? 'met' : 'NOT met'}, replay load ${mawkMs / replay.best >= 1 ? 'met' : 'NOT met'}`);

  const big = await concatenated(path);
  try {
    const r = await childPeakRss(big);
    console.log(`peak RSS parsing ${fmt(statSync(big).size / 1e9, 2)} GB (A × ${COPIES}), every tracker: ${fmt(r.rssMB, 0)} MB (target < 300 MB), `
      + `${fmt(r.seconds)} s wall, ${r.events} events`);
  } finally {
    unlinkSync(big);
  }
}

// Child mode: parse the named file and print peak RSS as one JSON line.
const childFile = process.env[CHILD_ENV];
if (childFile) {
  const t0 = performance.now();
  parseTraceFile(childFile, 'ftrace').then((r) => {
    const events = Object.values(r.summary?.events ?? {}).reduce((x, y) => x + y, 0);
    console.log(JSON.stringify({ rssMB: process.resourceUsage().maxRSS / 1024, seconds: (performance.now() - t0) / 1e3, events }));
    process.exit(0);
  }, (err) => {
    console.error(err);
    process.exit(1);
  });
}
