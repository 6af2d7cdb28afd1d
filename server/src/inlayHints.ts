/** Inlay hints: the prediction summary after each recipe header (`recipe NAME {  E_form −2.90±0.40 eV/atom · φ −0.12`). */
import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver';
import type { ActiveCalibration } from './calibration/shown';
import type { AnalysedDocument, DocumentScores } from './documentModel';
import { recipeSummary } from './recipeSummary';

export function inlayHints(analysed: AnalysedDocument, scored: DocumentScores | undefined, range: Range, active: ActiveCalibration | undefined): InlayHint[] {
  const { document } = analysed;
  const first = document.offsetAt(range.start);
  const last = document.offsetAt(range.end);
  const hints: InlayHint[] = [];
  for (const recipe of analysed.recipes) {
    // Only the visible range is asked for: skip recipes outside it without formatting them.
    const anchor = recipe.openBrace !== undefined ? recipe.openBrace + 1 : recipe.name?.end;
    if (anchor === undefined || anchor < first || anchor > last) continue;
    const label = recipeSummary(analysed, scored, recipe, active);
    if (label) hints.push({ position: document.positionAt(anchor), label, kind: InlayHintKind.Type, paddingLeft: true });
  }
  return hints;
}
