// ftrace text pasted into mail or a bug tracker: lines quoted (`> `) and wrapped at ~72 columns, so an event's fields
// (or even its timestamp) continue on the next line. Such a file is rejoined before parsing: a line that is not an
// event continues the event line before it when the two read as one event, or when that event line already read.
// Only files that look wrapped are rewritten; an ordinary trace is never touched. perf script is rejoined the same way
// (old perf printed a kprobe's `(address) args` on its own line); its tab-indented call-chain frames are never joined.
import { HEAD_BYTES, readHead } from '../lineSource';
import { TraceLine, tokenizeFtrace, tokenizePerf } from './tokenizer';

type Tokenizer = typeof tokenizeFtrace;

/** Lines that belong to the formats but carry no event: trace-cmd preamble, `trace` buffer banners, lost-event notes. */
export const NON_EVENT = /^\s*(version = \d+|cpus=\d+|CPU \d+ is empty|#{5} CPU \d+ buffer started #{4}|capturing trace\.\.\.|done)\s*$/;
export const LOST = /LOST (\d+) EVENTS/;
const QUOTE = /^(?:>[ \t]?)+/;
/** The tail of an event's fields: `key=value` pairs, `key: value` pairs or a `(…)` probe address. */
const FIELD_TEXT = /=|:\s|^\(/;
/** Fewer continuations than this (unquoted) are stray lines, not wrapping. */
const MIN_JOINED = 2;
/** Share of the event lines that must be continuations for a file to count as wrapped. */
const MIN_WRAPPED_SHARE = 0.2;

export interface Unwrapped {
  text: string;
  /** Continuation lines joined onto the event before them. */
  joined: number;
  quoted: boolean;
}

/** The rejoined text when `text` looks mail-wrapped (or quoted), else null; `tokenize` says what starts an event
 *  (tokenizePerf for perf script). Linear in the text. */
export function unwrapMail(text: string, tokenize: Tokenizer = tokenizeFtrace): Unwrapped | null {
  const tl = new TraceLine();
  const reads = (l: string) => {
    const b = Buffer.from(l);
    return tokenize(b, 0, b.length, tl);
  };
  let lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const content = lines.filter((l) => l.trim() !== '');
  const quoted = content.length > 0 && content.filter((l) => QUOTE.test(l)).length * 2 > content.length;
  if (quoted) lines = lines.map((l) => l.replace(QUOTE, ''));
  const out: string[] = [];
  let lastRead = false;
  let joined = 0;
  let events = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const t = l.trim();
    if ((tokenize === tokenizePerf && l.startsWith('\t')) || t === '' || t.startsWith('#') || LOST.test(t) || NON_EVENT.test(t)) {
      out.push(l);
      lastRead = false;
      continue;
    }
    if (reads(l)) {
      out.push(l);
      lastRead = true;
      events++;
      continue;
    }
    // An event cut before its name or timestamp: it reads once the next line is added.
    const next = i + 1 < lines.length ? lines[i + 1].trim() : '';
    if (next !== '' && !next.startsWith('#') && !reads(lines[i + 1]) && reads(`${l.replace(/[ \t]+$/, '')} ${next}`)) {
      out.push(`${l.replace(/[ \t]+$/, '')} ${next}`);
      i++;
      lastRead = true;
      events++;
      joined++;
      continue;
    }
    const prev = out.length > 0 ? out[out.length - 1] : '';
    const prevIsText = prev.trim() !== '' && !prev.trim().startsWith('#');
    const both = `${prev.replace(/[ \t]+$/, '')} ${t}`;
    if (prevIsText && ((lastRead && FIELD_TEXT.test(t)) || reads(both))) {
      out[out.length - 1] = both;
      if (!lastRead) events++;
      lastRead = true;
      joined++;
      continue;
    }
    out.push(l);
    lastRead = false;
  }
  if (!quoted && (joined < MIN_JOINED || joined < MIN_WRAPPED_SHARE * events)) return null;
  return { text: out.join('\n'), joined, quoted };
}

/** Largest wrapped trace rejoined in memory (pasted traces are small; a real trace is never wrapped). */
const MAX_WRAPPED_BYTES = 64 << 20;

/** The rejoined bytes of a trace file that looks mail-wrapped, else null. The head decides: its first HEAD_BYTES,
 *  read here unless given (`head`: what format detection read). */
export async function unwrapMailFile(path: string, tokenize: Tokenizer = tokenizeFtrace, head?: Buffer): Promise<(Unwrapped & { bytes: Buffer }) | null> {
  if (!unwrapMail((head ?? (await readHead(path, HEAD_BYTES))).toString('utf8'), tokenize)) return null;
  const u = unwrapMail((await readHead(path, MAX_WRAPPED_BYTES)).toString('utf8'), tokenize);
  return u ? { ...u, bytes: Buffer.from(u.text) } : null;
}
