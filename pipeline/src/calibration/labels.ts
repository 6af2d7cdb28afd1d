/**
 * The labels of scored documents: every expanded recipe with an `energy` or `siteEnergy` value and
 * a prediction to compare it with, as calibration points; the conflicts between them (the same
 * expanded recipe with two values of one label, BM420); and the labels with no prediction to
 * compare them with (BM421: a `siteEnergy` where there is no core/surface choice, an `energy` on a
 * recipe the model could not predict). Both are reported on the label and left out.
 */
import { byCodeUnit } from '../../../engine/src/byCodeUnit';
import type { BimetalDiagnostic } from '../../../engine/src/diagnostic';
import type { CalibrationTarget } from '../../../engine/src/calibration/file';
import { calibrationFeatures } from '../../../engine/src/calibration/features';
import type { LabelledPoint } from '../../../engine/src/calibration/fit';
import type { OffsetRange, RecipeSpec } from '../../../engine/src/recipe';
import type { ScoreRecord } from '../../../engine/src/scoreRecord';
import { MODEL_CODES } from '../../../engine/src/inference/diagnostics';
import { coreTemplate, recordComposition, tidyDescriptors } from '../records';
import { isSitePriced, orderingShare, termCoreSites, type SiteEstimate } from '../orderingTerm';
import { tidy } from '../../../engine/src/significant';
import { noSiteReason, swappedRolesText, type SwappedSiteCall } from '../siteCall';
import type { ScoredDocument, ScoredMember } from '../types';
import { CALIBRATION_CODES } from '../../../report/src/calibrationCodes';

export interface LabelledDocument {
  file: string;
  document: Pick<ScoredDocument, 'members'>;
}

export interface CollectedLabel extends LabelledPoint {
  target: CalibrationTarget;
  file: string;
  recipe: string;
  range?: OffsetRange;
  /** An `energy` label's stated site, whose ordering term a calibration of ΔE prices again (buildCalibration). */
  siteOrdering?: SiteOrdering;
}

/**
 * What pricing an E_form label's ordering term by a calibrated ΔE reads, as RecordCalibrator.apply
 * does for its record: the term's share m/N and site, its shipped value, and the ΔE calibration's
 * features and base for the recipe (whether it is that calibration's label too).
 */
export interface SiteOrdering {
  share: number;
  site: RecipeSpec['site'];
  value: number;
  siteFeatures: number[];
  siteBase: number;
  siteLabelled: boolean;
}

/**
 * E_form as a record rounds it with its ordering term `value` priced again at `repriced`: the base a
 * calibration of E_form reads where a calibration of ΔE prices the stated site (apply.ts), the same
 * number where it is fitted (buildCalibration) and applied.
 */
export function sitePricedBase(eForm: number, value: number, repriced: number): number {
  return tidy(eForm - value + repriced);
}

export interface LabelCollection {
  labels: CollectedLabel[];
  /**
   * Per file, the diagnostics of the labels left out, on the label's value: conflicts (BM420) and
   * labels without a prediction to compare with (BM421).
   */
  conflicts: Map<string, BimetalDiagnostic[]>;
}

const SPEC_FIELD: Record<CalibrationTarget, 'energy' | 'siteEnergy'> = { eForm: 'energy', siteEnergy: 'siteEnergy' };

/** A recipe's label of one kind (`energy` for E_form, `siteEnergy` for ΔE), if it has one. */
export function labelValue(spec: Pick<RecipeSpec, 'energy' | 'siteEnergy'>, target: CalibrationTarget): number | undefined {
  return spec[SPEC_FIELD[target]];
}

/** A scored recipe as a material: what it says, which molecules its ligands are, and what its structure file holds. */
export type Material = Pick<ScoredMember, 'spec' | 'ligandMolecules' | 'structureIdentity'>;

/**
 * A recipe's ligands as a material holds them: each molecule (`molecules`, RDKit's canonical SMILES
 * of each use: ScoredMember.ligandMolecules) with its count, summed over repeats, in code-unit
 * order. Not its name or spelling, nor the binding atoms or logP a declaration states: those are
 * claims about the molecule, which a built-in makes for itself (`binds S`) and an inline SMILES
 * leaves to the toolkit, so `PET x 18` and `"SCCc1ccccc1" x 18` are one material, `"CCS" x 18` and
 * `"SCC" x 18` are one, and so are `PET x 9, PET x 9` (BM232 adds them up too).
 */
function ligandAmounts(ligands: RecipeSpec['ligands'], molecules: readonly string[]): Array<[string, number]> {
  const amounts = new Map<string, number>();
  ligands.forEach(({ count }, i) => amounts.set(molecules[i], (amounts.get(molecules[i]) ?? 0) + count));
  return [...amounts].sort(([a], [b]) => byCodeUnit(a, b));
}

