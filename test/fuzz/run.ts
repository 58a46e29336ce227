// `npm run fuzz [-- --cases N --seed S --no-replay]`: the seeded mutator over real captures (the repository's own
// captures/, and ../shared/captures, ../shared/field and ../shared/faults when present). Prints counts by outcome and
// the first failures with the case number that reproduces them; exits 1 on any crash or insane figure.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CAPTURES_DIR, FAULTS_DIR, FIELD_DIR } from '../fixtures/sharedCaptures';
import { captureFolders, perfettoTraces, readSeed, runCase, type Seed } from './fuzzer';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '10000' }, seed: { type: 'string', default: '1' }, 'no-replay': { type: 'boolean' } } });
const cases = Number(values.cases);
const runSeed = Number(values.seed);

function seeds(): Seed[] {
  const repo = resolve(__dirname, '../../captures');
  const dirs = [...captureFolders(repo), ...perfettoTraces()];
  for (const c of ['A_kswapd_lz4', 'B_memcg_lz4']) if (existsSync(join(CAPTURES_DIR, c))) dirs.push(join(CAPTURES_DIR, c));
  for (const root of [FIELD_DIR, FAULTS_DIR]) {
    if (existsSync(root)) for (const n of readdirSync(root)) if (!/README|\.json$/.test(n)) dirs.push(join(root, n));
  }
  return dirs.map(readSeed).filter((s) => s.files.size > 0);
}

(async () => {
  const all = seeds();
  const dir = mkdtempSync(join(tmpdir(), 'rr-fuzz-'));
  const counts = { ok: 0, refused: 0, crash: 0, insane: 0 };
  const failures: string[] = [];
  let slowest = { ms: 0, what: '' };
  const t0 = performance.now();
  for (let n = 0; n < cases; n++) {
    const o = await runCase(all, runSeed, n, join(dir, 'case'), !values['no-replay']);
    counts[o.kind]++;
    if (o.ms > slowest.ms) slowest = { ms: o.ms, what: `case ${n}: ${o.what}` };
    if ((o.kind === 'crash' || o.kind === 'insane') && failures.length < 20) failures.push(`case ${n} (${o.what}): ${o.detail}`);
    if ((n + 1) % 500 === 0) console.error(`${n + 1}/${cases} ${JSON.stringify(counts)} ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  rmSync(dir, { recursive: true, force: true });
  console.log(`fuzz: ${cases} cases over ${all.length} seed captures (run seed ${runSeed}): ${counts.ok} ok, ${counts.refused} refused with a reason, `
    + `${counts.crash} crashes, ${counts.insane} insane figures; slowest ${slowest.ms.toFixed(0)} ms (${slowest.what}); ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  for (const f of failures) console.log(`  ${f.split('\n').slice(0, 4).join('\n    ')}`);
  process.exitCode = counts.crash + counts.insane > 0 ? 1 : 0;
})();
