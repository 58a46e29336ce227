// The corpus's real compressed sizes kept on disk between processes: compressing its pages is most of building a
// corpus, and every replay process builds one. One small file per (algorithm, seed, pages per class) in the capture
// cache's folder, keyed by the code that made it (the running bundle's hash: the page generators and compressors are
// in it). A missing, torn or foreign file is a miss, and the corpus is built and stored again.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirs } from '../../outputFiles';
import { PageCorpus, type CorpusOptions, type StoredSize } from './corpus';

const MAGIC = 'reclaim-replay corpus sizes';
/** Corpus files kept (each build stores its own); the least recently written beyond this are removed. */
const MAX_FILES = 8;

interface Entry {
  magic: string;
  key: string;
  /** Per class in PAGE_CLASSES order, each page's StoredSize. */
  sizes: StoredSize[][];
}

/** Where sizes are kept and the code's key; null dir or key: always build. */
export interface CorpusStore {
  dir: string | null;
  codeKey: string | null;
}

/** PageCorpus.build(opts) from the stored sizes when the store holds this corpus from this code, else built and
 *  stored (a store that cannot be written only costs the next process a build). */
export function storedCorpus(opts: CorpusOptions, store: CorpusStore): PageCorpus {
  if (store.dir === null || store.codeKey === null || opts.keepPages || opts.verify) return PageCorpus.build(opts);
  const key = JSON.stringify({ algorithm: opts.algorithm, seed: opts.seed, pagesPerClass: opts.pagesPerClass ?? null, code: store.codeKey });
  const file = join(store.dir, `corpus-${createHash('sha256').update(key).digest('hex').slice(0, 24)}.json`);
  const t0 = performance.now();
  try {
    const e = JSON.parse(readFileSync(file, 'utf8')) as Entry;
    if (e?.magic === MAGIC && e.key === key) return PageCorpus.fromSizes(opts, e.sizes, performance.now() - t0);
  } catch {
    // a miss
  }
  const corpus = PageCorpus.build(opts);
  try {
    makeDirs(store.dir);
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(tmp, JSON.stringify({ magic: MAGIC, key, sizes: corpus.storedSizes() } satisfies Entry));
    renameSync(tmp, file);
    prune(store.dir);
  } catch {
    // read-only or full: the next process builds again
  }
  return corpus;
}

function prune(dir: string): void {
  const files = readdirSync(dir).filter((n) => n.startsWith('corpus-') && n.endsWith('.json'));
  if (files.length <= MAX_FILES) return;
  const aged = files.map((n) => ({ n, t: statSync(join(dir, n), { throwIfNoEntry: false })?.mtimeMs ?? 0 })).sort((a, b) => b.t - a.t);
  for (const a of aged.slice(MAX_FILES)) unlinkSync(join(dir, a.n));
}
