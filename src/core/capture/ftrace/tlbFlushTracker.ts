// tlb:tlb_flush (x86, arch/x86/mm/tlb.c): counts per CPU, per comm and per reason, and per second of the trace the
// shootdown IPIs kswapd sent beside the anon folios it reclaimed. kswapd's shrink_folio_list() unmaps with
// TTU_BATCH_FLUSH and flushes in try_to_unmap_flush{,_dirty}() → arch_tlbbatch_flush(), which calls flush_tlb_multi()
// (traced `remote IPI send` on kswapd's CPU) only when the batch's mm_cpumask holds another CPU, else flushes locally.
import { EV } from './events';
import { CommCache } from './commCache';
import { key } from './fields';
import type { Dispatcher, Tracker } from './dispatcher';
import type { TraceLine } from './tokenizer';
import type { FieldReader } from './fields';
import type { TlbFlushSummary } from '../types';

/** enum tlb_flush_reason (include/linux/mm_types.h), in its order: the index is the value the event prints. */
export const TLB_FLUSH_REASONS = ['flush on task switch', 'remote shootdown', 'local shootdown', 'local MM shootdown', 'remote IPI send', 'remote wrong CPU'] as const;
export const TLB_REMOTE_SHOOTDOWN = 1;
export const TLB_REMOTE_SEND_IPI = 4;
export const TLB_REMOTE_WRONG_CPU = 5;
const NR_REASONS = TLB_FLUSH_REASONS.length;
/** A `remote shootdown` this soon after kswapd's send on another CPU answers it (the sender waits for the IPIs). */
const ANSWER_S = 1e-3;

const SP = 32;
const LPAREN = 40;
const RPAREN = 41;
const FLAGS = key('flags');

/** The reason code printed as `(N)` at the end of the fields, else the reason's name; -1 when neither reads. */
function reasonOf(buf: Buffer, start: number, end: number): number {
  let e = end;
  while (e > start && buf[e - 1] === SP) e--;
  if (e > start && buf[e - 1] === RPAREN) {
    let v = 0;
    let p = e - 2;
    let digits = 0;
    while (p >= start && buf[p] >= 48 && buf[p] <= 57) v += (buf[p--] - 48) * 10 ** digits++;
    if (digits > 0 && p >= start && buf[p] === LPAREN) return v < NR_REASONS ? v : -1;
  }
  const text = buf.toString('latin1', start, end).toLowerCase();
  return TLB_FLUSH_REASONS.findIndex((r) => text.includes(`reason:${r.toLowerCase()}`));
}

class Bins {
  readonly v: number[] = [];
  add(i: number, n = 1): void {
    while (this.v.length <= i) this.v.push(0);
    this.v[i] += n;
  }
  /** Padded to `n` bins. */
  take(n: number): number[] {
    while (this.v.length < n) this.v.push(0);
    return this.v;
  }
}

export class TlbFlushTracker implements Tracker {
  private readonly perCpu: number[][] = [];
  private readonly byComm = new Map<string, number[]>();
  private readonly comms = new CommCache();
  private readonly perSecond = Array.from({ length: NR_REASONS }, () => new Bins());
  private readonly sent = new Bins();
  private readonly answered = new Bins();
  private readonly anonReclaimed = new Bins();
  private readonly anonBatches = new Bins();
  /** Per CPU, the time of kswapd's last unanswered `remote IPI send` there (NaN: none). */
  private readonly pendingSend: number[] = [];
  private t0 = NaN;
  private lastTs = NaN;
  events = 0;

  constructor(private readonly d: Dispatcher) {
    d.add(this, { [EV.tlbFlush]: (line, f) => this.flush(line, f) });
  }

  private bin(ts: number): number {
    if (this.t0 !== this.t0) this.t0 = Math.floor(this.d.firstTs);
    return Math.max(0, Math.floor(ts - this.t0));
  }

  private isKswapd(line: TraceLine): boolean {
    return this.comms.get(line).startsWith('kswapd');
  }

  private flush(line: TraceLine, f: FieldReader): void {
    const reason = reasonOf(f.buf, f.start, f.end);
    if (reason < 0) return this.d.reject(line);
    this.events++;
    const cpu = line.cpu < 0 ? 0 : line.cpu;
    while (this.perCpu.length <= cpu) this.perCpu.push(new Array(NR_REASONS).fill(0));
    this.perCpu[cpu][reason]++;
    const comm = this.comms.get(line);
    let c = this.byComm.get(comm);
    if (!c) this.byComm.set(comm, (c = new Array(NR_REASONS).fill(0)));
    c[reason]++;
    const b = this.bin(line.ts);
    this.perSecond[reason].add(b);
    this.lastTs = line.ts;
    if (reason === TLB_REMOTE_SEND_IPI && comm.startsWith('kswapd')) {
      this.sent.add(b);
      this.pendingSend[cpu] = line.ts;
    } else if (reason === TLB_REMOTE_SHOOTDOWN) {
      for (let x = 0; x < this.pendingSend.length; x++) {
        const at = this.pendingSend[x];
        if (x === cpu || !(line.ts - at <= ANSWER_S)) continue;
        this.answered.add(this.bin(at));
        this.pendingSend[x] = NaN;
        break;
      }
    }
  }

  /** mm_vmscan_lru_shrink_inactive (chained after its own handler): kswapd's anon folios reclaimed, per second. */
  shrinkInactive(line: TraceLine, f: FieldReader, nrReclaimed: number): void {
    if (!(nrReclaimed > 0) || !this.isKswapd(line) || !f.str(FLAGS)?.includes('ANON')) return;
    const b = this.bin(line.ts);
    this.anonReclaimed.add(b, nrReclaimed);
    this.anonBatches.add(b);
  }

  discontinuity(): void {
    this.pendingSend.fill(NaN);
  }

  /** Undefined when the trace has no tlb_flush event. */
  result(): TlbFlushSummary | undefined {
    if (this.events === 0) return undefined;
    const n = this.bin(Math.max(this.lastTs, this.d.maxTs)) + 1;
    const byComm: Record<string, number[]> = Object.create(null);
    for (const [comm, v] of this.byComm) byComm[comm] = v;
    return {
      reasons: [...TLB_FLUSH_REASONS],
      perCpu: this.perCpu,
      byComm,
      binStartS: this.t0,
      perSecond: this.perSecond.map((x) => x.take(n).slice(0, n)),
      kswapd: {
        ipiSent: this.sent.take(n).slice(0, n),
        ipiAnswered: this.answered.take(n).slice(0, n),
        anonReclaimed: this.anonReclaimed.take(n).slice(0, n),
        anonBatches: this.anonBatches.take(n).slice(0, n),
      },
    };
  }
}
