import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import type { OffsetRange } from '../../engine/src/recipe';
import {
  keywordOf,
  rangeOf,
  type BimetalFile,
  type Choice,
  type CountItem,
  type Declaration,
  type Keyworded,
  type ListNode,
  type LigandDecl,
  type LigandUseNode,
  type NumberNode,
  type Property,
  type RangeNode,
  type RecipeDecl,
  type StringNode,
  type Word,
} from './ast';
import type { IToken } from './chevrotain';
import { CODES } from './codes';
import { diagnostic, quoted, shortened } from './diagnostics';
import { LineIndex } from './lineIndex';
import { unrepresentableNumber } from '../../engine/src/storedNumbers';
import { isInvisible } from '../../engine/src/codePoints';
import { suggestClosest } from './suggest';
import { keywordWithGluedValue, replacementsTaking, type FollowingValue } from './following';
import { BUILTIN_LIGAND_NAMES } from '../../engine/src/ligands/builtinLibrary';
import { ELEMENT_SYMBOLS } from '../../engine/src/periodicTable';
import { DECLARATION_KEYWORDS, DISTANCE_UNITS, ENERGY_UNITS, KEYWORDS, LIGAND_CLAUSE_KEYWORDS, PROPERTY_NAMES, SITE_NAMES, SUPPORT_KINDS, TOPOLOGY_NAMES } from './vocabulary';
import { asName, whyNotAName } from './names';
import { keywordText, offsetLexer } from './lexer';

/**
 * Builds the AST while the parser runs (its embedded actions call in here), and reports the
 * syntax errors that the tolerant grammar let through (missing values, unclosed blocks and lists,
 * stray tokens, bad strings).
 *
 * The parser hands over the parts of each rule as it finishes it (the `…Parts` types below: the
 * rule's tokens and already built children, in source order, and the rule's range). Parts whose
 * meaning depends on where they stand (a string, a number range, a list item) stay raw until the
 * declaration that holds them decides, so a value is reported only where it is used.
 */

/** A `ligand NAME = "SMILES" [binds …] [logP …]` declaration's part after the name. */
export interface LigandTailParts {
  equals: IToken;
  smiles?: IToken;
  clauses: (BindsParts | LogPParts)[];
}

export interface BindsParts {
  kind: 'binds';
  range: OffsetRange;
  keyword: IToken;
  /** Atom identifiers and commas, in source order. */
  elements: IToken[];
}

export interface LogPParts {
  kind: 'logP';
  range: OffsetRange;
  keyword: IToken;
  value?: IToken;
}

/** `{ item… }`: each item is a property, a stray token or a `;`, in source order. */
export interface RecipeBodyParts {
  open?: IToken;
  items: (Property | IToken)[];
  close?: IToken;
}

export interface NumberOrRangeParts {
  kind: 'numberOrRange';
  range: OffsetRange;
  from: IToken;
  dots?: IToken;
  to?: IToken;
}

export interface ListItemParts {
  range: OffsetRange;
  identifier?: IToken;
  number?: NumberOrRangeParts;
  string?: IToken;
  nested?: NestedListParts;
}

/** A `[…]` inside a list, read flat (lists do not nest). */
export interface NestedListParts {
  kind: 'nestedList';
  range: OffsetRange;
  closed: boolean;
}

export interface ListParts {
  kind: 'list';
  range: OffsetRange;
  open: IToken;
  /** Items and commas, in source order. */
  elements: (ListItemParts | IToken)[];
  close?: IToken;
}

export type CountParts = NumberOrRangeParts | ListParts;

export function isToken(element: object): element is IToken {
  return (element as IToken).image !== undefined;
}

/** Where a token ends: the lexer tracks offsets only, so the end comes from the image. */
export function tokenEnd(token: IToken): number {
  return token.startOffset + token.image.length;
}

/** Half-open range of a token. */
export function tokenRange(token: IToken): OffsetRange {
  return { start: token.startOffset, end: tokenEnd(token) };
}

/** A number token as a node: NaN, with the reason, when a double cannot hold it (engine/src/storedNumbers.ts). */
function numberNode(t: IToken): NumberNode {
  const problem = unrepresentableNumber(t.image);
  const { start, end } = tokenRange(t);
  return problem ? { kind: 'number', text: t.image, value: NaN, problem, start, end } : { kind: 'number', text: t.image, value: Number(t.image), start, end };
}

/**
 * The built nodes among `items` (the rest are tokens: commas, strays), in a list of exactly their
 * number: a list grown by push keeps room for 17, and the tree's lists of properties, ligand uses
 * and family items were a seventh of its memory (`npm run bench -- parse`).
 */
function builtNodes<T extends object>(items: readonly (T | IToken)[]): T[] {
  const nodes = new Array<T>(builtCount(items));
  let n = 0;
  for (const item of items) if (!isToken(item)) nodes[n++] = item as T;
  return nodes;
}

function builtCount(items: readonly object[]): number {
  let count = 0;
  for (const item of items) if (!isToken(item)) count++;
  return count;
}

/** Words of the vocabulary that are no keyword (keywordText gives a keyword's by its token type), and the count operator's two spellings. */
const VOCABULARY_TEXT = new Map<string, string>(
  [...ELEMENT_SYMBOLS, ...TOPOLOGY_NAMES, ...SITE_NAMES, ...SUPPORT_KINDS, ...BUILTIN_LIGAND_NAMES, ...Object.keys(DISTANCE_UNITS), ...ENERGY_UNITS, 'x', '×'].map((text) => [text, text]),
);

/**
 * A token's text as the tree keeps it: for a word of the language's vocabulary (keywords, element
 * symbols, topologies, sites, supports, built-in ligands, units) the one string shared by every
 * token written with it. A token's image is a fresh copy of its text, and a tree keeps its words and
 * keywords: the 10,000-recipe bench file held 66,000 copies of a few dozen words.
 */
