// Runs a workload command as a child and watches the machine while it runs: if MemFree falls under the abort
// level the child is killed at once and `onLowMemory` frees what the run holds (the hugepages), so other jobs
// on the machine never starve. Ctrl-C (the abort signal) and the capture's end stop the child too.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { monoSeconds } from './clock';

export interface SuperviseOptions {
  command: string[];
  /** The child's stdout goes here (its stderr is passed through). */
  stdoutPath?: string;
  abortMiB: number;
  memFreeMiB: () => number;
  onLowMemory: () => void;
  signal: AbortSignal;
  /** CLOCK_MONOTONIC seconds after which the child is told to stop (SIGTERM). */
  stopAtMono?: number;
  log: (m: string) => void;
  pollMs?: number;
}

export interface SuperviseResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  lowMemory: boolean;
  minMemFreeMiB: number;
}

function killGroup(child: ChildProcess, sig: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, sig);
  } catch {
    child.kill(sig); // the group is gone but the child may not be
  }
}

export async function supervise(o: SuperviseOptions): Promise<SuperviseResult> {
  const out = o.stdoutPath ? fs.openSync(o.stdoutPath, 'w') : 'inherit';
  // Its own process group, so that a stop reaches whatever it started too (the bursty workload's apps).
  const child = spawn(o.command[0], o.command.slice(1), { stdio: ['ignore', out, 'inherit'], detached: true });
  if (typeof out === 'number') fs.closeSync(out);
  o.log(`workload started pid=${child.pid}: ${o.command.join(' ')}`);
  let lowMemory = false;
  let minFree = Infinity;
  let stopping = false;
  const stop = (sig: NodeJS.Signals, why: string) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (sig === 'SIGTERM' && stopping) return;
    stopping = true;
    o.log(`stopping workload (${why}) with ${sig}`);
    killGroup(child, sig);
  };
  const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
  const watch = setInterval(() => {
    // A watch that cannot read MemFree cannot protect the machine: that counts as low memory.
    let free = NaN;
    try {
      free = o.memFreeMiB();
    } catch (err) {
      o.log(`cannot read MemFree: ${message(err)}`);
    }
    if (Number.isFinite(free)) minFree = Math.min(minFree, free);
    if (!lowMemory && !(free >= o.abortMiB)) {
      lowMemory = true;
      stop('SIGKILL', Number.isFinite(free) ? `MemFree ${Math.round(free)} MiB < ${o.abortMiB} MiB` : 'MemFree unknown');
      try {
        o.onLowMemory();
      } catch (err) {
        o.log(`releasing memory failed: ${message(err)}`);
      }
    }
    if (o.stopAtMono !== undefined && monoSeconds() >= o.stopAtMono) stop('SIGTERM', 'capture ending');
  }, o.pollMs ?? 250);
  const onAbort = () => stop('SIGTERM', 'interrupted');
  o.signal.addEventListener('abort', onAbort);
  if (o.signal.aborted) onAbort();
  try {
    const [code, sig] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (c, s) => resolve([c, s]));
    });
    o.log(`workload exited code=${code} signal=${sig}`);
    return { exitCode: code, signal: sig, lowMemory, minMemFreeMiB: minFree };
  } finally {
    clearInterval(watch);
    o.signal.removeEventListener('abort', onAbort);
  }
}
