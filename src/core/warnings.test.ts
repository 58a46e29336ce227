import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { counted, lineList, warning, warningText, WARNING_CODES, type WarningCode } from './warnings';

test('a warning takes its severity from its code; a location is kept only when known', () => {
  assert.deepEqual(warning('ftrace.lost-events', 'dropped 5', 't.txt', 3), { code: 'ftrace.lost-events', severity: 'warning', file: 't.txt', line: 3, message: 'dropped 5' });
  assert.deepEqual(warning('analysis.rate-unavailable', 'no rate'), { code: 'analysis.rate-unavailable', severity: 'error', message: 'no rate' });
  assert.equal(warning('analysis.no-vmstat', 'no vmstat').severity, 'info', 'a trace-only input is no error');
  assert.equal(warning('series.none-found', 'x', 'a.txt', 0).line, undefined);
  assert.equal(warningText(warning('ftrace.lost-events', 'dropped 5', 't.txt', 3)), 't.txt:3: dropped 5');
  assert.equal(warningText(warning('series.none-found', 'none', 'a.txt')), 'a.txt: none');
  assert.equal(warningText(warning('analysis.no-vmstat', 'no vmstat')), 'no vmstat');
});

test('every listed code is produced somewhere in src/core (the list holds no dead codes)', () => {
  const sources: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && p !== join(__dirname, 'warnings.ts')) sources.push(readFileSync(p, 'utf8'));
    }
  };
  walk(__dirname);
  const text = sources.join('\n');
  const unused = (Object.keys(WARNING_CODES) as WarningCode[]).filter((c) => !text.includes(`'${c}'`));
  assert.deepEqual(unused, []);
});

// trial: "1 key line(s) repeated … (lines 8)", "1 of 117 lines not understood … (first at lines 1)".
test('counts and line lists agree in number: "1 line", "3 lines", "line 8", "lines 4, 11, 18"', () => {
  assert.deepEqual([counted(1, 'key line'), counted(3, 'key line'), counted(12345, 'row'), counted(0, 'line')], ['1 key line', '3 key lines', '12,345 rows', '0 lines']);
  assert.deepEqual([lineList([8]), lineList([4, 11, 18]), lineList([1, 2, 3, 4, 5, 6, 7])], ['line 8', 'lines 4, 11, 18', 'lines 1, 2, 3, 4, 5, …']);
});
