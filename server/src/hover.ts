/**
 * Hover: a recipe card (composition, E_form with its conformal interval and the terms it is the
 * sum of, what the model does not know, site preference, φ and its verdict, and every descriptor
 * with its unit), a family summary, element properties, ligand chemistry, and the meaning of
 * property keywords.
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import { keywordOf, type LigandUseNode, type Property, type RecipeDecl } from '../../grammar/src/ast';
import { PROPERTY_DOCS, type PropertyName } from '../../grammar/src/vocabulary';
import { isTemplateTopology, validSizes } from '../../engine/src/geometry/magicSizes';
import { builtinLigand } from '../../engine/src/ligands';
import type { OffsetRange } from '../../engine/src/recipe';
import type { DescriptorSet } from '../../engine/src/descriptors';
import type { EnergyTerm } from '../../engine/src/inference/energyTerms';
import { unboundedCauseIn } from '../../engine/src/inference/diagnostics';
import { formulaOf, modelScopeLines, noSiteReason, termInputsText, type ScoredMember } from '../../pipeline/src/index';
import { compactInputText, siteTermDirection } from '../../pipeline/src/siteTermsText';
import type { Prediction } from '../../engine/src/inference/runtime';
import type { SiteRecord } from '../../engine/src/scoreRecord';
import { coveragePercent, signedNum, spanText } from '../../report/src/numbers';
import { QUANTITIES, QUANTITY_LIST, quantityText, type QuantityKey } from '../../report/src/quantities';
import { largestSiteTerms, shippedSiteDeltaE } from '../../report/src/siteTerms';
import { elementMarkdown, ligandMarkdown, type LigandQuery } from './chemistryDocs';
import { md } from './display';
import { familyRanking, memberPhi } from './familyRanking';
import { scoredMembersOf, type AnalysedDocument, type DocumentScores } from './documentModel';
import { contains, toRange } from './ranges';
import { calibrationHoverLines, intervalMethodText } from './calibration/display';
import { shownMember, type ActiveCalibration } from './calibration/shown';
import { ligandDeclaration, targetAt } from './targets';

export async function hover(
  analysed: AnalysedDocument,
  scored: DocumentScores | undefined,
  position: Position,
  calibration?: ActiveCalibration,
): Promise<Hover | null> {
  const offset = analysed.document.offsetAt(position);
  const target = targetAt(analysed, offset);
  if (!target) return null;
  const reply = (markdown: string | undefined, range: OffsetRange): Hover | null =>
    markdown ? { contents: { kind: MarkupKind.Markdown, value: markdown }, range: toRange(analysed.document, range) } : null;

  switch (target.kind) {
    case 'recipeName':
      return reply(recipeMarkdown(analysed, scored, target.recipe, calibration), target.word);
    case 'element':
    case 'bindsAtom':
      return reply(elementMarkdown(target.word.text), target.word);
    case 'ligandRef': {
      const query = ligandQuery(analysed, target.word.text, target.use);
      return query ? reply(await ligandMarkdown(query), target.word) : null;
    }
    case 'ligandName': {
      // This declaration's own data, also where the name is declared again (BM222) and uses mean the first.
      const query = target.decl.name && ligandQuery(analysed, target.decl.name.text, undefined, target.decl);
      return query ? reply(await ligandMarkdown(query), target.word) : null;
    }
    case 'inlineSmiles':
    case 'declaredSmiles':
      if (!target.string.terminated) return null;
      return reply(
        await ligandMarkdown({ smiles: target.string.value, origin: 'SMILES', count: target.kind === 'inlineSmiles' ? useCount(target.use) : undefined }),
        target.string,
      );
    case 'property':
      return propertyHover(target.property, offset, reply);
    case 'recipeBody':
      return null;
  }
}

function propertyHover(property: Property, offset: number, reply: (markdown: string | undefined, range: OffsetRange) => Hover | null): Hover | null {
  const keyword = keywordOf(property);
  if (contains(keyword, offset) && property.kind !== 'unknown') {
    return reply(`\`${PROPERTY_DOCS[property.kind as PropertyName]}\``, keyword);
  }
  if (property.kind === 'topology' && property.name && contains(property.name, offset) && isTemplateTopology(property.name.text)) {
    const sizes = validSizes(property.name.text, 7);
    return reply(`**${property.name.text}**: closed shells at N_metal = ${sizes.join(', ')}, …`, property.name);
  }
  return null;
}

function useCount(use: LigandUseNode): number | undefined {
  return use.count?.kind === 'number' ? use.count.value : undefined;
}

/** Declared in this file (wins, as in the validator; `decl`, the first of the name unless given), else built in; undefined for an unknown name. */
function ligandQuery(analysed: AnalysedDocument, name: string, use?: LigandUseNode, decl = ligandDeclaration(analysed.ast, name)): LigandQuery | undefined {
  const count = use ? useCount(use) : undefined;
  if (decl?.smiles) {
    const line = analysed.document.positionAt(decl.start).line + 1;
    const binds = decl.binds?.atoms.map((a) => a.text);
    return {
      name,
      smiles: decl.smiles.value,
      options: { ...(binds?.length ? { binds } : {}), ...(decl.logP?.value && !decl.logP.value.problem ? { logP: decl.logP.value.value } : {}) },
      origin: `declared on line ${line}`,
      count,
    };
  }
  const builtin = builtinLigand(name);
  return builtin ? { name, smiles: builtin.smiles, options: { binds: builtin.binds }, origin: 'built-in library', count } : undefined;
}

