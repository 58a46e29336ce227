// Typed records of the trace events the trackers read, for every kernel print format in the notes (3.x–6.x vmscan,
// kernel and trace-cmd-plugin sched formats, atrace marks). Readers fill one scratch record per event type (valid until
// the next call of the same reader), so the hot path allocates nothing. Absent numeric fields are NaN.
import { key, type FieldReader } from './fields';
import type { CommCache } from './commCache';

export const EV = {
  kswapdSleep: 'mm_vmscan_kswapd_sleep',
  kswapdWake: 'mm_vmscan_kswapd_wake',
  wakeupKswapd: 'mm_vmscan_wakeup_kswapd',
  directBegin: 'mm_vmscan_direct_reclaim_begin',
  directEnd: 'mm_vmscan_direct_reclaim_end',
  memcgBegin: 'mm_vmscan_memcg_reclaim_begin',
  memcgEnd: 'mm_vmscan_memcg_reclaim_end',
  softlimitBegin: 'mm_vmscan_memcg_softlimit_reclaim_begin',
  softlimitEnd: 'mm_vmscan_memcg_softlimit_reclaim_end',
  nodeBegin: 'mm_vmscan_node_reclaim_begin',
  nodeEnd: 'mm_vmscan_node_reclaim_end',
  lruIsolate: 'mm_vmscan_lru_isolate',
  writeFolio: 'mm_vmscan_write_folio',
  writepage: 'mm_vmscan_writepage',
  shrinkInactive: 'mm_vmscan_lru_shrink_inactive',
  shrinkActive: 'mm_vmscan_lru_shrink_active',
  reclaimPages: 'mm_vmscan_reclaim_pages',
  throttled: 'mm_vmscan_throttled',
  schedSwitch: 'sched_switch',
  schedWakeup: 'sched_wakeup',
  schedWakeupNew: 'sched_wakeup_new',
  schedWaking: 'sched_waking',
  markWrite: 'tracing_mark_write',
  tlbFlush: 'tlb_flush',
} as const;

/** Field names as pre-encoded keys. */
const K = {
  classzone: key('classzone'),
  classzone_idx: key('classzone_idx'),
  comm: key('comm'),
  file: key('file'),
  flags: key('flags'),
  gfp_flags: key('gfp_flags'),
  isolate_mode: key('isolate_mode'),
  lru: key('lru'),
  may_writepage: key('may_writepage'),
  next_comm: key('next_comm'),
  next_pid: key('next_pid'),
  next_prio: key('next_prio'),
  nid: key('nid'),
  nr_activate: key('nr_activate'),
  nr_activate_anon: key('nr_activate_anon'),
  nr_activate_file: key('nr_activate_file'),
  nr_active: key('nr_active'),
  nr_congested: key('nr_congested'),
  nr_deactivated: key('nr_deactivated'),
  nr_dirty: key('nr_dirty'),
  nr_immediate: key('nr_immediate'),
  nr_reclaimed: key('nr_reclaimed'),
  nr_ref_keep: key('nr_ref_keep'),
  nr_referenced: key('nr_referenced'),
  nr_requested: key('nr_requested'),
  nr_scanned: key('nr_scanned'),
  nr_skipped: key('nr_skipped'),
  nr_taken: key('nr_taken'),
  nr_unmap_fail: key('nr_unmap_fail'),
  nr_writeback: key('nr_writeback'),
  order: key('order'),
  pfn: key('pfn'),
  pid: key('pid'),
  prev_comm: key('prev_comm'),
  prev_pid: key('prev_pid'),
  prev_prio: key('prev_prio'),
  prev_state: key('prev_state'),
  prio: key('prio'),
  priority: key('priority'),
  reason: key('reason'),
  target_cpu: key('target_cpu'),
  usec_delayed: key('usec_delayed'),
  usec_timeout: key('usec_timeout'),
  usect_delayed: key('usect_delayed'),
  zid: key('zid'),
};

