// Streams a plain or gzip file line by line without reading it whole: chunks are split on '\n' as bytes and only
// what a parser asks for is decoded (readline costs ~3× more per line). Lines keep no trailing '\r' or '\n';
// numbers are 1-based.
import { createReadStream, promises as fs } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { CancelledError, CaptureError } from '../errors';
import { counted, warning, type Warning } from '../warnings';

export interface LineReadOptions {
  signal?: AbortSignal;
  /** Called about every 4 MB of input with bytes read from disk (compressed bytes for .gz) and the file size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Read these bytes instead of the file (a section of a bugreport, an archive entry); lines are numbered from
   *  `firstLine`, so messages still name the line in the file. */
  section?: { bytes: Buffer; firstLine: number };
}

export interface LineReadResult {
  lines: number;
  /** Decompressed bytes. */
  bytes: number;
  /** gzip.ends-early / gzip.corrupt at the first line not read: the lines before it were handed out, the cut line
   *  was dropped (a killed recorder leaves such a file; what it wrote is still good). */
  damage?: Warning;
}

/** The read's gzip damage as a warning list, for a parser's own warnings. */
export const damageWarnings = (r: LineReadResult): Warning[] => (r.damage ? [r.damage] : []);

const GZIP_MAGIC = [0x1f, 0x8b];
/** Longer lines (in bytes) are cut (the rest is dropped) so one runaway line cannot exhaust memory; parsers see the cut line. */
export const MAX_LINE_CHARS = 1 << 20;

async function isGzip(path: string): Promise<boolean> {
  const fh = await fs.open(path, 'r');
  try {
    const b = Buffer.alloc(2);
    const { bytesRead } = await fh.read(b, 0, 2, 0);
    return bytesRead === 2 && b[0] === GZIP_MAGIC[0] && b[1] === GZIP_MAGIC[1];
  } finally {
    await fh.close();
  }
}

/** Each line decoded as UTF-8: the convenient form for small files; hot parsers use forEachLineBytes. */
export function forEachLine(
  path: string,
  onLine: (line: string, lineNo: number) => void,
  opts: LineReadOptions = {},
): Promise<LineReadResult> {
  return forEachLineBytes(path, (buf, start, end, lineNo) => onLine(buf.toString('utf8', start, end), lineNo), opts);
}

/** What format detection reads of a file (and the mail-wrap check of a trace): its first 64 KiB, decompressed. */
export const HEAD_BYTES = 64 * 1024;

/** The first `maxBytes` of (decompressed) content, for format detection. Never throws on a truncated gzip. */
export async function readHead(path: string, maxBytes = HEAD_BYTES): Promise<Buffer> {
  const gz = await isGzip(path);
  const raw = createReadStream(path, { highWaterMark: 64 * 1024 });
  const input = gz ? raw.pipe(createGunzip()) : raw;
  const parts: Buffer[] = [];
  let n = 0;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      parts.push(chunk);
      n += chunk.length;
      if (n >= maxBytes) break;
    }
  } catch {
    // A gzip that ends early still has a usable head; forEachLine reports the corruption with its line.
  } finally {
    raw.destroy();
  }
  return Buffer.concat(parts).subarray(0, maxBytes);
}

/** Bytes per read: large enough that the per-read cost vanishes (smaller reads cost more in thread-pool hops). */
const CHUNK_BYTES = 2 << 20;

/** Line buffers (MAX_LINE_CHARS + CHUNK_BYTES each) kept for the next read. Allocated per file, a capture's 40-odd
 *  files made V8 count 6 MiB of new external memory per file, and it ran a full mark-compact every few files. */
const spareLineBuffers: Buffer[] = [];
const MAX_SPARE_LINE_BUFFERS = 2;
const takeLineBuffer = () => spareLineBuffers.pop() ?? Buffer.allocUnsafe(MAX_LINE_CHARS + CHUNK_BYTES);
const giveBackLineBuffer = (b: Buffer) => {
  if (spareLineBuffers.length < MAX_SPARE_LINE_BUFFERS) spareLineBuffers.push(b);
};

/** Reads up to CHUNK_BYTES into `into` at `at`; resolves to the bytes written (0 at the end of the input). */
interface ChunkSource {
  read(into: Buffer, at: number): Promise<number>;
  close(): Promise<void>;
  /** Bytes taken from disk so far (compressed bytes for gzip), for progress. */
  diskBytes(): number;
}

/** Plain files are read straight into the caller's buffer: no allocation (and no page faults) per chunk. */
async function plainSource(path: string): Promise<ChunkSource> {
  const fh = await fs.open(path, 'r');
  let pos = 0;
  return {
    read: async (into, at) => {
      const { bytesRead } = await fh.read(into, at, CHUNK_BYTES, pos);
      pos += bytesRead;
      return bytesRead;
    },
    close: () => fh.close(),
    diskBytes: () => pos,
  };
}

/** Bytes already in memory (a section of a larger file). */
function bufferSource(bytes: Buffer): ChunkSource {
  let pos = 0;
  return {
    read: async (into, at) => {
      const n = bytes.copy(into, at, pos, Math.min(bytes.length, pos + CHUNK_BYTES));
      pos += n;
      return n;
    },
    close: async () => undefined,
    diskBytes: () => pos,
  };
}

