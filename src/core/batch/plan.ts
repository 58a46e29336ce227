// What a batch replays: the captures under a folder (each sub-folder, and each file of a known capture format; a
// sub-folder with no capture file of its own but sub-folders is a folder of captures, taken one level down) or
// listed in a manifest (one path per line, relative to the manifest, `#` comments), in a stable order, and the
// deterministic shard of them one machine runs (`--shard I/N`, I from 0; Kubernetes Indexed Jobs give I as
// JOB_COMPLETION_INDEX). Shards deal the sorted list round-robin, so N shards cover it exactly once and evenly.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { detect } from '../capture/detect';
import { CaptureError, OptionError } from '../errors';

export interface BatchItem {
  /** The capture as the folder or manifest names it (a sub-folder or file name, a manifest line). */
  id: string;
  /** Absolute path of the capture folder or file. */
  path: string;
}

export interface Shard {
  index: number;
  count: number;
}

type Entry = { kind: 'folder' | 'file' | 'other'; item: BatchItem };

/** A folder's entries as captures (`prefix` + name): sub-folders, capture files, and the rest (hidden entries too). */
async function folderEntries(dir: string, prefix: string): Promise<Entry[]> {
  const out: Entry[] = [];
  for (const d of await fs.readdir(dir, { withFileTypes: true })) {
    const item = { id: `${prefix}${d.name}`, path: resolve(dir, d.name) };
    if (d.name.startsWith('.')) {
      out.push({ kind: 'other', item });
      continue;
    }
    // A symbolic link counts as what it points to (a fleet folder is often links to captures kept elsewhere).
    const kind = d.isSymbolicLink() ? await fs.stat(item.path).catch(() => null) : d;
    if (kind?.isDirectory()) out.push({ kind: 'folder', item });
    else if (kind?.isFile() && (await detect(item.path)).format) out.push({ kind: 'file', item });
    else out.push({ kind: 'other', item });
  }
  return out;
}

/**
 * The captures a folder or manifest names, sorted by id; `skipped` lists folder entries that are no capture, hidden
 * (dot) entries among them: `.git`, editors' and tools' folders are never captures.
 */
export async function listCaptures(source: string): Promise<{ items: BatchItem[]; skipped: string[] }> {
  let st;
  try {
    st = await fs.stat(source);
  } catch {
    throw new CaptureError(source, undefined, 'no such folder or manifest');
  }
  const items: BatchItem[] = [];
  const skipped: string[] = [];
  if (st.isDirectory()) {
    for (const e of await folderEntries(source, '')) {
      if (e.kind === 'file') items.push(e.item);
      else if (e.kind === 'other') skipped.push(e.item.id);
      else {
        const inner = await folderEntries(e.item.path, `${e.item.id}/`);
        const folders = inner.filter((i) => i.kind === 'folder');
        // A folder of captures (captures/lab/*): no capture file of its own but sub-folders, each one a capture. A
        // folder with neither stays one capture, whose replay says what it lacks.
        if (inner.some((i) => i.kind === 'file') || folders.length === 0) items.push(e.item);
        else {
          items.push(...folders.map((i) => i.item));
          skipped.push(...inner.filter((i) => i.kind === 'other').map((i) => i.item.id));
        }
      }
    }
  } else {
    const text = await fs.readFile(source, 'utf8');
    if (text.includes('\0')) throw new CaptureError(source, undefined, 'not a manifest (binary); give a folder of captures or a text file with one capture path per line');
    const seen = new Set<string>();
    for (const raw of text.split('\n')) {
      const id = raw.trim();
      if (id === '' || id.startsWith('#') || seen.has(id)) continue;
      seen.add(id);
      items.push({ id, path: resolve(dirname(source), id) });
    }
  }
  items.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (items.length === 0) throw new CaptureError(source, undefined, 'no captures listed (sub-folders, capture files, or manifest lines)');
  return { items, skipped: skipped.sort() };
}

/**
 * `I/N` (0 ≤ I < N); `/N` or `N` alone takes I from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job). Without a spec,
 * JOB_COMPLETION_INDEX alone is not enough (the count is unknown): the whole list is one shard.
 */
export function parseShard(spec: string | undefined, env: NodeJS.ProcessEnv = process.env): Shard | null {
  if (spec === undefined) return null;
  const m = /^\s*(\d*)\s*\/?\s*(\d+)\s*$/.exec(spec);
  const fromEnv = env.JOB_COMPLETION_INDEX;
  if (!m) throw new OptionError('--shard', `expects I/N (e.g. 0/4), got '${spec}'`);
  const count = Number(m[2]);
  const given = m[1] !== '' && spec.includes('/');
  if (!given && fromEnv !== undefined && !/^\d+$/.test(fromEnv.trim())) {
    throw new OptionError('--shard', `'${spec}' takes I from JOB_COMPLETION_INDEX, which is not a whole number: '${fromEnv}'`);
  }
  const index = given ? Number(m[1]) : fromEnv !== undefined ? Number(fromEnv) : NaN;
  if (Number.isNaN(index)) throw new OptionError('--shard', `'${spec}' gives no index and JOB_COMPLETION_INDEX is not set`);
  if (!(count >= 1) || index >= count) throw new OptionError('--shard', `needs 0 ≤ I < N, got ${index}/${count}`);
  return { index, count };
}

/** This shard's items: every count-th of the sorted list, from index. */
export function shardItems<T>(items: readonly T[], shard: Shard | null): T[] {
  return shard ? items.filter((_, i) => i % shard.count === shard.index) : [...items];
}

/** The per-capture output file name: the id made safe for a file name, plus a hash of it so distinct ids never meet. */
export function outputName(id: string): string {
  const safe = id.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 80) || 'capture';
  return `${safe}.${createHash('sha1').update(id).digest('hex').slice(0, 8)}.json`;
}

export const outputPath = (outDir: string, item: BatchItem) => join(outDir, outputName(item.id));

/** Bytes of a capture's files (a folder's own files, or the file itself); 0 when it cannot be read. */
async function captureBytes(path: string): Promise<number> {
  try {
    const st = await fs.stat(path);
    if (!st.isDirectory()) return st.size;
    let bytes = 0;
    for (const d of await fs.readdir(path, { withFileTypes: true })) {
      if (d.isFile()) bytes += (await fs.stat(join(path, d.name))).size;
    }
    return bytes;
  } catch {
    return 0;
  }
}

/**
 * The order a batch hands captures to its jobs: largest first (longest-processing-time first, with a capture's
 * bytes standing for its replay time), ties by id, so the last capture running alone is a short one. Only the
 * dispatch order: each capture's output is its own and the summary is sorted by id.
 */
export async function dispatchOrder(items: readonly BatchItem[]): Promise<BatchItem[]> {
  const sized = await Promise.all(items.map(async (item) => ({ item, bytes: await captureBytes(item.path) })));
  return sized.sort((a, b) => b.bytes - a.bytes || (a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0)).map((s) => s.item);
}
