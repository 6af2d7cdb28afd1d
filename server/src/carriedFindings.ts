/**
 * Scored findings kept through edits. After an edit the new version's syntax and semantic
 * diagnostics are pushed at once, and chemistry and model diagnostics only when scoring has run
 * (after a pause, and a while): a first push of the phase-1 diagnostics alone replaced every
 * scored finding, so they vanished on each keystroke and the Problems panel stayed empty while
 * the user typed.
 *
 * That push therefore also carries the last scored version's findings of the declarations the
 * edits left as they were, moved to where each stands now. Those are the declarations before the
 * first one whose text changed and after the last one (matched from each end, so neither a copy
 * of a recipe nor a recipe's moving is mistaken for another); a declaration between two edits
 * made before the next scoring waits for it too. A declaration's findings follow from its own
 * text and from the ligand declarations a recipe may use, so nothing is carried unless every
 * ligand declaration is unchanged, its text and its line (BM307 names that line); and none to a
 * declaration with an error now (a recipe with errors is not scored: a duplicate name typed above
 * it, say). An edited declaration's findings drop until it is scored again, and a finding outside
 * its declaration, or pointing outside it, is never moved.
 */
import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import { firstIndexWhere } from '../../engine/src/firstIndexWhere';
import type { OffsetRange } from '../../engine/src/recipe';
import type { Declaration } from '../../grammar/src/ast';
import { withOffsetsMoved } from '../../grammar/src/index';
import type { AnalysedDocument } from './documentModel';

/** A version's text and declarations, as far as carrying findings needs them. */
interface Version {
  readonly text: string;
  readonly declarations: readonly Declaration[];
  readonly ligands: readonly Declaration[];
}

function versionOf(analysed: AnalysedDocument): Version {
  return {
    text: analysed.document.getText(),
    declarations: analysed.ast.declarations,
    ligands: analysed.ast.ligands,
  };
}

/** The line of each ligand declaration. */
function ligandLines(analysed: AnalysedDocument): number[] {
  return analysed.ast.ligands.map((ligand) => analysed.lines.positionAt(ligand.start).line);
}

/**
 * What scoring added to one version's phase-1 diagnostics. It keeps that version's text and
 * declarations, not the analysis: the analysis holds the expanded members, and the next version's
 * scoring makes its own before this one is replaced.
 */
export class ScoredFindings {
  private constructor(
    private readonly version: number,
    private readonly scored: Version,
    private readonly ligandLines: readonly number[],
    /** The scored version's diagnostics less its phase-1 ones. */
    private readonly diagnostics: readonly BimetalDiagnostic[],
  ) {}

  /** The findings among `published`, the diagnostics pushed for `analysed` once scored. */
  static of(analysed: AnalysedDocument, published: readonly BimetalDiagnostic[]): ScoredFindings {
    const phaseOne = new Set(analysed.diagnostics);
    return new ScoredFindings(analysed.version, versionOf(analysed), ligandLines(analysed), published.filter((d) => !phaseOne.has(d)));
  }

  /** These findings for `current`, the same version or a later one: those of the declarations it keeps, where they now are. */
  carriedTo(current: AnalysedDocument): BimetalDiagnostic[] {
    if (current.version === this.version) return [...this.diagnostics];
    const { scored } = this;
    const now = versionOf(current);
    if (!sameLigandDeclarations(scored, now) || !ligandLines(current).every((line, i) => line === this.ligandLines[i])) return [];
    const kept = unchangedDeclarations(scored, now);
    if (kept.size === 0) return [];
    const withErrors = declarationsWithErrors(current);
    const carried: BimetalDiagnostic[] = [];
    for (const d of this.diagnostics) {
      const from = declarationHolding(scored.declarations, d);
      const to = from && kept.get(from);
      if (!to || withErrors.has(to)) continue;
      carried.push(withOffsetsMoved(d, to.start - from.start));
    }
    return carried;
  }
}

function textOf(version: Version, declaration: Declaration): string {
  return version.text.slice(declaration.start, declaration.end);
}

/**
 * The declarations of `before` that `after` keeps as they were, each with its counterpart in
 * `after`: those before the first that differs and after the last, matched from each end.
 */
function unchangedDeclarations(before: Version, after: Version): Map<Declaration, Declaration> {
  const [a, b] = [before.declarations, after.declarations];
  // One node for both: the incremental parser reused the chunk, same text at the same offset.
  const same = (x: Declaration, y: Declaration) => x === y || (x.end - x.start === y.end - y.start && textOf(before, x) === textOf(after, y));
  const most = Math.min(a.length, b.length);
  let head = 0;
  while (head < most && same(a[head], b[head])) head++;
  let tail = 0;
  while (tail < most - head && same(a[a.length - 1 - tail], b[b.length - 1 - tail])) tail++;
  const kept = new Map<Declaration, Declaration>();
  for (let i = 0; i < head; i++) kept.set(a[i], b[i]);
  for (let i = 1; i <= tail; i++) kept.set(a[a.length - i], b[b.length - i]);
  return kept;
}

function sameLigandDeclarations(before: Version, after: Version): boolean {
  return before.ligands.length === after.ligands.length && before.ligands.every((ligand, i) => textOf(before, ligand) === textOf(after, after.ligands[i]));
}

/** The declaration (of `declarations`, in source order) that holds `d`'s range and every related range; undefined when none does. */
function declarationHolding(declarations: readonly Declaration[], d: BimetalDiagnostic): Declaration | undefined {
  const declaration = declarationAt(declarations, d.range.start);
  const within = (range: OffsetRange) => declaration !== undefined && range.start >= declaration.start && range.end <= declaration.end;
  return within(d.range) && (d.related ?? []).every((r) => within(r.range)) ? declaration : undefined;
}

/** The last declaration starting at or before `offset`, if `offset` lies within it (its end included). */
function declarationAt(declarations: readonly Declaration[], offset: number): Declaration | undefined {
  const after = firstIndexWhere(declarations.length, (i) => declarations[i].start > offset);
  const declaration = declarations[after - 1];
  return declaration && offset <= declaration.end ? declaration : undefined;
}

function declarationsWithErrors(analysed: AnalysedDocument): Set<Declaration> {
  const found = new Set<Declaration>();
  for (const d of analysed.diagnostics) {
    const declaration = d.severity === 'error' ? declarationAt(analysed.ast.declarations, d.range.start) : undefined;
    if (declaration) found.add(declaration);
  }
  return found;
}
