/**
 * Re-parses only the declarations an edit touched. The text is cut into chunks at lines that
 * start with `recipe`, or with `ligand NAME =` — what always ends the previous declaration in the
 * grammar's recovery (a `ligand` without `NAME =` inside a recipe is a misspelt `ligands`
 * property of that recipe), so parsing the chunks separately reads the text the same way as
 * parsing it whole. Each chunk's ParseResult is cached by its text and position; an unchanged chunk before
 * the edit is reused as is, one after it is reused with its offsets shifted.
 *
 * Why: parsing a 1,000-recipe file whole takes 60–200 ms here, far over the 50 ms an edit's
 * diagnostics may take; re-parsing one recipe takes well under a millisecond.
 *
 * New chunks that follow one another (a file opened for the first time, a block pasted in) are
 * parsed together as one section and the result is split back into chunks: a parse per
 * declaration costs chevrotain's and the AST builder's set-up each time, which made the first
 * parse of a 10,000-recipe file about half as slow again as parsing it whole (`npm run bench --
 * parse`).
 */
import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import { firstIndexWhere } from '../../engine/src/firstIndexWhere';
import type { OffsetRange } from '../../engine/src/recipe';
import type { BimetalFile, Declaration } from './ast';
import { CODES } from './codes';
import { KEYWORD_TEXTS } from './lexer';
import { MAX_SYNTAX_ERRORS, PROBE_CHARS, stoppedParsingDiagnostic } from './limits';
import { parseDocument, parseSection, type ParseResult } from './parse';

/** A word the lexer reads as something other than an Identifier: a keyword, or `x` (Times) unless a letter, `_` or `-` follows. */
const NOT_AN_IDENTIFIER = `(?:${KEYWORD_TEXTS.join('|')})(?![A-Za-z0-9_-])|x(?![A-Za-z_-])`;
/**
 * The parser's tests for a new declaration, on one line: `recipe`, or the tokens Ligand,
 * Identifier and Equals. Where they span lines, the text is simply not cut there.
 * A line starts at the text's start or after \r or \n, the only line breaks of the language (a
 * comment runs to one of them): not `^` with the `m` flag, which also matches after U+2028 and
 * U+2029, so a cut there fell inside a comment and read its rest as a declaration.
 */
const DECLARATION_START = new RegExp(`(?<![^\\r\\n])[ \\t]*(?:recipe(?![A-Za-z0-9_-])|ligand[ \\t]+(?!${NOT_AN_IDENTIFIER})[A-Za-z_][A-Za-z0-9_-]*[ \\t]*=)`, 'g');

/**
 * At most this much text of new chunks is parsed as one section (about 30 recipes, a millisecond or
 * two), so the server's time slices stay short; 16 KB parsed no faster in `npm run bench -- parse`.
 */
const GROUP_CHARS = 4 * 1024;

interface Chunk {
  start: number;
  text: string;
}

/**
 * What the parser keeps of a chunk's parse for the next one, at the offset it was parsed for.
 * Lists hold exactly their items and an empty one is the shared NONE: the cache holds an entry per
 * declaration, and kept as whole ParseResults (a file node with four lists, and a diagnostics
 * list) they took 7.4 MB beside the tree of the parse bench's 10,000-recipe file; as these, 2.1 MB.
 */
interface ChunkParse {
  start: number;
  declarations: readonly Declaration[];
  comments: readonly OffsetRange[];
  diagnostics: readonly BimetalDiagnostic[];
}

const NONE: readonly never[] = [];

/**
 * `items` sorted into the chunks `chunkOf` names, in their order, each chunk's list of exactly
 * its items (NONE when it has none). Counted first and filled once: adding each item by copying
 * its chunk's list (`[...list, item]`) was quadratic in the items of one chunk, and a block of
 * 40,000 comment lines (one chunk) took 13.6 s to split where parsing it took 25 ms.
 */
