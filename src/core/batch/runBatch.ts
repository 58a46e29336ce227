// Runs a batch: `jobs` replay workers, each parsing and replaying one capture after another (largest first, see
// dispatchOrder), each record written atomically beside the others. A capture whose record is current (same files,
// options and tool) and a success is skipped, so an interrupted batch resumes where it stopped; a capture that fails
// gets an error record and the batch goes on, and is tried again by the next run (its failure may have been a full
// disk or a killed worker).
import { promises as fs } from 'node:fs';
import { captureKey } from '../capture/captureCache';
import { makeDirs } from '../outputFiles';
import { ReplayWorker } from '../replay/runInWorker';
import type { ReplayOptions } from '../replay/types';
import { dispatchOrder, outputPath, type BatchItem } from './plan';
import type { BatchRecord } from './summary';

export interface BatchRun {
  outDir: string;
  jobs: number;
  workerScript: string;
  options: ReplayOptions;
  profile?: unknown;
  /** The profile object options.validate names, when it names a file. */
  validateProfile?: unknown;
  cacheDir?: string | null;
  signal?: AbortSignal;
  /** After each capture: what happened to it. */
  onItem?(item: BatchItem, outcome: 'done' | 'skipped' | 'failed', record: BatchRecord): void;
}

export interface BatchOutcome {
  done: number;
  skipped: number;
  failed: number;
  records: BatchRecord[];
}

/** The stored record when it is a success made from the same key; an error record is never current. */
async function currentRecord(file: string, key: string): Promise<BatchRecord | null> {
  try {
    const r = JSON.parse(await fs.readFile(file, 'utf8')) as BatchRecord;
    return r?.batch?.key === key && r.batch.status === 'ok' ? r : null;
  } catch {
    return null;
  }
}

async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, text);
  await fs.rename(tmp, file);
}

export async function runBatch(items: BatchItem[], run: BatchRun): Promise<BatchOutcome> {
  makeDirs(run.outDir);
  const out: BatchOutcome = { done: 0, skipped: 0, failed: 0, records: [] };
  const { series: _series, ...options } = run.options;
  const settings = JSON.stringify({ options: { ...options, series: false }, profile: run.profile ?? null, validate: run.validateProfile ?? null });
  const queue = await dispatchOrder(items);
  let next = 0;
  const one = async (item: BatchItem, worker: ReplayWorker) => {
    const file = outputPath(run.outDir, item);
    const key = (await captureKey(item.path, settings)) ?? 'absent';
    const kept = await currentRecord(file, key);
    if (kept) {
      out.skipped++;
      out.records.push(kept);
      run.onItem?.(item, 'skipped', kept);
      return;
    }
    const t0 = performance.now();
    let record: BatchRecord;
    try {
      const r = await worker.run({ capturePath: item.path, options: { ...run.options, series: false }, profile: run.profile, validateProfile: run.validateProfile, cacheDir: run.cacheDir }, { signal: run.signal });
      const { series: _s, elapsedMs: _e, ...result } = r;
      record = { batch: { id: item.id, key, status: 'ok', wallMs: Math.round(performance.now() - t0) }, result };
    } catch (err) {
      if (run.signal?.aborted) throw err;
      record = { batch: { id: item.id, key, status: 'error', error: (err as Error).message, wallMs: Math.round(performance.now() - t0) } };
    }
    await writeAtomic(file, `${JSON.stringify(record, null, 1)}\n`);
    out.records.push(record);
    if (record.batch.status === 'ok') out.done++;
    else out.failed++;
    run.onItem?.(item, record.batch.status === 'ok' ? 'done' : 'failed', record);
  };
  // One worker thread per lane, kept from capture to capture (its start-up is paid once per lane).
  const lane = async () => {
    const worker = new ReplayWorker(run.workerScript);
    try {
      while (next < queue.length) await one(queue[next++], worker);
    } finally {
      worker.dispose();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(run.jobs, items.length)) }, lane));
  return out;
}
