/**
 * The `"novelty"` Mondrian key (models/FORMAT.md): how new a row's chemistry is to the model, so
 * chemistry it never saw is calibrated only against residuals of equally unseen chemistry (grouped
 * CV held those out) and never gets the narrow interval of familiar pairs. Checked in this order:
 *  - `environment-new`: a ligand shell or a support with a class or kind that has no environment
 *    term in the terms file (phosphine, an oxide): its ΔE_env is 0 and the whole term unknown, so it
 *    is calibrated on what leaving the term out cost the published recipes, not on the errors of a
 *    term that was fitted; likewise a shell with more or fewer ligands of a class per metal atom
 *    than its term was fitted on (energyAnchor.ts beyondFittedShells), or on a majority metal none
 *    of its clusters had (onUnfittedMetal: a thiolate shell on Ag, fitted on Au): the linear term is
 *    extrapolated there, and the fitted shells' errors would lend Au4Pd2(PET)16 (2.67 thiolates per
 *    metal atom, fitted on 0.71–0.72) the interval of Au24Pd(PET)18; a support under a cluster far
 *    from the sizes its per-atom term was fitted on (the NC term, on dimers only: a contact scales
 *    with the interface, not with N); and terms no fitted recipe had together (a thiolate shell on
 *    N-doped carbon: energyAnchor.ts neverFittedTogether);
 *  - `environment`: a ligand shell or a support, whose term rests on a handful of published values
 *    (its residuals are theirs, whole E_form errors, and the bare cores' would leave that term's
 *    error out). Either environment key also has a `composition` where its bare core's error is one
 *    those residuals leave out (unmeasuredByEnvironment: a law below its sizes, a far pair, an
 *    element without a law; not a support at the sizes its term was fitted on, the NC dimers, whose
 *    whole error they hold): the environment key and the bare core's own key or composition, so
 *    Au11Gd(SCH3)8 is never bounded where bare Au11Gd is not (conformal.ts ComposedGroup);
 *  - `size-new`: fewer atoms than any calibrated cluster (`smallestSize`, the QCD trimers): the size
 *    law is extrapolated toward the isolated atom, where it does not reach E_form = 0 (Cr's law gives
 *    +1.5 eV/atom at N = 1, Hf's −3.2), and no residual measures how far off it is there;
 *  - `element-new-small`: an element of the row has no size law of its own, and the row has fewer
 *    atoms than the smallest size any law was fitted from (`lawsFrom`): the `element-new` residuals
 *    are the laws refitted without an element at 13–55 atoms, so none measures the cohesive-energy
 *    law extrapolated below those sizes, and Au11Gd must not be bounded where Au11Y (small and far,
 *    `pair-far-small`) is not;
 *  - `element-new`: an element of the row has no size law of its own;
 *  - `pair-far-small`: a bimetallic row both below the laws' sizes and far beyond the fitted mixing
 *    range: two extrapolations at once that no calibration point combines, so neither group's
 *    residuals may stand for it (the small trimers' would lend Pt2Zr, ΔE_mix −1.03 eV/atom against a
 *    fitted −0.145…0.041, a narrower interval than Pt12Zr's `pair-far` one);
 *  - `small-N`: a pure or bimetallic cluster of N atoms below the smallest size a law of its elements
 *    was fitted on (`nMin`), where the size term is extrapolated, the farther the smaller: run_all.py
 *    bins these keys by N (SMALL_SIZE_BINS), so a trimer is not lent the 12-atom clusters' width;
 *  - `unary-El`: a pure cluster of element El with its own size law, at a size the law was fitted on,
 *    written with the element (`unary-Cr`): each element is calibrated by its own residuals, since
 *    residuals pooled over elements were not exchangeable (the early transition metals' laws miss
 *    more: one pooled group covered Cr's clusters 3 times in 7 at 90 %, Au's every time);
 *  - `pair-far`: a bimetallic row whose Miedema mixing input lies far beyond the card's range of it
 *    (farBeyond): the mixing coefficient is extrapolated there, and the fitted pairs' residuals
 *    would lend a Zr–Pt cluster (H_mix −100 kJ/mol) the interval of Au–Ag (−6);
 *  - `pair-seen`: a bimetallic row whose pair is in the card's `domain.pairs`;
 *  - `pair-new`: a bimetallic row of two elements with size laws, as a pair never seen (the fitted
 *    pairs' residuals would lend Ni–Co the interval of Au–Ag).
 * A bimetallic row of two elements with size laws below the sizes the pair residuals were measured at
 * (`pairSizes`: the fitted pairs' 147-atom particles; the Materials Project binaries of `pair-new`
 * and `pair-far` are bulk), keyed `small-N` (not far), `pair-far`, `pair-seen` or `pair-new`, and a
 * bimetallic `element-new` row at any size also have a `composition` (noveltyComposition): the error
 * is the mixing term's plus the size term's, and the pair residuals hold the first only (the 147-atom
 * particles are aligned to the laws per element), the pure clusters' residuals (and the refitted
 * laws' of `element-new`) the second only. conformal.ts ComposedGroup adds the two.
 */
