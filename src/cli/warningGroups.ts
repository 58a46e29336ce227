// Warnings in the text output: grouped by the file they name (`file[:line]: message`), the first few of each shown
// and the rest counted; `--json` keeps every one.

/** Warnings shown per group before "… N more". */
const PER_GROUP = 3;
const LOCATED = /^(.+?)(?::(\d+))?: (.*)$/s;

/** The lines to print under a "Warnings" heading. */
export function warningLines(warnings: string[], perGroup = PER_GROUP): string[] {
  const groups = new Map<string, string[]>();
  for (const w of warnings) {
    const m = LOCATED.exec(w);
    const file = m && !m[1].includes(' ') ? m[1] : 'capture';
    const text = m && file !== 'capture' ? (m[2] ? `line ${m[2]}: ${m[3]}` : m[3]) : w;
    groups.set(file, [...(groups.get(file) ?? []), text]);
  }
  const out: string[] = [];
  for (const [file, list] of groups) {
    out.push(`  ${file}${list.length > 1 ? ` (${list.length})` : ''}`);
    for (const t of list.slice(0, perGroup)) out.push(`    ${t}`);
    if (list.length > perGroup) out.push(`    … ${list.length - perGroup} more (--json lists all)`);
  }
  return out;
}