function recipeMarkdown(analysed: AnalysedDocument, scored: DocumentScores | undefined, recipe: RecipeDecl, calibration?: ActiveCalibration): string | undefined {
  const name = recipe.name?.text;
  if (!name) return undefined;
  const specs = analysed.membersOf(recipe);
  const members = scored ? scoredMembersOf(scored, recipe) : [];
  if (specs.length > 1) return familyMarkdown(name, specs.length, members, calibration);
  if (specs.length === 0) return `**${md(name)}** — not scored while it has errors (see the diagnostics)`;
  const member = members[0];
  if (!member) return [`**${md(name)}** · \`${formulaOf(specs[0])}\``, '', 'Descriptors and predictions are unavailable (see the diagnostics).'].join('\n');
  return memberMarkdown(member, calibration);
}

/** The quantities the card states in lines of their own, above the table of the others. */
const HEADLINE: ReadonlySet<QuantityKey> = new Set<QuantityKey>(['eForm', 'reference', 'residual', 'siteDeltaE', 'siteReference', 'siteResidual', 'phi']);

/**
 * A recipe card: the prediction first (as shown: calibrated under a calibration, with what the
 * shipped model alone says below it), with the reference it is compared with and a one-line
 * summary of the warnings; then the terms, the site call, φ, every other quantity of the registry
 * with its unit, and last the warnings in full (they can be long).
 */
export function memberMarkdown(scored: ScoredMember, calibration?: ActiveCalibration): string {
  const member = shownMember(scored, calibration);
  const lines = [`**${md(member.spec.name)}** · \`${formulaOf(member.spec, member.ligandMolecules())}\``, ''];
  lines.push(...predictionLines(member, intervalMethodText('eForm', scored, member, calibration), scored.prediction?.model), '');
  const calibrated = calibrationHoverLines('eForm', scored, member, calibration);
  if (calibrated.length > 0) lines.push(...calibrated, '');
  lines.push(...siteLines(member, intervalMethodText('siteEnergy', scored, member, calibration), calibrationHoverLines('siteEnergy', scored, member, calibration)), '');
  // Computed anew on each read for a member the editor keeps (MemberAnalysis.pack): read once here.
  const descriptors = member.descriptors;
  lines.push(phiLine(member, descriptors), '');
  lines.push(...quantityTable(member, descriptors), '', distanceOrigin(member, descriptors));
  if (member.spec.note) lines.push('', `_${md(member.spec.note)}_`);
  lines.push(...warningDetails(member));
  return lines.join('\n');
}

