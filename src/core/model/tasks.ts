// The workload's tasks as one closed-loop process: they want what the capture's workload wanted (its intent, see
// workload.ts) and get what the modelled memory gives them. Allocations go through the page allocator; below MIN the
// task enters direct reclaim and allocates nothing meanwhile, so slow reclaim throttles the workload and a faster
// reclaimer lets it catch up (at most at its unconstrained rate). Exits and unmaps free resident pages back to
// their zones and swap slots through zram_slot_free_notify(); swap-ins free zram slots. A swap-in is a fault too
// (do_swap_page() in the faulting task): it comes in the program's order, after the allocations it made before it,
// so a task held up in reclaim swaps in later, not on the capture's clock.
import { directReclaim, memcgReclaim } from './directReclaim';
import { allocPages } from './pageAlloc';
import type { ScenarioContext } from './scenario';
import type { PageSample } from './zram/corpus';
import { DOUBLE_ZERO } from './doubleZero';

/** The allocator's clock for the capture's workload: intent is handed out every millisecond. */
const TICK_NS = 1e6;
/** Pages the memory eater faults in per CPU job. */
const EATER_CHUNK = 256;
// Event priorities at equal times: CPU completions (0), then the tasks' tick.
const P_TICK = 1;

export class Tasks {
  // Fractions of pages: doubles from the start (doubleZero.ts).
  private backlog = DOUBLE_ZERO;
  private memcgBacklog = DOUBLE_ZERO;
  private swapInDebt = DOUBLE_ZERO;
  private swapInZeroDebt = DOUBLE_ZERO;
  private slotFreeDebt = DOUBLE_ZERO;
  private busy = false;
  /** Pages the task in reclaim will take once it returns (still in the backlog). */
  private reclaimingFor = DOUBLE_ZERO;
  private interval = 0;
  /** Swap-ins waiting for the allocations the program made before them: per tick, the intent served by then
   *  (`mark`) and its swap-ins, in order from `pendingHead`. */
  private readonly pendingMark: number[] = [];
  private readonly pendingIn: number[] = [];
  private readonly pendingZero: number[] = [];
  private pendingHead = 0;

  constructor(private readonly ctx: ScenarioContext, private readonly write: (s: PageSample) => number) {}

  start(): void {
    if (this.ctx.w.saturate) this.eat();
    else this.ctx.ev.at(0, P_TICK, this.tick);
  }

  /** One millisecond of the workload's intent: allocations join the backlog, frees and swap traffic happen now. */
  private readonly tick = (): void => {
    const { ctx } = this;
    const { w, rng, swap, node, out } = ctx;
    const t = ctx.ev.now;
    while (this.interval < w.endNs.length - 1 && w.endNs[this.interval] <= t) this.interval++;
    const i = this.interval;
    const begin = i === 0 ? 0 : w.endNs[i - 1];
    const f = TICK_NS / Math.max(1, w.endNs[i] - begin);
    const d = w.globalDemand[i] * f;
    // The program's position before this tick: the intent served so far, and how far behind its intent it is.
    const behind = this.backlog;
    const served = out.totals.intentPages - behind;
    if (d >= 0) {
      this.backlog += d;
      out.totals.intentPages += d;
    } else {
      node.freeTaskPages(-d);
    }
    this.memcgBacklog += w.memcgDemand[i] * f;
    const b = ctx.bin();
    out.memcgBacklog[b] = Math.max(out.memcgBacklog[b], this.memcgBacklog);
    this.swapInsAfter(served, behind, w.swapIn[i] * f, w.swapInZero[i] * f);
    this.slotFreeDebt += w.slotFrees[i] * f;
    let n = Math.floor(this.swapInDebt);
    this.swapInDebt -= n;
    swap.swapIn(n, rng);
    n = Math.floor(this.swapInZeroDebt);
    this.swapInZeroDebt -= n;
    swap.swapInZero(n, rng);
    n = Math.floor(this.slotFreeDebt);
    this.slotFreeDebt -= n;
    const notified = swap.slotFreeNotify(n, rng);
    out.totals.slotFreeNotify += notified;
    // zap_pte_range(): an exiting task frees each page where it is — a swap entry (free_swap_and_cache()) or a
    // present page. Those the replay had not swapped out are still resident here: they go back to the buddy allocator.
    if (notified < n) node.freeTaskPages(n - notified);
    ctx.zsmallocFreed();
    this.serve(Math.max(d, w.maxRatePagesPerS * (TICK_NS / 1e9)));
    out.allocBacklog[b] = Math.max(out.allocBacklog[b], this.backlog);
    this.chargeMemcg();
    ctx.noteFree();
    if (t + TICK_NS < w.durationNs) ctx.ev.at(t + TICK_NS, P_TICK, this.tick);
  };

