#!/usr/bin/python3
"""The peer of `bimetal score`: what a computational chemist writes today with Debian's Python stack.

It starts from a table of already-parsed recipes (compositions, ligand SMILES, support, distance),
computes the first seed paper's descriptors (H_mix, χ_env, Δχ_M, ΔM, D, ΔR, D̃, φ, ligand logP) itself and
applies the shipped E_form model (models/eform-v2.*) with its CV+ interval:

- RDKit (python3-rdkit): Crippen logP (`MolLogP`) and the binding atoms, by substructure search
  with the binding-atom SMARTS the engine publishes (passed in `published.bindingPatterns`).
- pymatgen (python3-pymatgen): Pauling χ, atomic weights and metallic radii. Where pymatgen's value differs from
  the engine's published element table (passed in `published.elements`), the published value is
  used and the difference is listed in the output's `overrides`, so both sides compute from the
  same numbers. Values pymatgen has no field for (cohesive energies) are taken from the published
  tables.
- H_mix: the Takeuchi–Inoue table as matminer ships it (`MiedemaLiquidDeltaHf.tsv`, its path in
  `takeuchiInoue`), read here; for a pair it lacks, the value of Miedema's model that the engine
  publishes (`published.hMix`).
- The model: the K fold models' weights are read from the ONNX file with python3-onnx and applied
  with numpy, because the shipped eform-v2 is linear in its physics columns (no tree part: no
  XGBoost booster to run). A graph with any other operator, or a weight on a column this peer does
  not compute, is refused rather than applied wrongly. The physics anchor (size law, environment
  term) comes from eform-v2.terms.json, the Mondrian CV+ calibration from eform-v2.conformal.json.

Usage: peer_score.py INPUT.json OUTPUT.json. Timings are written into the output: wall `seconds` of
startup (imports, model files and the H_mix table) and score (descriptors, features, model and intervals), and
`cpuSeconds` of the process up to the end of scoring (`total`) and of scoring alone (`score`).
"""
from __future__ import annotations

import sys
import time

STARTED = time.perf_counter()

import json  # noqa: E402
import math  # noqa: E402
import resource  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import pymatgen.core  # noqa: E402
from onnx import numpy_helper  # noqa: E402
from pymatgen.core.periodic_table import Element  # noqa: E402
from rdkit import Chem, rdBase  # noqa: E402
from rdkit.Chem import Crippen  # noqa: E402

LINEAR_OPS = {"MatMul", "Add", "Identity", "TopK", "Gather"}
# The feature columns this peer computes: the regular-solution mixing energy, and the bond-centric
# ordering energy, which is 0 for a recipe without a structure file (all the peer accepts).
COMPUTED_COLUMNS = {"miedema_mixing", "bcm_ordering"}


#: The bare-core keys whose error the environment residuals leave out (noveltyGroup.ts unmeasuredByEnvironment), with small-N.
UNMEASURED_BY_ENVIRONMENT = ("size-new", "element-new-small", "pair-far-small", "pair-far", "element-new")


def far_beyond(value: float, lo: float, hi: float) -> bool:
    """Whether `value` lies outside [lo, hi] by more than a tenth of its width (FORMAT.md: the domain's "far beyond"
    rule; a range of one value has only a float slack)."""
    margin = 0.1 * (hi - lo) if hi > lo else 1e-6 * max(1.0, abs(lo), abs(hi))
    return max(value - hi, lo - value) > margin


class ElementTable:
    """Pauling χ, atomic weight and metallic radius by symbol: pymatgen's, or the published value where they differ."""

    def __init__(self, published: dict[str, dict]):
        self.published = published
        self.values: dict[tuple[str, str], float | None] = {}
        self.overrides: list[dict] = []

    def _lookup(self, symbol: str, prop: str) -> float | None:
        ours = self.published.get(symbol, {}).get(prop)
        if prop == "pauling":
            theirs = Element(symbol).X
            theirs = None if theirs is None or math.isnan(theirs) else float(theirs)
        elif prop == "atomicWeight":  # g/mol
            theirs = float(Element(symbol).atomic_mass)
        else:  # metallicRadius, Å; pymatgen raises for an element it has no radius for ("no data")
            try:
                theirs = float(Element(symbol).metallic_radius)
            except ValueError:
                theirs = None
        if ours is not None and (theirs is None or abs(theirs - ours) > 1e-9):
            self.overrides.append({"element": symbol, "property": prop, "pymatgen": theirs, "published": ours})
            return ours
        return theirs

    def get(self, symbol: str, prop: str) -> float | None:
        key = (symbol, prop)
        if key not in self.values:
            self.values[key] = self._lookup(symbol, prop)
        return self.values[key]


