/**
 * Expand Selection (textDocument/selectionRange) by the syntax tree: from the value under the
 * cursor out through its list or range, its clause, its property, the recipe's body between its
 * braces and the declaration, to the whole file. The tree's nodes are plain data, each its own
 * offset range (grammar/src/ast.ts), so one walk over any node's fields finds the nodes that hold
 * the cursor without a case per node kind; a kind added to the grammar is walked too.
 */
import type { Position, SelectionRange } from 'vscode-languageserver';
import type { OffsetRange } from '../../engine/src/recipe';
import type { RecipeDecl } from '../../grammar/src/ast';
import type { AnalysedDocument } from './documentModel';
import { toRange } from './ranges';

export function selectionRanges(analysed: AnalysedDocument, positions: readonly Position[]): SelectionRange[] {
  const whole: OffsetRange = { start: 0, end: analysed.document.getText().length };
  return positions.map((position) => {
    const offset = analysed.document.offsetAt(position);
    let selection: SelectionRange | undefined;
    let previous: OffsetRange | undefined;
    for (const range of [whole, ...enclosingRanges(analysed.ast, offset)]) {
      // Each step must grow the selection: a node as wide as its parent (a one-value list) adds none.
      if (previous && previous.start === range.start && previous.end === range.end) continue;
      selection = { range: toRange(analysed.document, range), parent: selection };
      previous = range;
    }
    return selection as SelectionRange;
  });
}

/** The ranges of the nodes holding `offset`, outermost first, below `node` itself. */
function enclosingRanges(node: object, offset: number): OffsetRange[] {
  const ranges: OffsetRange[] = [];
  for (let inner = innermostChild(node, offset); inner; inner = innermostChild(inner, offset)) {
    ranges.push(inner);
    const body = bracedBody(inner, offset);
    if (body) ranges.push(body);
  }
  return ranges;
}

/**
 * The child node of `node` that holds `offset`: one it lies strictly inside first, else one it
 * ends (the cursor right after a word, as after typing it, selects that word).
 */
function innermostChild(node: object, offset: number): OffsetRange | undefined {
  let endingThere: OffsetRange | undefined;
  for (const value of Object.values(node)) {
    for (const child of Array.isArray(value) ? value : [value]) {
      if (!isNode(child)) continue;
      if (child.start <= offset && offset < child.end) return child;
      if (child.end === offset && child.start < offset) endingThere ??= child;
    }
  }
  return endingThere;
}

function isNode(value: unknown): value is OffsetRange {
  return typeof value === 'object' && value !== null && typeof (value as OffsetRange).start === 'number' && typeof (value as OffsetRange).end === 'number';
}

/** A recipe's properties between its braces, when `offset` lies there: the step between a property and the whole recipe. */
function bracedBody(node: OffsetRange, offset: number): OffsetRange | undefined {
  const { kind, openBrace, closeBrace } = node as Partial<RecipeDecl>;
  if (kind !== 'recipe' || openBrace === undefined || closeBrace === undefined) return undefined;
  return openBrace < offset && offset <= closeBrace ? { start: openBrace + 1, end: closeBrace } : undefined;
}
