import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadCapture } from '../capture/loadCapture';
import { CPU_BUSY, LOAD_RUNNING } from '../capture/cpuStat';
import { CPU_STAT_HEADER, cpuStatLines, kswapdHeader, kswapdLine, seriesLine, snapshotBlock, USER_HZ, ZRAM_IO_HEADER, ZRAM_MM_HEADER } from '../record/formats';
import { compileGuest } from './runGuest';

const hasGcc = spawnSync('gcc', ['--version']).status === 0;
const why = hasGcc ? false : 'gcc is not installed: the guest agent cannot be compiled here';

const VMSTAT = 'nr_free_pages 1000\npgsteal_anon 5\npgscan_anon 9\npswpout 3\nallocstall_normal 0\n';
const MM = '  4096   1024    8192        0    8192        1        0        0        0\n';
const KSWAPD_STAT = '45 (kswapd0) S 2 0 0 0 -1 2129984 0 0 0 0 7 1234 0 0 20 0 1 0 10 0 0\n';
// /proc/stat as the kernel prints it: the sum line has two spaces after `cpu`, and non-cpu lines follow.
const PROC_STAT = 'cpu  300 0 200 1000 5 0 7 0 0 0\ncpu0 150 0 100 500 2 0 3 0 0 0 \ncpu1 150 0 100 500 3 0 4 0 0 0\n'
  + 'intr 12345 0 1 2\nctxt 999\nbtime 1700000000\nprocs_running 3\n';
const LOADAVG = '1.50 0.75 0.20 3/58 61\n';
const KCOMP_STAT = '57 (kcompressd:0) S 2 0 0 0 -1 2129984 0 0 0 0 0 55 0 0 20 0 1 0 10 0 0\n';

/** A /proc and /sys with the files the agent reads. */
function fakeRoots(dir: string): { proc: string; sys: string } {
  const proc = join(dir, 'proc');
  const sys = join(dir, 'sys');
  const put = (p: string, text: string) => {
    fs.mkdirSync(join(p, '..'), { recursive: true });
    fs.writeFileSync(p, text);
  };
  put(join(proc, 'vmstat'), VMSTAT);
  put(join(proc, 'stat'), PROC_STAT);
  put(join(proc, 'loadavg'), LOADAVG);
  put(join(proc, 'meminfo'), 'MemTotal: 1000 kB\nMemFree: 500 kB\n');
  put(join(proc, '45', 'comm'), 'kswapd0\n');
  put(join(proc, '45', 'stat'), KSWAPD_STAT);
  put(join(proc, '45', 'schedstat'), '999 88 7\n');
  put(join(proc, '57', 'comm'), 'kcompressd:0\n');
  put(join(proc, '57', 'stat'), KCOMP_STAT);
  put(join(proc, '57', 'schedstat'), '555 44 3\n');
  put(join(proc, '60', 'comm'), 'rr-stress\n');
  put(join(sys, 'block', 'zram0', 'mm_stat'), MM);
  put(join(sys, 'block', 'zram0', 'io_stat'), '       0        0        0       12\n');
  return { proc, sys };
}

