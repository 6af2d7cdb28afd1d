/**
 * The `"novelty"` Mondrian key (models/FORMAT.md): how new a row's chemistry is to the model, so
 * chemistry it never saw is calibrated only against residuals of equally unseen chemistry (grouped
 * CV held those out) and never gets the narrow interval of familiar pairs. Checked in this order:
 *  - `environment-new`: a ligand shell or a support with a class or kind that has no environment
 *    term in the terms file (phosphine, an oxide): its ΔE_env is 0 and the whole term unknown, so it
 *    is calibrated on what leaving the term out cost the published recipes, not on the errors of a
 *    term that was fitted; likewise a shell with more or fewer ligands of a class per metal atom
 *    than its term was fitted on (energyAnchor.ts beyondFittedShells): the linear term is
 *    extrapolated there, and the fitted shells' errors would lend Au4Pd2(PET)16 (2.67 thiolates per
 *    metal atom, fitted on 0.71–0.72) the interval of Au24Pd(PET)18;
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
 *  - `pair-new`: a bimetallic row of two elements with size laws, as a pair never seen (the fitted
 *    pairs' residuals would lend Ni–Co the interval of Au–Ag).
 */
import { LIGAND_CLASS_COLUMNS, SUPPORT_COLUMNS } from '../features/schema';
import type { GroupKeyFn } from './conformal';
import { farBeyond } from './domain';
import { beyondFittedShells } from './energyAnchor';
import type { EnergyTermsFile } from './energyTerms';
import { pairKey, symbolOfZ } from './rowChemistry';

export type NoveltyGroup = 'unary' | 'unary-small' | 'pair-small' | 'pair-far' | 'pair-seen' | 'pair-new' | 'element-new' | 'environment' | 'environment-new';

export interface NoveltyContext {
  /** Bimetallic pairs the model was trained on (card `domain.pairs`). */
  pairs: readonly string[];
  /** An element's own size law (the energy terms file), or undefined when it has none. */
  sizeLaw: (symbol: string) => { nMin?: number } | undefined;
  /** The card's training range of `miedema_mixing` (`domain.features`); without it no row is `pair-far`. */
  mixingRange?: { min: number; max: number };
  /** The environment terms of the terms file: a ligand class or support kind absent from them, or a shell beyond a class's fitted `ligandsPerMetal`, makes a row `environment-new`. */
  environment: Pick<EnergyTermsFile['environment'], 'perLigand' | 'perSupport'>;
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
  // The columns of classes and kinds without a term, and of classes with one, as the anchor reads
  // them (energyAnchor.ts): a class counts only in a shell (ligands per metal > 0), a kind when its
  // one-hot is set.
  const { perLigand, perSupport } = context.environment;
  const ligandColumns = LIGAND_CLASS_COLUMNS.flatMap((c) => {
    const index = featureNames.indexOf(`ligand_frac_${c}`);
    return index < 0 ? [] : [{ index, coefficient: Object.hasOwn(perLigand, c) ? perLigand[c] : undefined }];
  });
  const unfittedSupports = SUPPORT_COLUMNS.filter((s) => s !== 'none' && !Object.hasOwn(perSupport, s)).flatMap((s) => {
    const i = featureNames.indexOf(`support_${s}`);
    return i < 0 ? [] : [i];
  });
  const environmentUnknown = (row: ArrayLike<number>, base: number): boolean => {
    const perMetal = row[base + ligandsPerMetal];
    const shellUnknown =
      perMetal > 0 &&
      ligandColumns.some(({ index, coefficient }) => {
        const fraction = row[base + index];
        return fraction > 0 && (coefficient === undefined || beyondFittedShells(coefficient, perMetal * fraction));
      });
    return shellUnknown || unfittedSupports.some((i) => row[base + i] > 0);
  };
  return (row, r): NoveltyGroup => {
    const base = r * width;
    const host = symbolOfZ(row[base + hostZ]);
    const unary = row[base + isUnary] >= 0.5;
    const dopant = unary ? host : symbolOfZ(row[base + dopantZ]);
    const hostLaw = host && context.sizeLaw(host);
    const dopantLaw = dopant && context.sizeLaw(dopant);
    if (row[base + ligandsPerMetal] > 0 || row[base + noSupport] < 0.5) return environmentUnknown(row, base) ? 'environment-new' : 'environment';
    if (!hostLaw || !dopantLaw) return 'element-new';
    const fittedFrom = Math.max(hostLaw.nMin ?? 0, dopantLaw.nMin ?? 0);
    if (row[base + nMetal] < fittedFrom) return unary ? 'unary-small' : 'pair-small';
    if (unary) return 'unary';
    if (mixing && farBeyond(row[base + mixing.column], mixing.min, mixing.max) > 0) return 'pair-far';
    return pairs.has(pairKey(host, dopant)) ? 'pair-seen' : 'pair-new';
  };
}