export interface KswapdSleep { nid: number }
export interface KswapdWake { nid: number; order: number; zid: number }
export interface WakeupKswapd { nid: number; zid: number; order: number; gfpFlags: string | undefined }
/** direct / memcg / softlimit / node reclaim begin; pre-4.x adds may_writepage and classzone_idx. */
export interface ReclaimBegin { nid: number; order: number; gfpFlags: string | undefined; mayWritepage: number; classzoneIdx: number }
export interface ReclaimEnd { nrReclaimed: number }
export interface LruIsolate {
  isolateMode: number; // up to ≈6.6
  classzone: number;
  order: number;
  nrRequested: number;
  nrScanned: number;
  nrSkipped: number;
  nrTaken: number;
  /** `inactive_anon` … (4.10+), `ia_anon` … (4.7 dev), or derived from 4.9-era `file=`. */
  lru: string | undefined;
  anon: boolean | undefined;
}
export interface WriteFolio { pfn: number; anon: boolean | undefined }
export interface ShrinkInactive {
  nid: number;
  nrScanned: number;
  nrReclaimed: number;
  nrDirty: number;
  nrWriteback: number;
  nrCongested: number;
  nrImmediate: number;
  nrActivateAnon: number;
  nrActivateFile: number;
  /** 4.15–5.1 single counter; else NaN. */
  nrActivate: number;
  nrRefKeep: number;
  nrUnmapFail: number;
  priority: number;
  anon: boolean | undefined;
}
export interface ShrinkActive { nid: number; nrTaken: number; nrActive: number; nrDeactivated: number; nrReferenced: number; priority: number; anon: boolean | undefined }
export interface ReclaimPages { nid: number; nrScanned: number; nrReclaimed: number }
export interface Throttled { nid: number; usecTimeout: number; usecDelayed: number; reason: string | undefined }
export interface SchedSwitch {
  prevComm: string;
  prevPid: number;
  prevPrio: number;
  /** Letters as printed (`S`, `R+`, `D|K`…); the raw `-r` form gives a number as text. */
  prevState: string;
  nextComm: string;
  nextPid: number;
  nextPrio: number;
}
export interface SchedWakeup { comm: string; pid: number; prio: number; targetCpu: number }
export interface TraceMark { kind: 'B' | 'E' | 'C' | 'other'; pid: number; name: string; value: number }

function wbAnon(flags: string | undefined): boolean | undefined {
  if (!flags) return undefined;
  return flags.includes('ANON') ? true : flags.includes('FILE') ? false : undefined;
}

const kswapdSleep: KswapdSleep = { nid: NaN };
export function readKswapdSleep(f: FieldReader): KswapdSleep {
  kswapdSleep.nid = f.int(K.nid);
  return kswapdSleep;
}

const kswapdWake: KswapdWake = { nid: NaN, order: NaN, zid: NaN };
export function readKswapdWake(f: FieldReader): KswapdWake {
  kswapdWake.nid = f.int(K.nid);
  kswapdWake.zid = f.int(K.zid);
  kswapdWake.order = f.int(K.order);
  return kswapdWake;
}

const wakeupKswapd: WakeupKswapd = { nid: NaN, zid: NaN, order: NaN, gfpFlags: undefined };
export function readWakeupKswapd(f: FieldReader): WakeupKswapd {
  wakeupKswapd.nid = f.int(K.nid);
  wakeupKswapd.zid = f.int(K.zid);
  wakeupKswapd.order = f.int(K.order);
  wakeupKswapd.gfpFlags = f.str(K.gfp_flags);
  return wakeupKswapd;
}

const reclaimBegin: ReclaimBegin = { nid: NaN, order: NaN, gfpFlags: undefined, mayWritepage: NaN, classzoneIdx: NaN };
export function readReclaimBegin(f: FieldReader): ReclaimBegin {
  reclaimBegin.nid = f.int(K.nid);
  reclaimBegin.order = f.int(K.order);
  reclaimBegin.mayWritepage = f.int(K.may_writepage);
  reclaimBegin.gfpFlags = f.str(K.gfp_flags);
  reclaimBegin.classzoneIdx = f.int(K.classzone_idx);
  return reclaimBegin;
}

const reclaimEnd: ReclaimEnd = { nrReclaimed: NaN };
export function readReclaimEnd(f: FieldReader): ReclaimEnd {
  reclaimEnd.nrReclaimed = f.int(K.nr_reclaimed);
  return reclaimEnd;
}