function byChunk<T>(items: readonly T[], chunks: number, chunkOf: (item: T) => number): (readonly T[])[] {
  const at = new Int32Array(items.length);
  const counts = new Int32Array(chunks);
  for (let i = 0; i < items.length; i++) counts[(at[i] = chunkOf(items[i]))]++;
  const lists = Array.from(counts, (count) => (count === 0 ? undefined : new Array<T>(count)));
  const filled = new Int32Array(chunks);
  for (let i = 0; i < items.length; i++) lists[at[i]]![filled[at[i]]++] = items[i];
  return lists.map((list) => list ?? NONE);
}

export function chunksOf(text: string): Chunk[] {
  const starts = [0];
  for (const match of text.matchAll(DECLARATION_START)) if (match.index > 0) starts.push(match.index);
  return starts.map((start, i) => ({ start, text: text.slice(start, starts[i + 1] ?? text.length) }));
}

export class IncrementalParser {
  /** Chunk results of the previous parse, by text. */
  private previous = new Map<string, ChunkParse>();

  parse(text: string): ParseResult {
    const steps = this.steps(text);
    for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
  }

  /**
   * The same parse, one chunk per step: a caller may stop between steps to let other work run
   * (the language server spreads the first parse of a 10,000-recipe file over many turns of its
   * event loop), or abandon it; the reused chunks are only replaced when the parse completes.
   */
  *steps(text: string): Generator<void, ParseResult> {
    const next = new Map<string, ChunkParse>();
    const file: BimetalFile = { kind: 'file', start: 0, end: text.length, declarations: [], ligands: [], recipes: [], comments: [] };
    const diagnostics: BimetalDiagnostic[] = [];
    let errors = 0;
    const chunks = chunksOf(text);
    /** Results of the chunks after the current one that were parsed with it, in order. */
    let parsedAhead: ChunkParse[] = [];
    for (let i = 0; i < chunks.length; i++) {
      const chunk = chunks[i];
      // A file of garbage split into many small chunks must not be parsed to its end either (see parseDocument).
      if (errors > MAX_SYNTAX_ERRORS) {
        // A chunk probed as a document of its own (see chunkResults) ends with this diagnostic already.
        if (diagnostics.at(-1)?.code !== CODES.tooManySyntaxErrors.code) diagnostics.push(stoppedParsingDiagnostic(chunk.start));
        break;
      }
      let result = parsedAhead.shift();
      if (!result) [result, ...parsedAhead] = this.chunkResults(text, chunks, i);
      for (const d of result.diagnostics) if (d.severity === 'error') errors++;
      // Identical chunks (rare: copy-pasted recipes) keep the first entry; the others are re-parsed next time.
      if (!next.has(chunk.text)) next.set(chunk.text, result);
      for (const declaration of result.declarations) {
        file.declarations.push(declaration);
        if (declaration.kind === 'ligand') file.ligands.push(declaration);
        else file.recipes.push(declaration);
      }
      // One at a time: spread into push, a chunk of more than about 120,000 comments or diagnostics overflowed the stack.
      for (const comment of result.comments) file.comments.push(comment);
      for (const d of result.diagnostics) diagnostics.push(d);
      yield;
    }
    this.previous = next;
    return { ast: file, diagnostics };
  }

  /**
   * The result of `chunks[from]`: from the previous parse when its text was seen, else a fresh
   * parse, together with the chunks after it that are new as well (up to GROUP_CHARS), whose
   * results follow it in the returned list.
   */
  private chunkResults(text: string, chunks: readonly Chunk[], from: number): ChunkParse[] {
    const chunk = chunks[from];
    const cached = this.previous.get(chunk.text);
    if (cached?.start === chunk.start) return [cached];
    if (cached) return [movedTo(cached, chunk.start)];
    // A chunk too long for one section (garbage without declarations) is probed like a document of its own.
    if (chunk.text.length > PROBE_CHARS) {
      const { ast, diagnostics } = shiftInPlace(parseDocument(chunk.text), chunk.start);
      return [{ start: chunk.start, declarations: ast.declarations, comments: ast.comments, diagnostics }];
    }
    let to = from + 1;
    let length = chunk.text.length;
    while (to < chunks.length && !this.previous.has(chunks[to].text) && length + chunks[to].text.length <= GROUP_CHARS) {
      length += chunks[to].text.length;
      to++;
    }
    const group = chunks.slice(from, to);
    return splitIntoChunks(parseSection(text, chunk.start, chunk.start + length), group);
  }
}