/** Significant digits a material's distance is compared to: `280 pm` is 2.8000000000000003 Å, `2.8` is 2.8. */
const DISTANCE_DIGITS = 12;

/**
 * What makes two expanded recipes the same material: everything but names, places, notes and
 * labels, with the structure file as what it holds (its identity, structureStage.ts) in place of
 * the path it is written as, `topology none` as no topology written (composition only, both), the
 * ligands as the molecules and amounts they are (ligandAmounts), whatever their order, names and spellings,
 * and the distance to DISTANCE_DIGITS, whatever unit it was written in (`distance 2.8` and
 * `distance 280 pm` are one material). Undefined for a recipe whose structure file could not be
 * read: it is no known material (its error keeps it from calibrating, and it has no prediction to
 * calibrate).
 */
export function materialKey(material: Material): string | undefined {
  // Not destructured whole: ligandMolecules is a method, which reads the member it is called on.
  const { spec, structureIdentity } = material;
  const { name: _n, recipe: _r, ranges: _g, note: _t, energy: _e, siteEnergy: _s, structure, ligands, distance, topology, ...rest } = spec;
  const content = {
    ...rest,
    topology: coreTemplate({ topology }) === null ? undefined : topology,
    ligands: ligandAmounts(ligands, material.ligandMolecules()),
    distance: distance === undefined ? undefined : Number(distance.toPrecision(DISTANCE_DIGITS)),
  };
  if (structure === undefined) return JSON.stringify(content);
  return structureIdentity === undefined ? undefined : JSON.stringify({ ...content, structure: structureIdentity });
}

/**
 * The shipped model's value as the record states it: calibration is fitted and applied on records,
 * so the CLI, the editor and a saved calibration all see the same rounded numbers.
 */
export function basePoint(record: ScoreRecord, target: CalibrationTarget): number | undefined {
  const value = target === 'eForm' ? record.prediction?.eForm : record.site?.deltaE;
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}

/** A majority dopant's call with the roles swapped (SwappedSiteCall) as the term's inputs round it: the ΔE′ a calibration of ΔE moves. */
export function swappedShipped(call: SwappedSiteCall): SiteEstimate {
  const { point, lower, upper, model } = call.site;
  return { point: tidy(point), lower: tidy(lower), upper: tidy(upper), model };
}

/**
 * The calibration's features of what a call with the roles swapped asked (the swapped recipe's
 * descriptors and composition), at ΔE′ `point`: a calibration of ΔE takes it as that recipe's own
 * call; null where a descriptor is unknown.
 */
export function swappedFeatures(call: SwappedSiteCall, point: number): number[] | null {
  return calibrationFeatures({ descriptors: tidyDescriptors(call.descriptors()), ...recordComposition(call.spec) }, point);
}

export function elementPair(spec: RecipeSpec): string {
  return [spec.host.element, spec.dopant.element].sort().join('-');
}

/** Whether a recipe carries a label: a reference energy (E_form or site ΔE) written in it. */
export function hasLabel(spec: RecipeSpec): boolean {
  return spec.energy !== undefined || spec.siteEnergy !== undefined;
}

/** Why a label cannot be used: there is nothing of its kind to compare it with. */
interface Unusable {
  unusable: string;
}

/** What the calibration reads of a record's descriptors (calibrationFeatures), by its name in messages. */
const FEATURE_DESCRIPTORS = { hMix: 'H_mix', chiEnv: 'χ_env', deltaChi: 'Δχ', deltaM: 'ΔM', deltaR: 'ΔR', distance: 'D' } as const;

/** Why the shipped model has no value for a label of `target` on this member (basePoint is undefined). */
function noBaseReason(member: ScoredMember, target: CalibrationTarget): string {
  const record = member.record;
  if (target === 'siteEnergy') {
    const why = noSiteReason(member.spec) ?? (record.prediction ? 'the site model made no prediction for it' : 'the recipe has no prediction');
    // The call that prices a majority dopant's stated site is of the host's ΔE′, not of the dopant's ΔE the label states.
    const swapped = member.swappedSite ? `; the call with the roles swapped that prices its stated site (${swappedRolesText(member.swappedSite.spec)}) is of ΔE′ of ${member.swappedSite.spec.dopant.element}, not this label's ΔE of ${member.spec.dopant.element}` : '';
    return `there is no ΔE site prediction to compare it with (${why}${swapped})`;
  }
  const notFeaturisable = record.diagnostics.find((d) => d.code === MODEL_CODES.notFeaturisable);
  const why = notFeaturisable ? `it cannot be turned into features, ${MODEL_CODES.notFeaturisable}: ${notFeaturisable.message.replace(/^No prediction: /, '')}` : 'the model made no prediction for it';
  return `there is no E_form prediction to compare it with (${why})`;
}

