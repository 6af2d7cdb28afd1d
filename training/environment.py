"""The environment term ΔE_env of E_form: what a ligand shell or a support adds per metal atom.

No public data set has absolute energies of ligand-protected or supported clusters on our
reference. The first paper (Gu et al., Chem. Sci. 2025, 16, 19644) states six such DFT values,
which are facts we may use: three thiolate-protected clusters and three metal pairs on N-doped
carbon. Each gives ΔE_env = E_published − (size term + ΔE_mix) of the same recipe, and
  ΔE_env = ligands_per_metal · Σ_class ligand_frac_class · perLigand[class] + perSupport[kind]
is fitted by least squares, one number per ligand class or support kind that has values. Every
other class or kind has no term (the runtime flags it). With three values each, the fit is
reported leave-one-out, and the card says exactly what it was fitted on.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from build_data import _spec

PUBLISHED = [
    # (label, host, n_host, dopant, n_dopant, ligand or support, E_form eV/atom) — Gu et al. 2025, Table/Fig. 10 values
    ("Au23Pd(S-c-hex)17", "Au", 23, "Pd", 1, {"ligand": {"name": "S-c-hex", "count": 17}}, -3.56),
    ("Au24Cd(nBuS)18", "Au", 24, "Cd", 1, {"ligand": {"name": "nBuS", "smiles": "CCCCS", "binds": ["S"], "count": 18}}, -3.58),
    ("Au24Hg(nBuS)18", "Au", 24, "Hg", 1, {"ligand": {"name": "nBuS", "smiles": "CCCCS", "binds": ["S"], "count": 18}}, -3.71),
    ("AuNi@NC", "Au", 1, "Ni", 1, {"support": "nc"}, -2.45),
    ("CuGd@NC", "Cu", 1, "Gd", 1, {"support": "nc"}, -1.81),
    ("NiPt@NC", "Ni", 1, "Pt", 1, {"support": "nc"}, -1.75),
]


def published_recipes() -> pd.DataFrame:
    rows = []
    for label, host, n_host, dopant, n_dopant, env, energy in PUBLISHED:
        extra = {"ligands": [env["ligand"]]} if "ligand" in env else {"support": {"kind": env["support"]}}
        spec = _spec(label, host, n_host, dopant, n_dopant, **extra)
        rows.append({"name": label, "dataset": "published", "spec": spec, "target": energy, "host": host,
                     "element": None, "pair": "-".join(sorted((host, dopant))),
                     "kind": "ligand" if "ligand" in env else "support"})
    return pd.DataFrame(rows)


def environment_columns(rows: pd.DataFrame, names: list[str]) -> tuple[np.ndarray, list[str]]:
    """Design matrix of the environment term: ligands_per_metal·frac per ligand class, and the support one-hots."""
    classes = [n for n in names if n.startswith("ligand_frac_")]
    supports = [n for n in names if n.startswith("support_") and n != "support_none"]
    lpm = rows["ligands_per_metal"].to_numpy(float)
    X = np.column_stack([lpm * rows[c].to_numpy(float) for c in classes] + [rows[s].to_numpy(float) for s in supports])
    return X, classes + supports


def term_name(column: str) -> str:
    """An environment term as the terms file's `fittedTogether` names it: `ligand:thiolate`, `support:nc`."""
    return f"ligand:{column.removeprefix('ligand_frac_')}" if column.startswith("ligand_frac_") else f"support:{column.removeprefix('support_')}"


def fit_environment(rows: pd.DataFrame, anchor: np.ndarray, names: list[str]) -> dict:
    """perLigand / perSupport values from the published recipes, and their leave-one-out errors.

    `anchor` is each recipe's size term + ΔE_mix from the models fitted without it."""
    X, columns = environment_columns(rows, names)
    y = rows["target"].to_numpy(float) - anchor
    used = [j for j in range(X.shape[1]) if np.abs(X[:, j]).max() > 0]
    coef = np.linalg.lstsq(X[:, used], y, rcond=None)[0]
    loo = np.full(len(y), np.nan)
    for i in range(len(y)):
        keep = np.arange(len(y)) != i
        cols = [j for j in used if np.abs(X[keep, j]).max() > 0]
        if not any(X[i, j] != 0 for j in cols):
            continue  # nothing left to predict this recipe's term from
        c = np.linalg.lstsq(X[np.ix_(keep, cols)], y[keep], rcond=None)[0]
        loo[i] = rows["target"].iloc[i] - (anchor[i] + X[i, cols] @ c)
    per_ligand, per_support = {}, {}
    for j, value in zip(used, coef):
        fitted_on = [f"{rows['name'].iloc[i]} {rows['target'].iloc[i]:+.2f}" for i in np.flatnonzero(X[:, j] != 0)]
        entry = {"value": round(float(value), 6), "fittedOn": fitted_on, "n": len(fitted_on)}
        if columns[j].startswith("ligand_frac_"):
            # The class's ligands per metal atom on the recipes it was fitted on: the runtime flags a
            # recipe outside them, where the linear term is extrapolated.
            fitted = X[X[:, j] != 0, j]
            # And the hosts (majority metals) it was fitted on: a shell binds mostly that metal's surface, and the
            # binding differs by metal (S on Ag and Cu against Au, eseg-ads-ligand): the runtime flags a shell on
            # a cluster mostly of another metal too (energyAnchor.ts shellMetals).
            per_ligand[columns[j].removeprefix("ligand_frac_")] = {
                **entry, "unit": "eV per ligand per metal atom",
                "ligandsPerMetal": {"min": round(float(fitted.min()), 6), "max": round(float(fitted.max()), 6)},
                "hosts": sorted(set(rows["host"].iloc[np.flatnonzero(X[:, j] != 0)]))}
        else:
            # A support's contact scales with its interface, not with N, and the per-atom term was fitted
            # on these sizes only (the M1/M2@NC pairs): the runtime flags a recipe outside them.
            sizes = rows["n_metal"].to_numpy(float)[X[:, j] != 0]
            per_support[columns[j].removeprefix("support_")] = {
                **entry, "unit": "eV/atom", "nMetal": {"min": float(sizes.min()), "max": float(sizes.max())}}
    # The terms each published recipe had at once: a recipe combining terms no recipe had together adds
    # them untested (a thiolate shell on N-doped carbon), and the runtime flags it.
    together = sorted({tuple(term_name(columns[j]) for j in used if X[i, j] != 0) for i in range(len(y))})
    return {"perLigand": per_ligand, "perSupport": per_support, "fittedTogether": [list(t) for t in together],
            "check": [{"recipe": rows["name"].iloc[i], "published": float(rows["target"].iloc[i]),
                       "anchor": float(anchor[i]), "looError": None if np.isnan(loo[i]) else float(loo[i])}
                      for i in range(len(y))]}