function vocabularyText(token: IToken): string {
  // A token the parser inserted to recover from an error has no text: it keeps its empty image.
  const keyword = token.isInsertedInRecovery ? undefined : keywordText(token.tokenType);
  return keyword ?? VOCABULARY_TEXT.get(token.image) ?? token.image;
}

/** `text` made a name (asName), with `x` before a digit kept apart from it, as the count operator would not be. */
function nameLike(text: string): string {
  const unquoted = /^".+"$/.test(text) ? text.slice(1, -1) : text;
  // Subscript digits (Au₁₂Pt, pasted from a formula) are the counts: kept as digits.
  const name = asName(unquoted.replace(/[₀-₉]/g, (d) => String(d.charCodeAt(0) - 0x2080)));
  if (KEYWORDS.includes(name)) return `${name}_1`;
  return /^x\d/.test(name) ? `x_${name.slice(1)}` : name;
}

export function word(t: IToken): Word {
  return { kind: 'word', text: vocabularyText(t), start: t.startOffset, end: tokenEnd(t) };
}

/**
 * Groups consecutive stray tokens so that each run gets one diagnostic. A run ends at a real
 * declaration or property, and at a line break, so junk on two lines is two diagnostics.
 */
class StrayRuns {
  private lastLine: number | undefined;

  constructor(private readonly lineOf: (offset: number) => number) {}

  /** Whether this stray token starts a new run (and so should be reported). */
  startsRun(stray: IToken): boolean {
    const line = this.lineOf(stray.startOffset);
    const starts = this.lastLine !== line;
    this.lastLine = line;
    return starts;
  }

  end(): void {
    this.lastLine = undefined;
  }
}

/** The words users confuse with declaration keywords at file level. */
const TOP_LEVEL_WORDS = [...DECLARATION_KEYWORDS, ...LIGAND_CLAUSE_KEYWORDS];
const DECLARATION_WORDS: ReadonlySet<string> = new Set(DECLARATION_KEYWORDS);

export class AstBuilder {
  private readonly declarations: Declaration[] = [];
  /** Built on the first stray token: tokens carry offsets only, and most files have no strays. */
  private lines: LineIndex | undefined;
  /** The line of `offset` counted from `start` (strays are only compared with strays of the same section). */
  private readonly lineOf = (offset: number): number =>
    (this.lines ??= new LineIndex(this.text.slice(this.start, this.end))).positionAt(offset - this.start).line;
  private readonly topStrays = new StrayRuns(this.lineOf);

  /** Builds the AST of `text` from `start` to `end`: the whole document, or a section of it (see parseSection). */
  constructor(
    private readonly text: string,
    private readonly start: number,
    private readonly end: number,
    private readonly diagnostics: BimetalDiagnostic[],
  ) {}

  // ── the file ─────────────────────────────────────────────────────────────────────────

  declaration(declaration: Declaration): void {
    this.topStrays.end();
    this.declarations.push(declaration);
  }

  /** `follows` tells what stands after the stray on its line (asked only of a word that starts a run). */
  topLevelStray(stray: IToken, follows: () => FollowingValue | undefined): void {
    if (this.topStrays.startsRun(stray)) this.reportTopLevelStray(stray, follows);
  }

  file(commentTokens: IToken[]): BimetalFile {
    const declarations = this.declarations;
    return {
      kind: 'file',
      start: this.start,
      end: this.end,
      declarations,
      ligands: declarations.filter((d): d is LigandDecl => d.kind === 'ligand'),
      recipes: declarations.filter((d): d is RecipeDecl => d.kind === 'recipe'),
      comments: commentTokens.map(tokenRange),
    };
  }

  private reportTopLevelStray(stray: IToken, follows: () => FollowingValue | undefined): void {
    const text = stray.image;
    const range = tokenRange(stray);
    if ((PROPERTY_NAMES as readonly string[]).includes(text)) {
      this.diagnostics.push(
        diagnostic('strayAtTopLevel', `${quoted(text)} is a recipe property; it must be inside a recipe: recipe NAME { ${text} … }`, range),
      );
      return;
    }
    if (text === '}') {
      this.diagnostics.push(diagnostic('strayAtTopLevel', `'}' has no matching '{'`, range, { data: { removable: true } }));
      return;
    }
    const isWord = /^[A-Za-z_]/.test(text);
    const ahead = isWord ? follows() : undefined;
    const apart = isWord ? keywordWithGluedValue(text, TOP_LEVEL_WORDS, ahead) : undefined;
    const { replacements, unsure } = apart ? { replacements: [apart], unsure: false } : replacementsTaking(isWord ? suggestClosest(text, TOP_LEVEL_WORDS) : [], ahead);
    if (replacements.length > 0) {
      this.diagnostics.push(
        diagnostic('strayAtTopLevel', `unknown word ${quoted(text)}; did you mean ${replacements.map(quoted).join(' or ')}?`, range, {
          data: { replacements, ...(unsure ? { unsure: true } : {}) },
        }),
      );
      return;
    }
    this.diagnostics.push(
      diagnostic('strayAtTopLevel', `unexpected ${quoted(text)}: a .bimetal file holds only 'ligand' and 'recipe' declarations`, range),
    );
  }

  /**
   * `Recipe Foo {` or `ligands Foo =`: reported, then built as the declaration it was meant to be.
   * A word that resembles no keyword and starts none (`Au12 Pt {`) is where the keyword was
   * forgotten: the fix writes it before the word, which replacing would lose (`recipe Pt {`).
   */
  misspelledDecl(keywordToken: IToken, name: IToken, tail: LigandTailParts | undefined, body: RecipeBodyParts | undefined, range: OffsetRange): Declaration {
    const intended = tail ? 'ligand' : 'recipe';
    const written = keywordToken.image;
    // A start of the keyword (`lig`, `rec`) is the keyword cut short, not a name before it.
    const misspelt = suggestClosest(written, [intended]).length > 0 || intended.startsWith(written.toLowerCase());
    this.diagnostics.push(
      misspelt
        ? diagnostic('misspelledDeclaration', `${quoted(written)} is not a declaration keyword; did you mean '${intended}'?`, tokenRange(keywordToken), {
            data: { replacements: [intended] },
          })
        : diagnostic('misspelledDeclaration', `${quoted(written)} is not a declaration keyword; write '${intended}' before it`, tokenRange(keywordToken), {
            data: { insertText: `${intended} `, insertAt: keywordToken.startOffset },
          }),
    );
    if (tail) return this.ligandDecl(keywordToken, [name], tail, range);
    return this.recipeDecl(keywordToken, [name], body, range);
  }

