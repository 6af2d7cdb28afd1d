/**
 * Code lenses: above each scored recipe, what a click shows and what the inlay hint leaves out
 * (recipeSummary.ts); clicking one shows its records. A lens comes without its title, which the
 * editor asks for (`codeLens/resolve`) for the lenses it shows: a title reads its recipe's record,
 * and building every recipe's record at once made the first lenses of the server bench's
 * 10,000-recipe mixed file take about 300 ms and keep 20 MB more.
 */
import type { CodeLens } from 'vscode-languageserver';
import { SHOW_RECIPE, type ShowRecipeArguments } from '../../report/src/protocol';
import type { ActiveCalibration } from './calibration/shown';
import type { AnalysedDocument, DocumentScores } from './documentModel';
import { toRange } from './ranges';
import { hasScoredMembers, recipeLensTitle } from './recipeSummary';

export function codeLenses(analysed: AnalysedDocument, scored: DocumentScores | undefined): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const recipe of analysed.recipes) {
    if (!recipe.name || !hasScoredMembers(analysed, scored, recipe)) continue;
    const data: ShowRecipeArguments = [analysed.document.uri, recipe.name.text];
    lenses.push({ range: toRange(analysed.document, recipe.name), data });
  }
  return lenses;
}

/** The document's uri and recipe name that a lens of `codeLenses` carries; undefined for any other lens. */
export function codeLensTarget(lens: CodeLens): ShowRecipeArguments | undefined {
  const data: unknown = lens.data;
  return Array.isArray(data) && data.length === 2 && data.every((part) => typeof part === 'string') ? (data as ShowRecipeArguments) : undefined;
}

/** `lens` with its title and command, from the analysis and scores of the document it names (`target`, codeLensTarget). */
export function resolveCodeLens(lens: CodeLens, target: ShowRecipeArguments, analysed: AnalysedDocument, scored: DocumentScores | undefined, active: ActiveCalibration | undefined): CodeLens {
  const recipe = analysed.recipes.find((r) => r.name?.text === target[1]);
  // A recipe renamed or gone since the lens was listed: the click still opens what there is of it.
  const title = (recipe && recipeLensTitle(analysed, scored, recipe, active)) ?? 'Show scores';
  return { range: lens.range, command: { title, command: SHOW_RECIPE, arguments: target } };
}
