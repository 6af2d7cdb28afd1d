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
from build_data import build_all  # noqa: E402
from common import REPO_ROOT, ProvenanceLog, cache_dir  # noqa: E402
from featurize import featurize  # noqa: E402
from models import MODELS  # noqa: E402
from report import write_report  # noqa: E402
from train import Problem, ablation, best_model, fit_cv_plus  # noqa: E402
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


def ship(problem: Problem, results: list[dict], candidates: list[str], scheme: str, name: str,
         target: dict, out_dir: Path, notes: list[str]) -> dict:
    key = best_model(results, candidates, scheme)
    spec = MODELS[key]
    fit = fit_cv_plus(spec, problem)
    metrics = {s: {r["model"]: r["overall"] for r in results if r["scheme"] == s} for s in problem.schemes}
    coverage = {r["scheme"]: {str(k): v for k, v in r["coverage"].items()}
                for r in results if r["model"] == key and "coverage" in r}
    card = {"target": target, "model": f"{spec.label} (`{key}`), chosen as the lowest grouped-CV MAE "
            f"(leave-{scheme}-out) among {', '.join(candidates)}", "modelKey": key,
            "metrics": metrics, "coverage": coverage, "notes": notes}
    return write_model(out_dir, name, problem, fit, card)


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
    log.write(run_logs / "provenance.jsonl")
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

    eform_results = ablation(eform, eform_models, coverage_keys=set(tree_candidates))
    eform_card = ship(eform, eform_results, tree_candidates, "pair", "eform-v1", EFORM_TARGET, models_dir,
                      ["Bulk rows (Materials Project) are written as N_metal = 10000; sizes between 147 and 10000 "
                       "are interpolated.", "Bare cores only: no ligand-protected cluster has an absolute E_form here."])
    print(f"eform: shipped {eform_card['modelKey']} ({time.time() - start:.0f} s)", flush=True)
    site_results = ablation(site, site_models, coverage_keys={m for m in site_models if m != "mean"} - {"ridge"})
    site_card = ship(site, site_results, [m for m in site_models if m in ("rf8", "xgb8", "xgb")], "host", "site-v1",
                     SITE_TARGET, models_dir,
                     ["Trained on single-atom-alloy slabs (facet-averaged), mapped onto a 147-atom icosahedron "
                      "with one dopant: size, site and facet are not resolved."])
    print(f"site: shipped {site_card['modelKey']} ({time.time() - start:.0f} s)", flush=True)
    transfer = transfer_experiment(eform, MODELS[eform_card["modelKey"]], smoke=args.smoke)
    write_report(docs_dir, log, tables, {"eform": (eform, eform_results, eform_card),
                                         "site": (site, site_results, site_card)}, transfer)
    (run_logs / "last_run.json").write_text(json.dumps({"smoke": args.smoke, "seconds": time.time() - start}))
    print(f"run_all: done in {time.time() - start:.0f} s (wall)")


if __name__ == "__main__":
    main()
