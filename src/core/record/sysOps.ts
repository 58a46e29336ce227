// The few system operations the recorder needs, behind an interface so that tests can run them on a fake
// sysfs/procfs/tracefs tree (kernel files that appear on mkdir, writes that fail) without root.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

/** Where procfs, sysfs and tracefs live (injectable so tests can point them at a temp dir). */
export interface SystemRoots {
  proc: string;
  sys: string;
  tracing: string;
  dev: string;
}

export const defaultRoots: SystemRoots = { proc: '/proc', sys: '/sys', tracing: '/sys/kernel/tracing', dev: '/dev' };

export interface SysOps {
  read(path: string): string;
  /** Writes `value` the way `echo value > path` does; throws an Error naming the path and value on failure. */
  write(path: string, value: string): void;
  exists(path: string): boolean;
  mkdir(path: string): void;
  rmdir(path: string): void;
  /** Runs a program to completion; throws an Error with its stderr on a non-zero exit. */
  exec(cmd: string, args: string[]): string;
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code ?? e.message;
}

export const realSysOps: SysOps = {
  read: (path) => fs.readFileSync(path, 'utf8'),
  write(path, value) {
    try {
      fs.writeFileSync(path, `${value}\n`);
    } catch (err) {
      throw new Error(`echo '${value}' > ${path}: ${describe(err)}`);
    }
  },
  exists: (path) => fs.existsSync(path),
  mkdir(path) {
    try {
      fs.mkdirSync(path);
    } catch (err) {
      throw new Error(`mkdir ${path}: ${describe(err)}`);
    }
  },
  rmdir(path) {
    try {
      fs.rmdirSync(path);
    } catch (err) {
      throw new Error(`rmdir ${path}: ${describe(err)}`);
    }
  },
  exec(cmd, args) {
    const r = spawnSync(cmd, args, { encoding: 'utf8' });
    if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${describe(r.error)}`);
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}: ${(r.stderr || r.stdout).trim()}`);
    return r.stdout;
  },
};

/** The value of `Key:   N kB` in /proc/meminfo text, in MiB (NaN when absent). */
export function meminfoMiB(text: string, key: string): number {
  const m = new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text);
  return m ? Number(m[1]) / 1024 : NaN;
}

/** The bracketed choice of a sysfs selector such as zram's `lzo-rle [lz4] zstd`. */
export function selected(text: string): string {
  const m = /\[([^\]]+)\]/.exec(text);
  return m ? m[1] : text.trim();
}
