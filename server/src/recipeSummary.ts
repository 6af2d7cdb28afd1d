/**
 * What the editor says above and beside each recipe, in two parts that do not repeat each other:
 * the inlay hint carries the numbers (`E_form −2.90±0.40 eV/atom · φ −0.12`, with the table's `!`
 * after the unit outside the model's domain; a family: its size and best member), the code lens
 * what opens on a click and what the hint leaves out (the site call, how many warnings; a family:
 * its most accessible member). A labelled recipe's residual has its own
 * lens on the label (calibration/display.ts), against the calibration when one applies.
 */
import type { RecipeDecl } from '../../grammar/src/ast';
import type { ScoredMember } from '../../pipeline/src/index';
import { estimateText } from '../../report/src/numbers';
import { QUANTITIES, quantityText } from '../../report/src/quantities';
import { shownMember, type ActiveCalibration } from './calibration/shown';
import { scoredMembersOf, type AnalysedDocument, type DocumentScores } from './documentModel';
import { familyRanking, memberPhi } from './familyRanking';

/** The scored members of a recipe block (one, or a family's), with the family's size; undefined before scoring. */
function scoredMembers(analysed: AnalysedDocument, scored: DocumentScores | undefined, recipe: RecipeDecl): { size: number; members: readonly ScoredMember[] } | undefined {
  const size = analysed.membersOf(recipe).length;
  const members = scored ? scoredMembersOf(scored, recipe) : [];
  return size === 0 || members.length === 0 ? undefined : { size, members };
}

/** Whether a recipe block has scored members (and so a summary). */
export function hasScoredMembers(analysed: AnalysedDocument, scored: DocumentScores | undefined, recipe: RecipeDecl): boolean {
  return scoredMembers(analysed, scored, recipe) !== undefined;
}

/** The inlay hint: the prediction and φ of a recipe, the best E_form of a family; calibrated while `active`. */
export function recipeSummary(analysed: AnalysedDocument, scored: DocumentScores | undefined, recipe: RecipeDecl, active: ActiveCalibration | undefined): string | undefined {
  const found = scoredMembers(analysed, scored, recipe);
  if (!found) return undefined;
  const { eForm, phi } = QUANTITIES;
  if (found.size > 1) {
    const best = familyRanking(found.members, active).byEForm[0];
    if (!best) return `${found.size} members`;
    // The record's numbers, which the table and the hover round too (not the raw prediction's).
    const outside = best.record.prediction!.inDomain ? '' : ', outside the domain';
    return `${found.size} members · best ${eForm.symbol} ${quantityText(eForm, eForm.value(best.record))} ${eForm.unit} (${best.spec.name}${outside})`;
  }
  const member = shownMember(found.members[0], active);
  const shown = member.record.prediction;
  // The record's verdict mark after the value, as the table and the results panel write it (`!` out of domain).
  const mark = eForm.verdict(member.record)?.mark;
  const parts = [shown ? `${eForm.symbol} ${estimateText({ point: shown.eForm, lower: shown.lower, upper: shown.upper }, eForm.decimals)} ${eForm.unit}${mark ? ` ${mark}` : ''}` : `${eForm.symbol} —`];
  const value = phi.value(member.record);
  parts.push(value === null && member.record.descriptors?.phiVerdict === 'undefined' ? `${phi.symbol} undefined` : `${phi.symbol} ${quantityText(phi, value)}`);
  return parts.join(' · ');
}

/** The code lens title: what a click shows, and what the inlay hint does not say. */
export function recipeLensTitle(analysed: AnalysedDocument, scored: DocumentScores | undefined, recipe: RecipeDecl, active: ActiveCalibration | undefined): string | undefined {
  const found = scoredMembers(analysed, scored, recipe);
  if (!found) return undefined;
  const { phi, siteDeltaE } = QUANTITIES;
  if (found.size > 1) {
    const parts = [`Show and compare all ${found.size} members`];
    const accessible = familyRanking(found.members, active).byPhi[0];
    if (accessible) parts.push(`most accessible ${accessible.spec.name} (${phi.symbol} ${quantityText(phi, memberPhi(accessible))})`);
    return parts.join(' · ');
  }
  // The site call as shown: a calibration of ΔE can move it.
  const record = shownMember(found.members[0], active).record;
  const parts = ['Show scores'];
  // The call with its verdict mark (`undetermined !` outside the site model's domain), as the table writes it.
  if (record.site) parts.push(`site: ${siteDeltaE.verdict(record)!.mark}`);
  const warnings = record.diagnostics.filter((d) => d.severity === 'warning' || d.severity === 'error').length;
  if (warnings > 0) parts.push(`${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`);
  return parts.join(' · ');
}
