// Warnings grouped by kind for the panel: a folder capture's ignored files become one line, repeated kinds one
// group with a count. Accepts plain strings and typed warnings ({ code, message, file?, line? }).

export interface WarningGroup {
  kind: string;
  /** One line per group member, or for ignored files one line naming them all. */
  lines: string[];
  count: number;
}

type Typed = { code: string; message: string; file?: string; line?: number };
const isTyped = (w: unknown): w is Typed => typeof w === 'object' && w !== null && typeof (w as Typed).code === 'string' && typeof (w as Typed).message === 'string';

const KINDS: [string, RegExp][] = [
  ['ignored files', /: ignored: /],
  ['other files of a kind already read', /also found /],
  ['damaged rows or lines', /damaged|rejected|unparsed|malformed/i],
  ['zones', /zone\(s\)/],
  ['page-content corpus', /^corpus: /],
  ['device profile', /^profile: /],
];

const text = (w: unknown): string => (isTyped(w) ? `${w.file ? `${w.file}${w.line ? `:${w.line}` : ''}: ` : ''}${w.message}` : String(w));

/** Groups in order of first appearance. */
export function groupWarnings(warnings: readonly unknown[]): WarningGroup[] {
  const groups = new Map<string, string[]>();
  for (const w of warnings) {
    const t = text(w);
    const kind = isTyped(w) ? w.code : KINDS.find(([, re]) => re.test(t))?.[0] ?? 'other';
    groups.set(kind, [...(groups.get(kind) ?? []), t]);
  }
  return [...groups].map(([kind, lines]) => {
    if (kind !== 'ignored files') return { kind, lines, count: lines.length };
    // "dir/a.log: ignored: not a capture file" × n → "a.log, b.txt (not a capture file)"
    const byReason = new Map<string, string[]>();
    for (const l of lines) {
      const [file, reason] = l.split(': ignored: ');
      const name = file.split(/[\\/]/).pop() ?? file;
      byReason.set(reason, [...(byReason.get(reason) ?? []), name]);
    }
    return { kind, count: lines.length, lines: [...byReason].map(([reason, files]) => `${files.join(', ')} (${reason})`) };
  });
}

/** "8 warnings: 5 ignored files, 1 damaged rows or lines, …" */
export function warningSummary(groups: WarningGroup[]): string {
  const total = groups.reduce((n, g) => n + g.count, 0);
  return `${total} warning${total === 1 ? '' : 's'}: ${groups.map((g) => `${g.count} ${g.kind}`).join(', ')}`;
}
