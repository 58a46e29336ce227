// The CPU kswapd is given, on the shared capture A: with its cpu_stat.txt the other load is measured (loadavg's
// runnable tasks) and the tasks per CFS entity calibrated; the same capture without cpu_stat keeps the run-delay input
// and says so.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { analyzeCapture } from '../analysis/figures';
import { loadCapture } from '../capture/loadCapture';
import { calibrateProfile } from '../profiles/calibrate';
import { resolveOptions } from '../replay/options';
import { replay } from '../replay/replay';
import { TASKS_PER_ENTITY } from './cfsShare';
import { workloadFromCapture } from './workload';

const A = join(resolve(__dirname, '../../../../shared/captures'), 'A_kswapd_lz4');

test('A: cpu_stat gives the run queue and a calibrated tasks-per-entity; without it the run-delay input stays, said', async (t) => {
  if (!existsSync(A)) return t.skip(`captures not found at ${A}`);
  const a = await loadCapture(A);
  const w = workloadFromCapture(a);
  assert.equal(w.runQueue?.cpus, 2);
  assert.ok(w.runQueue.others.every((x) => x >= 0));
  const cal = calibrateProfile(a, analyzeCapture(a));
  const g = cal.profile.cfsTasksPerEntity!;
  assert.ok(g >= TASKS_PER_ENTITY.min && g < TASKS_PER_ENTITY.max, `tasks per entity ${g} (a bound means the model could not reach kswapd's share)`);
  assert.ok(cal.notes.some((n) => /runnable tasks per CFS entity/.test(n)));

  // A cpu_stat cut to its first fifth is not stretched over the rest of the replay.
  const cs = a.cpuStat!;
  const cut = Math.floor(cs.times.length / 5);
  const short = { ...cs, times: cs.times.slice(0, cut), columns: new Map([...cs.columns].map(([k, v]) => [k, v.slice(0, cut)])) };
  const ws = workloadFromCapture({ ...a, cpuStat: short });
  assert.equal(ws.runQueue, undefined);
  assert.ok(ws.notes.some((n) => /an input: cpu_stat covers only [\d.]+ s of the [\d.]+ s replayed/.test(n)), ws.notes.join('\n'));

  const bare = { ...a, cpuStat: undefined };
  const wb = workloadFromCapture(bare);
  assert.equal(wb.runQueue, undefined);
  assert.ok(wb.notes.some((n) => /an input: no loadavg in a cpu_stat/.test(n)), wb.notes.join('\n'));
  const r = await replay(bare, resolveOptions({ validate: 'none' }));
  const row = r.fidelity.kswapdCpuPct;
  assert.equal(row.basis, 'input', `today's behaviour: kswapd's CPU is its run-delay share × awake time (${row.why})`);
  assert.equal(calibrateProfile(bare, analyzeCapture(bare)).profile.cfsTasksPerEntity, undefined);
  t.diagnostic(`A: ${g} runnable tasks per CFS entity; without cpu_stat kswapd CPU ${row.errorPct} % (${row.basis})`);
});