  /**
   * The name of a declaration; false for one that is no name, reported here; undefined without
   * one. A name the lexer does not read as one identifier (the parser takes such a run of tokens
   * only right before `{` or `=`), or with characters no token starts with around it on that line
   * (`Au12Pt1(PET)8 {`, `4-MBA =`, `@ {`), is no name: it is reported once, on all the text from
   * the keyword to the `{` or `=` (`follower`), the characters' own errors (BM100) are dropped
   * (malformedNames), and the declaration is read on as a nameless one.
   */
  private declarationName(keywordToken: IToken, nameTokens: readonly IToken[] | undefined, follower: IToken | undefined, what: 'a recipe' | 'a ligand'): Word | false | undefined {
    const span = follower ? this.textOnLine(tokenEnd(keywordToken), follower.startOffset) : undefined;
    const first = nameTokens?.[0];
    if (first && nameTokens.length === 1 && first.tokenType.name === 'Identifier' && (!span || this.onlyInvisibleAround(first, span))) {
      return word(first);
    }
    if (!first && !span) return undefined;
    const range = span ?? { start: first!.startOffset, end: tokenEnd(nameTokens![nameTokens!.length - 1]) };
    const text = this.text.slice(range.start, range.end);
    const message =
      nameTokens?.length === 1 && (keywordText(first!.tokenType) !== undefined || first!.tokenType.name === 'Times') && text === first!.image
        ? `${quoted(text)} is a reserved word of the language and cannot name ${what}; choose another name, e.g. ${shortened(nameLike(text))}`
        : `${quoted(text)} cannot name ${what}: ${whyNotAName(text)}; choose another name, e.g. ${shortened(nameLike(text))}`;
    // `suggestedName`: the server's rename offers it, with the uses written the same way (codeActions.ts).
    this.diagnostics.push(diagnostic('missingName', message, range, { data: { suggestedName: nameLike(text) } }));
    this.malformedNames.push(range);
    return false;
  }

  /** Names reported as no name (declarationName) or read as one word (gluedWord): the errors of the characters in them are left out (parse.ts). */
  readonly malformedNames: OffsetRange[] = [];

  /**
   * Whether `span` is `token` with at most invisible characters beside it (`D\u200B {`): those keep
   * their own error (BM100), which names them, where an error on the name would show nothing.
   */
  private onlyInvisibleAround(token: IToken, span: OffsetRange): boolean {
    if (span.start === token.startOffset && span.end === tokenEnd(token)) return true;
    for (const char of this.text.slice(span.start, token.startOffset) + this.text.slice(tokenEnd(token), span.end)) if (!isInvisible(char)) return false;
    return true;
  }

  /** The text from `from` to `to` without the whitespace around it, when it holds some and no line break; else undefined. */
  private textOnLine(from: number, to: number): OffsetRange | undefined {
    let start = -1;
    let end = from;
    for (let i = from; i < to; i++) {
      const ch = this.text.charCodeAt(i);
      if (ch === 10 /* \n */ || ch === 13 /* \r */) return undefined;
      if (ch === 32 /* space */ || ch === 9 /* tab */) continue;
      if (start === -1) start = i;
      end = i + 1;
    }
    return start === -1 ? undefined : { start, end };
  }

  /**
   * Where the text that ends at `from` (a token boundary) ends on its line: past the characters no
   * token starts with that follow it (`₁₂` of `host Au₁₂`, `⁻` of `charge 2⁻`) and a word glued
   * after them (`atom` of `eV/atom`, read into their error), up to a comment or a token that stands
   * apart (the next declaration). A glued `recipe` or `ligand` stands apart too: the parser reads it
   * as the next declaration's keyword (`{😀recipe`), which the `}` must not split from its name.
   * BM108's `}` goes there, so it never splits what was written.
   */
  private endOfLineText(from: number): number {
    let lineEnd = from;
    while (lineEnd < this.end && this.text.charCodeAt(lineEnd) !== 10 /* \n */ && this.text.charCodeAt(lineEnd) !== 13 /* \r */) lineEnd++;
    const { tokens, errors, groups } = offsetLexer.tokenize(this.text.slice(from, lineEnd));
    const commentStart = groups.comments?.[0]?.startOffset ?? Infinity;
    const pieces = [
      ...errors.map((error) => ({ start: error.offset, end: error.offset + error.length, unlexable: true, declares: false })),
      ...tokens.map((token) => ({ start: token.startOffset, end: tokenEnd(token), unlexable: false, declares: DECLARATION_WORDS.has(keywordText(token.tokenType) ?? '') })),
    ].sort((a, b) => a.start - b.start);
    let end = 0;
    for (const piece of pieces) {
      if (piece.start >= commentStart || (!piece.unlexable && (end === 0 || piece.start !== end || piece.declares))) break;
      end = piece.end;
    }
    return from + end;
  }

  // ── ligand declarations ──────────────────────────────────────────────────────────────

