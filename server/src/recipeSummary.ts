/**
 * The one-line prediction summary of a recipe, shared by inlay hints and code lenses:
 * `E_form −2.90±0.40 · φ −0.12` for a recipe, `32 members · best E_form −3.10 (Au4Ru2…)` for a family.
 */
import type { RecipeDecl } from '../../grammar/src/ast';
import type { ScoredMember } from '../../pipeline/src/index';
import { estimateText, num } from './display';
import type { AnalysedDocument, DocumentScores } from './documentModel';

export function recipeSummary(analysed: AnalysedDocument, scored: DocumentScores | undefined, recipe: RecipeDecl): string | undefined {
  const name = recipe.name?.text;
  if (!name) return undefined;
  const size = analysed.membersByRecipe.get(name)?.length ?? 0;
  const members = scored?.byRecipe.get(name) ?? [];
  if (size === 0 || members.length === 0) return undefined;
  if (size > 1) return familySummary(size, members);
  const member = members[0];
  const parts = [member.prediction ? `E_form ${estimateText(member.prediction)}` : 'E_form —'];
  parts.push(`φ ${num(member.descriptors.phi.value)}`);
  return parts.join(' · ');
}

function familySummary(size: number, members: readonly ScoredMember[]): string {
  let best: ScoredMember | undefined;
  for (const m of members) if (m.prediction && (!best || m.prediction.point < best.prediction!.point)) best = m;
  return best ? `${size} members · best E_form ${num(best.prediction!.point)} (${best.spec.name})` : `${size} members`;
}
