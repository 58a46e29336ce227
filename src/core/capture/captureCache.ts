// A cache of parsed captures, so the second replay of a capture starts from its parsed series instead of the text.
// One file per capture in the user's cache folder ($RECLAIM_REPLAY_CACHE, else $XDG_CACHE_HOME/reclaim-replay, else
// ~/.cache/reclaim-replay), named by a hash of the key: the capture's path (resolved, and as given: the parsed capture
// names its files, profile and warnings by the given path, so another spelling of the same folder is another entry),
// every file's name, size and mtime, the load purpose and the parser version (the running bundle's hash). The file repeats the key and is written to a
// temporary name then renamed, so a torn, corrupt or foreign file is a miss (and is replaced), never an error.
import { createHash } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { makeDirs, writeFailure } from '../outputFiles';
import { loadCapture, type LoadOptions } from './loadCapture';
import type { Capture } from './types';
import { warning } from '../warnings';

/** Bump when a parser's output changes in a way the bundle hash would not show (it always does in dist/). */
export const PARSER_VERSION = 3;
/** Entries kept; the least recently written beyond this are removed. */
const MAX_ENTRIES = 32;
const MAGIC = 'reclaim-replay capture cache';

/** The cache folder, or null when caching is off (`RECLAIM_REPLAY_CACHE=off` or empty). */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const own = env.RECLAIM_REPLAY_CACHE;
  if (own !== undefined) return own === '' || own === 'off' ? null : resolve(own);
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && xdg.startsWith('/') ? xdg : join(homedir(), '.cache'), 'reclaim-replay');
}

let codeHash: string | undefined;
/** The hash of the code that parsed: this module's file, which in dist/ is the whole bundle with every parser. */
function parserVersion(): string {
  if (codeHash === undefined) {
    let code = '';
    try {
      code = readFileSync(__filename, 'latin1');
    } catch {
      // No readable source (an embedder's virtual file): PARSER_VERSION alone.
    }
    codeHash = createHash('sha1').update(code).digest('hex').slice(0, 16);
  }
  return `${PARSER_VERSION}:${codeHash}:${process.versions.v8}`;
}

/** The running bundle's version (parserVersion()), or null when the code is not one bundle (TypeScript sources under
 *  a loader: one file's hash would not cover the others). Other caches of what the code computes key on it. */
export function bundleVersion(): string | null {
  return typeof __filename === 'string' && __filename.endsWith('.js') ? parserVersion() : null;
}

/** The key of a capture as it is on disk now: its path resolved and as given (the parse's paths are the given one's),
 *  the folder's (or file's) plain files by name, size and mtime, the parser build and `purpose` (any text that must
 *  also match); null when the path does not exist. */
export async function captureKey(root: string, purpose: string): Promise<string | null> {
  const abs = resolve(root);
  let st;
  try {
    st = await fs.stat(abs);
  } catch {
    return null; // loadCapture reports the missing path
  }
  const files: [string, number, number][] = [];
  if (st.isDirectory()) {
    for (const d of (await fs.readdir(abs, { withFileTypes: true })).filter((e) => e.isFile()).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const s = await fs.stat(join(abs, d.name));
      files.push([d.name, s.size, s.mtimeMs]);
    }
  } else {
    files.push(['', st.size, st.mtimeMs]);
  }
  return JSON.stringify({ root: abs, given: root, purpose, parser: parserVersion(), files });
}

interface Entry {
  magic: string;
  key: string;
  capture: Capture;
}

function entryPath(dir: string, key: string): string {
  return join(dir, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.v8`);
}

/** A copy without a prototype: v8 serialization gives every object Object.prototype, and the parsers keep records
 *  keyed by comm prototype-free (a task may be called `__proto__`). */
const dict = <T extends object>(o: T | undefined): T | undefined => o && Object.assign(Object.create(null) as T, o);

async function read(file: string, key: string): Promise<Capture | null> {
  try {
    const e = deserialize(await fs.readFile(file)) as Entry;
    if (e?.magic !== MAGIC || e.key !== key || typeof e.capture?.root !== 'string' || !Array.isArray(e.capture.sources)) return null;
    const c = e.capture;
    if (c.trace?.writeFolio) c.trace.writeFolio = dict(c.trace.writeFolio);
    if (c.perf) c.perf.byComm = dict(c.perf.byComm)!;
    if (c.perf?.timeline) c.perf.timeline = dict(c.perf.timeline);
    return c;
  } catch {
    return null;
  }
}

/** Cache folders that could not be written in this process: skipped from then on (warned about once). */
const unwritable = new Set<string>();

/** Stores the entry; a read-only, full or odd (procfs) cache folder only costs the next run a parse, and is said
 *  once per process in the capture's warnings, after which the cache is off for that folder. */
async function write(dir: string, file: string, key: string, capture: Capture): Promise<void> {
  try {
    makeDirs(dir);
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await fs.writeFile(tmp, serialize({ magic: MAGIC, key, capture } satisfies Entry));
    await fs.rename(tmp, file);
  } catch (err) {
    unwritable.add(dir);
    capture.warnings.push(warning('capture.cache-off', `capture cache ${writeFailure(dir, err)}; the cache is off for this run`));
    return;
  }
  await prune(dir).catch(() => undefined);
}

async function prune(dir: string): Promise<void> {
  const names = (await fs.readdir(dir)).filter((n) => n.endsWith('.v8'));
  if (names.length <= MAX_ENTRIES) return;
  const aged = await Promise.all(names.map(async (n) => ({ n, t: (await fs.stat(join(dir, n)).catch(() => null))?.mtimeMs ?? 0 })));
  aged.sort((a, b) => b.t - a.t);
  await Promise.all(aged.slice(MAX_ENTRIES).map((a) => fs.unlink(join(dir, a.n)).catch(() => undefined)));
}

export interface CachedLoadOptions extends LoadOptions {
  /** Cache folder; null turns the cache off; undefined: defaultCacheDir(). */
  cacheDir?: string | null;
}

/** loadCapture through the cache: a hit returns the stored capture (fromCache true), a miss parses and stores it. */
export async function loadCaptureCached(root: string, opts: CachedLoadOptions = {}): Promise<{ capture: Capture; fromCache: boolean }> {
  const dir = opts.cacheDir === undefined ? defaultCacheDir() : opts.cacheDir;
  const key = dir === null ? null : await captureKey(root, opts.purpose ?? 'full');
  if (dir === null || unwritable.has(dir) || key === null) return { capture: await loadCapture(root, opts), fromCache: false };
  const file = entryPath(dir, key);
  const hit = await read(file, key);
  if (hit) {
    opts.onProgress?.({ fraction: 1, label: `read from the capture cache (${file})` });
    return { capture: hit, fromCache: true };
  }
  const capture = await loadCapture(root, opts);
  await write(dir, file, key, capture);
  return { capture, fromCache: false };
}
