"""E_form v2 as a physics-anchored sum, its calibration residuals and its held-out evaluation.

    E_form = size term (size_law: each element's law at N, weighted by composition)
           + ΔE_mix (mixing.py: the shipped ONNX model)
           + ΔE_env (environment.py; 0 for every bare-core training row)

The CV+ residuals are of the TOTAL, each measured the way the runtime meets that kind of recipe
(the runtime's Mondrian key, noveltyGroup.ts "novelty"), checked in this order:
  environment-new
               a ligand shell or a support of a class or kind without a fitted term (phosphine, oxide, …):
               ΔE_env is 0 there, so its residuals are what leaving the whole term out costs, each published
               recipe's |published − (size + mixing)| (run_all.environment_calibration); and a shell whose
               ligands of a class per metal atom lie far beyond those its term was fitted on (far_beyond):
               the linear term is extrapolated there, its value as unknown as a missing one's, as on a majority
               metal none of its clusters had (its `hosts`);
  environment  a ligand shell or a support: the published recipes' leave-one-out errors of the
               environment fit (environment.py), the only end-to-end residuals of such clusters. Either
               environment key is composed with its bare core's key or composition (composition()) where
               that core's error is one those residuals leave out (UNMEASURED_BY_ENVIRONMENT);
  element-new-small
               an element without its own law, below the smallest size any law was fitted from: the element-new
               residuals measure the fallback at 13–55 atoms only, so nothing measures it extrapolated below
               them, and Au11Gd must not be bounded where Au11Y (pair-far-small) is not: uncalibrated (unbounded);
  element-new  an element without its own law: every law refitted without the element (fallback);
  size-new     fewer atoms than any training cluster (the QCD trimers): the law is extrapolated toward the
               isolated atom, where it misses E_form = 0 by up to 3 eV/atom; no residual measures it, so the
               group has no points and its interval is unbounded;
  pair-far-small
               a bimetallic cluster below the laws' sizes whose mixing input lies far beyond the fitted range
               (far_beyond): two extrapolations that no calibration point combines, calibrated by none (unbounded);
  small-N      a pure or bimetallic cluster of N atoms below 13: the law never saw those sizes, and its error
               grows as N falls; no bimetallic DFT rows that small exist, so the pure clusters' residuals at N
               serve both, binned by N in run_all.SMALL_SIZE_BINS;
  unary-El     a pure cluster (N ≥ 13) of element El with its own law: its size left out of the fit. One group per
               element (unary_key): the residuals of one pooled group were not exchangeable across elements (the
               early transition metals' laws miss more than the late ones'), so a pooled interval undercovered Cr
               and Nb and overcovered Ag and Au; run_all.unary_key_study compares the groupings on development rows;
  pair-far     a bimetallic cluster whose Miedema mixing input lies far beyond the fitted pairs' range
               (far_beyond, the engine's farBeyond): c_M is extrapolated there, and the CANELa pairs'
               residuals (small, over the fitted pairs' narrow span of H_mix: docs/models.md) would lend their narrow
               interval to a pair such as Zr–Pt (−100 kJ/mol); its residuals are the same mixing
               term's errors against the Materials Project binaries that far out (mp_pair_calibration);
  pair-seen    a bimetallic particle of a fitted pair: its pair left out of the mixing fit (leave-pair-out);
  pair-new     a bimetallic particle of a pair never fitted, not far out: the CANELa pairs' residuals span
               one family of late transition and noble metals and would lend Ni–Co or Mo–W the interval of
               Ag–Au; its residuals are the mixing term's errors against the Materials Project binaries of
               unfitted pairs that near (mp_pair_calibration).
A bimetallic row (small-N not far, pair-far, pair-seen, pair-new) below the smallest bare bimetallic training
size (147, CANELa), and a bimetallic element-new row at any size, also has a composition (composition()): its
error is the mixing term's, which the pair residuals hold (CANELa is aligned to the laws per element; the
Materials Project binaries are bulk, where the size term cancels), plus the size term's, which the pure
clusters' residuals (element-new: the refitted laws') hold. conformal.py composed_interval adds the two
(union bound), as the runtime's ComposedGroup does.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupKFold

from environment import term_name
from mixing import mixing_model
from size_law import MIN_SIZE, SizeLaws, evaluate, fit_element, fit_size_laws

K_FOLDS = 5
TEST_FRACTION = 0.2
TEST_SEED = 2026


#: engine/src/inference/domain.ts FAR_FRACTION and RANGE_SLACK: the one rule for "far outside a fitted range".
FAR_FRACTION = 0.1
RANGE_SLACK = 1e-6


def far_beyond(value: float, lo: float, hi: float) -> bool:
    """Whether `value` lies outside [lo, hi] by more than FAR_FRACTION of its width (farBeyond in the engine)."""
    margin = FAR_FRACTION * (hi - lo) if hi > lo else RANGE_SLACK * max(1.0, abs(lo), abs(hi))
    return max(value - hi, lo - value) > margin


def small_key(n: float) -> str:
    """The key of a cluster of n atoms below the laws' sizes, as the runtime writes it (`small-${n}`)."""
    return f"small-{int(n)}"


