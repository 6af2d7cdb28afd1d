import type { BimetalDiagnostic, Severity } from '../../engine/src/diagnostic';
import type { DescriptorSet } from '../../engine/src/descriptors';
import { notFeaturisableDiagnostic } from '../../engine/src/inference/diagnostics';
import { roundedText } from '../../engine/src/numberText';
import type { OffsetRange, RecipeSpec } from '../../engine/src/recipe';
import { referenceFields } from './records';

/**
 * Chemistry-level warnings (LANGUAGE.md §3.2): facts about a recipe's descriptors that are not
 * errors but that a chemist screening candidates should see. Registry: docs/diagnostics.md,
 * "Chemistry-level warnings (pipeline)".
 */
export const FINDING_CODES = {
  /** φ below the threshold: the first paper reads this as hard to synthesise. */
  lowAccessibility: 'BM410',
  /** H_mix > 0 (immiscible pair) in a bare core: nothing protects it from phase separation. */
  unprotectedImmiscible: 'BM411',
  /** The recipe's `energy` label lies outside the E_form interval: the model and the reference disagree. */
  referenceOutsideInterval: 'BM412',
} as const;

/** Which part of the recipe a finding is about; resolved to a source range per document. */
export type Anchor = 'name' | 'host' | 'dopant' | 'structure' | 'support' | 'distance' | 'energy';

/**
 * A diagnostic before it has a place in the text. Member results are cached by content and reused
 * when the recipe moves, so their findings must not carry offsets.
 */
export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  anchor: Anchor;
  data?: Record<string, unknown>;
}

function fmt(value: number): string {
  return roundedText(value, 3);
}

export function descriptorFindings(spec: RecipeSpec, set: DescriptorSet): Finding[] {
  const findings: Finding[] = [];
  const { phi } = set;
  if (phi.value !== null && phi.accessible === false) {
    findings.push({
      code: FINDING_CODES.lowAccessibility,
      severity: 'warning',
      message:
        `${spec.name}: accessibility index φ = ${fmt(phi.value)} is below ${phi.threshold} ` +
        `(D̃ = ${fmt(set.reducedDistance.value ?? NaN)}, χ_env = ${fmt(set.chiEnv.value ?? NaN)}); ` +
        'the first paper reads this as likely hard to synthesise',
      anchor: 'name',
      data: { phi: phi.value, threshold: phi.threshold },
    });
  }
  const h = set.hMix.value;
  const bare = spec.ligands.length === 0 && (!spec.support || spec.support.kind === 'none');
  if (h !== null && h > 0 && bare) {
    findings.push({
      code: FINDING_CODES.unprotectedImmiscible,
      severity: 'warning',
      message:
        `${spec.host.element}–${spec.dopant.element} is an immiscible pair (H_mix = +${fmt(h)} kJ/mol) ` +
        'and this core has no protecting ligands or support; ligands are what stabilise such pairs in the first paper',
      anchor: 'dopant',
      data: { hMix: h },
    });
  }
  return findings;
}

/**
 * The recipe's reference E_form outside the predicted interval: the interval was meant to hold it
 * with the stated coverage, so either the model or the reference is off for this recipe. The
 * record decides the comparison (referenceFields); this turns its verdict into a warning.
 */
export function referenceFinding(spec: RecipeSpec, prediction: { point: number; lower: number; upper: number; coverage: number } | null): Finding | undefined {
  if (!prediction) return undefined;
  const compared = referenceFields(spec.energy, { eForm: prediction.point, lower: prediction.lower, upper: prediction.upper });
  if (compared.referenceInInterval !== false) return undefined;
  return {
    code: FINDING_CODES.referenceOutsideInterval,
    severity: 'warning',
    message:
      `${spec.name}: the reference E_form ${fmt(spec.energy as number)} eV/atom lies outside the ${Math.round(prediction.coverage * 100)} % interval ` +
      `[${fmt(prediction.lower)}, ${fmt(prediction.upper)}] of the prediction ${fmt(prediction.point)} (residual ${fmt(compared.residual as number)} eV/atom)`,
    anchor: 'energy',
    data: { reference: spec.energy, residual: compared.residual },
  };
}

/** No prediction because the recipe cannot be turned into model features (the reason says which input is missing). */
export function notFeaturisableFinding(reason: string): Finding {
  const { code, severity, message } = notFeaturisableDiagnostic(reason, { start: 0, end: 0 });
  return { code, severity, message, anchor: 'name' };
}

function anchorRange(spec: RecipeSpec, anchor: Anchor): OffsetRange {
  const ranges = spec.ranges;
  if (!ranges) return { start: 0, end: 0 };
  return ranges[anchor] ?? ranges.name;
}

export function placeFinding(spec: RecipeSpec, finding: Finding): BimetalDiagnostic {
  const diagnostic: BimetalDiagnostic = {
    code: finding.code,
    severity: finding.severity,
    message: finding.message,
    range: anchorRange(spec, finding.anchor),
  };
  if (finding.data) diagnostic.data = finding.data;
  return diagnostic;
}
