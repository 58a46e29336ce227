// Reads one entry of a zip archive into memory with yauzl (a maintained streaming zip reader: it walks the central
// directory without loading the archive, so a 100 MB bugreport zip costs only the entry it reads).
import yauzl from 'yauzl';

export interface ZipListing {
  names: string[];
  /** Reads the named entry whole (at most maxBytes, else rejects). */
  read(name: string, maxBytes: number): Promise<Buffer>;
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
        read: (name, maxBytes) => new Promise((res, rej) => {
          const e = entries.get(name);
          if (!e) return rej(new Error(`no entry ${name}`));
          if (e.uncompressedSize > maxBytes) return rej(new Error(`${name} is ${e.uncompressedSize} bytes, more than ${maxBytes}`));
          zip.openReadStream(e, (err2, stream) => {
            if (err2 || !stream) return rej(err2 ?? new Error(`cannot read ${name}`));
            const parts: Buffer[] = [];
            stream.on('data', (c: Buffer) => parts.push(c));
            stream.on('error', rej);
            stream.on('end', () => res(Buffer.concat(parts)));
          });
        }),
        close: () => zip.close(),
      }));
      zip.readEntry();
    });
  });
}
