"""Rebuild every model and report from ../shared/data in one command.

  /usr/bin/python3 training/run_all.py            full run: ablation, shipped models, docs/models.md
  /usr/bin/python3 training/run_all.py --smoke --out DIR
                                                  reduced run (subsampled rows, fast models) into DIR
Prints its wall time. Models go to models/ (or --out), the report to docs/ (or --out).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from artifacts import write_model  # noqa: E402
from build_data import build_all, metal_symbols  # noqa: E402
from common import REPO_ROOT, ProvenanceLog, cache_dir  # noqa: E402
from featurize import featurize  # noqa: E402
from models import MODELS  # noqa: E402
from report import write_report  # noqa: E402
from lpnc_eval import distinct_rows_per_composition, lpnc_recipes, ranking_scores  # noqa: E402
from multimodal import GNN_KEY, GraphFusionRegressor, graphs_for, multimodal_comparison  # noqa: E402
from train import (CALIBRATION_DESIGNS, DEFAULT_GROUP_BY, CvPlusFit, Problem, ablation, best_model,  # noqa: E402
                   calibration_study, choose_calibration, fit_cv_plus)
from transfer import transfer_experiment  # noqa: E402

EFORM_TARGET = {
    "definition": "E_form in the first paper's sense (eq. 1) for bare cores: binding energy per metal atom "
                  "relative to the isolated atoms, (E_total − Σ N_i E_atom,i) / Σ N_i; negative = bound.",
    "unit": "eV/atom",
}
SITE_TARGET = {
    "definition": "Dopant site preference ΔE = E(dopant in the core) − E(dopant at the surface) = −E_seg; "
                  "negative = the dopant prefers the core, positive = the surface (second paper's ΔE_tot sign).",
    "unit": "eV",
}


def problem_from(table, dataset: str, log: ProvenanceLog, schemes: list[str]) -> Problem:
    rows, names = featurize(table, dataset, log)
    rows = rows.reset_index(drop=True)
    if rows[names].shape[1] != len(names):
        raise ValueError(f"{dataset}: feature matrix width differs from the featuriser's {len(names)} names")
    return Problem(dataset, rows[names].to_numpy(dtype=np.float64), rows["target"].to_numpy(), names, rows, schemes)


def ship(problem: Problem, results: list[dict], candidates: list[str], name: str,
         target: dict, out_dir: Path, notes: list[str], designs: list[tuple[str, str]]) -> tuple[dict, CvPlusFit, list[dict]]:
    """Pick the model, measure its calibration designs, and write it with the design that covers best."""
    key = best_model(results, candidates)
    spec = MODELS[key]
    study = calibration_study(spec, problem, designs)
    problem.cv_plus_by, problem.group_by = choose_calibration(study)
    fit = fit_cv_plus(spec, problem)
    metrics = {s: {r["model"]: r["overall"] for r in results if r["scheme"] == s} for s in problem.schemes}
    coverage = {r["scheme"]: {str(k): v for k, v in r["coverage"].items()} for r in study
                if (r["cv_plus_by"], r["group_by"]) == (problem.cv_plus_by, problem.group_by)}
    card = {"target": target, "model": f"{spec.label} (`{key}`), chosen as the lowest grouped-CV MAE "
            f"averaged over {', '.join(f'leave-{s}-out' for s in problem.schemes)} among {', '.join(candidates)}", "modelKey": key,
            "metrics": metrics, "coverage": coverage, "notes": notes}
    return write_model(out_dir, name, problem, fit, card), fit, study


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="reduced fast run (for the test suite)")
    parser.add_argument("--no-ft", action="store_true", help="leave the FT-Transformer out of a full run (faster)")
    parser.add_argument("--out", type=Path, help="write models and report here instead of models/ and docs/")
    args = parser.parse_args()
    start = time.time()
    models_dir = args.out / "models" if args.out else REPO_ROOT / "models"
    docs_dir = args.out / "docs" if args.out else REPO_ROOT / "docs"

    log = ProvenanceLog()
    tables = build_all(log, cache_dir() / "xyz")
    eform = problem_from(tables["eform"], "eform", log, ["pair", "element"])
    site = problem_from(tables["site"], "site", log, ["host", "pair"])
    run_logs = args.out if args.out else cache_dir()
    run_logs.mkdir(parents=True, exist_ok=True)
    if args.smoke:
        rng = np.random.default_rng(0)
        eform = eform.subset(np.sort(rng.choice(len(eform.y), size=600, replace=False)))
        eform.schemes = ["pair"]
        site.schemes = ["host"]
        eform_models, site_models = ["mean", "ridge", "xgb8", "xgb"], ["mean", "xgb8", "xgb"]
        tree_candidates = ["xgb8", "xgb"]
    else:
        eform_models, site_models = ["mean", "ridge", "rf8", "xgb8", "xgb", "ft"], ["mean", "ridge", "rf8", "xgb8", "xgb"]
        tree_candidates = ["rf8", "xgb8", "xgb", "ft"]
        if args.no_ft:
            eform_models, tree_candidates = eform_models[:-1], tree_candidates[:-1]

    timings = {}

    def lap(phase: str) -> None:
        timings[phase] = time.time() - start - sum(timings.values())
        print(f"{phase}: {timings[phase]:.0f} s", flush=True)

    lap("data + features")
    eform_results = ablation(eform, eform_models, coverage_keys=set(tree_candidates))
    lap("eform ablation")
    eform_card, eform_fit, eform_study = ship(
        eform, eform_results, tree_candidates, "eform-v1", EFORM_TARGET, models_dir,
        ["Bulk rows (Materials Project) are written as N_metal = 10000; sizes between 147 and 10000 "
         "are interpolated.", "Bare cores only: no ligand-protected cluster has an absolute E_form here."],
        designs=[(fold_by, DEFAULT_GROUP_BY) for fold_by in ("pair", "host")])
    lap(f"eform: shipped {eform_card['modelKey']}")
    site_results = ablation(site, site_models, coverage_keys={m for m in site_models if m != "mean"} - {"ridge"})
    site_card, _, site_study = ship(
        site, site_results, [m for m in site_models if m in ("rf8", "xgb8", "xgb")], "site-v1",
        SITE_TARGET, models_dir,
        ["Trained on single-atom-alloy slabs (facet-averaged), mapped onto a 147-atom icosahedron "
         "with one dopant: size, site and facet are not resolved.",
         f"Only {site.table['host'].nunique()} hosts ({', '.join(sorted(site.table['host'].unique()))}): a recipe "
         "with another host is a new host, which the calibration design (docs/models.md) is measured for."],
        designs=CALIBRATION_DESIGNS)
    lap(f"site: shipped {site_card['modelKey']}")
    transfer = transfer_experiment(eform, MODELS[eform_card["modelKey"]], smoke=args.smoke)
    lap("transfer")
    multimodal = None
    if not args.smoke:
        subset, subset_results = multimodal_comparison(eform, eform_models, metal_symbols())
        lap("multimodal comparison")
        multimodal = {"problem": subset, "results": subset_results,
                      "lpnc": lpnc_evaluation(tables["lpnc"], eform, eform_fit, subset, log)}
        lap("lpnc ranking")
    write_report(docs_dir, log, tables, {"eform": (eform, eform_results, eform_card, eform_study),
                                         "site": (site, site_results, site_card, site_study)}, transfer, multimodal,
                 timings)
    log.write(run_logs / "provenance.jsonl")
    (run_logs / "last_run.json").write_text(json.dumps({"smoke": args.smoke, "seconds": time.time() - start,
                                                        "phases": timings}))
    print(f"run_all: done in {time.time() - start:.0f} s (wall)")


def lpnc_evaluation(lpnc, eform: Problem, eform_fit: CvPlusFit, structures: Problem, log: ProvenanceLog) -> dict:
    """Within-composition ranking of the LPNC configurations by the shipped E_form model and by the
    graph network (trained on every structure row), and whether the features can tell them apart."""
    rows, names = featurize(lpnc_recipes(lpnc), "lpnc", log)
    if names != eform.feature_names:
        raise ValueError("LPNC features are not in the E_form model's column order")
    X, relative, compositions = rows[names].to_numpy(dtype=np.float64), rows["target"].to_numpy(), rows["composition"].to_numpy()
    gnn = GraphFusionRegressor().fit(structures.X, graphs_for(structures, metal_symbols()), structures.y, names)
    lpnc_problem = Problem("lpnc", X, relative, names, rows.reset_index(drop=True), [])
    return {"features": distinct_rows_per_composition(X, compositions),
            "models": {"eform-v1": ranking_scores(eform_fit.point.predict(X), relative, compositions),
                       GNN_KEY: ranking_scores(gnn.predict(X, graphs_for(lpnc_problem, metal_symbols())), relative,
                                               compositions)}}


if __name__ == "__main__":
    main()
