// Warnings grouped for the panel: one collapsible group per code, most severe first; a folder capture's ignored
// files become one line per reason.
import { counted, warningText, type Severity, type Warning, type WarningCode } from '../core/warnings';

export interface WarningGroup {
  code: WarningCode;
  severity: Severity;
  /** One line per warning (`file:line: message`), or for ignored files one line naming them all per reason. */
  lines: string[];
  count: number;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const baseName = (file: string) => file.split(/[\\/]/).pop() ?? file;

/** A folder's files not read for one reason (capture.ignored-file); `folder` is 'capture' when a file has none. */
export interface IgnoredFiles { folder: string; reason: string; files: string[] }

/** The capture.ignored-file warnings folded by folder (each capture of a pair its own) and reason, in order. */
export function foldIgnored(warnings: readonly Warning[]): IgnoredFiles[] {
  const out = new Map<string, IgnoredFiles>();
  for (const w of warnings) {
    if (w.code !== 'capture.ignored-file') continue;
    const folder = w.file?.match(/^(.*)[\\/][^\\/]*$/)?.[1] ?? 'capture';
    const key = `${folder}\n${w.message}`;
    if (!out.has(key)) out.set(key, { folder, reason: w.message, files: [] });
    out.get(key)!.files.push(baseName(w.file ?? '?'));
  }
  return [...out.values()];
}

/** Groups by code, errors first, then in order of first appearance. */
export function groupWarnings(warnings: readonly Warning[]): WarningGroup[] {
  const groups = new Map<WarningCode, Warning[]>();
  for (const w of warnings) groups.set(w.code, [...(groups.get(w.code) ?? []), w]);
  return [...groups].map(([code, list]): WarningGroup => {
    const group = { code, severity: list[0].severity, count: list.length };
    if (code !== 'capture.ignored-file') return { ...group, lines: list.map(warningText) };
    // "dir/a.log: not read by this tool" × n → "dir: a.log, b.txt (not read by this tool)"
    return { ...group, lines: foldIgnored(list).map(({ folder, reason, files }) => `${folder}: ${files.join(', ')} (${reason})`) };
  }).sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}

/** How many records of each severity there are, most severe first, severities with none left out:
 *  [[1, 'error'], [4, 'warning'], [3, 'note']]. A note (severity info) is not a warning, so no heading counts it as one. */
export function severityCounts(records: readonly { severity: Severity; count?: number }[]): [number, string][] {
  const of = (s: Severity) => records.filter((r) => r.severity === s).reduce((n, r) => n + (r.count ?? 1), 0);
  return ([['error', 'error'], ['warning', 'warning'], ['info', 'note']] as const).map(([s, word]): [number, string] => [of(s), word]).filter(([n]) => n > 0);
}

/** "1 error, 4 warnings, 3 notes"; "23 notes" when every record is a note. */
export function warningSummary(groups: readonly WarningGroup[]): string {
  return severityCounts(groups).map(([n, word]) => counted(n, word)).join(', ');
}