/** gzip output chunks are copied into the caller's buffer, so both sources share one line splitter. */
function gzipSource(path: string): ChunkSource {
  const raw = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const chunks = (raw.pipe(createGunzip({ chunkSize: 1 << 20 })) as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  let pending: Buffer | null = null;
  return {
    read: async (into, at) => {
      let n = 0;
      while (n < CHUNK_BYTES) {
        if (!pending || pending.length === 0) {
          if (n > 0) break;
          const r = await chunks.next();
          if (r.done) break;
          pending = r.value;
        }
        const k = pending.copy(into, at + n, 0, CHUNK_BYTES - n);
        pending = pending.subarray(k);
        n += k;
      }
      return n;
    },
    close: async () => {
      raw.destroy();
    },
    diskBytes: () => raw.bytesRead,
  };
}

type OnLine = (buf: Buffer, start: number, end: number, lineNo: number) => void;

/**
 * The hot loop: each whole line of buf from `start` (its first '\n' at nl), numbered after lineNo; returns the last
 * line's number. A function of its own, so V8 optimises this loop (with the parser's callback) and never the async
 * reader around it, which is larger to compile and ran again for each file's parser.
 */
function emitLines(buf: Buffer, start: number, nl: number, lineNo: number, onLine: OnLine): number {
  for (; nl !== -1; nl = buf.indexOf(10, start)) {
    onLine(buf, start, nl > start && buf[nl - 1] === 13 ? nl - 1 : nl, ++lineNo);
    start = nl + 1;
  }
  return lineNo;
}

/**
 * The line splitter for hot parsers: hands out [start, end) ranges of the raw buffer (no '\r', no '\n')
 * without decoding, so a parser decodes only what it keeps. The buffer is reused: copy anything kept past the call.
 */
export async function forEachLineBytes(
  path: string,
  onLine: OnLine,
  opts: LineReadOptions = {},
): Promise<LineReadResult> {
  const section = opts.section;
  const gz = !section && (await isGzip(path));
  const total = section ? section.bytes.length : (await fs.stat(path)).size;
  const src = section ? bufferSource(section.bytes) : gz ? gzipSource(path) : await plainSource(path);
  const firstLine = section ? section.firstLine - 1 : 0;
  // Two buffers take turns, so the next chunk is read while this one is parsed. Each has MAX_LINE_CHARS of room
  // before the chunk for the unfinished line carried over from the previous chunk (never longer than that).
  const bufs = [takeLineBuffer(), takeLineBuffer()];
  let cur = 0;
  let reading = src.read(bufs[cur], MAX_LINE_CHARS);
  let have = 0;
  let lineNo = firstLine;
  let bytes = 0;
  let lastReport = 0;
  // Set while dropping the tail of a line longer than MAX_LINE_CHARS.
  let skipping = false;
  let damage: Warning | undefined;
  const emit = (buf: Buffer, start: number, end: number) => {
    lineNo++;
    onLine(buf, start, end > start && buf[end - 1] === 13 ? end - 1 : end, lineNo);
  };
  try {
    for (;;) {
      const n = await reading;
      if (n === 0) break;
      if (opts.signal?.aborted) throw new CancelledError();
      bytes += n;
      const next = bufs[cur ^ 1];
      reading = src.read(next, MAX_LINE_CHARS);
      // The carried line and the new chunk; a view ending at the data, so indexOf never finds a stale '\n' past it.
      const buf = bufs[cur].subarray(MAX_LINE_CHARS - have, MAX_LINE_CHARS + n);
      let start = 0;
      let nl = buf.indexOf(10, have);
      if (nl !== -1 && (skipping || have > 0)) {
        // The line begun in an earlier chunk ends here: emit it (cut to MAX_LINE_CHARS), or end dropping its tail.
        if (!skipping) emit(buf, 0, Math.min(nl, MAX_LINE_CHARS));
        skipping = false;
        start = nl + 1;
        nl = buf.indexOf(10, start);
      }
      if (nl !== -1) {
        lineNo = emitLines(buf, start, nl, lineNo, onLine);
        start = buf.lastIndexOf(10) + 1;
      }
      have = skipping ? 0 : buf.length - start;
      if (have > MAX_LINE_CHARS) {
        emit(buf, start, start + MAX_LINE_CHARS);
        skipping = true;
        have = 0;
      } else if (have > 0) buf.copy(next, MAX_LINE_CHARS - have, start);
      cur ^= 1;
      if (opts.onProgress && src.diskBytes() - lastReport >= 4 << 20) {
        lastReport = src.diskBytes();
        opts.onProgress(lastReport, total);
      }
    }
    if (have > 0) emit(bufs[cur], MAX_LINE_CHARS - have, MAX_LINE_CHARS);
  } catch (err) {
    if (err instanceof CancelledError || err instanceof CaptureError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'Z_BUF_ERROR' && code !== 'Z_DATA_ERROR') throw new CaptureError(path, lineNo + 1, (err as Error).message);
    // zlib's Z_BUF_ERROR is input that stops mid-stream (inflate() wants more); Z_DATA_ERROR is bytes no deflate
    // stream holds. Either way the lines already inflated are whole and kept; the unfinished one is dropped.
    damage = code === 'Z_BUF_ERROR'
      ? warning('gzip.ends-early', `gzip data ends early after ${counted(lineNo - firstLine, 'line')}; read up to here, the cut line dropped`, path, lineNo + 1)
      : warning('gzip.corrupt', `gzip data is corrupt (${(err as Error).message}) after ${counted(lineNo - firstLine, 'line')}; read up to here, the rest dropped`
        // The CRC is only checked at the end: damage anywhere before it may have inflated to wrong lines.
        + (/data check/.test((err as Error).message) ? '; the checksum failed at the end, so lines read may hold damaged bytes' : ''), path, lineNo + 1);
    have = 0;
  } finally {
    // A read may still be in flight (error or abort): let it settle before closing its file.
    await reading.catch(() => 0);
    await src.close();
    // No read writes into them any more: the next file may take the buffers.
    for (const b of bufs) giveBackLineBuffer(b);
  }
  opts.onProgress?.(total, total);
  return { lines: lineNo - firstLine, bytes, ...(damage ? { damage } : {}) };
}