const OLD_LRU: Record<string, string> = { ia_anon: 'inactive_anon', ac_anon: 'active_anon', ia_file: 'inactive_file', ac_file: 'active_file' };
const lruIsolate: LruIsolate = {
  isolateMode: NaN, classzone: NaN, order: NaN, nrRequested: NaN, nrScanned: NaN, nrSkipped: NaN, nrTaken: NaN, lru: undefined, anon: undefined,
};
/** With full=false (hot path) only nr_scanned and nr_taken are read; the rest stay NaN / undefined. */
export function readLruIsolate(f: FieldReader, full = true): LruIsolate {
  const r = lruIsolate;
  if (!full) {
    r.isolateMode = r.classzone = r.order = r.nrRequested = r.nrSkipped = NaN;
    r.lru = r.anon = undefined;
    r.nrScanned = f.int(K.nr_scanned);
    r.nrTaken = f.int(K.nr_taken);
    return r;
  }
  r.isolateMode = f.int(K.isolate_mode);
  r.classzone = f.int(K.classzone);
  r.order = f.int(K.order);
  r.nrRequested = f.int(K.nr_requested);
  r.nrScanned = f.int(K.nr_scanned);
  r.nrSkipped = f.int(K.nr_skipped);
  r.nrTaken = f.int(K.nr_taken);
  r.lru = undefined;
  r.anon = undefined;
  const lru = f.str(K.lru);
  if (lru !== undefined) {
    r.lru = OLD_LRU[lru] ?? lru;
    r.anon = r.lru.endsWith('_anon') ? true : r.lru.endsWith('_file') ? false : undefined;
  } else {
    const file = f.int(K.file);
    if (!Number.isNaN(file)) {
      r.anon = file === 0;
      r.lru = file === 0 ? 'anon' : 'file';
    }
  }
  return r;
}

const writeFolio: WriteFolio = { pfn: NaN, anon: undefined };
/** write_folio prints pfn in hex (0x…), the older writepage in decimal; parseIntAt reads both. */
export function readWriteFolio(f: FieldReader): WriteFolio {
  writeFolio.pfn = f.int(K.pfn);
  writeFolio.anon = wbAnon(f.str(K.flags));
  return writeFolio;
}

const shrinkInactive: ShrinkInactive = {
  nid: NaN, nrScanned: NaN, nrReclaimed: NaN, nrDirty: NaN, nrWriteback: NaN, nrCongested: NaN, nrImmediate: NaN,
  nrActivateAnon: NaN, nrActivateFile: NaN, nrActivate: NaN, nrRefKeep: NaN, nrUnmapFail: NaN, priority: NaN, anon: undefined,
};
/** With full=false (hot path) only nid, nr_scanned and nr_reclaimed are read; the rest stay NaN / undefined. */
export function readShrinkInactive(f: FieldReader, full = true): ShrinkInactive {
  const r = shrinkInactive;
  r.nid = f.int(K.nid);
  r.nrScanned = f.int(K.nr_scanned);
  r.nrReclaimed = f.int(K.nr_reclaimed);
  if (!full) {
    r.nrDirty = r.nrWriteback = r.nrCongested = r.nrImmediate = r.nrActivateAnon = r.nrActivateFile = NaN;
    r.nrActivate = r.nrRefKeep = r.nrUnmapFail = r.priority = NaN;
    r.anon = undefined;
    return r;
  }
  r.nrDirty = f.int(K.nr_dirty);
  r.nrWriteback = f.int(K.nr_writeback);
  r.nrCongested = f.int(K.nr_congested);
  r.nrImmediate = f.int(K.nr_immediate);
  r.nrActivateAnon = f.int(K.nr_activate_anon);
  r.nrActivateFile = f.int(K.nr_activate_file);
  r.nrActivate = f.int(K.nr_activate);
  r.nrRefKeep = f.int(K.nr_ref_keep);
  r.nrUnmapFail = f.int(K.nr_unmap_fail);
  r.priority = f.int(K.priority);
  r.anon = wbAnon(f.str(K.flags));
  return r;
}

const shrinkActive: ShrinkActive = { nid: NaN, nrTaken: NaN, nrActive: NaN, nrDeactivated: NaN, nrReferenced: NaN, priority: NaN, anon: undefined };
export function readShrinkActive(f: FieldReader): ShrinkActive {
  const r = shrinkActive;
  r.nid = f.int(K.nid);
  r.nrTaken = f.int(K.nr_taken);
  r.nrActive = f.int(K.nr_active);
  r.nrDeactivated = f.int(K.nr_deactivated);
  r.nrReferenced = f.int(K.nr_referenced);
  r.priority = f.int(K.priority);
  r.anon = wbAnon(f.str(K.flags));
  return r;
}

const reclaimPages: ReclaimPages = { nid: NaN, nrScanned: NaN, nrReclaimed: NaN };
export function readReclaimPages(f: FieldReader): ReclaimPages {
  reclaimPages.nid = f.int(K.nid);
  reclaimPages.nrScanned = f.int(K.nr_scanned);
  reclaimPages.nrReclaimed = f.int(K.nr_reclaimed);
  return reclaimPages;
}

