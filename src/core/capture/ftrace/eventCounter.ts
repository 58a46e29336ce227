// Interns event names by two independent 30-bit hashes plus the length (a false match needs both hashes to collide,
// about 2^-60 per pair of names), so the hot loop neither decodes nor compares a name; the last entry is tried first
// because events come in runs.
import { eventHash, eventHash2 } from './tokenizer';

export class EventEntry<H> {
  count = 0;
  readonly length: number;
  readonly hash: number;
  readonly hash2: number;
  constructor(readonly name: string, public handler: H | null, readonly known: boolean) {
    const b = Buffer.from(name, 'latin1');
    this.length = b.length;
    this.hash = eventHash(b, 0, b.length);
    this.hash2 = eventHash2(b, 0, b.length);
  }
}

export class EventCounter<H> {
  private readonly byHash = new Map<number, EventEntry<H>[]>();
  private last: EventEntry<H> | null = null;

  /** Registers a known event (before parsing starts); a null handler counts it only. */
  define(name: string, handler: H | null): EventEntry<H> {
    const e = new EventEntry<H>(name, handler, true);
    if (this.byHash.get(e.hash)?.some((o) => o.name === name)) throw new Error(`event ${name} has two handlers`);
    this.add(e);
    return e;
  }

  /** The entry for the name in buf[start, end) with hashes (hash, hash2), created (unknown) on first sight. */
  lookup(buf: Buffer, start: number, end: number, hash: number, hash2: number): EventEntry<H> {
    const len = end - start;
    const last = this.last;
    if (last !== null && last.hash === hash && last.hash2 === hash2 && last.length === len) return last;
    const list = this.byHash.get(hash);
    if (list) {
      for (let i = 0; i < list.length; i++) {
        const e = list[i];
        if (e.hash2 === hash2 && e.length === len) return (this.last = e);
      }
    }
    const e = new EventEntry<H>(buf.toString('latin1', start, end), null, false);
    this.add(e);
    return (this.last = e);
  }

  private add(e: EventEntry<H>): void {
    const list = this.byHash.get(e.hash);
    if (list) list.push(e);
    else this.byHash.set(e.hash, [e]);
  }
  private entries(): EventEntry<H>[] {
    return [...this.byHash.values()].flat().filter((e) => e.count > 0).sort((a, b) => b.count - a.count);
  }

  /** Count per event name, known and unknown, most frequent first. */
  counts(): Record<string, number> {
    return Object.fromEntries(this.entries().map((e) => [e.name, e.count]));
  }

  /** Counts of events no tracker handles. */
  unknown(): Record<string, number> {
    return Object.fromEntries(this.entries().filter((e) => !e.known).map((e) => [e.name, e.count]));
  }
}
