import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALL_CPUS, CPU_BUSY, CPU_IDLE, LOAD_RUNNING, onlineCpus, parseCpuStat } from './cpuStat';
import { detectContent } from './detect';
import { tempFile } from './testing/tempFiles';

const HEADER = "# t_mono t_epoch <'cpu*' lines of /proc/stat: name user nice system idle iowait irq softirq steal guest guest_nice (USER_HZ ticks)> then 'loadavg' line\n";
const SAMPLE = (t: number, c0: number[], c1: number[], running: number) => {
  const sum = c0.map((v, i) => v + c1[i]);
  const at = `${t.toFixed(6)} ${(1795632278 + t).toFixed(6)}`;
  return `${at} cpu  ${sum.join(' ')}\n${at} cpu0 ${c0.join(' ')}\n${at} cpu1 ${c1.join(' ')}\n${at} loadavg 0.84 1.70 1.14 ${running}/229 21619\n`;
};
const A = HEADER + SAMPLE(1007.1, [100, 1, 50, 600, 10, 0, 4, 2, 0, 0], [200, 0, 60, 500, 5, 0, 2, 1, 0, 0], 6)
  + SAMPLE(1007.2, [105, 1, 53, 602, 10, 0, 4, 2, 0, 0], [200, 0, 60, 510, 5, 0, 2, 1, 0, 0], 2);

test('cpu_stat: the lines sharing a stamp are one sample; busy = user+nice+system+irq+softirq+steal, idle = idle+iowait', async () => {
  const r = await parseCpuStat(tempFile('cpu_stat.txt', A));
  assert.equal(r.clock, 'mono');
  assert.deepEqual([...r.series.times], [1007.1, 1007.2]);
  const col = (k: string) => [...r.series.columns.get(k)!];
  assert.deepEqual(col(`cpu0${CPU_BUSY}`), [157, 165]);
  assert.deepEqual(col(`cpu0${CPU_IDLE}`), [610, 612]);
  assert.deepEqual(col(`cpu1${CPU_IDLE}`), [505, 515]);
  assert.deepEqual(col(`${ALL_CPUS}${CPU_BUSY}`), [420, 428]);
  assert.deepEqual(col(LOAD_RUNNING), [6, 2]);
  assert.ok(r.series.counters.has(`cpu0${CPU_BUSY}`) && !r.series.counters.has(LOAD_RUNNING));
  assert.deepEqual(r.warnings, []);
  assert.equal(r.info.unparsed, 0);
  assert.deepEqual(onlineCpus(r.series, 0, 1), ['cpu0', 'cpu1']);
});

test('a CPU whose ticks stop (offline) is not online over the span; an old kernel with four fields is read', async () => {
  const at = (t: number) => `${t}.000000 ${1795632278 + t}.000000`;
  const text = `${at(1)} cpu0 10 0 5 100\n${at(1)} cpu1 10 0 5 100\n${at(2)} cpu0 20 0 5 190\n${at(2)} cpu1 10 0 5 100\n`;
  const r = await parseCpuStat(tempFile('cpu_stat.txt', text));
  assert.deepEqual(onlineCpus(r.series, 0, 1), ['cpu0']);
  assert.deepEqual([...r.series.columns.get(`cpu0${CPU_BUSY}`)!], [15, 25]);
});

test('damaged lines are left out with their file:line, the rest of the sample kept; counters going backwards are resets', async () => {
  const lines = A.split('\n');
  lines[2] = lines[2].replace(' 1 50 ', ' x 50 '); // cpu0 of sample 1: a non-digit
  lines[7] = lines[7].slice(0, 30); // cpu1 of sample 2 cut short by a killed recorder
  lines.splice(4, 0, 'garbage line here'); // now line 5
  lines[9] = lines[9].replace(/ \d+\/229/, ' 2222/229'); // more running than tasks: a repeated digit
  const path = tempFile('cpu_stat.txt', lines.join('\n') + '1007.300000 1795633285.300000 cpu0 1 1 1 1 0 0 0 0 0 0\n');
  const r = await parseCpuStat(path);
  const w = r.warnings.find((x) => x.code === 'cpu-stat.damaged-line');
  assert.ok(w, JSON.stringify(r.warnings));
  assert.equal(w.file, path);
  assert.equal(w.line, 3);
  assert.match(w.message, /4 lines .*lines 3, 5, 9, 10/);
  assert.equal(r.info.unparsed, 4);
  assert.deepEqual([...r.series.columns.get(`cpu0${CPU_BUSY}`)!].map((v) => (Number.isNaN(v) ? null : v)), [null, 165, 3]);
  assert.deepEqual([...r.series.columns.get(`cpu1${CPU_BUSY}`)!].map((v) => (Number.isNaN(v) ? null : v)), [263, null, null]);
  assert.deepEqual(r.series.resets.map((x) => x.key), [`cpu0${CPU_BUSY}`, `cpu0${CPU_IDLE}`]);
  for (const col of r.series.columns.values()) for (const v of col) assert.ok(Number.isNaN(v) || v >= 0);
});

test('a file of nothing but junk gives no sample and says so', async () => {
  const r = await parseCpuStat(tempFile('cpu_stat.txt', 'cpu0 1 2 3 4\nloadavg 1 2 3\n'));
  assert.equal(r.series.times.length, 0);
  assert.ok(r.warnings.some((w) => w.code === 'series.none-found'));
  assert.ok(r.warnings.some((w) => w.code === 'cpu-stat.damaged-line' && w.line === 1));
});

test('detection: a stamped cpu_stat file is cpu-stat, by content', () => {
  assert.equal(detectContent(Buffer.from(A), false).format, 'cpu-stat');
});
