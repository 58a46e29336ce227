// Reclaim in the allocating task's own context: global direct reclaim (__alloc_pages_direct_reclaim() →
// try_to_free_pages()) and memcg reclaim (try_to_free_mem_cgroup_pages()). Both compress synchronously on the
// task's CPU: kcompressd only ever takes kswapd's writes.
import type { Task } from './cpus';
import { allowDirectReclaim } from './pageAlloc';
import { DEF_PRIORITY, HZ_NS, SWAP_CLUSTER_MAX, type ScenarioContext } from './scenario';
import { applyBatch, scanTarget, shrinkFolioList } from './vmscan';
import type { PageSample } from './zram/corpus';

/** Batches one memcg reclaim call may take before giving up (12 priorities × a few batches each). */
const MEMCG_MAX_BATCHES = DEF_PRIORITY * 4;
const P_TIMER = 1;

/** The allocation's context: a kernel thread (PF_KTHREAD) and the gfp mask's __GFP_IO. */
export interface ReclaimContext {
  kthread?: boolean;
  /** GFP_NOIO: no __GFP_IO, so anon folios cannot be added to the swap cache. */
  noio?: boolean;
}

/** throttle_direct_reclaim(): below half the pfmemalloc reserve the task wakes kswapd and waits on pfmemalloc_wait
 *  until balance_pgdat() lets it in. A caller without __GFP_FS (GFP_NOIO) waits at most HZ
 *  (wait_event_interruptible_timeout()); a user page fault (GFP_HIGHUSER_MOVABLE has __GFP_FS) waits in
 *  wait_event_killable(), for as long as kswapd takes. Kernel threads are never throttled. */
function throttleDirectReclaim(ctx: ScenarioContext, rc: ReclaimContext, then: () => void): void {
  if (rc.kthread || allowDirectReclaim(ctx)) return then();
  ctx.kswapd.wakeup();
  const start = ctx.ev.now;
  let done = false;
  const go = () => {
    if (done) return;
    done = true;
    ctx.out.totals.directThrottledNs += ctx.ev.now - start;
    then();
  };
  ctx.pfmemallocWait.push(go);
  if (rc.noio) ctx.ev.after(HZ_NS, P_TIMER, go);
}

/** try_to_free_pages() → do_try_to_free_pages(): allocstall, then priority passes from DEF_PRIORITY down to 0 (the
 *  last pass scans the whole LRU; kswapd stops at 1), each scanning up to lru_size >> priority in SWAP_CLUSTER_MAX
 *  batches, until SWAP_CLUSTER_MAX pages are reclaimed. */
export function directReclaim(ctx: ScenarioContext, task: Task, write: (s: PageSample) => number, done: (reclaimed: number) => void,
  rc: ReclaimContext = {}): void {
  const out = ctx.out;
  const start = ctx.ev.now;
  out.totals.allocstalls++;
  out.allocstalls[ctx.bin()]++;
  let priority = DEF_PRIORITY;
  let reclaimed = 0;
  let target = 0;
  let scanned = 0;
  let share = 1;
  const finish = () => {
    out.totals.directNs += ctx.ev.now - start;
    out.directNs[ctx.bin()] += ctx.ev.now - start;
    done(reclaimed);
  };
  const nextPriority = (): void => {
    if (reclaimed >= SWAP_CLUSTER_MAX || priority < 0) return finish();
    const t = scanTarget(ctx, priority);
    target = t.pages;
    share = t.anonShare;
    scanned = 0;
    priority--;
    batch();
  };
  const batch = (): void => {
    if (scanned >= target) return nextPriority();
    const b = shrinkFolioList(ctx, Math.min(SWAP_CLUSTER_MAX, target - scanned), 'direct', share, false, write, rc.noio);
    ctx.cpus.run(task, b.cpuNs, () => {
      applyBatch(ctx, b, 'direct');
      scanned += b.scanAnon + b.scanFile;
      reclaimed += b.stealAnon + b.stealFile;
      if (reclaimed >= SWAP_CLUSTER_MAX) return finish();
      batch();
    });
  };
  throttleDirectReclaim(ctx, rc, nextPriority);
}

/** try_to_free_mem_cgroup_pages(): batches on the cgroup's own LRU until SWAP_CLUSTER_MAX pages are reclaimed; the
 *  pages are charged again by the task at once, so the node's free pages do not change. */
export function memcgReclaim(ctx: ScenarioContext, task: Task, write: (s: PageSample) => number, done: (reclaimed: number) => void): void {
  const out = ctx.out;
  const start = ctx.ev.now;
  out.totals.memcgCalls++;
  let reclaimed = 0;
  let batches = 0;
  const step = (): void => {
    if (reclaimed >= SWAP_CLUSTER_MAX || batches >= MEMCG_MAX_BATCHES) {
      out.totals.memcgNs += ctx.ev.now - start;
      out.memcgNs[ctx.bin()] += ctx.ev.now - start;
      return done(reclaimed);
    }
    batches++;
    const b = shrinkFolioList(ctx, SWAP_CLUSTER_MAX, 'memcg', ctx.w.scanAnonShare, false, write);
    if (b.scanAnon + b.scanFile === 0) { batches = MEMCG_MAX_BATCHES; return step(); }
    ctx.cpus.run(task, b.cpuNs, () => {
      applyBatch(ctx, b, 'memcg');
      reclaimed += b.stealAnon + b.stealFile;
      step();
    });
  };
  step();
}
