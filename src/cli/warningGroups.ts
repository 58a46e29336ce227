// Warnings in the text output: most severe first (errors, warnings, then notes), each severity by file and line; a
// folder's ignored files folded into one line per reason; the first few shown under their file, the rest counted.
// `--json` keeps every one as a record.
import { counted, SEVERITIES, type Warning } from '../core/warnings';
import { foldIgnored, severityCounts } from '../shared/warningGroups';

/** Entries (warnings, or one line of ignored files) shown before "… N more". */
const SHOWN = 8;
/** Ignored files named on their line before "…". */
const NAMED_FILES = 10;


/** Errors first, then warnings, then notes; within a severity by file (unnamed last) and line. */
function bySeverityFileLine(a: Warning, b: Warning): number {
  return SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity)
    || (a.file === undefined ? 1 : 0) - (b.file === undefined ? 1 : 0) || (a.file ?? '').localeCompare(b.file ?? '')
    || (a.line ?? 0) - (b.line ?? 0);
}

/** One entry per warning in that order, then each folder's ignored files under the folder, one entry per reason
 *  ("8 files not read by this tool: a, b, …"; a second capture's, as --measured-after's, under its own folder);
 *  `count` is how many warnings the entry stands for. */
function entries(warnings: readonly Warning[]): { file: string; text: string; count: number }[] {
  const folded = foldIgnored(warnings).map(({ folder, reason, files }) => ({ file: folder, count: files.length, text: `${counted(files.length, 'file')} ${reason}: `
    + `${files.slice(0, NAMED_FILES).join(', ')}${files.length > NAMED_FILES ? ', …' : ''} [capture.ignored-file]` }));
  const listed = warnings.filter((w) => w.code !== 'capture.ignored-file').sort(bySeverityFileLine).map((w) => ({
    file: w.file ?? 'capture',
    count: 1,
    text: `${w.line !== undefined ? `line ${w.line}: ` : ''}${w.severity === 'error' ? 'error: ' : ''}${w.message} [${w.code}]`,
  }));
  return [...listed, ...folded]; // the ignored files are notes, the least of them
}

/** The lines to print under a "Warnings" heading: a file's name above each run of its warnings. */
export function warningLines(warnings: readonly Warning[], shown = SHOWN): string[] {
  const all = entries(warnings);
  const out: string[] = [];
  let file: string | undefined;
  for (const e of all.slice(0, shown)) {
    if (e.file !== file) out.push(`  ${(file = e.file)}`);
    out.push(`    ${e.text}`);
  }
  // The warnings left out, not the entries: a folded line of ignored files stands for one warning per file.
  const hidden = all.slice(shown).reduce((n, e) => n + e.count, 0);
  if (hidden > 0) out.push(`  … ${hidden} more (see --json)`);
  return out;
}

/** A block headed by its counts per severity ("Warnings (2), notes (21)", "Notes (23)"), or nothing when there are none. */
export function warningBlock(warnings: readonly Warning[]): string[] {
  const heading = severityCounts(warnings).map(([n, word], i) => `${i === 0 ? word[0].toUpperCase() + word.slice(1) : word}s (${n})`).join(', ');
  return warnings.length > 0 ? ['', heading, ...warningLines(warnings)] : [];
}
