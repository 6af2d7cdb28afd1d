"""docs/models.md and its PNG figures, drawn from one run_all.py run (every number here is measured)."""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from artifacts import FOLD_GROUP_LABELS  # noqa: E402
from common import ProvenanceLog  # noqa: E402
from models import MODELS  # noqa: E402
from train import ALPHAS, worst_shortfall  # noqa: E402


def _parity_plot(problem, result, path: Path, title: str, unit: str) -> None:
    fig, ax = plt.subplots(figsize=(4.5, 4.5))
    seen = ~np.isnan(result["pred"])
    for d in sorted(problem.table["dataset"].unique()):
        rows = seen & (problem.table["dataset"] == d).to_numpy()
        ax.scatter(problem.y[rows], result["pred"][rows], s=6, alpha=0.5, label=d)
    lims = [min(problem.y.min(), np.nanmin(result["pred"])), max(problem.y.max(), np.nanmax(result["pred"]))]
    ax.plot(lims, lims, "k--", lw=0.8)
    ax.set_xlabel(f"DFT ({unit})")
    ax.set_ylabel(f"predicted, out-of-fold ({unit})")
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _coverage_plot(results_by_model: dict, path: Path, title: str) -> None:
    fig, ax = plt.subplots(figsize=(4.5, 4))
    levels = list(ALPHAS)
    for key, r in results_by_model.items():
        ax.plot(levels, [r["coverage"][lv]["coverage"] for lv in levels], "o-", label=key)
    ax.plot([0.75, 1], [0.75, 1], "k--", lw=0.8)
    ax.set_xlabel("nominal coverage")
    ax.set_ylabel("measured coverage on held-out chemistry")
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _transfer_plot(transfer: dict, path: Path) -> None:
    shots = [s["added"] for s in transfer["shots"]]
    fig, ax1 = plt.subplots(figsize=(5, 3.6))
    ax1.plot(shots, [s["mae"] for s in transfer["shots"]], "o-", color="C0", label="MAE")
    ax1.set_xlabel(f"{transfer['host']}-host rows added to training")
    ax1.set_ylabel("MAE on the remaining rows (eV/atom)", color="C0")
    ax2 = ax1.twinx()
    ax2.plot(shots, [s["coverage90"] for s in transfer["shots"]], "s--", color="C1", label="90 % coverage")
    ax2.set_ylim(0, 1.05)
    ax2.set_ylabel("coverage of 90 % CV+ intervals", color="C1")
    ax1.set_title(f"Transfer to an unseen host ({transfer['host']}, model {transfer['model']})", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _label(result: dict) -> str:
    return result.get("label") or MODELS[result["model"]].label


def _ablation_table(results: list[dict], schemes: list[str]) -> list[str]:
    datasets = sorted({d for r in results for d in r["by_dataset"]})
    lines = ["| scheme | model | MAE | RMSE | R² | " + " | ".join(f"MAE {d}" for d in datasets) + " |",
             "| --- | --- | --- | --- | --- | " + " | ".join("---" for _ in datasets) + " |"]
    for scheme in schemes:
        for r in (r for r in results if r["scheme"] == scheme):
            o = r["overall"]
            per = " | ".join(f"{r['by_dataset'][d]['mae']:.3f}" if d in r["by_dataset"] else "–" for d in datasets)
            lines.append(f"| leave-{scheme}-out | {_label(r)} | {o['mae']:.3f} | {o['rmse']:.3f} | "
                         f"{o['r2']:.3f} | {per} |")
    return lines


def _coverage_table(results: list[dict]) -> list[str]:
    lines = ["| scheme | model | " + " | ".join(f"cov {lv} / width" for lv in ALPHAS) + " |",
             "| --- | --- | " + " | ".join("---" for _ in ALPHAS) + " |"]
    for r in results:
        if "coverage" in r:
            cells = " | ".join(f"{r['coverage'][lv]['coverage']:.3f} / {r['coverage'][lv]['mean_width']:.2f}"
                               for lv in ALPHAS)
            lines.append(f"| leave-{r['scheme']}-out | {r['model']} | {cells} |")
    return lines


def _levels(coverage: dict) -> str:
    return " | ".join(f"{coverage[lv]['coverage']:.3f} / {coverage[lv]['mean_width']:.2f}" for lv in ALPHAS)


def _calibration_table(study: list[dict], card: dict) -> list[str]:
    shipped = (card["conformal"]["foldsSplitBy"], card["conformal"]["groupBy"])
    lines = ["| CV+ folds grouped by | Mondrian groups | held out | " + " | ".join(f"cov {lv} / width" for lv in ALPHAS)
             + " | worst shortfall |", "| --- | --- | --- | " + " | ".join("---" for _ in ALPHAS) + " | --- |"]
    for r in study:
        mark = " (shipped)" if (FOLD_GROUP_LABELS[r["cv_plus_by"]] + " (GroupKFold)", r["group_by"]) == shipped else ""
        lines.append(f"| {r['cv_plus_by']}{mark} | {r['group_by']} | leave-{r['scheme']}-out | {_levels(r['coverage'])} | "
                     f"{worst_shortfall(r['coverage']):.3f} |")
    return lines


def _task_section(task: str, problem, results: list[dict], card: dict, study: list[dict], figures: Path) -> list[str]:
    unit = card["target"]["unit"]
    key = card["modelKey"]
    main_scheme = problem.schemes[0]
    shipped = next(r for r in results if r["model"] == key and r["scheme"] == main_scheme)
    _parity_plot(problem, shipped, figures / f"{task}-parity.png", f"{card['name']}: {key}, leave-{main_scheme}-out", unit)
    _coverage_plot({**{r["model"]: r for r in results if "coverage" in r and r["scheme"] == main_scheme},
                    f"{key}, shipped calibration": next(r for r in study if r["scheme"] == main_scheme and
                                                        FOLD_GROUP_LABELS[r["cv_plus_by"]] + " (GroupKFold)"
                                                        == card["conformal"]["foldsSplitBy"] and
                                                        r["group_by"] == card["conformal"]["groupBy"])},
                   figures / f"{task}-coverage.png", f"{card['name']}: CV+ coverage, leave-{main_scheme}-out")
    return [f"## {card['name']}", "", f"Target: {card['target']['definition']} ({unit}).", "",
            f"Rows: {len(problem.y)} ({', '.join(f'{d}: {n}' for d, n in problem.table['dataset'].value_counts().items())}). "
            f"Shipped: **{key}** — {card['model']}.", "",
            f"### Ablation (grouped CV, out-of-fold, {unit})", "", *_ablation_table(results, problem.schemes), "",
            "### CV+ coverage and mean width on grouped holdouts (candidates)", "",
            "Intervals are calibrated inside each outer fold (CV+ folds grouped by element pair, Mondrian by "
            "`host_period`, small groups merged) and scored on the held-out chemistry.", "", *_coverage_table(results), "",
            f"### Calibration design of the shipped model ({key})", "",
            "Which residuals calibrate the intervals decides what they cover: CV+ folds grouped by pair give "
            "leave-pair-out residuals (right for a new pair of known elements, too small for a new host); folds "
            "grouped by host give leave-host-out residuals. Each design is measured with nested CV+ on both "
            "holdouts; the shipped one has the smallest worst shortfall below nominal over both holdouts and all "
            "three levels, ties broken by the narrower mean 90 % interval.", "",
            *_calibration_table(study, card), "",
            f"![parity](figures/{task}-parity.png) ![coverage](figures/{task}-coverage.png)", ""]


def _multimodal_section(multimodal: dict) -> list[str]:
    problem, results, lpnc = multimodal["problem"], multimodal["results"], multimodal["lpnc"]
    counts = problem.table["dataset"].value_counts()
    gnn = {r["scheme"]: r["overall"]["mae"] for r in results if r["model"] == "gnn"}
    best = {s: min((r["overall"]["mae"], _label(r)) for r in results if r["scheme"] == s and r["model"] != "gnn")
            for s in problem.schemes}
    wins = all(gnn[s] < best[s][0] for s in problem.schemes)
    f = lpnc["features"]
    lines = ["## Multimodal variant: graph network on the 3D structure", "",
             f"Only recipes with a structure file have a graph: {len(problem.y)} rows "
             f"({', '.join(f'{d}: {n}' for d, n in counts.items())}). Every model below is trained and scored on "
             "this subset only, on the same grouped splits (the descriptor models' full-data numbers are above). "
             "The graph network (`training/multimodal.py`) passes messages over the nearest-neighbour graph of the "
             "metal atoms (the engine's neighbour rule; node features = the featuriser's host/dopant element "
             "properties, edges = Gaussian-expanded distances), mean-pools, and fuses the result with an MLP of "
             "the feature vector.", "", *_ablation_table(results, problem.schemes), "",
             ("The graph network has the lowest MAE under every scheme here. " if wins else
              "The graph network does not beat the best descriptor model "
              f"({'; '.join(f'leave-{s}-out: {gnn[s]:.3f} vs {best[s][1]} {best[s][0]:.3f}' for s in problem.schemes)}). ")
             + "It is not shipped: it needs a structure file, which most editor recipes lack, so it would need a "
             "fallback for every structure-less recipe, and the subset is almost all unary clusters (a held-out "
             "pair is mostly a held-out element, where the element properties, not the geometry, carry the signal).",
             "", "### LPNC Au–Ag (SCH3) configurations: ranking within a composition", "",
             f"{f['configurations']} configurations of {f['compositions']} compositions (ten Ag placements each; "
             "relative DFT energies per metal atom, build_data.lpnc_auag). Each is featurised with its own structure "
             f"file: the featuriser gives a median of {f['median_distinct']:g} distinct vectors per composition "
             f"({f['all_identical']} compositions all identical), but only through the relaxed geometry (mean "
             "bond length D, core fraction, mean coordination); it cannot see which sites the Ag atoms occupy, "
             "which is what the configurations differ in. The graph network sees the element of every atom. "
             "ρ is taken as 0 for a composition whose ten predictions are all equal.", "",
             "| model | mean Spearman ρ | median ρ | compositions with ρ > 0 | predicted lowest = DFT lowest | chance |",
             "| --- | --- | --- | --- | --- | --- |"]
    for name, m in lpnc["models"].items():
        lines.append(f"| {name} | {m['mean_rho']:+.3f} | {m['median_rho']:+.3f} | {m['positive']}/{m['compositions']} | "
                     f"{m['top1']:.2f} | {m['top1_chance']:.2f} |")
    null = next(iter(lpnc["models"].values()))["null_rho_95"]
    lines += ["", f"A mean ρ of magnitude below {null:.3f} is what random predictions reach 95 % of the time "
              f"(200 shuffles). eform-v1 is a bare-core model applied to ligand-protected clusters, and the "
              "graph network was trained on bare cores (almost all unary), so neither is expected to know "
              "Ag/Au site preferences under thiolates: this measures what they know, and is reported as such.", ""]
    return lines


def write_report(docs_dir: Path, log: ProvenanceLog, tables: dict, tasks: dict, transfer: dict,
                 multimodal: dict | None, timings: dict) -> None:
    figures = docs_dir / "figures"
    figures.mkdir(parents=True, exist_ok=True)
    out = ["# Models: data, grouped-CV ablation, conformal coverage", "",
           "Generated by `/usr/bin/python3 training/run_all.py` (do not edit by hand). Every number below is "
           "measured by that run; the shipped artifacts are in `models/` (format: `models/FORMAT.md`).", ""]
    for task, (problem, results, card, study) in tasks.items():
        out += _task_section(task, problem, results, card, study, figures)
    if transfer:
        _transfer_plot(transfer, figures / "transfer.png")
        out += ["## Transfer to an unseen host", "",
                f"All {transfer['n_host_rows']} rows with host {transfer['host']} held out (rows with it as dopant "
                f"removed from training), then 0/2/5/10 of them added; model `{transfer['model']}`, mean over "
                f"{transfer['shots'][0]['seeds']} random draws.", "",
                "| rows added | MAE (eV/atom) | 90 % coverage | mean width (eV/atom) |", "| --- | --- | --- | --- |",
                *[f"| {s['added']} | {s['mae']:.3f} | {s['coverage90']:.2f} | {s['width90']:.2f} |" for s in transfer["shots"]],
                "", "![transfer](figures/transfer.png)", ""]
    if multimodal:
        out += _multimodal_section(multimodal)
    out += ["## Run time", "", "Wall-clock seconds of each phase of the run that wrote this page (2 shared CPU cores, "
            "one thread per model; FT-Transformer pretraining is cached in `training/.cache/ft-pretrain` by a hash of "
            "its training set, so a rerun skips it):", "", "| phase | s |", "| --- | --- |",
            *[f"| {phase} | {sec:.0f} |" for phase, sec in timings.items()],
            f"| **total** | {sum(timings.values()):.0f} |", ""]
    refs = tables["refs"]
    both = refs.dropna(subset=["E_atom_A", "E_atom_B"])
    out += ["## Data provenance", "",
            "Isolated-atom references (eV, VASP-PAW scale): A = E_QCD(13)/13 − eb_TM13, B = GSenergy_pa + E_coh(exp). "
            f"Over the {len(both)} elements with both, B − A has mean {np.mean(both.E_atom_B - both.E_atom_A):+.2f} eV and "
            f"mean |B − A| {np.mean(np.abs(both.E_atom_B - both.E_atom_A)):.2f} eV, the size of PBE's cohesive-energy "
            "error (underbinding of 5d/noble metals, overbinding of magnetic 3d), so A is used wherever it exists.", "",
            "| dataset | kind | what | count |", "| --- | --- | --- | --- |",
            *[f"| {e['dataset']} | {e['kind']} | {e['message']} | {e['count']} |" for e in log.summary()],
            "", "Full log with per-row details: `training/.cache/provenance.jsonl`.", ""]
    (docs_dir / "models.md").write_text("\n".join(out))
