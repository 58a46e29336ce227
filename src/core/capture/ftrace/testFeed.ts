// Test support: format trace_pipe lines and push them through a Dispatcher the way parseTraceFile does.
import type { Dispatcher } from './dispatcher';
import { TraceLine, tokenizeFtrace } from './tokenizer';

/** A trace_pipe line: comm right-aligned to 16, pid padded to 7, 3-digit CPU, 5-char flags, µs timestamp. */
export function ftraceLine(comm: string, pid: number, cpu: number, ts: number, event: string, fields: string): string {
  return `${comm.padStart(16)}-${String(pid).padEnd(7)} [${String(cpu).padStart(3, '0')}] ..... ${ts.toFixed(6).padStart(12)}: ${event}: ${fields}`;
}

/** Tokenizes and dispatches each line (throwing on a line the tokenizer refuses), then finishes the dispatcher. */
export function feed(d: Dispatcher, lines: string[]): void {
  const tl = new TraceLine();
  lines.forEach((text, i) => {
    const b = Buffer.from(text);
    if (!tokenizeFtrace(b, 0, b.length, tl)) throw new Error(`not a trace line: ${text}`);
    tl.lineNo = i + 1;
    d.dispatch(tl);
  });
  d.finish();
}
