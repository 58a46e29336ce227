// `reclaim-replay calibrate <capture> --out profile.json [--compress-share F]`: a device profile from a capture.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { analyzeCapture } from '../core/analysis/figures';
import { loadCapture } from '../core/capture/loadCapture';
import { OptionError } from '../core/errors';
import { calibrateProfile } from '../core/profiles/calibrate';
import type { Algorithm } from '../core/replay/types';

const USAGE = 'usage: reclaim-replay calibrate <capture> --out profile.json [--compress-share F] [--algorithm lz4|lzo-rle] [--name NAME]';

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true,
      options: { out: { type: 'string' }, 'compress-share': { type: 'string' }, algorithm: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    throw new OptionError('calibrate', `${(err as Error).message}\n${USAGE}`);
  }
  const { values: v, positionals } = parsed;
  if (v.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new OptionError('calibrate', `expects one capture file or folder\n${USAGE}`);
  if (!v.out) throw new OptionError('--out', `is required\n${USAGE}`);
  const share = v['compress-share'] === undefined ? undefined : Number(v['compress-share']);
  if (share !== undefined && !(share > 0 && share < 1)) throw new OptionError('--compress-share', `must be a number in (0, 1), got '${v['compress-share']}'`);
  if (v.algorithm !== undefined && v.algorithm !== 'lz4' && v.algorithm !== 'lzo-rle') throw new OptionError('--algorithm', `must be lz4 or lzo-rle, got '${v.algorithm}'`);
  const capture = await loadCapture(positionals[0]);
  const { profile, notes } = calibrateProfile(capture, analyzeCapture(capture), { compressShare: share, algorithm: v.algorithm as Algorithm | undefined, name: v.name });
  writeFileSync(v.out, `${JSON.stringify(profile, null, 1)}\n`);
  console.log([`wrote ${v.out} (profile ${profile.name})`, ...notes.map((n) => `  ${n}`)].join('\n'));
  return 0;
}
