"""Write one shipped model per models/FORMAT.md: NAME.onnx, .conformal.json, .card.json, .card.md,
.parity.json, and for E_form the physics anchor NAME.terms.json."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from common import REPO_ROOT, collapsed_range_text, range_text
from export_onnx import export

PARITY_ROWS = 24
LEVELS = [0.8, 0.9, 0.95]

LICENCES = {
    "qcd": ("QCD unary clusters (qcd-gap-nanoclusters, Manna et al. 2023)", "CC BY 4.0 (NOMAD record); repo has no licence file"),
    "tm13": ("KIT TM13 icosahedra (kit-tm13-sulfur)", "MIT"),
    "canela": ("CANELa 147-atom NPs (canela-np-147)", "GPL-3.0"),
    "bulk": ("OQMD bulk energies per atom (matminer magpie GSenergy_pa) on the TM13 PBE atom reference", "BSD-style LBNL (matminer)"),
    "lpnc": ("LPNC Au–Ag SCH3 clusters, energies within a composition (lpnc-nc-database)", "GPL-3.0"),
    "published": ("DFT values stated in Gu et al., Chem. Sci. 2025, 16, 19644", "facts from the publication"),
    "mp": ("Materials Project TM binary formation energies (mp-eform-matbench, via matbench)", "CC BY 4.0 (Materials Project)"),
    "site-bcseg": ("BCSeg surface segregation (bcseg-segregation)", "no licence file upstream"),
    "site-eseg-ads": ("EsegAdsModel segregation with adsorbates (eseg-ads-ligand)", "no licence file upstream"),
}


def feature_schema_version() -> str:
    """FEATURE_SCHEMA_VERSION as declared by the featuriser (engine/src/features/schema.ts)."""
    text = (REPO_ROOT / "engine" / "src" / "features" / "schema.ts").read_text()
    match = re.search(r"FEATURE_SCHEMA_VERSION\s*=\s*'([^']+)'", text)
    if not match:
        raise ValueError("engine/src/features/schema.ts declares no FEATURE_SCHEMA_VERSION")
    return match.group(1)


def conformal_file(points: pd.DataFrame, group_by: str, groups: dict[str, list[str]], folds: int,
                   floors: dict[str, list[str]] | None = None) -> dict:
    """`points` has key, residual, fold per calibration point; `groups` maps a group to its raw keys; `floors` a
    group to the groups its interval is never narrower than (`atLeast`, models/FORMAT.md)."""
    name_of = {key: group for group, keys in groups.items() for key in keys}
    labels = [name_of[k] for k in points["key"]]
    return {"method": "cv+", "folds": folds,
            "residuals": [round(float(r), 6) for r in points["residual"]],
            "fold": [int(k) for k in points["fold"]], "group": labels,
            # A group no point serves is listed too (n = 0): its keys are then unbounded, not pooled (FORMAT.md).
            "groups": {g: {"n": labels.count(g), "members": sorted(keys), **({"atLeast": floors[g]} if g in (floors or {}) else {})}
                       for g, keys in groups.items()},
            "groupBy": group_by}


def feature_ranges(rows: pd.DataFrame, names: list[str]) -> dict:
    X = rows[names].to_numpy(float)
    return {n: {"min": float(X[:, j].min()), "max": float(X[:, j].max())} for j, n in enumerate(names)}


def parity_rows(rows: pd.DataFrame) -> np.ndarray:
    """The training rows whose feature vectors the parity file holds."""
    rng = np.random.default_rng(0)
    return np.sort(rng.choice(len(rows), size=min(PARITY_ROWS, len(rows)), replace=False))


def parity(rows: pd.DataFrame, names: list[str], folds: list) -> dict:
    picked = parity_rows(rows)
    X = rows[names].to_numpy(float)[picked].astype(np.float32).astype(float)
    fold_preds = np.column_stack([m.predict(X) for m in folds])
    return {"features": X.tolist(), "point": np.median(fold_preds, axis=1).tolist(), "folds": fold_preds.tolist()}


def shipped_from(name: str, dataset: str, sources: list[str], groups: list[str], parity_sources: list[str],
                 shipped_fits: dict[str, str]) -> str:
    """What the shipped files of model `name` hold that derives from data set `dataset`, exactly: one held-out
    residual per calibration point in NAME.conformal.json (by group), feature vectors (inputs, no labels) in
    NAME.parity.json, and fitted parameters (`shipped_fits`); or nothing derived from it."""
    parts = []
    mine = [g for s, g in zip(sources, groups) if s == dataset]
    if mine:
        counts = pd.Series(mine).value_counts().sort_index()
        parts.append(f"{len(mine)} absolute held-out residuals of its rows (the calibration points; no labels or features) in "
                     f"{name}.conformal.json, groups " + ", ".join(f"`{g}` {c}" for g, c in counts.items()))
    picked = sum(1 for s in parity_sources if s == dataset)
    if picked:
        parts.append(f"the feature vectors (inputs, no labels) of {picked} row{'s' if picked != 1 else ''} in {name}.parity.json")
    if dataset in shipped_fits:
        parts.append(shipped_fits[dataset])
    return "; ".join(parts) if parts else "nothing derived from its rows but the fitted model"


def write_model(out_dir: Path, name: str, rows: pd.DataFrame, names: list[str], folds: list, conformal: dict,
                card: dict, extra: dict[str, dict] | None = None, also_used: dict[str, tuple[int, str]] | None = None,
                residual_sources: list[str] | None = None, shipped_fits: dict[str, str] | None = None) -> dict:
    """Every file of model `name`; `card` supplies target, model, metrics, coverage, domain, knows/doesNotKnow.
    `also_used`: data sets that are not training rows but fit or calibrate a part (key → rows, what for).
    `residual_sources`: the data set of each conformal point, in the file's order, so the card says exactly which
    shipped residuals come from which data set; `shipped_fits`: data set → the fitted parameters derived from it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    export(folds, len(names), out_dir / f"{name}.onnx")
    written = [out_dir / f"{name}.onnx"]
    files = {"conformal.json": json.dumps(conformal), "parity.json": json.dumps(parity(rows, names, folds)),
             **{suffix: json.dumps(content, indent=1) for suffix, content in (extra or {}).items()}}
    for suffix, text in files.items():
        (out_dir / f"{name}.{suffix}").write_text(text)
        written.append(out_dir / f"{name}.{suffix}")
    counts = rows["dataset"].value_counts()
    sources = list(residual_sources) if residual_sources is not None else []
    if sources and len(sources) != len(conformal["residuals"]):
        raise ValueError(f"{name}: {len(sources)} residual sources for {len(conformal['residuals'])} residuals")
    parity_sources = list(rows["dataset"].to_numpy()[parity_rows(rows)])

    def shipped(d: str) -> str:
        return shipped_from(name, d, sources, conformal["group"], parity_sources, shipped_fits or {})

    full = {"name": name, "version": "", **card,
            "features": list(names), "featureSchema": feature_schema_version(),
            "training": {"rows": int(len(rows)), "datasets": [
                *[{"key": d, "name": LICENCES[d][0], "licence": LICENCES[d][1], "rows": int(counts[d]), "use": "training rows",
                   "shipped": shipped(d)} for d in counts.index],
                *[{"key": d, "name": LICENCES[d][0], "licence": LICENCES[d][1], "rows": n, "use": use, "shipped": shipped(d)}
                  for d, (n, use) in (also_used or {}).items()]]},
            "conformal": {"method": "cv+", "folds": conformal["folds"], "groupBy": conformal["groupBy"], "levels": LEVELS}}
    full["version"] = content_version(written, full)
    (out_dir / f"{name}.card.json").write_text(json.dumps(full, indent=1))
    (out_dir / f"{name}.card.md").write_text(card_markdown(full))
    return full


