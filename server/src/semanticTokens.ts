/**
 * Semantic tokens: what the TextMate grammar cannot know — which identifiers are element
 * symbols, declared vs built-in ligands, recipe names, and the value words of topology, site,
 * support and units. Built from the AST, so it follows the parser's reading of the text.
 */
import type { SemanticTokens, SemanticTokensDelta, SemanticTokensEdit, SemanticTokensLegend } from 'vscode-languageserver';
import { choiceItems, type CountItem, type Keyworded, type LigandDecl, type Property, type RecipeDecl } from '../../grammar/src/ast';
import { builtinLigand } from '../../engine/src/ligands';
import type { LineIndex } from '../../grammar/src/lineIndex';
import { isElementSymbol } from '../../engine/src/periodicTable';
import type { OffsetRange } from '../../engine/src/recipe';
import type { AnalysedDocument } from './documentModel';

const TOKEN_TYPES = ['keyword', 'struct', 'variable', 'type', 'enumMember', 'string', 'number', 'comment', 'operator'] as const;
const TOKEN_MODIFIERS = ['declaration', 'defaultLibrary'] as const;
type TokenType = (typeof TOKEN_TYPES)[number];
type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

/**
 * Each open document's last tokens, kept so that the editor's request after an edit
 * (`semanticTokens/full/delta`) is answered with what changed: the 10,000-recipe mixed file's
 * tokens are 1.3 MB of JSON, and an edit changes a few of them.
 *
 * The tokens are encoded into typed arrays that are used again from request to request: the
 * document's spans, and the tokens that a newer result replaced. On the bench machine a first touch
 * of memory costs 15–20 µs a page, and a fresh array for the mixed file's 647,000 numbers (5 MB) was
 * about as dear as encoding them; a delta after an edit now allocates only its edit. Only a full
 * answer makes a plain array, because JSON-RPC writes typed arrays as objects.
 */
export class DocumentTokens {
  private readonly last = new Map<string, { resultId: string; numbers: Int32Array<ArrayBuffer> }>();
  private spans = new Spans();
  /** A replaced result's memory, for the next encoding. */
  private spare = new ArrayBuffer(0);
  private results = 0;

  full(analysed: AnalysedDocument): SemanticTokens {
    const tokens = this.encode(analysed);
    return { resultId: tokens.resultId, data: plainArray(tokens.numbers, 0, tokens.numbers.length) };
  }

  /** The edits from `previousResultId`'s tokens, or all of them when that result is not the one kept. */
  delta(analysed: AnalysedDocument, previousResultId: string): SemanticTokens | SemanticTokensDelta {
    const previous = this.last.get(analysed.uri);
    if (previous?.resultId !== previousResultId) return this.full(analysed);
    const tokens = this.encode(analysed);
    return { resultId: tokens.resultId, edits: tokenEdits(previous.numbers, tokens.numbers) };
  }

  /**
   * Drops a closed document's tokens, and the spare array (a replaced result, kept for the next
   * encoding, held a closed document's tokens after it closed); with no document left, the span
   * list too, which holds the last document's comments and grows with the largest document.
   */
  forget(uri: string): void {
    this.last.delete(uri);
    this.spare = new ArrayBuffer(0);
    if (this.last.size === 0) this.spans = new Spans();
  }

  /** Bytes of token arrays held: the documents' results, the spare and the span list's. */
  heldBytes(): number {
    let bytes = this.spare.byteLength + this.spans.numbers.byteLength;
    for (const { numbers } of this.last.values()) bytes += numbers.buffer.byteLength;
    return bytes;
  }

  /** The document's tokens as its new result, in the spare array when it is large enough; the result they replace becomes the spare. */
  private encode(analysed: AnalysedDocument): { resultId: string; numbers: Int32Array<ArrayBuffer> } {
    const replaced = this.last.get(analysed.uri);
    const numbers = encodedTokens(analysed, this.spans, this.spare);
    const tokens = { resultId: String(++this.results), numbers };
    this.last.set(analysed.uri, tokens);
    this.spare = replaced ? replaced.numbers.buffer : new ArrayBuffer(0);
    return tokens;
  }
}

/**
 * What turns `before` into `after`: one edit of the numbers between their common start and their
 * common end, or none when they are equal. An edit of a document changes the tokens of one place,
 * and those after it keep their numbers, which are relative to the token before each.
 */
export function tokenEdits(before: ArrayLike<number>, after: ArrayLike<number>): SemanticTokensEdit[] {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let common = 0;
  while (common < before.length - start && common < after.length - start && before[before.length - 1 - common] === after[after.length - 1 - common]) common++;
  if (start === before.length && start === after.length) return [];
  const data = plainArray(after, start, after.length - common);
  const edit: SemanticTokensEdit = { start, deleteCount: before.length - start - common };
  if (data.length > 0) edit.data = data;
  return [edit];
}

