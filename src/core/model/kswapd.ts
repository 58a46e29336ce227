// kswapd0 (mm/vmscan.c kswapd()): sleeps until wakeup_kswapd(), then runs balance_pgdat() passes from DEF_PRIORITY,
// each scanning lru_size >> priority pages in SWAP_CLUSTER_MAX batches on the shared cores, and tries to sleep
// (kswapd_try_to_sleep(): a HZ/10 nap, then a full sleep if the node is still balanced).
import type { Task } from './cpus';
import { queuedToWorker } from './kcompressd';
import { allowDirectReclaim } from './pageAlloc';
import { DEF_PRIORITY, HZ_NS, MAX_RECLAIM_RETRIES, SWAP_CLUSTER_MAX, type ScenarioContext } from './scenario';
import { applyBatch, applySyncWrites, newBatch, PageList, scanTarget, shrinkFolioList, type Batch } from './vmscan';
import type { PageSample } from './zram/corpus';
import { DOUBLE_ZERO } from './doubleZero';

type State = 'sleeping' | 'napping' | 'running' | 'throttled';

// Event priority of kswapd's own timers at equal times (after CPU completions).
const P_TIMER = 1;

export class Kswapd {
  state: State = 'sleeping';
  /** pgdat->kswapd_failures: balance_pgdat() runs that reclaimed nothing; reset by any reclaim progress. */
  failures = 0;
  private priority = DEF_PRIORITY;
  private passTarget = 0;
  private passScanned = 0;
  private passReclaimed = 0;
  private runReclaimed = 0;
  private passImmediate = 0;
  private passWriteback = 0;
  private passTaken = 0;
  private nrToReclaim = 0;
  // A share and a time: doubles from the start (doubleZero.ts), set in the constructor.
  private anonShare = DOUBLE_ZERO;
  private awakeSince = DOUBLE_ZERO;
  /** balance_pgdat()'s zone_boosts[]: the boosts when the run began, taken off at its end. */
  private zoneBoosts: number[] = [];
  /** Bumped on every state change so a stale nap or throttle timer does nothing. */
  private epoch = 0;
  private wbSinceThrottle = 0;
  /** The batch shrinkFolioList() refills (see batch()). */
  private readonly scratch = newBatch();
  /** A batch's folios kcompressd refused (-EBUSY), refilled batch after batch: kswapd has one batch in flight. */
  private readonly busy = new PageList();

  constructor(private readonly ctx: ScenarioContext, private readonly task: Task, private readonly write: (s: PageSample) => number) {
    this.anonShare = 1;
    this.awakeSince = 0;
  }

  /** wakeup_kswapd(): only a sleeping (or napping) kswapd is woken, not a hopeless node (kswapd_failures ≥
   *  MAX_RECLAIM_RETRIES) nor a balanced one whose watermarks are not boosted (pgdat_watermark_boosted()); each real wake-up is one mm_vmscan_wakeup_kswapd. */
  wakeup(): void {
    if (this.state !== 'sleeping' && this.state !== 'napping') return;
    const node = this.ctx.node;
    if (this.failures >= MAX_RECLAIM_RETRIES || (node.balanced() && !node.boosted)) return;
    this.ctx.out.totals.wakeupRequests++;
    if (this.state === 'sleeping') {
      this.awakeSince = this.ctx.ev.now;
      this.ctx.out.kswapdWakes[this.ctx.bin()]++;
    }
    this.balancePgdat();
  }

  /** kswapd already in balance_pgdat() when the capture began: it stays there until pgdat_balanced(), as a woken
   *  kswapd does, its awake span starting at t = 0 (no mm_vmscan_wakeup_kswapd: that wake-up came before). */
  runningAtStart(): void {
    if (this.state !== 'sleeping' || this.ctx.node.balanced()) return;
    this.ctx.out.kswapdWakes[this.ctx.bin()]++;
    this.balancePgdat();
  }

