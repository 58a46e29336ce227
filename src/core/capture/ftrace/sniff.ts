// Tells the text trace flavours apart from the first ~64 KB, by content only: systrace HTML and atrace by their
// markers, then by which tokenizer accepts most lines (trace-cmd by its preamble).
import type { SourceFormat } from '../types';
import { unwrapMail } from './mailWrap';
import { TraceLine, tokenizeFtrace, tokenizePerf } from './tokenizer';

export type TraceFormat = Extract<SourceFormat, 'ftrace' | 'trace-cmd' | 'perf-script' | 'atrace' | 'systrace-html'>;

const TRACE_CMD_PREAMBLE = /^(version = \d+|cpus=\d+|CPU \d+ is empty)\s*$/;
const PERF_FRAME = /^\t\s*[0-9a-f]+ \S/;

export function sniffTrace(head: string): TraceFormat | null {
  const plain = sniffLines(head);
  if (plain) return plain;
  // Mail-wrapped or quoted ftrace reads once rejoined (parseTraceFile rejoins the same way).
  const unwrapped = unwrapMail(head);
  return unwrapped ? sniffLines(unwrapped.text) : null;
}

function sniffLines(head: string): TraceFormat | null {
  if (/<script\s+class="trace-data"/.test(head)) return 'systrace-html';
  const lines = head.split('\n');
  if (head.length >= 1024 && lines.length > 1) lines.pop(); // the last line may be cut by the head limit
  if (lines.slice(0, 100).some((l) => /^\s*TRACE:\s*$/.test(l))) return 'atrace';
  const tl = new TraceLine();
  let candidates = 0;
  let ftrace = 0;
  let perf = 0;
  let preamble = false;
  for (const raw of lines) {
    const l = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (l.trim() === '' || l.startsWith('#')) continue;
    if (TRACE_CMD_PREAMBLE.test(l)) {
      preamble = true;
      continue;
    }
    if (PERF_FRAME.test(l)) {
      perf++;
      continue;
    }
    candidates++;
    const b = Buffer.from(l, 'utf8');
    if (tokenizeFtrace(b, 0, b.length, tl)) ftrace++;
    else if (tokenizePerf(b, 0, b.length, tl)) perf++;
  }
  if (ftrace > 0 && ftrace >= perf && ftrace * 2 >= candidates) return preamble ? 'trace-cmd' : 'ftrace';
  if (perf > 0 && perf * 2 >= candidates) return 'perf-script';
  return null;
}
