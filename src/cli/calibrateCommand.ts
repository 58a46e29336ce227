// `reclaim-replay calibrate <capture> --out profile.json [--compress-share F]`: a device profile from a capture.
import { captureArgs } from './args';
import { analyzeCapture } from '../core/analysis/figures';
import { loadCaptureCached } from '../core/capture/captureCache';
import { OptionError } from '../core/errors';
import { validateProfile } from '../core/profiles/builtin';
import { calibrateProfile } from '../core/profiles/calibrate';
import { checkOutputPath, writeOutputFile } from './outputPath';
import { ALGORITHMS, COMPRESS_SHARE, compressShareError, isAlgorithm, isCompressShare, type Algorithm } from '../core/vocabulary';

export const USAGE = `usage: reclaim-replay calibrate <capture> --out profile.json [--compress-share F] [--algorithm ${ALGORITHMS.join('|')}] [--name NAME]
Derives a device profile from the capture's whole reclaim window: the reclaimer's CPU per page stolen, split into
scan, unmap, TLB flush, compression and store (replay's own fidelity check calibrates on the first half instead).
--out FILE: the profile JSON to write (give it to replay --profile FILE or --validate FILE)
--compress-share F: the zram write's share of the reclaimer's time, in (${COMPRESS_SHARE.min}, ${COMPRESS_SHARE.max}) exclusive; default: measured from the
  capture's perf profile of the reclaimer, else its zram store probe (a capture with neither needs it)
--algorithm ${ALGORITHMS.join('|')}: the compressor whose measured per-page costs the profile uses (default: the capture's
  own zram comp_algorithm)
--name NAME: the profile's name, as replay prints it (default: calibrated:<capture>)`;

export async function run(argv: string[]): Promise<number> {
  const args = captureArgs('calibrate', argv, {
    out: { type: 'string' }, 'compress-share': { type: 'string' }, algorithm: { type: 'string' }, name: { type: 'string' },
  }, USAGE);
  if (!args) return 0;
  const { values: v, capture: capturePath } = args;
  if (!v.out) throw new OptionError('--out', `is required\n${USAGE}`);
  const share = v['compress-share'] === undefined ? undefined : Number(v['compress-share']);
  if (share !== undefined && !isCompressShare(share)) throw new OptionError('--compress-share', compressShareError(`'${v['compress-share']}'`));
  if (v.algorithm !== undefined && !isAlgorithm(v.algorithm)) throw new OptionError('--algorithm', `must be one of ${ALGORITHMS.join(', ')}, got '${v.algorithm}'`);
  checkOutputPath('--out', v.out);
  const { capture } = await loadCaptureCached(capturePath, { purpose: 'replay' });
  const { profile, notes } = calibrateProfile(capture, analyzeCapture(capture), { compressShare: share, algorithm: v.algorithm as Algorithm | undefined, name: v.name });
  // Never write a profile the replay would refuse.
  validateProfile(profile, `${capturePath} (calibrated)`);
  writeOutputFile('--out', v.out, `${JSON.stringify(profile, null, 1)}\n`);
  console.log([`wrote ${v.out} (profile ${profile.name})`, ...notes.map((n) => `  ${n}`)].join('\n'));
  return 0;
}
