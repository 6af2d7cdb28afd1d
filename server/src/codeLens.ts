/** Code lenses: above each recipe, what a click shows and what the inlay hint leaves out (recipeSummary.ts); clicking one shows its records. */
import type { CodeLens } from 'vscode-languageserver';
import { SHOW_RECIPE, type ShowRecipeArguments } from '../../report/src/protocol';
import type { AnalysedDocument, DocumentScores } from './documentModel';
import { toRange } from './ranges';
import { recipeLensTitle } from './recipeSummary';

export function codeLenses(analysed: AnalysedDocument, scored: DocumentScores | undefined): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const recipe of analysed.recipes) {
    const label = recipeLensTitle(analysed, scored, recipe);
    if (!label || !recipe.name) continue;
    const args: ShowRecipeArguments = [analysed.document.uri, recipe.name.text];
    lenses.push({ range: toRange(analysed.document, recipe.name), command: { title: label, command: SHOW_RECIPE, arguments: args } });
  }
  return lenses;
}
