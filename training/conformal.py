"""CV+ prediction intervals (Barber et al. 2021) with Mondrian groups, as in SCIENCE.md §4.

The runtime (engine/src/inference) recomputes the same intervals from the shipped residuals,
fold indices and groups; `cv_plus_interval` here is the reference implementation used to measure
coverage on grouped holdouts.
"""
from __future__ import annotations

import math

import numpy as np

OTHER_GROUP = "other"
EPS = 1e-9


def group_keys(features: np.ndarray, feature_names: list[str], group_by: str, point: np.ndarray) -> list[str]:
    """Each row's Mondrian key, exactly as engine/src/inference/conformal.ts parseGroupBy computes it.

    "none" → "all"; "ligands" → "bare" where ligands_per_metal is 0, else "ligand-partial" where ligand_coverage is
    below 1, else "ligated" where ligand_affinity_known is 1 and "ligand-unmeasured" where it is 0; "feature:NAME" → the feature value with ≤ 6 significant digits (JS Number(toPrecision(6)));
    "predicted:E1,E2,…" → "bin<i>", i = number of edges ≤ the point prediction.
    """
    if group_by == "none":
        return ["all"] * len(features)
    if group_by == "ligands":
        ligands = features[:, feature_names.index("ligands_per_metal")]
        known = features[:, feature_names.index("ligand_affinity_known")]
        coverage = features[:, feature_names.index("ligand_coverage")]
        return ["bare" if v <= 0 else "ligand-partial" if c < 1 else "ligated" if k > 0 else "ligand-unmeasured"
                for v, k, c in zip(ligands, known, coverage)]
    if group_by.startswith("feature:"):
        column = features[:, feature_names.index(group_by.split(":", 1)[1])]
        return [_js_number_string(float(f"{v:.6g}")) for v in column]
    if group_by.startswith("predicted:"):
        edges = np.array([float(e) for e in group_by.split(":", 1)[1].split(",")])
        return [f"bin{int((edges <= p).sum())}" for p in point]
    raise ValueError(f"unsupported groupBy {group_by!r}")


def _js_number_string(value: float) -> str:
    """String(x) of a JS number for the values features take here (integers and short decimals)."""
    return str(int(value)) if value == int(value) else repr(value)


def min_group_size(alpha: float) -> int:
    """Smallest calibration set for which a finite (1−α) interval exists: ⌈1/α⌉ − 1."""
    return math.ceil(1.0 / alpha) - 1


def merge_small_groups(groups: list[str], alpha: float) -> tuple[list[str], dict[str, str]]:
    """Fold keys with fewer than ⌈1/α⌉ − 1 points into OTHER_GROUP (and that into the largest group if
    it is still too small).

    Returns the merged labels and the mapping raw key → group name; the conformal file lists each
    group's raw keys as `members`, so the runtime resolves a recipe's key the same way.
    """
    need = min_group_size(alpha)
    labels = np.asarray(groups, dtype=object)
    names, counts = np.unique(labels, return_counts=True)
    mapping = {str(g): (str(g) if c >= need else OTHER_GROUP) for g, c in zip(names, counts)}
    merged = np.array([mapping[str(g)] for g in labels], dtype=object)
    if 0 < (merged == OTHER_GROUP).sum() < need:
        names, counts = np.unique(merged[merged != OTHER_GROUP], return_counts=True)
        largest = str(names[np.argmax(counts)])
        mapping = {g: (largest if m == OTHER_GROUP else m) for g, m in mapping.items()}
        mapping[OTHER_GROUP] = largest
        merged = np.array([mapping[str(g)] for g in labels], dtype=object)
    return [str(m) for m in merged], mapping


