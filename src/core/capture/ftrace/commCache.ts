// The comm of a line as a string, decoded once per (pid, comm) rather than once per event: per-comm aggregates in
// the hot trackers then cost a byte comparison instead of a decode.
import type { TraceLine } from './tokenizer';

export class CommCache {
  private readonly byPid = new Map<number, string>();
  private lastPid = -1;
  private lastComm = '';

  get(line: TraceLine): string {
    const cached = line.pid === this.lastPid ? this.lastComm : this.byPid.get(line.pid);
    const buf = line.buf;
    const s = line.commStart;
    const n = line.commEnd - s;
    if (cached !== undefined && cached.length === n) {
      let i = 0;
      while (i < n && cached.charCodeAt(i) === buf[s + i]) i++;
      if (i === n) return this.remember(line.pid, cached);
    }
    const comm = line.comm();
    this.byPid.set(line.pid, comm);
    return this.remember(line.pid, comm);
  }

  private remember(pid: number, comm: string): string {
    this.lastPid = pid;
    return (this.lastComm = comm);
  }
}