  /** Serves up to `allowance` pages of the backlog; short at MIN → direct reclaim in the task's context. With
   *  several allocating tasks, the others' faults go on while one reclaims: each task's __alloc_pages() takes what
   *  the free lists have above MIN (get_page_from_freelist()); the model has one of them reclaim at a time. */
  private serve(allowance: number): void {
    const open = this.backlog - this.reclaimingFor;
    if (open <= 0) return;
    if (this.busy) {
      if ((this.ctx.w.directReclaimers ?? 1) > 1) this.took(allocPages(this.ctx, Math.min(open, allowance)).got);
      return;
    }
    const want = Math.min(open, allowance);
    const r = allocPages(this.ctx, want);
    const short = r.short;
    this.took(r.got);
    if (short <= 0) return;
    this.busy = true;
    this.reclaimingFor = short;
    directReclaim(this.ctx, this.ctx.out.tasks, this.write, (reclaimed) => {
      this.reclaimingFor = 0;
      // __alloc_pages_slowpath(): get_page_from_freelist() again after reclaim (the others may have served part).
      const again = allocPages(this.ctx, Math.min(short, this.backlog));
      this.took(again.got);
      // Nothing reclaimable and still below MIN: the request fails (OOM territory) rather than spinning.
      if (reclaimed === 0 && again.short > 0) this.backlog = Math.max(0, this.backlog - again.short);
      this.busy = false;
      this.chargeMemcg();
    });
  }

  /** This tick's swap-ins come after the intent handed out before it (`served` + `behind`): with the program
   *  caught up (less than a page behind) they happen now, else they wait in order until serve() reaches them. */
  private swapInsAfter(served: number, behind: number, swapIn: number, swapInZero: number): void {
    const mark = served + behind;
    if (swapIn > 0 || swapInZero > 0) {
      if (this.pendingHead === this.pendingMark.length && behind < 1) {
        this.swapInDebt += swapIn;
        this.swapInZeroDebt += swapInZero;
      } else {
        this.pendingMark.push(mark);
        this.pendingIn.push(swapIn);
        this.pendingZero.push(swapInZero);
      }
    }
    let h = this.pendingHead;
    while (h < this.pendingMark.length && this.pendingMark[h] < served + 1) {
      this.swapInDebt += this.pendingIn[h];
      this.swapInZeroDebt += this.pendingZero[h];
      h++;
    }
    if (h === this.pendingMark.length && h > 0) {
      this.pendingMark.length = this.pendingIn.length = this.pendingZero.length = 0;
      h = 0;
    }
    this.pendingHead = h;
  }

  private took(n: number): void {
    this.backlog -= n;
    this.ctx.out.served[this.ctx.bin()] += n;
    this.ctx.out.totals.servedPages += n;
  }

  /** memcg charge beyond the limit: try_to_free_mem_cgroup_pages() before the charge succeeds. */
  private chargeMemcg(): void {
    if (this.busy || this.memcgBacklog < 1) return;
    this.busy = true;
    memcgReclaim(this.ctx, this.ctx.out.tasks, this.write, (freed) => {
      this.busy = false;
      if (freed === 0) this.ctx.out.memcgGivenUp[this.ctx.bin()] += this.memcgBacklog;
      this.memcgBacklog = freed === 0 ? 0 : this.memcgBacklog - freed;
      this.chargeMemcg();
    });
  }

  /** `--pressure saturate`: a memory eater faulting pages in on its own core as fast as it can; below MIN it
   *  enters direct reclaim like any task. */
  private eat(): void {
    const { ctx } = this;
    if (ctx.ev.now >= ctx.w.durationNs) return;
    ctx.cpus.run(ctx.out.tasks, EATER_CHUNK * ctx.w.faultNs, () => {
      ctx.out.totals.intentPages += EATER_CHUNK;
      this.backlog += EATER_CHUNK;
      this.fault(EATER_CHUNK);
    });
  }

  /** The eater's page faults: each allocation still short at MIN enters direct reclaim again (one allocstall each)
   *  until the chunk is in, or reclaim frees nothing (the fault would fail: OOM territory). */
  private fault(n: number): void {
    const { ctx } = this;
    const r = allocPages(ctx, n);
    const short = r.short;
    this.took(r.got);
    if (short <= 0) return this.eat();
    directReclaim(ctx, ctx.out.tasks, this.write, (reclaimed) => {
      if (reclaimed === 0 && ctx.node.fails('min')) {
        this.backlog = 0;
        return this.eat();
      }
      this.fault(short);
    });
  }
}
