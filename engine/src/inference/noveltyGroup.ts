/**
 * The `"novelty"` Mondrian key (models/FORMAT.md): how new a row's chemistry is to the model, so
 * chemistry it never saw is calibrated only against residuals of equally unseen chemistry (grouped
 * CV held those out) and never gets the narrow interval of familiar pairs. Checked in this order:
 *  - `environment`: a ligand shell or a support, whose term rests on a handful of published values
 *    (its residuals are theirs, whole E_form errors that include elements without a size law, and
 *    the bare cores' would leave that term's error out);
 *  - `element-new`: an element of the row has no size law of its own;
 *  - `unary-small` / `pair-small`: a pure or bimetallic cluster below the smallest size a law of its
 *    elements was fitted on (`nMin`), where the size term is extrapolated;
 *  - `unary`: a pure cluster of an element with its own size law, at a size the law was fitted on;
 *  - `pair-far`: a bimetallic row whose Miedema mixing input lies far beyond the card's range of it
 *    (farBeyond): the mixing coefficient is extrapolated there, and the fitted pairs' residuals
 *    would lend a Zr–Pt cluster (H_mix −100 kJ/mol) the interval of Au–Ag (−6);
 *  - `pair-seen`: a bimetallic row whose pair is in the card's `domain.pairs`;
 *  - `pair-new`: a bimetallic row of two elements with size laws, as a pair never seen.
 */
import type { GroupKeyFn } from './conformal';
import { farBeyond } from './domain';
import { pairKey, symbolOfZ } from './rowChemistry';

export type NoveltyGroup = 'unary' | 'unary-small' | 'pair-small' | 'pair-far' | 'pair-seen' | 'pair-new' | 'element-new' | 'environment';

export interface NoveltyContext {
  /** Bimetallic pairs the model was trained on (card `domain.pairs`). */
  pairs: readonly string[];
  /** An element's own size law (the energy terms file), or undefined when it has none. */
  sizeLaw: (symbol: string) => { nMin?: number } | undefined;
  /** The card's training range of `miedema_mixing` (`domain.features`); without it no row is `pair-far`. */
  mixingRange?: { min: number; max: number };
}

export function noveltyGroupKey(featureNames: readonly string[], context: NoveltyContext): GroupKeyFn {
  const width = featureNames.length;
  const column = (name: string): number => {
    const i = featureNames.indexOf(name);
    if (i < 0) throw new Error(`groupBy "novelty" needs feature "${name}", which the model does not use`);
    return i;
  };
  const hostZ = column('host_z');
  const dopantZ = column('dopant_z');
  const isUnary = column('is_unary');
  const nMetal = column('n_metal');
  const ligandsPerMetal = column('ligands_per_metal');
  const noSupport = column('support_none');
  const mixing = context.mixingRange && { column: column('miedema_mixing'), ...context.mixingRange };
  const pairs = new Set(context.pairs);
  return (row, r): NoveltyGroup => {
    const base = r * width;
    const host = symbolOfZ(row[base + hostZ]);
    const unary = row[base + isUnary] >= 0.5;
    const dopant = unary ? host : symbolOfZ(row[base + dopantZ]);
    const hostLaw = host && context.sizeLaw(host);
    const dopantLaw = dopant && context.sizeLaw(dopant);
    if (row[base + ligandsPerMetal] > 0 || row[base + noSupport] < 0.5) return 'environment';
    if (!hostLaw || !dopantLaw) return 'element-new';
    const fittedFrom = Math.max(hostLaw.nMin ?? 0, dopantLaw.nMin ?? 0);
    if (row[base + nMetal] < fittedFrom) return unary ? 'unary-small' : 'pair-small';
    if (unary) return 'unary';
    if (mixing && farBeyond(row[base + mixing.column], mixing.min, mixing.max) > 0) return 'pair-far';
    return pairs.has(pairKey(host, dopant)) ? 'pair-seen' : 'pair-new';
  };
}
