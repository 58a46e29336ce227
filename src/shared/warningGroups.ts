// Warnings grouped for the panel: one collapsible group per code, most severe first; a folder capture's ignored
// files become one line per reason.
import { warningText, type Severity, type Warning, type WarningCode } from '../core/warnings';

export interface WarningGroup {
  code: WarningCode;
  severity: Severity;
  /** One line per warning (`file:line: message`), or for ignored files one line naming them all per reason. */
  lines: string[];
  count: number;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const baseName = (file: string) => file.split(/[\\/]/).pop() ?? file;

/** Groups by code, errors first, then in order of first appearance. */
export function groupWarnings(warnings: readonly Warning[]): WarningGroup[] {
  const groups = new Map<WarningCode, Warning[]>();
  for (const w of warnings) groups.set(w.code, [...(groups.get(w.code) ?? []), w]);
  return [...groups].map(([code, list]): WarningGroup => {
    const group = { code, severity: list[0].severity, count: list.length };
    if (code !== 'capture.ignored-file') return { ...group, lines: list.map(warningText) };
    // "dir/a.log: not a capture file" × n → "a.log, b.txt (not a capture file)"
    const byReason = new Map<string, string[]>();
    for (const w of list) byReason.set(w.message, [...(byReason.get(w.message) ?? []), baseName(w.file ?? '?')]);
    return { ...group, lines: [...byReason].map(([reason, files]) => `${files.join(', ')} (${reason})`) };
  }).sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}

/** "8 warnings: 1 error, 4 warnings, 3 notes" */
export function warningSummary(groups: readonly WarningGroup[]): string {
  const total = groups.reduce((n, g) => n + g.count, 0);
  const of = (s: Severity) => groups.filter((g) => g.severity === s).reduce((n, g) => n + g.count, 0);
  const parts = ([['error', 'error'], ['warning', 'warning'], ['info', 'note']] as const).map(([s, word]) => [of(s), word] as const)
    .filter(([n]) => n > 0).map(([n, word]) => `${n} ${word}${n === 1 ? '' : 's'}`);
  return `${total} warning${total === 1 ? '' : 's'}: ${parts.join(', ')}`;
}