  ligandDecl(keywordToken: IToken, nameTokens: readonly IToken[] | undefined, tail: LigandTailParts | undefined, range: OffsetRange): LigandDecl {
    const decl: LigandDecl = { kind: 'ligand', start: range.start, end: range.end, keyword: vocabularyText(keywordToken), hasSyntaxErrors: false };
    const name = this.declarationName(keywordToken, nameTokens, tail?.equals, 'a ligand');
    if (name) decl.name = name;
    else if (name === undefined) this.diagnostics.push(diagnostic('missingName', `a ligand declaration needs a name: ligand NAME = "SMILES"`, tokenRange(keywordToken)));
    const anchor = decl.name ?? tokenRange(keywordToken);
    if (!tail) {
      this.diagnostics.push(
        diagnostic('missingEquals', `ligand ${decl.name ? quoted(decl.name.text) + ' ' : ''}needs '= "SMILES"' after its name`, anchor, {
          data: { insertText: ' = ""', insertAt: anchor.end },
        }),
      );
      return decl;
    }
    if (tail.smiles) decl.smiles = this.string(tail.smiles);
    else {
      this.diagnostics.push(
        diagnostic('missingValue', `expected the ligand's SMILES in double quotes after '=', e.g. ligand PET = "SCCc1ccccc1"`, tokenRange(tail.equals)),
      );
    }
    for (const clause of tail.clauses) {
      if (clause.kind === 'binds') this.bindsClause(decl, clause);
      else this.logPClause(decl, clause);
    }
    return decl;
  }

  private bindsClause(decl: LigandDecl, clause: BindsParts): void {
    const atoms: Word[] = [];
    let expectingAtom = true;
    let lastComma: IToken | undefined;
    for (const element of clause.elements) {
      if (element.tokenType.name === 'Comma') {
        if (expectingAtom) {
          if (lastComma || atoms.length > 0 || !clause.elements.some((e) => e.tokenType.name !== 'Comma')) this.reportEmptyItem(element);
          else this.reportLeadingComma(element, 'atom');
        }
        expectingAtom = true;
        lastComma = element;
      } else {
        atoms.push(word(element));
        expectingAtom = false;
      }
    }
    if (atoms.length === 0) {
      this.diagnostics.push(diagnostic('missingValue', `'binds' needs at least one atom symbol, e.g. binds S`, tokenRange(clause.keyword)));
    } else if (expectingAtom && lastComma) {
      // A trailing comma: reported at the end even when the loop already reported it as empty.
      this.reportEmptyItem(lastComma);
    }
    if (decl.binds) {
      this.reportDuplicateClause(clause.keyword, decl.binds);
      return;
    }
    decl.binds = { keyword: vocabularyText(clause.keyword), atoms, start: clause.range.start, end: clause.range.end };
  }

  private logPClause(decl: LigandDecl, clause: LogPParts): void {
    if (!clause.value) this.diagnostics.push(diagnostic('missingValue', `'logP' needs a number, e.g. logP 2.3`, tokenRange(clause.keyword)));
    if (decl.logP) {
      this.reportDuplicateClause(clause.keyword, decl.logP);
      return;
    }
    decl.logP = { keyword: vocabularyText(clause.keyword), start: clause.range.start, end: clause.range.end, value: clause.value ? this.number(clause.value) : undefined };
  }

  private reportDuplicateClause(second: IToken, first: Keyworded): void {
    this.diagnostics.push(
      diagnostic('duplicateProperty', `${quoted(second.image)} is given twice for this ligand; the first one is used`, tokenRange(second), {
        related: [{ message: `first ${quoted(first.keyword)}`, range: keywordOf(first) }],
      }),
    );
  }

  // ── recipes ──────────────────────────────────────────────────────────────────────────

  recipeDecl(keywordToken: IToken, nameTokens: readonly IToken[] | undefined, body: RecipeBodyParts | undefined, range: OffsetRange): RecipeDecl {
    // A body that holds no token (a declaration follows at once, `recipe A ligands L = …`) is no body.
    const parts = body && (body.open || body.items.length > 0 || body.close) ? body : undefined;
    const name = this.declarationName(keywordToken, nameTokens, parts?.open, 'a recipe');
    // Every field in the one literal: fields given to a finished object go to a store of their own, 40 bytes more per recipe.
    const recipe: RecipeDecl = {
      kind: 'recipe',
      start: range.start,
      end: range.end,
      keyword: vocabularyText(keywordToken),
      name: name || undefined,
      properties: parts ? builtNodes(parts.items) : [],
      openBrace: parts?.open?.startOffset,
      closeBrace: parts?.close?.startOffset,
      hasSyntaxErrors: false,
    };
    if (name === undefined) this.diagnostics.push(diagnostic('missingName', `a recipe needs a name: recipe NAME { … }`, tokenRange(keywordToken)));
    const label = recipe.name ? `recipe ${quoted(recipe.name.text)}` : 'this recipe';
    const anchor = recipe.name ?? tokenRange(keywordToken);
    if (!parts) {
      this.diagnostics.push(
        diagnostic('missingOpenBrace', `${label} has no body; write its properties in braces: { host Au 12  dopant Pt 1 }`, anchor),
      );
      return recipe;
    }
    const { open, close } = parts;
    if (!open) {
      this.diagnostics.push(
        diagnostic('missingOpenBrace', `expected '{' after ${label}`, anchor, { data: { insertText: ' {', insertAt: anchor.end } }),
      );
    }
    const strays = new StrayRuns(this.lineOf);
    let previous: Property | undefined;
    for (const item of parts.items) {
      if (isToken(item)) {
        if (item.tokenType.name === 'Semicolon') strays.end();
        else if (strays.startsRun(item)) this.reportStrayInRecipe(item, label, previous);
        continue;
      }
      strays.end();
      previous = item;
    }
    if (open && !close) {
      const lastEnd = recipe.properties.length > 0 ? recipe.properties[recipe.properties.length - 1].end : tokenRange(open).end;
      this.diagnostics.push(
        diagnostic('unclosedRecipe', `the '{' of ${label} is never closed; add '}' after its last property`, tokenRange(open), {
          data: { insertText: '\n}', insertAt: this.endOfLineText(Math.max(lastEnd, range.end)) },
        }),
      );
    }
    return recipe;
  }

