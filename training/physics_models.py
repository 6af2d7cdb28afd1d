"""The learned parts of the v2 models: linear physics terms, optionally corrected by trees.

A physics term enters linearly on a named feature column (e.g. the regular-solution mixing energy,
the bond-centric site energy), so its effect stays smooth and moves where the physics moves it: a
tree can only step. Trees, where a model has them, fit what the linear terms leave, on the columns
named for them. `fixed` coefficients come from another data set (e.g. the ordering coefficient from
the LPNC configurations) and are not refitted. `signs` holds a term to the side its physics puts it
on (+1: the target rises with the column; −1: it falls): collinear terms (a surface energy and the
cohesive energy and radius it is estimated from) otherwise trade weight and may take the wrong sign,
so that a dopant moves against the rule the term stands for. `split` columns (a subset of `linear`) take one
weight on their positive part max(x, 0) and another on their negative part min(x, 0), both held to the column's
sign: piecewise linear with its kink at 0, so a difference of 0 still contributes 0 (a dopant identical to its
host has every difference 0) while the two sides of a rule may weigh differently. A `gates` column (a subset of
`linear`, not split) counts only on rows where its gate holds, the value of one column below another's
(`{"h_mix": ("dopant_group", "host_group")}`: the mixing enthalpy only where the dopant stands left of the host in
the periodic table), and contributes 0 elsewhere.
"""
from __future__ import annotations

import numpy as np
from scipy.optimize import lsq_linear
from sklearn.base import BaseEstimator, RegressorMixin
from xgboost import XGBRegressor

SEED = 0


def _trees() -> XGBRegressor:
    return XGBRegressor(n_estimators=200, max_depth=3, learning_rate=0.05, subsample=0.8, colsample_bytree=0.8,
                        min_child_weight=2, tree_method="hist", n_jobs=1, random_state=SEED)