  /** reclaim_throttle() waiters are woken once SWAP_CLUSTER_MAX folios finished writeback (__acct_reclaim_writeback()). */
  writebackDone(n: number): void {
    if (this.state !== 'throttled') return;
    this.wbSinceThrottle += n;
    if (this.wbSinceThrottle >= SWAP_CLUSTER_MAX) this.endThrottle();
  }

  /** One kswapd() loop turn: mm_vmscan_kswapd_wake, then balance_pgdat(). */
  private balancePgdat(): void {
    const ctx = this.ctx;
    this.state = 'running';
    this.epoch++;
    ctx.out.totals.kswapdWakes++;
    this.priority = DEF_PRIORITY;
    this.runReclaimed = 0;
    this.zoneBoosts = ctx.node.boosts();
    this.pass();
  }

  /** One priority pass: stop if pgdat_balanced(), else kswapd_shrink_node() with nr_to_reclaim = Σ max(high, 32). */
  private pass(): void {
    const ctx = this.ctx;
    if (ctx.node.balanced()) return this.trySleep();
    const t = scanTarget(ctx, this.priority);
    this.passTarget = t.pages;
    this.anonShare = t.anonShare;
    this.passScanned = 0;
    this.passReclaimed = 0;
    this.passImmediate = 0;
    this.passWriteback = 0;
    this.passTaken = 0;
    this.nrToReclaim = ctx.node.highSum;
    if (this.priority < ctx.out.totals.minPriority) ctx.out.totals.minPriority = this.priority;
    this.batch();
  }

  /** shrink_lruvec(): SWAP_CLUSTER_MAX batches until the pass's target is scanned (kswapd does not stop at
   *  nr_to_reclaim before it has scanned the target unless it reclaimed that much). */
  private batch(): void {
    const left = this.passTarget - this.passScanned;
    if (left <= 0 || this.passReclaimed >= this.nrToReclaim) return this.endPass();
    const kc = this.ctx.kcompressd;
    // kswapd has one batch in flight: the last one is applied and its lists read before the next is scanned.
    const b = shrinkFolioList(this.ctx, Math.min(SWAP_CLUSTER_MAX, left), 'kswapd', this.anonShare, kc !== undefined, this.write, false, this.scratch);
    this.ctx.cpus.runWith(this.task, b.cpuNs, this.batchDone, b);
  }

  private readonly batchDone = (b: Batch): void => {
    const ctx = this.ctx;
    applyBatch(ctx, b, 'kswapd');
    this.passScanned += b.scanAnon + b.scanFile;
    this.passReclaimed += b.stealAnon + b.stealFile;
    this.passImmediate += b.immediate;
    this.passWriteback += b.writeback + b.immediate;
    this.passTaken += b.scanAnon + b.scanFile;
    const busy = this.busy;
    busy.length = 0;
    const kc = ctx.kcompressd!;
    let queued = 0;
    for (let k = 0; k < b.queue.length; k++) {
      const s = b.queue.items[k];
      if (kc.submit(s)) queued++;
      else busy.push(s);
    }
    // Nothing the submits run now reads the LRU's counts: they are added once for the batch.
    if (queued > 0) queuedToWorker(ctx, kc.policy, queued);
    if (busy.length === 0) return this.batch();
    // -EBUSY: zram_submit_bio() writes these pages in kswapd's own context.
    let ns = 0;
    for (let k = 0; k < busy.length; k++) ns += this.write(busy.items[k]);
    ctx.cpus.runWith(this.task, ns, this.syncWritten, busy);
  };

  /** The -EBUSY pages kswapd wrote itself: stored and freed, then the next batch. */
  private readonly syncWritten = (busy: PageList): void => {
    this.passReclaimed += applySyncWrites(this.ctx, busy.items, busy.length);
    this.batch();
  };

  /** End of kswapd_shrink_node(): PGDAT_WRITEBACK when every isolated folio was under writeback; nr_immediate
   *  throttles kswapd (reclaim_throttle(VMSCAN_THROTTLE_WRITEBACK)); the priority rises when the pass scanned less
   *  than nr_to_reclaim or reclaimed nothing. */
  private endPass(): void {
    const ctx = this.ctx;
    this.wakePfmemalloc();
    this.runReclaimed += this.passReclaimed;
    if (this.passWriteback > 0 && this.passWriteback === this.passTaken) ctx.lru.pgdatWriteback = true;
    if (this.passScanned < this.nrToReclaim || this.passReclaimed === 0) this.priority--;
    if (this.passImmediate > 0) return this.throttle();
    this.nextPass();
  }

