/**
 * What the language reads as a name (a recipe's or a ligand's), asked of its own lexer, and a
 * text made into one. One place for the import's row names, the rename refusal and BM106's
 * suggestion, so all three follow the lexer.
 */
import { quoted } from './diagnostics';
import { Identifier, offsetLexer, Times } from './lexer';

/** How the lexer reads a would-be name: one name, a reserved word (`site`, `x`), the count operator and a count (`x8`), or not one word (`4Au`, `a b`). */
export type NameReading = 'name' | 'reserved' | 'countOperator' | 'notOneWord';

export function readAsName(text: string): NameReading {
  const { tokens, errors } = offsetLexer.tokenize(text);
  if (errors.length === 0 && tokens.length === 1 && tokens[0].image === text) return tokens[0].tokenType === Identifier ? 'name' : 'reserved';
  return tokens[0]?.tokenType === Times ? 'countOperator' : 'notOneWord';
}

/**
 * `text` as a name: each run of characters a name cannot hold becomes `_`, and a name that cannot
 * start so (a digit, `-`) starts with `_` instead (`12abc` is `_12abc`, `-4Au` `_4Au`, `école` `_cole`).
 * It may still be a reserved word or `x` and a count (readAsName).
 */
export function asName(text: string): string {
  const kept = text.replace(/[^A-Za-z0-9_-]+/g, '_');
  if (/^[A-Za-z_]/.test(kept)) return kept;
  return kept.startsWith('-') ? `_${kept.slice(1)}` : `_${kept}`;
}

/** Why `text`, more than one token or a number, is not a name (an identifier: a letter or `_`, then letters, digits, `_` and `-`). */
export function whyNotAName(text: string): string {
  if (/^".*"$/.test(text)) return 'a name is written without quotes';
  if (/^\d/.test(text)) return 'a name cannot start with a digit';
  if (/^[-+]/.test(text)) return `a name cannot start with ${quoted(text[0])}`;
  // The lexer reads `x` as the count operator unless a letter, `_` or `-` follows it, so the parts glued to it are numbers.
  if (text.startsWith('x')) return `'x' before a number is the count operator ('PET x8' reads as 'PET x 8')`;
  if (text.startsWith('×')) return `'×' is the count operator`;
  return `a name is one word of letters, digits, '_' and '-'`;
}
