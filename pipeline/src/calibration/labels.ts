/**
 * The labels of scored documents: every expanded recipe with an `energy` or `siteEnergy` value and
 * a prediction to compare it with, as calibration points; and the conflicts between them (the same
 * expanded recipe with two values of one label), which are reported and left out.
 */
import type { BimetalDiagnostic } from '../../../engine/src/diagnostic';
import type { CalibrationTarget } from '../../../engine/src/calibration/file';
import { calibrationFeatures } from '../../../engine/src/calibration/features';
import type { LabelledPoint } from '../../../engine/src/calibration/fit';
import type { OffsetRange, RecipeSpec } from '../../../engine/src/recipe';
import type { ScoreRecord } from '../../../engine/src/scoreRecord';
import type { ScoredDocument, ScoredMember } from '../types';
import { CALIBRATION_CODES } from './codes';

export interface LabelledDocument {
  file: string;
  document: Pick<ScoredDocument, 'members'>;
}

export interface CollectedLabel extends LabelledPoint {
  target: CalibrationTarget;
  file: string;
  recipe: string;
  range?: OffsetRange;
}

export interface LabelCollection {
  labels: CollectedLabel[];
  /** Conflict diagnostics per file, on the label's value. */
  conflicts: Map<string, BimetalDiagnostic[]>;
}

const SPEC_FIELD: Record<CalibrationTarget, 'energy' | 'siteEnergy'> = { eForm: 'energy', siteEnergy: 'siteEnergy' };

/** What makes two expanded recipes the same material: everything but names, places, notes and labels. */
function materialKey(spec: RecipeSpec): string {
  const { name: _n, recipe: _r, ranges: _g, note: _t, energy: _e, siteEnergy: _s, ...content } = spec;
  return JSON.stringify(content);
}

/**
 * The shipped model's value as the record states it: calibration is fitted and applied on records,
 * so the CLI, the editor and a saved calibration all see the same rounded numbers.
 */
export function basePoint(record: ScoreRecord, target: CalibrationTarget): number | undefined {
  const value = target === 'eForm' ? record.prediction?.eForm : record.site?.deltaE;
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}

export function elementPair(spec: RecipeSpec): string {
  return [spec.host.element, spec.dopant.element].sort().join('-');
}

/** Whether a recipe carries a label: a reference energy (E_form or site ΔE) written in it. */
export function hasLabel(spec: RecipeSpec): boolean {
  return spec.energy !== undefined || spec.siteEnergy !== undefined;
}

/** The prediction a label is compared with, and the calibration point it makes; null without one. */
function labelPoint(member: ScoredMember, target: CalibrationTarget): LabelledPoint | null {
  const reference = member.spec[SPEC_FIELD[target]];
  // Before the record: a member's record is built when first read and then kept, and most members carry no label.
  if (reference === undefined) return null;
  const base = basePoint(member.record, target);
  if (base === undefined) return null;
  // A recipe with an error is not a trustworthy label: its prediction may rest on a broken part.
  if (member.record.diagnostics.some((d) => d.severity === 'error')) return null;
  const features = calibrationFeatures(member.record, base);
  if (!features) return null;
  return { features, base, reference, group: elementPair(member.spec) };
}

export function collectLabels(documents: readonly LabelledDocument[]): LabelCollection {
  const byMaterial = new Map<string, CollectedLabel[]>();
  for (const { file, document } of documents) {
    for (const member of document.members) {
      for (const target of ['eForm', 'siteEnergy'] as const) {
        const point = labelPoint(member, target);
        if (!point) continue;
        const label: CollectedLabel = { ...point, target, file, recipe: member.spec.name, range: member.spec.ranges?.[SPEC_FIELD[target]] };
        const key = `${target}\u0000${materialKey(member.spec)}`;
        byMaterial.set(key, [...(byMaterial.get(key) ?? []), label]);
      }
    }
  }
  const labels: CollectedLabel[] = [];
  const conflicts = new Map<string, BimetalDiagnostic[]>();
  for (const same of byMaterial.values()) {
    const values = new Set(same.map((l) => l.reference));
    if (values.size === 1) {
      // The same value written twice (e.g. one recipe listed in two files) is one label, not two.
      labels.push(same[0]);
      continue;
    }
    for (const label of same) {
      const others = same.filter((o) => o !== label).map((o) => `${o.reference} eV (${o.recipe}, ${o.file})`);
      const diagnostic: BimetalDiagnostic = {
        code: CALIBRATION_CODES.conflictingLabels,
        severity: 'error',
        message: `${label.recipe}: ${SPEC_FIELD[label.target]} ${label.reference} eV conflicts with ${others.join(', ')} for the same recipe; neither value is used for calibration`,
        range: label.range ?? { start: 0, end: 0 },
      };
      conflicts.set(label.file, [...(conflicts.get(label.file) ?? []), diagnostic]);
    }
  }
  return { labels, conflicts };
}
