// What the lab knows about the patches it applies: the mail's subject and date (for the build record), the Kconfig
// options a patch adds, GNU patch's report of offsets and fuzz, and the adaptations a patch needs on an older tree.
// The patch text itself is the user's file; nothing of it is kept beyond the build folder.
import type { LabDesign } from './kconfig';

export interface PatchInfo {
  file: string;
  /** Subject without the `[PATCH n/m]` tag; the file name when the file has no mail header. */
  subject: string;
  date?: string;
  /** `config NAME` entries the patch adds to a Kconfig file. */
  kconfigOptions: string[];
  /** Files the patch touches (b/ paths). */
  files: string[];
}

/** Subject, date, added Kconfig options and touched files of one patch (a mail or a bare diff). */
export function describePatch(file: string, text: string): PatchInfo {
  const lines = text.split('\n');
  const diffAt = lines.findIndex((l) => l.startsWith('diff --git ') || l.startsWith('--- a/'));
  const head = lines.slice(0, diffAt < 0 ? lines.length : diffAt);
  const header = (name: string) => {
    const i = head.findIndex((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
    if (i < 0) return undefined;
    let v = head[i].slice(name.length + 1).trim();
    for (let j = i + 1; j < head.length && /^[ \t]/.test(head[j]); j++) v += ` ${head[j].trim()}`; // folded header
    return v;
  };
  const subject = header('Subject')?.replace(/^(\[[^\]]*\]\s*)+/, '') ?? file.split('/').pop() ?? file;
  const kconfigOptions: string[] = [];
  const files: string[] = [];
  let inKconfig = false;
  for (const l of lines) {
    const f = /^\+\+\+ b\/(\S+)/.exec(l);
    if (f) {
      files.push(f[1]);
      inKconfig = /(^|\/)Kconfig[^/]*$/.test(f[1]);
      continue;
    }
    const c = /^\+(?:menu)?config\s+([A-Za-z0-9_]+)\s*$/.exec(l);
    if (inKconfig && c) kconfigOptions.push(c[1]);
  }
  return { file, subject, date: header('Date'), kconfigOptions, files };
}

/** The design a patch set builds: v1 adds drivers/block/zram/kcompressd.c, mm hooks mm/page_io.c and mm/vmscan.c. */
export function designOf(patches: PatchInfo[]): LabDesign | 'other' {
  if (patches.length === 0) return 'baseline';
  const files = new Set(patches.flatMap((p) => p.files));
  if (files.has('drivers/block/zram/kcompressd.c')) return 'v1';
  if (files.has('mm/page_io.c') && files.has('mm/vmscan.c')) return 'mm';
  return 'other';
}

export interface HunkReport {
  file: string;
  hunk: number;
  offset: number;
  fuzz: number;
}

/** Offsets and fuzz from GNU patch's output (`patching file F` / `Hunk #N succeeded at L with fuzz Z (offset O lines).`). */
export function parsePatchOutput(out: string): HunkReport[] {
  const hunks: HunkReport[] = [];
  let file = '';
  for (const line of out.split('\n')) {
    const f = /^(?:patching|checking) file (.+)$/.exec(line.trim());
    if (f) {
      file = f[1].replace(/^'|'$/g, '');
      continue;
    }
    const h = /^Hunk #(\d+) succeeded at \d+(?: with fuzz (\d+))?(?: \(offset (-?\d+) lines?\))?/.exec(line.trim());
    if (h) hunks.push({ file, hunk: Number(h[1]), fuzz: Number(h[2] ?? 0), offset: Number(h[3] ?? 0) });
  }
  return hunks;
}

/** One sentence on how a patch applied: clean, with offsets, and which hunks needed fuzz. */
export function describeApplication(subject: string, hunks: HunkReport[]): string {
  const offsets = hunks.filter((h) => h.offset !== 0);
  const fuzzed = hunks.filter((h) => h.fuzz > 0);
  if (offsets.length === 0 && fuzzed.length === 0) return `"${subject}" applied cleanly.`;
  const files = new Set(offsets.map((h) => h.file)).size;
  const parts = [offsets.length > 0 ? `with line offsets in ${offsets.length} hunks of ${files} files` : 'without offsets'];
  if (fuzzed.length > 0) {
    parts.push(`with fuzz in ${fuzzed.length} hunk${fuzzed.length > 1 ? 's' : ''} (${fuzzed.map((h) => `${h.file} hunk ${h.hunk}, fuzz ${h.fuzz}`).join('; ')}): `
      + 'the context lines around those hunks differ in this tree, the changed lines themselves are as in the mail');
  }
  return `"${subject}" applied ${parts.join(', ')}.`;
}

/** A change the lab makes after the patches so that the tree builds; described in words in the build record. */
export interface Adaptation {
  id: string;
  /** True when the tree needs it: `read` gives a tree file's text (undefined if absent). */
  needed(read: (rel: string) => string | undefined, patchTexts: string[]): boolean;
  file: string;
  apply(text: string): string;
  words: string;
}

/** mTHP zswap-out counting (MTHP_STAT_ZSWPOUT, include/linux/huge_mm.h) came after 6.12; the mm design counts with it. */
const DROP_ZSWPOUT_COUNT: Adaptation = {
  id: 'drop-mthp-zswpout-count',
  needed: (read, patches) => patches.some((p) => /^\+.*MTHP_STAT_ZSWPOUT/m.test(p))
    && !(read('include/linux/huge_mm.h') ?? '').includes('MTHP_STAT_ZSWPOUT'),
  file: 'mm/page_io.c',
  apply: (text) => text.split('\n').filter((l) => !/^\s*count_mthp_stat\([^;]*MTHP_STAT_ZSWPOUT\);\s*$/.test(l)).join('\n'),
  words: 'This tree has no MTHP_STAT_ZSWPOUT counter (mTHP zswap-out statistics arrived after it), so the one line in '
    + 'the kcompressd thread that counts a zswap store with it was dropped; zswap is off in the lab, so no count is lost.',
};

export const ADAPTATIONS: readonly Adaptation[] = [DROP_ZSWPOUT_COUNT];
