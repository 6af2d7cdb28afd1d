/**
 * Hover: a recipe card (composition, E_form with its conformal interval and the terms it is the
 * sum of, what the model does not know, site preference, φ and its verdict, and every descriptor
 * with its unit), a family summary, element properties, ligand chemistry, and the meaning of
 * property keywords.
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { LigandUseNode, Property, RecipeDecl } from '../../grammar/src/ast';
import { PROPERTY_DOCS, type PropertyName } from '../../grammar/src/vocabulary';
import type { Descriptor, DescriptorSet } from '../../engine/src/descriptors';
import { isTemplateTopology, validSizes } from '../../engine/src/geometry/magicSizes';
import { builtinLigand } from '../../engine/src/ligands';
import type { OffsetRange } from '../../engine/src/recipe';
import type { EnergyTerm } from '../../engine/src/inference/energyTerms';
import { formulaOf, modelScopeLines, noSiteReason, sitePreference, type ScoredMember } from '../../pipeline/src/index';
import { STRUCTURE_FILE_CODE } from '../../pipeline/src/structureStage';
import { elementMarkdown, ligandMarkdown, type LigandQuery } from './chemistryDocs';
import { md, num, percent } from './display';
import type { AnalysedDocument, DocumentScores } from './documentModel';
import { contains, toRange } from './ranges';
import type { RecordCalibrator } from '../../pipeline/src/calibration/apply';
import { calibrationHoverLines } from './calibration/display';
import type { BimetalSettings } from './settings';
import { ligandDeclaration, targetAt } from './targets';

/** How many members a family hover lists per ranking. */
const FAMILY_TOP = 3;

export async function hover(
  analysed: AnalysedDocument,
  scored: DocumentScores | undefined,
  position: Position,
  settings: BimetalSettings,
  calibrator?: RecordCalibrator,
): Promise<Hover | null> {
  const offset = analysed.document.offsetAt(position);
  const target = targetAt(analysed, offset);
  if (!target) return null;
  const reply = (markdown: string | undefined, range: OffsetRange): Hover | null =>
    markdown ? { contents: { kind: MarkupKind.Markdown, value: markdown }, range: toRange(analysed.document, range) } : null;

  switch (target.kind) {
    case 'recipeName':
      return reply(recipeMarkdown(analysed, scored, target.recipe, settings, calibrator), target.word.range);
    case 'element':
    case 'bindsAtom':
      return reply(elementMarkdown(target.word.text), target.word.range);
    case 'ligandRef': {
      const query = ligandQuery(analysed, target.word.text, target.use);
      return query ? reply(await ligandMarkdown(query), target.word.range) : null;
    }
    case 'ligandName': {
      const query = target.decl.name && ligandQuery(analysed, target.decl.name.text);
      return query ? reply(await ligandMarkdown(query), target.word.range) : null;
    }
    case 'inlineSmiles':
    case 'declaredSmiles':
      if (!target.string.terminated) return null;
      return reply(
        await ligandMarkdown({ smiles: target.string.value, origin: 'SMILES', count: target.kind === 'inlineSmiles' ? useCount(target.use) : undefined }),
        target.string.range,
      );
    case 'property':
      return propertyHover(target.property, offset, reply);
    case 'recipeBody':
      return null;
  }
}

function propertyHover(property: Property, offset: number, reply: (markdown: string | undefined, range: OffsetRange) => Hover | null): Hover | null {
  if (contains(property.keyword.range, offset) && property.kind !== 'unknown') {
    return reply(`\`${PROPERTY_DOCS[property.kind as PropertyName]}\``, property.keyword.range);
  }
  if (property.kind === 'topology' && property.name && contains(property.name.range, offset) && isTemplateTopology(property.name.text)) {
    const sizes = validSizes(property.name.text, 7);
    return reply(`**${property.name.text}**: closed shells at N_metal = ${sizes.join(', ')}, …`, property.name.range);
  }
  return null;
}

function useCount(use: LigandUseNode): number | undefined {
  const first = use.count?.items[0];
  return use.count && !use.count.isList && first?.kind === 'number' ? first.value : undefined;
}

