// Measuring helpers for the bench: the repository root, CPU time of child processes (from the kernel's per-process
// accounting of waited-for children, so a shared machine's waiting does not count) and of this process.
import { execFileSync, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function repoRoot(): string {
  let d = __dirname;
  while (!existsSync(join(d, 'package.json')) && dirname(d) !== d) d = dirname(d);
  return d;
}

/** The shared captures beside the repository, or null. */
export function sharedCaptures(): string | null {
  const d = join(repoRoot(), '..', 'shared', 'captures');
  return existsSync(d) ? d : null;
}

const HZ = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds (user + system) of all waited-for children so far. */
function childrenCpuS(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) / HZ; // cutime, cstime
}

export interface ChildRun {
  cpuS: number;
  wallS: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; CPU from the children's accounting (10 ms ticks: time runs of a second or more). */
export function runChild(cmd: string, args: string[], opts: SpawnSyncOptions = {}): ChildRun {
  const c0 = childrenCpuS();
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  const wallS = (performance.now() - t0) / 1000;
  return { cpuS: childrenCpuS() - c0, wallS, status: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

/** CPU seconds of one run of a command, from `n` runs (the ticks are too coarse for one short run). */
export function childCpuPerRun(cmd: string, args: string[], n: number): number {
  const c0 = childrenCpuS();
  for (let i = 0; i < n; i++) spawnSync(cmd, args, { stdio: 'ignore' });
  return (childrenCpuS() - c0) / n;
}

/** CPU and wall milliseconds of f in this process. */
export async function timeSelf<T>(f: () => Promise<T> | T): Promise<{ cpuMs: number; wallMs: number; value: T }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await f();
  const c = process.cpuUsage(c0);
  return { cpuMs: (c.user + c.system) / 1e3, wallMs: performance.now() - t0, value };
}

export const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : String(x));
