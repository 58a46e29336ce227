import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TraceLine, tokenizeFtrace, tokenizePerf } from './tokenizer';

function tok(text: string, perf = false) {
  const b = Buffer.from(text, 'utf8');
  const l = new TraceLine();
  const ok = (perf ? tokenizePerf : tokenizeFtrace)(b, 0, b.length, l);
  return ok ? { comm: l.comm(), pid: l.pid, tgid: l.tgid, cpu: l.cpu, flags: l.flags(), ts: l.ts, event: l.event(), fields: l.fields(), period: l.period } : null;
}

test('trace_pipe line with 5-char flags', () => {
  assert.deepEqual(tok('         kswapd0-45      [001] d..1.  1018.394549: mm_vmscan_lru_isolate: classzone=3 order=0'), {
    comm: 'kswapd0', pid: 45, tgid: -1, cpu: 1, flags: 'd..1.', ts: 1018.394549, event: 'mm_vmscan_lru_isolate', fields: 'classzone=3 order=0', period: 0,
  });
});

test('comms with spaces, dashes, digits, colons and <...>', () => {
  const jit = tok('Jit thread pool-4435    [003] .N... 11640.870354: mm_vmscan_direct_reclaim_end: nr_reclaimed=54');
  assert.equal(jit?.comm, 'Jit thread pool');
  assert.equal(jit?.pid, 4435);
  assert.equal(jit?.flags, '.N...');
  const binder = tok('binder:1138_3-1645    [006] ..... 272709.532484: mm_vmscan_wakeup_kswapd: nid=0 order=0 gfp_flags=GFP_HIGHUSER|__GFP_COMP|__GFP_ZERO');
  assert.deepEqual([binder?.comm, binder?.pid, binder?.cpu, binder?.ts], ['binder:1138_3', 1645, 6, 272709.532484]);
  const unknown = tok('<...>-4719  [005] ....    57.341146: mm_vmscan_direct_reclaim_begin: order=0 may_writepage=1');
  assert.deepEqual([unknown?.comm, unknown?.pid, unknown?.flags, unknown?.ts], ['<...>', 4719, '....', 57.341146]);
  const dashes = tok('  my-worker-2-77 [000] d..2 5.000001: sched_waking: comm=a pid=1 prio=120 target_cpu=000');
  assert.deepEqual([dashes?.comm, dashes?.pid], ['my-worker-2', 77]);
});

test('TGID column: number and dashes', () => {
  const a = tok(' surfaceflinger-1155  ( 1155) [001] ...1 12839.528756: mm_vmscan_direct_reclaim_begin: order=0');
  assert.deepEqual([a?.comm, a?.pid, a?.tgid, a?.cpu, a?.flags], ['surfaceflinger', 1155, 1155, 1, '...1']);
  const b = tok('RenderThread-9844 ( 9786) [001] ...1  1734.106078: mm_vmscan_direct_reclaim_end: nr_reclaimed=72');
  assert.deepEqual([b?.comm, b?.pid, b?.tgid], ['RenderThread', 9844, 9786]);
  const c = tok('          <idle>-0     (-------) [000] d..2  100.000001: sched_switch: prev_comm=swapper/0 prev_pid=0');
  assert.deepEqual([c?.comm, c?.pid, c?.tgid, c?.cpu], ['<idle>', 0, -1, 0]);
});

test('4-char flags, no flags (noirq-info), and trace-cmd lines', () => {
  assert.equal(tok('kswapd0-610   [000] ...1   158.112152: mm_vmscan_kswapd_wake: nid=0 order=0')?.flags, '...1');
  const none = tok('kswapd0-610   [000]   158.112152: mm_vmscan_kswapd_wake: nid=0 order=0');
  assert.deepEqual([none?.flags, none?.ts, none?.event], ['', 158.112152, 'mm_vmscan_kswapd_wake']);
  const tc = tok('              ls-4734  [002] 106439.675591: sched_switch:         trace-cmd:4734 [120] R ==> migration/2:18 [0]');
  assert.deepEqual([tc?.comm, tc?.pid, tc?.cpu, tc?.event, tc?.fields], ['ls', 4734, 2, 'sched_switch', 'trace-cmd:4734 [120] R ==> migration/2:18 [0]']);
  assert.equal(tok('bash-1 [000] 1.000000123: sched_wakeup: comm=a')?.ts, 1.000000123);
});

