// Reads one entry of a zip archive into memory with yauzl (a maintained streaming zip reader: it walks the central
// directory without loading the archive, so a 100 MB bugreport zip costs only the entry it reads).
import yauzl from 'yauzl';

export interface ZipListing {
  names: string[];
  /** Reads the named entry whole (at most maxBytes, else rejects). */
  read(name: string, maxBytes: number): Promise<Buffer>;
  /** The named entry's first bytes (up to `bytes`, fewer when it is shorter), its stream stopped there. */
  head(name: string, bytes: number): Promise<Buffer>;
  close(): void;
}

/** Lists a zip's entries. Rejects with yauzl's message when the file is not a readable zip. */
export function openZip(path: string): Promise<ZipListing> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('cannot open zip'));
      const entries = new Map<string, yauzl.Entry>();
      zip.on('entry', (e: yauzl.Entry) => {
        entries.set(e.fileName, e);
        zip.readEntry();
      });
      zip.on('error', reject);
      zip.on('end', () => resolve({
        names: [...entries.keys()],
        read: (name, maxBytes) => {
          const e = entries.get(name);
          if (e && e.uncompressedSize > maxBytes) return Promise.reject(new Error(`${name} is ${e.uncompressedSize} bytes, more than ${maxBytes}`));
          return readEntry(zip, e, name, Infinity);
        },
        head: (name, bytes) => readEntry(zip, entries.get(name), name, bytes),
        close: () => zip.close(),
      }));
      zip.readEntry();
    });
  });
}

/** An entry's bytes up to `limit` (the stream is destroyed once that many arrived). */
function readEntry(zip: yauzl.ZipFile, e: yauzl.Entry | undefined, name: string, limit: number): Promise<Buffer> {
  return new Promise((res, rej) => {
    if (!e) return rej(new Error(`no entry ${name}`));
    zip.openReadStream(e, (err, stream) => {
      if (err || !stream) return rej(err ?? new Error(`cannot read ${name}`));
      const parts: Buffer[] = [];
      let got = 0;
      stream.on('data', (c: Buffer) => {
        parts.push(c);
        got += c.length;
        if (got >= limit) {
          stream.destroy();
          res(Buffer.concat(parts).subarray(0, limit));
        }
      });
      stream.on('error', rej);
      stream.on('end', () => res(Buffer.concat(parts)));
    });
  });
}
