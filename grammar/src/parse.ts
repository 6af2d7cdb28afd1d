/**
 * Text → AST with syntax diagnostics: lexing, the tolerant parse and the AST builder in one call
 * that never throws, so an editor always gets a tree to work with.
 */
import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import type { OffsetRange } from '../../engine/src/recipe';
import type { BimetalFile } from './ast';
import { AstBuilder, tokenRange } from './astBuilder';
import type { IRecognitionException, IToken } from './chevrotain';
import { CODES } from './codes';
import { codePointLabel, isInvisible } from '../../engine/src/codePoints';
import { isElementSymbol } from '../../engine/src/periodicTable';
import { anyRangeWithin, compareDiagnostics, diagnostic, internalErrorDiagnostic, quoted } from './diagnostics';
import { DASHES, offsetLexer } from './lexer';
import { MAX_SYNTAX_ERRORS, PROBE_CHARS, PROBE_LINE_SLACK, stoppedParsingDiagnostic } from './limits';
import { bimetalParser } from './parser';
import { MOLAR_ENERGY_UNITS } from './vocabulary';

export interface ParseResult {
  ast: BimetalFile;
  /** Syntax diagnostics (BM1xx, plus duplicate ligand clauses), sorted by position. */
  diagnostics: BimetalDiagnostic[];
}

/**
 * Lexes, parses and builds the AST. Never throws: an internal failure becomes one diagnostic.
 * A long document is probed first: when its first megabyte already holds more syntax errors than
 * anyone will fix one by one (it is binary or not a recipe file), parsing stops there and one
 * diagnostic says so, so a 50 MB file of garbage costs as much as one megabyte of it.
 *
 * A line that starts with `recipe` always starts a new declaration, and nothing before it depends
 * on what follows it, so a document split at such lines parses, chunk after chunk, to exactly what
 * it parses to in one piece. Chunks of about CHUNK_CHARS keep each chunk's tokens short-lived (they
 * are garbage before the next chunk is lexed, where a whole document's tokens would outlive many
 * garbage collections), and the probe is the chunks up to the first megabyte, not a second parse.
 */
export function parseDocument(text: string): ParseResult {
  if (text.length <= PROBE_CHARS) return parseSection(text, 0, text.length);
  const probeSplit = recipeLineNear(text, PROBE_CHARS);
  if (probeSplit === undefined) {
    // No recipe starts near the first megabyte (it is probably not a recipe file): probe it alone.
    const cut = probeEnd(text);
    const probe = new DocumentParse(text.slice(0, cut), 0, cut).parse(cut);
    if (probe.tooManyErrors()) return probe.stoppedAt(cut, text.length);
    return parseChunks(new DocumentParse(text, 0, text.length), undefined).result();
  }
  return parseChunks(new DocumentParse(text, 0, text.length), probeSplit).result();
}

/**
 * What `parseDocument(text.slice(start, end))` gives with every offset moved on by `start`, for a
 * section of at most PROBE_CHARS (which parseDocument parses without a probe). The incremental
 * parser parses its new declarations where they stand this way, instead of copying each out of
 * the text and then moving every range of its result.
 */
export function parseSection(text: string, start: number, end: number): ParseResult {
  return parseChunks(new DocumentParse(text, start, end), undefined).result();
}

/** About how many characters are lexed and parsed at a time. */
const CHUNK_CHARS = 64 * 1024;

/** Parses `pass`'s text chunk by chunk; at `probeSplit` (a chunk end), stops when the probe has too many errors. */
function parseChunks(pass: DocumentParse, probeSplit: number | undefined): DocumentParse {
  for (let from = pass.start; from < pass.end; ) {
    const end = chunkEnd(pass.text, from, pass.end, probeSplit);
    pass.parse(end);
    if (end === probeSplit && pass.tooManyErrors()) return pass.stop(end);
    from = end;
  }
  return pass;
}

/** Where the chunk from `from` ends: a `recipe` line about CHUNK_CHARS on, never past `probeSplit`, or `sectionEnd`. */
function chunkEnd(text: string, from: number, sectionEnd: number, probeSplit: number | undefined): number {
  const limit = probeSplit !== undefined && from < probeSplit ? probeSplit : sectionEnd;
  for (let target = from + CHUNK_CHARS; target < limit; target += CHUNK_CHARS) {
    const end = recipeLineNear(text, target);
    if (end !== undefined && end <= limit) return end;
  }
  return limit;
}