import { LIGAND_CLASS_COLUMNS, SUPPORT_COLUMNS } from '../features/schema';
import { farBeyond } from './domain';
import { beyondFittedShells, beyondFittedSizes, neverFittedTogether, onUnfittedMetal, shellMetals } from './energyAnchor';
import type { EnergyTermsFile } from './energyTerms';
import { pairKey, symbolOfZ } from './rowChemistry';

export type NoveltyGroup =
  | `unary-${string}`
  | `small-${number}`
  | 'size-new'
  | 'pair-far-small'
  | 'pair-far'
  | 'pair-seen'
  | 'pair-new'
  | 'element-new'
  | 'element-new-small'
  | 'environment'
  | 'environment-new';

/**
 * What each key's rule (the module comment) says of a row, for people: a calibration group may
 * serve several keys (run_all.py EFORM_GROUPS: `uncalibrated` both `size-new` and
 * `pair-far-small`), so its name alone does not say which rule placed a recipe there.
 */
const NOVELTY_MEANINGS: Record<Exclude<NoveltyGroup, `small-${number}` | `unary-${string}`>, string> = {
  'environment-new': 'ligand shells or supports without a fitted term, beyond the shells, metals or cluster sizes their term was fitted on, or with terms never fitted together',
  environment: 'ligand shells or supports with fitted terms',
  'size-new': 'clusters of fewer metal atoms than any calibrated cluster',
  'element-new': 'elements without a size law of their own',
  'element-new-small': "clusters with an element without a size law of its own, below the sizes the laws were fitted from",
  'pair-far-small': "clusters below their elements' fitted sizes, of a pair whose mixing input lies far outside the fitted pairs' range",
  'pair-far': "pairs whose mixing input lies far outside the fitted pairs' range",
  'pair-seen': 'pairs the model was fitted on',
  'pair-new': 'pairs of elements with size laws that the model was not fitted on',
};

/** The recipes the novelty key `key` stands for (NOVELTY_MEANINGS), or undefined for a key of another `groupBy`. */
export function noveltyKeyMeaning(key: string): string | undefined {
  const small = /^small-(\d+)$/.exec(key);
  if (small) return `clusters of ${small[1]} metal atoms, below the sizes their elements' laws were fitted on`;
  const unary = /^unary-([A-Z][a-z]?)$/.exec(key);
  if (unary) return `pure ${unary[1]} clusters at sizes its law was fitted on`;
  return Object.hasOwn(NOVELTY_MEANINGS, key) ? NOVELTY_MEANINGS[key as keyof typeof NOVELTY_MEANINGS] : undefined;
}

/** The key of a pure cluster of `element` at a size its own law was fitted on (training: eform_model.unary_key). */
export function unaryKey(element: string): `unary-${string}` {
  return `unary-${element}`;
}

