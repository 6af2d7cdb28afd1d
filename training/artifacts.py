"""Write one shipped model per models/FORMAT.md: NAME.onnx, .conformal.json, .card.json, .card.md, .parity.json."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import numpy as np

from common import REPO_ROOT
from export_onnx import export
from train import ALPHAS, K_FOLDS, CvPlusFit, Problem, calibration_groups, dopant_of

PARITY_ROWS = 24
FOLD_GROUP_LABELS = {"pair": "element pair", "host": "host element"}

LICENCES = {
    "qcd": ("QCD unary clusters (qcd-gap-nanoclusters, Manna et al. 2023)", "CC BY 4.0 (NOMAD record); repo has no licence file"),
    "tm13": ("KIT TM13 icosahedra (kit-tm13-sulfur)", "MIT"),
    "canela": ("CANELa 147-atom NPs (canela-np-147)", "GPL-3.0 — used for training on the developer side only; "
               "the shipped ONNX holds fitted tree/weight parameters, no data rows"),
    "bulk": ("OQMD bulk energies per atom (matminer magpie GSenergy_pa) minus isolated-atom references", "BSD-style LBNL (matminer)"),
    "mp": ("Materials Project TM binaries via matbench (mp-eform-matbench)", "CC BY 4.0 (data), MIT (CrabNet copy)"),
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


def _conformal(problem: Problem, fit: CvPlusFit) -> dict:
    groups, mapping = calibration_groups(problem, fit)
    members: dict[str, list[str]] = {}
    for raw, merged in mapping.items():
        members.setdefault(merged, []).append(raw)
    return {
        "method": "cv+",
        "folds": K_FOLDS,
        "residuals": [round(float(r), 6) for r in fit.residuals],
        "fold": [int(k) for k in fit.fold],
        "group": groups,
        "groups": {g: {"n": groups.count(g), "members": sorted(m)} for g, m in members.items() if g in groups},
        "groupBy": problem.group_by,
    }


def _domain(problem: Problem) -> dict:
    t = problem.table
    names = problem.feature_names
    X = problem.X
    ligand_classes = sorted(n.removeprefix("ligand_frac_") for j, n in enumerate(names)
                            if n.startswith("ligand_frac_") and X[:, j].max() > 0)
    supports = sorted(n.removeprefix("support_") for j, n in enumerate(names)
                      if n.startswith("support_") and X[:, j].max() > 0)
    n_metal = X[:, names.index("n_metal")]
    return {
        "elements": sorted(set(t["host"]) | set(dopant_of(t))),
        # Elements seen as pure clusters (is_unary = 1): where size trends are learned from data.
        "unaryElements": sorted(set(t.loc[X[:, names.index("is_unary")] == 1, "host"])),
        "nMetal": {"min": float(n_metal.min()), "max": float(n_metal.max())},
        "ligandClasses": ligand_classes,
        "supports": supports,
        "features": {n: {"min": float(X[:, j].min()), "max": float(X[:, j].max())} for j, n in enumerate(names)},
    }


def _parity(problem: Problem, fit: CvPlusFit) -> dict:
    rng = np.random.default_rng(0)
    rows = np.sort(rng.choice(len(problem.X), size=min(PARITY_ROWS, len(problem.X)), replace=False))
    X = problem.X[rows].astype(np.float32)
    return {"features": X.astype(float).tolist(), "point": fit.point.predict(X).astype(float).tolist(),
            "folds": fit.predict_folds(X).astype(float).tolist()}


def write_model(out_dir: Path, name: str, problem: Problem, fit: CvPlusFit, card: dict) -> dict:
    """Write every file of model `name`; `card` supplies target, model, metrics and coverage."""
    out_dir.mkdir(parents=True, exist_ok=True)
    export(fit.folds, problem.X.shape[1], out_dir / f"{name}.onnx")
    (out_dir / f"{name}.conformal.json").write_text(json.dumps(_conformal(problem, fit)))
    (out_dir / f"{name}.parity.json").write_text(json.dumps(_parity(problem, fit)))
    counts = problem.table["dataset"].value_counts()
    full = {
        "name": name,
        "version": f"1.0.0+{date.today().isoformat()}",
        **card,
        "features": list(problem.feature_names),
        "featureSchema": feature_schema_version(),
        "training": {"rows": int(len(problem.y)), "datasets": [
            {"key": d, "name": LICENCES[d][0], "licence": LICENCES[d][1], "rows": int(counts[d])} for d in counts.index]},
        "conformal": {"method": "cv+", "folds": K_FOLDS, "groupBy": problem.group_by,
                      "foldsSplitBy": f"{FOLD_GROUP_LABELS[problem.cv_plus_by]} (GroupKFold)", "levels": list(ALPHAS)},
        "domain": _domain(problem),
    }
    (out_dir / f"{name}.card.json").write_text(json.dumps(full, indent=1))
    (out_dir / f"{name}.card.md").write_text(card_markdown(full))
    return full


def _fmt(v: float) -> str:
    return f"{v:.3f}"


def card_markdown(card: dict) -> str:
    lines = [f"# Model card: {card['name']} ({card['version']})", "",
             f"**Target.** {card['target']['definition']} Unit: {card['target']['unit']}.", "",
             f"**Model.** {card['model']}", "",
             f"**Features.** {len(card['features'])} columns from `bimetal featurize`, schema "
             f"`{card['featureSchema']}` (names in `{card['name']}.card.json`).", "",
             "## Training data", "", "| set | rows | licence |", "| --- | --- | --- |"]
    lines += [f"| {d['name']} | {d['rows']} | {d['licence']} |" for d in card["training"]["datasets"]]
    lines += ["", "## Grouped cross-validation (out-of-fold, eV)", "",
              "| scheme | model | n | MAE | RMSE | R² |", "| --- | --- | --- | --- | --- | --- |"]
    for scheme, rows in card["metrics"].items():
        for model, m in rows.items():
            lines.append(f"| {scheme} | {model} | {m['n']} | {_fmt(m['mae'])} | {_fmt(m['rmse'])} | {_fmt(m['r2'])} |")
    lines += ["", f"## Conformal intervals (CV+, folds grouped by {card['conformal']['foldsSplitBy']}, Mondrian by "
              f"`{card['conformal']['groupBy']}`)", "",
              "Measured on grouped holdouts (calibrated inside each outer fold):", "",
              "| scheme | nominal | coverage | mean width (eV) |", "| --- | --- | --- | --- |"]
    for scheme, levels in card["coverage"].items():
        for level, c in levels.items():
            lines.append(f"| {scheme} | {level} | {_fmt(c['coverage'])} | {_fmt(c['mean_width'])} |")
    d = card["domain"]
    lines += ["", "## Applicability domain", "",
              f"- elements ({len(d['elements'])}): {', '.join(d['elements'])}",
              f"- N_metal: {d['nMetal']['min']:g}–{d['nMetal']['max']:g}",
              f"- ligand classes: {', '.join(d['ligandClasses']) or 'none (bare cores)'}",
              f"- supports: {', '.join(d['supports']) or 'none'}",
              "- per-feature min/max: `domain.features` in the JSON card", ""]
    if card.get("notes"):
        lines += ["## Notes", "", *[f"- {n}" for n in card["notes"]], ""]
    return "\n".join(lines)
