// Output files are checked before any work: a replay of minutes must not end in a stack because --html names a folder.
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { OptionError } from '../core/errors';

/** @throws OptionError naming the flag when `path` is a folder, or its folder is missing or not writable. */
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
    accessSync(st ? full : dir, constants.W_OK);
  } catch {
    throw new OptionError(flag, `${st ? path : dir} is not writable`);
  }
}
