// `reclaim-replay stress` on a machine behind SysOps: the stress system setup, the workload as a supervised child,
// and the restore in `finally`, so that every way out (an error, the abort that signals become) undoes the setup.
import { join } from 'node:path';
import { RestoreStack } from './restore';
import { prepareStressSystem, releaseHugepages, type StressSystemOptions } from './stressSystem';
import { supervise } from './supervise';
import { meminfoMiB, type SysOps, type SystemRoots } from './sysOps';

export interface StressRunOptions {
  ops: SysOps;
  roots: SystemRoots;
  system: StressSystemOptions;
  command: string[];
  abortMiB: number;
  log: (m: string) => void;
  signal: AbortSignal;
}

/** Runs the workload on the prepared system; `failed` when the setup, the workload or a restore step failed. */
export async function runStress(o: StressRunOptions): Promise<{ failed: boolean; restoreFailures: string[] }> {
  const restore = new RestoreStack();
  let failed = false;
  let restoreFailures: string[] = [];
  try {
    const orig = prepareStressSystem(o.ops, o.roots, o.system, restore, o.log);
    const r = await supervise({
      command: o.command, abortMiB: o.abortMiB, signal: o.signal, log: o.log,
      memFreeMiB: () => meminfoMiB(o.ops.read(join(o.roots.proc, 'meminfo')), 'MemFree'),
      onLowMemory: () => releaseHugepages(o.ops, o.roots, orig.nrHugepages),
    });
    failed = r.lowMemory || (r.exitCode !== 0 && !o.signal.aborted);
  } catch (err) {
    o.log(`error: ${err instanceof Error ? err.message : String(err)}`);
    failed = true;
  } finally {
    restoreFailures = restore.restoreAll(o.log);
  }
  return { failed: failed || restoreFailures.length > 0, restoreFailures };
}
