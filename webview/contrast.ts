// WCAG relative luminance and contrast ratio, and the lightness adjustment that keeps two series colours apart from
// each other and from the background in every theme (each theme's own hue is kept; only its lightness moves).

export type Rgb = [number, number, number]; // 0..255

/** Parses #rgb, #rrggbb, #rrggbbaa and rgb()/rgba() strings (alpha ignored); undefined for anything else. */
export function parseColour(css: string): Rgb | undefined {
  const s = css.trim().toLowerCase();
  let m = /^#([0-9a-f]{3,8})$/.exec(s);
  if (m) {
    const h = m[1];
    if (h.length === 3 || h.length === 4) return [0, 1, 2].map((i) => parseInt(h[i] + h[i], 16)) as Rgb;
    if (h.length === 6 || h.length === 8) return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as Rgb;
    return undefined;
  }
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(s);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])].map((v) => Math.max(0, Math.min(255, v))) as Rgb : undefined;
}

const toLinear = (c: number): number => {
  const v = c / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
};
const fromLinear = (v: number): number => {
  const c = v <= 0.0031308 ? v * 12.92 : 1.055 * v ** (1 / 2.4) - 0.055;
  return Math.round(Math.max(0, Math.min(1, c)) * 255);
};

/** WCAG 2 relative luminance, 0 (black) … 1 (white). */
export function luminance([r, g, b]: Rgb): number {
  return 0.2126 * toLinear(r) + 0.7152 * toLinear(g) + 0.0722 * toLinear(b);
}

/** WCAG 2 contrast ratio, 1 … 21. */
export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

export const toHex = (c: Rgb): string => `#${c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;

/**
 * The colour with `c`'s hue at luminance `target`: scaled towards black in linear light, or mixed with white
 * (both keep the hue; rounding to 8 bits moves the luminance by well under 1 %).
 */
export function withLuminance(c: Rgb, target: number): Rgb {
  const lin = c.map(toLinear);
  const l = luminance(c);
  if (l <= 0) return lin.map(() => fromLinear(target)) as Rgb;
  if (target <= l) return lin.map((v) => fromLinear(v * (target / l))) as Rgb;
  const t = (target - l) / (1 - l);
  return lin.map((v) => fromLinear(v + t * (1 - v))) as Rgb;
}

/** Luminance `ratio` times further from black than `l` (up), or `ratio` times nearer (down). */
const above = (l: number, ratio: number): number => ratio * (l + 0.05) - 0.05;
const below = (l: number, ratio: number): number => (l + 0.05) / ratio - 0.05;

/**
 * Two luminances that give at least `ratio` between each other and against a background of luminance `bg`:
 * both darker than the background, both lighter, or one on each side, whichever fits (first the layout
 * that moves the colours least). Returns [lighter, darker].
 */
export function separatedLuminances(bg: number, ratio: number): [number, number] | undefined {
  const layouts: [number, number][] = [];
  // Both on the far side from the background: light themes go dark, dark themes go light.
  const d1 = below(bg, ratio);
  const d2 = below(d1, ratio);
  if (d2 >= 0) layouts.push([d1, d2]);
  const u1 = above(bg, ratio);
  const u2 = above(u1, ratio);
  if (u2 <= 1) layouts.push([u2, u1]);
  if (d1 >= 0 && u1 <= 1) layouts.push([u1, d1]);
  if (layouts.length === 0) return undefined;
  // Prefer the layout whose lighter colour sits nearest mid-grey: saturated hues stay recognisable there.
  return layouts.sort((a, b) => Math.abs(a[0] - 0.3) - Math.abs(b[0] - 0.3))[0];
}

/**
 * The two scenario colours, hues from the theme, lightness moved so that each pair among (a, b, background) has a
 * contrast ratio of at least `ratio`. `a` becomes the lighter one. Unchanged when the background cannot be read.
 */
export function separatePair(a: string, b: string, background: string, ratio = 3.3): [string, string] {
  const ca = parseColour(a);
  const cb = parseColour(b);
  const bg = parseColour(background);
  if (!ca || !cb || !bg) return [a, b];
  if (contrast(ca, cb) >= ratio && contrast(ca, bg) >= ratio && contrast(cb, bg) >= ratio) return [a, b];
  const lum = separatedLuminances(luminance(bg), ratio);
  if (!lum) return [a, b];
  return [toHex(withLuminance(ca, lum[0])), toHex(withLuminance(cb, lum[1]))];
}

/**
 * `c` with its hue kept and its lightness moved, if needed, to at least `ratio` against `background` (towards the
 * far side from it); unchanged when either cannot be read or it already stands out.
 */
export function legibleOn(c: string, background: string, ratio = 3.3): string {
  const cc = parseColour(c);
  const bg = parseColour(background);
  if (!cc || !bg || contrast(cc, bg) >= ratio) return c;
  const lb = luminance(bg);
  const up = above(lb, ratio);
  const down = below(lb, ratio);
  // Dark backgrounds take a lighter colour, light ones a darker; whichever side is reachable.
  const target = lb < 0.18 ? (up <= 1 ? up : Math.max(0, down)) : (down >= 0 ? down : Math.min(1, up));
  return toHex(withLuminance(cc, target));
}
