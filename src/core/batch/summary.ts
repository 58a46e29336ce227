// The batch's summary table: one row per capture with the headline figures, the predicted speed-up and the fidelity
// verdict, read back from the per-capture JSON files (so shard outputs merge by reading their files), written as CSV
// (RFC 4180) and Parquet. An unavailable figure is an empty cell / null, never 0.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { Figure, ReplayResult } from '../replay/types';
import { headline } from '../../shared/headline';
import { labelOf } from '../replay/verdict';

/** What a batch writes per capture. */
export interface BatchRecord {
  batch: {
    id: string;
    /** Fingerprint of the capture files, the options and the tool: the output is current while it matches. */
    key: string;
    status: 'ok' | 'error';
    error?: string;
    /** CPU and wall time of this capture's parse + replay, ms. */
    wallMs: number;
  };
  /** The replay without its series and timing (absent on error). */
  result?: Omit<ReplayResult, 'series' | 'elapsedMs'>;
}

type Cell = string | number | null;
export interface SummaryColumn {
  name: string;
  type: 'STRING' | 'DOUBLE';
  of(r: BatchRecord): Cell;
}

/** A finite figure rounded to `digits` decimals (the table carries no float noise such as 0.10000000000000853). */
const num = (f: Figure | undefined, digits: number): number | null =>
  (typeof f === 'number' && Number.isFinite(f) ? Number(f.toFixed(digits)) : null);
const h = (r: BatchRecord) => (r.result ? headline(r.result as ReplayResult) : undefined);

/** The largest |error| among the predicted rows the replay exercised (fitted and input rows say nothing; a lower
 *  bound, `atLeast`, is no measured error, nor is a snapshot from another moment or a row at its ceiling). */
function worstPredictedErrorPct(r: BatchRecord): number | null {
  const rows = Object.values(r.result?.fidelity ?? {}).filter((x) => x.basis === 'predicted' && !x.notExercised && !x.atLeast && !x.otherMoment && !x.wholeSpan);
  if (rows.length === 0) return null;
  const worst = Math.max(...rows.map((x) => Math.abs(x.errorPct)));
  return num(worst, 2);
}

export const SUMMARY_COLUMNS: SummaryColumn[] = [
  { name: 'capture', type: 'STRING', of: (r) => r.batch.id },
  { name: 'status', type: 'STRING', of: (r) => r.batch.status },
  { name: 'error', type: 'STRING', of: (r) => r.batch.error ?? null },
  { name: 'profile', type: 'STRING', of: (r) => r.result?.profileName ?? null },
  { name: 'variant', type: 'STRING', of: (r) => r.result?.options.variant ?? null },
  { name: 'simulated_s', type: 'DOUBLE', of: (r) => num(r.result?.simulatedS, 3) },
  { name: 'baseline_pgsteal_anon_per_s', type: 'DOUBLE', of: (r) => num(r.result?.baseline.pgstealAnonPerS, 1) },
  { name: 'kcompressd_pgsteal_anon_per_s', type: 'DOUBLE', of: (r) => num(r.result?.kcompressd.pgstealAnonPerS, 1) },
  { name: 'speedup_pgsteal_anon', type: 'DOUBLE', of: (r) => num(h(r)?.speedup, 3) },
  { name: 'allocstall_change_pct', type: 'DOUBLE', of: (r) => num(h(r)?.allocstallChangePct, 2) },
  { name: 'kswapd_cpu_freed_pts', type: 'DOUBLE', of: (r) => num(h(r)?.kswapdCpuFreedPts, 2) },
  { name: 'fifo_full_pct', type: 'DOUBLE', of: (r) => num(h(r)?.fifoFullPct, 2) },
  { name: 'compress_share', type: 'DOUBLE', of: (r) => num(r.result?.compressShare, 4) },
  { name: 'fidelity', type: 'STRING', of: (r) => r.result?.verdict?.outcome ?? null },
  { name: 'fidelity_verdict', type: 'STRING', of: (r) => r.result?.verdict?.text ?? null },
  // The predicted rows beside the headline ones that missed: named, never deciding the `fidelity` outcome.
  { name: 'fidelity_also_off', type: 'STRING', of: (r) => r.result?.verdict?.alsoOff?.map(labelOf).join('; ') ?? null },
  // A held-out half's verdict: the headline rows the whole reclaim window's table shows off by more than the limit.
  { name: 'fidelity_whole_window_off', type: 'STRING', of: (r) => r.result?.verdict?.wholeWindow?.rows.map(labelOf).join('; ') ?? null },
  { name: 'fidelity_worst_predicted_error_pct', type: 'DOUBLE', of: worstPredictedErrorPct },
  { name: 'warnings', type: 'DOUBLE', of: (r) => r.result?.warnings.length ?? null },
  // Error-severity codes (e.g. replay.before-ran-kcompressd): a row whose figures should not be read as they stand.
  { name: 'error_warnings', type: 'STRING', of: (r) => r.result ? [...new Set(r.result.warnings.filter((w) => w.severity === 'error').map((w) => w.code))].join(' ') : null },
];

/** Summary rows, sorted by capture id. */
export function summaryRows(records: BatchRecord[]): Cell[][] {
  return [...records].sort((a, b) => (a.batch.id < b.batch.id ? -1 : a.batch.id > b.batch.id ? 1 : 0))
    .map((r) => SUMMARY_COLUMNS.map((c) => c.of(r)));
}

function csvCell(v: Cell): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: Cell[][]): string {
  return [SUMMARY_COLUMNS.map((c) => c.name), ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export function toParquet(rows: Cell[][]): Uint8Array {
  const buf = parquetWriteBuffer({
    columnData: SUMMARY_COLUMNS.map((c, i) => ({ name: c.name, type: c.type, data: rows.map((r) => r[i]) })),
  });
  return new Uint8Array(buf);
}

/** Reads the batch records (every *.json but summaries) of the given folders; unreadable files are listed. */
export async function readRecords(dirs: string[]): Promise<{ records: BatchRecord[]; unreadable: string[] }> {
  const byId = new Map<string, BatchRecord>();
  const unreadable: string[] = [];
  for (const dir of dirs) {
    for (const name of (await fs.readdir(dir)).filter((n) => n.endsWith('.json')).sort()) {
      try {
        const r = JSON.parse(await fs.readFile(join(dir, name), 'utf8')) as BatchRecord;
        if (typeof r?.batch?.id !== 'string' || (r.batch.status !== 'ok' && r.batch.status !== 'error')) throw new Error('not a batch record');
        byId.set(r.batch.id, r);
      } catch {
        unreadable.push(join(dir, name));
      }
    }
  }
  return { records: [...byId.values()], unreadable };
}

/** Writes `<base>.csv` and `<base>.parquet` in outDir; returns their paths. */
export async function writeSummary(outDir: string, base: string, records: BatchRecord[]): Promise<string[]> {
  const rows = summaryRows(records);
  const csv = join(outDir, `${base}.csv`);
  const parquet = join(outDir, `${base}.parquet`);
  await fs.writeFile(csv, toCsv(rows));
  await fs.writeFile(parquet, toParquet(rows));
  return [csv, parquet];
}