class Ligands:
    """Crippen logP, binding atoms and class of each distinct (SMILES, binds, logP) use, computed once."""

    def __init__(self, patterns: list[dict]):
        self.patterns = [(p["ligandClass"], Chem.MolFromSmarts(p["smarts"])) for p in patterns]
        self.cache: dict[tuple, dict] = {}

    def describe(self, use: dict) -> dict:
        key = (use["smiles"], tuple(use.get("binds") or ()), use.get("logP"))
        if key not in self.cache:
            self.cache[key] = self._describe(use)
        return self.cache[key]

    def _describe(self, use: dict) -> dict:
        mol = Chem.MolFromSmiles(use["smiles"])
        if mol is None:
            raise ValueError(f"invalid SMILES {use['smiles']!r}")
        matches = []  # (class, binding elements) per pattern that matched, in priority order
        for ligand_class, query in self.patterns:
            hits = mol.GetSubstructMatches(query)
            if hits:
                matches.append((ligand_class, list(dict.fromkeys(mol.GetAtomWithIdx(h[0]).GetSymbol() for h in hits))))
        binds = list(dict.fromkeys(use.get("binds") or []))
        if binds:
            ligand_class = next((c for c, atoms in matches if any(a in binds for a in atoms)), "other")
            atoms = binds
        else:
            ligand_class, atoms = matches[0] if matches else ("other", [])
        log_p = use["logP"] if use.get("logP") is not None else Crippen.MolLogP(mol)
        return {"logP": log_p, "atoms": atoms, "class": ligand_class}


def takeuchi_inoue(path: Path) -> dict[str, float]:
    """ΔH_mix of the equiatomic liquid (kJ/mol) by pair, "A-B" in alphabetical order; the file is whitespace-separated."""
    rows = [line.split() for line in path.read_text().splitlines()]
    if rows[0] != ["elem_A", "elem_B", "delta_Hf"]:
        raise ValueError(f"{path}: unexpected header {rows[0]}")
    table: dict[str, float] = {}
    for a, b, text in (row for row in rows[1:] if row):
        pair, value = "-".join(sorted((a, b))), float(text)
        if table.get(pair, value) != value:
            raise ValueError(f"{path}: conflicting values for {pair}")
        table[pair] = value
    return table


def descriptors(recipe: dict, elements: ElementTable, ligands: Ligands, published: dict, table: dict[str, float]) -> dict:
    """The first paper's descriptors of one recipe (docs/descriptors.md), None where an input is missing."""
    host, dopant = recipe["host"], recipe["dopant"]
    n_host, n_dopant = recipe["nHost"], recipe["nDopant"]
    n = n_host + n_dopant
    pair = "-".join(sorted((host, dopant)))
    h_mix = table.get(pair, published["hMix"].get(pair))

    chi_metal = (n_host * elements.get(host, "pauling") + n_dopant * elements.get(dopant, "pauling")) / n
    described = [ligands.describe(use) for use in recipe["ligands"]]
    support = recipe.get("support")
    if recipe["ligands"]:
        # Each ligand counts once, with the mean χ of its binding atoms (docs/descriptors.md).
        total = sum(use["count"] for use in recipe["ligands"])
        chi_sub = sum(use["count"] * np.mean([elements.get(a, "pauling") for a in d["atoms"]])
                      for use, d in zip(recipe["ligands"], described)) / total
        chi_env = chi_metal - chi_sub
    elif support and support != "none":
        chi_env = chi_metal - elements.get(published["supportAtom"][support], "pauling")
    else:
        chi_env = 0.0

    delta_chi = abs(elements.get(host, "pauling") - elements.get(dopant, "pauling"))
    delta_m = abs(elements.get(host, "atomicWeight") - elements.get(dopant, "atomicWeight"))
    r_host, r_dopant = elements.get(host, "metallicRadius"), elements.get(dopant, "metallicRadius")
    delta_r = abs(r_host - r_dopant)
    # D: the recipe's distance, else 2 × the count-weighted mean metallic radius (no geometry).
    distance = recipe.get("distance") or 2 * (n_host * r_host + n_dopant * r_dopant) / n
    c = published["reducedDistanceC"]
    reduced = 1 - c * delta_r / (distance + c * delta_r)
    log_ps = [d["logP"] for d in described]
    counts = [use["count"] for use in recipe["ligands"]]
    return {"hMix": h_mix, "chiEnv": chi_env, "deltaChi": delta_chi, "deltaM": delta_m, "distance": distance, "deltaR": delta_r, "reducedDistance": reduced,
            "phi": reduced * chi_env, "logP": float(np.average(log_ps, weights=counts)) if log_ps else None,
            "ligandLogP": log_ps, "ligandClasses": [d["class"] for d in described]}


