"""The regressors compared in the ablation (first paper's Table 1 spirit) and how each is built.

Every model is a factory `make(feature_names, context) -> estimator` with sklearn's fit/predict on
feature matrices in the featuriser's column order; models that use a subset pick columns themselves.
`prepare(feature_names, X, y) -> context` does the work shared by all CV+ fold models of one training
set (the FT-Transformer's unary pretraining), so it runs once per training set, not once per fold.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.dummy import DummyRegressor
from sklearn.ensemble import RandomForestRegressor
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from xgboost import XGBRegressor

from common import cache_dir
from ft_transformer import FTRidge, pretrain_backbone

# The first paper's 8-feature scheme, as named by the featuriser (engine/src/features).
PAPER_FEATURES = ["chi_env", "delta_chi", "n_metal", "ratio", "delta_m", "h_mix", "distance", "delta_r"]
SEED = 0


class ColumnSubset(BaseEstimator, RegressorMixin):
    """Fits `inner` on a fixed subset of the featuriser's columns; the rest are ignored."""

    def __init__(self, inner, columns: list[int]):
        self.inner = inner
        self.columns = columns

    def fit(self, X, y):
        self.inner.fit(np.asarray(X)[:, self.columns], y)
        return self

    def predict(self, X):
        return self.inner.predict(np.asarray(X)[:, self.columns])


def paper_columns(feature_names: list[str]) -> list[int]:
    missing = [f for f in PAPER_FEATURES if f not in feature_names]
    if missing:
        raise KeyError(f"featuriser output lacks the paper's features {missing}; it has {feature_names}")
    return [feature_names.index(f) for f in PAPER_FEATURES]


def _rf() -> RandomForestRegressor:
    return RandomForestRegressor(n_estimators=100, min_samples_leaf=2, max_features=0.6, n_jobs=1, random_state=SEED)


def _xgb() -> XGBRegressor:
    return XGBRegressor(n_estimators=300, max_depth=5, learning_rate=0.07, subsample=0.8, colsample_bytree=0.8,
                        min_child_weight=2, tree_method="hist", n_jobs=1, random_state=SEED)


def _no_context(names, X, y) -> dict:
    return {}


def _pretrain(names, X, y) -> dict:
    # Stored by a hash of the training set: a rerun of run_all.py reuses every fold's pretraining.
    return {"backbone": pretrain_backbone(np.asarray(X), np.asarray(y), names, cache=cache_dir() / "ft-pretrain")}


@dataclass(frozen=True)
class ModelSpec:
    key: str
    label: str
    make: Callable[[list[str], dict], object]
    exportable: bool  # whether export_onnx can convert it
    prepare: Callable[[list[str], np.ndarray, np.ndarray], dict] = _no_context


MODELS: dict[str, ModelSpec] = {m.key: m for m in [
    ModelSpec("mean", "mean baseline", lambda names, ctx: DummyRegressor(strategy="mean"), False),
    ModelSpec("ridge", "ridge (all features)",
              lambda names, ctx: make_pipeline(StandardScaler(), Ridge(alpha=1.0)), False),
    ModelSpec("rf8", "random forest, 8-feature scheme (paper 1)",
              lambda names, ctx: ColumnSubset(_rf(), paper_columns(names)), True),
    ModelSpec("xgb8", "XGBoost, 8-feature scheme (paper 1)",
              lambda names, ctx: ColumnSubset(_xgb(), paper_columns(names)), True),
    ModelSpec("xgb", "XGBoost, all featuriser features", lambda names, ctx: _xgb(), True),
    ModelSpec("ft", "FT-Transformer pretrained on unary clusters + Ridge head (paper 2)",
              lambda names, ctx: FTRidge(ctx["backbone"]), True, _pretrain),
]}
