/**
 * The site ΔE's terms as the views show them (`--explain`, the hover): the record's numbers (tidied,
 * as JSON and the CSV hold them) with each term's definition from the prediction, largest first.
 * A column split at 0 has a term for each side, and the side its input does not lie on is 0 by
 * construction: the views leave it out (the record keeps it, so every record has the same keys).
 */
import type { SiteBreakdown, SiteTermPart } from '../../engine/src/inference/siteTerms';
import type { SiteTermRecord } from '../../engine/src/scoreRecord';
import { toSignificant } from '../../engine/src/significant';

export interface ShownSiteTerm {
  /** The record's term: its numbers are the ones shown. */
  term: SiteTermRecord;
  definition: string;
  part: SiteTermPart;
}

/** Whether a term weighs the side of 0 its input lies on (a term of the whole column, gated or not, always does; at 0, the negative side). */
function onItsSide(part: SiteTermPart, x: number): boolean {
  return part === 'all' || part === 'gated' || (part === 'positive' ? x > 0 : x <= 0);
}

/** The record's site terms that a view shows, with their definitions, by |contribution|, largest first. */
export function shownSiteTerms(recorded: readonly SiteTermRecord[] | undefined, breakdown: SiteBreakdown | undefined): ShownSiteTerm[] {
  if (!recorded || !breakdown) return [];
  const { layout } = breakdown;
  const shown: ShownSiteTerm[] = [];
  for (const term of recorded) {
    const i = layout.keys.indexOf(term.key);
    if (i >= 0 && onItsSide(layout.parts[i], term.input.value)) shown.push({ term, definition: layout.definitions[i], part: layout.parts[i] });
  }
  return shown.sort((a, b) => Math.abs(b.term.value) - Math.abs(a.term.value));
}

/** Which fold models' weights the terms carry, in words: `fold model 3`, `the mean of fold models 2 and 4`. */
export function siteTermFoldsText(breakdown: SiteBreakdown): string {
  const { complete } = breakdown;
  if (!complete) return `${foldsText(breakdown.folds)}, whose ${breakdown.folds.length === 1 ? 'output is' : "outputs' mean is"} the point`;
  const theta = toSignificant(complete.share, 3);
  return (
    `${toSignificant(1 - complete.share, 3)} × ${foldsText(breakdown.folds)} + ${theta} × ${foldsText(complete.folds)}, as their outputs make the point: ` +
    `a shell over the share θ = ${theta} of the surface sites (ligand_coverage) takes 1 − θ of the point weighed over the fold models as a bare surface's and θ of it weighed as a full shell's`
  );
}

/** `fold model 3`, `the mean of fold models 2 and 4` (1-based). */
function foldsText(folds: readonly number[]): string {
  const [low, high] = folds.map((k) => k + 1);
  return high === undefined ? `fold model ${low}` : `the mean of fold models ${Math.min(low, high)} and ${Math.max(low, high)}`;
}

/** A unit after a number, none for a pure number (`–`). */
function unitSuffix(unit: string): string {
  return unit === '–' || unit === '' ? '' : ` ${unit}`;
}

/** What a term weighs, in symbols: `h_mix`, `min(surface_energy_diff, 0)`, `h_mix where dopant_group < host_group`. */
export function siteTermPartText({ term, part }: Pick<ShownSiteTerm, 'term' | 'part'>): string {
  const name = term.input.name;
  if (term.gate) return `${name} where ${term.gate.rule}`;
  return part === 'positive' ? `max(${name}, 0)` : part === 'negative' ? `min(${name}, 0)` : name;
}

/**
 * `0.0154069 eV per kJ/mol × h_mix = -74 kJ/mol`: how a term's value was made, with the record's
 * numbers; for a gated term whose gate does not hold, that it is not counted.
 */
export function siteTermArithmetic(shown: ShownSiteTerm): string {
  const { term } = shown;
  const input = `${term.input.name} = ${term.input.value}${unitSuffix(term.input.unit)}${coverageArithmetic(term)}`;
  if (term.gate && !term.gate.open) return `not counted: ${term.gate.rule} does not hold for this recipe (${input})`;
  const per = term.input.unit === '–' || term.input.unit === '' ? 'eV' : `eV per ${term.input.unit}`;
  return `${term.weight} ${per} × ${siteTermPartText(shown)}, ${input}`;
}

/** Where a term moves the dopant: a positive contribution towards the surface, a negative one into the core. */
export function siteTermDirection(value: number): 'surface' | 'core' | 'neither' {
  return value > 0 ? 'surface' : value < 0 ? 'core' : 'neither';
}

/** An input for a compact line: three significant digits, a real minus sign, its unit (`H_mix −74 kJ/mol`), and θ where the ligand coverage scales it (`1.32 eV/atom, θ 0.652 of 2.03: 60 of 92 surface sites bound`). */
export function compactInputText(term: SiteTermRecord): string {
  const compact = (x: number) => String(toSignificant(x, 3)).replace('-', '−');
  const value = `${compact(term.input.value)}${unitSuffix(term.input.unit)}`;
  const c = term.input.coverage;
  if (!c) return value;
  if (c.onDopant) return `${value}, θ 1: the ligand sits on the dopant`;
  const full = c.fullShell === undefined || c.theta === 1 ? '' : ` of ${compact(c.fullShell)}`;
  // More binding sites than surface sites (150 thiolates on 92) bind every site: θ is capped, and "300 of 92" would read as a slip.
  const bound = c.bindingSites > c.surfaceSites ? `all ${compact(c.surfaceSites)} surface sites bound (${c.bindingSites} binding sites)` : `${c.bindingSites} of ${compact(c.surfaceSites)} surface sites bound`;
  return `${value}, θ ${compact(c.theta)}${full}: ${bound}`;
}

/**
 * For a column that is θ times its full shell's value: ` = θ × 2.03 eV/atom, θ = ligand_coverage = min(1, 60
 * binding sites / 92 surface sites) = 0.652`; '' for any other.
 */
function coverageArithmetic(term: SiteTermRecord): string {
  const c = term.input.coverage;
  if (!c) return '';
  const full = c.fullShell === undefined ? '' : ` = θ × ${c.fullShell}${unitSuffix(term.input.unit)}`;
  if (c.onDopant) return `${full}, θ = ligand_coverage = 1: the recipe puts its ligand on the dopant's own site`;
  return `${full}, θ = ligand_coverage = min(1, ${c.bindingSites} binding sites / ${c.surfaceSites} surface sites) = ${c.theta}`;
}