class EformModel:
    """The shipped E_form model: physics anchor + median of K linear fold models, with Mondrian CV+."""

    def __init__(self, model_dir: Path, name: str, published: dict):
        card = json.loads((model_dir / f"{name}.card.json").read_text())
        self.names = card["features"]
        self.pairs = set(card["domain"]["pairs"])
        mixing_range = card["domain"]["features"]["miedema_mixing"]
        self.mixing_range = (mixing_range["min"], mixing_range["max"])
        self.smallest_size = card["domain"]["features"]["n_metal"]["min"]
        # Below the bare bimetallic rows' size the pair residuals leave out the size law's error (conformal.ts ComposedGroup).
        self.pair_sizes = card["domain"].get("bimetallicSizes", {}).get("bare", {}).get("min", 0)
        graph = onnx.load(str(model_dir / f"{name}.onnx")).graph
        unknown = {n.op_type for n in graph.node} - LINEAR_OPS
        if unknown:
            raise ValueError(f"{name}.onnx has operators {sorted(unknown)}: this peer applies linear fold models only")
        init = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
        self.weights, self.bias = init["W"].astype(float), init["c"].astype(float)
        weighed = {self.names[j] for j in np.nonzero(self.weights.any(axis=1))[0]}
        if weighed - COMPUTED_COLUMNS:
            raise ValueError(f"{name}.onnx weighs columns this peer does not compute: {sorted(weighed - COMPUTED_COLUMNS)}")
        self.terms = json.loads((model_dir / f"{name}.terms.json").read_text())
        # The smallest size any law was fitted from: an element without a law below it is `element-new-small`.
        laws = self.terms["sizeLaw"]["elements"].values()
        self.laws_from = min((law["nMin"] for law in laws if "nMin" in law), default=0)
        conformal = json.loads((model_dir / f"{name}.conformal.json").read_text())
        self.group_of_key = {m: g for g, info in conformal["groups"].items() for m in info.get("members", [g])}
        # The groups whose interval each group's never lies inside (conformal.ts CalibrationGroup floors).
        self.floors = {g: info.get("atLeast", []) for g, info in conformal["groups"].items()}
        self.residuals = np.array(conformal["residuals"])
        self.fold = np.array(conformal["fold"])
        self.group = np.array(conformal["group"])
        self.kj_per_mol_in_ev = published["kjPerMolInEv"]
        self.cohesive = {s: e.get("cohesiveEnergy") for s, e in published["elements"].items()}

    def element_energy(self, symbol: str, n: int) -> float:
        law = self.terms["sizeLaw"]
        size = max(n, 1)
        own = law["elements"].get(symbol)
        if own:
            return own["eBulk"] + own["a"] * size ** (-1 / 3) + own["b"] * size ** (-2 / 3)
        f, e_coh = law["fallback"], self.cohesive[symbol]
        return (-(f["eCohScale"] * e_coh + f["eCohShift"]) + (f["a"] + f.get("aPerCohesive", 0) * e_coh) * size ** (-1 / 3)
                + f["b"] * size ** (-2 / 3))

    def anchor(self, recipe: dict, classes: list[str]) -> float:
        n = recipe["nHost"] + recipe["nDopant"]
        size = (recipe["nHost"] * self.element_energy(recipe["host"], n)
                + recipe["nDopant"] * self.element_energy(recipe["dopant"], n)) / n
        env = self.terms["environment"]
        # A class without a coefficient adds 0, as in the engine (which flags it as unknown).
        ligand = sum(use["count"] / n * env["perLigand"].get(cls, {"value": 0.0})["value"]
                     for use, cls in zip(recipe["ligands"], classes))
        support = recipe.get("support")
        on_support = env["perSupport"].get(support, {"value": 0.0})["value"] if support and support != "none" else 0.0
        return size + ligand + on_support

    def novelty(self, recipe: dict, classes: list[str], mixing: float) -> tuple[str, tuple | None]:
        """The Mondrian key (models/FORMAT.md "novelty") of a bimetallic recipe with ligand classes `classes`
        and Miedema mixing input `mixing` (the language has no unary ones), and the composition of its error
        where it has one: the mixing term's key and each element's size-law key, and for a shell or support whose
        bare core's error the environment residuals leave out, that core's key or keys and the row's (noveltyGroup.ts)."""
        env = self.terms["environment"]
        support = recipe.get("support")
        n = recipe["nHost"] + recipe["nDopant"]
        per_metal: dict[str, float] = {}  # each class's ligands per metal atom
        for use, cls in zip(recipe["ligands"], classes):
            if use["count"] > 0:
                per_metal[cls] = per_metal.get(cls, 0.0) + use["count"] / n
        supported = bool(support and support != "none")
        if per_metal or supported:
            # A class or kind without a term has ΔE_env = 0 and unknown, and a class's term far beyond the
            # ligands per metal atom it was fitted on is extrapolated: either is FORMAT.md's `environment-new`.
            # So is a support under a cluster far from the sizes its term was fitted on, and terms that no fitted
            # recipe had together (`fittedTogether`).
            def unknown_term(cls: str, value: float) -> bool:
                fitted = env["perLigand"].get(cls, {}).get("ligandsPerMetal")
                return cls not in env["perLigand"] or (fitted is not None and far_beyond(value, fitted["min"], fitted["max"]))

            sizes = env["perSupport"].get(support, {}).get("nMetal") if supported else None
            applied = {f"ligand:{cls}" for cls in per_metal} | ({f"support:{support}"} if supported else set())
            together = env.get("fittedTogether")
            unknown = any(unknown_term(cls, value) for cls, value in per_metal.items()) or (
                supported and (support not in env["perSupport"]
                               or (sizes is not None and far_beyond(n, sizes["min"], sizes["max"])))) or (
                together is not None and not any(applied <= set(fitted) for fitted in together))
            key = "environment-new" if unknown else "environment"
            # The bare core's error the environment residuals leave out (noveltyGroup.ts unmeasuredByEnvironment),
            # unless a support's term was fitted at this size (the NC dimers: their whole error is in the residuals).
            core, parts = self.bare_novelty(recipe, mixing)
            if (supported and sizes is not None and not far_beyond(n, sizes["min"], sizes["max"])) or not (
                    core.startswith("small-") or core in UNMEASURED_BY_ENVIRONMENT):
                return key, None
            return key, ((*parts, key) if parts else (core, [], key))
        return self.bare_novelty(recipe, mixing)

    def bare_novelty(self, recipe: dict, mixing: float) -> tuple[str, tuple[str, list[str]] | None]:
        """The novelty of the recipe's bare core (its shell and support left out)."""
        laws = self.terms["sizeLaw"]["elements"]
        host, dopant = recipe["host"], recipe["dopant"]
        n = recipe["nHost"] + recipe["nDopant"]
        if n < self.smallest_size:
            return "size-new", None
        far = far_beyond(mixing, *self.mixing_range)  # far beyond the card's range (FORMAT.md)
        pair = "pair-far" if far else "pair-seen" if "-".join(sorted((host, dopant))) in self.pairs else "pair-new"

        def composed(key: str) -> tuple[str, tuple[str, list[str]] | None]:
            # Each element's size part: its law's residuals at N (its size bin below the law's sizes), the refitted
            # laws' for an element without one; at the pair residuals' sizes and above they hold the law's error.
            size = []
            for element in (host, dopant):
                if element not in laws:
                    size.append("element-new")
                elif n < self.pair_sizes:
                    size.append(f"small-{n}" if n < laws[element].get("nMin", 0) else f"unary-{element}")
            return key, ((pair, size) if size else None)

        if host not in laws or dopant not in laws:
            return ("element-new-small", None) if n < self.laws_from else composed("element-new")
        small = n < max(laws[host].get("nMin", 0), laws[dopant].get("nMin", 0))
        if far and small:
            return "pair-far-small", None
        return composed(f"small-{n}" if small else pair)

    def predict(self, recipes: list[dict], rows: list[dict], coverage: float) -> dict:
        if any(r.get("site", "mixed") != "mixed" or r.get("structure") for r in recipes):
            raise ValueError("this peer scores `site mixed` recipes without structure files only (no ordering term, no BCM geometry)")
        X = np.zeros((len(recipes), len(self.names)))
        mixing = self.names.index("miedema_mixing")
        for i, (recipe, d) in enumerate(zip(recipes, rows)):
            if d["hMix"] is None:
                raise ValueError(f"{recipe['name']}: no H_mix for {recipe['host']}-{recipe['dopant']}, so no mixing feature")
            x = recipe["nDopant"] / (recipe["nHost"] + recipe["nDopant"])
            X[i, mixing] = 4 * x * (1 - x) * d["hMix"] / self.kj_per_mol_in_ev
        # bcm_ordering is 0 without a structure file: the column stays 0.
        folds = X.astype(np.float32).astype(float) @ self.weights + self.bias
        shift = np.array([self.anchor(r, d["ligandClasses"]) for r, d in zip(recipes, rows)])
        # Each recipe's interval: its key's group at the coverage, or a composed one (conformal.ts ComposedGroup): the
        # mixing group's at 1 − α/2, widened by the largest of the size groups' residual quantiles at 1 − α/(2m); a
        # shell's or support's, its environment group's at 1 − α/2 widened by its bare core's half-width at 1 − α/2.
        alpha = 1 - coverage
        plans = []
        for i, (r, d) in enumerate(zip(recipes, rows)):
            key, composition = self.novelty(r, d["ligandClasses"], X[i, mixing])
            parts = composition and [self.group_of_key.get(k) for k in (composition[0], *composition[1])]
            environment = composition[2] if composition and len(composition) > 2 else None
            if parts and all(parts) and environment and self.group_of_key.get(environment):
                plans.append((self.group_of_key[environment], 1 - alpha / 2, self.half_width(parts[0], parts[1:], 1 - alpha / 2)))
            elif parts and all(parts) and not environment:
                plans.append((parts[0], 1 - alpha / 2, self.half_width(None, parts[1:], coverage)))
            else:
                plans.append((self.group_of_key.get(key, ""), coverage, 0.0))
        point, lower, upper = np.empty(len(recipes)), np.empty(len(recipes)), np.empty(len(recipes))
        for plan in set(plans):
            g, level, widen = plan
            rows_g = np.array([p == plan for p in plans])
            point[rows_g], low, high = self.group_interval(folds[rows_g], g, level)
            lower[rows_g], upper[rows_g] = low - widen, high + widen
        return {"eForm": point + shift, "lower": lower + shift, "upper": upper + shift}

    def group_interval(self, folds: np.ndarray, g: str, level: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Point and CV+ interval of rows with fold outputs `folds` in group `g` ("": pooled) at `level`, the
        interval widened to those of its floors (the conformal file's `atLeast`)."""
        points = self.group == g if g else np.ones(len(self.group), bool)  # unseen key: pooled
        n = int(points.sum())
        # μ̂₋ₖ₍ᵢ₎(x) for every calibration point i of the group, one row per recipe; a group without points
        # weighs each fold model once for the point, and bounds nothing (conformal.ts CalibrationGroup).
        mu = folds[:, self.fold[points]] if n else folds
        empty = n == 0
        r = self.residuals[points] if n else np.zeros(mu.shape[1])
        n = n or mu.shape[1]
        lo_rank = 0 if empty else math.floor((1 - level) * (n + 1) + 1e-9)
        hi_rank = n + 1 if empty else math.ceil(level * (n + 1) - 1e-9)
        # The calibration-weighted median of the same values (engine/src/inference/conformal.ts).
        middle = sorted({math.ceil(n / 2) - 1, n // 2})
        ranked = np.partition(mu, middle, axis=1)
        point = (ranked[:, math.ceil(n / 2) - 1] + ranked[:, n // 2]) / 2
        lower = np.partition(mu - r, lo_rank - 1, axis=1)[:, lo_rank - 1] if lo_rank >= 1 else np.full(len(mu), -np.inf)
        upper = np.partition(mu + r, hi_rank - 1, axis=1)[:, hi_rank - 1] if hi_rank <= n else np.full(len(mu), np.inf)
        for floor in self.floors.get(g, []):
            _, floor_lower, floor_upper = self.group_interval(folds, floor, level)
            lower, upper = np.minimum(lower, floor_lower), np.maximum(upper, floor_upper)
        return point, lower, upper

    def half_width(self, mixing: str | None, size: list[str], coverage: float) -> float:
        """The residual quantiles a composed interval at `coverage` adds about its centre group's interval
        (conformal.ts ComposedGroup.residualQuantile): the largest of the `size` groups' at 1 − α/(2m), plus, for a
        bare core under a shell (`mixing` given), its mixing group's at 1 − α/2; a core of one group, its own at `coverage`."""
        alpha = 1 - coverage
        if not size:
            return self.residual_quantile(mixing, coverage)
        widen = max(self.residual_quantile(g, 1 - alpha / (2 * len(size))) for g in size)
        return widen + (self.residual_quantile(mixing, 1 - alpha / 2) if mixing else 0.0)

    def residual_quantile(self, group: str, level: float) -> float:
        """The ⌈level·(n+1)⌉-th smallest residual of `group` (+∞ where that rank is above n), or a floor's where
        larger (conformal.ts residualQuantile)."""
        residuals = np.sort(self.residuals[self.group == group])
        rank = math.ceil(level * (len(residuals) + 1) - 1e-9)
        own = float(residuals[rank - 1]) if rank <= len(residuals) else math.inf
        return max([own] + [self.residual_quantile(f, level) for f in self.floors.get(group, [])])


def main(source: str, target: str) -> None:
    table = json.loads(Path(source).read_text())
    published = table["published"]
    model = EformModel(Path(table["modelDir"]), table["model"], published)
    h_mix_table = takeuchi_inoue(Path(table["takeuchiInoue"]))
    loaded, loaded_cpu = time.perf_counter(), time.process_time()

    elements = ElementTable(published["elements"])
    ligands = Ligands(published["bindingPatterns"])
    recipes = table["recipes"]
    rows = [descriptors(r, elements, ligands, published, h_mix_table) for r in recipes]
    prediction = model.predict(recipes, rows, table["coverage"])
    scored, scored_cpu = time.perf_counter(), time.process_time()
    usage = resource.getrusage(resource.RUSAGE_SELF)

    columns = {k: [d[k] for d in rows] for k in ("hMix", "chiEnv", "deltaChi", "deltaM", "distance", "deltaR", "reducedDistance", "phi", "logP", "ligandLogP")}
    # An unbounded interval end (a calibration group too small for the coverage) is written as null.
    columns.update({k: [x if math.isfinite(x) else None for x in v.tolist()] for k, v in prediction.items()})
    Path(target).write_text(json.dumps({
        "recipes": len(recipes), "columns": columns, "overrides": elements.overrides,
        "versions": {"python": sys.version.split()[0], "rdkit": rdBase.rdkitVersion, "pymatgen": pymatgen.core.__version__,
                     "numpy": np.__version__, "onnx": onnx.__version__},
        "seconds": {"startup": loaded - STARTED, "score": scored - loaded},
        "cpuSeconds": {"total": usage.ru_utime + usage.ru_stime, "score": scored_cpu - loaded_cpu}}))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: peer_score.py INPUT.json OUTPUT.json")
    main(sys.argv[1], sys.argv[2])