def cv_plus_interval(fold_preds: np.ndarray, residuals: np.ndarray, fold: np.ndarray,
                     alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """CV+ bounds for M new points.

    fold_preds: [M, K] predictions of the K fold models; residuals/fold: the n calibration points'
    |held-out residual| and fold index. Lower = ⌊α(n+1)⌋-th smallest of μ̂₋ₖ₍ᵢ₎(x) − Rᵢ, upper =
    ⌈(1−α)(n+1)⌉-th smallest of μ̂₋ₖ₍ᵢ₎(x) + Rᵢ; ±inf when n is too small.
    """
    n = len(residuals)
    lo_rank = math.floor(alpha * (n + 1) + EPS)
    hi_rank = math.ceil((1.0 - alpha) * (n + 1) - EPS)
    mu = fold_preds[:, fold]  # [M, n]: each calibration point's own fold model at the new x
    lower = np.full(len(fold_preds), -np.inf)
    upper = np.full(len(fold_preds), np.inf)
    if lo_rank >= 1:
        lower = np.sort(mu - residuals[None, :], axis=1)[:, lo_rank - 1]
    if hi_rank <= n:
        upper = np.sort(mu + residuals[None, :], axis=1)[:, hi_rank - 1]
    return lower, upper


class Group:
    """One calibration group's residuals and folds, with the groups its interval is never narrower than
    (`floors`: the conformal file's `atLeast`, conformal.ts CalibrationGroup floors): its interval is the hull
    of its own CV+ interval and theirs, its residual quantile the largest of theirs and its own."""

    def __init__(self, residuals: np.ndarray, fold: np.ndarray, floors: tuple["Group", ...] = ()):
        self.residuals, self.fold, self.floors = np.asarray(residuals, float), np.asarray(fold, int), floors

    def interval(self, fold_preds: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
        lower, upper = cv_plus_interval(fold_preds, self.residuals, self.fold, alpha)
        for floor in self.floors:
            other_lower, other_upper = floor.interval(fold_preds, alpha)
            lower, upper = np.minimum(lower, other_lower), np.maximum(upper, other_upper)
        return lower, upper

    def quantile(self, coverage: float) -> float:
        return max([residual_quantile(self.residuals, coverage)] + [f.quantile(coverage) for f in self.floors])


def calibration_groups(residuals: np.ndarray, fold: np.ndarray, groups_cal: list[str],
                       floors: dict[str, list[str]] | None = None) -> dict[str, Group]:
    """Every group of the calibration points by name, each with its `floors` (group → the groups it is at least)."""
    groups_cal = np.asarray(groups_cal, dtype=object)
    floors = floors or {}
    out: dict[str, Group] = {}

    def group(name: str) -> Group:
        if name not in out:
            at = groups_cal == name
            out[name] = Group(residuals[at], fold[at], tuple(group(f) for f in floors.get(name, [])))
        return out[name]

    for name in set(groups_cal) | set(floors) | {f for fs in floors.values() for f in fs}:
        group(str(name))
    return out


def mondrian_interval(fold_preds: np.ndarray, groups_new: list[str], residuals: np.ndarray, fold: np.ndarray,
                      groups_cal: list[str], alpha: float,
                      floors: dict[str, list[str]] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """CV+ within each Mondrian group (widened to its `floors`' intervals, Group); a new point whose group has no
    calibration points gets an unbounded interval (cv_plus_interval of none), as the runtime gives a group of n = 0."""
    lower = np.empty(len(fold_preds))
    upper = np.empty(len(fold_preds))
    by_name = calibration_groups(residuals, fold, groups_cal, floors)
    groups_new = np.asarray(groups_new, dtype=object)
    for g in np.unique(groups_new):
        rows = groups_new == g
        group = by_name.get(str(g)) or Group(residuals[:0], fold[:0])
        lower[rows], upper[rows] = group.interval(fold_preds[rows], alpha)
    return lower, upper


def residual_quantile(residuals: np.ndarray, coverage: float) -> float:
    """The ⌈coverage·(n+1)⌉-th smallest residual, +inf where that rank is above n (conformal.ts residualQuantile)."""
    rank = math.ceil(coverage * (len(residuals) + 1) - EPS)
    return float(np.sort(residuals)[rank - 1]) if rank <= len(residuals) else math.inf


def composed_interval(fold_preds: np.ndarray, mixing: Group, size_parts: list[Group], alpha: float) -> tuple[float, float]:
    """The interval of one row whose error is a mixing part plus size parts (eform_model.composition), as
    conformal.ts ComposedGroup: the mixing group's CV+ interval at 1 − α/2 widened by the largest size group
    residual quantile at 1 − α/(2m), m = len(size_parts). Union bound: covers ≥ 1 − α."""
    lower, upper = mixing.interval(fold_preds[None, :], alpha / 2)
    level = 1 - alpha / (2 * len(size_parts))
    widen = max(part.quantile(level) for part in size_parts)
    return float(lower[0] - widen), float(upper[0] + widen)
