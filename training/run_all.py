"""Rebuild every model and report from ../shared/data in one command.

  /usr/bin/python3 training/run_all.py            full run: models/ and docs/models.md
  /usr/bin/python3 training/run_all.py --smoke --out DIR
                                                  reduced run (fewer elements and rows) into DIR
Prints its wall time and the goals of the science core, each measured in this run, and warns on stderr when the
installed packages are not the versions requirements.txt pins (last_run.json records the versions used).
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from artifacts import LEVELS, conformal_file, feature_ranges, write_model  # noqa: E402
from build_data import BULK_N_METAL, build_all  # noqa: E402
from common import REPO_ROOT, ProvenanceLog, cache_dir, range_text  # noqa: E402
from conformal import calibration_groups, composed_interval, cv_plus_interval, mondrian_interval, residual_quantile  # noqa: E402
from environment import fit_environment, published_recipes  # noqa: E402
from eform_model import K_FOLDS, EFormFit, calibration, composition, mp_pair_calibration, novelty, size_term, small_key, test_split, unary_key  # noqa: E402
from featurize import feature_definitions, featurize  # noqa: E402
from label_check import label_leaks  # noqa: E402
from lpnc_eval import lpnc_recipes  # noqa: E402
from mixing import (MIXING_TERMS, bulk_mixing_study, cluster_mixing_study, lpnc_ordering_study,  # noqa: E402
                    ordering_coefficient, weak_table_pairs)
from references import element_table  # noqa: E402
from report import coverage_table, metrics_table, site_table, size_baseline_lines, write_report  # noqa: E402
from site_model import (COVERAGE, PHYSICS_TERMS, SITE_FLOORS, SITE_GROUP_BY, SITE_GROUPS, calibration_points,  # noqa: E402
                        self_probes, site_study, site_terms_file, trend_probes)
from size_law import MIN_SIZE, evaluate, fit_size_laws  # noqa: E402
from versions import mismatches, stack  # noqa: E402

# Clusters below the laws' 13 atoms, binned by N for their calibration (keys small-N): the size law's error
# there grows as N falls (median |residual| 0.33 eV/atom at N = 3, 0.04 at N = 12), and one group for N = 3–12
# covered the trimers 13 times in 27 at 90 %. These bins were chosen from a study whose calibration points
# included the test split's rows (docs/models.md says so); small_size_study now measures them on development
# rows only: each bin's coverage with each element held out, and that of every size in it.
SMALL_SIZE_BINS = [(3, 3), (4, 4), (5, 5), (6, 8), (9, 12)]
# Raw novelty keys (eform_model.novelty) → the calibration group whose residuals serve them. A pure cluster of
# an element with its own law is calibrated by that element's own residuals (`unary-El`, one group per element:
# eform_groups; unary_key_study compares this with pooled and family groupings on development rows). A fitted
# pair is calibrated by the leave-pair-out residuals of the fitted pairs, a new or far pair by the mixing
# term's errors on Materials Project binaries of such pairs; a bimetallic cluster below the laws' sizes by
# the pure clusters' of its size bin (no bimetallic DFT rows that small exist). `uncalibrated` has no points:
# what no calibration point resembles gets an unbounded interval (models/FORMAT.md). A bimetallic row below the
# pair residuals' 147 atoms, or with an element without a law, composes its pair's group with its elements' size
# groups (eform_model.composition, conformal.composed_interval).
STATIC_GROUPS = {**{(f"small-{lo}" if lo == hi else f"small-{lo}-{hi}"): [small_key(n) for n in range(lo, hi + 1)]
                    for lo, hi in SMALL_SIZE_BINS},
                 "element-new": ["element-new"], "pair": ["pair-seen"], "pair-new": ["pair-new"], "pair-far": ["pair-far"],
                 "environment": ["environment"], "environment-new": ["environment-new"],
                 "uncalibrated": ["size-new", "element-new-small", "pair-far-small"]}
_STATIC_GROUP_OF = {k: g for g, ks in STATIC_GROUPS.items() for k in ks}
# Groups whose interval is never narrower than other groups' (the conformal file's `atLeast`; conformal.Group). A
# pair far beyond the fitted mixing range is newer to the mixing term than a merely unfitted pair, but the
# Materials Project binaries that far out have a lighter tail than those near it (mp_pair_study `quantiles`: at
# 97.5 %, the level a composed interval takes the pair at for 95 %, 0.57 against 0.87 eV/atom), so `pair-far`
# alone gave a farther pair the narrower interval. Its interval is the hull of its own and `pair-new`'s: it still
# covers what its own does, and no farther pair is calibrated narrower than a nearer one.
EFORM_FLOORS = {"pair-far": ["pair-new"]}
# Groupings of the pure clusters' residuals compared on development rows (unary_key_study), by the element's
# periodic-table group (its d-band filling); the shipped one is per element.
UNARY_SCHEMES = {"one pooled group (before)": lambda el, column: "all",
                 "early (groups 3–7) / late (8–12)": lambda el, column: "early" if column <= 7 else "late",
                 "groups 3–8 / 9–12": lambda el, column: "a" if column <= 8 else "b",
                 "groups 3–4 / 5–8 / 9–12": lambda el, column: "a" if column <= 4 else ("b" if column <= 8 else "c"),
                 "per element (shipped)": lambda el, column: el}


def eform_groups(elements) -> dict[str, list[str]]:
    """The conformal file's groups: one `unary-El` per element with its own law, then STATIC_GROUPS."""
    return {**{unary_key(el): [unary_key(el)] for el in sorted(elements)}, **STATIC_GROUPS}


def eform_group(key: str) -> str:
    """The calibration group that serves raw novelty key `key` (eform_groups)."""
    return key if key.startswith("unary-") else _STATIC_GROUP_OF[key]


def pooled_unary_group(key: str) -> str:
    """eform_group with every `unary-El` pooled into one `unary` group: the grouping shipped before."""
    return "unary" if key.startswith("unary-") else eform_group(key)


SIZE_BANDS = [(3, 12), (13, 20), (21, 35), (36, 55), (56, 200), (201, 10 ** 9)]
EFORM_TARGET = {"definition": "E_form in the first paper's sense (eq. 1): binding energy per metal atom relative to the "
                              "isolated atoms, (E_total − Σ N_i E_atom,i − E_env) / Σ N_i; negative = bound. Sum of a "
                              "size term, a mixing term and an environment term (eform-v2.terms.json).",
                "unit": "eV/atom"}
SITE_TARGET = {"definition": "Dopant site preference ΔE = E(dopant in the core) − E(dopant at the surface) = −E_seg; "
                             "negative = the dopant prefers the core (second paper's ΔE_tot sign).", "unit": "eV"}
