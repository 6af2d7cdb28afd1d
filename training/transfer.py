"""Transfer to an unseen host (second paper, Fig. 5 spirit): hold out every row whose host is one
element, then add 0, 2, 5, 10 of its rows to training and score MAE and 90 % CV+ coverage on the rest."""
from __future__ import annotations

import numpy as np

from models import ModelSpec
from train import Problem, dopant_of, fit_cv_plus, interval_for

SHOTS = [0, 2, 5, 10]
HELD_OUT_HOST = "Pt"


def transfer_experiment(problem: Problem, spec: ModelSpec, smoke: bool = False) -> dict:
    hosts, dopants = problem.table["host"].to_numpy(), dopant_of(problem.table)
    target_rows = np.flatnonzero(hosts == HELD_OUT_HOST)
    # Rows with the element as dopant would leak its chemistry into the 0-shot model.
    base_train = np.flatnonzero((hosts != HELD_OUT_HOST) & (dopants != HELD_OUT_HOST))
    seeds = [0] if smoke else [0, 1, 2]
    out = {"host": HELD_OUT_HOST, "model": spec.key, "n_host_rows": int(len(target_rows)), "shots": []}
    for shots in SHOTS:
        maes, covs, widths = [], [], []
        for seed in seeds:
            rng = np.random.default_rng(seed)
            added = rng.choice(target_rows, size=min(shots, len(target_rows) - 1), replace=False)
            test = np.setdiff1d(target_rows, added)
            train = problem.subset(np.concatenate([base_train, added]))
            fit = fit_cv_plus(spec, train)
            pred = fit.point.predict(problem.X[test])
            lo, hi = interval_for(fit, train, problem.X[test], 0.1)
            y = problem.y[test]
            maes.append(float(np.abs(pred - y).mean()))
            covs.append(float(((y >= lo) & (y <= hi)).mean()))
            widths.append(float(np.mean(hi - lo)))
        out["shots"].append({"added": shots, "mae": float(np.mean(maes)), "coverage90": float(np.mean(covs)),
                             "width90": float(np.mean(widths)), "seeds": len(seeds)})
    return out