/** Declared in this file (wins, as in the validator), else built in; undefined for an unknown name. */
function ligandQuery(analysed: AnalysedDocument, name: string, use?: LigandUseNode): LigandQuery | undefined {
  const count = use ? useCount(use) : undefined;
  const decl = ligandDeclaration(analysed.ast, name);
  if (decl?.smiles) {
    const line = analysed.document.positionAt(decl.range.start).line + 1;
    const binds = decl.binds?.atoms.map((a) => a.text);
    return {
      name,
      smiles: decl.smiles.value,
      options: { ...(binds?.length ? { binds } : {}), ...(decl.logP?.value ? { logP: decl.logP.value.value } : {}) },
      origin: `declared on line ${line}`,
      count,
    };
  }
  const builtin = builtinLigand(name);
  return builtin ? { name, smiles: builtin.smiles, options: { binds: builtin.binds }, origin: 'built-in library', count } : undefined;
}

function recipeMarkdown(analysed: AnalysedDocument, scored: DocumentScores | undefined, recipe: RecipeDecl, settings: BimetalSettings, calibrator?: RecordCalibrator): string | undefined {
  const name = recipe.name?.text;
  if (!name) return undefined;
  const specs = analysed.membersByRecipe.get(name) ?? [];
  const members = scored?.byRecipe.get(name) ?? [];
  if (specs.length > 1) return familyMarkdown(name, specs.length, members);
  if (specs.length === 0) return `**${md(name)}** — not a complete recipe yet (see the diagnostics)`;
  const member = members[0];
  if (!member) return [`**${md(name)}** · \`${formulaOf(specs[0])}\``, '', 'Descriptors and predictions are unavailable (see the diagnostics).'].join('\n');
  return memberMarkdown(member, settings, calibrator);
}

function memberMarkdown(member: ScoredMember, settings: BimetalSettings, calibrator?: RecordCalibrator): string {
  const d = member.descriptors;
  const lines = [`**${md(member.spec.name)}** · \`${formulaOf(member.spec)}\``, ''];
  lines.push(...eFormLines(member), '');
  const calibrated = calibrationHoverLines(member, calibrator, settings.coverage);
  if (calibrated.length > 0) lines.push(...calibrated, '');
  lines.push(...siteLines(member), '');
  lines.push(phiLine(d, settings), '');
  lines.push('| descriptor | value | unit |', '| --- | ---: | --- |');
  const row = (label: string, descriptor: Descriptor, decimals: number) =>
    lines.push(`| ${label} | ${num(descriptor.value, decimals)} | ${descriptor.unit === '–' ? '' : descriptor.unit} |`);
  row('H_mix', d.hMix, 1);
  row('χ_env', d.chiEnv, 3);
  row('D', d.distance, 3);
  row('D̃', d.reducedDistance, 3);
  row('ΔR', d.deltaR, 3);
  row('Δχ', d.deltaChi, 3);
  row('ΔM', d.deltaM, 2);
  row('ratio', d.ratio, 4);
  row('N_metal', d.nMetal, 0);
  for (const ligand of d.logP.ligands) {
    lines.push(`| logP(${md(ligand.label)}) × ${ligand.count} | ${num(ligand.value)} | ${ligand.method} |`);
  }
  // A structure file that was not used (refused, unreadable, not XYZ) changes D: say why here too.
  const structure = member.diagnostics.find((d) => d.code === STRUCTURE_FILE_CODE);
  if (structure) lines.push('', `Structure file: ${md(structure.message)}`);
  if (member.spec.note) lines.push('', `_${md(member.spec.note)}_`);
  if (member.spec.energy !== undefined) lines.push('', `Reference E_form from the recipe: ${num(member.spec.energy)} eV/atom`);
  if (member.spec.siteEnergy !== undefined) lines.push('', `Reference ΔE = E(core) − E(surface) from the recipe: ${num(member.spec.siteEnergy)} eV`);
  return lines.join('\n');
}

/** `+0.05`: a term's sign matters as much as its size. */
function signedNum(value: number): string {
  const text = num(value);
  return value > 0 && text !== num(0) ? `+${text}` : text;
}

function termLine(t: EnergyTerm): string {
  return `- ${t.symbol} ${signedNum(t.value)}${t.supported ? '' : ' ⚠ _no data_'} · ${md(t.source)}`;
}

