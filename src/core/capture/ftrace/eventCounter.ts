// Interns event names by (hash, length, bytes) so the hot loop never decodes a name, and counts every event.
import { stringHash } from './tokenizer';

export class EventEntry<H> {
  count = 0;
  readonly bytes: Buffer;
  constructor(readonly name: string, public handler: H | null, readonly known: boolean) {
    this.bytes = Buffer.from(name, 'latin1');
  }
}

export class EventCounter<H> {
  private readonly byHash = new Map<number, EventEntry<H>[]>();

  /** Registers a handled event (before parsing starts). */
  define(name: string, handler: H): EventEntry<H> {
    const h = stringHash(name);
    const found = this.byHash.get(h)?.find((e) => e.name === name);
    if (found) throw new Error(`event ${name} has two handlers`);
    const e = new EventEntry<H>(name, handler, true);
    this.add(h, e);
    return e;
  }

  /** The entry for the name in buf[start, end) whose eventHash is `hash`, created (unknown) on first sight. */
  lookup(buf: Buffer, start: number, end: number, hash: number): EventEntry<H> {
    const list = this.byHash.get(hash);
    if (list) {
      for (let i = 0; i < list.length; i++) {
        const e = list[i];
        if (e.bytes.length === end - start && sameBytes(e.bytes, buf, start)) return e;
      }
    }
    const e = new EventEntry<H>(buf.toString('latin1', start, end), null, false);
    this.add(hash, e);
    return e;
  }

  private add(h: number, e: EventEntry<H>): void {
    const list = this.byHash.get(h);
    if (list) list.push(e);
    else this.byHash.set(h, [e]);
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

function sameBytes(a: Uint8Array, buf: Uint8Array, start: number): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== buf[start + i]) return false;
  return true;
}
