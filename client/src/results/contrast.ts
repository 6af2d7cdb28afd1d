/**
 * Colour arithmetic for the panel's drawn colours (WCAG 2 relative luminance and contrast ratio):
 * the heatmap picks each cell's text colour from its fill, the charts make a translucent theme
 * colour opaque and outline markers. Pure: colours come in as CSS `#rgb`, `#rrggbb(aa)`,
 * `rgb()`/`rgba()` text (what a theme variable or a canvas's normalised fillStyle holds).
 */

export interface Rgba {
  r: number;
  g: number;
  b: number;
  /** 0–1. */
  a: number;
}

/** A CSS colour in hex or rgb()/rgba() notation; undefined for anything else (names, color-mix…). */
export function parseColour(text: string): Rgba | undefined {
  const s = text.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,8})$/.exec(s);
  if (hex) {
    let h = hex[1];
    if (h.length === 3 || h.length === 4) h = [...h].map((c) => c + c).join('');
    if (h.length !== 6 && h.length !== 8) return undefined;
    const n = (i: number) => parseInt(h.slice(i, i + 2), 16);
    return { r: n(0), g: n(2), b: n(4), a: h.length === 8 ? n(6) / 255 : 1 };
  }
  const fn = /^rgba?\(([^)]*)\)$/.exec(s);
  if (fn) {
    const parts = fn[1].split(/[\s,/]+/).filter(Boolean);
    if (parts.length < 3) return undefined;
    const channel = (p: string) => (p.endsWith('%') ? (parseFloat(p) * 255) / 100 : parseFloat(p));
    const alpha = parts[3] === undefined ? 1 : parts[3].endsWith('%') ? parseFloat(parts[3]) / 100 : parseFloat(parts[3]);
    const [r, g, b] = parts.slice(0, 3).map(channel);
    if (![r, g, b, alpha].every(Number.isFinite)) return undefined;
    return { r, g, b, a: alpha };
  }
  return undefined;
}

export function cssColour(c: Rgba): string {
  const [r, g, b] = [c.r, c.g, c.b].map((v) => Math.round(Math.min(255, Math.max(0, v))));
  return c.a >= 1 ? `rgb(${r}, ${g}, ${b})` : `rgba(${r}, ${g}, ${b}, ${+c.a.toFixed(3)})`;
}

/** `top` painted over the opaque `bottom`. */
export function over(top: Rgba, bottom: Rgba): Rgba {
  const a = top.a;
  return { r: top.r * a + bottom.r * (1 - a), g: top.g * a + bottom.g * (1 - a), b: top.b * a + bottom.b * (1 - a), a: 1 };
}

/** `color-mix(in srgb, a p, b)`: `p` (0–1) of `a`, the rest of `b`. */
export function mix(a: Rgba, b: Rgba, p: number): Rgba {
  const q = 1 - p;
  return { r: a.r * p + b.r * q, g: a.g * p + b.g * q, b: a.b * p + b.b * q, a: a.a * p + b.a * q };
}

export function luminance(c: Rgba): number {
  const f = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
}

export function contrast(a: Rgba, b: Rgba): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

export const BLACK: Rgba = { r: 0, g: 0, b: 0, a: 1 };
export const WHITE: Rgba = { r: 255, g: 255, b: 255, a: 1 };

/**
 * The text colour for an opaque fill: the first of `preferred` (theme colours) that reaches
 * `minimum` against it, else black or white, whichever contrasts more (one of them always reaches
 * 4.58:1).
 */
export function textOn(fill: Rgba, preferred: readonly Rgba[] = [], minimum = 4.5): Rgba {
  const ok = preferred.filter((c) => c.a >= 1 && contrast(c, fill) >= minimum);
  if (ok.length) return ok.reduce((best, c) => (contrast(c, fill) > contrast(best, fill) ? c : best));
  return contrast(BLACK, fill) >= contrast(WHITE, fill) ? BLACK : WHITE;
}

/**
 * A marker's fill made opaque (a translucent theme colour at full strength: charts-orange is
 * `rgba(234, 92, 0, 0.33)` in the Modern themes) and an outline that stands at least 3:1 off the
 * background: the foreground where it does, else black or white.
 */
export function markerColours(fill: string, foreground: string, background: string): { fill: string; outline: string } {
  const ground = parseColour(background);
  const base = ground ? over(ground, WHITE) : undefined;
  const parsed = parseColour(fill);
  const solid = parsed ? cssColour({ ...parsed, a: 1 }) : fill;
  const fore = parseColour(foreground);
  if (!base) return { fill: solid, outline: foreground || solid };
  const outline = fore && fore.a >= 1 && contrast(fore, base) >= 3 ? fore : textOn(base, [], 3);
  return { fill: solid, outline: cssColour(outline) };
}
