// Fits a corpus's class mix to a capture's zram figures. Each figure is steered by the class that moves it most:
// zero share → zero pages, same fraction → fill pages, huge fraction → rand pages, ratio → sparse pages against the
// dense classes (text and ptr, kept in the base mix's proportion). Every figure is linear in the mix weights once the
// per-class contributions are measured on the corpus's real compressed pages, so the fit is one linear solve.
import { combine, PageCorpus } from './corpus';
import type { ClassContribution, CorpusFigures, CorpusOptions } from './corpus';
import { DEFAULT_MIX, normaliseMix, PAGE_CLASSES, PAGE_SIZE } from './pageClasses';
import type { ClassMix, PageClass } from './pageClasses';
import { buildClassTable } from './zsmalloc';
import { warning, type Warning } from '../../warnings';

/** A capture's zram figures (same names as CaptureFigures.zram); null → the class that figure steers keeps its
 *  base-mix weight. */
export interface FitTargets {
  ratio: number | null;
  sameFraction: number | null;
  hugeFraction: number | null;
  zeroShare: number | null;
}

export interface FitOptions {
  /** Default true (Linux ≥ 6.12: zero pages bypass zram). */
  zeromap?: boolean;
  /** CONFIG_ZSMALLOC_CHAIN_SIZE, sets huge_class_size (default 8 → 3625 B). */
  chainSize?: number;
  /** Mix the fit starts from and keeps for anything unknown (default DEFAULT_MIX). */
  baseMix?: ClassMix;
}

export interface CorpusFit {
  /** Percent per class. */
  mix: Record<PageClass, number>;
  /** What the fitted corpus implies (compare with the targets). */
  expected: CorpusFigures;
  /** Targets the corpus cannot reach (a weight would go negative); the fit then gets as close as clamping allows. */
  warnings: Warning[];
}

// Unknowns: the weights of these groups (dense = text+ptr in base proportion).
const GROUPS = ['zero', 'fill', 'rand', 'sparse', 'dense'] as const;
const STEERS: Record<keyof FitTargets, (typeof GROUPS)[number]> = { zeroShare: 'zero', sameFraction: 'fill', hugeFraction: 'rand', ratio: 'sparse' };

function checkTargets(t: FitTargets): void {
  const frac = (k: keyof FitTargets) => {
    const v = t[k];
    if (v !== null && !(Number.isFinite(v) && v >= 0 && v < 1)) throw new RangeError(`${k} must be in [0,1) or null, got ${v}`);
  };
  frac('sameFraction'); frac('hugeFraction'); frac('zeroShare');
  if (t.ratio !== null && !(Number.isFinite(t.ratio) && t.ratio >= 1)) throw new RangeError(`ratio must be ≥ 1 or null, got ${t.ratio}`);
}

function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    if (Math.abs(m[p][c]) < 1e-12) return null;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

export function fitMix(corpus: PageCorpus, targets: FitTargets, opts: FitOptions = {}): CorpusFit {
  checkTargets(targets);
  const zeromap = opts.zeromap ?? true;
  const hugeClassSize = buildClassTable(opts.chainSize ?? 8).hugeClassSize;
  const base = normaliseMix(opts.baseMix ?? DEFAULT_MIX);
  const at = (c: PageClass) => PAGE_CLASSES.indexOf(c);
  const denseBase = base[at('text')] + base[at('ptr')];
  if (denseBase <= 0) throw new RangeError('the base mix needs text or ptr pages');
  const part = (c: PageClass) => corpus.classContribution(c, zeromap, hugeClassSize);
  const textShare = base[at('text')] / denseBase;
  const pt = part('text');
  const pp = part('ptr');
  const blend = (k: keyof ClassContribution) => textShare * pt[k] + (1 - textShare) * pp[k];
  const groups: Record<(typeof GROUPS)[number], ClassContribution> = {
    zero: part('zero'), fill: part('fill'), rand: part('rand'), sparse: part('sparse'),
    dense: { stored: blend('stored'), same: blend('same'), huge: blend('huge'), zero: blend('zero'), comprBytes: blend('comprBytes') },
  };
  const baseOf = { zero: base[at('zero')], fill: base[at('fill')], rand: base[at('rand')], sparse: base[at('sparse')], dense: denseBase };
  const coef = (f: (g: ClassContribution) => number) => GROUPS.map((g) => f(groups[g]));
  const rows: number[][] = [GROUPS.map(() => 1)];
  const rhs: number[] = [1];
  for (const key of Object.keys(STEERS) as (keyof FitTargets)[]) {
    const v = targets[key];
    if (v === null) {
      const g = STEERS[key]; // unknown figure: this group keeps its base-mix weight
      rows.push(GROUPS.map((x) => (x === g ? 1 : 0)));
      rhs.push(baseOf[g]);
      continue;
    }
    if (key === 'zeroShare') rows.push(coef((g) => g.zero));
    else if (key === 'sameFraction') rows.push(coef((g) => g.same - v * g.stored));
    else if (key === 'hugeFraction') rows.push(coef((g) => g.huge - v * g.stored));
    else rows.push(coef((g) => PAGE_SIZE * g.stored - v * g.comprBytes));
    rhs.push(key === 'zeroShare' ? v : 0);
  }
  const warnings: Warning[] = [];
  let w = solve(rows, rhs);
  if (!w) {
    warnings.push(warning('corpus.fit-singular', 'page-content corpus: zram figures could not be fitted (singular system); using the base mix'));
    w = GROUPS.map((g) => baseOf[g]);
  }
  GROUPS.forEach((g, i) => {
    if (w![i] < 0) {
      const steer = (Object.keys(STEERS) as (keyof FitTargets)[]).find((k) => STEERS[k] === g);
      warnings.push(warning('corpus.fit-off-target', steer
        ? `page-content corpus: ${steer} cannot be matched by this corpus (${g} weight ${w![i].toFixed(3)}); clamped to 0`
        : `page-content corpus: the zram figures together leave no room for text/ptr pages (weight ${w![i].toFixed(3)}); clamped to 0`));
      w![i] = 0;
    }
  });
  const sum = w.reduce((a, b) => a + b, 0);
  const weight = (g: (typeof GROUPS)[number]) => w![GROUPS.indexOf(g)] / sum;
  const mixFrac: Record<PageClass, number> = {
    zero: weight('zero'), fill: weight('fill'), rand: weight('rand'), sparse: weight('sparse'),
    text: weight('dense') * textShare, ptr: weight('dense') * (1 - textShare),
  };
  const expected = combine(PAGE_CLASSES.map(part), PAGE_CLASSES.map((c) => mixFrac[c]));
  const mix = Object.fromEntries(PAGE_CLASSES.map((c) => [c, mixFrac[c] * 100])) as Record<PageClass, number>;
  return { mix, expected, warnings };
}

/** Builds a corpus (real compression), fits its mix to `targets` and returns the corpus drawing with that mix. */
export function buildFittedCorpus(opts: CorpusOptions & FitOptions & { targets: FitTargets }): { corpus: PageCorpus; fit: CorpusFit } {
  const built = PageCorpus.build({ ...opts, mix: opts.baseMix ?? opts.mix });
  const fit = fitMix(built, opts.targets, { ...opts, baseMix: opts.baseMix ?? opts.mix });
  return { corpus: built.withMix(fit.mix), fit };
}
