// Hover and inline-hint text for an identifier, from the last replay when there is one (pure: no vscode import).
import type { Figure, ReplayResult } from '../../core/replay/types';
import { CHOICES } from '../../core/vocabulary';
import { fmt, headline, isNumber } from '../../shared/headline';
import type { RerunOptions } from '../../shared/protocol';
import type { FigureGroup, Identifier, RerunKnob } from './identifiers';
import { counted } from '../../core/warnings';

export const RERUN_COMMAND = 'reclaimReplay.rerunWith';
export const REPLAY_COMMAND = 'reclaimReplay.replayTrace';
/** The only commands hover links may run. */
export const SHOW_RESULTS_COMMAND = 'reclaimReplay.showResults';
export const HOVER_COMMANDS = [RERUN_COMMAND, REPLAY_COMMAND, SHOW_RESULTS_COMMAND];

const fig = (f: Figure, unit = '', digits = 1): string => (isNumber(f) ? `${fmt(f, digits)}${unit}` : `n/a (${f.unavailable})`);
const change = (b: Figure, k: Figure, unit = ''): string => `${fig(b, unit)} → ${fig(k, unit)}`;
const times = (f: Figure): string => (isNumber(f) ? `×${fmt(f, 2)}` : fig(f));
const list = (a: number[], unit: string, digits = 1): string => (a.length ? a.map((v) => fmt(v, digits)).join(' · ') + unit : 'none');

/** Worker rows a hover shows before the rest go behind a "more" link to the panel. */
const MAX_HOVER_ROWS = 4;

/** The deepest single worker FIFO (each holds options.queue entries); older results only carry the sum. */
const deepest = (r: ReplayResult): string => {
  const w = r.kcompressd.workerFifoHighWater;
  return w?.length ? fmt(Math.max(...w), 0) : 'n/a';
};
const fifoHigh = (r: ReplayResult): string => {
  const w = r.kcompressd.workerFifoHighWater;
  const of = `of ${fmt(r.options.queue, 0)} entries per worker`;
  if (!w?.length) return `FIFO high-water mark summed over the workers: **${fmt(r.kcompressd.fifoHighWater, 0)}** (${w ? '' : 'per-worker figures need a newer replay; '}${of})`;
  return `FIFO high-water mark per worker: **${w.map((v) => fmt(v, 0)).join(' · ')}** ${of}`;
};

interface FigureText {
  lines(r: ReplayResult): string[];
  hint(r: ReplayResult): string;
}

const FIGURES: Record<FigureGroup, FigureText> = {
  workers: {
    lines: (r) => {
      const k = r.kcompressd;
      // An idle worker compressed nothing: it has no cost per page (not "0.0 µs/page").
      const perPage = (i: number) => ((k.workerPages[i] ?? 0) > 0 ? fmt(k.workerUsPerPage[i], 1) : 'idle');
      const rows = k.workerBusyPct.map((b, i) => `| kcompressd:${i} | ${fmt(b)} | ${fmt(k.workerPages[i] ?? NaN, 0)} | ${perPage(i)} | ${k.workerFifoHighWater ? fmt(k.workerFifoHighWater[i] ?? NaN, 0) : '–'} |`);
      if (rows.length === 0) return ['No kcompressd worker ran in this replay.'];
      // One span for busy %, pages and µs/page (the headline's window); the FIFO's high-water mark is the whole replay's.
      const span = r.window ? ` (${r.window.startS.toFixed(1)}–${r.window.endS.toFixed(1)} s)` : '';
      const table = ['| worker | busy % | pages | compress µs/page | FIFO max |', '|---|--:|--:|--:|--:|'];
      const spans = ['', `Busy %, pages and µs/page over the headline's window${span}; FIFO max over the whole replay (0–${r.simulatedS.toFixed(1)} s).`];
      // Long tables stay in the panel: the hover keeps its figures and links visible without scrolling.
      if (rows.length <= MAX_HOVER_ROWS) return [...table, ...rows, ...spans];
      return [...table, ...rows.slice(0, MAX_HOVER_ROWS), `${counted(rows.length - MAX_HOVER_ROWS, 'more worker')}: [more](${commandUri(SHOW_RESULTS_COMMAND)})`, ...spans];
    },
    hint: (r) => `busy ${list(r.kcompressd.workerBusyPct, ' %', 0)}`,
  },
  queued: {
    lines: (r) => [`kswapd writes queued to kcompressd: **${fig(r.kcompressd.queuedPct, ' %')}** · -EBUSY fallbacks compressed in kswapd: **${fig(r.kcompressd.fallbackSyncPct, ' %')}**`],
    hint: (r) => `queued ${fig(r.kcompressd.queuedPct, ' %')}, -EBUSY ${fig(r.kcompressd.fallbackSyncPct, ' %')}`,
  },
  fifo: {
    lines: (r) => [`${fifoHigh(r)} · all FIFOs full for **${fmt(r.kcompressd.fifoFullS)} s** (${fig(r.kcompressd.fifoFullPct, ' %')} of the replay)`],
    hint: (r) => `FIFO max ${deepest(r)}/${fmt(r.options.queue, 0)} per worker, full ${fmt(r.kcompressd.fifoFullS)} s`,
  },
  reclaim: {
    lines: (r) => [`pgsteal_anon/s: ${change(r.baseline.pgstealAnonPerS, r.kcompressd.pgstealAnonPerS)} (**${times(headline(r).speedup)}**)`],
    hint: (r) => `pgsteal_anon/s ${times(headline(r).speedup)}`,
  },
  kswapd: {
    lines: (r) => [`kswapd CPU: ${change(r.baseline.kswapdCpuPct, r.kcompressd.kswapdCpuPct, ' %')} · pgscan_anon/s: ${change(r.baseline.pgscanAnonPerS, r.kcompressd.pgscanAnonPerS)}`],
    hint: (r) => `kswapd CPU ${change(r.baseline.kswapdCpuPct, r.kcompressd.kswapdCpuPct, ' %')}`,
  },
  stalls: {
    lines: (r) => [`allocstalls: ${change(r.baseline.allocstalls, r.kcompressd.allocstalls)} · direct reclaim: ${change(r.baseline.directReclaimMs, r.kcompressd.directReclaimMs, ' ms')}`],
    hint: (r) => `allocstalls ${change(r.baseline.allocstalls, r.kcompressd.allocstalls)}`,
  },
  zram: {
    lines: (r) => [`zram ratio: ${change(r.baseline.zramRatio, r.kcompressd.zramRatio)} · zram memory: ${change(r.baseline.zramMemUsedMiB, r.kcompressd.zramMemUsedMiB, ' MiB')} · compression share of the reclaimer's time per page: ${fmt(r.compressShare * 100)} %`],
    hint: (r) => `zram ratio ${fig(r.kcompressd.zramRatio)}, compression ${fmt(r.compressShare * 100, 0)} % of reclaim`,
  },
  writeback: {
    lines: (r) => [`Pages that came back from pageout() under writeback and were freed on a later scan: **${fmt(r.kcompressd.writebackRescans, 0)}**`],
    hint: (r) => `${fmt(r.kcompressd.writebackRescans, 0)} freed on a later scan`,
  },
};