/** Numbers `from` to `to` (exclusive) as a plain array, the form JSON-RPC writes as one; a loop, because Array.from and slice.call took twice as long on the mixed file's tokens. */
function plainArray(numbers: ArrayLike<number>, from: number, to: number): number[] {
  const array = new Array<number>(to - from);
  for (let i = from; i < to; i++) array[i - from] = numbers[i];
  return array;
}

/** The document's tokens, in `into` when it is large enough (a view of its first numbers). */
function encodedTokens(analysed: AnalysedDocument, spans: Spans, into: ArrayBuffer): Int32Array<ArrayBuffer> {
  const { ast } = analysed;
  const declared = new Set(ast.ligands.map((d) => d.name?.text).filter((n): n is string => !!n));
  spans.start(ast.comments);
  for (const declaration of ast.declarations) {
    if (declaration.kind === 'ligand') ligandSpans(declaration, spans);
    else recipeSpans(declaration, declared, spans);
  }
  spans.endComments();
  return encode(analysed.lines, spans, into);
}

const TYPE_INDEX = new Map<TokenType, number>(TOKEN_TYPES.map((type, i) => [type, i]));
const MODIFIER_BITS = new Map<TokenModifier, number>(TOKEN_MODIFIERS.map((modifier, i) => [modifier, 1 << i]));

/**
 * The document's tokens as flat numbers, four a token (start, end, type index, modifier bits), in
 * the order the tree is walked, with each comment put in before the first token after it. The walk
 * follows the text, so they come sorted and need no sort; a clause the walk meets out of order (a
 * ligand's `logP` written before its `binds`) is caught and the spans are sorted then. With an
 * object per span, their sort and fresh arrays, the 10,000-recipe mixed file's tokens took 115 ms
 * (full) and 131 ms (delta after an edit) in process; these arrays, used again, 25 and 10 ms
 * (`npm run bench -- server`).
 */
class Spans {
  /** Four numbers a span, in `numbers[0 … length)`; grown by doubling. */
  numbers = new Int32Array(4 * 1024);
  length = 0;
  sorted = true;
  private comments: readonly OffsetRange[] = [];
  private nextComment = 0;

  /** Empties the list for a document with these comments; the array is kept for it. */
  start(comments: readonly OffsetRange[]): void {
    this.comments = comments;
    this.nextComment = 0;
    this.length = 0;
    this.sorted = true;
  }

  add(range: OffsetRange | undefined, type: TokenType, modifier?: TokenModifier): void {
    if (range) this.addRange(range.start, range.end, TYPE_INDEX.get(type)!, modifier ? MODIFIER_BITS.get(modifier)! : 0);
  }

  /** A node's keyword, which starts it (keywordOf's range, without making its Word). */
  keyword(node: Keyworded): void {
    this.addRange(node.start, node.start + node.keyword.length, KEYWORD, 0);
  }

  endComments(): void {
    this.commentsBefore(Infinity);
  }

  private addRange(start: number, end: number, type: number, modifiers: number): void {
    if (end <= start) return;
    this.commentsBefore(start);
    if (this.length === this.numbers.length) {
      const larger = new Int32Array(2 * this.numbers.length);
      larger.set(this.numbers);
      this.numbers = larger;
    }
    const n = this.numbers;
    const at = this.length;
    if (at > 0 && start < n[at - 4]) this.sorted = false;
    n[at] = start;
    n[at + 1] = end;
    n[at + 2] = type;
    n[at + 3] = modifiers;
    this.length = at + 4;
  }

  /** The comments that start at or before `offset`: a comment goes before a token at its own start, as the sort of all spans put it. */
  private commentsBefore(offset: number): void {
    while (this.nextComment < this.comments.length && this.comments[this.nextComment].start <= offset) {
      const { start, end } = this.comments[this.nextComment++];
      if (end > start) this.addRange(start, end, COMMENT, 0);
    }
  }
}

const KEYWORD = TYPE_INDEX.get('keyword')!;
const COMMENT = TYPE_INDEX.get('comment')!;

function ligandSpans(decl: LigandDecl, spans: Spans): void {
  spans.keyword(decl);
  spans.add(decl.name, 'variable', 'declaration');
  spans.add(decl.smiles, 'string');
  if (decl.binds) {
    spans.keyword(decl.binds);
    for (const atom of decl.binds.atoms) spans.add(atom, 'type');
  }
  if (decl.logP) {
    spans.keyword(decl.logP);
    spans.add(decl.logP.value, 'number');
  }
}

