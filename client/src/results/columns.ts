/**
 * The columns of the results table: what each shows, its unit, the definition shown as its
 * tooltip, and the value it sorts by. Every reported quantity's column is generated from the
 * report registry (report/src/quantities.ts), so its symbol, unit, decimals, definition and verdict
 * read as in the hover, the command line and the docs. Pure (no vscode, no DOM) so the webview
 * script and the tests share one definition.
 */
import type { ScoreRecord } from '../../../engine/src/scoreRecord';
import { boundsText, coveragePercent, isBounded, lowerEndText, NO_VALUE, signedNum } from '../../../report/src/numbers';
import { QUANTITIES, QUANTITY_LIST, quantityText, UNBOUNDED_CAUSES, type Quantity, type QuantityKey } from '../../../report/src/quantities';
import { largestSiteTerms, shippedSiteDeltaE } from '../../../report/src/siteTerms';

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
  /** The record's own verdict on this cell's value calls for attention (out of domain, φ low, reference outside the interval). */
  warn?(record: ScoreRecord): boolean;
}

/** `Definition.`: the registry's definitions are phrases; a tooltip reads as a sentence. */
function sentence(text: string): string {
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

/** The column of one registry quantity: its value with the quantity's decimals, its verdict in the tooltip. */
function quantityColumn(key: QuantityKey, extra: Partial<Column> = {}): Column {
  const q: Quantity = QUANTITIES[key];
  const base = { id: key, header: q.symbol, unit: q.unit || undefined, definition: sentence(q.definition), numeric: true };
  if (q.kind === 'perLigand') {
    const entries = (r: ScoreRecord) => Object.entries(q.values(r));
    return {
      ...base,
      // A record's ligands differ in number and kind: sort by the first, show them all.
      sortKey: (r) => entries(r)[0]?.[1] ?? null,
      text: (r) => entries(r).map(([name, value]) => `${name} ${quantityText(q, value)}`).join(', '),
      ...extra,
    };
  }
  return {
    ...base,
    sortKey: (r) => q.value(r),
    // A value that does not apply says why in a word (φ of a bare core: `n/a`). A verdict that
    // flags the cell (warn) writes its mark after the value, as the command line's table does
    // (`−0.52 low`, `−2.00 !`, `0.80 outside`): the flag's colour is never all that says it.
    text: (r) => {
      const value = q.value(r);
      const verdict = q.verdict?.(r);
      if (value === null) return verdict?.mark || quantityText(q, value);
      return verdict?.warn && verdict.mark ? `${quantityText(q, value)} ${verdict.mark}` : quantityText(q, value);
    },
    detail: (r) => q.verdict?.(r)?.text ?? '',
    warn: (r) => q.verdict?.(r)?.warn ?? false,
    ...extra,
  };
}

function diagnosticCount(r: ScoreRecord): number {
  return r.diagnostics.length;
}

const { eForm } = QUANTITIES;

/** Columns that are not quantities (names, the interval's parts, problems), placed around the registry's. */
const IDENTITY: readonly Column[] = [
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
];

const INTERVAL: readonly Column[] = [
  {
    id: 'interval',
    header: `${eForm.symbol} interval`,
    unit: eForm.unit,
    definition:
      `Conformal prediction interval of ${eForm.symbol} at the configured coverage (bimetal.coverage): CV+, or jackknife+ under a calibration on fewer than 20 of your labels. Sorts by width: narrower means the model is more certain.`,
    numeric: true,
    sortKey: (r) => (r.prediction ? (isBounded(r.prediction) ? r.prediction.upper - r.prediction.lower : Infinity) : null),
    // Out of domain: the E_form verdict's mark (`!`), as on E_form itself.
    text: (r) => {
      if (!r.prediction) return NO_VALUE;
      const verdict = eForm.verdict(r);
      return verdict?.warn && verdict.mark ? `${boundsText(r.prediction)} ${verdict.mark}` : boundsText(r.prediction);
    },
    detail: (r) => {
      const p = r.prediction;
      if (!p) return 'not predicted';
      if (!isBounded(p)) return `${coveragePercent(p.coverage)} coverage: unbounded, no calibrated interval at this coverage (${UNBOUNDED_CAUSES})`;
      return `${coveragePercent(p.coverage)} coverage, width ${quantityText(eForm, p.upper - p.lower)} ${eForm.unit}`;
    },
    warn: (r) => eForm.verdict(r)?.warn ?? false,
  },
  {
    id: 'lowerBound',
    header: `${eForm.symbol} lower bound`,
    unit: eForm.unit,
    definition: `The lower end of the ${eForm.symbol} interval: how stable the recipe may plausibly be. "Suggest Next Candidates" (stable) ranks by it, lowest first.`,
    numeric: true,
    sortKey: (r) => (r.prediction ? (Number.isFinite(r.prediction.lower) ? r.prediction.lower : -Infinity) : null),
    text: (r) => (r.prediction ? lowerEndText(r.prediction.lower, eForm.decimals) : NO_VALUE),
  },
  {
    id: 'inDomain',
    header: 'in domain',
    definition:
      "Whether the recipe lies in the model's applicability domain (elements, sizes and ligand classes it was trained on; with `site core` or `site surface`, also the site model's call that prices the stated site, with the roles swapped for a majority dopant). Out-of-domain predictions are extrapolations; the recipe's BM404 says why.",
    numeric: false,
    sortKey: (r) => (r.prediction ? (r.prediction.inDomain ? 'yes' : 'no') : null),
    text: (r) => (r.prediction ? (r.prediction.inDomain ? 'yes' : 'no') : '—'),
    warn: (r) => eForm.verdict(r)?.warn ?? false,
  },
];

const PROBLEMS: Column = {
  id: 'diagnostics',
  header: 'problems',
  definition: 'Number of diagnostics (errors, warnings, notes) reported for this recipe; hover a cell for the messages.',
  numeric: true,
  sortKey: diagnosticCount,
  text: (r) => (diagnosticCount(r) ? String(diagnosticCount(r)) : ''),
  detail: (r) => r.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`).join('\n'),
};

/**
 * Per-quantity overrides: E_form's tooltip names its model, the site column shows the call
 * (sorting by ΔE), and the interval's parts follow E_form.
 */
const OVERRIDES: Partial<Record<QuantityKey, Partial<Column>>> = {
  eForm: { detail: (r) => (r.prediction ? `model ${r.prediction.model}${r.prediction.inDomain ? '' : ': outside its applicability domain'}` : 'not predicted') },
  siteDeltaE: {
    id: 'site',
    numeric: false,
    // The call, with the `!` of a site model outside its domain: the verdict's mark (`undetermined !`), as in the command line's table.
    text: (r) => (r.site ? QUANTITIES.siteDeltaE.verdict(r)!.mark : '—'),
    detail: (r) => {
      if (!r.site) return 'not predicted: a majority dopant, a core without an interior site, or no site model';
      const q = QUANTITIES.siteDeltaE;
      return `${q.symbol} ${quantityText(q, r.site.deltaE)} ${q.unit}, interval ${boundsText(r.site)} ${q.unit}: ${q.verdict(r)?.text}${siteTermsText(r.site)}`;
    },
  },
};

/**
 * The site's largest terms (`site.terms`, the shipped model's), for the tooltip: `; largest terms:
 * H_mix −1.14 eV, Δγ +0.23 eV, ΔR/R +0.17 eV (negative: to the core)`. Under a calibration that moves
 * ΔE the terms sum to the shipped model's ΔE, not to the one shown: the tooltip says so, as the hover
 * and `--explain` do.
 */
function siteTermsText(site: NonNullable<ScoreRecord['site']>): string {
  const q = QUANTITIES.siteDeltaE;
  const largest = largestSiteTerms(site.terms);
  if (largest.length === 0) return '';
  const shipped = shippedSiteDeltaE(site);
  const whose = shipped === undefined ? '' : ` of the shipped model's ${q.symbol}, ${quantityText(q, shipped)} ${q.unit}, which the calibration moves`;
  return `; largest terms${whose}: ${largest.map((t) => `${t.symbol} ${signedNum(t.value, q.decimals)} ${q.unit}`).join(', ')} (negative: to the core, positive: to the surface)`;
}

export const COLUMNS: readonly Column[] = [
  ...IDENTITY,
  ...QUANTITY_LIST.flatMap((q) => {
    const column = quantityColumn(q.key, OVERRIDES[q.key]);
    return q.key === 'eForm' ? [column, ...INTERVAL] : [column];
  }),
  PROBLEMS,
];

export function columnById(id: string): Column | undefined {
  return COLUMNS.find((c) => c.id === id);
}

/** `E_form (eV/atom)`: the header text with its unit. */
export function headerText(column: Column): string {
  return column.unit ? `${column.header} (${column.unit})` : column.header;
}