/** Where the probe ends: the first line break after PROBE_CHARS (or there, on a file without lines). */
function probeEnd(text: string): number {
  const lineEnd = text.indexOf('\n', PROBE_CHARS);
  return lineEnd !== -1 && lineEnd - PROBE_CHARS < PROBE_LINE_SLACK ? lineEnd + 1 : PROBE_CHARS;
}

/**
 * The start of the first line from `from` on (within PROBE_LINE_SLACK) whose first word is the
 * keyword `recipe`. Such a line lexes to whitespace and a Recipe token (a line cannot start inside
 * a string or a comment), and a Recipe token always starts a top-level declaration.
 */
function recipeLineNear(text: string, from: number): number | undefined {
  const pattern = /\n[ \t\f\v]*recipe(?![A-Za-z0-9_-])/y;
  for (let at = text.indexOf('\n', from); at !== -1 && at - from < PROBE_LINE_SLACK; at = text.indexOf('\n', at + 1)) {
    pattern.lastIndex = at;
    if (pattern.test(text)) return at + 1;
  }
  return undefined;
}

function countErrors(diagnostics: readonly BimetalDiagnostic[]): number {
  let errors = 0;
  for (const d of diagnostics) if (d.severity === 'error') errors++;
  return errors;
}

/** One document's parse (or a section's: the text from `start` to `end`), chunk by chunk, into one AST builder. */
class DocumentParse {
  private readonly diagnostics: BimetalDiagnostic[] = [];
  private readonly build: AstBuilder;
  private readonly comments: IToken[] = [];
  private parsedTo: number;
  private failed = false;
  private stopOffset: number | undefined;

  constructor(
    readonly text: string,
    readonly start: number,
    readonly end: number,
  ) {
    this.build = new AstBuilder(text, start, end, this.diagnostics);
    this.parsedTo = start;
  }

  /** Parses on from where the last chunk ended up to `end`: the start of a `recipe` line (see recipeLineNear) or the text's end. */
  parse(end: number): this {
    if (this.failed) return this;
    const start = this.parsedTo;
    this.parsedTo = end;
    try {
      const text = this.text;
      const lexed = offsetLexer.tokenize(start === 0 && end === text.length ? text : text.slice(start, end));
      const comments = (lexed.groups.comments ?? []) as IToken[];
      if (start > 0) {
        for (const token of lexed.tokens) token.startOffset += start;
        for (const comment of comments) comment.startOffset += start;
      }
      let swallowed: Set<number> | undefined;
      const lexical: BimetalDiagnostic[] = [];
      for (const error of lexed.errors) {
        const from = start + error.offset;
        const to = Math.min(this.end, from + Math.max(1, error.length));
        const pasted = pastedTextDiagnostic(text, from, to, this.start, this.end);
        if (pasted) {
          lexical.push(pasted.diagnostic);
          if (pasted.swallows !== undefined) (swallowed ??= new Set()).add(pasted.swallows);
          continue;
        }
        const chars = text.slice(from, to);
        lexical.push(
          diagnostic('unexpectedCharacter', unexpectedCharactersMessage(chars), { start: from, end: to }, {
            data: { removable: true },
          }),
        );
      }
      // A word the message above covers (`atom` of `eV/atom`) is not read again as the start of a property.
      const tokens = swallowed ? lexed.tokens.filter((token) => !swallowed.has(token.startOffset)) : lexed.tokens;
      const names = this.build.malformedNames.length;
      for (const error of bimetalParser.parse(tokens, text, this.build)) this.diagnostics.push(recognitionDiagnostic(error, this.end));
      // A character inside a name that is reported as no name (BM106) is part of that one error.
      const malformed = this.build.malformedNames.slice(names);
      for (const d of lexical) if (!malformed.some((name) => d.range.start >= name.start && d.range.end <= name.end)) this.diagnostics.push(d);
      for (const comment of comments) this.comments.push(comment);
    } catch (error) {
      // A safety net for parser bugs: the editor keeps working and the user sees where to report it.
      this.failed = true;
      this.diagnostics.length = 0;
      this.diagnostics.push(internalErrorDiagnostic('parser', error, { start: this.start, end: this.end }));
    }
    return this;
  }

  tooManyErrors(): boolean {
    return countErrors(this.diagnostics) > MAX_SYNTAX_ERRORS;
  }

  /** Parsing stops at `offset`: the rest is not analysed, and one diagnostic says so. */
  stop(offset: number): this {
    this.stopOffset = offset;
    return this;
  }

