/**
 * Naming characters in messages: one a reader cannot see is named by its code point, as the syntax
 * errors (BM100) and the SMILES errors (BM301) do.
 */

/**
 * Characters a reader cannot see, or cannot tell apart, when quoted: controls, format characters
 * (zero widths, direction marks), unpaired surrogates, private use and unassigned code points,
 * spaces the lexer does not skip, lone combining marks (they would sit on the quote) and the other
 * default-ignorable code points (variation selectors, Hangul fillers).
 */
const INVISIBLE = /^[\p{C}\p{Z}\p{M}\p{Default_Ignorable_Code_Point}]$/u;

/** Whether `char` (one code point) is such a character. */
export function isInvisible(char: string): boolean {
  return INVISIBLE.test(char);
}

/** Names of the invisible characters most often pasted into text by accident, lower case as in messages. */
const INVISIBLE_NAMES: Readonly<Record<number, string>> = {
  0x0085: 'next line',
  0x00ad: 'soft hyphen',
  0x034f: 'combining grapheme joiner',
  0x061c: 'arabic letter mark',
  0x115f: 'hangul choseong filler',
  0x1160: 'hangul jungseong filler',
  0x1680: 'ogham space mark',
  0x180e: 'mongolian vowel separator',
  0x2000: 'en quad',
  0x2001: 'em quad',
  0x2002: 'en space',
  0x2003: 'em space',
  0x2004: 'three-per-em space',
  0x2005: 'four-per-em space',
  0x2006: 'six-per-em space',
  0x2007: 'figure space',
  0x2008: 'punctuation space',
  0x2009: 'thin space',
  0x200a: 'hair space',
  0x200b: 'zero width space',
  0x200c: 'zero width non-joiner',
  0x200d: 'zero width joiner',
  0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark',
  0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding',
  0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override',
  0x202e: 'right-to-left override',
  0x202f: 'narrow no-break space',
  0x205f: 'medium mathematical space',
  0x2060: 'word joiner',
  0x2061: 'function application',
  0x2062: 'invisible times',
  0x2063: 'invisible separator',
  0x2064: 'invisible plus',
  0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate',
  0x2069: 'pop directional isolate',
  0x3000: 'ideographic space',
  0x3164: 'hangul filler',
  0xffa0: 'halfwidth hangul filler',
};

/** What a character without a name in INVISIBLE_NAMES is, by its general category. */
const INVISIBLE_KINDS: readonly (readonly [RegExp, string])[] = [
  [/^\p{Cc}$/u, 'control character'],
  [/^\p{Cs}$/u, 'unpaired surrogate'],
  [/^\p{Co}$/u, 'private use'],
  [/^\p{Cn}$/u, 'unassigned'],
  [/^\p{Cf}$/u, 'format character'],
  [/^\p{M}$/u, 'combining mark'],
  [/^\p{Z}$/u, 'space'],
];

/** `U+200B (zero width space)`: the code point, and a name or kind where one is known. */
export function codePointLabel(char: string): string {
  const code = char.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const name =
    INVISIBLE_NAMES[code] ??
    (code >= 0xfe00 && code <= 0xfe0f ? `variation selector-${code - 0xfe00 + 1}` : INVISIBLE_KINDS.find(([kind]) => kind.test(char))?.[1]);
  return name ? `${hex} (${name})` : hex;
}