/**
 * The prediction a label is compared with, and the calibration point it makes; why not, when the
 * recipe has no prediction of the label's kind; null without a label, or for a recipe with an
 * error (its own diagnostic says what is wrong, and its prediction may rest on a broken part).
 */
function labelPoint(member: ScoredMember, target: CalibrationTarget): LabelledPoint | Unusable | null {
  const reference = labelValue(member.spec, target);
  // Before the record: a member's record is built when first read and then kept, and most members carry no label.
  if (reference === undefined) return null;
  const key = materialKey(member);
  // A structure file that could not be read (no key) is an error of the recipe too.
  if (key === undefined || member.record.diagnostics.some((d) => d.severity === 'error')) return null;
  const base = basePoint(member.record, target);
  if (base === undefined) return { unusable: noBaseReason(member, target) };
  const features = calibrationFeatures(member.record, base);
  if (!features) {
    const descriptors = member.record.descriptors;
    const missing = Object.entries(FEATURE_DESCRIPTORS).filter(([key]) => !Number.isFinite(descriptors?.[key as keyof typeof FEATURE_DESCRIPTORS]));
    return { unusable: `the calibration reads ${missing.length ? missing.map(([, name]) => name).join(', ') : 'descriptors'} of the recipe, and ${missing.length === 1 ? 'it is' : 'they are'} unknown` };
  }
  const siteOrdering = target === 'eForm' ? labelSiteOrdering(member) : undefined;
  return { features, base, reference, group: elementPair(member.spec), key, ...(siteOrdering ? { siteOrdering } : {}) };
}

/** An E_form label's ordering term as a calibration of ΔE would price it again, if a site ΔE (or ΔE′ with the roles swapped) prices it. */
function labelSiteOrdering(member: ScoredMember): SiteOrdering | undefined {
  const { prediction, site } = member.record;
  const call = member.swappedSite;
  if (call) {
    const term = prediction?.terms.find((t) => t.key === 'ordering');
    const siteBase = swappedShipped(call).point;
    const siteFeatures = term && swappedFeatures(call, siteBase);
    if (!term || !siteFeatures) return undefined;
    // The term is the swapped recipe's cost (orderingTerm.ts swappedOrdering), and no label is of its ΔE′ (RecordCalibrator.swappedCall).
    return { share: orderingShare(call.spec, call.fileCoreSites).share, site: call.spec.site, value: term.value, siteFeatures, siteBase, siteLabelled: false };
  }
  const term = prediction?.terms.find(isSitePriced);
  const siteFeatures = term && site ? calibrationFeatures(member.record, site.deltaE) : null;
  if (!term || !site || !siteFeatures) return undefined;
  const { spec } = member;
  return { share: orderingShare(spec, termCoreSites(term)).share, site: spec.site, value: term.value, siteFeatures, siteBase: site.deltaE, siteLabelled: spec.siteEnergy !== undefined };
}

/** The unusable labels at one place in one file for one reason: a single recipe, or members of a family sharing the label. */
export interface UnusableGroup {
  file: string;
  target: CalibrationTarget;
  reference: number;
  recipe: string;
  /** How many members, and the first few names (a family may have 100,000). */
  count: number;
  names: string[];
  range: OffsetRange;
  reason: string;
}

/** How many members of a family one BM421 names. */
const NAMED_MEMBERS = 3;
/** How many of the other labels a BM420 conflict names before counting the rest. */
const CONFLICTS_NAMED = 3;

/** BM421 on a label no prediction can be compared with; once for the members of a family that share it. */
function unusableDiagnostic(group: UnusableGroup): BimetalDiagnostic {
  const { count, names } = group;
  const who = count === 1 ? names[0] : `${count} members of ${group.recipe} (${names.join(', ')}${count > names.length ? ', …' : ''})`;
  return {
    code: CALIBRATION_CODES.unusableLabel,
    severity: 'warning',
    message: `${who}: ${SPEC_FIELD[group.target]} ${group.reference} eV is not used for calibration: ${group.reason}`,
    range: group.range,
  };
}

/**
 * Labels in one order whatever order the files were read in (which file was named first, which
 * document the editor has open): the fit depends on it (CV+ deals a single pair's labels to folds
 * in turn, the kernel's centres are every k-th label, sums round in order), and so would the file
 * and its id. A label's material key is unique within its target once collectLabels has merged
 * the copies of one material; value, recipe and file order those copies, of which it keeps the first.
 */
