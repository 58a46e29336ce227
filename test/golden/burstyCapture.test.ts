// Golden test of the bundled bursty capture (captures/bursty_lzorle, see captures/README.md): the parser's figures
// against a minimal independent reading of the raw files, and the shape the capture exists for — kswapd waking and
// sleeping many times, and zram shrinking when an app exits without the pages coming back through swap-in.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { analyzeCapture } from '../../src/core/analysis/figures';
import { loadCapture } from '../../src/core/capture/loadCapture';
import { resolveOptions } from '../../src/core/replay/options';
import { replay } from '../../src/core/replay/replay';

const DIR = join(__dirname, '../../captures/bursty_lzorle');
const text = (f: string) => (f.endsWith('.gz') ? gunzipSync(readFileSync(join(DIR, f))).toString('latin1') : readFileSync(join(DIR, f), 'utf8'));
/** Rows of a `t_mono t_epoch fields…` series file, as numbers. */
const rows = (f: string) => text(f).split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.trim().split(/\s+/).map(Number));

/** /proc/vmstat snapshots: time and the named counters. */
function vmstat(names: string[]): { t: number; v: Record<string, number> }[] {
  const out: { t: number; v: Record<string, number> }[] = [];
  for (const line of text('vmstat_snapshots.txt.gz').split('\n')) {
    const head = /^# t_mono=(\S+)/.exec(line);
    if (head) out.push({ t: Number(head[1]), v: {} });
    else {
      const [k, v] = line.split(' ');
      if (names.includes(k)) out[out.length - 1].v[k] = Number(v);
    }
  }
  return out;
}

/** The last sample at or before t. */
function at<T extends { t: number }>(series: T[], t: number): T {
  let best = series[0];
  for (const s of series) if (s.t <= t + 1e-6) best = s;
  return best;
}

let loaded: ReturnType<typeof load> | undefined;
async function load() {
  const c = await loadCapture(DIR);
  return { c, f: analyzeCapture(c) };
}
const get = () => (loaded ??= load());

test('bursty_lzorle: the capture names its algorithm and CPU count', async () => {
  const { c } = await get();
  assert.equal(c.compAlgorithm, 'lzo-rle');
  assert.equal(c.trace?.cpus, 2);
});

test('bursty_lzorle: pgsteal_anon/s, kswapd CPU, wakes/sleeps and zram ratio match an independent reading', async () => {
  const { f } = await get();
  const w = f.window!;
  assert.ok(w.durationS > 30, `window ${w.durationS} s`);
  const snaps = vmstat(['pgsteal_anon']);
  const a = at(snaps, w.startS);
  const b = at(snaps, w.endS);
  const steal = (b.v.pgsteal_anon - a.v.pgsteal_anon) / (b.t - a.t);
  assert.ok(Math.abs(f.rates.pgsteal_anon - steal) <= 0.01 * steal, `pgsteal_anon/s ${f.rates.pgsteal_anon} vs ${steal}`);

  // kswapd_cpu.txt: t_mono t_epoch utime stime sum_exec_runtime_ns …
  const k = rows('kswapd_cpu.txt').map((r) => ({ t: r[0], ns: r[4] }));
  const ka = at(k, w.startS);
  const kb = at(k, w.endS);
  const cpuPct = ((kb.ns - ka.ns) / 1e9 / (kb.t - ka.t)) * 100;
  assert.ok(Math.abs(f.kswapd.cpuPct! - cpuPct) <= 1, `kswapd CPU ${f.kswapd.cpuPct} % vs ${cpuPct} %`);

  const trace = text('ftrace.txt.gz');
  assert.equal(f.kswapd.wakes, trace.match(/ mm_vmscan_kswapd_wake: /g)?.length);
  assert.equal(f.kswapd.sleeps, trace.match(/ mm_vmscan_kswapd_sleep: /g)?.length);

  // zram_mm_stat.txt: t_mono t_epoch orig_data_size compr_data_size …; the ratio at the largest orig_data_size.
  const mm = rows('zram_mm_stat.txt');
  const peak = mm.reduce((p, r) => (r[2] > p[2] ? r : p));
  const ratio = f.zram?.ratio ?? NaN;
  assert.ok(Math.abs(ratio - peak[2] / peak[3]) <= 0.005 * ratio, `ratio ${ratio} vs ${peak[2] / peak[3]}`);
});

test('bursty_lzorle: kswapd sleeps between bursts, and exiting apps free zram without swap-in', async () => {
  const { f } = await get();
  assert.ok(f.kswapd.wakes >= 5 && f.kswapd.sleeps >= 3, `wakes ${f.kswapd.wakes}, sleeps ${f.kswapd.sleeps}`);
  const exits = [...text('workload.log').matchAll(/^# app_exit app=\d+ t_mono=(\S+) code=0$/gm)].map((m) => Number(m[1]));
  assert.equal(exits.length, 5);
  const mm = rows('zram_mm_stat.txt').map((r) => ({ t: r[0], orig: r[2] }));
  const swapin = vmstat(['pswpin']);
  let freedWithoutSwapin = 0;
  for (const e of exits) {
    // The largest fall of orig_data_size over 1 s around the exit, and the pages swapped in meanwhile.
    let best = { drop: 0, inBytes: 0 };
    for (const s of mm.filter((x) => x.t >= e - 1.5 && x.t <= e + 1)) {
      const later = at(mm, s.t + 1);
      const drop = s.orig - later.orig;
      if (drop > best.drop) best = { drop, inBytes: (at(swapin, later.t).v.pswpin - at(swapin, s.t).v.pswpin) * 4096 };
    }
    if (best.drop >= 32 << 20 && best.inBytes < best.drop / 3) freedWithoutSwapin++;
  }
  assert.ok(freedWithoutSwapin >= 3, `${freedWithoutSwapin} of ${exits.length} exits freed ≥ 32 MiB of zram without swap-in`);
});

test('bursty_lzorle: the replay\'s zram ratio row compares the pool at its peak, not the residue the last exit left', async () => {
  const { c, f } = await get();
  const mm = rows('zram_mm_stat.txt').filter((r) => r[0] >= f.window!.startS && r[0] <= f.window!.endS);
  const last = mm[mm.length - 1];
  const peak = mm.reduce((p, r) => (r[2] > p[2] ? r : p));
  // The capture shows the case: after the last app's exit the pool holds other pages, at another ratio.
  assert.ok(last[2] < peak[2] / 2 && Math.abs(last[2] / last[3] - peak[2] / peak[3]) > 0.1 * (peak[2] / peak[3]),
    `end ${last[2] / last[3]} (${last[2] >> 20} MiB) vs peak ${peak[2] / peak[3]} (${peak[2] >> 20} MiB)`);
  const r = await replay(c, resolveOptions({ validate: 'none', seed: 1 }));
  const row = r.fidelity.zramRatio;
  assert.ok(Math.abs(row.observed - peak[2] / peak[3]) <= 0.001 * row.observed, `observed ${row.observed} vs peak ${peak[2] / peak[3]}`);
  assert.ok(Math.abs(row.errorPct) <= 5, `zram ratio ${row.simulated} vs ${row.observed}: the corpus fitted to the capture's pool`);
  assert.equal(r.fidelity.zramMemUsedMiB.basis, r.fidelity.pgstealAnonPerS.basis, 'the pool\'s size rests on the replay\'s swap-outs');
});