def unary_key(element: str) -> str:
    """The key of a pure cluster of `element` at a size its own law was fitted on, as the runtime writes it (`unary-${element}`)."""
    return f"unary-{element}"


def novelty(row: pd.Series, laws: SizeLaws, pairs_seen: set[str], mixing_range: tuple[float, float],
            environment: dict, smallest_size: float) -> str:
    """The row's key (module doc); `environment` holds the fitted terms, `perLigand` and `perSupport`;
    `smallest_size` is the smallest N of any training cluster (the card's domain.nMetal.min)."""
    host = row["host"]
    dopant = row["spec"]["dopant"]["element"] if row["spec"]["dopant"]["count"] > 0 else host
    if has_environment(row):
        return environment_key(row, environment)
    if row["n_metal"] < smallest_size:
        return "size-new"
    if not (laws.has_own(host) and laws.has_own(dopant)):
        return "element-new-small" if row["n_metal"] < laws.smallest_start() else "element-new"
    far = host != dopant and far_beyond(float(row["miedema_mixing"]), *mixing_range)
    if row["n_metal"] < laws.fitted_from(host, dopant):
        return "pair-far-small" if far else small_key(row["n_metal"])
    if host == dopant:
        return unary_key(host)
    if far:
        return "pair-far"
    return "pair-seen" if row["pair"] in pairs_seen else "pair-new"


#: The bare-core keys whose error the environment residuals leave out (noveltyGroup.ts unmeasuredByEnvironment): they
#: are the whole errors of the published recipes (25-atom thiolate clusters of Au with Pd, Cd, Hg; metal dimers on
#: N-doped carbon), which hold no law taken below its sizes, no mixing term far out, and one fallback law (Au24Hg).
UNMEASURED_BY_ENVIRONMENT = ("size-new", "element-new-small", "pair-far-small", "pair-far", "element-new")


def composition(row: pd.Series, laws: SizeLaws, pairs_seen: set[str], mixing_range: tuple[float, float],
                environment: dict, smallest_size: float, pair_sizes: float) -> tuple[str, list[str], str | None] | None:
    """The mixing key, each element's size key and None (module doc), or None for a row whose key's residuals hold
    all of its error (noveltyGroup.ts noveltyOf). `pair_sizes`: the smallest bare bimetallic training size; at it and
    above, a law's error is in the pair residuals, so its part is left out. A shell or support whose bare core's error
    the environment residuals leave out (UNMEASURED_BY_ENVIRONMENT; not a support at the sizes its term was fitted on,
    whose recipes' whole error they hold): the bare core's key, or its mixing and size keys, and the row's key."""
    if has_environment(row):
        key = environment_key(row, environment)
        bare = row.copy()
        bare["ligands_per_metal"], bare["support_none"] = 0.0, 1.0
        core = novelty(bare, laws, pairs_seen, mixing_range, environment, smallest_size)
        if support_at_fitted_size(row, environment) or not (core.startswith("small-") or core in UNMEASURED_BY_ENVIRONMENT):
            return None
        parts = composition(bare, laws, pairs_seen, mixing_range, environment, smallest_size, pair_sizes)
        return (parts[0], parts[1], key) if parts else (core, [], key)
    key = novelty(row, laws, pairs_seen, mixing_range, environment, smallest_size)
    host = row["host"]
    dopant = row["spec"]["dopant"]["element"] if row["spec"]["dopant"]["count"] > 0 else host
    if host == dopant or not (key.startswith("small-") or key in ("element-new", "pair-far", "pair-seen", "pair-new")):
        return None
    n = row["n_metal"]
    far = far_beyond(float(row["miedema_mixing"]), *mixing_range)
    mixing = "pair-far" if far else ("pair-seen" if row["pair"] in pairs_seen else "pair-new")

    def size_part(element: str) -> list[str]:
        if not laws.has_own(element):
            return ["element-new"]
        if not n < pair_sizes:
            return []
        return [small_key(n) if n < laws.fitted_from(element) else unary_key(element)]

    size = size_part(host) + size_part(dopant)
    return (mixing, size, None) if size else None


