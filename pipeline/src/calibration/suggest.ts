/**
 * What to compute next: the unlabelled recipes ranked by an acquisition function. `stable` ranks by
 * the lower confidence bound of E_form (the most stable the recipe may plausibly be, so promising
 * and uncertain candidates both rise); `uncertain` by the width of the interval (where a new DFT
 * result teaches the calibration most). A recipe whose material is labelled under another name
 * (the family member `fam[host=Pt,dopant=Os]` beside a labelled `Pt12Os`) is no candidate: its DFT
 * result is already in the inputs.
 */
import { byCodeUnit } from '../../../engine/src/byCodeUnit';
import type { RecipeSpec } from '../../../engine/src/recipe';
import type { ScoreRecord } from '../../../engine/src/scoreRecord';
import { isBounded } from '../../../report/src/numbers';
import { materialKey, type Material } from './labels';

export const OBJECTIVES = ['stable', 'uncertain'] as const;
export type Objective = (typeof OBJECTIVES)[number];

export interface Candidate {
  /** The scored recipe, as a material (materialKey). */
  member: Material;
  record: ScoreRecord;
}

/** The acquisition value; lower ranks first. */
export function acquisition(record: ScoreRecord, objective: Objective): number {
  const p = record.prediction as NonNullable<ScoreRecord['prediction']>;
  return objective === 'stable' ? p.lower : -(p.upper - p.lower);
}

/** An unlabelled recipe without errors that has a prediction, bounded or not. */
function rankable({ member: { spec }, record }: Candidate): boolean {
  return spec.energy === undefined && record.prediction !== null && !record.diagnostics.some((d) => d.severity === 'error');
}

function bounded(record: ScoreRecord): boolean {
  return record.prediction !== null && isBounded(record.prediction);
}

/** A cheap first test of materialKey's equality: most candidates of a sweep share no metals and counts with any label. */
function compositionKey(spec: RecipeSpec): string {
  return `${spec.host.element}\u0000${spec.host.count}\u0000${spec.dopant.element}\u0000${spec.dopant.count}`;
}

/**
 * Which candidates are the material (materialKey, as calibrate and BM420 compare them) of a recipe
 * with an `energy` label among the candidates: the same recipe under another name, whose DFT
 * result is already in the inputs. Returns the labelled recipe's record for each, by candidate.
 */
function labelledElsewhere(candidates: readonly Candidate[]): (candidate: Candidate) => ScoreRecord | undefined {
  const labelled = candidates.filter((c) => c.member.spec.energy !== undefined);
  if (labelled.length === 0) return () => undefined;
  const compositions = new Set(labelled.map((c) => compositionKey(c.member.spec)));
  const byMaterial = new Map<string, ScoreRecord>();
  for (const c of labelled) {
    const key = materialKey(c.member);
    if (key !== undefined && !byMaterial.has(key)) byMaterial.set(key, c.record);
  }
  return (c) => {
    const key = compositions.has(compositionKey(c.member.spec)) ? materialKey(c.member) : undefined;
    return key === undefined ? undefined : byMaterial.get(key);
  };
}

/** An unlabelled recipe left out because its material is labelled elsewhere in the inputs, and that label's recipe. */
export interface KnownCandidate {
  record: ScoreRecord;
  labelled: ScoreRecord;
}

/** A suggestion: the ranking, and the candidates left out of it with the reason, so the caller can say why they are missing. */
export interface Suggestion {
  /** Unlabelled, error-free recipes with a bounded prediction whose material has no label elsewhere, best first, at most `n`. */
  ranked: ScoreRecord[];
  /** How many would rank but for an unbounded E_form interval (BM405: a group too small for the coverage). */
  unbounded: number;
  /** Those whose material carries an `energy` label under another name (a family member beside its labelled recipe). */
  known: KnownCandidate[];
}

/**
 * Ranks candidates handed to it a chunk at a time, keeping only the best `n` of them: a family of
 * any size is ranked in bounded memory. `labelled`: the recipes with an `energy` label, whose
 * materials are no candidates (among candidates, only those with the label count).
 */
export class Suggester {
  private readonly labelledAs: (candidate: Candidate) => ScoreRecord | undefined;
  private best: { record: ScoreRecord; value: number }[] = [];
  private unbounded = 0;
  private readonly known: KnownCandidate[] = [];

  constructor(
    labelled: readonly Candidate[],
    private readonly objective: Objective,
    private readonly n: number,
  ) {
    this.labelledAs = labelledElsewhere(labelled);
  }

  add(candidates: readonly Candidate[]): void {
    let grew = false;
    for (const c of candidates) {
      if (!rankable(c)) continue;
      const labelled = this.labelledAs(c);
      if (labelled) this.known.push({ record: c.record, labelled });
      else if (!bounded(c.record)) this.unbounded++;
      else {
        this.best.push({ record: c.record, value: acquisition(c.record, this.objective) });
        grew = true;
      }
    }
    // A stable sort of the best so far and the newcomers, in the order given: the order one sort of them all gives.
    if (grew) this.best = this.best.sort((a, b) => a.value - b.value || byCodeUnit(a.record.recipe, b.record.recipe)).slice(0, this.n);
  }

  result(): Suggestion {
    return { ranked: this.best.map((c) => c.record), unbounded: this.unbounded, known: this.known };
  }
}

/** The candidates ranked by `objective` (the labels elsewhere are looked up once). */
export function suggest(candidates: readonly Candidate[], objective: Objective, n: number): Suggestion {
  const suggester = new Suggester(candidates, objective, n);
  suggester.add(candidates);
  return suggester.result();
}

/**
 * What a suggestion says of its `known` candidates: how many, and the first one's label.
 * `fileName` names the label's file as the reader knows it (the editor: as a conflict, BM420, does).
 */
export function knownText(known: readonly KnownCandidate[], fileName: (file: string) => string = (file) => file): string {
  const n = known.length;
  const [first] = known;
  const where = first.labelled.file ? ` in ${fileName(first.labelled.file)}` : '';
  return (
    `${n} unlabelled recipe${n === 1 ? ' is' : 's are'} the same material as a recipe with an energy label in the inputs ` +
    `(${n === 1 ? '' : 'e.g. '}${first.record.recipe} is ${first.labelled.recipe}${where}), so ${n === 1 ? 'its' : 'their'} DFT result is already known and ${n === 1 ? 'it is' : 'they are'} not suggested`
  );
}