/**
 * Whether the environment residuals leave out the error of a bare core keyed `key`: they are the whole
 * E_form errors of the published recipes (Au24Pd, Au24Cd and Au24Hg under thiolates, 25 atoms; three
 * metal dimers on N-doped carbon), so they hold a law's error at the sizes it was fitted on and a near
 * pair's mixing error, but no law taken below its sizes (`small-N`, and the `uncalibrated` keys), no
 * mixing term far beyond the fitted pairs (`pair-far`), and of the fallback law (`element-new`: the
 * refitted laws miss by 1.04 eV/atom at 90 %) one recipe, Au24Hg, which cannot stand for it.
 */
function unmeasuredByEnvironment(key: NoveltyGroup): boolean {
  return key.startsWith('small-') || key === 'size-new' || key === 'element-new-small' || key === 'pair-far-small' || key === 'pair-far' || key === 'element-new';
}

export interface NoveltyContext {
  /** Bimetallic pairs the model was trained on (card `domain.pairs`). */
  pairs: readonly string[];
  /** An element's own size law (the energy terms file), or undefined when it has none. */
  sizeLaw: (symbol: string) => { nMin?: number } | undefined;
  /** The smallest N of any training cluster (card `domain.nMetal`): a row below it is `size-new`; without it none is. */
  smallestSize?: number;
  /** The smallest `nMin` of any own size law: an element without a law below it is `element-new-small`; without it none is. */
  lawsFrom?: number;
  /** The smallest bare bimetallic training size (card `domain.bimetallicSizes.bare.min`): a bimetallic row below it has a `composition`; without it none has. */
  pairSizes?: number;
  /** The card's training range of `miedema_mixing` (`domain.features`); without it no row is `pair-far`. */
  mixingRange?: { min: number; max: number };
  /** The environment terms of the terms file: a ligand class or support kind absent from them, a shell beyond a class's fitted `ligandsPerMetal` or on a metal not among its `hosts`, a support under a cluster beyond its fitted `nMetal`, or terms never `fittedTogether`, makes a row `environment-new`. */
  environment: Pick<EnergyTermsFile['environment'], 'perLigand' | 'perSupport' | 'fittedTogether'>;
}

/**
 * The parts of a row's error (module comment). A bare bimetallic row: the mixing term's key and each
 * element's size-law key. A row with a shell or support whose bare core's error the environment
 * residuals do not measure: `environment` (the row's key) and the bare core's own parts, `mixing`
 * its key or its mixing key, `size` its size keys where it has a composition (else none).
 */
export interface Composition {
  environment?: NoveltyGroup;
  mixing: NoveltyGroup;
  size: NoveltyGroup[];
}

/** A row's novelty key, and the composition of its error where it has one (undefined: the key's residuals hold all of it). */
export interface Novelty {
  key: NoveltyGroup;
  composition?: Composition;
}

