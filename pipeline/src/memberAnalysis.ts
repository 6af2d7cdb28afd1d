import { computeDescriptors, ligandKey, packDescriptors, packedValue, toDescriptorRecord, unpackDescriptors, type DescriptorSet, type PackedDescriptors } from '../../engine/src/descriptors';
import type { DescriptorRecord, PhiVerdict } from '../../engine/src/scoreRecord';
import type { DescriptorKey } from '../../report/src/quantities';
import { FEATURE_NAMES, featurize, featurizeInto, ligandCoverageOf, type LigandCoverage } from '../../engine/src/features';
import type { CoreGeometry } from '../../engine/src/geometry/types';
import { filePlacesDopant, type StructureArrangement } from '../../engine/src/geometry/structureFit';
import type { Prediction } from '../../engine/src/inference/runtime';
import type { LigandDescription } from '../../engine/src/ligands';
import { ligandMolecule } from '../../engine/src/ligands/molecule';
import type { RecipeSpec } from '../../engine/src/recipe';
import { descriptorFindings, type Finding } from './findings';
import type { SwappedSiteCall } from './siteCall';

/**
 * Everything computed for one expanded recipe that does not depend on where it sits in the text or
 * on its name, so it can be cached by the recipe's content and reused while the user edits other
 * recipes, and by every recipe of that content. Its descriptors (`recipe`) name the recipe it
 * was computed for.
 */
export interface MemberAnalysis {
  /**
   * Every descriptor with its inputs, source and definition. After `pack` they are computed again
   * from the member's inputs each time they are read (a hover, `--explain`, a recipe's detail and
   * its few hundred background members).
   */
  readonly descriptors: DescriptorSet;
  /** A new copy of the record's `descriptors` (toDescriptorRecord), packed or not. */
  descriptorRecord(): DescriptorRecord;
  /** One value of the record's `descriptors`, without making the record. */
  descriptorValue(key: DescriptorKey): number | null;
  /** The record's φ verdict, without making the record. */
  phiVerdict(): PhiVerdict;
  /**
   * Each ligand use's molecule (ligandMolecule), in the order of the recipe's `ligands`: RDKit's
   * canonical SMILES where the ligand stage described it, so the formula and the material key take
   * one molecule written two ways for one.
   */
  /** The recipe's ligand coverage θ with its inputs, as the featuriser computes it; undefined without ligands. */
  ligandCoverage(): LigandCoverage | undefined;
  ligandMolecules(): readonly string[];
  /**
   * Keeps only what records read of the descriptors (PackedDescriptors), for a member kept after
   * it is predicted: what views read of every member of a family (a ranking by φ, the calibrated
   * E_form) they read through descriptorValue, phiVerdict and descriptorRecord, the rest for a
   * few members at a time.
   */
  pack(): void;
  /**
   * Model input row until the member is predicted, then null: the editor keeps every scored
   * member, and a row with its buffer was about 600 bytes of each. Null from the start, with the
   * reason in `featureError`, when the recipe cannot be turned into features.
   */
  features: Float32Array | null;
  featureError?: string;
  /**
   * The model input row of another recipe on this member's ligands, structure file and φ threshold,
   * or why it has none: the site call with the roles swapped (siteCall.ts swappedSite), made only for
   * the few members that need it, so no batch row is kept for it.
   */
  featuresOf(spec: RecipeSpec): Float32Array | { error: string };
  /** The record's descriptors of another recipe on this member's inputs, as featuresOf: the swapped call's, which a calibration of ΔE reads. */
  descriptorRecordOf(spec: RecipeSpec): DescriptorRecord;
  prediction: Prediction | null;
  site: Prediction | null;
  /** A majority dopant's site call with the roles swapped, which prices its stated site (siteCall.ts swappedSite); null for any other member. */
  swappedSite: SwappedSiteCall | null;
  /**
   * Why a stated core or surface site has no ΔE to price its ordering term, not even with the roles
   * swapped (equal counts, no site model): E_form's upper end is then open at every coverage (BM405
   * says so, and a calibration keeps it open); undefined where a call prices it or none is needed.
   */
  unpricedSite: string | undefined;
  /** Whether the model step has run for this member (it runs once, in a batch, per scorer). */
  predicted: boolean;
  /**
   * The model run predicting this member while it is under way, so that another document scoring
   * the same cached member awaits it instead of predicting it again; undefined otherwise.
   */
  predictionRun: Promise<unknown> | undefined;
  findings: Finding[];
  /** The recipe's structure file places the dopant atoms itself, so its stated site adds no ordering term (structureFit.ts). */
  filePlacesDopant: boolean;
  /** The structure file's core-labelled atoms (no empty cone: neighbours.ts siteLabels), undefined without a file: its core where no template's is (orderingShare). */
  readonly fileCoreSites: number | undefined;
}

const NO_MOLECULES: readonly string[] = [];

