"""The mixing term ΔE_mix of E_form, learned on bimetallic data only, and its baselines.

Three kinds of bimetallic data, never pooled on one energy scale:
  - CANELa 147-atom particles: the mixing energy within their own DFT subset (build_data `excess`),
    ten element pairs at two compositions each;
  - LPNC Au–Ag thiolate clusters: energies relative to the lowest configuration of the same
    composition, i.e. the ordering part of the mixing energy (which sites the Ag atoms take);
  - Materials Project binaries: the bulk limit (formation energy of the ordered compound), a
    separate task reported on its own.

The shipped mixing model is linear in two physics terms (physics_models.LinearPlusTrees):
  ΔE_mix = c_M · miedema_mixing + c_O · bcm_ordering
c_O (how much of the bond-centric ordering energy is real) is fitted on the LPNC configurations
within each composition; c_M on the CANELa mixing energies. Baselines: zero mixing (the linear
interpolation between the pure endpoints), Miedema's regular solution as it is, and the
bond-centric model with dimer γ (Yan et al. 2018), as it is.
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupKFold, LeaveOneGroupOut
from xgboost import XGBRegressor

from common import data_dir
from lpnc_eval import ranking_scores
from physics_models import LinearPlusTrees

MIXING_TERMS = ["miedema_mixing", "bcm_ordering"]


def ordering_coefficient(lpnc: pd.DataFrame) -> float:
    """Least-squares slope of the DFT relative energy on the BCM ordering energy, within compositions."""
    o = lpnc["bcm_ordering"].to_numpy(float)
    t = lpnc["target"].to_numpy(float)
    groups = lpnc["composition"].to_numpy()
    od = o - pd.Series(o).groupby(groups).transform("mean").to_numpy()
    td = t - pd.Series(t).groupby(groups).transform("mean").to_numpy()
    return float((od * td).sum() / (od * od).sum())


def mixing_model(names: list[str], c_ordering: float) -> LinearPlusTrees:
    return LinearPlusTrees(names, linear=["miedema_mixing"], fixed={"bcm_ordering": c_ordering})


def cluster_mixing_study(canela: pd.DataFrame, names: list[str], c_ordering: float) -> dict:
    """Leave-pair-out MAE of the mixing energy on the CANELa bimetallic rows, model vs baselines."""
    y = canela["excess"].to_numpy(float)
    X = canela[names].to_numpy(float)
    pairs = canela["pair"].to_numpy()
    learned = np.zeros(len(y))
    for tr, te in LeaveOneGroupOut().split(X, groups=pairs):
        learned[te] = mixing_model(names, c_ordering).fit(X[tr], y[tr]).predict(X[te])
    baselines = {
        "zero mixing (linear endpoint interpolation)": np.zeros(len(y)),
        "Miedema regular solution 4x(1−x)·H_mix": canela["miedema_mixing"].to_numpy(float),
        "bond-centric model (dimer γ), configuration": (canela["bcm_excess"] + canela["bcm_ordering"]).to_numpy(float),
        "shipped: c_M·Miedema + c_O·BCM ordering (leave-pair-out)": learned,
    }
    # Learned against unfitted Miedema, pair by pair: the mean over pairs of each pair's MAE difference, and its
    # standard error over pairs (the pairs, not the rows, are the independent units).
    per_pair = pd.Series(np.abs(canela["miedema_mixing"].to_numpy(float) - y) - np.abs(learned - y)).groupby(pairs).mean()
    return {"n": int(len(y)), "pairs": int(len(set(pairs))),
            "rows": {k: {"mae": float(np.abs(p - y).mean()), "max": float(np.abs(p - y).max())} for k, p in baselines.items()},
            "versusMiedema": {"mean": float(per_pair.mean()),
                              "se": float(per_pair.std(ddof=1) / np.sqrt(len(per_pair))) if len(per_pair) > 1 else None,
                              "pairsBetter": int((per_pair > 0).sum()), "pairs": int(len(per_pair))},
            "predictions": learned}


def lpnc_ordering_study(lpnc: pd.DataFrame) -> dict:
    """Within-composition ranking of the LPNC configurations, the ordering coefficient fitted
    leaving each cluster size out (four sizes), against the baselines that cannot rank at all."""
    sizes = lpnc["composition"].str.extract(r"Au(\d+)Ag(\d+)").astype(int).sum(axis=1).to_numpy()
    pred = np.zeros(len(lpnc))
    for size in np.unique(sizes):
        test = sizes == size
        c = ordering_coefficient(lpnc[~test])
        pred[test] = c * lpnc.loc[test, "bcm_ordering"].to_numpy(float)
    y, comps = lpnc["target"].to_numpy(float), lpnc["composition"].to_numpy()
    bcm = (lpnc["bcm_excess"] + lpnc["bcm_ordering"]).to_numpy(float)
    return {"compositions": int(len(np.unique(comps))), "configurations": int(len(y)),
            "rho": {"zero mixing / Miedema (one value per composition)": 0.0,
                    "bond-centric model, configuration": ranking_scores(bcm, y, comps)["mean_rho"],
                    "BCM ordering energy alone (the shipped c_O·BCM ordering: any c_O > 0 ranks alike)": ranking_scores(pred, y, comps)["mean_rho"]},
            "null_rho_95": ranking_scores(bcm, y, comps)["null_rho_95"],
            "within_mae": {"zero": float(np.abs(y - pd.Series(y).groupby(comps).transform("mean")).mean()),
                           "shipped": float(np.abs((y - pd.Series(y).groupby(comps).transform("mean"))
                                                   - (pred - pd.Series(pred).groupby(comps).transform("mean"))).mean())}}


def bulk_mixing_study(mp: pd.DataFrame, names: list[str]) -> dict:
    """The bulk limit as its own task: MP formation energies of TM binaries, grouped by pair (5 folds)."""
    y = mp["target"].to_numpy(float)
    X = mp[names].to_numpy(float)
    pairs = mp["pair"].to_numpy()
    ridge = np.zeros(len(y))
    trees = np.zeros(len(y))
    for tr, te in GroupKFold(n_splits=5).split(X, groups=pairs):
        ridge[te] = mixing_model(names, 0.0).fit(X[tr], y[tr]).predict(X[te])
        xgb = XGBRegressor(n_estimators=300, max_depth=5, learning_rate=0.07, subsample=0.8, colsample_bytree=0.8,
                           n_jobs=1, random_state=0).fit(X[tr], y[tr])
        trees[te] = xgb.predict(X[te])
    rows = {"zero": np.zeros(len(y)), "Miedema regular solution": mp["miedema_mixing"].to_numpy(float),
            "c_M·Miedema (fitted on MP)": ridge, "XGBoost, all features": trees}
    return {"n": int(len(y)), "pairs": int(len(set(pairs))),
            "rows": {k: float(np.abs(p - y).mean()) for k, p in rows.items()}}


def weak_table_pairs(canela: pd.DataFrame, coefficients: list[float], limit: float = 1.0) -> list[dict]:
    """The CANELa pairs whose Takeuchi–Inoue H_mix is within `limit` kJ/mol of 0: there the regular-solution term,
    c_M·4x(1−x)·H_mix, is (about) 0 whatever c_M is, against the particles' own mixing energies and the DFT (SQS, FCC)
    equiatomic mixing enthalpy of dft-binary-mixing-enthalpy (a cross-check, not a label)."""
    sqs = json.loads((data_dir() / "dft-binary-mixing-enthalpy" / "all_lattices_binaries.json").read_text())
    out = []
    for pair, rows in canela.groupby("pair", sort=True):
        h = float(rows["h_mix"].iloc[0])
        if abs(h) > limit:
            continue
        a, b = pair.split("-")
        entry = sqs.get(f"{a}-{b}", sqs.get(f"{b}-{a}", {}))
        out.append({"pair": pair, "hMix": h,
                    "rows": [{"formula": "".join(f"{part['element']}{part['count']}" for part in (r["spec"]["host"], r["spec"]["dopant"])),
                              "excess": float(r["excess"]),
                              "term": [float(c * r["miedema_mixing"]) for c in coefficients]} for _, r in rows.iterrows()],
                    "sqsFcc": float(entry["FCC"]) if "FCC" in entry else None})
    return out
