// Android `atrace` stdout: a preamble (`capturing trace... done`), a line `TRACE:`, then ftrace text. Output made
// with -z is zlib-compressed after the marker, which a line reader cannot use: say so instead of counting garbage.
import { CaptureError } from '../../errors';

const MARKER = Buffer.from('TRACE:');

export class AtraceUnwrapper {
  end = 0;
  private inTrace = false;
  private markerLine = 0;
  constructor(private readonly path: string) {}

  /** Start of trace content in the line, or -1 for a line that is not trace text. */
  next(buf: Buffer, start: number, end: number, lineNo: number): number {
    if (this.inTrace) {
      // zlib header 0x78 then a byte making the 16-bit header a multiple of 31.
      if (end - start >= 2 && buf[start] === 0x78 && ((buf[start] << 8) | buf[start + 1]) % 31 === 0 && lineNo <= this.markerLine + 1) {
        throw new CaptureError(this.path, lineNo, 'atrace output is zlib-compressed (atrace -z); capture without -z or inflate it first');
      }
      this.end = end;
      return start;
    }
    let s = start;
    while (s < end && buf[s] === 32) s++;
    if (end - s >= MARKER.length && MARKER.compare(buf, s, s + MARKER.length) === 0) {
      this.inTrace = true;
      this.markerLine = lineNo;
    }
    return -1;
  }
}