  private reportStrayInRecipe(stray: IToken, label: string, previous: Property | undefined): void {
    const text = stray.image;
    const quotedValue = previous && stray.tokenType.name === 'StringLiteral' && this.lineOf(stray.startOffset) === this.lineOf(previous.end) ? missingValueWrittenQuoted(previous, text.slice(1, -1)) : undefined;
    if (quotedValue) {
      // One error, on the string, whose fix also gives the property the value it was said to lack:
      // the BM109 on the keyword, or in ligands on the last use's `x` (another use's is its own).
      const lacking = previous!.kind === 'ligands' ? previous!.uses[previous!.uses.length - 1].times : keywordOf(previous!);
      const missing = this.diagnostics.findIndex((d) => d.code === CODES.missingValue.code && d.range.start === lacking?.start && d.range.end === lacking.end);
      if (missing >= 0) this.diagnostics.splice(missing, 1);
      this.diagnostics.push(quotedValueDiagnostic(`${quotedValue} after '${previous!.keyword}'`, text, tokenRange(stray)));
      return;
    }
    const hints: Record<string, string> = {
      Shells: `'shells N' belongs right after 'topology NAME'`,
      Times: `'x COUNT' belongs right after a ligand in 'ligands'`,
      Binds: `'binds' belongs to a file-level ligand declaration`,
      LogP: `'logP' belongs to a file-level ligand declaration`,
      LCurly: `recipes cannot be nested`,
    };
    const after = previous ? ` after '${previous.keyword}'` : '';
    const hint = hints[stray.tokenType.name];
    const message = hint
      ? `unexpected ${quoted(text)}${after} in ${label}: ${hint}`
      : `unexpected ${quoted(text)}${after} in ${label} (each property takes one value of each kind; a new property starts with its name)`;
    this.diagnostics.push(diagnostic('strayInRecipe', message, tokenRange(stray)));
  }

  // ── properties ───────────────────────────────────────────────────────────────────────

  /** `host ELEMENT [COUNT]` / `dopant ELEMENT [COUNT]`: the element is an identifier or a list. */
  metal(keywordToken: IToken, elementPart: IToken | ListParts | undefined, countPart: CountParts | undefined, range: OffsetRange): Property {
    const keyword = vocabularyText(keywordToken);
    const kind = keywordToken.tokenType.name === 'Host' ? 'host' : 'dopant';
    const element = elementPart === undefined ? undefined : isToken(elementPart) ? word(elementPart) : this.wordList(elementPart);
    if (!element) {
      this.diagnostics.push(
        diagnostic('missingValue', `'${kind}' needs an element symbol, e.g. ${kind} ${kind === 'host' ? 'Au 12' : 'Pt 1'}`, tokenRange(keywordToken)),
      );
    }
    return { kind, start: range.start, end: range.end, keyword, element, count: countPart ? this.countValue(countPart) : undefined };
  }

  topology(keywordToken: IToken, nameToken: IToken | undefined, shellsToken: IToken | undefined, shellsValue: IToken | undefined, range: OffsetRange): Property {
    const keyword = vocabularyText(keywordToken);
    if (!nameToken) {
      this.diagnostics.push(diagnostic('missingValue', `'topology' needs a name: ${TOPOLOGY_NAMES.join(', ')}`, tokenRange(keywordToken)));
    }
    if (shellsToken && !shellsValue) {
      this.diagnostics.push(diagnostic('missingValue', `'shells' needs a number of shells, e.g. shells 2`, tokenRange(shellsToken)));
    }
    return {
      kind: 'topology',
      start: range.start,
      end: range.end,
      keyword,
      name: nameToken ? word(nameToken) : undefined,
      shellsKeyword: shellsToken ? word(shellsToken) : undefined,
      shells: shellsValue ? this.number(shellsValue) : undefined,
    };
  }

  site(keywordToken: IToken, valueToken: IToken | undefined, range: OffsetRange): Property {
    const keyword = vocabularyText(keywordToken);
    if (!valueToken) this.diagnostics.push(diagnostic('missingValue', `'site' needs one of: ${SITE_NAMES.join(', ')}`, tokenRange(keywordToken)));
    return { kind: 'site', start: range.start, end: range.end, keyword, value: valueToken ? word(valueToken) : undefined };
  }

  /** `support KIND [NAME]`: `identifiers` are the kind and an identifier name, in source order. */
  support(keywordToken: IToken, identifiers: IToken[], nameString: IToken | undefined, range: OffsetRange): Property {
    const keyword = vocabularyText(keywordToken);
    const [kindToken, nameToken] = identifiers;
    if (!kindToken) this.diagnostics.push(diagnostic('missingValue', `'support' needs a kind: ${SUPPORT_KINDS.join(', ')}`, tokenRange(keywordToken)));
    return {
      kind: 'support',
      start: range.start,
      end: range.end,
      keyword,
      supportKind: kindToken ? word(kindToken) : undefined,
      name: nameToken ? word(nameToken) : nameString ? this.string(nameString) : undefined,
    };
  }

  distance(keywordToken: IToken, valueToken: IToken | undefined, unitToken: IToken | undefined, range: OffsetRange): Property {
    const keyword = vocabularyText(keywordToken);
    if (!valueToken) this.diagnostics.push(diagnostic('missingValue', `'distance' needs a number, e.g. distance 2.8 Å`, tokenRange(keywordToken)));
    return { kind: 'distance', start: range.start, end: range.end, keyword, value: valueToken ? this.number(valueToken) : undefined, unit: unitToken ? this.unitWord(unitToken) : undefined };
  }

  /**
   * A unit, with a micro sign written right before it (`µm`), which no token takes: read alone, its
   * `m` was metres, and BM219's conversion a million times too large. With the sign it is the unit
   * written, which BM219 converts as µm.
   */
  private unitWord(unitToken: IToken): Word {
    const unit = word(unitToken);
    const before = this.text[unit.start - 1];
    return before === '\u00B5' || before === '\u03BC' ? { ...unit, text: before + unit.text, start: unit.start - 1 } : unit;
  }