function recipeSpans(recipe: RecipeDecl, declaredLigands: ReadonlySet<string>, spans: Spans): void {
  spans.keyword(recipe);
  spans.add(recipe.name, 'struct', 'declaration');
  for (const property of recipe.properties) propertySpans(property, declaredLigands, spans);
}

function propertySpans(property: Property, declaredLigands: ReadonlySet<string>, spans: Spans): void {
  if (property.kind === 'unknown') return; // a typo: leave it to the diagnostic
  spans.keyword(property);
  switch (property.kind) {
    case 'host':
    case 'dopant':
      // A misspelt symbol keeps its diagnostic squiggle but no element colour.
      for (const element of choiceItems(property.element)) if (isElementSymbol(element.text)) spans.add(element, 'type');
      for (const count of choiceItems(property.count)) countSpans(count, spans);
      break;
    case 'topology':
      spans.add(property.name, 'enumMember');
      spans.add(property.shellsKeyword, 'keyword');
      spans.add(property.shells, 'number');
      break;
    case 'site':
      spans.add(property.value, 'enumMember');
      break;
    case 'ligands':
      for (const use of property.uses) {
        if (use.ref.kind === 'string') spans.add(use.ref, 'string');
        else if (declaredLigands.has(use.ref.text)) spans.add(use.ref, 'variable');
        else if (builtinLigand(use.ref.text)) spans.add(use.ref, 'variable', 'defaultLibrary');
        spans.add(use.times, 'operator');
        for (const count of choiceItems(use.count)) countSpans(count, spans);
      }
      break;
    case 'support':
      spans.add(property.supportKind, 'enumMember');
      spans.add(property.name, property.name?.kind === 'string' ? 'string' : 'enumMember');
      break;
    case 'distance':
    case 'energy':
    case 'siteEnergy':
      spans.add(property.value, 'number');
      spans.add(property.unit, 'enumMember');
      break;
    case 'charge':
      spans.add(property.value, 'number');
      break;
    case 'note':
      spans.add(property.text, 'string');
      break;
    case 'structure':
      spans.add(property.path, 'string');
      break;
  }
}

function countSpans(count: CountItem, spans: Spans): void {
  if (count.kind === 'number') spans.add(count, 'number');
  else {
    spans.add(count.from, 'number');
    spans.add(count.to, 'number');
  }
}

/**
 * The spans as LSP's numbers, in the order of their starts: five per token, its line and start
 * relative to the token before it (the start only on the same line), its length, type and
 * modifiers. Every span lies on one line (strings and comments cannot span lines; one that runs
 * past its line's end is cut there). The line, its start and its end move forward with the spans
 * instead of being looked up for each.
 */
function encode(lines: LineIndex, spans: Spans, into: ArrayBuffer): Int32Array<ArrayBuffer> {
  const n = spans.numbers;
  const count = spans.length / 4;
  const data = into.byteLength >= count * 5 * Int32Array.BYTES_PER_ELEMENT ? new Int32Array(into) : new Int32Array(count * 5);
  let length = 0;
  let line = 0;
  let lineStart = 0;
  let nextLineStart = lines.lineCount > 1 ? lines.lineStart(1) : Infinity;
  let lineEnd = lines.lineEnd(0);
  let previousLine = 0;
  let previousChar = 0;
  let previousEnd = -1;
  const order = spans.sorted ? undefined : startOrder(n, count);
  for (let k = 0; k < count; k++) {
    const at = 4 * (order ? order[k] : k);
    const start = n[at];
    if (start < previousEnd) continue; // overlapping spans are not allowed; keep the first
    if (start >= nextLineStart) {
      while (start >= nextLineStart) nextLineStart = ++line + 1 < lines.lineCount ? lines.lineStart(line + 1) : Infinity;
      lineStart = lines.lineStart(line);
      lineEnd = lines.lineEnd(line);
    }
    const char = start - lineStart;
    data[length++] = line - previousLine;
    data[length++] = line === previousLine ? char - previousChar : char;
    data[length++] = Math.min(n[at + 1], lineEnd) - start;
    data[length++] = n[at + 2];
    data[length++] = n[at + 3];
    previousLine = line;
    previousChar = char;
    previousEnd = n[at + 1];
  }
  return data.subarray(0, length);
}

/** The spans' indexes by start; spans with the same start keep the order they were added in (the sort is stable). */
function startOrder(numbers: Int32Array, count: number): number[] {
  return Array.from({ length: count }, (_, i) => i).sort((a, b) => numbers[4 * a] - numbers[4 * b]);
}
