// systrace HTML: trace text sits in `<script class="trace-data" type="application/text">` … `</script>` blocks (one
// per data source). Blocks holding JSON (Chrome trace events) rather than ftrace text are skipped.
const OPEN = /<script\s+class="trace-data"\s+type="application\/text">/;
const CLOSE = Buffer.from('</script>');

export class SystraceUnwrapper {
  /** End of the trace content of the last line next() accepted. */
  end = 0;
  private inBlock = false;
  private blockStarted = false;
  private json = false;

  /** Start of trace content in the line, or -1 for HTML around the blocks and for JSON blocks. */
  next(buf: Buffer, start: number, end: number): number {
    if (!this.inBlock) {
      const text = buf.toString('latin1', start, end);
      const m = OPEN.exec(text);
      if (!m) return -1;
      this.inBlock = true;
      this.blockStarted = false;
      this.json = false;
      start += m.index + m[0].length;
    }
    const close = buf.indexOf(CLOSE, start);
    if (close !== -1 && close < end) {
      this.inBlock = false;
      end = close;
    }
    let s = start;
    while (s < end && (buf[s] === 32 || buf[s] === 9)) s++;
    if (s === end) return -1;
    if (!this.blockStarted) {
      this.blockStarted = true;
      this.json = buf[s] === 0x7b || buf[s] === 0x5b;
    }
    this.end = end;
    return this.json ? -1 : start;
  }
}