/** The prediction first, then the terms it is the sum of, then its warnings, then what the model cannot know. */
function eFormLines(member: ScoredMember): string[] {
  const p = member.prediction;
  if (!p) return ['E_form: no prediction (see the diagnostics for why)'];
  const lines = [`E_form **${num(p.point)} eV/atom**, ${percent(p.coverage)} interval ${num(p.lower)} … ${num(p.upper)} (model \`${p.model}\`, CV+)`];
  if (p.terms.length > 0) lines.push('', ...p.terms.map(termLine));
  lines.push('', p.inDomain ? 'Inside the applicability domain.' : `⚠ **Outside the applicability domain**: ${md(p.domainReasons.join('; '))}`);
  lines.push(...scopeLines(member, p.model));
  return lines;
}

/** What the model was and was not trained on (its card's `knows` / `doesNotKnow`), as one line. */
function scopeLines(member: ScoredMember, model: string): string[] {
  const scope = modelScopeLines(member.cards[model]);
  return scope.length > 0 ? ['', `_\`${model}\` ${md(scope.join('; '))}_`] : [];
}

/** The site call, its domain warnings, and what the site model does not know. */
function siteLines(member: ScoredMember): string[] {
  const s = member.site;
  if (!s) {
    const why = noSiteReason(member.spec);
    return [why ? `Site preference: not predicted (${why})` : 'Site preference: no prediction (see the diagnostics)'];
  }
  const preferred = sitePreference(s);
  const delta = `ΔE = E(core) − E(surface) = ${num(s.point)} eV, ${percent(s.coverage)} interval ${num(s.lower)} … ${num(s.upper)}, model \`${s.model}\``;
  const call = preferred === 'undetermined' ? `Site: **undetermined**, the interval contains zero (${delta})` : `Site: the dopant prefers the **${preferred}** (${delta})`;
  const lines = [call];
  if (!s.inDomain) lines.push('', `⚠ **Site model outside its applicability domain**: ${md(s.domainReasons.join('; '))}`);
  return [...lines, ...scopeLines(member, s.model)];
}

function phiLine(d: DescriptorSet, settings: BimetalSettings): string {
  const phi = d.phi;
  const threshold = num(phi.threshold ?? settings.phiThreshold);
  if (phi.accessible === null) return `φ: unknown (${phi.source})`;
  return phi.accessible
    ? `φ **${num(phi.value)}** — potentially synthesizable (φ ≥ ${threshold})`
    : `φ **${num(phi.value)}** — hard to synthesize (φ < ${threshold})`;
}

/** Top members per family, computed once per scoring run: a family may have 100,000 members. */
const rankings = new WeakMap<readonly ScoredMember[], { byEForm: ScoredMember[]; byPhi: ScoredMember[] }>();

function familyRanking(members: readonly ScoredMember[]) {
  let ranking = rankings.get(members);
  if (!ranking) {
    ranking = {
      byEForm: topBy(members, (m) => (m.prediction ? -m.prediction.point : undefined)),
      byPhi: topBy(members, (m) => m.descriptors.phi.value ?? undefined),
    };
    rankings.set(members, ranking);
  }
  return ranking;
}

/** The FAMILY_TOP members with the highest score (undefined: not ranked), best first, in one pass. */
function topBy(members: readonly ScoredMember[], score: (m: ScoredMember) => number | undefined): ScoredMember[] {
  const top: { member: ScoredMember; value: number }[] = [];
  for (const member of members) {
    const value = score(member);
    if (value === undefined) continue;
    if (top.length === FAMILY_TOP && value <= top[FAMILY_TOP - 1].value) continue;
    top.push({ member, value });
    top.sort((a, b) => b.value - a.value);
    if (top.length > FAMILY_TOP) top.pop();
  }
  return top.map((t) => t.member);
}

function familyMarkdown(name: string, size: number, members: readonly ScoredMember[]): string {
  const lines = [`**${md(name)}** — family of ${size} members`];
  const { byEForm, byPhi } = familyRanking(members);
  if (byEForm.length > 0) {
    lines.push('', 'Lowest E_form (most stable):', ...byEForm.map((m) => `- \`${formulaOf(m.spec)}\` ${md(m.spec.name)}: ${num(m.prediction!.point)} eV/atom (${num(m.prediction!.lower)} … ${num(m.prediction!.upper)})`));
  } else if (members.length > 0) {
    lines.push('', 'No E_form predictions (see the diagnostics).');
  }
  if (byPhi.length > 0) {
    lines.push('', 'Highest φ (most accessible):', ...byPhi.map((m) => `- \`${formulaOf(m.spec)}\` ${md(m.spec.name)}: φ ${num(m.descriptors.phi.value)}`));
  }
  return lines.join('\n');
}