def content_version(files: list[Path], card: dict) -> str:
    """The model's version: 2.0.0 and a hash of what was trained (its files and its card but the version),
    so a rerun on the same data writes the same files and any change of a model changes its version (a date
    would do neither)."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.read_bytes())
    digest.update(json.dumps({k: v for k, v in card.items() if k != "version"}, sort_keys=True).encode())
    return f"2.0.0+{digest.hexdigest()[:12]}"


def sizes_text(sizes: dict, bulk_size: float | None) -> str:
    """A size range for people: one that reaches the N written for the bulk rows (N = ∞) runs to the bulk."""
    if bulk_size is not None and sizes["max"] >= bulk_size:
        return f"{sizes['min']:g} atoms to the bulk"
    return f"{collapsed_range_text(sizes)} atoms"


def conformal_grouping(group_by: str) -> str:
    return "one group of residuals" if group_by == "none" else f"Mondrian by `{group_by}`"


# The kinds of core of the card's `bimetallicSizes`, as BM404 names them (engine/src/inference/domainJoint.ts).
CORE_KINDS = {"bare": "bare", "ligated": "ligand-protected", "supported": "supported"}


def card_markdown(card: dict) -> str:
    d = card["domain"]
    bulk_size = d.get("bulkSize")
    lines = [f"# Model card: {card['name']} ({card['version']})", "",
             f"**Target.** {card['target']['definition']} Unit: {card['target']['unit']}.", "",
             f"**Reference.** {card['reference']}", "",
             f"**Model.** {card['model']}", "",
             f"**Features.** {len(card['features'])} columns from `bimetal featurize`, schema `{card['featureSchema']}`.", "",
             "## What it knows", "", *[f"- {k}" for k in card["knows"]], "",
             "## What it does not know", "", *[f"- {k}" for k in card["doesNotKnow"]], "",
             "## Training data", "",
             "What the shipped files hold from each set is in the last column: fitted parameters, and per-row "
             "residuals and feature vectors where it says so.", "",
             "| set | rows | used for | licence | in the shipped files |", "| --- | --- | --- | --- | --- |",
             *[f"| {s['name']} | {s['rows']} | {s['use']} | {s['licence']} | {s.get('shipped', '–')} |"
               for s in card["training"]["datasets"]], "",
             "## Held-out metrics", "", *card["metricsMarkdown"], "",
             f"## Conformal intervals (CV+, {conformal_grouping(card['conformal']['groupBy'])})", "",
             *card["coverageMarkdown"], "",
             "## Applicability domain", "",
             f"- elements ({len(d['elements'])}): {', '.join(d['elements'])}",
             f"- element pairs seen in bimetallic rows ({len(d['pairs'])}): {', '.join(d['pairs']) or 'none'}",
             f"- hosts seen as bare cores: {', '.join(d['bareHosts'])}",
             *([f"- hosts seen under ligands: {', '.join(d['ligandHosts'])}"] if "ligandHosts" in d else []),
             f"- sizes: {sizes_text(d['nMetal'], bulk_size)}",
             f"- sizes by core geometry: " + "; ".join(f"{g} {sizes_text(r, bulk_size)}" for g, r in d["geometry"].items()),
             *([f"- sizes of the bimetallic rows by kind of core: " + "; ".join(f"{CORE_KINDS[kind]} {sizes_text(r, bulk_size)}" for kind, r in d["bimetallicSizes"].items())]
               if "bimetallicSizes" in d else []),
             f"- {'minority metal fraction' if d.get('ratioOf') == 'minority' else 'dopant ratio'}: {range_text(d['ratio'])}",
             f"- ligand classes: {', '.join(d['ligandClasses']) or 'none (bare cores)'}",
             f"- supports: {', '.join(d['supports']) or 'none'}", ""]
    return "\n".join(lines)
