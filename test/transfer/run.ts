// `npm run transfer [-- --calibrate DIR ...] [CAPTURE ...]`: does the baseline predict captures it was not calibrated
// on? Each calibration capture (default ../shared/captures/A_kswapd_lz4) gives a profile; every other capture (B,
// captures/demo, captures/bursty_lzorle, the other calibration captures, the positional ones and the dirs in $TRANSFER_CAPTURES, separated by ':'
// or spaces) is replayed with it, without --algorithm, and compared with the whole capture (--validate none).
// Printed, not asserted: errors (simulated − observed) / observed in % for the issue's acceptance figures.
import { existsSync, realpathSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeCapture } from '../../src/core/analysis/figures';
import { loadCaptureCached } from '../../src/core/capture/captureCache';
import { validateProfile } from '../../src/core/profiles/builtin';
import { calibrateProfile } from '../../src/core/profiles/calibrate';
import type { DeviceProfile } from '../../src/core/profiles/types';
import { resolveOptions } from '../../src/core/replay/options';
import { replay } from '../../src/core/replay/replay';
import type { ReplayResult } from '../../src/core/replay/types';
import { CAPTURES_DIR } from '../fixtures/sharedCaptures';

const REPO_CAPTURES = resolve(__dirname, '../../captures');

const { values, positionals } = parseArgs({ allowPositionals: true, options: { calibrate: { type: 'string', multiple: true } } });

/** Worst |error| % of the simulated free pages against the observed ones over the whole seconds of the compared
 *  window (the series' samples nearest each second), and that second. */
export function worstSecondFree(r: ReplayResult): { pct: number; atS: number } | undefined {
  const s = r.series;
  const obs = s?.observed?.freePages;
  if (!s || !obs) return undefined;
  const [from, to] = r.validation?.compareS ?? [0, r.simulatedS];
  let worst: { pct: number; atS: number } | undefined;
  let i = 0;
  for (let sec = Math.ceil(from); sec <= to; sec++) {
    while (i + 1 < s.t.length && Math.abs(s.t[i + 1] - sec) <= Math.abs(s.t[i] - sec)) i++;
    const o = obs[i];
    const sim = s.baseline.freePages[i];
    if (!(o > 0) || !Number.isFinite(sim)) continue;
    const pct = (100 * (sim - o)) / o;
    if (!worst || Math.abs(pct) > Math.abs(worst.pct)) worst = { pct, atS: sec };
  }
  return worst;
}

async function profileOf(dir: string): Promise<DeviceProfile> {
  const { capture } = await loadCaptureCached(dir, { purpose: 'replay' });
  const { profile } = calibrateProfile(capture, analyzeCapture(capture), { name: `calibrated:${basename(dir)}` });
  return validateProfile(profile, `${dir} (calibrated)`);
}

/** Rows with issue 7's acceptance limit (± %). */
const ROWS = [
  ['pgstealAnonPerS', 'pgsteal_anon/s', 10],
  ['pgscanAnonPerS', 'pgscan_anon/s', 10],
  ['kswapdCpuPct', 'kswapd CPU', 10],
  ['reclaimerCpuPct', 'reclaimer CPU', 10],
  ['zramRatio', 'zram ratio', 5],
  ['kswapdWakes', 'wakes', 20],
  ['kswapdAwakeS', 'awake s', 20],
] as const;
const FREE_LIMIT_PCT = 10;

/** Per row: captures within the limit, captures with the row. */
type Tally = Map<string, [number, number]>;

function count(tally: Tally, name: string, pct: number | undefined, limit: number): void {
  if (pct === undefined) return;
  const t = tally.get(name) ?? [0, 0];
  tally.set(name, [t[0] + (Math.abs(pct) <= limit ? 1 : 0), t[1] + 1]);
}

function cell(r: ReplayResult, key: string): string {
  const row = r.fidelity[key];
  if (!row) return '—';
  if ('notExercised' in row && row.notExercised) return 'n/e';
  const tag = row.basis === 'predicted' ? '' : row.basis === 'input' ? ' (in)' : ' (fit)';
  return `${row.errorPct >= 0 ? '+' : ''}${row.errorPct.toFixed(1)}${tag}`;
}

async function table(calibration: string, captures: string[]): Promise<void> {
  const profile = await profileOf(calibration);
  console.log(`\n## calibrated on ${basename(calibration)} — error % (sim − obs)/obs; (in) = the row's basis is the capture's input, (fit) = fitted`);
  console.log(['capture', 'algo', 'cpus', ...ROWS.map(([, h]) => h), 'worst-second free', 'avail'].join(' | '));
  const tally: Tally = new Map();
  for (const dir of captures) {
    const self = realpathSync(dir) === realpathSync(calibration) ? ' (self: a fit)' : '';
    try {
      const { capture } = await loadCaptureCached(dir, { purpose: 'replay' });
      const r = await replay(capture, resolveOptions({ profile: profile.name, validate: 'none', series: true, seed: 1 }), { profile });
      const w = worstSecondFree(r);
      if (!self) {
        for (const [k, h, limit] of ROWS) {
          const row = r.fidelity[k];
          if (row && !('notExercised' in row && row.notExercised)) count(tally, h, row.errorPct, limit);
        }
        count(tally, 'worst-second free', w?.pct, FREE_LIMIT_PCT);
      }
      console.log([basename(dir) + self, r.options.algorithm, String(r.cpus ?? '?'), ...ROWS.map(([k]) => cell(r, k)),
        w ? `${w.pct >= 0 ? '+' : ''}${w.pct.toFixed(1)} @${w.atS}s` : '—', r.availability?.toFixed(2) ?? '—'].join(' | '));
    } catch (err) {
      console.log(`${basename(dir)} | error: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  const limits = new Map<string, number>([...ROWS.map(([, h, l]) => [h, l] as [string, number]), ['worst-second free', FREE_LIMIT_PCT]]);
  console.log(`within issue 7's limits (the calibration capture left out): ${[...tally].map(([h, [n, of]]) => `${h} ±${limits.get(h)} %: ${n}/${of}`).join('; ')}`);
}

(async () => {
  const shared = (n: string) => join(CAPTURES_DIR, n);
  const extra = (process.env.TRANSFER_CAPTURES ?? '').split(/[:\s]+/).filter(Boolean);
  const calibrations = values.calibrate ?? [shared('A_kswapd_lz4')];
  const all = [shared('A_kswapd_lz4'), shared('B_memcg_lz4'), join(REPO_CAPTURES, 'demo'), join(REPO_CAPTURES, 'bursty_lzorle'),
    ...calibrations, ...positionals, ...extra].filter((d) => existsSync(d));
  const captures = [...new Map(all.map((d) => [realpathSync(d), d])).values()];
  for (const c of calibrations) {
    if (!existsSync(c)) console.log(`skipped calibration on ${c}: not present`);
    else await table(c, captures);
  }
})().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
