// Output files are checked before any work: a replay of minutes must not end in a stack because --html names a folder
// or a path nothing can write; a write that still fails at the end is one line, exit 2.
import { statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { OptionError } from '../core/errors';
import { probeWritableDir, probeWritableFile, writeFailure } from '../core/outputFiles';

/** @throws OptionError naming the flag when `path` is a folder, its folder is missing, or it cannot be opened for
 *  writing (probed by opening it for append; a file the probe made is removed). */
export function checkOutputPath(flag: string, path: string): void {
  const full = resolve(path);
  let st;
  try {
    st = statSync(full);
  } catch {
    st = undefined;
  }
  if (st?.isDirectory()) throw new OptionError(flag, `${path} is a folder; name a file`);
  if (st && !st.isFile()) throw new OptionError(flag, `${path} is not a regular file`);
  const dir = dirname(full);
  let dst;
  try {
    dst = statSync(dir);
  } catch {
    throw new OptionError(flag, `folder ${dir} does not exist`);
  }
  if (!dst.isDirectory()) throw new OptionError(flag, `${dir} is not a folder`);
  try {
    probeWritableFile(full);
  } catch (err) {
    throw new OptionError(flag, writeFailure(path, err));
  }
}

/** @throws OptionError naming the flag when the output folder `dir` cannot be made or written (it is made). */
export function checkOutputDir(flag: string, dir: string): void {
  try {
    probeWritableDir(dir);
  } catch (err) {
    throw new OptionError(flag, writeFailure(dir, err));
  }
}

/** writeFileSync whose failure (full disk, a path gone since the check) is an OptionError `flag: path: cannot write`. */
export function writeOutputFile(flag: string, path: string, data: string | Uint8Array): void {
  try {
    writeFileSync(path, data);
  } catch (err) {
    throw new OptionError(flag, writeFailure(path, err));
  }
}