function runAgent(out: string, roots: { proc: string; sys: string }, ms: number): void {
  const bin = join(out, '..', 'rr-lab-agent');
  fs.writeFileSync(bin, compileGuest('rr-lab-agent'), { mode: 0o755 });
  const r = spawnSync('timeout', ['--preserve-status', '-s', 'TERM', String(ms / 1000), bin, out, '100', '2', roots.proc, roots.sys, '-'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `agent failed: ${r.stderr}`);
}

test('the guest agent writes byte for byte what the capture format writers write', { skip: why }, () => {
  const dir = fs.mkdtempSync(join(tmpdir(), 'rr-agent-'));
  const out = join(dir, 'out');
  fs.mkdirSync(out);
  runAgent(out, fakeRoots(dir), 450);
  const vm = fs.readFileSync(join(out, 'vmstat_snapshots.txt'), 'utf8');
  const stamps = [...vm.matchAll(/^# t_mono=(\S+) t_epoch=(\S+)$/gm)].map((m) => ({ mono: m[1], epoch: m[2] }));
  assert.ok(stamps.length >= 3, `${stamps.length} samples in 450 ms at 100 ms`);
  assert.equal(vm, stamps.map((s) => snapshotBlock(s, VMSTAT)).join(''));
  assert.equal(fs.readFileSync(join(out, 'zram_mm_stat.txt'), 'utf8'), `${ZRAM_MM_HEADER}\n${stamps.map((s) => seriesLine(s, MM)).join('')}`);
  assert.ok(fs.readFileSync(join(out, 'zram_io_stat.txt'), 'utf8').startsWith(`${ZRAM_IO_HEADER}\n`));
  assert.equal(fs.readFileSync(join(out, 'kswapd_cpu.txt'), 'utf8'),
    `${kswapdHeader(45, 'kswapd0', USER_HZ)}\n${stamps.map((s) => kswapdLine(s, KSWAPD_STAT, '999 88 7\n')).join('')}`);
  assert.equal(fs.readFileSync(join(out, 'cpu_stat.txt'), 'utf8'),
    `${CPU_STAT_HEADER}\n${stamps.map((s) => cpuStatLines(s, PROC_STAT, LOADAVG)).join('')}`);
  const meminfo = fs.readFileSync(join(out, 'meminfo_snapshots.txt'), 'utf8');
  assert.equal(meminfo.match(/^# t_mono/gm)?.length, Math.ceil(stamps.length / 2), 'meminfo every 2nd sample');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the product parsers read the agent output: vmstat, zram, cpu_stat, kswapd and kcompressd CPU series', { skip: why }, async () => {
  const dir = fs.mkdtempSync(join(tmpdir(), 'rr-agent-'));
  const out = join(dir, 'out');
  fs.mkdirSync(out);
  runAgent(out, fakeRoots(dir), 450);
  assert.ok(fs.existsSync(join(out, 'kcompressd_cpu_0.txt')), 'one file per kcompressd thread');
  const c = await loadCapture(out);
  assert.ok(c.vmstat && c.vmstat.times.length >= 3);
  assert.equal(c.vmstat.columns.get('pgsteal_anon')?.[0], 5);
  assert.equal(c.zramMmStat?.columns.get('orig_data_size')?.[0], 4096);
  // The kswapd header names the thread as `capture` does ("kswapd pid 45 kswapd0"), which the parser reads as kswapd.
  const comms = (c.taskCpu ?? []).map((t) => t.comm).sort();
  assert.deepEqual(comms, ['kcompressd:0', 'kswapd']);
  const kc = c.taskCpu!.find((t) => t.comm === 'kcompressd:0')!;
  assert.equal(kc.sumExecNs[0], 555);
  assert.equal(kc.runDelayNs[0], 44);
  assert.equal(c.clock, 'mono');
  // cpu_stat: the other load the CFS share is computed from (busy = user + nice + system + irq + softirq + steal).
  assert.ok(c.cpuStat && c.cpuStat.times.length >= 3);
  assert.equal(c.cpuStat.columns.get(`cpu1${CPU_BUSY}`)?.[0], 254);
  assert.equal(c.cpuStat.columns.get(LOAD_RUNNING)?.[0], 3);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the files read every sample are kept open and read again from the start: a change in place is in the next samples', { skip: why }, async () => {
  const dir = fs.mkdtempSync(join(tmpdir(), 'rr-agent-'));
  const out = join(dir, 'out');
  fs.mkdirSync(out);
  const roots = fakeRoots(dir);
  const bin = join(dir, 'rr-lab-agent');
  fs.writeFileSync(bin, compileGuest('rr-lab-agent'), { mode: 0o755 });
  const agent = spawn(bin, [out, '100', '2', roots.proc, roots.sys, '-']);
  const exited = new Promise<number | null>((done) => agent.on('exit', done));
  const vmstat = () => (fs.existsSync(join(out, 'vmstat_snapshots.txt')) ? fs.readFileSync(join(out, 'vmstat_snapshots.txt'), 'utf8') : '');
  const until = async (ok: () => boolean, what: string) => {
    for (const deadline = Date.now() + 10_000; !ok(); await new Promise((r) => setTimeout(r, 50))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    }
  };
  // The agent flushes every second (10 samples at 100 ms): wait for the first flush, change the file in place
  // (same inode, as /proc's files are), and wait for a flush holding the new value.
  try {
    await until(() => vmstat().includes('pgsteal_anon 5'), 'the first samples');
    const open = fs.readdirSync(`/proc/${agent.pid}/fd`).map((fd) => { try { return fs.readlinkSync(`/proc/${agent.pid}/fd/${fd}`); } catch { return ''; } });
    assert.ok(open.includes(join(roots.proc, 'vmstat')) && open.includes(join(roots.proc, 'loadavg')), `kept open between samples: ${open.join(', ')}`);
    fs.writeFileSync(join(roots.proc, 'vmstat'), VMSTAT.replace('pgsteal_anon 5', 'pgsteal_anon 77'));
    await until(() => vmstat().includes('pgsteal_anon 77'), 'a sample of the changed file');
  } finally {
    agent.kill('SIGTERM');
  }
  assert.equal(await exited, 0);
  const values = [...vmstat().matchAll(/^pgsteal_anon (\d+)$/gm)].map((m) => Number(m[1]));
  assert.deepEqual([...new Set(values)], [5, 77], 'old values, then only the new one');
  fs.rmSync(dir, { recursive: true, force: true });
});
