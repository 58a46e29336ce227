// Types for the parts of lz4js (no bundled typings) that the zram model uses: the raw block API.
declare module 'lz4js' {
  /** Compresses src[sIndex, sIndex+sLength) into dst from 0; returns the length, or 0 when nothing matched. */
  export function compressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, hashTable: Uint32Array): number;
  /** Decompresses src[sIndex, sIndex+sLength) into dst from dIndex; returns the end index in dst. */
  export function decompressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, dIndex: number): number;
  export function compressBound(n: number): number;
}
