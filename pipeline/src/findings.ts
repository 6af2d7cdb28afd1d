import type { BimetalDiagnostic, Severity } from '../../engine/src/diagnostic';
import type { DescriptorSet } from '../../engine/src/descriptors';
import { notFeaturisableDiagnostic } from '../../engine/src/inference/diagnostics';
import { coveragePercent, fixedText, intervalText, roundedText } from '../../engine/src/numberText';
import type { OffsetRange, RecipeSpec } from '../../engine/src/recipe';
import { tidy } from '../../engine/src/significant';
import { referenceFields } from './records';
import { withThousands } from '../../grammar/src/diagnostics';

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
  /** More ligands than the metal surface can bind (ligandCapacity). */
  overcrowdedShell: 'BM413',
} as const;

/** Which part of the recipe a finding is about; resolved to a source range per document. */
export type Anchor = 'name' | 'dopant' | 'ligands' | 'energy';

/**
 * A diagnostic before it has a place in the text. Member results are cached by content and reused
 * when the recipe moves, and shared by recipes of one content under other names (memberCache.ts),
 * so their findings carry neither offsets nor the member's name.
 */
export interface Finding {
  code: string;
  severity: Severity;
  /** With `named`, what follows the member's name and ': ' once placed (placeFinding). */
  message: string;
  anchor: Anchor;
  named?: true;
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
        `accessibility index φ = ${fmt(phi.value)} is below ${phi.threshold} ` +
        `(D̃ = ${fmt(set.reducedDistance.value ?? NaN)}, χ_env = ${fmt(set.chiEnv.value ?? NaN)}); ` +
        'the first paper reads this as likely hard to synthesise',
      anchor: 'name',
      named: true,
      data: { phi: phi.value, threshold: phi.threshold },
    });
  }
  const h = set.hMix.value;
  const bare = spec.ligands.length === 0 && (!spec.support || spec.support.kind === 'none');
  if (h !== null && h > 0 && bare) {
    findings.push({ code: FINDING_CODES.unprotectedImmiscible, severity: 'warning', message: immiscibleMessage(spec.host.element, spec.dopant.element, h), anchor: 'dopant', data: { hMix: h } });
  }
  const crowded = overcrowding(spec);
  if (crowded) {
    const { ligandCount, capacity } = crowded;
    findings.push({
      code: FINDING_CODES.overcrowdedShell,
      severity: 'warning',
      message:
        `${crowded.said}: at most ${withThousands(capacity.maxLigands)} (2 per surface atom, ${withThousands(capacity.surfaceAtoms)} surface atoms by min(N, 4·N^(2/3)))`,
      anchor: 'ligands',
      data: { ligands: ligandCount, maxLigands: capacity.maxLigands, surfaceAtoms: capacity.surfaceAtoms },
    });
  }
  return findings;
}

/**
 * The last pair's BM411 message, made again only when another pair comes: every member of a bare
 * family of an immiscible pair has it, and a batch built it anew for each of a sweep's 98,600
 * members (findings were 52 MB of the sweep's sampled allocations, `npm run bench -- batch`).
 * Comparing three fields costs less than the editor's sharedText lookup, which hashes the text.
 */
let lastImmiscible: { host: string; dopant: string; hMix: number; message: string } | undefined;

function immiscibleMessage(host: string, dopant: string, hMix: number): string {
  const last = lastImmiscible;
  if (last && last.host === host && last.dopant === dopant && last.hMix === hMix) return last.message;
  // The rule is the first paper's sign rule, not a phase diagram: Pd–Pt (+2) and Cu–Ni (+4 kJ/mol) mix in every proportion.
  const message =
    `${host}–${dopant} has a positive mixing enthalpy (H_mix = +${fmt(hMix)} kJ/mol), which the first paper reads as an immiscible pair, ` +
    'and this core has no protecting ligands or support; ligands are what stabilise such pairs in the first paper';
  lastImmiscible = { host, dopant, hMix, message };
  return message;
}

/**
 * The recipe's reference E_form outside the predicted interval: the interval was meant to hold it
 * with the stated coverage, so either the model or the reference is off for this recipe. The
 * record decides the comparison (referenceFields); this turns its verdict into a warning.
 */