/** Every registry quantity without a line of its own, with its unit; logP once per ligand, with its count and method. */
function quantityTable(member: ScoredMember, descriptors: DescriptorSet): string[] {
  const lines = ['| quantity | value | unit |', '| --- | ---: | --- |'];
  for (const q of QUANTITY_LIST) {
    if (HEADLINE.has(q.key)) continue;
    if (q.kind === 'scalar') {
      lines.push(`| ${q.symbol} | ${quantityText(q, q.value(member.record))} | ${q.unit} |`);
      continue;
    }
    for (const ligand of descriptors.logP.ligands) {
      lines.push(`| ${q.symbol}(${md(ligand.label)}) × ${ligand.count} | ${quantityText(q, ligand.value)} | ${ligand.method} |`);
    }
  }
  return lines;
}

/**
 * Where D, and so D̃ and φ, comes from: the recipe's override, its structure file (named, so that a
 * chemist sees the file was read), its template core, or the estimate from the metallic radii.
 */
function distanceOrigin(member: ScoredMember, descriptors: DescriptorSet): string {
  const { spec } = member;
  const file = spec.structure !== undefined && spec.distance === undefined ? ` the structure file "${md(spec.structure)}":` : '';
  return `_D from${file} ${md(descriptors.distance.source)}_`;
}

/** A term of E_form with its value as the record holds it (`value`, tidied), its symbol and provenance from the term. */
function termLine(t: EnergyTerm, value: number): string {
  const inputs = Object.keys(t.inputs).length > 0 ? ` from \`${termInputsText(t.inputs)}\`` : '';
  return `- ${t.symbol} ${signedNum(value)} ${t.unit}${t.supported ? '' : ' ⚠ _no data_'}${inputs} · ${md(t.source)}`;
}

/**
 * What the card says first: E_form and its interval with the method it comes from (intervalMethodText),
 * the reference and residual, how many warnings follow; then the terms and the model's scope. The
 * numbers are the record's (six significant digits), as the table, the CSV and --explain round
 * them: rounding the raw prediction instead read −2.55 here where they read −2.54 (−2.5450041).
 */
function predictionLines(member: ScoredMember, method: string, shippedModel: string | undefined): string[] {
  const p = member.prediction;
  const record = member.record;
  const shown = record.prediction;
  const eForm = QUANTITIES.eForm;
  if (!p || !shown) return [`${eForm.symbol}: no prediction (see the diagnostics for why)`, ...warningSummary(member)];
  // A stated site nothing prices leaves only the upper end open: "unbounded" alone hid the lower end a chemist ranks by.
  const span = Number.isFinite(shown.lower) || Number.isFinite(shown.upper) ? spanText(shown, eForm.decimals) : 'unbounded';
  const interval = `${coveragePercent(shown.coverage)} interval ${p.bounded ? span : `${span} (${unboundedCause(member, shippedModel ?? p.model)})`}`;
  const lines = [`${eForm.symbol} **${quantityText(eForm, eForm.value(record))} ${eForm.unit}**, ${interval} (model \`${shown.model}\`, ${method})`];
  const residual = QUANTITIES.residual;
  if (record.reference !== undefined) {
    const reference = QUANTITIES.reference;
    const verdict = residual.verdict(record);
    lines.push(
      '',
      `${reference.symbol} ${quantityText(reference, record.reference)} ${reference.unit} (the recipe's \`energy\`): ${residual.symbol} **${signedNum(record.residual, residual.decimals)} ${residual.unit}**` +
        (verdict ? `, ${verdict.warn ? '⚠ ' : ''}${verdict.text}` : ''),
    );
  }
  lines.push(...warningSummary(member));
  // The record holds each term's value under its key (toTermRecord; a calibration's shift too).
  const recorded = new Map(shown.terms.map((t) => [t.key, t.value]));
  if (p.terms.length > 0) lines.push('', ...p.terms.map((t) => termLine(t, recorded.get(t.key)!)));
  lines.push('', p.inDomain ? 'Inside the applicability domain.' : '⚠ **Outside the applicability domain** (reasons below).');
  lines.push(...scopeLines(member, p.model));
  return lines;
}

