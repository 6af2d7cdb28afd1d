/**
 * Re-parses only the declarations an edit touched. The text is cut into chunks at lines that
 * start with `recipe` or `ligand` — tokens that always end the previous declaration in the
 * grammar's recovery, so parsing the chunks separately reads the text the same way as parsing it
 * whole. Each chunk's ParseResult is cached by its text and position; an unchanged chunk before
 * the edit is reused as is, one after it is reused with its offsets shifted.
 *
 * Why: parsing a 1,000-recipe file whole takes 60–200 ms here, far over the 50 ms an edit's
 * diagnostics may take; re-parsing one recipe takes well under a millisecond.
 */
import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import type { BimetalFile } from './ast';
import { MAX_SYNTAX_ERRORS, PROBE_CHARS, stoppedParsingDiagnostic } from './limits';
import { parseDocument, parseSection, type ParseResult } from './parse';

const DECLARATION_START = /^[ \t]*(?:recipe|ligand)(?![A-Za-z0-9_-])/gm;

interface Chunk {
  start: number;
  text: string;
}

export function chunksOf(text: string): Chunk[] {
  const starts = [0];
  for (const match of text.matchAll(DECLARATION_START)) if (match.index > 0) starts.push(match.index);
  return starts.map((start, i) => ({ start, text: text.slice(start, starts[i + 1] ?? text.length) }));
}

export class IncrementalParser {
  /** Chunk results of the previous parse, by text, each at the offset it was parsed for. */
  private previous = new Map<string, { start: number; result: ParseResult }>();

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
    const next = new Map<string, { start: number; result: ParseResult }>();
    const file: BimetalFile = { kind: 'file', range: { start: 0, end: text.length }, declarations: [], ligands: [], recipes: [], comments: [] };
    const diagnostics: BimetalDiagnostic[] = [];
    let errors = 0;
    for (const chunk of chunksOf(text)) {
      // A file of garbage split into many small chunks must not be parsed to its end either (see parseDocument).
      if (errors > MAX_SYNTAX_ERRORS) {
        diagnostics.push(stoppedParsingDiagnostic(chunk.start));
        break;
      }
      const result = this.chunkResult(text, chunk);
      for (const d of result.diagnostics) if (d.severity === 'error') errors++;
      // Identical chunks (rare: copy-pasted recipes) keep the first entry; the others are re-parsed next time.
      if (!next.has(chunk.text)) next.set(chunk.text, { start: chunk.start, result });
      file.declarations.push(...result.ast.declarations);
      file.ligands.push(...result.ast.ligands);
      file.recipes.push(...result.ast.recipes);
      file.comments.push(...result.ast.comments);
      diagnostics.push(...result.diagnostics);
      yield;
    }
    this.previous = next;
    return { ast: file, diagnostics };
  }

  private chunkResult(text: string, chunk: Chunk): ParseResult {
    const cached = this.previous.get(chunk.text);
    if (cached?.start === chunk.start) return cached.result;
    if (cached) return shifted(cached.result, chunk.start - cached.start);
    // A chunk too long for one section (garbage without declarations) is probed like a document of its own.
    if (chunk.text.length > PROBE_CHARS) return shiftInPlace(parseDocument(chunk.text), chunk.start);
    return parseSection(text, chunk.start, chunk.start + chunk.text.length);
  }
}

/**
 * Every source offset moved by `delta`: ranges (`{start, end}` objects) and the `insertAt`
 * offsets of quick-fix data, wherever they sit in the tree or in diagnostics. `shifted` copies
 * (a cached result still belongs to the previous analysis); `shiftInPlace` is for a fresh parse.
 */
function shifted<T>(value: T, delta: number): T {
  return delta === 0 ? value : (moveOffsets(value, delta, false) as T);
}

function shiftInPlace<T>(value: T, delta: number): T {
  return delta === 0 ? value : (moveOffsets(value, delta, new Set()) as T);
}

/** `moved` (in place only) holds the objects already shifted: the parser shares range objects between nodes. */
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
    if (typeof v === 'number' && ((isRange && (key === 'start' || key === 'end')) || key === 'insertAt')) target[key] = v + delta;
    else target[key] = moveOffsets(v, delta, moved);
  }
  return target;
}