/**
 * A section's parse result cut into the results its chunks give parsed one by one: each
 * declaration, comment and diagnostic goes to the chunk it starts in (a diagnostic at the very
 * end of the section, where a parse of the last chunk alone would put it too, to the last chunk).
 */
function splitIntoChunks(section: ParseResult, chunks: readonly Chunk[]): ChunkParse[] {
  const ends = chunks.map((c) => c.start + c.text.length);
  // The chunk whose end lies past `offset`, or the last chunk for an offset at the very end.
  const chunkAt = (offset: number): number => Math.min(firstIndexWhere(chunks.length, (i) => offset < ends[i]), chunks.length - 1);
  const declarations = byChunk(section.ast.declarations, chunks.length, (d) => chunkAt(d.start));
  const comments = byChunk(section.ast.comments, chunks.length, (c) => chunkAt(c.start));
  const diagnostics = byChunk(section.diagnostics, chunks.length, (d) => chunkAt(d.range.start));
  return chunks.map((c, i) => ({ start: c.start, declarations: declarations[i], comments: comments[i], diagnostics: diagnostics[i] }));
}

/** A cached chunk's parse for the chunk's new offset: a copy, since the previous analysis still holds the cached one. */
function movedTo(cached: ChunkParse, start: number): ChunkParse {
  const delta = start - cached.start;
  return {
    start,
    declarations: withOffsetsMoved(cached.declarations, delta),
    comments: withOffsetsMoved(cached.comments, delta),
    diagnostics: withOffsetsMoved(cached.diagnostics, delta),
  };
}

/**
 * Every source offset moved by `delta`: ranges (objects with numeric `start` and `end`: the tree's
 * nodes and diagnostics' ranges) and the lone offsets (OFFSET_KEYS), wherever they sit in the tree
 * or in diagnostics. `withOffsetsMoved` copies (a cached result still belongs to the previous
 * analysis; the language server moves the previous version's findings with it too);
 * `shiftInPlace` is for a fresh parse.
 */
export function withOffsetsMoved<T>(value: T, delta: number): T {
  return delta === 0 ? value : (moveOffsets(value, delta, false) as T);
}

function shiftInPlace<T>(value: T, delta: number): T {
  return delta === 0 ? value : (moveOffsets(value, delta, new Set()) as T);
}

/** Number fields that are offsets on their own: a recipe's braces (ast.ts), and where a quick fix inserts its text. */
const OFFSET_KEYS: ReadonlySet<string> = new Set(['openBrace', 'closeBrace', 'insertAt']);

/** `moved` (in place only) holds the objects already shifted, so that an object reachable twice moves once. */
function moveOffsets(node: unknown, delta: number, moved: Set<object> | false): unknown {
  if (node === null || typeof node !== 'object') return node;
  const inPlace = moved !== false;
  if (inPlace) {
    if (moved.has(node)) return node;
    moved.add(node);
  }
  if (Array.isArray(node)) {
    const target = inPlace ? node : new Array<unknown>(node.length);
    for (let i = 0; i < node.length; i++) target[i] = moveOffsets(node[i], delta, moved);
    return target;
  }
  const source = node as Record<string, unknown>;
  const target: Record<string, unknown> = inPlace ? source : {};
  const isRange = typeof source.start === 'number' && typeof source.end === 'number';
  for (const key in source) {
    const v = source[key];
    if (typeof v === 'number' && ((isRange && (key === 'start' || key === 'end')) || OFFSET_KEYS.has(key))) target[key] = v + delta;
    else target[key] = moveOffsets(v, delta, moved);
  }
  return target;
}