def support_at_fitted_size(row: pd.Series, environment: dict) -> bool:
    """A support whose term was fitted at this cluster's size (noveltyGroup.ts supportAtFittedSize): the N-doped
    carbon term's recipes are dimers, whose whole error (the size law taken to N = 2 with it) its residuals hold."""
    for column in row.index:
        if column.startswith("support_") and column != "support_none" and row[column] > 0:
            sizes = (environment["perSupport"].get(column.removeprefix("support_")) or {}).get("nMetal")
            if sizes and not far_beyond(row["n_metal"], sizes["min"], sizes["max"]):
                return True
    return False


def has_environment(row: pd.Series) -> bool:
    """A ligand shell or a support (the features the environment term reads)."""
    return row["ligands_per_metal"] > 0 or row["support_none"] < 0.5


def shell_metals(row: pd.Series) -> list[str]:
    """The metals a ligand shell binds: the majority metal, whichever is written as the host, both at equal counts
    (energyAnchor.ts shellMetals)."""
    host, dopant = row["spec"]["host"], row["spec"]["dopant"]
    if dopant["count"] == 0 or dopant.get("element") in (None, host["element"]) or host["count"] > dopant["count"]:
        return [host["element"]]
    return [dopant["element"]] if dopant["count"] > host["count"] else [host["element"], dopant["element"]]


def environment_key(row: pd.Series, environment: dict) -> str:
    """`environment-new` where a part of ΔE_env is unknown: a ligand class of the shell or a support kind without a
    fitted term, a class whose ligands per metal atom (ligands_per_metal · its share) lie far beyond the shells
    its term was fitted on or on a majority metal none of them had, a support under a cluster far from the sizes its term was fitted on, or terms that no
    fitted recipe had together (`fittedTogether`); else `environment`. Reads the columns the runtime reads
    (noveltyGroup.ts)."""
    per_metal = row["ligands_per_metal"]
    applied = set()
    for column in row.index:
        if per_metal > 0 and column.startswith("ligand_frac_") and row[column] > 0:
            term = environment["perLigand"].get(column.removeprefix("ligand_frac_"))
            fitted = term and term.get("ligandsPerMetal")
            if term is None or (fitted and far_beyond(per_metal * row[column], fitted["min"], fitted["max"])):
                return "environment-new"
            if term.get("hosts") is not None and not set(shell_metals(row)) <= set(term["hosts"]):
                return "environment-new"
            applied.add(term_name(column))
        if column.startswith("support_") and column != "support_none" and row[column] > 0:
            term = environment["perSupport"].get(column.removeprefix("support_"))
            sizes = term and term.get("nMetal")
            if term is None or (sizes and far_beyond(row["n_metal"], sizes["min"], sizes["max"])):
                return "environment-new"
            applied.add(term_name(column))
    together = environment.get("fittedTogether")
    if together is not None and not any(applied <= set(fitted) for fitted in together):
        return "environment-new"
    return "environment"


def size_term(rows: pd.DataFrame, laws: SizeLaws) -> np.ndarray:
    out = np.empty(len(rows))
    for i, (spec, n_host, n_dopant) in enumerate(zip(rows["spec"], rows["n_host"], rows["n_dopant"])):
        dopant = spec["dopant"]["element"] if n_dopant > 0 else spec["host"]["element"]
        out[i] = laws.endpoints(spec["host"]["element"], dopant, n_host, n_dopant)
    return out


