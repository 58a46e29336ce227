// An Android bugreport zip: its main text (named by main_entry.txt, else the largest bugreport*.txt) and the Perfetto
// traces it holds (FS/data/misc/perfetto-traces/…, or any entry whose content is a trace), read through yauzl.
import { constants, gunzipSync } from 'node:zlib';
import { CaptureError } from '../errors';
import { warning, type Warning } from '../warnings';
import { readHead } from './lineSource';
import { isGzip, looksLikePerfetto } from './perfetto/decodeTrace';
import { openZip, type ZipListing } from './zipEntry';

/** Largest bugreport text or trace read from a zip (bugreports run to ~100 MB, traces to a few hundred). */
const MAX_ENTRY_BYTES = 1 << 30;
/** Bytes of an entry looked at to tell a Perfetto trace by its content. */
const SNIFF_BYTES = 4096;
/** Entries named like a trace, or in the folder where Android keeps them. */
const TRACE_NAME = /(^|\/)perfetto-traces\/[^/]+$|\.(perfetto-trace|pftrace|pb)(\.gz)?$/;

export interface BugreportEntries {
  /** `zip!entry` for a zip, else the path itself. */
  label: string;
  /** The main text when it comes from a zip (a text bugreport is read from its path). */
  section?: { bytes: Buffer; firstLine: number };
  /** Perfetto traces inside the zip, named `zip!entry`. */
  traces: { label: string; bytes: Buffer }[];
  warnings: Warning[];
}

/** A trace's first bytes, gunzipped when the entry is gzip (a cut gzip stream still gives its head). */
function plainHead(head: Buffer): Buffer | null {
  if (!isGzip(head)) return head;
  try {
    return gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH });
  } catch {
    return null;
  }
}

/** Entries that are Perfetto traces: by content, whatever their name; a trace-named entry that is not one is said. */
async function findTraces(zip: ZipListing, path: string, skip: string): Promise<{ names: string[]; warnings: Warning[] }> {
  const names: string[] = [];
  const warnings: Warning[] = [];
  for (const name of zip.names) {
    if (name === skip || name.endsWith('/')) continue;
    const head = await zip.head(name, SNIFF_BYTES);
    const plain = head.length > 0 ? plainHead(head) : null;
    if (plain && looksLikePerfetto(plain, head.length >= SNIFF_BYTES)) names.push(name);
    else if (TRACE_NAME.test(name)) warnings.push(warning('bugreport.perfetto-unread', `${name} is named like a Perfetto trace but its content is not one; not read`, path));
  }
  return { names, warnings };
}

/** The bugreport's text and, for a zip, its Perfetto traces. */
export async function bugreportEntries(path: string): Promise<BugreportEntries> {
  const head = await readHead(path, 4);
  if (head.toString('latin1') !== 'PK\x03\x04') return { label: path, traces: [], warnings: [] };
  let zip;
  try {
    zip = await openZip(path);
  } catch (err) {
    throw new CaptureError(path, undefined, `not a readable zip (${(err as Error).message})`);
  }
  try {
    const main = zip.names.includes('main_entry.txt') ? (await zip.read('main_entry.txt', 4096)).toString('utf8').trim() : undefined;
    const txt = main && zip.names.includes(main) ? main : zip.names.filter((n) => /^bugreport[^/]*\.txt$/.test(n)).sort().at(-1);
    if (!txt) throw new CaptureError(path, undefined, 'a zip without a bugreport*.txt (not an Android bugreport)');
    const found = await findTraces(zip, path, txt);
    const traces: BugreportEntries['traces'] = [];
    for (const name of found.names) {
      try {
        traces.push({ label: `${path}!${name}`, bytes: await zip.read(name, MAX_ENTRY_BYTES) });
      } catch (err) {
        found.warnings.push(warning('bugreport.perfetto-unread', `${name}: ${(err as Error).message}; not read`, path));
      }
    }
    return { label: `${path}!${txt}`, section: { bytes: await zip.read(txt, MAX_ENTRY_BYTES), firstLine: 1 }, traces, warnings: found.warnings };
  } catch (err) {
    if (err instanceof CaptureError) throw err;
    throw new CaptureError(path, undefined, `cannot read the zip (${(err as Error).message})`);
  } finally {
    zip.close();
  }
}
