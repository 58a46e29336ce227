// The comm of a line as a string, decoded once per (pid, comm) rather than once per event: per-comm aggregates in
// the hot trackers then cost a byte comparison instead of a decode.
import type { TraceLine } from './tokenizer';

export class CommCache {
  private readonly byPid = new Map<number, string>();
  private lastPid = -1;
  private lastComm = '';

  get(line: TraceLine): string {
    return this.of(line.pid, line.buf, line.commStart, line.commEnd);
  }

  /** The comm in buf[s, e) of task pid. */
  of(pid: number, buf: Buffer, s: number, e: number): string {
    const cached = pid === this.lastPid ? this.lastComm : this.byPid.get(pid);
    const n = e - s;
    if (cached !== undefined && cached.length === n) {
      let i = 0;
      while (i < n && cached.charCodeAt(i) === buf[s + i]) i++;
      if (i === n) return this.remember(pid, cached);
    }
    const comm = buf.toString('utf8', s, e);
    this.byPid.set(pid, comm);
    return this.remember(pid, comm);
  }

  private remember(pid: number, comm: string): string {
    this.lastPid = pid;
    return (this.lastComm = comm);
  }
}
