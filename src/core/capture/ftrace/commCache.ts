// The comm of a line as a string, decoded once per (pid, comm) rather than once per event: per-comm aggregates in
// the hot trackers then cost a word comparison of the bytes instead of a decode.
import { BytePattern } from './bytePattern';
import type { TraceLine } from './tokenizer';

/** Comms kept per pid: enough for swapper/<cpu> on the usual core counts, bounded against pid reuse. */
const MAX_COMMS_PER_PID = 16;

/** Direct-mapped slots by pid in front of the Map: sched_switch alternates two pids per event, and a Map lookup
 * costs several times an array load. */
const SLOTS = 256;

class Comm {
  readonly depth: number;
  constructor(readonly pid: number, readonly text: string, readonly bytes: BytePattern, readonly next: Comm | undefined) {
    this.depth = next ? next.depth + 1 : 1;
  }
}

export class CommCache {
  /** Per pid, the comms seen, most recent first: pid 0 is `swapper/<cpu>` on every CPU, and exec renames a task. */
  private readonly byPid = new Map<number, Comm>();
  private readonly slots: (Comm | undefined)[] = new Array(SLOTS).fill(undefined);

  get(line: TraceLine): string {
    return this.of(line.pid, line.buf, line.commStart, line.commEnd);
  }

  /** The comm in buf[s, e) of task pid. */
  of(pid: number, buf: Buffer, s: number, e: number): string {
    const slot = pid & (SLOTS - 1);
    const cached = this.slots[slot];
    let head = cached !== undefined && cached.pid === pid ? cached : this.byPid.get(pid);
    let c = head;
    while (c !== undefined && (c.bytes.length !== e - s || !c.bytes.matchesAt(buf, s))) c = c.next;
    if (c === undefined) {
      const rest = head && head.depth < MAX_COMMS_PER_PID ? head : undefined;
      head = c = new Comm(pid, buf.toString('utf8', s, e), BytePattern.of(buf.subarray(s, e)), rest);
      this.byPid.set(pid, c);
    }
    this.slots[slot] = head;
    return c.text;
  }
}
