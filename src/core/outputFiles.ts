// Output folders and files checked by really writing, before minutes of work. Node 20's mkdir({recursive:true})
// spins forever on a path under procfs (mkdir says ENOENT, the parent exists, it retries), so folders are made one
// level at a time here and every failure is an errno the caller can name.
import { closeSync, mkdirSync, openSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** `mkdir -p` that cannot loop: creates the missing folders of `dir` top-down.
 *  @throws the errno error (ENOENT, ENOTDIR, EACCES, EROFS…) of the first level that cannot be made. */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  let at = resolve(dir);
  for (;;) {
    let st;
    try {
      st = statSync(at);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(at) === at) throw err;
      missing.push(at);
      at = dirname(at);
      continue;
    }
    if (!st.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${at}'`), { code: 'ENOTDIR', path: at });
    break;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(d).isDirectory()) throw err;
    }
  }
}

/** Opens `file` for append (creating it) and closes it; a file this made is removed again.
 *  @throws the errno error when the file cannot be opened for writing. */
export function probeWritableFile(file: string): void {
  let existed = true;
  try {
    statSync(file);
  } catch {
    existed = false;
  }
  closeSync(openSync(file, 'a'));
  if (!existed) unlinkSync(file);
}

/** Makes `dir` (and its parents) and writes and removes a probe file in it.
 *  @throws the errno error when the folder cannot be made or written. */
export function probeWritableDir(dir: string): void {
  makeDirs(dir);
  probeWritableFile(join(dir, `.reclaim-replay-probe-${process.pid}`));
}

/** `path: cannot write (CODE)` for an fs error, else the error's message. */
export function writeFailure(path: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  return `${path}: cannot write (${code ?? (err as Error)?.message ?? String(err)})`;
}