/**
 * Why the E_form interval is unbounded, as the member's BM405 says it (which group and by which
 * rule, how many points it holds, whether the site interval carried it in, whether a lower coverage
 * can help): quoted, not decided again (unboundedCauseIn). Under a calibration it is the shipped
 * model's note (`model`): a calibration leaves an interval unbounded only where the shipped one is.
 */
function unboundedCause(member: ScoredMember, model: string): string {
  const cause = unboundedCauseIn(member.diagnostics, model);
  return cause === undefined ? 'no calibrated interval at this coverage' : `BM405: ${md(cause)}`;
}

/** The diagnostics that deserve attention (errors, warnings), counted under the prediction. */
function concerns(member: ScoredMember) {
  return member.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
}

function warningSummary(member: ScoredMember): string[] {
  const found = concerns(member);
  if (found.length === 0) return [];
  const codes = [...new Set(found.map((d) => d.code))].join(', ');
  const errors = found.filter((d) => d.severity === 'error').length;
  const warnings = found.length - errors;
  const counts = [errors && `${errors} ${errors === 1 ? 'error' : 'errors'}`, warnings && `${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`].filter(Boolean).join(', ');
  return ['', `⚠ ${counts} (${codes}), in full at the end of this card`];
}

function warningDetails(member: ScoredMember): string[] {
  const found = concerns(member);
  if (found.length === 0) return [];
  return ['', '**Warnings**', '', ...found.map((d) => `- ${d.severity === 'error' ? '✖' : '⚠'} ${d.code}: ${md(d.message)}`)];
}

/** What the model was and was not trained on (its card's `knows` / `doesNotKnow`), as one line. */
function scopeLines(member: ScoredMember, model: string): string[] {
  const scope = modelScopeLines(member.cards[model]);
  return scope.length > 0 ? ['', `_\`${model}\` ${md(scope.join('; '))}_`] : [];
}

/**
 * The site call the record carries (decided once, in the pipeline), with ΔE, its interval and the
 * method it comes from, the label and, under a calibration, what it was calibrated on
 * (`calibrated`, as E_form's); then the site model's scope.
 */
function siteLines(member: ScoredMember, method: string, calibrated: readonly string[]): string[] {
  const s = member.site;
  const call = member.record.site;
  if (!s || !call) {
    const why = noSiteReason(member.spec);
    return [why ? `Site preference: not predicted (${why})` : 'Site preference: no prediction (see the diagnostics)', ...siteReferenceLines(member)];
  }
  const q = QUANTITIES.siteDeltaE;
  const delta = `${q.symbol} = E(core) − E(surface) = ${quantityText(q, call.deltaE)} ${q.unit}, ${coveragePercent(s.coverage)} interval ${spanText(call, q.decimals)}, model \`${s.model}\`, ${method}`;
  const line = call.preferred === 'undetermined' ? `Site: **undetermined**, the interval contains zero (${delta})` : `Site: the dopant prefers the **${call.preferred}** (${delta})`;
  const lines = [line, ...siteReferenceLines(member), ...siteTermLines(s, call)];
  if (calibrated.length > 0) lines.push('', ...calibrated);
  if (!s.inDomain) lines.push('', '⚠ **Site model outside its applicability domain** (reasons below).');
  return [...lines, ...scopeLines(member, s.model)];
}

/**
 * Why the site model puts the dopant where it does, in one line: its largest terms, the ones that
 * hold it in the core and those that push it to the surface, each with its input and its
 * contribution (the record's numbers), e.g. `held in the core by H_mix −74 kJ/mol (−1.14 eV); pushed
 * to the surface by Δγ −0.482 J/m² (+0.23 eV)`. Under a calibration that moves ΔE they are the
 * shipped model's, and the line says what they sum to. Or why there are none; nothing without a terms file.
 */