/** Each row's key and the composition of its error (module comment), found together: the calibration asks for both per prediction. */
export function noveltyOf(featureNames: readonly string[], context: NoveltyContext): (row: ArrayLike<number>, rowOffset: number) => Novelty {
  const width = featureNames.length;
  const column = (name: string): number => {
    const i = featureNames.indexOf(name);
    if (i < 0) throw new Error(`groupBy "novelty" needs feature "${name}", which the model does not use`);
    return i;
  };
  const hostZ = column('host_z');
  const dopantZ = column('dopant_z');
  const counts = { hostZ, dopantZ, nHost: column('n_host'), nDopant: column('n_dopant') };
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
    return index < 0 ? [] : [{ index, term: `ligand:${c}`, coefficient: Object.hasOwn(perLigand, c) ? perLigand[c] : undefined }];
  });
  const supportColumns = SUPPORT_COLUMNS.filter((s) => s !== 'none').flatMap((s) => {
    const index = featureNames.indexOf(`support_${s}`);
    return index < 0 ? [] : [{ index, term: `support:${s}`, coefficient: Object.hasOwn(perSupport, s) ? perSupport[s] : undefined }];
  });
  const environmentUnknown = (row: ArrayLike<number>, base: number): boolean => {
    const perMetal = row[base + ligandsPerMetal];
    const applied: string[] = [];
    for (const { index, term, coefficient } of ligandColumns) {
      const fraction = row[base + index];
      if (!(perMetal > 0 && fraction > 0)) continue;
      if (coefficient === undefined || beyondFittedShells(coefficient, perMetal * fraction) || onUnfittedMetal(coefficient, shellMetals(row, base, counts))) return true;
      applied.push(term);
    }
    for (const { index, term, coefficient } of supportColumns) {
      if (!(row[base + index] > 0)) continue;
      if (coefficient === undefined || beyondFittedSizes(coefficient, row[base + nMetal])) return true;
      applied.push(term);
    }
    return neverFittedTogether(context.environment.fittedTogether, applied);
  };
  // Whether a support's term was fitted at this cluster's size: the NC term's published recipes are
  // dimers, whose whole error (the size law taken to N = 2 with it) its residuals hold.
  const supportAtFittedSize = (row: ArrayLike<number>, base: number): boolean =>
    supportColumns.some(({ index, coefficient }) => row[base + index] > 0 && coefficient?.nMetal !== undefined && !beyondFittedSizes(coefficient, row[base + nMetal]));
  return (row, r): Novelty => {
    const base = r * width;
    if (row[base + ligandsPerMetal] > 0 || row[base + noSupport] < 0.5) {
      const key: NoveltyGroup = environmentUnknown(row, base) ? 'environment-new' : 'environment';
      const core = bare(row, base);
      if (supportAtFittedSize(row, base) || !unmeasuredByEnvironment(core.key)) return { key };
      return { key, composition: { environment: key, mixing: core.composition?.mixing ?? core.key, size: core.composition?.size ?? [] } };
    }
    return bare(row, base);
  };

  /** The novelty of the row's bare core: the row's, read without its shell or support. */
  function bare(row: ArrayLike<number>, base: number): Novelty {
    const host = symbolOfZ(row[base + hostZ]);
    const unary = row[base + isUnary] >= 0.5;
    const dopant = unary ? host : symbolOfZ(row[base + dopantZ]);
    const hostLaw = host ? context.sizeLaw(host) : undefined;
    const dopantLaw = dopant ? context.sizeLaw(dopant) : undefined;
    const n = row[base + nMetal];
    if (n < (context.smallestSize ?? 0)) return { key: 'size-new' };
    if (!host || !dopant) return { key: 'element-new' };
    const far = !unary && mixing !== undefined && farBeyond(row[base + mixing.column], mixing.min, mixing.max) > 0;
    const pair: NoveltyGroup = far ? 'pair-far' : pairs.has(pairKey(host, dopant)) ? 'pair-seen' : 'pair-new';
    if (!hostLaw || !dopantLaw) {
      if (n < (context.lawsFrom ?? 0)) return { key: 'element-new-small' };
      return unary ? { key: 'element-new' } : composed('element-new', pair, n, [host, hostLaw], [dopant, dopantLaw]);
    }
    const small = n < (hostLaw.nMin ?? 0) || n < (dopantLaw.nMin ?? 0);
    if (far && small) return { key: 'pair-far-small' };
    if (unary) return { key: small ? `small-${n}` : unaryKey(host) };
    return composed(small ? `small-${n}` : pair, pair, n, [host, hostLaw], [dopant, dopantLaw]);
  }

  /**
   * A bimetallic row's novelty with the composition of its error. Each element's size part: a law's
   * own residuals at N (small-N below the law's sizes), the refitted laws' (element-new) for an
   * element without one; a law's error at the pair residuals' sizes and above is in those residuals
   * (module comment), so such a part is left out there, and a row with no part has none.
   */
  function composed(key: NoveltyGroup, mixing: NoveltyGroup, n: number, ...elements: [string, { nMin?: number } | undefined][]): Novelty {
    const belowPairs = n < (context.pairSizes ?? 0);
    const size: NoveltyGroup[] = [];
    for (const [element, law] of elements) {
      if (!law) size.push('element-new');
      else if (belowPairs) size.push(n < (law.nMin ?? 0) ? `small-${n}` : unaryKey(element));
    }
    return size.length > 0 ? { key, composition: { mixing, size } } : { key };
  }
}