const throttled: Throttled = { nid: NaN, usecTimeout: NaN, usecDelayed: NaN, reason: undefined };
export function readThrottled(f: FieldReader): Throttled {
  throttled.nid = f.int(K.nid);
  throttled.usecTimeout = f.int(K.usec_timeout);
  // The kernel prints "usect_delayed" (sic); accept the spelling it may one day get.
  const d = f.int(K.usect_delayed);
  throttled.usecDelayed = Number.isNaN(d) ? f.int(K.usec_delayed) : d;
  throttled.reason = f.str(K.reason);
  return throttled;
}

const schedSwitch: SchedSwitch = { prevComm: '', prevPid: NaN, prevPrio: NaN, prevState: '', nextComm: '', nextPid: NaN, nextPrio: NaN };
// trace-cmd plugin rendering: `prev:pid [prio] STATE ==> next:pid [prio]` (comms may hold spaces and colons).
const PLUGIN_SWITCH = /^(.*):(\d+) \[(-?\d+)\] (\S+) ==> (.*):(\d+) \[(-?\d+)\]/;

/** Comms are decoded through `comms` (once per task) when given: sched events are the hottest ones with strings. */
export function readSchedSwitch(f: FieldReader, comms?: CommCache): SchedSwitch | undefined {
  const r = schedSwitch;
  if (f.rangeUntil(K.prev_comm, K.prev_pid)) {
    const ps = f.valueStart;
    const pe = f.valueEnd;
    r.prevPid = f.int(K.prev_pid);
    r.prevComm = comms ? comms.of(r.prevPid, f.buf, ps, pe) : f.buf.toString('utf8', ps, pe);
    r.prevPrio = f.int(K.prev_prio);
    r.prevState = f.str(K.prev_state) ?? '';
    if (!f.rangeUntil(K.next_comm, K.next_pid)) return undefined;
    const ns = f.valueStart;
    const ne = f.valueEnd;
    r.nextPid = f.int(K.next_pid);
    r.nextComm = comms ? comms.of(r.nextPid, f.buf, ns, ne) : f.buf.toString('utf8', ns, ne);
    r.nextPrio = f.int(K.next_prio);
    return Number.isNaN(r.prevPid) || Number.isNaN(r.nextPid) ? undefined : r;
  }
  const m = PLUGIN_SWITCH.exec(f.buf.toString('utf8', f.start, f.end));
  if (!m) return undefined;
  r.prevComm = m[1];
  r.prevPid = +m[2];
  r.prevPrio = +m[3];
  r.prevState = m[4];
  r.nextComm = m[5];
  r.nextPid = +m[6];
  r.nextPrio = +m[7];
  return r;
}

const schedWakeup: SchedWakeup = { comm: '', pid: NaN, prio: NaN, targetCpu: NaN };
// trace-cmd plugin: `comm:pid [prio] [success=1] CPU:003`.
const PLUGIN_WAKEUP = /^(.*):(\d+) \[(-?\d+)\](?: success=\d+)? CPU:(\d+)/;

export function readSchedWakeup(f: FieldReader, comms?: CommCache): SchedWakeup | undefined {
  const r = schedWakeup;
  if (f.rangeUntil(K.comm, K.pid)) {
    const cs = f.valueStart;
    const ce = f.valueEnd;
    r.pid = f.int(K.pid);
    r.comm = comms ? comms.of(r.pid, f.buf, cs, ce) : f.buf.toString('utf8', cs, ce);
    r.prio = f.int(K.prio);
    r.targetCpu = f.int(K.target_cpu); // pre-4.x printed `CPU:%03d`, which is not key=value: NaN
    return Number.isNaN(r.pid) ? undefined : r;
  }
  const text = f.buf.toString('utf8', f.start, f.end);
  const m = PLUGIN_WAKEUP.exec(text) ?? /^(.*):(\d+) \[(-?\d+)\]/.exec(text);
  if (!m) return undefined;
  r.comm = m[1];
  r.pid = +m[2];
  r.prio = +m[3];
  r.targetCpu = m[4] === undefined ? NaN : +m[4];
  return r;
}

const mark: TraceMark = { kind: 'other', pid: NaN, name: '', value: NaN };
/** `B|pid|name`, `E|pid[|…]`, `C|pid|name|value` (atrace userspace slices and counters). */
export function readTraceMark(f: FieldReader): TraceMark {
  const text = f.buf.toString('utf8', f.start, f.end).trimEnd();
  const parts = text.split('|');
  const k = parts[0];
  mark.kind = k === 'B' || k === 'E' || k === 'C' ? k : 'other';
  mark.pid = parts.length > 1 ? parseInt(parts[1], 10) : NaN;
  mark.name = mark.kind === 'other' ? text : (parts[2] ?? '');
  mark.value = mark.kind === 'C' ? Number(parts[3]) : NaN;
  return mark;
}
