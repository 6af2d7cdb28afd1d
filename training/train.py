"""Grouped cross-validation, CV+ conformal calibration and the shipped model artifacts.

Evaluation splits by chemistry (SCIENCE.md §5): whole element pairs, whole hosts, or whole elements
(every row containing the element) are held out. Coverage is measured the way the product uses the
intervals: for each outer grouped fold, CV+ is calibrated on the training part only and the
intervals are scored on the held-out chemistry.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupKFold

from conformal import group_keys, merge_small_groups, mondrian_interval
from models import MODELS, ModelSpec

K_FOLDS = 5
ALPHAS = {0.8: 0.2, 0.9: 0.1, 0.95: 0.05}
# Mondrian grouping unless a task measures a better one (conformal.group_keys forms).
DEFAULT_GROUP_BY = "feature:host_period"


@dataclass
class Problem:
    """One regression task: features, target and the chemistry of each row."""
    name: str
    X: np.ndarray
    y: np.ndarray
    feature_names: list[str]
    table: pd.DataFrame  # builder columns (dataset, host, pair, spec, …), row-aligned with X
    schemes: list[str]   # grouped-CV schemes that apply: "pair", "host", "element"
    # Builder column the CV+ calibration folds are grouped by: each residual is then a held-out
    # residual for new chemistry of that kind, which is what the intervals are meant to cover.
    cv_plus_by: str = "pair"
    # Mondrian grouping of the calibration residuals (a conformal.group_keys form, shipped as groupBy).
    group_by: str = DEFAULT_GROUP_BY

    def subset(self, rows: np.ndarray) -> "Problem":
        return Problem(self.name, self.X[rows], self.y[rows], self.feature_names,
                       self.table.iloc[rows].reset_index(drop=True), self.schemes, self.cv_plus_by, self.group_by)


def dopant_of(table: pd.DataFrame) -> np.ndarray:
    return np.array([s["dopant"]["element"] if s["dopant"]["count"] > 0 else s["host"]["element"]
                     for s in table["spec"]])


def outer_splits(problem: Problem, scheme: str, n_splits: int = K_FOLDS) -> list[tuple[np.ndarray, np.ndarray]]:
    """(train, test) index pairs. "element": test = rows whose host is a held-out element; rows whose
    dopant is held out but host is not are left out of that fold entirely, so no held-out element is seen."""
    t = problem.table
    if scheme in ("pair", "host"):
        groups = t[scheme].to_numpy()
        return list(GroupKFold(n_splits=min(n_splits, len(set(groups)))).split(problem.X, groups=groups))
    if scheme == "element":
        hosts, dopants = t["host"].to_numpy(), dopant_of(t)
        elements = np.unique(hosts)
        folds = []
        for _, held in GroupKFold(n_splits=n_splits).split(elements, groups=elements):
            out = set(elements[held])
            test = np.flatnonzero(np.isin(hosts, list(out)))
            train = np.flatnonzero(~np.isin(hosts, list(out)) & ~np.isin(dopants, list(out)))
            folds.append((train, test))
        return folds
    raise ValueError(scheme)


class FoldMedian:
    """Point prediction = median of the K fold models (the second paper's choice). Unlike a separate
    model fitted on all rows, it always lies inside the CV+ interval for α ≤ 0.4 with balanced folds."""

    def __init__(self, folds: list) -> None:
        self.folds = folds

    def predict(self, X: np.ndarray) -> np.ndarray:
        return np.median(np.column_stack([m.predict(X) for m in self.folds]), axis=1)


@dataclass
class CvPlusFit:
    """K fold models, their median as the point model, and each row's held-out residual."""
    point: object
    folds: list
    residuals: np.ndarray
    fold: np.ndarray
    context: dict = field(default_factory=dict)

    def predict_folds(self, X: np.ndarray) -> np.ndarray:
        return np.column_stack([m.predict(X) for m in self.folds])


def fit_cv_plus(spec: ModelSpec, problem: Problem, context: dict | None = None) -> CvPlusFit:
    """CV+ with K folds grouped by `problem.cv_plus_by`, so a fold model never saw its rows' chemistry."""
    names = problem.feature_names
    ctx = spec.prepare(names, problem.X, problem.y) if context is None else context
    fold = np.empty(len(problem.y), dtype=int)
    residuals = np.empty(len(problem.y))
    fold_models = []
    for k, (tr, te) in enumerate(GroupKFold(n_splits=K_FOLDS).split(problem.X, groups=problem.table[problem.cv_plus_by])):
        model = spec.make(names, ctx).fit(problem.X[tr], problem.y[tr])
        fold[te] = k
        residuals[te] = np.abs(problem.y[te] - model.predict(problem.X[te]))
        fold_models.append(model)
    return CvPlusFit(FoldMedian(fold_models), fold_models, residuals, fold, ctx)


def calibration_groups(problem: Problem, fit: CvPlusFit, alpha: float = 0.1) -> tuple[list[str], dict[str, str]]:
    raw = group_keys(problem.X, problem.feature_names, problem.group_by, fit.point.predict(problem.X))
    return merge_small_groups(raw, alpha)


def interval_for(fit: CvPlusFit, train: Problem, X_new: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """Mondrian CV+ interval for new rows, resolved the way the runtime does (raw key → merged group)."""
    cal_groups, mapping = calibration_groups(train, fit, alpha)
    raw_new = group_keys(X_new, train.feature_names, train.group_by, fit.point.predict(X_new))
    new_groups = [mapping.get(g, "__unseen__") for g in raw_new]
    return mondrian_interval(fit.predict_folds(X_new), new_groups, fit.residuals, fit.fold, cal_groups, alpha)


def metrics(y: np.ndarray, pred: np.ndarray) -> dict:
    err = pred - y
    ss_tot = ((y - y.mean()) ** 2).sum()
    return {"n": int(len(y)), "mae": float(np.abs(err).mean()), "rmse": float(np.sqrt((err ** 2).mean())),
            "r2": float(1 - (err ** 2).sum() / ss_tot) if ss_tot > 0 else float("nan")}


def grouped_cv(spec: ModelSpec, problem: Problem, scheme: str, with_coverage: bool) -> dict:
    """Out-of-fold point predictions (and, if asked, CV+ intervals calibrated inside each outer fold)."""
    pred = np.full(len(problem.y), np.nan)
    bounds = {level: np.full((len(problem.y), 2), np.nan) for level in ALPHAS}
    for tr, te in outer_splits(problem, scheme):
        train = problem.subset(tr)
        if with_coverage:
            fit = fit_cv_plus(spec, train)
            pred[te] = fit.point.predict(problem.X[te])
            for level, alpha in ALPHAS.items():
                lo, hi = interval_for(fit, train, problem.X[te], alpha)
                bounds[level][te] = np.column_stack([lo, hi])
        else:
            ctx = spec.prepare(problem.feature_names, train.X, train.y)
            pred[te] = spec.make(problem.feature_names, ctx).fit(train.X, train.y).predict(problem.X[te])
    seen = ~np.isnan(pred)
    result = {"model": spec.key, "scheme": scheme, "pred": pred, "overall": metrics(problem.y[seen], pred[seen]),
              "by_dataset": {d: metrics(problem.y[seen & (problem.table["dataset"] == d).to_numpy()],
                                        pred[seen & (problem.table["dataset"] == d).to_numpy()])
                             for d in problem.table.loc[seen, "dataset"].unique()}}
    if with_coverage:
        result["coverage"] = {}
        for level in ALPHAS:
            lo, hi = bounds[level][seen, 0], bounds[level][seen, 1]
            inside = (problem.y[seen] >= lo) & (problem.y[seen] <= hi)
            result["coverage"][level] = {"coverage": float(inside.mean()), "mean_width": float(np.mean(hi - lo))}
        result["bounds90"] = bounds[0.9]
    return result


def ablation(problem: Problem, model_keys: list[str], coverage_keys: set[str]) -> list[dict]:
    """Point metrics for every model and scheme; nested CV+ coverage for `coverage_keys` under the
    first (main) scheme only, which costs K + 1 fits per outer fold."""
    main = problem.schemes[0]
    return [grouped_cv(MODELS[k], problem, scheme, k in coverage_keys and scheme == main)
            for scheme in problem.schemes for k in model_keys]


def best_model(results: list[dict], candidates: list[str]) -> str:
    """The exportable candidate with the lowest grouped-CV MAE averaged over every scheme (a model that
    wins one holdout by a hair and loses another clearly is not the better model)."""
    schemes = {r["scheme"] for r in results}
    mean_mae = {k: np.mean([r["overall"]["mae"] for r in results if r["model"] == k]) for k in candidates
                if sum(r["model"] == k for r in results) == len(schemes)}
    return min(mean_mae, key=mean_mae.get)


# Calibration designs compared for the shipped model: CV+ folds grouped by pair or by host, Mondrian
# by host period or pooled. Which one matches "new chemistry" is measured, not assumed.
CALIBRATION_DESIGNS = [(fold_by, group_by) for fold_by in ("pair", "host") for group_by in (DEFAULT_GROUP_BY, "none")]


def calibration_study(spec: ModelSpec, problem: Problem, designs=CALIBRATION_DESIGNS) -> list[dict]:
    """Nested CV+ coverage of one model under every grouped scheme, for each calibration design."""
    study = []
    for fold_by, group_by in designs:
        designed = replace(problem, cv_plus_by=fold_by, group_by=group_by)
        for scheme in problem.schemes:
            r = grouped_cv(spec, designed, scheme, with_coverage=True)
            study.append({"cv_plus_by": fold_by, "group_by": group_by, "scheme": scheme, "coverage": r["coverage"]})
    return study


def worst_shortfall(coverage: dict) -> float:
    """Largest amount by which measured coverage falls short of a nominal level (0 if none does)."""
    return max(0.0, *(level - c["coverage"] for level, c in coverage.items()))


def choose_calibration(study: list[dict]) -> tuple[str, str]:
    """The design whose intervals come closest to covering at every level on every held-out kind of
    chemistry (smallest worst shortfall over levels and schemes), then the narrowest mean 90 % interval."""
    designs = sorted({(r["cv_plus_by"], r["group_by"]) for r in study})

    def score(design: tuple[str, str]) -> tuple[float, float]:
        rows = [r for r in study if (r["cv_plus_by"], r["group_by"]) == design]
        return (round(max(worst_shortfall(r["coverage"]) for r in rows), 3),
                float(np.mean([r["coverage"][0.9]["mean_width"] for r in rows])))

    return min(designs, key=score)
