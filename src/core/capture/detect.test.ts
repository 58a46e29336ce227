import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detect, detectContent, detectFormat } from './detect';
import { tempFile } from './testing/tempFiles';

const d = (text: string) => detectContent(Buffer.from(text), false).format;

test('snapshot formats from content', () => {
  assert.equal(d('# t_mono=1.0 t_epoch=1700000000.0\nnr_free_pages 5\npswpout 3\n'), 'vmstat-snapshots');
  assert.equal(d('nr_free_pages 977769\nnr_alloc_batch 4158\npgsteal_kswapd_dma32 1\n'), 'vmstat-snapshots');
  assert.equal(d('1700000000.1\nnr_free_pages 5\n\n1700000001.1\nnr_free_pages 4\n'), 'vmstat-snapshots');
  assert.equal(d('MemTotal:        3742148 kB\nMemFree:          225472 kB\n'), 'meminfo');
  assert.equal(d('MemTotal: 1 kB\r\nMemFree: 2 kB\r\n'), 'meminfo');
  assert.equal(d('# 1007.1 1795632278.2\nMemTotal: 1 kB\nMemFree: 1 kB\n'), 'meminfo');
  assert.equal(d('Node 0, zone      DMA\n  per-node stats\n      nr_inactive_anon 1\n'), 'zoneinfo');
});

test('procps vmstat output, plain and wide with timestamps', () => {
  assert.equal(d('procs -----------memory---------- ---swap--\n r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st\n 1  0 0 1 1 1 0 0 0 0 1 1 1 1 98 0 0\n'), 'vmstat-output');
  assert.equal(d('   r    b         swpd         free         buff        cache   si   so    bi    bo   in   cs  us  sy  id  wa  st  gu                 UTC\n'), 'vmstat-output');
});

test('zram stat lines: named header, single line, timestamped, sections; by field count without a header', () => {
  assert.equal(d('# t_mono t_epoch orig_data_size compr_data_size mem_used_total\n1.0 2.0 1 2 3\n'), 'zram-mm-stat');
  assert.equal(d('# t_mono t_epoch failed_reads failed_writes invalid_io notify_free [...]\n1.0 2.0 0 0 0 0\n'), 'zram-io-stat');
  assert.equal(d('    4096       64    20480        0    20480        0        0        0        0\n'), 'zram-mm-stat');
  assert.equal(d('1.5 4096 64 20480 0 20480 0 0\n1.6 4096 64 20480 0 20480 0 0\n'), 'zram-mm-stat');
  assert.equal(d('       0        0 0        0\n'), 'zram-io-stat');
  assert.equal(d('# 1.0 2.0\n== mm_stat\n1 2 3 4 5 6 7 8 9\n== io_stat\n0 0 0 0\n'), 'zram-mm-stat');
});

test('task CPU series and /proc/PID/stat snapshots', () => {
  assert.equal(d('# t_mono t_epoch utime_ticks stime_ticks sum_exec_runtime_ns run_delay_ns timeslices\n1.0 2.0 0 1 2 3 4\n'), 'task-cpu');
  assert.equal(d('1007.18 1795632278.27 0 4666 46666838390 13669396587 11003\n'), 'task-cpu');
  assert.equal(d('# 1007.1 1795632278.2 (pid 45)\n45 (kswapd0) S 2 0 0 0\n1 2 3\n'), 'task-cpu');
});

test('trace text goes to the trace sniffer', () => {
  const line = 'kswapd0-33    (   33) [001] ...1 12838.491407: mm_vmscan_kswapd_wake: nid=0 order=0\n';
  assert.equal(d(line), 'ftrace');
  assert.equal(d(`capturing trace... done\nTRACE:\n# tracer: nop\n${line}`), 'atrace');
  assert.equal(d('# tracer: nop\n#\n          kswapd0-45      [001] .....  1018.4: mm_vmscan_kswapd_wake: nid=0 order=0\n'), 'ftrace');
});

test('not capture files: other sampler outputs, memcg memory.stat, psi, logs', () => {
  const none = (s: string) => assert.deepEqual(detectContent(Buffer.from(s), false), { format: null, reason: 'not a capture file' }, s);
  none('# t_mono=1.0 t_epoch=2.0\nsome avg10=0.00 avg60=0.38 avg300=4.49 total=40836300\n');
  none('# t_mono=1.0 t_epoch=2.0\nmemory.usage_in_bytes 0\ncache 0\nrss 0\npgpgin 0\n');
  none('# t_mono t_epoch read_ios read_merges\n1.0 2.0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n');
  none('t(s) free_MiB scan\n  1.0   6979        0 0.0\n');
  none('Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n/dev/zram0 partition 8388604 0 100\n');
});

test('empty and binary files', async () => {
  assert.deepEqual(detectContent(Buffer.from('\n\n  \n'), false), { format: null, reason: 'empty file' });
  assert.equal(detectContent(Buffer.from([0x1f, 0x9d, 0x90, 0x04, 0, 0, 1, 2]), false).reason, 'binary data');
  // A zip may be an Android bugreport: its reader checks for the dumpstate text and refuses other zips.
  assert.equal(detectContent(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 1, 2]), false).format, 'bugreport');
  const invalidUtf8 = Buffer.alloc(400, 0xc3).fill(0x28, 200);
  assert.equal(detectContent(invalidUtf8, false).reason, 'binary data');
  assert.equal((await detect(tempFile('empty', ''))).reason, 'empty file');
});

test('detectFormat reads the file (plain or gzip), never the name', async () => {
  assert.equal(await detectFormat(tempFile('meminfo.txt', 'nr_free_pages 1\n')), 'vmstat-snapshots');
  assert.equal(await detectFormat(tempFile('x.gz', 'MemFree: 1 kB\n')), 'meminfo');
});

test('vmstat variants are vmstat output (toolbox, time prefix, -s); a pagetypeinfo row is not zoneinfo', () => {
  const d = (s: string) => detectContent(Buffer.from(s), false).format;
  assert.equal(d(' r  b   free  mapped   anon   slab    in   cs  flt  us ni sy id wa ir\n 2  0  663436 232836 915192 113960   196  274    0   8  0  2 99  0  0\n'), 'vmstat-output');
  assert.equal(d('12:00:01  r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st\n'), 'vmstat-output');
  assert.equal(d('      8040412 K total memory\n'), 'vmstat-output');
  assert.notEqual(d('Node    0, zone      DMA, type    Unmovable 43852   701     0    0    0\n'), 'zoneinfo');
});

test('the lab\'s zram store probe; a failed probe\'s message is no capture file', () => {
  assert.equal(d('probe pages=8192 cpu_ns_per_page=40469 wall_ns_per_page=40504 random_pct=35\n'), 'zram-probe');
  assert.equal(d('/dev/zram1: No such file or directory\n'), null);
});
