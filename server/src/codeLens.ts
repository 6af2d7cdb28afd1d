/** Code lenses: the prediction summary above each recipe (a label; families show their best member). */
import type { CodeLens } from 'vscode-languageserver';
import type { AnalysedDocument, DocumentScores } from './documentModel';
import { toRange } from './ranges';
import { recipeSummary } from './recipeSummary';

export function codeLenses(analysed: AnalysedDocument, scored: DocumentScores | undefined): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const recipe of analysed.recipes) {
    const label = recipeSummary(analysed, scored, recipe);
    if (!label || !recipe.name) continue;
    // An empty command id makes the lens a label: the numbers are the point, there is nothing to run.
    lenses.push({ range: toRange(analysed.document, recipe.name.range), command: { title: label, command: '' } });
  }
  return lenses;
}