def test_split(eform: pd.DataFrame) -> np.ndarray:
    """The untouched test rows, drawn once before any model is chosen: every row of a fifth of the
    elements with a size law that are in no bimetallic pair (the five CANELa metals are needed for
    the pairs), a fifth of the other elements' cluster sizes, and a fifth of the bimetallic pairs
    (at least two). Bulk rows stay in development: they pin the laws."""
    rng = np.random.default_rng(TEST_SEED)
    unary = eform[eform["element"].notna()]
    pairs = sorted(set(eform.loc[eform["element"].isna(), "pair"]))
    paired = {el for p in pairs for el in p.split("-")}
    law_elements = sorted((set(unary.loc[unary["dataset"] == "bulk", "element"])
                           & set(unary.loc[unary["dataset"] == "qcd", "element"])) - paired)
    held_elements = set(rng.choice(law_elements, size=max(1, round(TEST_FRACTION * len(law_elements))), replace=False))
    held_pairs = set(rng.choice(pairs, size=max(2, round(TEST_FRACTION * len(pairs))), replace=False))
    is_test = np.zeros(len(eform), dtype=bool)
    for i, (dataset, element, pair, spec) in enumerate(zip(eform["dataset"], eform["element"], eform["pair"], eform["spec"])):
        if dataset == "bulk":
            continue
        dopant = spec["dopant"]["element"] if spec["dopant"]["count"] > 0 else spec["host"]["element"]
        if {spec["host"]["element"], dopant} & held_elements or pair in held_pairs:
            is_test[i] = True
        elif dataset == "qcd" and rng.random() < TEST_FRACTION:
            is_test[i] = True
    return is_test


class EFormFit:
    """Size laws + K mixing fold models (+ their median), fitted on the rows given."""

    def __init__(self, rows: pd.DataFrame, names: list[str], c_ordering: float) -> None:
        self.names = names
        self.laws = fit_size_laws(rows)
        bimetallic = rows[rows["element"].isna() & rows["excess"].notna()]
        X = bimetallic[names].to_numpy(float)
        y = bimetallic["excess"].to_numpy(float)
        self.pairs_seen = set(bimetallic["pair"])
        # The fitted pairs' H_mix (kJ/mol), which the report quotes beside their residuals.
        self.fitted_h_mix = (float(bimetallic["h_mix"].min()), float(bimetallic["h_mix"].max()))
        # The card's domain range of the same column over the same rows (run_all.eform_domain).
        self.mixing_range = (float(rows["miedema_mixing"].min()), float(rows["miedema_mixing"].max()))
        # The card's domain.nMetal.min over the same rows (run_all.eform_domain): the runtime's `smallestSize`.
        self.smallest_size = float(rows["n_metal"].min())
        # The card's domain.bimetallicSizes.bare.min (run_all.bimetallic_sizes): the runtime's `pairSizes`.
        self.pair_sizes = float(bimetallic["n_metal"].min()) if len(bimetallic) else 0.0
        splits = GroupKFold(n_splits=min(K_FOLDS, len(self.pairs_seen))).split(X, groups=bimetallic["pair"])
        self.fold_of_pair: dict[str, int] = {}
        self.folds = []
        for k, (tr, te) in enumerate(splits):
            self.folds.append(mixing_model(names, c_ordering).fit(X[tr], y[tr]))
            for pair in bimetallic["pair"].iloc[te]:
                self.fold_of_pair[pair] = k
        while len(self.folds) < K_FOLDS:  # fewer pairs than folds (smoke runs): repeat the all-data model
            self.folds.append(mixing_model(names, c_ordering).fit(X, y))
        self.c_ordering = c_ordering

    def mixing_folds(self, rows: pd.DataFrame) -> np.ndarray:
        X = rows[self.names].to_numpy(float)
        return np.column_stack([m.predict(X) for m in self.folds])

    def mixing_term(self, rows: pd.DataFrame) -> np.ndarray:
        """ΔE_mix of each row: the median of the fold mixing models."""
        return np.median(self.mixing_folds(rows), axis=1)

    def predict(self, rows: pd.DataFrame) -> np.ndarray:
        """Point E_form of bare cores: size term + mixing term."""
        return size_term(rows, self.laws) + self.mixing_term(rows)


