/**
 * Public API of the `.bimetal` grammar: parse, validate, expand families, and helpers for
 * editors. No editor or LSP dependency; every offset range is half-open `[start, end)`.
 */
import type { BimetalDiagnostic } from '../../engine/src/diagnostic';
import type { RecipeSpec } from '../../engine/src/recipe';
import type { BimetalFile } from './ast';
import { compareDiagnostics } from './diagnostics';
import { expandRecipes, type ExpandOptions } from './families';
import { documentSizeDiagnostic } from './limits';
import { emptyFile, parseDocument } from './parse';
import { validateDocument } from './validate';

export type * from './ast';
export { CODES, type CodeInfo, type CodeName } from './codes';
export { expandRecipes, expandSteps, familySize, type ExpandOptions, type ExpandResult } from './families';
export { capDiagnostics, documentSizeDiagnostic, fileSizeMessage, MAX_DIAGNOSTICS, MAX_DOCUMENT_CHARS, MAX_SYNTAX_ERRORS, stoppedParsingDiagnostic } from './limits';
export { LineIndex } from './lineIndex';
export { emptyFile, parseDocument, type ParseResult } from './parse';
export { chunksOf, IncrementalParser } from './incrementalParse';
export { suggestClosest } from './suggest';
export { coreSites, resolveTopology, type ResolvedTopology } from './topologyRules';
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
}

/** parseDocument + validateDocument + expandRecipes in one call; a document over the size limit only gets the error saying so. */
export function analyzeText(text: string, options: ExpandOptions = {}): AnalysisResult {
  const tooLarge = documentSizeDiagnostic(text.length);
  if (tooLarge) return { ast: emptyFile(text.length), diagnostics: [tooLarge], members: [] };
  const parsed = parseDocument(text);
  const semantic = validateDocument(parsed.ast);
  const expanded = expandRecipes(parsed.ast, options);
  const diagnostics = [...parsed.diagnostics, ...semantic, ...expanded.diagnostics].sort(compareDiagnostics);
  return { ast: parsed.ast, diagnostics, members: expanded.members };
}