  /** The result of a probe of a longer document of `length` characters, stopped at its end. */
  stoppedAt(offset: number, length: number): ParseResult {
    const result = this.stop(offset).result();
    result.ast.start = 0;
    result.ast.end = length;
    return result;
  }

  result(): ParseResult {
    if (this.failed) return { ast: fileSpanning({ start: this.start, end: this.end }), diagnostics: this.diagnostics };
    const ast = this.build.file(this.comments);
    this.diagnostics.sort(compareDiagnostics);
    markSyntaxErrors(ast, this.diagnostics);
    markPastedNames(ast, this.diagnostics);
    if (this.stopOffset !== undefined) this.diagnostics.push(stoppedParsingDiagnostic(this.stopOffset));
    return { ast, diagnostics: this.diagnostics };
  }
}

/** At most this many parts (quoted runs and named characters) in one BM100 message, and characters in one quoted run; the rest are counted. */
const MAX_MESSAGE_PARTS = 5;
const MAX_QUOTED_CHARACTERS = 40;

/**
 * The BM100 message for a run of characters no token starts with. Visible characters are quoted
 * (`unexpected character "@"`); an invisible one is named by its code point, since quoting it shows
 * nothing (`unexpected character U+200B (zero width space)`). Characters are counted as code points.
 */
function unexpectedCharactersMessage(chars: string): string {
  const parts: { text: string; count: number }[] = [];
  let visible: string[] = [];
  let count = 0;
  const quoteVisible = () => {
    if (visible.length === 0) return;
    const shown = visible.slice(0, MAX_QUOTED_CHARACTERS);
    // Between quotes as typed: JSON's escapes would show a backslash as two (invisible characters are named apart).
    parts.push({ text: `"${shown.join('')}"`, count: shown.length });
    visible = [];
  };
  for (const char of chars) {
    count++;
    if (!isInvisible(char)) {
      visible.push(char);
      continue;
    }
    quoteVisible();
    parts.push({ text: codePointLabel(char), count: 1 });
  }
  quoteVisible();
  const shown = parts.slice(0, MAX_MESSAGE_PARTS);
  const rest = count - shown.reduce((sum, part) => sum + part.count, 0);
  return `unexpected character${count > 1 ? 's' : ''} ${shown.map((part) => part.text).join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`;
}

/** A typographic dash named for a message: `an en dash (U+2013)`. */
function dashName(dash: string): string {
  return `${DASHES[dash]} (${codePointLabel(dash)})`;
}

/** A character a name or number holds: '-' glued after one would join it. */
const NAME_CHARACTER = /[A-Za-z0-9_]/;

/** A word directly before `at` (letters, digits, `_`, `-`, starting with a letter or `_`), not counting text before `floor`. */
function wordBefore(text: string, at: number, floor: number): string {
  let from = at;
  while (from > floor && /[A-Za-z0-9_-]/.test(text[from - 1])) from--;
  return text.slice(from, at);
}

/**
 * A clearer BM100 for characters pasted from papers and word processors, where the intended text is
 * plain: a typographic minus or dash for `-` (removing it would flip a sign, so the fix replaces it),
 * `Cp*` for the built-in ligand `Cpstar` (removing the star would leave the different ligand `Cp`),
 * `eV/atom` for `eV`, which is already per metal atom (LANGUAGE.md §3.2), and the `/mol` of `kJ/mol`
 * and `kcal/mol`, whose unit's own error (BM219) converts the value. `swallows` is the offset
 * of a token the diagnostic's range covers, so that it is not read again (`atom`). Only the text of
 * the section being parsed, from `floor` to `ceiling`, is looked at.
 */