  charge(keywordToken: IToken, valueToken: IToken | undefined, range: OffsetRange): Property {
    const keyword = vocabularyText(keywordToken);
    if (!valueToken) this.diagnostics.push(diagnostic('missingValue', `'charge' needs an integer, e.g. charge -1`, tokenRange(keywordToken)));
    return { kind: 'charge', start: range.start, end: range.end, keyword, value: valueToken ? this.number(valueToken) : undefined };
  }

  energy(keywordToken: IToken, valueToken: IToken | undefined, unitToken: IToken | undefined, range: OffsetRange): Property {
    const keyword = vocabularyText(keywordToken);
    const kind = keyword === 'siteEnergy' ? 'siteEnergy' : 'energy';
    if (!valueToken) this.diagnostics.push(diagnostic('missingValue', `'${kind}' needs a number in eV, e.g. ${kind} ${kind === 'energy' ? '-2.9' : '0.4'} eV`, tokenRange(keywordToken)));
    // A label's unreadable number is BM229 (validate.ts), which makes only the label unusable.
    return { kind, start: range.start, end: range.end, keyword, value: valueToken ? numberNode(valueToken) : undefined, unit: unitToken ? word(unitToken) : undefined };
  }

  note(keywordToken: IToken, textToken: IToken | undefined, range: OffsetRange): Property {
    const keyword = vocabularyText(keywordToken);
    if (!textToken) this.diagnostics.push(diagnostic('missingValue', `'note' needs text in double quotes, e.g. note "from the 2021 paper"`, tokenRange(keywordToken)));
    return { kind: 'note', start: range.start, end: range.end, keyword, text: textToken ? this.string(textToken) : undefined };
  }

  structure(keywordToken: IToken, pathToken: IToken | undefined, range: OffsetRange): Property {
    const keyword = vocabularyText(keywordToken);
    if (!pathToken) this.diagnostics.push(diagnostic('missingValue', `'structure' needs a file path in double quotes, e.g. structure "core.xyz"`, tokenRange(keywordToken)));
    return { kind: 'structure', start: range.start, end: range.end, keyword, path: pathToken ? this.string(pathToken) : undefined };
  }

  unknown(first: IToken, follows: FollowingValue | undefined, range: OffsetRange): Property {
    return { kind: 'unknown', start: range.start, end: range.end, keyword: vocabularyText(first), follows };
  }

  /** `ligands USE[, USE…]`: `elements` are the built uses and the commas, in source order. */
  ligands(keywordToken: IToken, elements: (LigandUseNode | IToken)[], range: OffsetRange): Property {
    const keyword = vocabularyText(keywordToken);
    const uses = builtNodes(elements);
    const danglingCommas: OffsetRange[] = [];
    let expectingUse = true;
    let previousUse: LigandUseNode | undefined;
    let lastComma: IToken | undefined;
    for (const element of elements) {
      if (isToken(element)) {
        // Commas with no use at all are the missing ligand's one error below.
        if (expectingUse && uses.length > 0) {
          if (previousUse) this.reportEmptyItem(element);
          else this.reportLeadingComma(element, 'ligand');
          danglingCommas.push(tokenRange(element));
        }
        expectingUse = true;
        lastComma = element;
      } else {
        if (!expectingUse && previousUse) this.reportMissingComma(previousUse, element);
        previousUse = element;
        expectingUse = false;
      }
    }
    if (uses.length === 0) {
      this.diagnostics.push(diagnostic('missingValue', `'${keyword}' needs at least one ligand, e.g. ligands PET x 8`, tokenRange(keywordToken)));
    } else if (expectingUse && lastComma) {
      this.reportEmptyItem(lastComma);
      danglingCommas.push(tokenRange(lastComma));
    }
    return { kind: 'ligands', start: range.start, end: range.end, keyword, uses, danglingCommas };
  }

  /** One `NAME [x COUNT]` or `"SMILES" [x COUNT]` of a `ligands` property. */
  /** `ref`: one name or string token, or the tokens of a name with a locant before it (`4-MBA`), which makes one word of their text. */
  ligandUse(ref: readonly IToken[], timesToken: IToken | undefined, countPart: CountParts | undefined, range: OffsetRange): LigandUseNode {
    const refNode = ref.length > 1 ? this.gluedWord(ref) : ref[0].tokenType.name === 'Identifier' ? word(ref[0]) : this.string(ref[0]);
    if (timesToken && !countPart) {
      this.diagnostics.push(diagnostic('missingValue', `'x' needs a ligand count, e.g. PET x 8`, tokenRange(timesToken)));
    }
    return {
      kind: 'ligandUse',
      start: range.start,
      end: range.end,
      ref: refNode,
      times: timesToken ? word(timesToken) : undefined,
      count: countPart ? this.countValue(countPart) : undefined,
    };
  }

  /** The word of tokens written with nothing but hyphens between them; the hyphens' own errors (BM100) are dropped, as in a malformed name. */
  private gluedWord(tokens: readonly IToken[]): Word {
    const start = tokens[0].startOffset;
    const end = tokenEnd(tokens[tokens.length - 1]);
    this.malformedNames.push({ start, end });
    return { kind: 'word', text: this.text.slice(start, end), start, end };
  }

  // ── values ───────────────────────────────────────────────────────────────────────────

  private countValue(part: CountParts): Choice<CountItem> {
    return part.kind === 'numberOrRange' ? this.numberOrRange(part) : this.countList(part);
  }

  private numberOrRange(part: NumberOrRangeParts): CountItem {
    const from = this.number(part.from);
    if (!part.dots) return from;
    const result: RangeNode = { kind: 'range', start: part.range.start, end: part.range.end, from };
    if (part.to) result.to = this.number(part.to);
    else {
      this.diagnostics.push(
        diagnostic('unfinishedRange', `the range ${from.text}.. needs an upper bound, e.g. ${from.text}..${Math.trunc(from.value) + 3}`, part.range),
      );
    }
    return result;
  }