const KNOB_VALUES: Record<RerunKnob, (r: ReplayResult) => { label: string; options: RerunOptions }[]> = {
  kcompressd: (r) => [1, 2, 4, 8].filter((n) => n !== r.options.kcompressd).map((n) => ({ label: `${n} worker${n > 1 ? 's' : ''}`, options: { kcompressd: n } })),
  queue: (r) => CHOICES.queue.filter((n) => n !== r.options.queue).map((n) => ({ label: `queue ${n}`, options: { queue: n } })),
  variant: (r) => (r.options.variant === 'v1' ? [{ label: 'mm/ variant', options: { variant: 'mm' } }] : [{ label: 'v1 variant', options: { variant: 'v1' } }]),
  pressure: (r) => (r.options.pressure === 'capture' ? [{ label: 'saturating pressure', options: { pressure: 'saturate' } }] : [{ label: 'the capture\'s pressure', options: { pressure: 'capture' } }]),
};

export const commandUri = (command: string, args?: unknown): string =>
  `command:${command}${args === undefined ? '' : `?${encodeURIComponent(JSON.stringify([args]))}`}`;

const ORIGIN: Record<Identifier['origin'], string> = {
  v1: 'kcompressd patch v1 (zram side)', mm: 'kcompressd, mm/ version', unofficial: 'Kcompressd-Unofficial', kernel: 'kernel reclaim path',
};

/** Text from outside (a capture path, a profile name) shown literally: every Markdown/HTML metacharacter escaped, so
 *  a name cannot make a link, a command URI or markup in a trusted hover. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&"']/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** The hover's Markdown: what the identifier does, then this replay's figures and re-run links (or a link to run one). */
export function hoverMarkdown(id: Identifier, r: ReplayResult | undefined): string {
  const out = [`**${id.name}** — ${ORIGIN[id.origin]} (${id.kind})`, '', id.summary, ''];
  if (!r) {
    out.push(`[Replay a reclaim capture](${commandUri(REPLAY_COMMAND)}) to see this identifier's figures here.`);
    return out.join('\n');
  }
  const o = r.options;
  out.push(`---`, '', `Replay of ${escapeMarkdown(r.capture)} (${o.variant}, ${o.kcompressd} worker${o.kcompressd > 1 ? 's' : ''}, queue ${o.queue}, profile ${escapeMarkdown(r.profileName)}):`, '');
  // Sentences and links first, tables last: a hover taller than the screen cuts off its end, never the speed-up.
  const groups = id.figures.map((g) => FIGURES[g].lines(r));
  const isTable = (lines: string[]) => lines[0]?.startsWith('|');
  for (const lines of groups.filter((l) => !isTable(l))) out.push(...lines, '');
  const links = id.rerun.flatMap((k) => KNOB_VALUES[k](r)).map((l) => `[${l.label}](${commandUri(RERUN_COMMAND, l.options)})`);
  if (links.length) out.push(`Re-run with: ${links.join(' · ')}`, '');
  for (const lines of groups.filter(isTable)) out.push(...lines, '');
  return out.join('\n').trimEnd();
}

/** A one-line summary after the identifier's line (inline hints). */
export function inlineHint(id: Identifier, r: ReplayResult): string {
  return id.figures.length ? FIGURES[id.figures[0]].hint(r) : '';
}

/** Whether `text` holds at least one of `names` as a whole word (files that merely share a name stay quiet). */
export function mentionsAny(text: string, names: string[]): boolean {
  if (names.length === 0) return false;
  return new RegExp(`\\b(?:${names.join('|')})\\b`).test(text);
}

/** Offset of the first mention of `name` outside comment lines (where an inline hint goes), if any. */
export function firstCodeMention(text: string, name: string): number | undefined {
  const re = new RegExp(`\\b${name}\\b`, 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    const line = text.slice(lineStart, m.index).trimStart();
    if (!/^(\*|\/\*|\/\/)/.test(line)) return m.index;
  }
  return undefined;
}
