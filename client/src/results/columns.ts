/**
 * The columns of the results table: what each shows, its unit, the definition shown as its
 * tooltip, and the value it sorts by. Pure (no vscode, no DOM) so the webview script, the CSV
 * export order and the tests share one definition.
 */
import type { ScoreRecord } from '../../../engine/src/scoreRecord';
import { num, percent } from '../../../server/src/display';

/** A sort key: numbers and text compare as such; null (not applicable) always sorts last. */
export type SortKey = number | string | null;

export interface Column {
  id: string;
  header: string;
  /** Shown in the header after the name, e.g. `E_form (eV/atom)`; absent for unitless values. */
  unit?: string;
  /** The definition the header's tooltip shows (SCIENCE.md's reading of the papers). */
  definition: string;
  numeric: boolean;
  sortKey(record: ScoreRecord): SortKey;
  text(record: ScoreRecord): string;
  /** Extra detail for the cell's tooltip (e.g. the interval bounds, diagnostic messages). */
  detail?(record: ScoreRecord): string;
}

const descriptor = (key: 'hMix' | 'chiEnv' | 'deltaR' | 'distance' | 'reducedDistance' | 'phi') => (r: ScoreRecord) =>
  r.descriptors?.[key] ?? null;

function descriptorColumn(
  id: 'hMix' | 'chiEnv' | 'deltaR' | 'distance' | 'reducedDistance' | 'phi',
  header: string,
  definition: string,
  unit?: string,
): Column {
  const value = descriptor(id);
  return { id, header, unit, definition, numeric: true, sortKey: value, text: (r) => num(value(r)) };
}

/** `[−3.40, −2.45]`: CV+ intervals need not be symmetric, so both bounds are shown. */
function boundsText(bounds: { lower: number; upper: number } | null): string {
  return bounds ? `[${num(bounds.lower)}, ${num(bounds.upper)}]` : '—';
}

function diagnosticCount(r: ScoreRecord): number {
  return r.diagnostics.length;
}