  private wordList(list: ListParts): ListNode<Word> {
    return this.list(list, ELEMENT_ITEM, (item) => (item.identifier ? word(item.identifier) : undefined));
  }

  private countList(list: ListParts): ListNode<CountItem> {
    return this.list(list, 'a count or a range like 1..4', (item) => (item.number ? this.numberOrRange(item.number) : undefined));
  }

  /** A bracketed list; items of the wrong kind are reported and dropped. */
  private list<T extends Word | CountItem>(list: ListParts, expected: string, convert: (item: ListItemParts) => T | undefined): ListNode<T> {
    const written = builtCount(list.elements);
    const items = new Array<T>(written);
    let kept = 0;
    let expectingItem = true;
    let lastComma: IToken | undefined;
    let previous: ListItemParts | undefined;
    for (const element of list.elements) {
      if (isToken(element)) {
        if (expectingItem) {
          if (lastComma || written === 0) this.reportEmptyItem(element);
          else this.reportLeadingComma(element, 'item');
        }
        expectingItem = true;
        lastComma = element;
        continue;
      }
      // An item right after another (the parser reads one only where a `]` closes the list): its comma is missing.
      const commaMissingAfter = expectingItem ? undefined : previous;
      expectingItem = false;
      const converted = convert(element);
      if (converted) items[kept++] = converted;
      else this.reportWrongKind(element, expected);
      // An item of the wrong kind has its own error, which says what belongs there (`[Fe 1, Co 2]`: no counts in an element list).
      if (commaMissingAfter && converted) this.reportMissingListComma(commaMissingAfter, element);
      previous = element;
    }
    items.length = kept;
    const sawItem = written > 0;
    if (sawItem && expectingItem && lastComma) this.reportEmptyItem(lastComma);
    if (!list.close) {
      // After a string left open the `]` would be read into it: the string's own fix (BM101) comes first.
      const last = list.elements[list.elements.length - 1];
      const intoString = last !== undefined && !isToken(last) && last.string?.tokenType.name === 'UnterminatedString';
      this.diagnostics.push(
        diagnostic('unclosedList', `this list is missing its closing ']'`, tokenRange(list.open), intoString ? {} : { data: { insertText: ']', insertAt: list.range.end } }),
      );
    }
    const node: ListNode<T> = { kind: 'list', items, closed: list.close !== undefined, start: list.range.start, end: list.range.end };
    if (kept < written) node.dropped = written - kept;
    return node;
  }

  /**
   * A list item of the wrong kind, reported on itself with what belongs there. A value written as a
   * string (`["Fe"]`, `["12"]`) where it belongs unquoted gets the quotes' removal as its fix.
   */
  private reportWrongKind(item: ListItemParts, expected: string): void {
    if (item.nested) {
      const inner = this.text.slice(item.range.start + 1, item.range.end - 1).trim();
      this.diagnostics.push(
        diagnostic('wrongValueKind', `expected ${expected}, found the list ${quoted(this.text.slice(item.range.start, item.range.end))}; lists do not nest: write its items in this one`, item.range, {
          data: item.nested.closed ? { replacements: [inner] } : undefined,
        }),
      );
      return;
    }
    const found = writtenItem(item);
    const unquoted = item.string && /^"(.*)"$/.exec(found)?.[1];
    // Only what reads back as that kind: an element-like symbol (`"x8"` or `"site"` unquoted would read as other words).
    const fits = unquoted !== undefined && (expected === ELEMENT_ITEM ? ELEMENT_LIKE : COUNT_LIKE).test(unquoted);
    if (fits) {
      this.diagnostics.push(quotedValueDiagnostic(expected, found, item.range));
      return;
    }
    // `[Fe 1, Co 2]`: a count per element, which a family cannot have.
    const hint = expected === ELEMENT_ITEM && item.number ? `; an element list holds no counts: the count after its ']' applies to every element` : '';
    this.diagnostics.push(diagnostic('wrongValueKind', `expected ${expected}, found ${quoted(found)}${hint}`, item.range));
  }

  /** A comma before the first item (`ligands , PET`, `[,Fe]`): nothing stands before it. */
  private reportLeadingComma(comma: IToken, what: string): void {
    this.reportExtraComma(comma, (commas) => `extra ${quoted(commas)} before the first ${what}`);
  }

  /**
   * BM111 on a comma with nothing before or after it. Commas in a row (`ligands ,, PET`, `[Fe,,,Co]`)
   * are one mistake: one error on all of them, whose fix removes them at once, where each had its
   * own error and a fix that left the next; a comma already reported is not reported again.
   */
  private reportExtraComma(comma: IToken, message: (commas: string) => string): void {
    const range = tokenRange(comma);
    const last = this.diagnostics[this.diagnostics.length - 1];
    if (last?.code === CODES.emptyListItem.code) {
      if (last.range.start <= range.start && last.range.end >= range.end) return;
      if (last.range.end <= range.start && this.text.slice(last.range.end, range.start).trim() === '') {
        const run = { start: last.range.start, end: range.end };
        this.diagnostics[this.diagnostics.length - 1] = diagnostic('emptyListItem', message(this.text.slice(run.start, run.end)), run, { data: { removable: true } });
        return;
      }
    }
    this.diagnostics.push(diagnostic('emptyListItem', message(','), range, { data: { removable: true } }));
  }

  /** Two ligand uses on one line with no comma between them (`PET x 8 PPh3 x 2`): reported on the second use's ligand. */
  private reportMissingComma(before: LigandUseNode, after: LigandUseNode): void {
    if (this.typesetCommaBetween(before.end, after.start)) return;
    const written = (node: LigandUseNode) => this.text.slice(node.start, node.end);
    this.diagnostics.push(
      diagnostic('missingComma', `a ',' is missing between ligand uses; write ${written(before)}, ${written(after)}`, rangeOf(after.ref), {
        data: { insertText: ',', insertAt: before.end },
      }),
    );
  }

