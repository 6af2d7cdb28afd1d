/**
 * Folding: each recipe block, runs of ligand declarations, blocks of consecutive lines that hold a
 * comment alone, and `# region` … `# endregion` (language-configuration.json's markers, which VS
 * Code ignores once a language server folds). Only those are regions, so that "Fold All Regions"
 * folds the ones the user marked.
 */
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import type { OffsetRange } from '../../engine/src/recipe';
import type { AnalysedDocument } from './documentModel';

export function foldingRanges(analysed: AnalysedDocument): FoldingRange[] {
  const { document, ast } = analysed;
  const lineOf = (offset: number) => document.positionAt(offset).line;
  const ranges: FoldingRange[] = [];
  const fold = (start: number, end: number, kind?: FoldingRangeKind) => {
    if (end > start) ranges.push(kind ? { startLine: start, endLine: end, kind } : { startLine: start, endLine: end });
  };

  for (const recipe of ast.recipes) fold(lineOf(recipe.start), lineOf(recipe.end - 1));
  for (const run of runsOfLines(ast.ligands, lineOf)) fold(run.first, run.last);
  // Comments alone on their lines: a fold that took in one written after code would hide that code.
  const text = document.getText();
  const ownLine = ast.comments.filter((c) => text.slice(document.offsetAt({ line: lineOf(c.start), character: 0 }), c.start).trim() === '');
  const markers = new Map(ownLine.flatMap((c) => REGION_MARKER.exec(text.slice(c.start, c.end))?.slice(1, 2).map((kind) => [c, kind] as const) ?? []));
  // A marker is no part of a comment block: VS Code keeps one fold per start line, and the region's would be dropped.
  for (const run of runsOfLines(ownLine.filter((c) => !markers.has(c)), lineOf)) fold(run.first, run.last, FoldingRangeKind.Comment);
  const opened: number[] = [];
  for (const [comment, kind] of markers) {
    if (kind === 'region') opened.push(lineOf(comment.start));
    else if (opened.length > 0) fold(opened.pop()!, lineOf(comment.start), FoldingRangeKind.Region);
  }
  return uncrossed(ranges.sort((a, b) => a.startLine - b.startLine));
}

/**
 * `} recipe B {` on one line: recipe A's fold would end where B's starts, and VS Code drops the
 * second of two folds that cross, so B could not be folded. A fold ends instead on the line before
 * one it does not contain starts; one left with a single line is none. A `# region` that crosses a
 * recipe (opened inside it, closed after it) is the fold that goes: the recipe's is the one the
 * language makes. `sorted` by start line.
 */
function uncrossed(sorted: FoldingRange[]): FoldingRange[] {
  for (let i = 0; i < sorted.length; i++) {
    const fold = sorted[i];
    for (let j = i + 1; j < sorted.length && sorted[j].startLine <= fold.endLine; j++) {
      const later = sorted[j];
      if (later.startLine === fold.startLine || later.endLine <= fold.endLine) continue;
      if (later.kind === FoldingRangeKind.Region && fold.kind !== FoldingRangeKind.Region) later.endLine = later.startLine;
      else fold.endLine = later.startLine - 1;
    }
  }
  return sorted.filter((fold) => fold.endLine > fold.startLine);
}

/** `# region NAME` and `# endregion`, as language-configuration.json's folding markers. */
const REGION_MARKER = /^#\s*(region|endregion)\b/;

/** Groups ranges that sit on consecutive lines. */
function runsOfLines(ranges: readonly OffsetRange[], lineOf: (offset: number) => number): { first: number; last: number }[] {
  const runs: { first: number; last: number }[] = [];
  for (const range of [...ranges].sort((a, b) => a.start - b.start)) {
    const first = lineOf(range.start);
    const last = lineOf(Math.max(range.start, range.end - 1));
    const previous = runs[runs.length - 1];
    if (previous && first <= previous.last + 1) previous.last = Math.max(previous.last, last);
    else runs.push({ first, last });
  }
  return runs;
}