function siteTermLines(site: Prediction, call: SiteRecord): string[] {
  const breakdown = site.siteTerms;
  if (!breakdown) return [];
  if (breakdown.problem !== undefined || !call.terms) return ['', `_No terms: ${md(breakdown.problem ?? 'the record holds none')}_`];
  const q = QUANTITIES.siteDeltaE;
  const largest = largestSiteTerms(call.terms);
  if (largest.length === 0) return ['', 'Why: every term of the site model is 0.00 eV here'];
  const named = (direction: 'core' | 'surface') =>
    largest.filter((t) => siteTermDirection(t.value) === direction).map((t) => `${t.symbol} ${compactInputText(t)} (${signedNum(t.value, q.decimals)} ${q.unit})`);
  const sides = [['held in the core by', named('core')], ['pushed to the surface by', named('surface')]] as const;
  const text = sides
    .filter(([, terms]) => terms.length > 0)
    .map(([words, terms]) => `${words} ${terms.join(' and ')}`)
    .join('; ');
  const shipped = shippedSiteDeltaE(call);
  const whose = shipped === undefined ? '' : ` (the shipped model's terms, summing to ${quantityText(q, shipped)} ${q.unit})`;
  return ['', `Why: ${text}${whose}`];
}

/** The recipe's `siteEnergy` label with its residual against the site prediction, as E_form's reference is shown. */
function siteReferenceLines(member: ScoredMember): string[] {
  const label = member.spec.siteEnergy;
  if (label === undefined) return [];
  const { siteReference: reference, siteResidual: residual } = QUANTITIES;
  const stated = `${reference.symbol} ${quantityText(reference, label)} ${reference.unit} (the recipe's \`siteEnergy\`)`;
  const value = residual.value(member.record);
  return ['', value === null ? `${stated}: no site prediction to compare it with` : `${stated}: ${residual.symbol} **${signedNum(value, residual.decimals)} ${residual.unit}**`];
}

/** φ with the verdict the record carries: never re-decided here from a setting. */
function phiLine(member: ScoredMember, descriptors: DescriptorSet): string {
  const q = QUANTITIES.phi;
  const verdict = q.verdict(member.record);
  const value = q.value(member.record);
  if (value === null) return `${q.symbol} ${verdict?.text ?? 'unknown'} (${descriptors.phi.source})`;
  return `${q.symbol} **${quantityText(q, value)}** — ${verdict?.text ?? ''}`;
}

function familyMarkdown(name: string, size: number, members: readonly ScoredMember[], calibration: ActiveCalibration | undefined): string {
  const lines = [`**${md(name)}** — family of ${size} members`];
  const { byEForm, byPhi } = familyRanking(members, calibration);
  if (byEForm.length > 0) {
    // A member outside the domain may rank first on an extrapolation: each says so, as the table's `!` does.
    const flag = (m: ScoredMember) => {
      const verdict = QUANTITIES.eForm.verdict(m.record);
      return verdict ? ` — ⚠ ${verdict.text}` : '';
    };
    // The record's numbers, as the card of each member states them (three records: the flag reads them anyway).
    const eForm = QUANTITIES.eForm;
    lines.push('', 'Lowest E_form (most stable):', ...byEForm.map((m) => `- \`${formulaOf(m.spec, m.ligandMolecules())}\` ${md(m.spec.name)}: ${quantityText(eForm, eForm.value(m.record))} ${eForm.unit} (${spanText(m.record.prediction!, eForm.decimals)})${flag(m)}`));
  } else if (members.length > 0) {
    lines.push('', 'No E_form predictions (see the diagnostics).');
  }
  if (byPhi.length > 0) {
    lines.push('', 'Highest φ (most accessible):', ...byPhi.map((m) => `- \`${formulaOf(m.spec, m.ligandMolecules())}\` ${md(m.spec.name)}: φ ${quantityText(QUANTITIES.phi, memberPhi(m))}`));
  }
  return lines.join('\n');
}