  /** Two items of a closed list with no comma between them (`[Fe Co]`): reported on the second, both still read. */
  private reportMissingListComma(before: ListItemParts, after: ListItemParts): void {
    if (this.typesetCommaBetween(before.range.end, after.range.start)) return;
    const written = (item: ListItemParts) => quoted(this.text.slice(item.range.start, item.range.end));
    this.diagnostics.push(
      diagnostic('missingComma', `a ',' is missing between ${written(before)} and ${written(after)}`, after.range, {
        data: { insertText: ',', insertAt: before.range.end },
      }),
    );
  }

  /**
   * A comma pasted from typeset text (full-width `，`, small `﹐`) stands between two items: BM100
   * writes it as `,`, so no comma is missing, and a second fix inserting one would leave two.
   */
  private typesetCommaBetween(from: number, to: number): boolean {
    for (const char of this.text.slice(from, to)) if (char !== ',' && char.normalize('NFKC') === ',') return true;
    return false;
  }

  private reportEmptyItem(comma: IToken): void {
    this.reportExtraComma(comma, (commas) => (commas === ',' ? `extra ',' with nothing after it` : `extra ${quoted(commas)} with nothing after them`));
  }

  /** A number, one that cannot be read (numberNode) reported on it: it makes its recipe or ligand declaration unusable. */
  private number(t: IToken): NumberNode {
    const node = numberNode(t);
    if (node.problem) this.diagnostics.push(diagnostic('unrepresentableNumber', `${node.text} is ${node.problem}`, tokenRange(t)));
    return node;
  }

  /** Unescapes `\"` and `\\`; any other backslash is reported and kept as written. */
  private string(t: IToken): StringNode {
    const range = tokenRange(t);
    const terminated = t.tokenType.name === 'StringLiteral';
    const raw = t.image;
    const body = terminated ? raw.slice(1, -1) : raw.slice(1);
    if (!terminated) {
      this.diagnostics.push(
        diagnostic('unterminatedString', `this string is missing its closing '"' (strings cannot span lines)`, range, {
          data: { insertText: '"', insertAt: range.end },
        }),
      );
    }
    let value = '';
    for (let i = 0; i < body.length; i++) {
      const ch = body[i];
      if (ch !== '\\') {
        value += ch;
        continue;
      }
      // The character after it whole: half an emoji would split it in the message, the fix and its range.
      const code = body.codePointAt(i + 1);
      const next = code === undefined ? undefined : String.fromCodePoint(code);
      if (next === '"' || next === '\\') {
        value += next;
        i++;
        continue;
      }
      const at = range.start + 1 + i;
      this.diagnostics.push(
        diagnostic(
          'invalidEscape',
          next === undefined
            ? `a string cannot end with a single backslash; write \\\\ for a backslash`
            : `'\\${next}' is not an escape; only \\" and \\\\ are. For a SMILES bond '\\' write \\\\`,
          { start: at, end: Math.min(at + 1 + (next?.length ?? 0), range.end) },
          { data: { replacements: [`\\\\${next ?? ''}`] } },
        ),
      );
      value += ch;
    }
    return { kind: 'string', value, terminated, start: range.start, end: range.end };
  }
}

/**
 * What `property` lacks that `unquoted` (a string written after it on its line) would be, as
 * BM114 names it; undefined when the string would be no such value unquoted either (`"x8"`, a
 * word the slot does not take) or the property has that value already.
 */
function missingValueWrittenQuoted(property: Property, unquoted: string): string | undefined {
  const number = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(unquoted);
  switch (property.kind) {
    case 'host':
    case 'dopant':
      // The element comes before the count: after a count (`dopant 1 "Pt"`) the unquoted word would stand past its slot.
      if (!property.element) return !property.count && ELEMENT_LIKE.test(unquoted) ? ELEMENT_ITEM : undefined;
      return !property.count && COUNT_LIKE.test(unquoted) ? 'a count' : undefined;
    case 'topology':
      return !property.name && !property.shellsKeyword && (TOPOLOGY_NAMES as readonly string[]).includes(unquoted) ? 'a topology' : undefined;
    case 'site':
      return !property.value && (SITE_NAMES as readonly string[]).includes(unquoted) ? 'a site' : undefined;
    case 'charge':
      return !property.value && /^[-+]?\d+$/.test(unquoted) ? 'an integer' : undefined;
    case 'distance':
    case 'energy':
    case 'siteEnergy':
      return !property.value && number ? 'a number' : undefined;
    case 'ligands': {
      const last = property.uses[property.uses.length - 1];
      return last?.times && !last.count && COUNT_LIKE.test(unquoted) ? 'a ligand count' : undefined;
    }
    default:
      return undefined;
  }
}

/** A string whose text reads back, unquoted, as an element symbol (`"x8"` or `"site"` would read as other words) or as a count or range. */
const ELEMENT_LIKE = /^[A-Z][a-z]{0,2}$/;
const COUNT_LIKE = /^\d+(?:\.\.\d+)?$/;

/** BM114 on a value written in quotes where it belongs unquoted (`"written"`), whose fix removes the quotes. */
function quotedValueDiagnostic(expected: string, written: string, range: OffsetRange): BimetalDiagnostic {
  const unquoted = written.slice(1, -1);
  return diagnostic('wrongValueKind', `expected ${expected}, found the string ${written}; write it without quotes: ${unquoted}`, range, { data: { replacements: [unquoted] } });
}

/** What an element list's items must be (BM114). */
const ELEMENT_ITEM = 'an element symbol';

/**
 * A list item's tokens as quoted in "found …". A range's tokens come number, number, `..`
 * (`1..4` reads '14..'): the order in which the concrete syntax tree this replaced grouped them,
 * kept so that messages do not change.
 */
function writtenItem(item: ListItemParts): string {
  if (item.number) return item.number.from.image + (item.number.to?.image ?? '') + (item.number.dots?.image ?? '');
  return (item.identifier ?? item.string)?.image ?? '';
}