class LinearPlusTrees(BaseEstimator, RegressorMixin):
    def __init__(self, names: list[str], linear: list[str], fixed: dict | None = None, intercept: bool = False,
                 trees: list[str] | None = None, ridge: float = 1e-6, signs: dict[str, int] | None = None,
                 split: list[str] | None = None, gates: dict[str, tuple[str, str]] | None = None):
        self.names = names
        self.linear = linear
        self.split = split
        self.gates = gates
        self.fixed = fixed
        self.signs = signs
        self.intercept = intercept
        self.trees = trees
        self.ridge = ridge

    def _cols(self, cols: list[str]) -> list[int]:
        return [self.names.index(c) for c in cols]

    def _terms(self) -> list[tuple[str, str, str]]:
        """The fitted terms: (coefficient name, column, part), part "all", "pos" (max(x, 0)), "neg" (min(x, 0)) or
        "gated" (x where the column's gate holds, else 0)."""
        split, gates = set(self.split or []), self.gates or {}
        return [t for c in self.linear
                for t in ([(f"{c}>0", c, "pos"), (f"{c}<0", c, "neg")] if c in split
                          else [(gate_name(c, gates[c]), c, "gated")] if c in gates else [(c, c, "all")])]

    def _part(self, X: np.ndarray, column: str, part: str) -> np.ndarray:
        x = X[:, self.names.index(column)]
        if part == "gated":
            below, above = self.gates[column]
            return np.where(X[:, self.names.index(below)] < X[:, self.names.index(above)], x, 0.0)
        return np.maximum(x, 0.0) if part == "pos" else (np.minimum(x, 0.0) if part == "neg" else x)

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        fixed = self.fixed or {}
        target = np.asarray(y, dtype=float) - sum(c * X[:, self.names.index(n)] for n, c in fixed.items())
        terms = self._terms()
        A = np.column_stack([self._part(X, c, part) for _, c, part in terms] or [np.zeros((len(X), 0))])
        if self.intercept:
            A = np.column_stack([A, np.ones(len(A))])
        coef = self._solve(A, target, [c for _, c, _ in terms])
        self.coef_ = {n: float(c) for (n, _, _), c in zip(terms, coef)}
        self.coef_.update({n: float(c) for n, c in fixed.items()})
        self.columns_ = {n: (c, part) for n, c, part in terms}
        self.columns_.update({n: (n, "all") for n in fixed})
        self.intercept_ = float(coef[-1]) if self.intercept else 0.0
        self.tree_model_ = None
        if self.trees:
            residual = np.asarray(y, dtype=float) - self._linear(X)
            self.tree_model_ = _trees().fit(X[:, self._cols(self.trees)], residual)
        return self

    def _solve(self, A: np.ndarray, target: np.ndarray, columns: list[str]) -> np.ndarray:
        """Ridge least squares; with `signs`, bounded to them (the intercept is free)."""
        if not self.signs:
            return np.linalg.solve(A.T @ A + self.ridge * np.eye(A.shape[1]), A.T @ target)
        sides = [self.signs.get(n, 0) for n in columns] + [0] * (A.shape[1] - len(columns))
        lower = [0.0 if s > 0 else -np.inf for s in sides]
        upper = [0.0 if s < 0 else np.inf for s in sides]
        ridged = np.vstack([A, np.sqrt(self.ridge) * np.eye(A.shape[1])])
        solution = lsq_linear(ridged, np.concatenate([target, np.zeros(A.shape[1])]), bounds=(lower, upper), method="bvls").x
        # bvls may step past a bound by rounding (1.4e-17 on a weight held to ≤ 0): a weight at its bound is 0, so
        # the terms file and the views show a term with no weight as 0, not as a push of 1e-17 eV one way.
        return np.clip(solution, lower, upper)

    def _linear(self, X: np.ndarray) -> np.ndarray:
        return self.intercept_ + sum(c * self._part(X, *self.columns_[n]) for n, c in self.coef_.items())

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        out = self._linear(X)
        if self.tree_model_ is not None:
            out = out + self.tree_model_.predict(X[:, self._cols(self.trees)])
        return out

    def weights(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
        """The linear part as a weight per featuriser column on x, one on relu(x) = max(x, 0), one on x where the gate
        holds, and an intercept (for the ONNX graph): a·max(x, 0) + b·min(x, 0) = b·x + (a − b)·relu(x)."""
        w, h, g = np.zeros(len(self.names)), np.zeros(len(self.names)), np.zeros(len(self.names))
        for n, c in self.coef_.items():
            column, part = self.columns_[n]
            j = self.names.index(column)
            if part == "gated":
                g[j] += c
            elif part == "pos":
                h[j] += c
            elif part == "neg":
                w[j] += c
                h[j] -= c
            else:
                w[j] += c
        return w, h, g, self.intercept_


def gate_name(column: str, gate: tuple[str, str]) -> str:
    """The coefficient name of a gated column: `h_mix|dopant_group<host_group`."""
    return f"{column}|{gate[0]}<{gate[1]}"


class ScreenedLinear(LinearPlusTrees):
    """A linear model whose bare-surface terms a ligand shell scales by one factor s in [0, 1].

    `screened` maps each bare-surface column to its copy under a ligand shell (the featuriser's `<column>_ligated`:
    the column where the recipe has ligands, else 0); `shell` is a column that is > 0 exactly where there are ligands
    (`ligands_per_metal`). `linear`, `split` and `gates` name the copies too (each copy split or gated as its column).
    Fitted in two stages, without an intercept:
      1. the terms of the columns that are no copy (the bare-surface terms and the rest, e.g. the ligands' pull) as a
         LinearPlusTrees on every row, held to `signs`: the bare-surface weights a;
      2. on the rows with a shell, with a fixed: ΔE = s · Σ a·part(x) over the screened terms + Σ c·part(x) over the
         others (the pull, refitted there, held to its sign), by bounded ridge least squares, s in [0, 1].
    As one linear sum over the feature row (what the ONNX graph and the terms file hold): a on each screened term,
    (s − 1)·a on its copy, c on the others. Without a shell the copies are 0 and ΔE is stage 1's; with one, each
    screened term weighs s·a, of the rule's sign (or 0); a difference of 0 still contributes 0."""

    def __init__(self, names: list[str], linear: list[str], screened: dict[str, str], shell: str,
                 intercept: bool = False, ridge: float = 1e-6, signs: dict[str, int] | None = None,
                 split: list[str] | None = None, gates: dict[str, tuple[str, str]] | None = None):
        super().__init__(names, linear, intercept=intercept, ridge=ridge, signs=signs, split=split, gates=gates)
        self.screened = screened
        self.shell = shell

    def _bare(self) -> LinearPlusTrees:
        copies = set(self.screened.values())
        return LinearPlusTrees(self.names, [c for c in self.linear if c not in copies], intercept=False, ridge=self.ridge,
                               signs=self.signs, split=[c for c in (self.split or []) if c not in copies] or None,
                               gates={c: g for c, g in (self.gates or {}).items() if c not in copies} or None)

    def fit(self, X, y):
        if self.intercept:
            raise ValueError("ScreenedLinear has no intercept: a ligand shell scales the bare terms, not a constant")
        X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
        bare = self._bare().fit(X, y)
        origin = {copy: column for column, copy in self.screened.items()}
        stage_one = bare._terms()
        screened = [(n, c, p) for n, c, p in stage_one if c in self.screened]
        others = [(n, c, p) for n, c, p in stage_one if c not in self.screened]
        shell = X[:, self.names.index(self.shell)] > 0
        s, pull = 1.0, {n: bare.coef_[n] for n, _, _ in others}
        if shell.any():
            Xs = X[shell]
            drive = sum(bare.coef_[n] * bare._part(Xs, c, p) for n, c, p in screened) if screened else np.zeros(len(Xs))
            A = np.column_stack([drive, *(bare._part(Xs, c, p) for _, c, p in others)])
            sides = [self.signs.get(c, 0) if self.signs else 0 for _, c, _ in others]
            lower = np.array([0.0] + [0.0 if side > 0 else -np.inf for side in sides])
            upper = np.array([1.0] + [0.0 if side < 0 else np.inf for side in sides])
            ridged = np.vstack([A, np.sqrt(self.ridge) * np.eye(A.shape[1])])
            solution = lsq_linear(ridged, np.concatenate([y[shell], np.zeros(A.shape[1])]), bounds=(lower, upper),
                                  method="bvls").x
            solution = np.clip(solution, lower, upper)
            s, pull = float(solution[0]), {n: float(v) for (n, _, _), v in zip(others, solution[1:])}
        self.screening_ = s
        self.coef_, self.columns_ = {}, {}
        for name, column, part in self._terms():
            if column in origin:
                base = name.replace(column, origin[column], 1)
                self.coef_[name] = (s - 1.0) * bare.coef_[base] + 0.0  # + 0.0: a weight of 0 is 0, not −0
            else:
                self.coef_[name] = pull[name] if name in pull else bare.coef_[name]
            self.columns_[name] = (column, part)
        self.intercept_ = 0.0
        self.tree_model_ = None
        return self
