/**
 * The `"novelty"` Mondrian key (models/FORMAT.md): how new a row's chemistry is to the model, so
 * chemistry it never saw is calibrated only against residuals of equally unseen chemistry (grouped
 * CV held those out) and never gets the narrow interval of familiar pairs.
 *  - `element-new`: an element of the row has no size law of its own;
 *  - `unary`: a pure cluster of an element with its own size law, at a size the law was fitted on;
 *  - `unary-small`: such a cluster below the smallest size its law was fitted on (`nMin`);
 *  - `pair-seen`: a bimetallic row whose pair is in the card's `domain.pairs`;
 *  - `pair-new`: a bimetallic row of two elements with size laws, as a pair never seen.
 */
import type { GroupKeyFn } from './conformal';
import { pairKey, symbolOfZ } from './rowChemistry';

export const NOVELTY_GROUPS = ['unary', 'unary-small', 'pair-seen', 'pair-new', 'element-new'] as const;
export type NoveltyGroup = (typeof NOVELTY_GROUPS)[number];

export interface NoveltyContext {
  /** Bimetallic pairs the model was trained on (card `domain.pairs`). */
  pairs: readonly string[];
  /** An element's own size law (the energy terms file), or undefined when it has none. */
  sizeLaw: (symbol: string) => { nMin?: number } | undefined;
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
  const pairs = new Set(context.pairs);
  return (row, r): NoveltyGroup => {
    const base = r * width;
    const host = symbolOfZ(row[base + hostZ]);
    const unary = row[base + isUnary] >= 0.5;
    const dopant = unary ? host : symbolOfZ(row[base + dopantZ]);
    const hostLaw = host && context.sizeLaw(host);
    if (!hostLaw || !dopant || !context.sizeLaw(dopant)) return 'element-new';
    if (unary) return hostLaw.nMin !== undefined && row[base + nMetal] < hostLaw.nMin ? 'unary-small' : 'unary';
    return pairs.has(pairKey(host, dopant)) ? 'pair-seen' : 'pair-new';
  };
}
