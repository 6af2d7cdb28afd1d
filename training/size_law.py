"""The size term of E_form: one law per element for its bare clusters, from 13 atoms to the bulk.

    E_el(N) = eBulk + a·x + b·x²,   x = N^(−1/3),   a ≥ 0, b ≥ 0

x is the surface-to-volume scale of a liquid drop, so the law has the physics baseline's shape,
−E_coh·(1 − a·N^(−1/3)), plus a curvature term; with a, b ≥ 0 it is monotone in N: binding per atom
strengthens with size and tends to eBulk. eBulk is pinned on the element's bulk row (OQMD PBE
bulk energy on the same PBE atom reference), a and b are fitted (non-negative least squares) on
the QCD ground states from 13 atoms up. An element without such data gets the fallback, the
liquid-drop law in its experimental cohesive energy fitted across the clusters of all elements
that have their own law: E(N) = −(s·E_coh + c) + t·E_coh·N^(−1/3) (chosen over a cohesive-energy
bulk limit with the median shape, element by element left out: run_all.size_law_study).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import nnls

from references import element_table

MIN_SIZE = 13
FORM = "E_el(N) = eBulk + a·N^(-1/3) + b·N^(-2/3)"


def _x(n) -> np.ndarray:
    return np.asarray(n, dtype=float) ** (-1.0 / 3.0)


def fit_element(sizes: np.ndarray, energies: np.ndarray, e_bulk: float) -> tuple[float, float]:
    """Non-negative (a, b) for clusters of these sizes above the pinned bulk limit."""
    x = _x(sizes)
    coef, _ = nnls(np.column_stack([x, x * x]), energies - e_bulk)
    return float(coef[0]), float(coef[1])


def evaluate(law: dict, n) -> np.ndarray:
    x = _x(n)
    return law["eBulk"] + law["a"] * x + law["b"] * x * x


class SizeLaws:
    """Fitted laws by element, the fallback, and how each was obtained."""

    def __init__(self, elements: dict[str, dict], fallback: dict) -> None:
        self.elements = elements
        self.fallback = fallback

    def law(self, element: str) -> dict:
        if element in self.elements:
            return self.elements[element]
        ecoh = element_table().loc[element, "E_coh"] if element in element_table().index else np.nan
        if not np.isfinite(ecoh):
            raise KeyError(f"no size law and no cohesive energy for {element}")
        f = self.fallback
        return {"eBulk": -(f["eCohScale"] * ecoh + f["eCohShift"]), "a": f["a"] + f["aPerCohesive"] * ecoh, "b": f["b"]}

    def has_own(self, element: str) -> bool:
        return element in self.elements

    def fitted_from(self, *elements: str) -> float:
        """The size from which the own laws of all `elements` were fitted (each law's nMin), as the runtime reads it."""
        return max(self.elements[el].get("nMin", 0) for el in elements)

    def smallest_start(self) -> float:
        """The smallest size any own law was fitted from (the runtime's `lawsFrom`): the element-new residuals' smallest."""
        return min((law["nMin"] for law in self.elements.values() if "nMin" in law), default=0)

    def endpoints(self, host: str, dopant: str, n_host, n_dopant) -> np.ndarray:
        """Composition-weighted size term (n_host·E_host(N) + n_dopant·E_dopant(N)) / N."""
        n_host, n_dopant = np.asarray(n_host, float), np.asarray(n_dopant, float)
        n = n_host + n_dopant
        return (n_host * evaluate(self.law(host), n) + n_dopant * evaluate(self.law(dopant), n)) / n

    def to_json(self) -> dict:
        return {"form": FORM, "elements": self.elements, "fallback": self.fallback}


def fit_size_laws(eform: pd.DataFrame, exclude: set[str] | frozenset = frozenset()) -> SizeLaws:
    """Per-element laws from the unary rows of `eform` (qcd clusters ≥ 13 atoms + the bulk row),
    leaving out the elements in `exclude` (they get the fallback, as an unseen element would)."""
    unary = eform[eform["element"].notna() & ~eform["element"].isin(exclude)]
    elements: dict[str, dict] = {}
    for el, rows in unary.groupby("element"):
        bulk = rows[rows["dataset"] == "bulk"]
        clusters = rows[(rows["dataset"] == "qcd") & (rows["size"] >= MIN_SIZE)]
        if bulk.empty or len(clusters) < 2:
            continue
        e_bulk = float(bulk["target"].iloc[0])
        a, b = fit_element(clusters["size"].to_numpy(), clusters["target"].to_numpy(), e_bulk)
        elements[str(el)] = {"eBulk": round(e_bulk, 6), "a": round(a, 6), "b": round(b, 6), "nMin": MIN_SIZE,
                             "nMax": int(clusters["size"].max()), "rows": int(len(clusters)),
                             "fitted": f"QCD {el}{MIN_SIZE}–{el}{int(clusters['size'].max())} ground states "
                                       f"({len(clusters)}) + OQMD bulk, on the TM13 PBE atom reference"}
    table = element_table()
    clusters = unary[(unary["dataset"] == "qcd") & (unary["size"] >= MIN_SIZE) & unary["element"].isin(list(elements))]
    ecoh = table.loc[clusters["element"], "E_coh"].to_numpy(float)
    usable = np.isfinite(ecoh)
    x = _x(clusters["size"].to_numpy(float))[usable]
    A = np.column_stack([-ecoh[usable], ecoh[usable] * x, -np.ones(usable.sum())])
    scale, per_cohesive, shift = np.linalg.lstsq(A, clusters["target"].to_numpy(float)[usable], rcond=None)[0]
    fallback = {"eCohScale": round(float(scale), 6), "eCohShift": round(float(shift), 6), "a": 0.0,
                "aPerCohesive": round(float(max(per_cohesive, 0.0)), 6), "b": 0.0,
                "fittedOn": int(usable.sum()),
                "definition": "E(N) = −(eCohScale·E_coh + eCohShift) + (a + aPerCohesive·E_coh)·N^(-1/3) + b·N^(-2/3), "
                              "E_coh the experimental cohesive energy (Kittel): the liquid-drop law fitted across the "
                              "clusters of every element with its own law"}
    return SizeLaws(elements, fallback)