export const COLUMNS: readonly Column[] = [
  {
    id: 'recipe',
    header: 'recipe',
    definition: 'Recipe name; a family member is named NAME[dopant=…,dopantCount=…]. Click a row to reveal the recipe in its file.',
    numeric: false,
    sortKey: (r) => r.recipe,
    text: (r) => r.recipe,
    detail: (r) => r.file,
  },
  {
    id: 'formula',
    header: 'formula',
    definition: 'Composition: host and dopant counts, then ligands by decreasing count.',
    numeric: false,
    sortKey: (r) => r.formula,
    text: (r) => r.formula,
  },
  {
    id: 'nMetal',
    header: 'N_metal',
    unit: 'atoms',
    definition: 'N_metal = host count + dopant count.',
    numeric: true,
    sortKey: (r) => r.nMetal,
    text: (r) => String(r.nMetal),
  },
  {
    id: 'eForm',
    header: 'E_form',
    unit: 'eV/atom',
    definition:
      'Predicted formation energy per metal atom (first paper, eq. 1): E_form = (E_total − Σ N_i E_metal,i − E_env) / Σ N_i. Lower is more stable.',
    numeric: true,
    sortKey: (r) => r.prediction?.eForm ?? null,
    text: (r) => num(r.prediction?.eForm),
    detail: (r) => (r.prediction ? `model ${r.prediction.model}` : 'not predicted'),
  },
  {
    id: 'interval',
    header: 'E_form interval',
    unit: 'eV/atom',
    definition:
      'Conformal (CV+) prediction interval of E_form at the configured coverage (bimetal.coverage). Sorts by width: narrower means the model is more certain.',
    numeric: true,
    sortKey: (r) => (r.prediction ? r.prediction.upper - r.prediction.lower : null),
    text: (r) => boundsText(r.prediction),
    detail: (r) => (r.prediction ? `${percent(r.prediction.coverage)} coverage, width ${num(r.prediction.upper - r.prediction.lower)} eV/atom` : 'not predicted'),
  },
  {
    id: 'lowerBound',
    header: 'E_form lower bound',
    unit: 'eV/atom',
    definition: 'The lower end of the E_form interval: how stable the recipe may plausibly be. "Suggest Next Candidates" (stable) ranks by it, lowest first.',
    numeric: true,
    sortKey: (r) => r.prediction?.lower ?? null,
    text: (r) => num(r.prediction?.lower),
  },
  {
    id: 'residual',
    header: 'residual',
    unit: 'eV/atom',
    definition: 'For a recipe with an `energy` label: the label minus the predicted E_form (calibrated when a calibration applies).',
    numeric: true,
    sortKey: (r) => r.residual ?? null,
    text: (r) => num(r.residual, 3),
    detail: (r) => (r.reference === undefined ? '' : `your E_form ${num(r.reference, 3)} eV/atom`),
  },
  {
    id: 'inDomain',
    header: 'in domain',
    definition: "Whether the recipe lies in the model's applicability domain (elements, sizes and ligand classes it was trained on). Out-of-domain predictions are extrapolations.",
    numeric: false,
    sortKey: (r) => (r.prediction ? (r.prediction.inDomain ? 'yes' : 'no') : null),
    text: (r) => (r.prediction ? (r.prediction.inDomain ? 'yes' : 'no') : '—'),
  },
  {
    id: 'site',
    header: 'site',
    definition:
      'Predicted dopant site preference from ΔE = E(core) − E(surface): core when the whole interval is below zero, surface when it is above, undetermined when it contains zero. Sorts by ΔE.',
    numeric: false,
    sortKey: (r) => r.site?.deltaE ?? null,
    text: (r) => r.site?.preferred ?? '—',
    detail: (r) => {
      if (!r.site) return 'no core/surface choice';
      const delta = `ΔE ${num(r.site.deltaE)} eV, interval ${boundsText(r.site)} eV`;
      return r.site.preferred === 'undetermined' ? `${delta}: the interval contains 0 or is unbounded, so no call` : delta;
    },
  },
  descriptorColumn('phi', 'φ', 'Accessibility index (first paper, eq. 11): φ = D̃ × χ_env. Closer to zero or higher is more accessible; the bimetal.phiThreshold setting (default −0.3) marks potentially synthesizable recipes.'),
  descriptorColumn('reducedDistance', 'D̃', 'Reduced distance (first paper, eq. 10): D̃ = 1 − c·ΔR / (D + c·ΔR), c = 100, ΔR and D in Å.'),
  descriptorColumn('chiEnv', 'χ_env', 'Environment electronegativity (first paper, eq. 5): count-weighted mean Pauling χ of the metals minus the mean χ of the atoms coordinating them (ligand binding atoms or support atoms); 0 without ligands or support.'),
  descriptorColumn('hMix', 'H_mix', 'Miedema mixing enthalpy of the equiatomic binary liquid (Takeuchi & Inoue 2005, Mater. Trans. 46, 2817), computed from the Miedema model for pairs missing from the table.', 'kJ/mol'),
  descriptorColumn('distance', 'D', 'Average metal–metal distance: the recipe\'s distance if given, else the mean nearest-neighbour distance of the core geometry.', 'Å'),
  descriptorColumn('deltaR', 'ΔR', '|R_host − R_dopant|, metallic radii for 12-fold coordination.', 'Å'),
  {
    id: 'diagnostics',
    header: 'problems',
    definition: 'Number of diagnostics (errors, warnings, notes) reported for this recipe; hover a cell for the messages.',
    numeric: true,
    sortKey: diagnosticCount,
    text: (r) => (diagnosticCount(r) ? String(diagnosticCount(r)) : ''),
    detail: (r) => r.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`).join('\n'),
  },
];

export function columnById(id: string): Column | undefined {
  return COLUMNS.find((c) => c.id === id);
}

/** `E_form (eV/atom)`: the header text with its unit. */
export function headerText(column: Column): string {
  return column.unit ? `${column.header} (${column.unit})` : column.header;
}