function pastedTextDiagnostic(text: string, from: number, to: number, floor: number, ceiling: number): { diagnostic: BimetalDiagnostic; swallows?: number } | undefined {
  const chars = text.slice(from, to);
  const plain = plainForm(chars);
  const signed = chargeSignedBefore(text, chars, plain, from, to, floor);
  if (signed) return { diagnostic: signed };
  const dashes = [...chars];
  if (dashes.every((char) => DASHES[char] !== undefined)) {
    const what = dashes.length === 1 ? dashName(dashes[0]) : 'typographic dashes';
    const range = { start: from, end: to };
    // Between two numbers a dash means a range (`12–14`), which the language writes `12..14`.
    if (dashes.length === 1 && /\d/.test(text[from - 1] ?? '') && /\d/.test(text[to] ?? '')) {
      return { diagnostic: diagnostic('unexpectedCharacter', `unexpected character ${JSON.stringify(chars)}: ${what} between numbers; a range is written with '..' (12..14)`, range, { data: { replacements: ['..'] } }) };
    }
    // After a word, '-' alone would join it (`charge−1` → `charge-1`, a name): the fix keeps them apart.
    const apart = NAME_CHARACTER.test(text[from - 1] ?? '') ? ' ' : '';
    return {
      diagnostic: diagnostic('unexpectedCharacter', `unexpected character${dashes.length > 1 ? 's' : ''} ${JSON.stringify(chars)}: ${what}, which only look${dashes.length > 1 ? '' : 's'} like the minus or hyphen '-'; type '-' instead`, range, {
        data: { replacements: [apart + '-'.repeat(dashes.length)] },
      }),
    };
  }
  if (plain !== undefined) {
    // Digits glued to an element symbol (`Au₁₂`) are its count, apart from it; in a name (`PPh₃`) they are the name's.
    const apart = /[0-9]/.test(plain[0]) && isElementSymbol(/[A-Za-z]*$/.exec(wordBefore(text, from, floor))?.[0] ?? '') ? ' ' : '';
    const typed = plain.trim() === '' ? 'a space' : quoted(plain);
    return {
      diagnostic: diagnostic('unexpectedCharacter', `${typesetForm(chars, plain)}; type ${apart ? 'a space and ' : ''}${typed} instead`, { start: from, end: to }, { data: { replacements: [apart + plain] } }),
    };
  }
  if (chars === '*' && wordBefore(text, from, floor) === 'Cp') {
    // `Cp*x2` must not become the name `Cpstarx2`.
    const apart = NAME_CHARACTER.test(text[to] ?? '') ? ' ' : '';
    return {
      diagnostic: diagnostic('unexpectedCharacter', `unexpected character "*": Cp* (pentamethylcyclopentadienyl) is the built-in ligand Cpstar, and Cp alone is cyclopentadienyl; write Cpstar`, { start: from - 2, end: to }, {
        data: { replacements: [`Cpstar${apart}`] },
      }),
    };
  }
  // The unit's letters: a number may be glued before them (`-12kJ/mol`).
  const unit = /[A-Za-z]*$/.exec(wordBefore(text, from, floor))?.[0] ?? '';
  if (chars === '/' && unit === 'eV') {
    // `mol` too: BM219's fix turns `kJ/mol` into `eV/mol`, whose `/mol` then goes as this says.
    const per = /^(?:atoms?|at|metal|mol)(?![A-Za-z0-9_-])/.exec(text.slice(to, Math.min(ceiling, to + 8)));
    if (per) {
      return {
        diagnostic: diagnostic('unexpectedCharacter', `unexpected "/${per[0]}": energies are written in eV and read per metal atom; write eV`, { start: from, end: to + per[0].length }, {
          data: { removable: true },
        }),
        swallows: to,
      };
    }
  }
  if (chars === '/' && MOLAR_ENERGY_UNITS.includes(unit) && /^mol(?![A-Za-z0-9_-])/.test(text.slice(to, Math.min(ceiling, to + 4)))) {
    return {
      diagnostic: diagnostic('unexpectedCharacter', `unexpected "/mol": ${unit}/mol is no unit of the language; the error on ${unit} converts the value to eV (per atom), and "/mol" goes`, { start: from, end: to + 3 }, {
        data: { removable: true },
      }),
      swallows: to,
    };
  }
  return undefined;
}

/**
 * The plain ASCII that characters pasted from typeset text stand for, each by its compatibility
 * form (NFKC): subscript and superscript digits and signs (`₁₂`, `⁻`), full-width digits and
 * letters (`１２`, `ｃ`), mathematical letters (`𝑃` of `𝑃Ph3`), wide spaces. Undefined unless every
 * character has such a form: deleting one would change a count or flip a sign.
 */
function plainForm(chars: string): string | undefined {
  let plain = '';
  for (const char of chars) {
    const form = char.normalize('NFKC');
    if (form === char) return undefined;
    plain += DASHES[form] !== undefined ? '-' : form;
  }
  return /^[\x20-\x7e]+$/.test(plain) ? plain : undefined;
}

