/**
 * What the editor says above and beside each recipe, in two parts that do not repeat each other:
 * the inlay hint carries the numbers (`E_form −2.90±0.40 · φ −0.12`; a family: its size and best
 * member), the code lens what opens on a click and what the hint leaves out (the site call, how
 * many warnings; a family: its most accessible member). A labelled recipe's residual has its own
 * lens on the label (calibration/display.ts), against the calibration when one applies.
 */
import { phiVerdictOf } from '../../engine/src/descriptors';
import type { RecipeDecl } from '../../grammar/src/ast';
import type { ScoredMember } from '../../pipeline/src/index';
import { estimateText } from '../../report/src/numbers';
import { QUANTITIES, quantityText, shownPhi } from '../../report/src/quantities';
import type { AnalysedDocument, DocumentScores } from './documentModel';

/** The scored members of a recipe block (one, or a family's), with the family's size; undefined before scoring. */
function scoredMembers(analysed: AnalysedDocument, scored: DocumentScores | undefined, recipe: RecipeDecl): { size: number; members: readonly ScoredMember[] } | undefined {
  const name = recipe.name?.text;
  if (!name) return undefined;
  const size = analysed.membersByRecipe.get(name)?.length ?? 0;
  const members = scored?.byRecipe.get(name) ?? [];
  return size === 0 || members.length === 0 ? undefined : { size, members };
}

/** Whether a recipe block has scored members (and so a summary). */
export function hasScoredMembers(analysed: AnalysedDocument, scored: DocumentScores | undefined, recipe: RecipeDecl): boolean {
  return scoredMembers(analysed, scored, recipe) !== undefined;
}

/** The inlay hint: the prediction and φ of a recipe, the best E_form of a family. */
export function recipeSummary(analysed: AnalysedDocument, scored: DocumentScores | undefined, recipe: RecipeDecl): string | undefined {
  const found = scoredMembers(analysed, scored, recipe);
  if (!found) return undefined;
  const { eForm, phi } = QUANTITIES;
  if (found.size > 1) {
    const best = extreme(found.members, (m) => m.prediction?.point ?? null, -1);
    return best ? `${found.size} members · best ${eForm.symbol} ${quantityText(eForm, best.prediction!.point)} (${best.spec.name})` : `${found.size} members`;
  }
  const member = found.members[0];
  const parts = [member.prediction ? `${eForm.symbol} ${estimateText(member.prediction, eForm.decimals)}` : `${eForm.symbol} —`];
  const value = phi.value(member.record);
  parts.push(value === null && member.record.descriptors?.phiVerdict === 'undefined' ? `${phi.symbol} undefined` : `${phi.symbol} ${quantityText(phi, value)}`);
  return parts.join(' · ');
}

/** The code lens title: what a click shows, and what the inlay hint does not say. */
export function recipeLensTitle(analysed: AnalysedDocument, scored: DocumentScores | undefined, recipe: RecipeDecl): string | undefined {
  const found = scoredMembers(analysed, scored, recipe);
  if (!found) return undefined;
  const { phi } = QUANTITIES;
  if (found.size > 1) {
    const parts = [`Show and compare all ${found.size} members`];
    const accessible = extreme(found.members, memberPhi, 1);
    if (accessible) parts.push(`most accessible ${accessible.spec.name} (${phi.symbol} ${quantityText(phi, phi.value(accessible.record))})`);
    return parts.join(' · ');
  }
  const record = found.members[0].record;
  const parts = ['Show scores'];
  if (record.site) parts.push(`site: ${record.site.preferred}`);
  const warnings = record.diagnostics.filter((d) => d.severity === 'warning' || d.severity === 'error').length;
  if (warnings > 0) parts.push(`${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`);
  return parts.join(' · ');
}

/**
 * A member's φ as the views show it, read from its descriptors rather than its record: choosing a family's most accessible member through the
 * records built every member's record, and kept them, for each code-lens request (1,007 ms and
 * 155 MB for the 98,600-member sweep, `npm run bench -- server`); only the chosen member's record
 * is built now.
 */
function memberPhi(m: ScoredMember): number | null {
  return shownPhi(m.descriptors.phi.value, phiVerdictOf(m.descriptors.phi.accessible));
}

/** The member whose value is largest (`sign` 1) or smallest (`sign` −1); null values do not count. */
function extreme(members: readonly ScoredMember[], value: (m: ScoredMember) => number | null, sign: 1 | -1): ScoredMember | undefined {
  let best: ScoredMember | undefined;
  let bestValue = -Infinity;
  for (const m of members) {
    const v = value(m);
    if (v !== null && sign * v > bestValue) {
      best = m;
      bestValue = sign * v;
    }
  }
  return best;
}
