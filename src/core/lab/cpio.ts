// A cpio archive in the "newc" format the kernel unpacks as an initramfs (Documentation/driver-api/early-userspace/
// buffer-format.rst): per entry a 110-byte ASCII header of 13 hex fields, the NUL-terminated name, padding to 4 bytes,
// the data, padding to 4 bytes; the archive ends with the entry TRAILER!!!. Written here so that device nodes need
// no root and no host tool.

export type CpioEntry =
  | { kind: 'dir'; path: string; mode?: number }
  | { kind: 'file'; path: string; data: Buffer | string; mode?: number }
  | { kind: 'symlink'; path: string; target: string }
  | { kind: 'char'; path: string; major: number; minor: number; mode?: number };

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

function pad4(n: number): Buffer {
  return Buffer.alloc((4 - (n % 4)) % 4);
}

function record(ino: number, name: string, mode: number, data: Buffer, rdev: [number, number] = [0, 0]): Buffer[] {
  const nameBuf = Buffer.from(`${name}\0`);
  const fields = [ino, mode, 0, 0, 1, 0, data.length, 0, 0, rdev[0], rdev[1], nameBuf.length, 0];
  const header = Buffer.from(`070701${fields.map(hex8).join('')}`, 'ascii');
  return [header, nameBuf, pad4(header.length + nameBuf.length), data, pad4(data.length)];
}

/** The archive bytes; paths are relative (no leading `/`), parents must be listed before their children. */
export function cpioArchive(entries: readonly CpioEntry[]): Buffer {
  const parts: Buffer[] = [];
  entries.forEach((e, i) => {
    const name = e.path.replace(/^\/+/, '');
    if (name === '' || name.split('/').includes('..')) throw new Error(`cpio: bad path '${e.path}'`);
    const ino = i + 1;
    switch (e.kind) {
      case 'dir': parts.push(...record(ino, name, S_IFDIR | (e.mode ?? 0o755), Buffer.alloc(0))); break;
      case 'file': parts.push(...record(ino, name, S_IFREG | (e.mode ?? 0o644), Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data))); break;
      case 'symlink': parts.push(...record(ino, name, S_IFLNK | 0o777, Buffer.from(e.target))); break;
      case 'char': parts.push(...record(ino, name, S_IFCHR | (e.mode ?? 0o600), Buffer.alloc(0), [e.major, e.minor])); break;
    }
  });
  parts.push(...record(0, 'TRAILER!!!', 0, Buffer.alloc(0)));
  return Buffer.concat(parts);
}

/** Entries of a newc archive (name, mode, size, rdev), for tests and for checking an initramfs. */
export function listCpio(buf: Buffer): { path: string; mode: number; size: number; rdev: [number, number]; data: Buffer }[] {
  const out: { path: string; mode: number; size: number; rdev: [number, number]; data: Buffer }[] = [];
  let off = 0;
  for (;;) {
    const magic = buf.toString('ascii', off, off + 6);
    if (magic !== '070701') throw new Error(`cpio: bad magic at byte ${off}`);
    const f = (k: number) => parseInt(buf.toString('ascii', off + 6 + k * 8, off + 14 + k * 8), 16);
    const nameLen = f(11);
    const size = f(6);
    const name = buf.toString('utf8', off + 110, off + 110 + nameLen - 1);
    let p = off + 110 + nameLen;
    p += (4 - (p % 4)) % 4;
    const data = buf.subarray(p, p + size);
    p += size;
    p += (4 - (p % 4)) % 4;
    if (name === 'TRAILER!!!') return out;
    out.push({ path: name, mode: f(1), size, rdev: [f(9), f(10)], data });
    off = p;
  }
}
