// Real LZ4 block compression of one 4 KiB page with lz4js, reusing preallocated buffers.
import { compressBlock, compressBound, decompressBlock } from 'lz4js';
import { PAGE_SIZE } from './pageClasses';

export class Lz4PageCompressor {
  private readonly hashTable = new Uint32Array(1 << 16);
  private readonly out = new Uint8Array(compressBound(PAGE_SIZE));
  private lastLength = 0;
  private readonly back = new Uint8Array(PAGE_SIZE);

  /** Compressed length of `page` in bytes; PAGE_SIZE when LZ4 cannot shrink it (the caller stores the page raw). */
  compress(page: Uint8Array): number {
    if (page.length !== PAGE_SIZE) throw new RangeError(`page must be ${PAGE_SIZE} bytes, got ${page.length}`);
    // lz4js keeps absolute positions in the table: a table left over from another block yields corrupt output
    // (toolchain.md §6), so it is cleared before every page.
    this.hashTable.fill(0);
    const n = compressBlock(page, this.out, 0, PAGE_SIZE, this.hashTable);
    this.lastLength = n === 0 || n >= PAGE_SIZE ? PAGE_SIZE : n;
    return this.lastLength;
  }

  /** Decompresses the last compressed block and compares it with `page` (raw-stored pages trivially match). */
  verifyLast(page: Uint8Array): boolean {
    if (this.lastLength === PAGE_SIZE) return true;
    const end = decompressBlock(this.out, this.back, 0, this.lastLength, 0);
    if (end !== PAGE_SIZE) return false;
    for (let i = 0; i < PAGE_SIZE; i++) if (this.back[i] !== page[i]) return false;
    return true;
  }
}
