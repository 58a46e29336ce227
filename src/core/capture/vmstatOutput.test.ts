import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tempFile } from './testing/tempFiles';
import { parseVmstatHeader, parseVmstatOutput } from './vmstatOutput';
import { assertWarning, codesOf } from '../testing/warnings';

const WIDE_T = `--procs-- -----------------------memory---------------------- ---swap-- -----io---- -system-- ----------cpu---------- -----timestamp-----
   r    b         swpd         free         buff        cache   si   so    bi    bo   in   cs  us  sy  id  wa  st  gu                 UTC
   6    0            0      7146480        33156      1721264 1683 6496  4350 10479 3354   22  27  14  58   0   0   0 2026-11-25 18:44:38
   0    0            0      7146480        33160      1721560    0    0     4     0 1713  292   3  12  85   0   0   0 2026-11-25 18:44:39
   0    0           12      7145808        33160      1721776    0    7     0     0 2106  284   0   0  99   0   1   0 2026-11-25 18:44:40
`;

test('-w -t: columns from the header, UTC times, the since-boot row dropped', async () => {
  const r = await parseVmstatOutput(tempFile('o', WIDE_T));
  assert.equal(r.clock, 'epoch');
  assert.deepEqual([...r.series.times], [1795632279, 1795632280]);
  assert.deepEqual([...r.series.columns.get('so')!], [0, 7]);
  assert.deepEqual([...r.series.columns.get('gu')!], [0, 0]);
  assert.equal(r.info.unparsed, 0);
  assert.deepEqual(r.warnings, []);
});

test('plain and -a output with repeated headers; no -t means relative times and a warning', async () => {
  const hdr = 'procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----\n'
    + ' r  b   swpd   free  inact active   si   so    bi    bo   in   cs us sy id wa st\n';
  const row = (free: number) => ` 1  0      0 ${free}  1000   2000    0    0     0     0   10   20  1  1 98  0  0\n`;
  const r = await parseVmstatOutput(tempFile('o', hdr + row(1) + row(2) + row(3) + hdr + row(4)));
  assert.deepEqual([...r.series.columns.get('free')!], [2, 3, 4]);
  assert.deepEqual([...r.series.columns.get('inact')!], [1000, 1000, 1000]);
  assert.equal(r.clock, 'relative');
  assert.deepEqual(codesOf(r.warnings), ['series.untimed']);
  assertWarning(r.warnings, 'series.untimed', { file: 'o', line: 4 }); // the first row kept (line 3 is since boot)
});

test('rows that do not fit the header are counted', async () => {
  const r = await parseVmstatOutput(tempFile('o', `${WIDE_T}  1 2 3\n`));
  assert.equal(r.info.unparsed, 1);
  assert.deepEqual(r.info.unparsedLines, [6]);
  assert.equal(parseVmstatHeader('nr_free_pages 1'), null);
  assert.equal(parseVmstatHeader(' r b swpd free buff cache si so bi bo in cs us sy id wa st CET')?.timeZone, 'CET');
});

const TOOLBOX = `root@phone:/ # vmstat
procs  memory                       system          cpu
 r  b   free  mapped   anon   slab    in   cs  flt  us ni sy id wa ir
 2  0  663436 232836 915192 113960   196  274    0   8  0  2 99  0  0
 0  0  663444 232836 915108 113960   180  260    0   7  0  3 99  0  0
 0  0  663476 232836 915216 113960   154  224    0   2  0  5 99  0  0
`;

test('Android toolbox vmstat: its own columns (the last is ir, not a time zone), every row a sample, KiB', async () => {
  const h = parseVmstatHeader(' r  b   free  mapped   anon   slab    in   cs  flt  us ni sy id wa ir');
  assert.deepEqual([h?.variant, h?.timeZone, h?.unknown], ['toolbox', undefined, []]);
  const r = await parseVmstatOutput(tempFile('o', TOOLBOX));
  assert.deepEqual([...r.series.columns.get('free')!], [663436, 663444, 663476]);
  assert.deepEqual([...r.series.columns.get('anon')!], [915192, 915108, 915216]);
  assert.equal(r.info.unparsed, 1); // the shell prompt
});

test('a time-of-day prefix times the rows (across midnight); -S M scales memory columns to KiB', async () => {
  const text = '$ vmstat -S M 1 | ts %T\n'
    + '23:59:58 procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----\n'
    + '23:59:58  r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st\n'
    + '23:59:58  1  0      0   6000    100   2000    0    0     0     0   10   20  1  1 98  0  0\n'
    + '23:59:59  1  0      0   5000    100   2000    0    0     0     0   10   20  1  1 98  0  0\n'
    + '00:00:01  1  0      0   4000    100   2000    0    0     0     0   10   20  1  1 98  0  0\n';
  const r = await parseVmstatOutput(tempFile('o', text));
  assert.deepEqual([...r.series.times].map((t) => t - r.series.times[0]), [0, 2]);
  assert.deepEqual([...r.series.columns.get('free')!], [5000 * 1024, 4000 * 1024]);
  assert.deepEqual([...r.series.columns.get('in')!], [10, 10]);
  assert.deepEqual(codesOf(r.warnings), ['vmstat-output.time-of-day']);
});

test('other vmstat shapes are refused as an unsupported variant, with the line', async () => {
  const cases: [string, RegExp][] = [
    ['      8040412 K total memory\n      1234 K used memory\n', /o:1: unsupported vmstat variant \(-s/],
    ['disk- ------------reads------------ ------------writes-----------\n', /unsupported vmstat variant \(-d/],
    [' r  b   swpd   free   buff  cache   si   so  zzz  yyy  in   cs us sy id wa\n 1 0 0 1 1 1 0 0 0 0 0 0 0 0 0 0\n', /o:1: unsupported vmstat variant \(columns zzz, yyy/],
    ['vmstat -S X 1\n r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st\n', /o:1: unsupported vmstat variant \(-S X/],
  ];
  for (const [text, message] of cases) {
    await assert.rejects(parseVmstatOutput(tempFile('o', text)), (e: Error) => message.test(e.message));
  }
});