def calibration(rows: pd.DataFrame, fit: EFormFit, environment: dict) -> pd.DataFrame:
    """Held-out |residual| of the total, CV+ fold and Mondrian key of every calibration point
    (module doc; `environment` as for novelty). Bulk rows pin the laws and calibrate nothing; the clusters of
    every element with its own law are also scored once more as if the element were new, the element-new group."""
    points: list[dict] = []
    target = rows["target"].to_numpy(float)
    sizes = rows["n_metal"].to_numpy(float)
    for i, (_, r) in enumerate(rows.iterrows()):
        if r["dataset"] == "bulk":
            continue
        key = novelty(r, fit.laws, fit.pairs_seen, fit.mixing_range, environment, fit.smallest_size)
        fold = i % K_FOLDS
        if key.startswith("unary-") or (key.startswith("small-") and pd.notna(r["element"])):
            same = rows[(rows["element"] == r["host"]) & (rows["dataset"] == "qcd") & (rows["n_metal"] >= MIN_SIZE)
                        & (rows["n_metal"] != sizes[i])]
            law = dict(fit.laws.elements[r["host"]])
            law["a"], law["b"] = fit_element(same["n_metal"].to_numpy(float), same["target"].to_numpy(float), law["eBulk"])
            predicted = float(evaluate(law, sizes[i]))
        elif key in ("pair-seen", "pair-new"):
            fold = fit.fold_of_pair[r["pair"]]
            predicted = size_term(rows.iloc[[i]], fit.laws)[0] + fit.folds[fold].predict(rows.iloc[[i]][fit.names].to_numpy(float))[0]
        else:
            predicted = float(fit.predict(rows.iloc[[i]])[0])
        points.append({"key": key, "residual": abs(target[i] - predicted), "fold": fold, "element": r["host"], "n": sizes[i],
                       "source": r["dataset"]})
    for el in fit.laws.elements:
        without = fit_size_laws(rows, exclude={el})
        for i in np.flatnonzero((rows["element"] == el).to_numpy() & (rows["dataset"] == "qcd").to_numpy() & (sizes >= MIN_SIZE)):
            points.append({"key": "element-new", "residual": abs(target[i] - float(evaluate(without.law(el), sizes[i]))),
                           "fold": i % K_FOLDS, "source": rows["dataset"].iloc[i]})
    return pd.DataFrame(points)


def mp_pair_calibration(mp: pd.DataFrame, fit: EFormFit) -> pd.DataFrame:
    """The pair-far and pair-new groups' calibration points: for every Materials Project binary whose Miedema
    mixing input lies as far beyond the fitted pairs' range as a pair-far recipe's (pair-far), or of a pair the
    mixing term was not fitted on and not that far out (pair-new), |E_f − ΔE_mix| of the fold model of its fold
    (folds grouped by pair, within each key). E_f is relative to the elemental bulks, so the size term cancels;
    c_M never saw these rows. Ordered compounds are not a cluster's alloy, but they are the only energies of
    these pairs here, and their errors are what the mixing term is known to miss on pairs it was not fitted on.
    Binaries of the fitted pairs within the range calibrate nothing: the CANELa residuals serve those."""
    mixing = mp["miedema_mixing"].to_numpy(float)
    far = np.array([far_beyond(v, *fit.mixing_range) for v in mixing])
    unfitted = ~mp["pair"].isin(fit.pairs_seen).to_numpy()
    # Every fold model's prediction of every point: the point's own fold gives its residual, and
    # run_all.mp_pair_study needs all of them to build the product's CV+ interval of a held-out point.
    fold_preds = fit.mixing_folds(mp)
    target = mp["target"].to_numpy(float)
    parts = []
    for key, mask in (("pair-far", far), ("pair-new", ~far & unfitted)):
        rows = mp[mask]
        if rows.empty:
            continue
        folds = np.zeros(len(rows), int)
        splits = GroupKFold(n_splits=min(K_FOLDS, rows["pair"].nunique())).split(rows, groups=rows["pair"])
        for k, (_, te) in enumerate(splits):
            folds[te] = k
        preds = fold_preds[mask]
        parts.append(pd.DataFrame({"key": key, "source": "mp", "residual": np.abs(target[mask] - preds[np.arange(len(rows)), folds]),
                                   "fold": folds, "pair": rows["pair"].to_numpy(), "target": target[mask],
                                   "fold_preds": list(preds)}))
    if not parts:
        return pd.DataFrame(columns=["key", "source", "residual", "fold", "pair", "target", "fold_preds"])
    return pd.concat(parts, ignore_index=True)
