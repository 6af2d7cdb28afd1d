/**
 * Public API of the `.bimetal` grammar: parse, validate, expand families, and helpers for
 * editors. No editor or LSP dependency; every offset range is half-open `[start, end)`.
 */
import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import type { RecipeSpec } from '../../engine/src/recipe';
import type { BimetalFile } from './ast';
import { compareDiagnostics } from './diagnostics';
import { expandFamilies, expandRecipes, type ExpandOptions, type FamilyHead } from './families';
import { familyMembers, type MemberList } from './memberList';
import { documentSizeDiagnostic } from './limits';
import { emptyFile, parseDocument } from './parse';
import { validateDocument } from './validate';

export type * from './ast';
export { CODES, type CodeInfo, type CodeName } from './codes';
export { expandFamilies, expandRecipes, expandSteps, familySize, type ExpandOptions, type ExpandResult, type FamilyHead, type RecipeFamily } from './families';
export { everyNth, familyMembers, memberArray, type MemberList } from './memberList';
export { capDiagnostics, documentSizeDiagnostic, fileSizeMessage, MAX_DIAGNOSTICS, MAX_DOCUMENT_CHARS, MAX_SYNTAX_ERRORS, stoppedParsingDiagnostic } from './limits';
export { LineIndex } from './lineIndex';
export { asName, readAsName, type NameReading } from './names';
export { emptyFile, parseDocument, type ParseResult } from './parse';
export { chunksOf, IncrementalParser, withOffsetsMoved } from './incrementalParse';
export { suggestClosest } from './suggest';
export { coreSites, coreSitesAtSize, memberCore, resolveTopology, type ResolvedTopology } from './topologyRules';
export { validateDocument, validateSteps } from './validate';
export {
  DECLARATION_KEYWORDS,
  DEFAULT_MAX_FAMILY_SIZE,
  DISTANCE_UNITS,
  ENERGY_UNITS,
  KEYWORDS,
  LIGAND_CLAUSE_KEYWORDS,
  PROPERTY_DOCS,
  PROPERTY_NAMES,
  SITE_NAMES,
  SUPPORT_KINDS,
  TOPOLOGY_NAMES,
  type PropertyName,
} from './vocabulary';
export { propertyOf, resolveLigand, type LigandResolution } from './recipeParts';
export { BUILTIN_LIGAND_NAMES } from '../../engine/src/ligands/builtinLibrary';

export interface AnalysisResult {
  ast: BimetalFile;
  /** Syntax, semantic and family-size diagnostics together, sorted by position. */
  diagnostics: BimetalDiagnostic[];
  /** Expanded members of every recipe without errors, in file order. */
  members: RecipeSpec[];
  /** Per recipe, where its members stand in `members`. */
  families: FamilyHead[];
}

/** The analysis of a document whose members are made a slice at a time (analyzeFamilies). */
export interface FamilyAnalysis extends Omit<AnalysisResult, 'members' | 'families'> {
  members: MemberList;
}

/** parseDocument + validateDocument + expandRecipes in one call; a document over the size limit only gets the error saying so. */
export function analyzeText(text: string, options: ExpandOptions = {}): AnalysisResult {
  return analyzed(text, (ast) => expandRecipes(ast, options), { members: [], families: [] });
}

/** analyzeText with members made only when a slice of them is asked for: what a batch scores, in bounded memory whatever the family sizes. */
export function analyzeFamilies(text: string, options: ExpandOptions = {}): FamilyAnalysis {
  return analyzed(
    text,
    (ast) => {
      const { families, diagnostics } = expandFamilies(ast, options);
      return { members: familyMembers(families), diagnostics };
    },
    { members: familyMembers([]) },
  );
}

/** Parse, validation and `expand` of a text, their diagnostics together; `none` stands for the expansion of a text over the size limit. */
function analyzed<E extends { diagnostics: BimetalDiagnostic[] }>(
  text: string,
  expand: (ast: BimetalFile) => E,
  none: Omit<E, 'diagnostics'>,
): Omit<E, 'diagnostics'> & { ast: BimetalFile; diagnostics: BimetalDiagnostic[] } {
  const tooLarge = documentSizeDiagnostic(text.length);
  if (tooLarge) return { ...none, ast: emptyFile(text.length), diagnostics: [tooLarge] };
  const parsed = parseDocument(text);
  const semantic = validateDocument(parsed.ast);
  const { diagnostics: expansionDiagnostics, ...expansion } = expand(parsed.ast);
  const diagnostics = [...parsed.diagnostics, ...semantic, ...expansionDiagnostics].sort(compareDiagnostics);
  return { ...expansion, ast: parsed.ast, diagnostics };
}