REFERENCE = ("Every E_form label is a binding energy relative to the PBE isolated atoms, reached through the KIT TM13 "
             "clusters: E_atom = E_QCD(el13)/13 − eb_TM13(el). Bulk limits are OQMD PBE bulk energies on that same "
             "reference; CANELa particles are aligned per element to it, and their mixing energies are taken within "
             "CANELa. Elements without a PBE atom on this scale have no label.")


def band_of(n: float) -> str:
    lo, hi = next((lo, hi) for lo, hi in SIZE_BANDS if lo <= n <= hi)
    return f"{lo}–{hi}" if hi < 10 ** 9 else f"≥ {lo}"


def intervals(fit: EFormFit, cal: pd.DataFrame, rows: pd.DataFrame, alpha: float,
              environment: dict, group_of=eform_group) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Mondrian CV+ intervals of bare-core rows, resolved by their novelty key as the runtime does
    (`group_of`: raw key → calibration group, the shipped eform_group unless a study compares another)."""
    folds = size_term(rows, fit.laws)[:, None] + fit.mixing_folds(rows)
    keys = [novelty(r, fit.laws, fit.pairs_seen, fit.mixing_range, environment, fit.smallest_size) for _, r in rows.iterrows()]
    residuals, fold, groups = cal["residual"].to_numpy(), cal["fold"].to_numpy(), np.array([group_of(k) for k in cal["key"]])
    lower, upper = mondrian_interval(folds, [group_of(k) for k in keys], residuals, fold, list(groups), alpha, EFORM_FLOORS)
    by_name = calibration_groups(residuals, fold, list(groups), EFORM_FLOORS)
    for i, (_, r) in enumerate(rows.iterrows()):
        parts = composition(r, fit.laws, fit.pairs_seen, fit.mixing_range, environment, fit.smallest_size, fit.pair_sizes)
        if parts is not None:  # bare cores only here: no environment part
            lower[i], upper[i] = composed_interval(folds[i], by_name[group_of(parts[0])],
                                                   [by_name[group_of(k)] for k in parts[1]], alpha)
    return lower, upper, keys


def eform_test_evaluation(eform: pd.DataFrame, is_test: np.ndarray, names: list[str], c_ordering: float, mp: pd.DataFrame,
                          environment: dict) -> tuple[dict, pd.DataFrame]:
    """Fit and calibrate on the development rows only, score the test rows by slice. The test
    pairs' Materials Project binaries calibrate nothing here: those pairs are new to the development fit,
    and their own energies must not calibrate their test rows. `environment`: the shipped environment terms
    (the published recipes are no rows of either split). Returns the scores and the development calibration
    points, on which the design studies (small_size_study, unary_key_study) run."""
    dev, test = eform[~is_test].reset_index(drop=True), eform[is_test].reset_index(drop=True)
    fit = EFormFit(dev, names, c_ordering)
    test_pairs = set(test.loc[test["element"].isna(), "pair"])
    dev_cal = calibration(dev, fit, environment)
    cal = pd.concat([dev_cal, mp_pair_calibration(mp[~mp["pair"].isin(test_pairs)], fit)], ignore_index=True)
    pred = fit.predict(test)
    y = test["target"].to_numpy(float)
    slices = {"all": np.ones(len(test), bool),
              "bimetallic": test["element"].isna().to_numpy()}
    for source in sorted(set(test["dataset"])):
        slices[f"source {source}"] = (test["dataset"] == source).to_numpy()
    for lo, hi in SIZE_BANDS:
        slices[f"size {band_of(lo)}"] = test["n_metal"].between(lo, hi).to_numpy()
    by_level, pooled = {}, {}
    keys = None
    for level in LEVELS:
        lower, upper, keys = intervals(fit, cal, test, 1 - level, environment)
        by_level[level] = (lower, upper)
        lower, upper, _ = intervals(fit, cal, test, 1 - level, environment, pooled_unary_group)
        pooled[level] = (lower, upper)
    # The per-element unary groups are reported together (`novelty unary`) and element by element below.
    for group in sorted({pooled_unary_group(k) for k in keys}):
        slices[f"novelty {group}"] = np.array([pooled_unary_group(k) == group for k in keys])
    # How many independent units a slice holds: its pure clusters' elements and its bimetallic rows' pairs.
    elements = test["host"].where(test["element"].notna()).to_numpy(object)
    pairs = test["pair"].where(test["element"].isna()).to_numpy(object)

    def scores(mask: np.ndarray, levels: dict) -> dict:
        entry = {"n": int(mask.sum()), "mae": float(np.abs(pred[mask] - y[mask]).mean()),
                 "elements": len({e for e in elements[mask] if isinstance(e, str)}),
                 "pairs": len({p for p in pairs[mask] if isinstance(p, str)})}
        for level, (lower, upper) in levels.items():
            inside = (lower[mask] <= y[mask]) & (y[mask] <= upper[mask])
            width = float(np.mean(upper[mask] - lower[mask]))
            # An unbounded interval (a group too small for the level) has no finite width: JSON null.
            entry[str(level)] = {"coverage": float(inside.mean()), "width": width if np.isfinite(width) else None}
        return entry

    out = {name: scores(mask, by_level) for name, mask in slices.items() if mask.any()}
    # The pure clusters of elements with their own law, per element and per family (periodic-table group 3–7
    # or 8–12), with the shipped per-element groups and with the one pooled group shipped before.
    unary = np.array([k.startswith("unary-") for k in keys])
    columns = element_table()["Column"]
    by_element, by_family = {}, {}
    for el in sorted(set(test.loc[unary, "host"])):
        mask = unary & (test["host"] == el).to_numpy()
        by_element[el] = {"group": int(columns[el]), "shipped": scores(mask, by_level), "pooled": scores(mask, pooled)}
    for family, test_of in (("early (groups 3–7)", lambda c: c <= 7), ("late (groups 8–12)", lambda c: c > 7)):
        mask = unary & np.array([bool(test_of(columns[el])) for el in test["host"]])
        if mask.any():
            by_family[family] = {"shipped": scores(mask, by_level), "pooled": scores(mask, pooled)}
    # The bimetallic effect alone: the test pairs' mixing energies, model vs baselines.
    bim = test[test["element"].isna()]
    mixing = {}
    if len(bim):
        e = bim["excess"].to_numpy(float)
        mixing = {"n": int(len(bim)), "pairs": sorted(set(bim["pair"])),
                  "zero mixing": float(np.abs(e).mean()),
                  "Miedema": float(np.abs(bim["miedema_mixing"].to_numpy(float) - e).mean()),
                  "bond-centric model": float(np.abs((bim["bcm_excess"] + bim["bcm_ordering"]).to_numpy(float) - e).mean()),
                  "shipped": float(np.abs(fit.mixing_term(bim) - e).mean())}
    result = {"slices": out, "mixing": mixing, "rows": {"development": int((~is_test).sum()), "test": int(is_test.sum())},
              "elementNewSmall": element_new_small_study(test, pred, y, keys, cal),
              "unaryByElement": by_element, "unaryByFamily": by_family,
              "sizeBaselines": size_baselines(dev, test[unary], fit),
              "test_elements": sorted(set(test.loc[test["dataset"] != "qcd", "host"]) | set(
                  el for el in set(test["host"]) if el not in set(dev["host"])))}
    return result, dev_cal


def element_new_small_study(test: pd.DataFrame, pred: np.ndarray, y: np.ndarray, keys: list[str], cal: pd.DataFrame) -> dict:
    """Whether an `element-new-small` cluster (an element without a law below the laws' sizes; the held-out
    elements' small clusters, whose laws the development fit never had) could be bounded honestly: its error is the
    fallback law's at the laws' sizes (the `element-new` residuals) plus that of a law taken below its sizes (its
    `small-N` bin's), so the candidate is the point widened by both residual quantiles at 1 − α/2 (union bound).
    Coverage and mean width per level against each row's label, from the development calibration points only."""
    rows = np.array([k == "element-new-small" for k in keys])
    residuals, groups = cal["residual"].to_numpy(float), np.array([eform_group(k) for k in cal["key"]])
    by_level = {}
    for level in LEVELS:
        share = round(1 - (1 - level) / 2, 6)
        element_new = residual_quantile(residuals[groups == "element-new"], share)
        widen = np.array([element_new + residual_quantile(residuals[groups == eform_group(small_key(n))], share)
                          for n in test.loc[rows, "n_metal"]])
        inside = np.abs(y[rows] - pred[rows]) <= widen
        bounded = np.isfinite(widen)
        by_level[str(level)] = {"coverage": float(inside.mean()) if rows.any() else None,
                                "bounded": int(bounded.sum()),
                                "width": float(np.mean(2 * widen[bounded])) if bounded.any() else None}
    return {"n": int(rows.sum()), "elements": sorted(set(test.loc[rows, "host"])), "levels": by_level}


def size_baselines(dev: pd.DataFrame, rows: pd.DataFrame, fit: EFormFit) -> dict:
    """MAE (eV/atom) on `rows` (test pure clusters of elements with their own law) of the shipped law and of the
    size-law baselines of SCIENCE.md §6, each fitted per element on the development QCD clusters of 13 atoms and
    more: the one-parameter liquid drop eBulk + a·N^(−1/3) with the bulk pinned (a ≥ 0), and an unpinned straight
    line in N^(−1/3)."""
    y, n = rows["target"].to_numpy(float), rows["n_metal"].to_numpy(float)
    shipped = np.array([float(evaluate(fit.laws.law(el), k)) for el, k in zip(rows["host"], n)])
    pinned, line = np.empty(len(rows)), np.empty(len(rows))
    for el in sorted(set(rows["host"])):
        own = dev[(dev["element"] == el) & (dev["dataset"] == "qcd") & (dev["n_metal"] >= MIN_SIZE)]
        x, t = own["n_metal"].to_numpy(float) ** (-1 / 3), own["target"].to_numpy(float)
        e_bulk = fit.laws.elements[el]["eBulk"]
        a = max(0.0, float(np.sum(x * (t - e_bulk)) / np.sum(x * x)))
        slope, intercept = np.polyfit(x, t, 1)
        at = (rows["host"] == el).to_numpy()
        pinned[at] = e_bulk + a * n[at] ** (-1 / 3)
        line[at] = intercept + slope * n[at] ** (-1 / 3)
    return {"n": int(len(rows)), "elements": int(rows["host"].nunique()),
            "mae": {"shipped per-element law eBulk + a·N^(−1/3) + b·N^(−2/3), bulk pinned": float(np.abs(shipped - y).mean()),
                    "one-parameter liquid drop eBulk + a·N^(−1/3), bulk pinned": float(np.abs(pinned - y).mean()),
                    "unpinned per-element line in N^(−1/3)": float(np.abs(line - y).mean())}}


def unary_key_study(dev_cal: pd.DataFrame) -> dict:
    """How the pure clusters' residuals group, on development rows only: for each grouping of UNARY_SCHEMES, each
    development `unary` point's CV+ half-width from the other points of its group (its own element's other sizes
    included, as at run time, where a pure cluster's element always has residuals), and per level the overall
    coverage, the lowest coverage of an element, the mean |coverage − level| over elements, and the mean width."""
    u = dev_cal[dev_cal["key"].str.startswith("unary-")].reset_index(drop=True)
    columns = element_table()["Column"]
    residual, element = u["residual"].to_numpy(float), u["element"].to_numpy(object)
    out = {}
    for name, scheme in UNARY_SCHEMES.items():
        group = np.array([scheme(el, int(columns[el])) for el in element], dtype=object)
        by_level = {}
        for level in LEVELS:
            inside, width = np.zeros(len(u), bool), np.zeros(len(u))
            for i in range(len(u)):
                others = group == group[i]
                others[i] = False
                _, upper = cv_plus_interval(np.zeros((1, K_FOLDS)), residual[others], np.zeros(int(others.sum()), int), 1 - level)
                inside[i], width[i] = residual[i] <= upper[0], 2 * upper[0]
            per_element = pd.Series(inside).groupby(element).mean()
            by_level[str(level)] = {"coverage": float(inside.mean()), "minElement": float(per_element.min()),
                                    "worstElement": str(per_element.idxmin()),
                                    "meanDeviation": float(np.abs(per_element - level).mean()), "width": float(width.mean())}
        out[name] = {"groups": int(len(set(group))), "smallest": int(pd.Series(group).value_counts().min()), "levels": by_level}
    return {"n": int(len(u)), "elements": int(len(set(element))), "schemes": out}


def mp_pair_study(points: pd.DataFrame, fit: EFormFit) -> dict:
    """What the pair-far and pair-new groups give, each checked on its own points with their pair folds held
    out in turn: each held-out point's CV+ interval (conformal.cv_plus_interval, as the product builds it)
    from the fold models' predictions and the other folds' residuals, against its E_f. By key; a key with floors
    (EFORM_FLOORS) also as shipped (`flooredLevels`: the hull with its floors' intervals from all their points), and
    every key's residual quantiles at each level and at the 1 − α/2 a composed interval takes it at."""
    by_key = dict(tuple(points.groupby("key", sort=True)))
    out = {key: mp_group_study(group, fit) for key, group in by_key.items()}
    for key, floors in EFORM_FLOORS.items():
        if key in by_key and all(f in by_key for f in floors):
            out[key]["flooredLevels"] = mp_group_study(by_key[key], fit, [by_key[f] for f in floors])["levels"]
    return out


def mp_group_study(points: pd.DataFrame, fit: EFormFit, floors: list[pd.DataFrame] = ()) -> dict:
    residuals, folds = points["residual"].to_numpy(float), points["fold"].to_numpy(int)
    fold_preds, target = np.vstack(points["fold_preds"].to_numpy()), points["target"].to_numpy(float)
    by_level = {}
    for level in LEVELS:
        inside, widths = [], []
        for k in np.unique(folds):
            held, rest = folds == k, folds != k
            lower, upper = cv_plus_interval(fold_preds[held], residuals[rest], folds[rest], 1 - level)
            for floor in floors:
                floor_lower, floor_upper = cv_plus_interval(fold_preds[held], floor["residual"].to_numpy(float),
                                                            floor["fold"].to_numpy(int), 1 - level)
                lower, upper = np.minimum(lower, floor_lower), np.maximum(upper, floor_upper)
            inside.extend((lower <= target[held]) & (target[held] <= upper))
            widths.extend(upper - lower)
        by_level[str(level)] = {"coverage": float(np.mean(inside)), "width": float(np.mean(widths))}
    quantiles = {str(q): residual_quantile(residuals, q) for q in sorted({*LEVELS, *(round(1 - (1 - level) / 2, 6) for level in LEVELS)})}
    return {"n": int(len(points)), "pairs": int(points["pair"].nunique()), "mae": float(residuals.mean()),
            "mixingRange": list(fit.mixing_range), "fittedHMix": list(fit.fitted_h_mix), "levels": by_level,
            "quantiles": quantiles}


def small_size_study(cal: pd.DataFrame) -> dict:
    """How the small-N groups hold up, each pure cluster below 13 atoms held out with every other size of its
    element (the law's error at neighbouring sizes of one element is alike): its CV+ half-width from the other
    elements' residuals of its bin, as the product builds it for a size-law-only point. Per bin and level, the
    coverage and mean width, and at 90 % the coverage of every size; the same for one group over all of
    SMALL_SIZE_BINS (what shipped before the bins), and E(1) of every law against the isolated atom's 0."""
    small = cal[cal["key"].str.startswith("small-")]

    def held_out(bins: list[tuple[int, int]]) -> dict:
        out = {}
        for lo, hi in bins:
            rows = small[small["n"].between(lo, hi)]
            by_level, per_size = {}, {}
            for level in LEVELS:
                inside, widths = [], []
                for el in sorted(set(rows["element"])):
                    rest = rows.loc[rows["element"] != el, "residual"].to_numpy(float)
                    held = rows[rows["element"] == el]
                    _, upper = cv_plus_interval(np.zeros((len(held), K_FOLDS)), rest, np.zeros(len(rest), int), 1 - level)
                    inside.extend(held["residual"].to_numpy(float) <= upper)
                    widths.extend(2 * upper)
                    if level == 0.9:
                        for n, ok in zip(held["n"], held["residual"].to_numpy(float) <= upper):
                            per_size.setdefault(int(n), []).append(bool(ok))
                by_level[str(level)] = {"coverage": float(np.mean(inside)), "width": float(np.mean(widths))}
            out[f"{lo}" if lo == hi else f"{lo}–{hi}"] = {"n": int(len(rows)), "levels": by_level,
                                                          "coverageBySize": {n: float(np.mean(v)) for n, v in sorted(per_size.items())}}
        return out

    return {"bins": held_out(SMALL_SIZE_BINS), "oneGroup": held_out([(SMALL_SIZE_BINS[0][0], SMALL_SIZE_BINS[-1][1])])}


def environment_calibration(env: dict) -> pd.DataFrame:
    """The environment groups' calibration points, folds assigned in turn. `environment`: each published
    recipe's leave-one-out error of the whole E_form (size + mixing + environment term fitted without it).
    `environment-new`: each published recipe's error with no environment term at all, published − (size +
    mixing), what a shell or support without a fitted term (ΔE_env = 0) is known to miss."""
    errors = [c["looError"] for c in env["check"] if c["looError"] is not None]
    missing = [c["published"] - c["anchor"] for c in env["check"]]
    return pd.concat([pd.DataFrame({"key": key, "source": "published", "residual": np.abs(values),
                                    "fold": np.arange(len(values)) % K_FOLDS})
                      for key, values in (("environment", errors), ("environment-new", missing))], ignore_index=True)


def environment_group_study(cal: pd.DataFrame, key: str) -> dict:
    """What an environment group can give: CV+ is unbounded below ⌈1/α⌉ − 1 points (conformal.py); composed with a
    bare core (eform_model.composition) it is taken at 1 − α/2, so bounded only up to 2n/(n + 1) − 1."""
    residuals = np.sort(cal.loc[cal["key"] == key, "residual"].to_numpy(float))
    n = len(residuals)
    return {"n": n, "residuals": residuals.tolist(),
            "bounded": {str(level): bool(np.ceil(level * (n + 1) - 1e-9) <= n) for level in LEVELS},
            "maxBoundedCoverage": n / (n + 1), "maxComposedCoverage": 2 * n / (n + 1) - 1}


def published_core_keys(published: pd.DataFrame, fit: EFormFit, env: dict) -> dict[str, str]:
    """The novelty key of each published recipe's bare core (its shell or support left out): the kinds of core
    error the environment residuals hold (eform_model.UNMEASURED_BY_ENVIRONMENT says which they do not)."""
    out = {}
    for _, r in published.iterrows():
        bare = r.copy()
        bare["ligands_per_metal"], bare["support_none"] = 0.0, 1.0
        out[r["name"]] = novelty(bare, fit.laws, fit.pairs_seen, fit.mixing_range, env, fit.smallest_size)
    return out


def mixing_coefficients(fit: EFormFit, conformal: dict, lpnc_configurations: int) -> dict:
    """The terms file's `mixing` (models/FORMAT.md): each fold model's c_M and the shared c_O as the ONNX graph
    applies them (float32), and the c_M of each calibration group's point, the median of c_M over the group's
    points' folds (the runtime's calibration-weighted median, the plain median of the folds for a group without
    points; with c_O shared, the point's fold model is the one of that median c_M). Refuses fold models this form does not describe."""
    for model in fit.folds:
        if model.intercept_ != 0 or model.tree_model_ is not None or set(model.coef_) != set(MIXING_TERMS):
            raise ValueError("a mixing fold model is not c_M·miedema_mixing + c_O·bcm_ordering: the terms file would misdescribe it")
    c_m = [float(np.float32(m.coef_["miedema_mixing"])) for m in fit.folds]
    c_o = {float(np.float32(m.coef_["bcm_ordering"])) for m in fit.folds}
    if len(c_o) != 1:
        raise ValueError(f"c_O differs between the fold models ({sorted(c_o)}): the point's c_M would not be a median")
    group, fold = np.array(conformal["group"]), np.array(conformal["fold"])
    return {"form": "ΔE_mix = c_M·miedema_mixing + c_O·bcm_ordering, miedema_mixing = 4x(1−x)·H_mix",
            "definition": "what mixing the two metals adds to the pure metals' size laws: the pair (H_mix, Miedema's "
                          "enthalpy in kJ/mol, converted to eV/atom) and the composition (x, the dopant ratio) through the "
                          "regular-solution input, the arrangement of a structure file's metals through its bond-centric "
                          "ordering energy (0 for templates); it does not depend on the size",
            "source": f"c_M: least squares on the CANELa mixing energies of {len(fit.pairs_seen)} pairs, once per CV+ fold "
                      f"(folds grouped by pair); c_O: least squares on {lpnc_configurations} LPNC Au–Ag configurations "
                      "within their compositions",
            "cM": c_m, "cO": c_o.pop(),
            # A group without points weighs every fold alike (conformal.ts CalibrationGroup.median).
            "cMPoint": {g: float(np.median(np.array(c_m)[fold[group == g]] if (group == g).any() else c_m))
                        for g in conformal["groups"]}}


def lpnc_shell_study(lpnc: pd.DataFrame, fit: EFormFit, env: dict) -> dict:
    """Where the fitted thiolate shells stand among real ones: the ligands per metal atom of the LPNC Au–Ag thiolate
    compositions, and how many of them the novelty key sends to `environment-new` (their term extrapolated)."""
    compositions = lpnc.drop_duplicates("composition")
    keys = [novelty(r, fit.laws, fit.pairs_seen, fit.mixing_range, env, fit.smallest_size) for _, r in compositions.iterrows()]
    return {"compositions": len(keys), "environmentNew": keys.count("environment-new"),
            "ligandsPerMetal": sorted({round(float(v), 3) for v in compositions["ligands_per_metal"]})}


def size_law_study(eform: pd.DataFrame, is_test: np.ndarray, fit: EFormFit) -> dict:
    """The fallback for an element without its own law, chosen on the development elements, each left
    out in turn: the liquid-drop law in E_coh fitted across elements (shipped) against a bulk limit
    from E_coh with the median shape of the other laws."""
    dev = eform[~is_test].reset_index(drop=True)
    laws = fit_size_laws(dev)
    ecoh = element_table()["E_coh"]
    errors: dict[str, list[float]] = {"liquid drop in E_coh (shipped fallback)": [], "E_coh bulk limit + median shape": []}
    for el in laws.elements:
        without = fit_size_laws(dev, exclude={el})
        rows = dev[(dev["element"] == el) & (dev["dataset"] == "qcd") & (dev["n_metal"] >= MIN_SIZE)]
        own = [o for o in without.elements if np.isfinite(ecoh[o])]
        slope, intercept = np.polyfit(ecoh[own].to_numpy(float), [-without.elements[o]["eBulk"] for o in own], 1)
        median_shape = {"eBulk": -(slope * ecoh[el] + intercept), "a": float(np.median([without.elements[o]["a"] for o in own])),
                        "b": float(np.median([without.elements[o]["b"] for o in own]))}
        for name, law in (("liquid drop in E_coh (shipped fallback)", without.law(el)), ("E_coh bulk limit + median shape", median_shape)):
            errors[name] += list(np.abs(evaluate(law, rows["n_metal"].to_numpy(float)) - rows["target"].to_numpy(float)))
    return {"elements": len(fit.laws.elements), "rows": int(((eform["dataset"] == "qcd") & (eform["n_metal"] >= MIN_SIZE)).sum()),
            "fallback_choice": {k: float(np.mean(v)) for k, v in errors.items()}, "fallback": fit.laws.fallback}


def bulk_anchor_caveat(fit: EFormFit) -> str:
    """How far each law's bulk limit (OQMD PBE on the TM13 atom reference) lies from the element's experimental
    −E_coh, its other anchor: the intervals are calibrated on PBE labels, so they do not hold that difference."""
    ecoh = element_table()["E_coh"]
    gaps = {el: law["eBulk"] + float(ecoh[el]) for el, law in fit.laws.elements.items() if np.isfinite(ecoh[el])}
    worst = sorted(gaps, key=lambda el: -abs(gaps[el]))
    return ("the experimental bulk limit: a law's bulk limit (OQMD PBE on the TM13 atom reference) lies "
            f"{min(abs(v) for v in gaps.values()):.2f}–{max(abs(v) for v in gaps.values()):.2f} eV/atom from −E_coh "
            f"(Kittel), largest {', '.join(f'{el} {gaps[el]:+.2f}' for el in worst[:5])}; large clusters carry that "
            "difference, and their intervals, calibrated on PBE labels, do not include it")


def size_range(n_metal) -> dict:
    return {"min": float(np.min(n_metal)), "max": float(np.max(n_metal))}


def bimetallic_sizes(bimetallic: pd.DataFrame, lpnc: pd.DataFrame, published: pd.DataFrame, mp: pd.DataFrame) -> dict:
    """N_metal of the bimetallic rows some term was fitted or calibrated on, per kind of core: bare (CANELa's
    particles, and the Materials Project binaries the pair intervals are calibrated on, in the bulk), ligand-protected
    (LPNC's configurations, c_O; the published shells, ΔE_env) and supported (the published supported pairs)."""
    shell = published[published["kind"] == "ligand"]
    support = published[published["kind"] == "support"]
    bare = [*bimetallic["n_metal"], *([BULK_N_METAL] if len(mp) else [])]
    return {"bare": size_range(bare), "ligated": size_range([*lpnc["n_metal"], *shell["n_metal"]]),
            "supported": size_range(support["n_metal"])}


def eform_domain(eform: pd.DataFrame, names: list[str], fit: EFormFit, env: dict, sizes: dict) -> dict:
    bim = eform[eform["element"].isna()]
    ratio = eform["ratio"].to_numpy(float)
    minority = np.minimum(ratio, 1 - ratio)
    n_metal = eform["n_metal"].to_numpy(float)
    return {"elements": sorted(set(eform["host"]) | {s["dopant"]["element"] for s in bim["spec"]}),
            "sizeLawElements": sorted(fit.laws.elements),
            "pairs": sorted(set(bim["pair"])),
            "bareHosts": sorted(set(eform["host"])),
            "bimetallicElements": sorted({el for p in bim["pair"] for el in p.split("-")}),
            # The size term depends on N alone, fitted from 13 atoms to 55 and pinned in the bulk (written
            # as N = 10000): every core shape in between is an interpolation of the law, below 13 atoms
            # an extrapolation. The mixing term vanishes at ratio 0 by construction, so the ratio range
            # runs from the pure clusters to the 50:50 particles.
            "geometry": {g: {"min": MIN_SIZE, "max": float(n_metal.max())} for g in
                         ["icosahedron", "cuboctahedron", "decahedron", "octahedron", "tetrahedron", "other"]},
            # E_form depends on the composition only through the composition-weighted size laws and x(1 − x),
            # both symmetric in host and dopant: its domain is the minority metal's fraction, not the dopant's.
            "ratio": {"min": float(minority.min()), "max": float(minority.max())}, "ratioOf": "minority",
            # The size law is unary: how two metals mix was only seen at these sizes (bimetallic_sizes).
            "bimetallicSizes": sizes,
            "nMetal": size_range(n_metal),
            # The N the bulk rows are written with: a range reaching it has no upper end, since the size
            # term converges to the pinned bulk (models/FORMAT.md).
            "bulkSize": BULK_N_METAL,
            "ligandClasses": sorted(env["perLigand"]), "supports": ["none", *sorted(env["perSupport"])],
            # Ranges of what the model reads (its inputs, N, ratio and where H_mix came from): columns it
            # ignores (site one-hots, ligand descriptors, …) are no domain question for it.
            # charge: every training row is neutral, and the model has no charge term, so a charged recipe
            # is outside the domain (the `charge` descriptor's range check). The ratio is judged above,
            # as the minority fraction, not by the dopant ratio's range.
            "features": feature_ranges(eform, ["n_metal", "h_mix_computed", "charge", *MIXING_TERMS])}


def site_geometry_knowledge(folds: list) -> str:
    """What the site model knows of size and shape: the bond-centric site energy is its only geometric term, and held
    to its physical sign it may take no weight."""
    weights = [m.coef_["bcm_site"] for m in folds]
    if all(w == 0 for w in weights):
        return ("nothing of size and shape: the bond-centric site energy of the recipe's own core, held to its physical "
                "sign, takes no weight on these slab rows")
    return (f"size and shape only through the bond-centric site energy of the recipe's own core (weight "
            f"{min(weights):.3g}–{max(weights):.3g} over the folds)")


def site_model_line(key: str, folds: list) -> str:
    """The site card's one-line description of the shipped candidate's form (its fold models)."""
    model = folds[0]
    screened = getattr(model, "screened", {})
    copies = set(screened.values())
    split = [c for c in (model.split or []) if c not in copies]
    gates = model.gates or {}
    plain = [f"{c} (only where {gates[c][0]} < {gates[c][1]})" if c in gates else c for c in model.linear
             if c not in split and c not in copies]
    line = f"`{key}`: linear in {', '.join(plain)}"
    if split:
        line += (f", and piecewise linear in {', '.join(split)} (one weight for a positive difference, another for a "
                 "negative one, each held to the rule's sign)")
    line += ", with an intercept" if model.intercept else ", without an intercept (ΔE = 0 when every difference is 0)"
    if screened:
        s = [m.screening_ for m in folds]
        line += (f"; under a ligand shell every term but the ligands' pull weighs s times its bare weight (s in [0, 1], "
                 f"{min(s):.2f}–{max(s):.2f} over the folds, fitted on the ligated slabs with the bare weights fixed: "
                 "the columns' `_ligated` copies carry (s − 1) times it), and the pull is refitted there; a shell over the "
                 "share θ of the surface sites (`ligand_coverage`) takes θ of the full shell's screening and pull")
    return line + (" plus trees on the element properties" if model.trees else "")


def site_domain(site: pd.DataFrame) -> dict:
    ligated = site["ligand"] != "none"
    return {"elements": sorted(set(site["host"]) | {s["dopant"]["element"] for s in site["spec"]}),
            "pairs": sorted(set(site["pair"])),
            "bareHosts": sorted(set(site.loc[~ligated, "host"])),
            "ligandHosts": sorted(set(site.loc[ligated, "host"])),
            "bimetallicElements": sorted({el for p in site["pair"] for el in p.split("-")}),
            "geometry": {"icosahedron": {"min": 147, "max": 147}},
            "ratio": {"min": float(site["ratio"].min()), "max": float(site["ratio"].max())},
            "nMetal": {"min": 147, "max": 147},
            "ligandClasses": sorted(n.removeprefix("ligand_frac_") for n in site.columns
                                    if n.startswith("ligand_frac_") and site[n].max() > 0),
            "supports": ["none"], "features": feature_ranges(site, ["n_metal", "ratio", "charge", *PHYSICS_TERMS])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="reduced fast run (for the test suite)")
    parser.add_argument("--out", type=Path, help="write models and report here instead of models/ and docs/")
    args = parser.parse_args()
    start = time.time()
    differ = mismatches()
    if differ:
        print("run_all: warning: installed versions differ from requirements.txt, so the models may differ from the "
              "shipped ones: " + "; ".join(differ), file=sys.stderr)
    models_dir = args.out / "models" if args.out else REPO_ROOT / "models"
    docs_dir = args.out / "docs" if args.out else REPO_ROOT / "docs"

    log = ProvenanceLog()
    tables = build_all(log, cache_dir() / "xyz")
    eform, names = featurize(tables["eform"], "eform", log)
    site, _ = featurize(tables["site"], "site", log)
    lpnc, _ = featurize(lpnc_recipes(tables["lpnc"]), "lpnc", log)
    mp, _ = featurize(tables["bulk_mixing"], "mp", log)
    published, _ = featurize(published_recipes(), "published", log)
    leaks = label_leaks(eform, names) + label_leaks(site, names) + label_leaks(mp, names)
    if leaks:
        raise SystemExit(f"labels equal features, no model written: {leaks}")
    if args.smoke:
        keep = {"Au", "Ag", "Cu", "Pd", "Pt", "Ni", "Fe", "Ti"}
        eform = eform[eform["host"].isin(keep)]
        mp = mp.iloc[::10]
    eform, site, lpnc, mp, published = (t.reset_index(drop=True) for t in (eform, site, lpnc, mp, published))
    is_test = test_split(eform)

    c_ordering = ordering_coefficient(lpnc)
    bimetallic = eform[eform["element"].isna()]
    fit = EFormFit(eform, names, c_ordering)
    anchor = fit.predict(published)
    env = fit_environment(published, anchor, names)
    test_scores, dev_cal = eform_test_evaluation(eform, is_test, names, c_ordering, mp, env)
    studies = {"mixing": cluster_mixing_study(bimetallic[~is_test[bimetallic.index]], names, c_ordering),
               "lpnc": lpnc_ordering_study(lpnc), "bulk": bulk_mixing_study(mp, names),
               "test": test_scores,
               "size": size_law_study(eform, is_test, fit), "environment": env}
    mp_points = mp_pair_calibration(mp, fit)
    cal = pd.concat([calibration(eform, fit, env), mp_points, environment_calibration(env)], ignore_index=True)
    studies["environment"]["calibration"] = {key: environment_group_study(cal, key) for key in ("environment", "environment-new")}
    studies["environment"]["lpncShells"] = lpnc_shell_study(lpnc, fit, env)
    studies["environment"]["bareCores"] = published_core_keys(published, fit, env)
    studies["environment"]["elementNew90"] = residual_quantile(cal.loc[cal["key"] == "element-new", "residual"].to_numpy(float), 0.9)
    studies["mpPairs"] = mp_pair_study(mp_points, fit)
    # Design studies on development rows only (the test split's rows calibrate nothing in them).
    studies["small"] = small_size_study(dev_cal)
    studies["unaryKeys"] = unary_key_study(dev_cal)
    studies["small"]["atomLimit"] = {el: float(evaluate(law, 1)) for el, law in sorted(fit.laws.elements.items())}
    studies["small"]["smallestSize"] = fit.smallest_size
    qcd_laws = eform[(eform["dataset"] == "qcd") & (eform["n_metal"] >= MIN_SIZE)]["n_metal"]
    qcd_sizes = f"{qcd_laws.min():.0f}–{qcd_laws.max():.0f}"
    eform_card = {
        "target": EFORM_TARGET, "reference": REFERENCE,
        "model": "size term (per-element law, eform-v2.terms.json) + ΔE_mix = c_M·miedema_mixing + c_O·bcm_ordering "
                 "(this ONNX graph; c_M fitted on CANELa mixing energies, c_O on LPNC configurations) + ΔE_env "
                 "(eform-v2.terms.json)",
        "knows": [f"bare clusters of {len(fit.laws.elements)} metals from {MIN_SIZE} atoms to the bulk (QCD {qcd_sizes} atoms + OQMD bulk)",
                  f"mixing energies of {len(fit.pairs_seen)} element pairs at 147 atoms (CANELa) and the ordering of "
                  "Au–Ag thiolate clusters (LPNC)",
                  "thiolate shells and N-doped-carbon supports from six published DFT values (Gu et al. 2025)"],
        "doesNotKnow": ["any element pair outside " + ", ".join(sorted(fit.pairs_seen)) + " (Miedema carries it)",
                        f"the mixing energy of clusters below {fit.pair_sizes:g} atoms (fitted on {fit.pair_sizes:g}-atom "
                        "particles: their interval adds the size laws' error to the pairs' residuals)",
                        "clusters below 13 atoms (the size law is extrapolated, its interval binned by size) and "
                        f"below {fit.smallest_size:g} atoms none at all (no interval: the law misses the isolated atom's "
                        "E_form = 0 by up to "
                        f"{max(abs(float(evaluate(law, 1))) for law in fit.laws.elements.values()):.1f} eV/atom)",
                        "phosphine, halide, alkynyl, amine, carboxylate and Cp* shells, and oxide, zeolite, MOF or "
                        "nitride supports (no public energies: ΔE_env is 0 and unknown)",
                        *[f"{name} shells of other than {range_text(fit['ligandsPerMetal'], '.3f')} "
                          f"ligands per metal atom, or on clusters mostly of other metals than {', '.join(fit['hosts'])} (the clusters its "
                          "term was fitted on; beyond them ΔE_env is extrapolated)"
                          for name, fit in env["perLigand"].items()],
                        "charge, spin and the arrangement of atoms in a template (only structure files carry ordering)",
                        bulk_anchor_caveat(fit)],
        "coverageMarkdown": [], "metricsMarkdown": [],
        # Measured on the untouched test split, per slice: {n, mae, "0.8"|"0.9"|"0.95": {coverage, width}}.
        "coverage": studies["test"]["slices"],
        "domain": eform_domain(eform, names, fit, env, bimetallic_sizes(bimetallic, lpnc, published, mp))}
    eform_conformal = conformal_file(cal, "novelty", eform_groups(fit.laws.elements), K_FOLDS, EFORM_FLOORS)
    studies["mixingCoefficients"] = mixing_coefficients(fit, eform_conformal, len(lpnc))
    studies["weakPairs"] = weak_table_pairs(bimetallic, [m.coef_["miedema_mixing"] for m in fit.folds])
    terms = {"schema": "bimetal-energy-terms-1", "reference": REFERENCE,
             "sizeLaw": {**fit.laws.to_json(), "definition": "the element's bare-cluster binding energy per atom at N",
                         "source": "QCD ground states (Manna et al. 2023) 13–55 atoms + OQMD bulk, TM13 PBE atom reference; "
                                   "fallback from Kittel cohesive energies"},
             "mixing": studies["mixingCoefficients"],
             "environment": {"form": "ΔE_env = ligands_per_metal · Σ_class ligand_frac_class · perLigand[class] + "
                                     "Σ_kind support_kind · perSupport[kind]",
                             "definition": "what the ligand shell or support adds per metal atom",
                             "source": "least squares on the published DFT values of Gu et al., Chem. Sci. 2025, 16, 19644",
                             "perLigand": env["perLigand"], "perSupport": env["perSupport"],
                             "fittedTogether": env["fittedTogether"]}}
    eform_card["coverageMarkdown"] = coverage_table(studies["test"])
    # The size term is most of E_form, so the card shows its baselines beside the mixing term's.
    eform_card["metricsMarkdown"] = [*size_baseline_lines(studies["test"]["sizeBaselines"], "the test split"), "",
                                     *metrics_table(studies)]
    also_used = {"lpnc": (int(len(lpnc)), "the ordering coefficient c_O"),
                 "published": (int(len(published)), "the environment term and the `environment` and `environment-new` "
                                                     "calibration groups"),
                 "mp": (int(len(mp_points)), "the `pair-far` and `pair-new` calibration groups (mixing-term residuals; `pair-far`'s interval is never "
                                                      "narrower than `pair-new`'s: its `atLeast`)")}
    models = {"eform": write_model(models_dir, "eform-v2", eform, names, fit.folds, eform_conformal, eform_card,
                                   extra={"terms.json": terms}, also_used=also_used, residual_sources=list(cal["source"]),
                                   shipped_fits={"qcd": "the size laws' a and b (eform-v2.terms.json sizeLaw)",
                                                 "bulk": "the size laws' bulk limits eBulk (eform-v2.terms.json sizeLaw)",
                                                 "canela": "the mixing coefficients c_M (the ONNX graph; eform-v2.terms.json mixing)",
                                                 "lpnc": "one coefficient, c_O (the ONNX graph; eform-v2.terms.json mixing)",
                                                 "published": "the environment terms (eform-v2.terms.json environment)"})}

    probes, _ = featurize(pd.DataFrame({"spec": trend_probes(site)}), "site-probes", log)
    selves, _ = featurize(pd.DataFrame({"spec": self_probes(site)}), "site-self-probes", log)
    study, site_fit = site_study(site, names, probes.reset_index(drop=True), selves.reset_index(drop=True))
    definitions = feature_definitions()
    study["definitions"] = {name: definitions[name] for name in [*PHYSICS_TERMS, COVERAGE]}
    studies["site"] = study
    shipped = study["shipped"]
    site_points = calibration_points(site, names, site_fit, SITE_GROUP_BY)
    breakdown = study["breakdown"]
    site_card = {
        "target": SITE_TARGET, "reference": "Slab segregation energies (DFT) of single-atom alloys, facet-averaged.",
        "model": site_model_line(shipped, site_fit["folds"]),
        "knows": [f"segregation of single dopants in {len(set(site['host']))} fcc hosts ({', '.join(sorted(set(site['host'])))}) "
                  "from DFT slabs, bare (Pt, Ir, Rh, Pd) and under R-S / R-NH2 / R-NH (Cu, Ag, Au, Ni, Pd, Pt)",
                  site_geometry_knowledge(site_fit["folds"])],
        "doesNotKnow": ["real clusters: every row is a slab mapped onto a 147-atom icosahedron",
                        "hosts outside that list (an unseen host is flagged)", "phosphine, alkynyl or halide ligands",
                        *(["whether a ligand shell over part of the surface acts by its coverage: every ligated slab has its "
                           "one adsorbate on the dopant (`ligand_coverage` θ = 1), and a shell binding the share θ of the "
                           "surface sites is given θ times the full shell's pull and screening (the chance that a ligand binds "
                           "the dopant's site), which no row tests; its interval is `ligand-partial`'s"]
                          if getattr(site_fit["folds"][0], "screened", None) else []),
                        "several dopants at once, charge and spin"],
        "metricsMarkdown": [], "coverageMarkdown": [],
        "coverage": {"leave-host-out": {"n": study["n"], "mae": study["models"][shipped]["mae"],
                                        "0.9": {"coverage": study["models"][shipped]["coverage"],
                                                "width": study["models"][shipped]["width"]},
                                        "decided": study["models"][shipped]["decided_fraction"]},
                     # Leave-host-out per source (bare BCSeg slabs, ligated EsegAds slabs), shipped Mondrian groups.
                     **{f"leave-host-out {source}": {"n": b["n"], "mae": b["mae"], **b["shipped"]}
                        for source, b in breakdown["bySource"].items() if source != "all"},
                     # The ligated rows with their ligands' pull hidden: what a shell nobody measured is calibrated on.
                     "leave-host-out ligands unmeasured": {"n": breakdown["ligandsUnmeasured"]["n"],
                                                           "mae": breakdown["ligandsUnmeasured"]["mae"],
                                                           **breakdown["ligandsUnmeasured"]["unmeasured"]}},
        "domain": site_domain(site)}
    site_card["metricsMarkdown"] = site_table(study)
    held_out = study["models"][shipped]
    unmeasured = breakdown["ligandsUnmeasured"]["unmeasured"]["0.9"]
    site_card["coverageMarkdown"] = [
        f"Leave-host-out over {study['n']} rows, intervals calibrated inside each outer fold: 90 % coverage "
        f"{held_out['coverage']:.2f}, mean width {held_out['width']:.2f} eV; {held_out['decided_fraction']:.2f} of the "
        "predictions decided (the interval excludes zero, so the site is `core` or `surface`, else `undetermined`). "
        "Mondrian groups `bare` (no ligands) and `ligated` (a ligand shell of measured binding strengths), 90 % coverage / width (eV): "
        + "; ".join(f"{source} {b['shipped']['0.9']['coverage']:.2f} / {b['shipped']['0.9']['width']:.2f} (n = {b['n']})"
                    for source, b in breakdown["bySource"].items() if source != "all")
        + "; `ligand-unmeasured` (a shell whose binding strengths nobody measured), on the ligated rows with their "
          f"ligands' pull hidden, {unmeasured['coverage']:.2f} / {unmeasured['width']:.2f} (n = {breakdown['ligandsUnmeasured']['n']}). "
          "A shell over part of the surface (0 < `ligand_coverage` < 1), measured or not, is `ligand-partial`: no slab measured "
          "one, so its interval is the hull of its own and the `ligated` and `ligand-unmeasured` intervals at the same coverage "
          "(the conformal file's `atLeast`), its own points the bare rows' residuals again: no narrower than a bare surface's "
          "or a full shell's. Its point is 1 − θ times the median of the fold models weighed as a bare surface's plus θ "
          "times that weighed as the complete shell's (`ligated` or `ligand-unmeasured`), so a few ligands on a large core "
          "move it by their share θ of the full shell's effect, and it meets a bare surface's and a full shell's point with "
          "no step. No row has such a shell, so its coverage is not measured."]
    # The breakdown of ΔE into its terms (models/FORMAT.md), only for fold models that are a pure sum of them.
    site_terms = site_terms_file(site_fit["folds"], definitions,
                                 f"bounded least squares (each weight held to its segregation rule's sign, ridge {site_fit['folds'][0].ridge:g}) on "
                                 f"{len(site)} DFT slab segregation energies ({', '.join(sorted(set(site['dataset'])))}), once per "
                                 "CV+ fold model, folds grouped by host"
                                 + ("; under a ligand shell the bare-surface terms scaled by one factor s in [0, 1] fitted on the "
                                    "ligated slabs (a `_ligated` copy carries (s − 1) times its column's weight, so the two keep the "
                                    "rule's sign together) and the ligands' pull refitted there"
                                    if getattr(site_fit["folds"][0], "screened", None) else ""))
    if site_terms is None:
        print(f"run_all: the shipped site candidate `{shipped}` is not a sum of linear terms: no site-v2.terms.json")
        (models_dir / "site-v2.terms.json").unlink(missing_ok=True)
    models["site"] = write_model(models_dir, "site-v2", site, names, site_fit["folds"],
                                 conformal_file(site_points, SITE_GROUP_BY, SITE_GROUPS, K_FOLDS, SITE_FLOORS), site_card,
                                 extra={"terms.json": site_terms} if site_terms else None,
                                 residual_sources=list(site_points["source"]),
                                 shipped_fits={d: "the linear coefficients of the ONNX graph" + (" (site-v2.terms.json)" if site_terms else "")
                                               for d in set(site["dataset"])})

    goals = write_report(docs_dir, log, studies, models, smoke=args.smoke)
    for line in goals:
        print(line)
    run_logs = args.out if args.out else cache_dir()
    run_logs.mkdir(parents=True, exist_ok=True)
    log.write(run_logs / "provenance.jsonl")
    (run_logs / "last_run.json").write_text(json.dumps({"smoke": args.smoke, "seconds": time.time() - start,
                                                        "versions": stack()}))
    print(f"run_all: done in {time.time() - start:.0f} s (wall)")


if __name__ == "__main__":
    main()
