// `reclaim-replay compare BEFORE AFTER [--json] [--predict]`: two captures' measured figures side by side with the
// change; --predict adds what a replay of BEFORE with kcompressd predicts for each figure.
import { parseFlags } from './args';
import { loadCapture } from '../core/capture/loadCapture';
import { compareCaptures, withPrediction, type CompareResult } from '../core/compare/compare';
import { OptionError } from '../core/errors';
import { afterWithoutKcompressd } from '../core/compare/pairChecks';
import { variantForAfter } from '../core/lab/kcompressdDesign';
import { designText, type Variant } from '../core/vocabulary';
import { readProfile, REPLAY_OPTION_FLAGS, replayOptionsFrom } from './replayCommand';
import { figure, notATestMark, notATestNote } from '../shared/fidelity';
import { compareMeasuredNa } from '../shared/replaySummary';
import { figureCell } from '../shared/figureDigits';
import { replay } from '../core/replay/replay';
import { warningBlock } from './warningGroups';

const USAGE = `usage: reclaim-replay compare <before> <after> [--json] [--predict] [replay options: --variant --kcompressd --queue …]
Measured figures of two captures (each over its own reclaim window) with the change, and their curves aligned at
reclaim start (--json). --predict replays <before> with kcompressd (the replay options as for \`replay\`; without
--variant, the design <after> ran when its threads show it) and shows its prediction beside the measured <after>:
that replay's kcompressd figures (what \`replay <before> --measured-after <after>\` compares) and its change from
its today's kernel beside the measured change.`;

const fmt = (v: number | null | undefined, digits: number): string => (v === null || v === undefined ? 'n/a' : figure(v, digits));

export function formatCompare(c: CompareResult): string {
  const predicted = c.rows.some((r) => r.predicted !== undefined);
  // An after capture of another workload (or without kcompressd) tests nothing: each predicted row says so, as
  // replay --measured-after marks it (trial13 F22).
  const untested = predicted ? c.predictionNotATest : undefined;
  const head = ['figure', 'before', 'after', 'change', ...(predicted ? ['predicted', 'predicted change'] : []), ...(untested ? [''] : [])];
  const rows = c.rows.map((r) => {
    // One precision per row, the replay table's, in every column: 58.0 → 48.9, not 58 → 48.9.
    const change = (pct: number | null | undefined) => (pct === null || pct === undefined ? '' : `${pct > 0 ? '+' : ''}${fmt(pct, 1)} %`);
    return [r.label, figureCell(r.before, r.key), figureCell(r.after, r.key), change(r.changePct), ...(predicted ? [figureCell(r.predicted, r.key), change(r.predictedChangePct)] : []),
      ...(untested ? [r.predicted === undefined ? '' : notATestMark(untested)] : [])];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => ('  ' + r.map((x, i) => (i === 0 || (untested && i === r.length - 1) ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ')).trimEnd();
  const na = compareMeasuredNa(c);
  const by = c.predictedBy;
  return [`before: ${c.before}`, `after:  ${c.after}`, '', line(head), ...rows.map(line),
    ...(na.length ? ['  measured n/a:', ...na.map((l) => `    ${l}`)] : []),
    ...(by ? ['', `predicted: a replay of the before capture with kcompressd ${by.variant} (${designText(by.variant, by.kcompressd, by.queue)}), profile ${by.profile} — its kcompressd figures, `
      + `as replay --measured-after prints them; predicted change: its kcompressd ÷ its today's kernel (the replay's ×), beside the measured change`] : []),
    ...(untested ? [notATestNote(untested)] : []),
    ...warningBlock(c.warnings)].join('\n');
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseFlags('compare', argv, { ...REPLAY_OPTION_FLAGS, json: { type: 'boolean' }, predict: { type: 'boolean' } }, USAGE);
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  if (parsed.positionals.length !== 2) throw new OptionError('compare', `expects two captures, before and after\n${USAGE}`);
  const v = parsed.values;
  replayOptionsFrom(v, false); // bad flags are reported before any capture is read
  const [before, after] = await Promise.all(parsed.positionals.map((p) => loadCapture(p)));
  let result = compareCaptures(before, after);
  if (v.predict) {
    const design = variantForAfter(after, v.variant as Variant | undefined);
    const options = replayOptionsFrom({ ...v, variant: design.variant }, false);
    const validateProfile = options.validate === undefined ? undefined : readProfile(options.validate, '--validate');
    result = withPrediction(result, await replay(before, options, { profile: readProfile(options.profile), validateProfile }));
    result.warnings.push(...design.warnings);
    const noKcompressd = afterWithoutKcompressd(after);
    if (noKcompressd) result.warnings.push(noKcompressd);
  }
  console.log(v.json ? JSON.stringify(result, null, 1) : formatCompare(result));
  return 0;
}
