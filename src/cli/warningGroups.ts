// Warnings in the text output: the first few, grouped by the file they name (with their lines, codes and
// severities), the rest counted; `--json` keeps every one as a record.
import type { Warning } from '../core/warnings';

/** Warnings shown before "… N more". */
const SHOWN = 8;

/** The lines to print under a "Warnings" heading. */
export function warningLines(warnings: readonly Warning[], shown = SHOWN): string[] {
  const groups = new Map<string, Warning[]>();
  for (const w of warnings.slice(0, shown)) groups.set(w.file ?? 'capture', [...(groups.get(w.file ?? 'capture') ?? []), w]);
  const out: string[] = [];
  for (const [file, list] of groups) {
    out.push(`  ${file}`);
    for (const w of list) out.push(`    ${w.line !== undefined ? `line ${w.line}: ` : ''}${w.severity === 'error' ? 'error: ' : ''}${w.message} [${w.code}]`);
  }
  if (warnings.length > shown) out.push(`  … ${warnings.length - shown} more (see --json)`);
  return out;
}

/** A "Warnings (n)" block, or nothing when there are none. */
export function warningBlock(warnings: readonly Warning[]): string[] {
  return warnings.length > 0 ? ['', `Warnings (${warnings.length})`, ...warningLines(warnings)] : [];
}