export interface MemberInputs {
  spec: RecipeSpec;
  ligands: ReadonlyMap<string, LigandDescription>;
  /** The structure file's geometry, when the recipe names one and it could be read. */
  geometry?: CoreGeometry;
  /** How that file's arrangement reads for this member (the structure stage's). */
  arrangement?: StructureArrangement;
  phiThreshold: number;
}

/** Where a batch wants a member's feature row: row `row` of `matrix`, FEATURE_NAMES.length wide. */
export interface FeatureRow {
  matrix: Float32Array;
  row: number;
}

/**
 * `into`: write the features into a batch's matrix (the member's `features` is then a view of its
 * row) instead of a typed array of their own, which costs about as much as computing them.
 */
export function analyzeMember({ spec, ligands, geometry, arrangement, phiThreshold }: MemberInputs, into?: FeatureRow): MemberAnalysis {
  const descriptors = computeDescriptors(spec, { ligands, phiThreshold, geometry });
  // Computed from the same inputs as the descriptors above: the featuriser reads them instead of recomputing.
  const context = { ligands, phiThreshold, structure: geometry ? () => geometry : undefined, descriptors, arrangement };
  let features: Float32Array | null = null;
  let featureError: string | undefined;
  if (into) {
    const width = FEATURE_NAMES.length;
    const failure = featurizeInto(spec, context, into.matrix, into.row * width);
    if (failure) featureError = failure.error;
    else features = into.matrix.subarray(into.row * width, (into.row + 1) * width);
  } else {
    const featurised = featurize(spec, context);
    if ('error' in featurised) featureError = featurised.error;
    else features = featurised.values;
  }
  // What the descriptors are computed again from, without the structure file's arrangement: the
  // structure stage makes one for each member, a copy of the file's elements when relabelled.
  const kept = { spec, ligands, geometry, phiThreshold };
  const fileCoreSites = geometry && geometry.labels.reduce((n, label) => (label === 'core' ? n + 1 : n), 0);
  return new AnalysedMember(kept, descriptors, features, featureError, descriptorFindings(spec, descriptors), arrangement !== undefined && filePlacesDopant(arrangement), fileCoreSites);
}

class AnalysedMember implements MemberAnalysis {
  prediction: Prediction | null = null;
  site: Prediction | null = null;
  swappedSite: SwappedSiteCall | null = null;
  unpricedSite: string | undefined = undefined;
  predicted = false;
  predictionRun: Promise<unknown> | undefined = undefined;
  /** The set as computed, until `pack` keeps only its packed form. */
  private kept: DescriptorSet | PackedDescriptors;

  constructor(
    private readonly inputs: Omit<MemberInputs, 'arrangement'>,
    descriptors: DescriptorSet,
    public features: Float32Array | null,
    readonly featureError: string | undefined,
    public findings: Finding[],
    readonly filePlacesDopant: boolean,
    readonly fileCoreSites: number | undefined,
  ) {
    this.kept = descriptors;
  }

  get descriptors(): DescriptorSet {
    return isPacked(this.kept) ? computeDescriptors(this.inputs.spec, this.inputs) : this.kept;
  }

  descriptorRecord(): DescriptorRecord {
    return unpackDescriptors(this.packedForm(), this.inputs.phiThreshold);
  }

  descriptorValue(key: DescriptorKey): number | null {
    return packedValue(this.packedForm(), key);
  }

  phiVerdict(): PhiVerdict {
    return this.packedForm().phiVerdict;
  }

  ligandMolecules(): readonly string[] {
    const { spec, ligands } = this.inputs;
    // Every record's formula asks: a bare sweep's 98,600 members need no array each.
    return spec.ligands.length === 0 ? NO_MOLECULES : spec.ligands.map((use) => ligandMolecule(use, ligands.get(ligandKey(use))));
  }

  ligandCoverage(): LigandCoverage | undefined {
    const { spec, ligands, geometry, phiThreshold } = this.inputs;
    return ligandCoverageOf(spec, { ligands, phiThreshold, structure: geometry ? () => geometry : undefined });
  }

  pack(): void {
    this.kept = this.packedForm();
  }

  featuresOf(spec: RecipeSpec): Float32Array | { error: string } {
    const { ligands, geometry, phiThreshold } = this.inputs;
    // Not this member's descriptors or arrangement: they are of its own recipe, not of `spec`.
    const featurised = featurize(spec, { ligands, phiThreshold, structure: geometry ? () => geometry : undefined });
    return 'error' in featurised ? featurised : featurised.values;
  }

  descriptorRecordOf(spec: RecipeSpec): DescriptorRecord {
    const { ligands, geometry, phiThreshold } = this.inputs;
    return toDescriptorRecord(computeDescriptors(spec, { ligands, phiThreshold, geometry }));
  }

  /** What records read of the descriptors: kept, or packed from the set for this read alone. */
  private packedForm(): PackedDescriptors {
    return isPacked(this.kept) ? this.kept : packDescriptors(this.kept);
  }
}

function isPacked(descriptors: DescriptorSet | PackedDescriptors): descriptors is PackedDescriptors {
  return 'values' in descriptors;
}
