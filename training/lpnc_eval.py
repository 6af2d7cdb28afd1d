"""LPNC ligand-protected Au–Ag clusters as an evaluation: do the models rank the ten configurations
(Ag placements) of one composition the way DFT does?

No absolute E_form can be built from these energies (build_data.lpnc_auag), but within one
composition every configuration has the same atoms and ligands, so the DFT relative energies per
metal atom are comparable with differences of predicted E_form. Each configuration is featurised
with its own structure file, so the bond-centric ordering energy (feature bcm_ordering) sees which
sites the Ag atoms occupy.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

from build_data import _spec
from common import data_dir

LPNC_LIGAND = {"name": "methanethiolate", "smiles": "C[S-]", "binds": ["S"]}


def lpnc_recipes(lpnc: pd.DataFrame) -> pd.DataFrame:
    """One RecipeSpec per configuration: majority metal as host, SCH3 ligands, its own structure file."""
    rows = []
    for i, r in lpnc.iterrows():
        counts = {"Au": int(r["n_metal_1"]), "Ag": int(r["n_metal_2"])}
        (host, n_host), (dopant, n_dopant) = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        spec = _spec(f"LPNC-{r['composition']}-{i}", host, n_host, dopant, n_dopant,
                     structure=str(data_dir() / "lpnc-nc-database" / r["path"]),
                     ligands=[{**LPNC_LIGAND, "count": int(r["n_ligand"])}])
        rows.append({"name": spec["name"], "dataset": "lpnc", "spec": spec, "host": host, "composition": r["composition"],
                     "target": float(r["rel_energy_per_metal"])})
    return pd.DataFrame(rows)


def ranking_scores(pred: np.ndarray, relative: np.ndarray, compositions: np.ndarray, seed: int = 0) -> dict:
    """Within-composition Spearman ρ (predicted vs DFT relative energy) and how often the predicted
    lowest configuration is the DFT lowest, against the chance rate of picking one at random."""
    rhos, hits, chance = [], [], []
    for c in np.unique(compositions):
        rows = compositions == c
        p, e = pred[rows], relative[rows]
        rhos.append(float(spearmanr(p, e).correlation) if np.ptp(p) > 0 else 0.0)
        hits.append(float(np.argmin(p) == np.argmin(e)))
        chance.append(1.0 / rows.sum())
    rhos_arr = np.array(rhos)
    # Spread of the mean ρ if predictions were random: the same test applied to shuffled predictions.
    rng = np.random.default_rng(seed)
    null = [np.mean([spearmanr(rng.permutation(relative[compositions == c]), relative[compositions == c]).correlation
                     for c in np.unique(compositions)]) for _ in range(200)]
    return {"mean_rho": float(rhos_arr.mean()), "median_rho": float(np.median(rhos_arr)),
            "positive": int((rhos_arr > 0).sum()), "compositions": len(rhos),
            "top1": float(np.mean(hits)), "top1_chance": float(np.mean(chance)),
            "null_rho_95": float(np.quantile(np.abs(null), 0.95))}