  private nextPass(): void {
    if (this.priority >= 1) return this.pass();
    if (this.runReclaimed === 0) this.failures++;
    if (this.failures > this.ctx.out.totals.kswapdFailures) this.ctx.out.totals.kswapdFailures = this.failures;
    this.trySleep();
  }

  /** reclaim_throttle(): sleep until writeback progress or HZ/10. */
  private throttle(): void {
    this.state = 'throttled';
    const epoch = ++this.epoch;
    this.wbSinceThrottle = 0;
    const since = this.ctx.ev.now;
    this.throttleStart = since;
    this.ctx.ev.after(HZ_NS / 10, P_TIMER, () => {
      if (this.epoch === epoch) this.endThrottle();
    });
  }

  private throttleStart = DOUBLE_ZERO;

  private endThrottle(): void {
    this.ctx.out.totals.kswapdThrottledNs += this.ctx.ev.now - this.throttleStart;
    this.state = 'running';
    this.epoch++;
    this.nextPass();
  }

  /** prepare_kswapd_sleep(): the node is balanced (clear PGDAT_WRITEBACK) or hopeless. */
  private canSleep(): boolean {
    if (this.failures >= MAX_RECLAIM_RETRIES) return true;
    if (!this.ctx.node.balanced()) return false;
    this.ctx.lru.pgdatWriteback = false;
    return true;
  }

  /** kswapd_try_to_sleep(): nap HZ/10 when balanced; still balanced at its end → mm_vmscan_kswapd_sleep and sleep
   *  until wakeup_kswapd(); otherwise straight back into balance_pgdat(). */
  private trySleep(): void {
    // balance_pgdat()'s end: the boosts it began with are spent (a balanced node's boosted, no-swap pass is not
    // replayed: it reclaims file pages only).
    this.ctx.node.unboost(this.zoneBoosts);
    this.zoneBoosts = [];
    // prepare_kswapd_sleep(): no task may sleep on pfmemalloc_wait while kswapd does; wake them all.
    this.wakePfmemalloc(true);
    if (!this.canSleep()) return this.balancePgdat();
    this.state = 'napping';
    const epoch = ++this.epoch;
    this.ctx.ev.after(HZ_NS / 10, P_TIMER, () => {
      if (this.epoch !== epoch) return;
      if (!this.canSleep()) return this.balancePgdat();
      this.state = 'sleeping';
      this.epoch++;
      const out = this.ctx.out;
      out.totals.kswapdSleeps++;
      out.kswapdSleeps[this.ctx.bin()]++;
      this.closeAwake(this.ctx.ev.now);
    });
  }

  /** balance_pgdat() wakes the tasks throttled in throttle_direct_reclaim() after each kswapd_shrink_node() once
   *  allow_direct_reclaim() holds; prepare_kswapd_sleep() wakes them all (`all`). */
  private wakePfmemalloc(all = false): void {
    const waiters = this.ctx.pfmemallocWait;
    if (waiters.length === 0 || (!all && !allowDirectReclaim(this.ctx))) return;
    for (const w of waiters.splice(0)) w();
  }

  /** Closes the awake span still open at the end of the run. */
  finish(): void {
    if (this.state !== 'sleeping') this.closeAwake(this.ctx.out.durationNs);
  }

  private closeAwake(end: number): void {
    const out = this.ctx.out;
    out.kswapdAwake.start.push(this.awakeSince);
    out.kswapdAwake.end.push(end);
    for (let t = this.awakeSince; t < end;) {
      const b = Math.floor(t / out.binNs);
      if (b >= out.bins) break;
      const e = Math.min(end, (b + 1) * out.binNs);
      out.kswapdAwakeNs[b] += e - t;
      t = e;
    }
  }
}
