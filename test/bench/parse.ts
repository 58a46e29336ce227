// Parse speed and memory: parseTraceFile on capture A's decompressed ftrace text next to `grep -c mm_vmscan` on the
// same file in the same run (target ≥ 0.4 of grep's throughput), and peak RSS of parsing a ~1 GB file made by joining
// A's text 9× (target < 300 MB), measured in a child process so this process's own heap does not count.
import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { parseTraceFile } from '../../src/core/capture/ftrace/parseTraceFile';

const CHILD_ENV = 'RR_BENCH_PARSE_CHILD';
const COPIES = 9;
const RUNS = 3;

function repoRoot(): string {
  let d = __dirname;
  while (!existsSync(join(d, 'package.json')) && dirname(d) !== d) d = dirname(d);
  return d;
}

async function timed<T>(f: () => Promise<T> | T): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

async function decompressA(gz: string): Promise<{ path: string; made: boolean }> {
  const existing = join(tmpdir(), 'reclaim-replay-bench-A_ftrace.txt');
  if (existsSync(existing) && statSync(existing).size > 0) return { path: existing, made: false };
  await pipeline(createReadStream(gz), createGunzip(), createWriteStream(existing));
  return { path: existing, made: true };
}

async function concatenated(src: string): Promise<string> {
  const out = join(tmpdir(), `reclaim-replay-bench-1GB-${process.pid}.txt`);
  for (let i = 0; i < COPIES; i++) await pipeline(createReadStream(src), createWriteStream(out, { flags: i === 0 ? 'w' : 'a' }));
  return out;
}

/** CPU ms of one `grep -c` from the children's user+system ticks of 10 runs (ticks are too coarse for one). */
function grepCpuPerRun(file: string): number {
  const ticks = () => {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[13]) + Number(f[14]); // cutime, cstime
  };
  const hz = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  const t0 = ticks();
  for (let i = 0; i < 10; i++) execFileSync('grep', ['-c', 'mm_vmscan', file]);
  return ((ticks() - t0) / hz) * 1e3 / 10;
}

function childPeakRss(file: string): Promise<{ rssMB: number; seconds: number; events: number; warnings: string[] }> {
  return new Promise((resolve, reject) => {
    // The extra argument names no bench part, so test/bench/main.ts runs nothing else in the child.
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1], 'parse-child'], { env: { ...process.env, [CHILD_ENV]: file }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`parse child exited ${code}`))));
  });
}

export async function run(): Promise<void> {
  const gz = join(repoRoot(), '..', 'shared', 'captures', 'A_kswapd_lz4', 'ftrace_vmscan_sched.txt.gz');
  if (!existsSync(gz)) {
    console.log(`skipped: ${gz} is absent`);
    return;
  }
  const a = await decompressA(gz);
  const mb = statSync(a.path).size / 1e6;
  try {
    // Wall time on a shared VM mostly measures waiting for a CPU, so CPU time is reported next to it.
    const parseMs: number[] = [];
    const parseCpuMs: number[] = [];
    const grepMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const c0 = process.cpuUsage();
      parseMs.push(await timed(() => parseTraceFile(a.path, 'ftrace')));
      const c = process.cpuUsage(c0);
      parseCpuMs.push((c.user + c.system) / 1e3);
      grepMs.push(await timed(() => execFileSync('grep', ['-c', 'mm_vmscan', a.path])));
    }
    const grepCpuMs = grepCpuPerRun(a.path);
    const best = (xs: number[]) => Math.min(...xs);
    const rate = (ms: number) => mb / (ms / 1e3);
    console.log(`file: ${a.path} (${mb.toFixed(1)} MB)`);
    console.log(`parseTraceFile: wall first run ${rate(parseMs[0]).toFixed(0)} MB/s, best of ${RUNS} ${rate(best(parseMs)).toFixed(0)} MB/s; ` +
      `CPU best ${rate(best(parseCpuMs)).toFixed(0)} MB/s (${best(parseCpuMs).toFixed(0)} ms)`);
    console.log(`grep -c mm_vmscan: wall best of ${RUNS} ${rate(best(grepMs)).toFixed(0)} MB/s; CPU ${rate(grepCpuMs).toFixed(0)} MB/s (${grepCpuMs.toFixed(0)} ms)`);
    console.log(`ratio parse/grep (target ≥ 0.40): wall ${(best(grepMs) / best(parseMs)).toFixed(2)}, CPU ${(grepCpuMs / best(parseCpuMs)).toFixed(2)}`);

    const big = await concatenated(a.path);
    try {
      const r = await childPeakRss(big);
      console.log(`peak RSS parsing ${(statSync(big).size / 1e9).toFixed(2)} GB (A × ${COPIES}): ${r.rssMB.toFixed(0)} MB (target < 300 MB), ` +
        `${r.seconds.toFixed(1)} s, ${r.events} events, warnings: ${r.warnings.join(' | ') || 'none'}`);
    } finally {
      unlinkSync(big);
    }
  } finally {
    if (a.made) unlinkSync(a.path);
  }
}

// Child mode: parse the named file and print peak RSS as one JSON line.
const childFile = process.env[CHILD_ENV];
if (childFile) {
  const t0 = performance.now();
  parseTraceFile(childFile, 'ftrace').then((r) => {
    const events = Object.values(r.summary?.events ?? {}).reduce((x, y) => x + y, 0);
    console.log(JSON.stringify({ rssMB: process.resourceUsage().maxRSS / 1024, seconds: (performance.now() - t0) / 1e3, events, warnings: r.info.warnings ?? [] }));
    process.exit(0);
  }, (err) => {
    console.error(err);
    process.exit(1);
  });
}
