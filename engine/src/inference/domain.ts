import { ELEMENT_SYMBOLS } from '../periodicTable';
import { LIGAND_CLASS_COLUMNS, SUPPORT_COLUMNS } from '../features/schema';

/**
 * Applicability domain: what the model saw in training (model card `domain`), and which of a
 * recipe's traits fall outside it. Everything is read back from the feature row (host_z,
 * dopant_z, n_metal, support_* and ligand_frac_* columns), so a batch of rows is enough — no
 * recipe objects need to travel with it (e.g. into a worker thread).
 */
export interface CardDomain {
  elements?: string[];
  /** Inclusive N_metal range, as `{ min, max }` or `[min, max]`. */
  nMetal?: { min: number; max: number } | [number, number];
  /** Ligand class names (engine/src/ligands/ligandClass.ts). */
  ligandClasses?: string[];
  /** Support kinds (recipe.ts SupportKind, including "none"). */
  supports?: string[];
  /** Per-feature training range, by feature name. */
  features?: Record<string, { min: number; max: number }>;
}

/** Relative slack on feature ranges so float32 rounding of a training value stays in range. */
const RANGE_SLACK = 1e-6;

function formatNumber(v: number): string {
  return Number(v.toPrecision(4)).toString();
}

export class ApplicabilityDomain {
  private readonly elements?: ReadonlySet<string>;
  private readonly nMetal?: { min: number; max: number };
  private readonly ligandClasses?: ReadonlySet<string>;
  private readonly supports?: ReadonlySet<string>;
  private readonly ranges: Array<{ index: number; name: string; min: number; max: number }>;
  private readonly col: (name: string) => number;

  constructor(
    domain: CardDomain,
    private readonly featureNames: readonly string[],
  ) {
    const index = new Map(featureNames.map((n, i) => [n, i]));
    this.col = (name) => index.get(name) ?? -1;
    if (domain.elements) this.elements = new Set(domain.elements);
    if (domain.nMetal) this.nMetal = Array.isArray(domain.nMetal) ? { min: domain.nMetal[0], max: domain.nMetal[1] } : domain.nMetal;
    if (domain.ligandClasses) this.ligandClasses = new Set(domain.ligandClasses);
    if (domain.supports) this.supports = new Set(domain.supports);
    this.ranges = Object.entries(domain.features ?? {})
      .map(([name, r]) => ({ index: index.get(name) ?? -1, name, min: r.min, max: r.max }))
      .filter((r) => r.index >= 0 && Number.isFinite(r.min) && Number.isFinite(r.max));
  }

  /** Reasons why row `r` of a row-major matrix is outside the domain; empty when inside. */
  reasons(data: ArrayLike<number>, r: number): string[] {
    const width = this.featureNames.length;
    const at = (name: string): number | undefined => {
      const c = this.col(name);
      return c < 0 ? undefined : data[r * width + c];
    };
    const out: string[] = [];
    if (this.elements) {
      for (const site of ['host', 'dopant'] as const) {
        const z = at(`${site}_z`);
        const symbol = z === undefined ? undefined : ELEMENT_SYMBOLS[Math.round(z) - 1];
        if (symbol && !this.elements.has(symbol)) out.push(`${site} element ${symbol} was not in the training data`);
      }
    }
    const nMetal = at('n_metal');
    if (this.nMetal && nMetal !== undefined && (nMetal < this.nMetal.min || nMetal > this.nMetal.max)) {
      out.push(`N_metal = ${nMetal} is outside the trained range ${this.nMetal.min}–${this.nMetal.max}`);
    }
    if (this.ligandClasses) {
      for (const c of LIGAND_CLASS_COLUMNS) {
        if ((at(`ligand_frac_${c}`) ?? 0) > 0 && !this.ligandClasses.has(c)) out.push(`ligand class ${c} was not in the training data`);
      }
    }
    if (this.supports) {
      for (const s of SUPPORT_COLUMNS) {
        if (at(`support_${s}`) === 1 && !this.supports.has(s)) out.push(`support ${s} was not in the training data`);
      }
    }
    for (const range of this.ranges) {
      const v = data[r * width + range.index];
      const slack = RANGE_SLACK * Math.max(1, Math.abs(range.min), Math.abs(range.max));
      if (!(v >= range.min - slack && v <= range.max + slack)) {
        out.push(`${range.name} = ${formatNumber(v)} is outside the training range [${formatNumber(range.min)}, ${formatNumber(range.max)}]`);
      }
    }
    return out;
  }
}
