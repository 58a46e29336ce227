// debugfs's sched/debug: each CPU's root cfs_rq (the entities CFS shares a CPU between and their weights), which
// loadavg's count of runnable tasks does not give under autogroup: a session's tasks are one entity weighted by
// calc_group_shares().
import { join } from 'node:path';
import type { RestoreStack } from './restore';
import type { SysOps, SystemRoots } from './sysOps';

/**
 * The path of sched/debug, mounting debugfs on its usual mount point (undone by `restore`) when that directory exists
 * and the file is not there yet; undefined (said in the log) when the kernel has none or the mount fails: the
 * capture goes on without it.
 */
export function openSchedDebug(ops: SysOps, roots: SystemRoots, restore: RestoreStack, log: (m: string) => void): string | undefined {
  const mountPoint = join(roots.sys, 'kernel', 'debug');
  const file = join(mountPoint, 'sched', 'debug');
  if (ops.exists(file)) return file;
  if (!ops.exists(mountPoint)) {
    log(`no ${mountPoint}: no cfs_rq.txt`);
    return undefined;
  }
  try {
    ops.exec('mount', ['-t', 'debugfs', 'none', mountPoint]);
  } catch (err) {
    log(`mounting debugfs failed (${err instanceof Error ? err.message : String(err)}): no cfs_rq.txt`);
    return undefined;
  }
  restore.push(`umount ${mountPoint}`, () => ops.exec('umount', [mountPoint]));
  log(`mounted debugfs on ${mountPoint}`);
  if (ops.exists(file)) return file;
  log(`no ${file} (kernel without CONFIG_SCHED_DEBUG?): no cfs_rq.txt`);
  return undefined;
}

/** The recorder's own autogroup (`/autogroup-N`, from /proc/self/autogroup), or undefined without autogroup. */
export function ownAutogroup(ops: SysOps, roots: SystemRoots): string | undefined {
  try {
    return ops.read(join(roots.proc, 'self', 'autogroup')).trim().split(/\s+/)[0] || undefined;
  } catch {
    return undefined;
  }
}