export function referenceFinding(spec: RecipeSpec, prediction: { point: number; lower: number; upper: number; coverage: number } | null): Finding | undefined {
  if (!prediction) return undefined;
  // The record's numbers (six significant digits), so that the warning and the record's referenceInInterval agree at an end.
  const [eForm, lower, upper] = [tidy(prediction.point), tidy(prediction.lower), tidy(prediction.upper)];
  const compared = referenceFields(spec.energy, { eForm, lower, upper });
  if (compared.referenceInInterval !== false) return undefined;
  return {
    code: FINDING_CODES.referenceOutsideInterval,
    severity: 'warning',
    message:
      `the reference E_form ${fmt(spec.energy as number)} eV/atom lies outside the ${coveragePercent(prediction.coverage)} interval ` +
      `${intervalText(lower, upper, 3)} of the prediction ${fixedText(eForm, 3)} (residual ${fixedText(compared.residual as number, 3)} eV/atom)`,
    anchor: 'energy',
    named: true,
    data: { reference: spec.energy, residual: compared.residual },
  };
}

/** The recipe's ligand count and its core's capacity (ligandCapacity) where it carries more than the surface can bind (BM413), else undefined. */
export function overcrowding(
  spec: Pick<RecipeSpec, 'host' | 'dopant' | 'ligands'>,
): { ligandCount: number; capacity: ReturnType<typeof ligandCapacity>; said: string } | undefined {
  const nMetal = spec.host.count + spec.dopant.count;
  const capacity = ligandCapacity(nMetal);
  const ligandCount = spec.ligands.reduce((sum, use) => sum + use.count, 0);
  if (ligandCount <= capacity.maxLigands) return undefined;
  // In the words of BM413 and of BM405, which it makes unbounded.
  const said = `${withThousands(ligandCount)} ligands on ${withThousands(nMetal)} metal atoms are more than the surface can bind`;
  return { ligandCount, capacity, said };
}

/**
 * How many ligands a core of `nMetal` atoms can carry. Surface atoms: min(N, 4·N^(2/3)), the
 * liquid-drop count of a spherical cluster (surface fraction 4·N^(−1/3); Jortner, Z. Phys. D 24,
 * 247 (1992)). Each surface atom binds at most two ligands, the linear two-coordination of Au(I)
 * and Cu(I) in the –SR–M–SR– staples of thiolate clusters (Jin et al., Chem. Rev. 116, 10346
 * (2016)). The bound is generous on purpose: the densest shell in the first paper's training set,
 * Au4M2(PET)8(PPh3)3, carries 11 ligands on 6 atoms (bound 12), and Au144(SR)60 is far below its 220.
 */
export function ligandCapacity(nMetal: number): { surfaceAtoms: number; maxLigands: number } {
  const surfaceAtoms = Math.min(nMetal, Math.round(4 * Math.cbrt(nMetal) ** 2));
  return { surfaceAtoms, maxLigands: 2 * surfaceAtoms };
}

/** No prediction because the recipe cannot be turned into model features (the reason says which input is missing). */
export function notFeaturisableFinding(reason: string): Finding {
  const { code, severity, message } = notFeaturisableDiagnostic(reason, { start: 0, end: 0 });
  return { code, severity, message, anchor: 'name' };
}

function anchorRange(spec: RecipeSpec, anchor: Anchor): OffsetRange {
  const ranges = spec.ranges;
  if (!ranges) return { start: 0, end: 0 };
  if (anchor === 'ligands') return ranges.ligands?.[0] ?? ranges.name;
  return ranges[anchor] ?? ranges.name;
}

export function placeFinding(spec: RecipeSpec, finding: Finding): BimetalDiagnostic {
  const { code, severity, data } = finding;
  const message = finding.named ? `${spec.name}: ${finding.message}` : finding.message;
  const range = anchorRange(spec, finding.anchor);
  // Whole literals: `data` added afterwards went to a property store of its own, 40 bytes more in every diagnostic an editor keeps.
  return data ? { code, severity, message, range, data } : { code, severity, message, range };
}