export function canonicalOrder(labels: readonly CollectedLabel[]): CollectedLabel[] {
  return [...labels].sort((a, b) => byCodeUnit(a.target, b.target) || byCodeUnit(a.key, b.key) || a.reference - b.reference || byCodeUnit(a.recipe, b.recipe) || byCodeUnit(a.file, b.file));
}

/**
 * One file's labels before they meet the other files' (mergeLabels): its calibration points, and
 * its labels with nothing to compare with. Everything the fit reads of the file, so the editor
 * refits exactly when this changes (server/src/calibration/live.ts).
 */
export interface FileLabels {
  labels: CollectedLabel[];
  unusable: UnusableGroup[];
}

export function fileLabels({ file, document }: LabelledDocument): FileLabels {
  const labels: CollectedLabel[] = [];
  const unusable = new Map<string, UnusableGroup>();
  for (const member of document.members) {
    for (const target of ['eForm', 'siteEnergy'] as const) {
      const point = labelPoint(member, target);
      if (!point) continue;
      const { spec } = member;
      const range = spec.ranges?.[SPEC_FIELD[target]];
      if ('unusable' in point) {
        const at = range ?? spec.ranges?.name ?? { start: 0, end: 0 };
        const key = `${target}\u0000${at.start}:${at.end}\u0000${point.unusable}`;
        const group = unusable.get(key);
        if (!group) unusable.set(key, { file, target, reference: spec[SPEC_FIELD[target]] as number, recipe: spec.recipe, count: 1, names: [spec.name], range: at, reason: point.unusable });
        else if (group.count++ < NAMED_MEMBERS) group.names.push(spec.name);
        continue;
      }
      labels.push({ ...point, target, file, recipe: spec.name, range });
    }
  }
  return { labels, unusable: [...unusable.values()] };
}

/**
 * The labels of several files as one collection: the copies of one material merged, and their
 * conflicts found. `fileName` names another file in a conflict's message as the reader knows it
 * (the editor's files are URIs, shown relative to the workspace).
 */
export function mergeLabels(files: readonly FileLabels[], fileName: (file: string) => string = (file) => file): LabelCollection {
  const byMaterial = new Map<string, CollectedLabel[]>();
  for (const { labels: fileLabels } of files) {
    for (const label of fileLabels) {
      const key = `${label.target}\u0000${label.key}`;
      // Pushed, not copied: a copy of the group per label was quadratic in a material's copies.
      const group = byMaterial.get(key);
      if (group) group.push(label);
      else byMaterial.set(key, [label]);
    }
  }
  const labels: CollectedLabel[] = [];
  const conflicts = new Map<string, BimetalDiagnostic[]>();
  const add = (file: string, diagnostic: BimetalDiagnostic) => {
    const list = conflicts.get(file);
    if (list) list.push(diagnostic);
    else conflicts.set(file, [diagnostic]);
  };
  for (const same of byMaterial.values()) {
    const values = new Set(same.map((l) => l.reference));
    if (values.size === 1) {
      // The same value written twice (e.g. one recipe listed in two files) is one label, not two:
      // the first in canonical order, so its name (in the calibration's id) is not the first file read's.
      labels.push(canonicalOrder(same)[0]);
      continue;
    }
    // Each label names the first CONFLICTS_NAMED others and counts the rest: naming every other one
    // made k copies of a material k messages of k − 1 entries each (30,000 rows of 30 materials: 35 s, 3 GB, 38 kB lines).
    const named = same.slice(0, CONFLICTS_NAMED + 1).map((o) => `${o.reference} eV (${o.recipe}, ${fileName(o.file)})`);
    for (let i = 0; i < same.length; i++) {
      const label = same[i];
      const others = named.filter((_, j) => j !== i).slice(0, CONFLICTS_NAMED);
      const more = same.length - 1 - others.length;
      const listed = more > 0 ? `${others.join(', ')} and ${more} more label(s)` : others.join(', ');
      const diagnostic: BimetalDiagnostic = {
        code: CALIBRATION_CODES.conflictingLabels,
        severity: 'error',
        message: `${label.recipe}: ${SPEC_FIELD[label.target]} ${label.reference} eV conflicts with ${listed} for the same recipe; ${same.length > 2 ? 'none of these values' : 'neither value'} is used for calibration`,
        range: label.range ?? { start: 0, end: 0 },
      };
      add(label.file, diagnostic);
    }
  }
  for (const group of files.flatMap((f) => f.unusable)) add(group.file, unusableDiagnostic(group));
  return { labels, conflicts };
}

export function collectLabels(documents: readonly LabelledDocument[]): LabelCollection {
  return mergeLabels(documents.map(fileLabels));
}