test('perf script tracepoint and sample headers', () => {
  const t = tok('kswapd0    47 [000] 59599.956573: mm_vmscan_kswapd_wake: nid=0 order=0', true);
  assert.deepEqual([t?.comm, t?.pid, t?.cpu, t?.ts, t?.event, t?.fields], ['kswapd0', 47, 0, 59599.956573, 'mm_vmscan_kswapd_wake', 'nid=0 order=0']);
  const s = tok('reclaimwl 21623/21623 [000]  1010.190570:    1001001 cpu-clock:ppp: ', true);
  assert.deepEqual([s?.comm, s?.pid, s?.tgid, s?.period, s?.event, s?.fields], ['reclaimwl', 21623, 21623, 1001001, 'cpu-clock', '']);
  const sub = tok('Jit thread pool  4435/4440 [003] 11640.870354: vmscan:mm_vmscan_direct_reclaim_end: nr_reclaimed=54', true);
  assert.deepEqual([sub?.comm, sub?.pid, sub?.tgid, sub?.event], ['Jit thread pool', 4440, 4435, 'mm_vmscan_direct_reclaim_end']);
  assert.equal(tok('kswapd0    47 59599.956573: mm_vmscan_kswapd_sleep: nid=0', true)?.cpu, -1);
});

test('lines that are not events are refused', () => {
  for (const l of ['', '...', '# tracer: nop', 'version = 6', 'CPU 3 is empty', 'pgscan_kswapd 123', '\tffffffff81 shrink_node',
    'kswapd0-45 [001] d..1. notatime: x: y', 'kswapd0 [001] d..1. 1.0: ev: f', 'kswapd0-45 [0x1] .... 1.0: ev: f']) {
    assert.equal(tok(l), null, l);
    assert.equal(tok(l, true), null, l);
  }
});

const commArb = fc.stringMatching(/^[A-Za-z0-9_:\/.<>() -]{1,15}$/).filter((s) => s.trim() === s && !/[\[\]]/.test(s));
const flagsArb = fc.constantFrom('', '....', 'd..2', 'dN..', '...1', '.....', 'd..2.', '.N...', 'dNs4.', 'DHZ1f');
const tsArb = fc.tuple(fc.integer({ min: 0, max: 9_999_999 }), fc.integer({ min: 0, max: 999_999 }));

test('property: generated ftrace lines tokenize back to their parts', () => {
  fc.assert(fc.property(commArb, fc.integer({ min: 0, max: 4_194_304 }), fc.option(fc.integer({ min: 0, max: 4_194_304 })),
    fc.integer({ min: 0, max: 511 }), flagsArb, tsArb, fc.constantFrom('mm_vmscan_write_folio', 'sched_switch', 'x'),
    (comm, pid, tgid, cpu, flags, [s, us], event) => {
      const tgidCol = tgid === null ? '' : ` (${String(tgid).padStart(7)})`;
      const line = `${comm.padStart(16)}-${String(pid).padEnd(7)}${tgidCol} [${String(cpu).padStart(3, '0')}] ${flags}${flags ? ' ' : ''}${String(s).padStart(5)}.${String(us).padStart(6, '0')}: ${event}: a=1`;
      const r = tok(line);
      assert.ok(r, line);
      assert.deepEqual([r.comm, r.pid, r.tgid, r.cpu, r.flags, r.event, r.fields], [comm, pid, tgid ?? -1, cpu, flags, event, 'a=1']);
      assert.ok(Math.abs(r.ts - (s + us / 1e6)) < 1e-9);
    }));
});

test('property: generated perf script lines tokenize back to their parts', () => {
  fc.assert(fc.property(commArb.filter((c) => !/ \d+$/.test(c)), fc.integer({ min: 1, max: 4_194_304 }), fc.integer({ min: 0, max: 511 }), tsArb,
    (comm, pid, cpu, [s, us]) => {
      const line = `${comm} ${String(pid).padStart(5)} [${String(cpu).padStart(3, '0')}] ${s}.${String(us).padStart(6, '0')}: mm_vmscan_kswapd_wake: nid=0 order=0`;
      const r = tok(line, true);
      assert.ok(r, line);
      assert.deepEqual([r.comm, r.pid, r.cpu, r.event], [comm, pid, cpu, 'mm_vmscan_kswapd_wake']);
    }));
});

test('property: arbitrary strings and bytes never throw', () => {
  const l = new TraceLine();
  fc.assert(fc.property(fc.string({ maxLength: 120 }), (s) => {
    const b = Buffer.from(s);
    tokenizeFtrace(b, 0, b.length, l);
    tokenizePerf(b, 0, b.length, l);
  }));
  fc.assert(fc.property(fc.uint8Array({ maxLength: 120 }), (u) => {
    const b = Buffer.from(u);
    tokenizeFtrace(b, 0, b.length, l);
    tokenizePerf(b, 0, b.length, l);
  }));
});