/**
 * BM100 for a charge's sign written after its number, as charges are typeset (`charge 2-`, `2⁻`,
 * `2−`), fixed by moving it before the number: removing it, or reading the minus alone, would flip
 * the charge. Only a `charge` value, unsigned and not the start of a range (`2–3`).
 */
function chargeSignedBefore(text: string, chars: string, plain: string | undefined, from: number, to: number, floor: number): BimetalDiagnostic | undefined {
  const sign = [...chars].length === 1 ? plainCharacter(chars) : (plain ?? chars);
  if ((sign !== '-' && sign !== '+') || /\d/.test(text[to] ?? '')) return undefined;
  let numberStart = from;
  while (numberStart > floor && /[0-9]/.test(text[numberStart - 1])) numberStart--;
  if (numberStart === from || !/(?:^|[\s;{])charge[ \t]+$/.test(text.slice(Math.max(floor, numberStart - 40), numberStart))) return undefined;
  const signedNumber = sign + text.slice(numberStart, from);
  const what = plain !== undefined ? typesetForm(chars, plain) : DASHES[chars] !== undefined ? `unexpected character ${JSON.stringify(chars)}: ${dashName(chars)}` : unexpectedCharactersMessage(chars);
  return diagnostic('unexpectedCharacter', `${what}; a charge's sign goes before its number: ${signedNumber}`, { start: numberStart, end: to }, { data: { replacements: [signedNumber] } });
}

/**
 * One character as the language reads it where it was pasted from typeset text: a dash (DASHES) as
 * '-', a character with a plain form (plainForm: `⁻`, `２`) as that form, any other as itself.
 */
export function plainCharacter(char: string): string {
  return DASHES[char] !== undefined ? '-' : (plainForm(char) ?? char);
}

/** The start of BM100's message for characters that stand for `plain` (plainForm). */
function typesetForm(chars: string, plain: string): string {
  return `${unexpectedCharactersMessage(chars)}, which stand${[...chars].length > 1 ? '' : 's'} for ${plain.trim() === '' ? 'a space' : quoted(plain)}`;
}

/** Chevrotain's own errors; the tolerant grammar makes these rare, so the message stays generic. */
function recognitionDiagnostic(error: IRecognitionException, end: number): BimetalDiagnostic {
  const t = error.token;
  const real = t && !t.isInsertedInRecovery && Number.isFinite(t.startOffset);
  const range = real ? tokenRange(t) : { start: end, end };
  return diagnostic('parserError', `syntax error: ${error.message}`, range);
}

/** An unclosed `}` leaves the recipe's meaning intact, so it alone does not stop expansion. */
const HARMLESS_FOR_EXPANSION = new Set([CODES.unclosedRecipe.code]);

function markSyntaxErrors(ast: BimetalFile, sorted: BimetalDiagnostic[]): void {
  const errors = sorted.filter((d) => d.severity === 'error' && !HARMLESS_FOR_EXPANSION.has(d.code)).map((d) => d.range);
  for (const declaration of ast.declarations) declaration.hasSyntaxErrors = anyRangeWithin(errors, declaration);
}

/**
 * Marks the ligand names a typeset character is glued to that BM100 writes as part of the name
 * (`₃` of `PPh₃` as `3`; not `₁₂` of `Au₁₂`, written apart as ` 12`, nor a full-width comma).
 */
function markPastedNames(ast: BimetalFile, diagnostics: readonly BimetalDiagnostic[]): void {
  const edges = new Set<number>();
  for (const d of diagnostics) {
    const plain = d.code === CODES.unexpectedCharacter.code ? (d.data?.replacements as string[] | undefined)?.[0] : undefined;
    if (plain === undefined || !NAME_PART.test(plain)) continue;
    edges.add(d.range.start);
    edges.add(d.range.end);
  }
  if (edges.size === 0) return;
  for (const recipe of ast.recipes) {
    for (const property of recipe.properties) {
      if (property.kind !== 'ligands') continue;
      for (const use of property.uses) if (use.ref.kind === 'word' && (edges.has(use.ref.start) || edges.has(use.ref.end))) use.pasted = true;
    }
  }
}

const NAME_PART = /^[A-Za-z0-9_-]+$/;

/** A file with no declarations, spanning `length` characters: what a document that cannot be parsed holds. */
export function emptyFile(length: number): BimetalFile {
  return fileSpanning({ start: 0, end: length });
}

function fileSpanning(range: OffsetRange): BimetalFile {
  return { kind: 'file', start: range.start, end: range.end, declarations: [], ligands: [], recipes: [], comments: [] };
}
