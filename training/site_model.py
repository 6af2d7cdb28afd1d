"""Site preference v2: ΔE = E(core) − E(surface) of one dopant, with the physics of segregation.

Training rows are DFT segregation energies of single-atom-alloy slabs (bcseg, clean; eseg-ads, with
an adsorbed R-NH2, R-NH or R-S), mapped onto a 147-atom icosahedron. What carries the physics:
  - bcm_site: the bond-centric energy of moving the dopant from the best surface site to the core
    of the recipe's own geometry, so size and topology move the prediction (a slab row sees the
    147-atom icosahedron; a 13-atom cluster its own vertex and centre);
  - ligand_affinity_diff: the ligands' pull on the dopant relative to the host, so ligands move it;
  - signed surface-energy, cohesive-energy and size differences, and the host's bulk structure;
  - h_mix, the pair's mixing enthalpy: the interaction term of Wynblatt and Ku's segregation model
    (Surf. Sci. 65, 511 (1977)): a dopant that bonds strongly to the host (H_mix ≪ 0) keeps the
    most host neighbours in the core, one that does not (H_mix > 0) is pushed out; only for a dopant
    left of its host in the periodic table (HMIX_GATE).
These enter linearly; trees on the element properties correct what is left. Under a ligand shell the shipped candidate
scales every one of them but the ligands' pull by one fitted factor (ScreenedLinear, `physics-hinge-screened`).
Compared, leave-host-out, with the one-line rules a chemist applies (lower surface energy to the surface, lower
cohesive energy to the surface, larger atom to the surface, weaker mixing to the surface, always surface).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupKFold, LeaveOneGroupOut

from artifacts import LEVELS
from conformal import group_keys, mondrian_interval
from physics_models import LinearPlusTrees, ScreenedLinear

K_FOLDS = 5
# The site model's Mondrian groups (conformal.group_keys, conformal.ts parseGroupBy): bare surfaces and surfaces
# under a ligand calibrate apart. With one group the bare BCSeg slabs were undercovered and the ligated EsegAds
# ones overcovered (site_study measures both groupings leave-host-out). A shell whose binding strengths nobody
# measured (a phosphine, a halide, a metal the adsorbate table lacks) is a third group, `ligand-unmeasured`. A shell
# over part of the surface (0 < ligand_coverage < 1) is a fourth, `ligand-partial`: no slab measured one (each ligated
# slab has its adsorbate on the dopant, θ = 1), so its interval is the hull of the bare surfaces' and the full shells'
# (SITE_FLOORS), never narrower than either; its own points are the bare rows' residuals again, and its point blends the
# fold models' median weighed as a bare surface's and as the complete shell's by θ (conformal.ts pointOf), so one ligand on
# a large cluster moves it by its share θ and no more, with no step where the shell completes.
SITE_GROUP_BY = "ligands"
SITE_GROUPS = {"bare": ["bare"], "ligated": ["ligated"], "ligand-unmeasured": ["ligand-unmeasured"],
               "ligand-partial": ["ligand-partial"]}
SITE_FLOORS = {"ligand-partial": ["ligated", "ligand-unmeasured"]}
# What the featuriser gives a shell whose binding strengths nobody measured (featurize.ts, ligandAffinityDifference):
# no pull on the dopant, and not known.
UNMEASURED_LIGANDS = {"ligand_affinity_diff": 0.0, "ligand_affinity_known": 0.0}
PHYSICS_TERMS = ["bcm_site", "ligand_affinity_diff", "surface_energy_diff", "cohesive_energy_diff", "radius_mismatch",
                 "h_mix"]
# ΔE = E(core) − E(surface) rises (towards the surface) with the bond-centric site energy, a larger dopant,
# a dopant's stronger hold on the ligands (ligand_affinity_diff more negative, hence its −1) and a less negative
# mixing enthalpy, and falls with its higher surface energy and higher cohesive energy (the segregation rules of
# SCIENCE.md §6, and Wynblatt and Ku's interaction term for H_mix). Without H_mix, the early transition metals
# in Pt, Rh, Ir and Pd (Ti, Zr, Hf, Sc, V, Cr: H_mix −20 to −90 kJ/mol), which DFT puts in the bulk by
# 0.3–1.5 eV, went to the surface with every other rule.
PHYSICS_SIGNS = {"bcm_site": 1, "ligand_affinity_diff": -1, "surface_energy_diff": -1, "cohesive_energy_diff": -1,
                 "radius_mismatch": 1, "h_mix": 1}
# H_mix counts only where the dopant stands left of its host (fewer d electrons: Ti, Zr, Hf in Pt). A late metal in
# an early host bonds as strongly (Au–Hf −63 kJ/mol) but DFT puts it out of the X12 cage: the second paper finds early
# and late dopants out of Ti12, Zr12 and Hf12 and mid-row ones in. Applied to every pair, the term sent Au, Ag and Zn
# into those cages; gated, the slabs keep what it gives them (leave-host-out sign accuracy 0.784 against 0.789 ungated,
# 0.711 without H_mix).
HMIX_GATE = ("dopant_group", "host_group")
GATES = {"h_mix": HMIX_GATE}


def gated_h_mix(rows: pd.DataFrame) -> np.ndarray:
    """H_mix where its gate holds (the dopant left of its host), else 0: what the site model's H_mix term reads."""
    below, above = (rows[c].to_numpy(float) for c in HMIX_GATE)
    return np.where(below < above, rows["h_mix"].to_numpy(float), 0.0)


def element_columns(names: list[str]) -> list[str]:
    return [n for n in names if n.startswith(("host_", "dopant_", "mean_", "delta_", "same_")) and n not in PHYSICS_TERMS]


# The differences whose two sides weigh apart in `physics-hinge` (LinearPlusTrees.split). The broken-bond surface
# energy is E_coh/R² up to a constant, so its difference is close to a sum of the cohesive-energy and size
# differences (correlation 0.91 with the cohesive one over the rows): fitted on one side each, the three trade
# weight, and the surface-energy term, held to its sign, sat at 0 in every fold. Split, the lower-surface-energy
# side carries weight of its own. The size difference keeps one weight: with H_mix holding the strongly bonding early
# transition metals in the core, a second weight for smaller dopants only fitted those rows (leave-host-out, split:
# sign accuracy 0.753, MAE 0.462 eV, ligated slabs 0.611 and 0.329 eV; one weight: 0.789, 0.449, 0.644 and 0.308).
SPLIT_TERMS = ["surface_energy_diff", "cohesive_energy_diff"]

# Under a ligand shell the bare-surface terms weigh s times their bare weight (ScreenedLinear), s in [0, 1] fitted on the
# ligated rows: an adsorbate bonded to the surface site makes up part of the bonds the dopant loses there, so the
# broken-bond drives (surface and cohesive energy, size, mixing) count less, while the ligands' pull counts on top.
# The ligated slabs follow the bare rules at a fraction of the bare slabs' strength: Ni in Pt has ΔE −0.79 eV bare
# (bcseg, mean over its four facets) and −0.19 to +0.04 eV under R-NH2, R-NH and R-S (eseg-ads), though Pt binds N and S
# more strongly than Ni (by 0.09–0.44 eV per coordination, the featuriser's table), which alone would hold Ni deeper;
# so do Ni in Pd, Pd in Pt, Ag and Au in Pd (test/science/trends.test.ts), not Cu in Pt, Cu and Pt in Pd, Ag and Au in
# Pt. Fitted with the bare
# slabs' weights, the ligated rows were no better than the other hosts' mean (leave-host-out MAE 0.300 eV against
# 0.287). Each screened column's copy under a shell is a featuriser column (`<column>_ligated`, schema.ts
# LIGAND_SHELL_SCREENED). Measured leave-host-out beside this and left out: the ligated rows with weights of their own
# on each bare term, held to the rules' signs (ligated MAE 0.145 eV, sign accuracy 0.644, overall 0.784 against
# 0.800), a weight per binding atom (S, N) or a hinge on the pull, with the screening (ligated sign accuracy 0.611 and
# 0.656 against 0.678), and the bare terms refitted jointly with s (bare slabs' MAE 0.712 against 0.586: the ligated
# rows then no longer hold the bare weights down). The ligands' coverage cannot be measured here: every ligated slab
# carries one adsorbate, on the dopant (ligand_coverage θ = 1); a recipe's shell over part of the surface is given θ
# times the full shell's pull and screening (featurize.ts ligandCoverage), which no row tests.
SCREENED = {column: f"{column}_ligated" for column in PHYSICS_TERMS if column != "ligand_affinity_diff"}
# The share θ of the surface sites a shell binds: the pull and the screened copies are θ times a full shell's, and the
# Mondrian key tells a partial shell by it, so the card defines it beside the columns it scales.
COVERAGE = "ligand_coverage"
SHELL = "ligands_per_metal"

CANDIDATES = {
    # Without an intercept: every physics term is a difference that is 0 for a dopant identical to its host, and
    # such a "dopant" has ΔE = 0 by symmetry. An intercept (−0.22 to −0.38 eV over the folds, the before model)
    # sends every dopant like its host to the core.
    "physics-hinge": lambda names: LinearPlusTrees(names, linear=PHYSICS_TERMS, intercept=False, ridge=1e-3,
                                                   signs=PHYSICS_SIGNS, split=SPLIT_TERMS, gates=GATES),
    "physics-hinge-screened": lambda names: ScreenedLinear(
        names, linear=PHYSICS_TERMS + [SCREENED[c] for c in PHYSICS_TERMS if c in SCREENED], screened=SCREENED,
        shell=SHELL, ridge=1e-3, signs=PHYSICS_SIGNS, split=SPLIT_TERMS + [SCREENED[c] for c in SPLIT_TERMS],
        gates={**GATES, **{SCREENED[c]: gate for c, gate in GATES.items()}}),
    "physics-linear": lambda names: LinearPlusTrees(names, linear=PHYSICS_TERMS, intercept=True, ridge=1e-3,
                                                    signs=PHYSICS_SIGNS, gates=GATES),
    "physics-linear+trees": lambda names: LinearPlusTrees(names, linear=PHYSICS_TERMS, intercept=True, ridge=1e-3,
                                                          signs=PHYSICS_SIGNS, gates=GATES,
                                                          trees=element_columns(names)),
}


# The segregation rules: each sends the dopant to the surface when its column, times the sign, is positive (the
# signs of PHYSICS_SIGNS). A value of 0 (H_mix of a pair the table gives 0, or outside its gate) says nothing.
SEGREGATION_RULES = {
    "lower surface energy goes to the surface": "surface_energy_diff",
    "lower cohesive energy goes to the surface": "cohesive_energy_diff",
    "larger atom goes to the surface": "radius_mismatch",
    "a dopant left of its host that mixes more weakly (higher H_mix) goes to the surface": "h_mix",
}


def rule_values(rows: pd.DataFrame, column: str) -> np.ndarray:
    """A rule's column towards the surface (times its sign), as the model reads it (H_mix through its gate)."""
    values = gated_h_mix(rows) if column in GATES else rows[column].to_numpy(float)
    return PHYSICS_SIGNS[column] * values


def rules(rows: pd.DataFrame) -> dict[str, np.ndarray]:
    """Each one-line baseline's predicted sign of ΔE (+ = surface): the segregation rules that decide every row (the
    gated H_mix rule says nothing outside its gate, so it is no baseline of its own), and two without physics."""
    return {
        **{name: np.sign(rule_values(rows, column)) for name, column in SEGREGATION_RULES.items() if column not in GATES},
        "always surface": np.ones(len(rows)),
        "the side more common among the other hosts": majority_side(rows),
    }


def majority_side(rows: pd.DataFrame) -> np.ndarray:
    """Per row, the sign most rows of the other hosts have (leave-host-out, as the models are scored): the majority class."""
    truth, hosts = np.sign(rows["target"].to_numpy(float)), rows["host"].to_numpy()
    side = np.empty(len(rows))
    for host in set(hosts):
        others = truth[hosts != host]
        side[hosts == host] = 1.0 if (others > 0).sum() > (others <= 0).sum() else -1.0
    return side


def sign_scores(pred_sign: np.ndarray, y: np.ndarray, decided: np.ndarray | None = None) -> dict:
    """Sign accuracy and balanced accuracy (mean of per-class recall); on decided rows when given."""
    truth = np.sign(y)
    keep = np.ones(len(y), bool) if decided is None else decided
    hit = (np.sign(pred_sign) == truth) & keep
    surface, core = (truth > 0) & keep, (truth <= 0) & keep
    return {"accuracy": float(hit.sum() / max(1, keep.sum())),
            "balanced": float(0.5 * (hit[surface].sum() / max(1, surface.sum()) + hit[core].sum() / max(1, core.sum()))),
            "n": int(keep.sum())}


def site_keys(rows: pd.DataFrame, names: list[str], group_by: str) -> np.ndarray:
    """Each row's Mondrian key under `group_by`, as the runtime computes it from the feature row."""
    return np.array(group_keys(rows[names].to_numpy(float), names, group_by, np.zeros(len(rows))), dtype=object)


def fold_median(models: list, rows: pd.DataFrame, names: list[str]) -> np.ndarray:
    """Per row, the median of the fold models' predictions: the point the shipped graph gives (export_onnx)."""
    X = rows[names].to_numpy(float)
    return np.median(np.column_stack([m.predict(X) for m in models]), axis=1)


def leave_host_out(rows: pd.DataFrame, names: list[str], key: str, coverage: float = 0.9,
                   group_by: str = SITE_GROUP_BY) -> dict:
    """Out-of-host predictions, and Mondrian CV+ intervals (groups `group_by`) calibrated (host-grouped folds)
    inside each outer fold."""
    X, y, hosts = rows[names].to_numpy(float), rows["target"].to_numpy(float), rows["host"].to_numpy()
    groups = site_keys(rows, names, group_by)
    pred = np.zeros(len(y))
    lower, upper = np.zeros(len(y)), np.zeros(len(y))
    for tr, te in LeaveOneGroupOut().split(X, groups=hosts):
        fit = fit_cv_plus(rows.iloc[tr], names, key)
        cal = calibration_points(rows.iloc[tr], names, fit, group_by)
        folds = np.column_stack([m.predict(X[te]) for m in fit["folds"]])
        pred[te] = np.median(folds, axis=1)
        lower[te], upper[te] = mondrian_interval(folds, list(groups[te]), cal["residual"].to_numpy(), cal["fold"].to_numpy(),
                                                 list(cal["key"]), 1 - coverage, SITE_FLOORS)
    decided = (upper < 0) | (lower > 0)
    return {"pred": pred, "lower": lower, "upper": upper, "decided": decided,
            "mae": float(np.abs(pred - y).mean()), "signs": sign_scores(pred, y),
            "decided_signs": sign_scores(pred, y, decided), "decided_fraction": float(decided.mean()),
            "coverage": float(((lower <= y) & (y <= upper)).mean()), "width": float(np.mean(upper - lower))}


def ligands_unmeasured(rows: pd.DataFrame) -> pd.DataFrame:
    """The ligated rows as the model reads them when nobody measured their ligands' binding strengths: the
    ligands' pull on the dopant hidden (UNMEASURED_LIGANDS); their index is kept."""
    hidden = rows[rows["ligands_per_metal"].to_numpy(float) > 0].copy()
    for column, value in UNMEASURED_LIGANDS.items():
        hidden[column] = value
    return hidden


def calibration_points(rows: pd.DataFrame, names: list[str], fit: dict, group_by: str) -> pd.DataFrame:
    """The CV+ calibration points of `fit` (fit_cv_plus on `rows`): each row's held-out residual under its Mondrian
    key, and under the site groups also each ligated row's held-out residual with its ligands' pull hidden
    (ligands_unmeasured), key `ligand-unmeasured`: how far off the model is on a shell whose pull it cannot see,
    measured on the shells whose pull is known. No row of the data has an unmeasured shell of its own. And each
    bare row's again, key `ligand-partial` (SITE_GROUPS): no row has a partial shell either."""
    keys = site_keys(rows, names, group_by)
    points = pd.DataFrame({"key": keys, "residual": fit["residuals"], "fold": fit["fold"],
                           "source": rows["dataset"].to_numpy()})
    if group_by != SITE_GROUP_BY:
        return points
    partial = points[keys == "bare"].assign(key="ligand-partial")
    ligated = rows["ligands_per_metal"].to_numpy(float) > 0
    hidden = ligands_unmeasured(rows)
    fold = fit["fold"][ligated]
    X = hidden[names].to_numpy(float)
    held_out = np.column_stack([m.predict(X) for m in fit["folds"]])[np.arange(len(X)), fold]
    unmeasured = pd.DataFrame({"key": site_keys(hidden, names, group_by),
                               "residual": np.abs(hidden["target"].to_numpy(float) - held_out), "fold": fold,
                               "source": hidden["dataset"].to_numpy()})
    return pd.concat([points, unmeasured, partial], ignore_index=True)


def unmeasured_ligands_study(rows: pd.DataFrame, names: list[str], key: str) -> dict:
    """Leave-host-out over the ligated rows with their ligands' pull hidden (ligands_unmeasured), at each level: the
    interval of the `ligand-unmeasured` group (calibrated on the other hosts' hidden rows), against the `ligated`
    group's, which such a shell took before (its residuals are of shells whose pull the model saw)."""
    hosts = rows["host"].to_numpy()
    hidden = ligands_unmeasured(rows)
    X, y, hidden_hosts = hidden[names].to_numpy(float), hidden["target"].to_numpy(float), hidden["host"].to_numpy()
    bounds = {group: {level: (np.zeros(len(y)), np.zeros(len(y))) for level in LEVELS} for group in ("ligand-unmeasured", "ligated")}
    pred = np.zeros(len(y))
    for host in sorted(set(hidden_hosts)):
        train, test = rows[hosts != host], hidden_hosts == host
        fit = fit_cv_plus(train, names, key)
        cal = calibration_points(train, names, fit, SITE_GROUP_BY)
        folds = np.column_stack([m.predict(X[test]) for m in fit["folds"]])
        pred[test] = np.median(folds, axis=1)
        for group, by_level in bounds.items():
            for level, (lower, upper) in by_level.items():
                lower[test], upper[test] = mondrian_interval(folds, [group] * int(test.sum()), cal["residual"].to_numpy(),
                                                             cal["fold"].to_numpy(), list(cal["key"]), 1 - level)

    def scores(by_level: dict) -> dict:
        return {str(level): {"coverage": float(((lower <= y) & (y <= upper)).mean()), "width": float((upper - lower).mean()),
                             "decided": float(((upper < 0) | (lower > 0)).mean())} for level, (lower, upper) in by_level.items()}

    return {"n": int(len(y)), "hosts": sorted(set(hidden_hosts)), "mae": float(np.abs(pred - y).mean()),
            "unmeasured": scores(bounds["ligand-unmeasured"]), "ligated": scores(bounds["ligated"])}


def site_breakdown(rows: pd.DataFrame, names: list[str], key: str) -> dict:
    """The shipped candidate leave-host-out by source (bare slabs, ligated slabs) and by host, with its Mondrian
    groups and with one pooled group (shipped before), against the mean ΔE of the other hosts (the MAE baseline),
    at each level."""
    y, hosts = rows["target"].to_numpy(float), rows["host"].to_numpy()
    other_hosts_mean = np.array([y[hosts != h].mean() for h in hosts])
    runs = {group_by: {level: leave_host_out(rows, names, key, level, group_by) for level in LEVELS}
            for group_by in (SITE_GROUP_BY, "none")}
    pred = runs[SITE_GROUP_BY][0.9]["pred"]

    def scores(mask: np.ndarray) -> dict:
        entry = {"n": int(mask.sum()), "hosts": sorted(set(hosts[mask])), "mae": float(np.abs(pred - y)[mask].mean()),
                 "maeOtherHostsMean": float(np.abs(other_hosts_mean - y)[mask].mean()),
                 "signAccuracy": float((np.sign(pred) == np.sign(y))[mask].mean())}
        for group_by, by_level in runs.items():
            entry["shipped" if group_by == SITE_GROUP_BY else "pooled"] = {
                str(level): {"coverage": float(((r["lower"] <= y) & (y <= r["upper"]))[mask].mean()),
                             "width": float((r["upper"] - r["lower"])[mask].mean()),
                             "decided": float(r["decided"][mask].mean())} for level, r in by_level.items()}
        return entry

    sources = {"all": np.ones(len(y), bool)}
    for source in sorted(set(rows["dataset"])):
        sources[source] = (rows["dataset"] == source).to_numpy()
    return {"groupBy": SITE_GROUP_BY, "bySource": {s: scores(m) for s, m in sources.items()},
            "byHost": {h: scores(hosts == h) for h in sorted(set(hosts))},
            "ligandsUnmeasured": unmeasured_ligands_study(rows, names, key)}


def fit_cv_plus(rows: pd.DataFrame, names: list[str], key: str) -> dict:
    """K fold models with folds grouped by host, and each row's held-out residual."""
    X, y, hosts = rows[names].to_numpy(float), rows["target"].to_numpy(float), rows["host"].to_numpy()
    n_splits = min(K_FOLDS, len(set(hosts)))
    residuals, fold, models = np.zeros(len(y)), np.zeros(len(y), int), []
    for k, (tr, te) in enumerate(GroupKFold(n_splits=n_splits).split(X, groups=hosts)):
        model = CANDIDATES[key](names).fit(X[tr], y[tr])
        residuals[te] = np.abs(y[te] - model.predict(X[te]))
        fold[te] = k
        models.append(model)
    while len(models) < K_FOLDS:
        models.append(CANDIDATES[key](names).fit(X, y))
    return {"folds": models, "residuals": residuals, "fold": fold}


def icosahedron_probe(name: str, host: str, dopant: str) -> dict:
    """The recipe of a bare 147-atom icosahedron of `host` with one `dopant` atom."""
    return {"name": name, "recipe": name, "host": {"element": host, "count": 146},
            "dopant": {"element": dopant, "count": 1}, "site": "mixed", "ligands": [], "charge": 0,
            "topology": {"name": "icosahedron", "shells": 3}}


def trend_probes(rows: pd.DataFrame) -> list[dict]:
    """Bare 147-atom icosahedra of every training host with one of every training dopant: the recipes on which
    a candidate must keep the segregation rules' order (rule_ordered_pairs)."""
    dopants = sorted({spec["dopant"]["element"] for spec in rows["spec"]})
    return [icosahedron_probe(f"probe-{d}@{h}", h, d) for h in sorted(set(rows["host"])) for d in dopants if d != h]


def self_probes(rows: pd.DataFrame) -> list[dict]:
    """Bare 147-atom icosahedra of every training host "doped" with its own element: every difference the physics terms
    read is 0, and by symmetry ΔE = 0 (the core and the surface site hold the same atom)."""
    return [icosahedron_probe(f"self-{h}@{h}", h, h) for h in sorted(set(rows["host"]))]


CLEAR_CUT = 0.3  # eV: a training row's |ΔE| above this, with every segregation rule on its side, is a clear-cut case


def clear_cut(models: list, rows: pd.DataFrame, names: list[str]) -> dict:
    """The training rows with |ΔE| > CLEAR_CUT whose sign every segregation rule gives (or leaves open): how many of
    them the fold models' median (fitted on them) puts on the same side, bare slabs and ligated ones apart, and the
    rows missed."""
    y = rows["target"].to_numpy(float)
    agree, against = np.ones(len(y), bool), np.ones(len(y), bool)
    for column in SEGREGATION_RULES.values():
        side = np.sign(rule_values(rows, column))
        agree &= side != -np.sign(y)
        against &= side != np.sign(y)
    pred = fold_median(models, rows, names)
    chosen = agree & (np.abs(y) > CLEAR_CUT)
    hit = chosen & (np.sign(pred) == np.sign(y))
    bare = (rows["ligand"] == "none").to_numpy()
    missed = [f"{spec['dopant']['element']} in {spec['host']['element']}" + ("" if lig == "none" else f" ({lig})")
              for spec, lig in zip(rows["spec"][chosen & ~hit], rows["ligand"][chosen & ~hit])]
    contrary = against & (np.abs(y) > CLEAR_CUT)
    return {"threshold": CLEAR_CUT, "n": int(chosen.sum()), "hit": int(hit.sum()), "bareN": int((chosen & bare).sum()),
            "bareHit": int((hit & bare).sum()), "missed": missed,
            "againstRules": {"n": int(contrary.sum()), "hit": int((contrary & (np.sign(pred) == np.sign(y))).sum()),
                             "core": int((contrary & (y < 0)).sum()),
                             "dopants": sorted({spec["dopant"]["element"] for spec in rows["spec"][contrary]})}}


def rule_ordered_pairs(probes: pd.DataFrame) -> list[tuple[int, int]]:
    """Pairs (i, j) of probes in one host where every segregation rule sends dopant i more to the surface than j:
    it is larger, has the lower surface energy and the lower cohesive energy, and mixes with the host no more
    strongly (H_mix of the two pairs may tie: the table's whole kJ/mol often do)."""
    hosts = probes["spec"].map(lambda s: s["host"]["element"]).to_numpy()
    toward_surface = {column: rule_values(probes, column) for column in SEGREGATION_RULES.values()}
    r, g, c, h = (toward_surface[n] for n in ("radius_mismatch", "surface_energy_diff", "cohesive_energy_diff", "h_mix"))
    return [(i, j) for i in range(len(probes)) for j in range(len(probes))
            if hosts[i] == hosts[j] and r[i] > r[j] and g[i] > g[j] and c[i] > c[j] and h[i] >= h[j]]


def rule_reversals(models: list, probes: pd.DataFrame, names: list[str], pairs: list[tuple[int, int]]) -> int:
    """How many rule-ordered pairs the fold models' median puts the other way round."""
    pred = fold_median(models, probes, names)
    return sum(1 for i, j in pairs if pred[i] < pred[j])


SYMMETRY_TOLERANCE = 1e-6  # eV: |ΔE| of a dopant identical to its host above this breaks the symmetry


def site_study(rows: pd.DataFrame, names: list[str], probes: pd.DataFrame,
               selves: pd.DataFrame) -> tuple[dict, dict]:
    """Each candidate's leave-host-out skill, its reversals of the segregation rules on the probes, its ΔE for a
    dopant identical to its host (`selves`, self_probes), and how many clear-cut training rows it gets right, and the
    shipped candidate's fit (fit_cv_plus on every row, whose fold models are what ships). The shipped candidate
    keeps the symmetry (ΔE = 0 for a dopant identical to its host), then reverses the fewest, the more accurate
    on a tie: trees on the element properties, fitted on 8 hosts, step dopants against all three rules (Ta deeper
    than Os in Au) where the linear terms, held to the rules' signs, cannot; an intercept moves every dopant alike,
    one identical to its host included."""
    y = rows["target"].to_numpy(float)
    results = {key: leave_host_out(rows, names, key) for key in CANDIDATES}
    fits = {key: fit_cv_plus(rows, names, key) for key in CANDIDATES}
    pairs = rule_ordered_pairs(probes)
    for key, result in results.items():
        folds = fits[key]["folds"]
        result["reversals"] = rule_reversals(folds, probes, names, pairs)
        result["selfDeltaE"] = float(np.abs(fold_median(folds, selves, names)).max())
        result["symmetric"] = result["selfDeltaE"] <= SYMMETRY_TOLERANCE
        result["clearCut"] = clear_cut(folds, rows, names)
        result["intercepts"] = [float(m.intercept_) for m in folds]
        result["weights"] = {n: [float(m.coef_[n]) for m in folds] for n in folds[0].coef_}
        if all(hasattr(m, "screening_") for m in folds):
            result["screening"] = [float(m.screening_) for m in folds]
    shipped = min(results, key=lambda k: (not results[k]["symmetric"], results[k]["reversals"],
                                          -results[k]["signs"]["accuracy"]))
    return {"n": int(len(y)), "hosts": sorted(set(rows["host"])),
            "surfaceCohesiveCorrelation": float(np.corrcoef(rows["surface_energy_diff"], rows["cohesive_energy_diff"])[0, 1]),
            "rules": {name: sign_scores(sign, y) for name, sign in rules(rows).items()},
            "bcm": sign_scores(rows["bcm_site"].to_numpy(float), y),
            "segregationRules": list(SEGREGATION_RULES), "models": results, "rulePairs": len(pairs), "shipped": shipped,
            "breakdown": site_breakdown(rows, names, shipped)}, fits[shipped]


SITE_TERMS_SCHEMA = "bimetal-site-terms-1"
# How each physics column is written for people (hover, --explain); the runtime takes the column's definition and
# unit from the featuriser (engine/src/features/schema.ts).
TERM_SYMBOLS = {"bcm_site": "ΔE_BCM", "ligand_affinity_diff": "Δb_ligand", "surface_energy_diff": "Δγ",
                "cohesive_energy_diff": "ΔE_coh", "radius_mismatch": "ΔR/R", "h_mix": "H_mix"}
# A bare-surface term's copy under a ligand shell: its screening, (s − 1) times the bare weight.
TERM_SYMBOLS.update({copy: f"ligand screening of {TERM_SYMBOLS[column]}" for column, copy in SCREENED.items()})
# LinearPlusTrees parts, as models/FORMAT.md names them.
TERM_PARTS = {"all": "all", "pos": "positive", "neg": "negative", "gated": "gated"}


def site_terms_file(folds: list, definitions: dict[str, dict], source: str) -> dict | None:
    """`site-v2.terms.json` (models/FORMAT.md): the shipped fold models' weights per physics term, as the ONNX graph
    applies them (float32; export_onnx: the negative side's weight in W, the positive side's as W + H), fold order, so
    the runtime can break a prediction into its terms. None where the fold models are no pure linear sum of the
    terms (trees, an intercept or a fixed coefficient): a breakdown would then misdescribe them."""
    first = folds[0]
    for model in folds:
        terms = model._terms()
        # One weight per column and side: LinearPlusTrees.weights() folds a column's terms into one W and one H entry.
        if (model.tree_model_ is not None or model.intercept_ != 0 or set(model.coef_) != {n for n, _, _ in terms}
                or terms != first._terms() or len(set(model.linear)) != len(model.linear)):
            return None
    on_x, on_relu, on_gated = [], [], []
    for model in folds:
        w, h, g, _ = model.weights()
        on_x.append(w.astype(np.float32))
        on_relu.append(h.astype(np.float32))
        on_gated.append(g.astype(np.float32))
    entries = []
    for name, column, part in first._terms():
        j = first.names.index(column)
        # As the graph applies them: x·W on every x, relu(x)·H on top of it on a positive x, and x·G where the gate holds.
        weights = [float(g[j]) if part == "gated" else float(x[j]) + (float(r[j]) if part == "pos" else 0.0)
                   for x, r, g in zip(on_x, on_relu, on_gated)]
        entry = {"key": name, "column": column, "part": TERM_PARTS[part], "symbol": TERM_SYMBOLS.get(column, column),
                 "weights": weights}
        if part == "gated":
            below, above = first.gates[column]
            entry["gate"] = {"below": below, "above": above}
        entries.append(entry)
        if column not in definitions:
            raise ValueError(f"the featuriser defines no column {column}")
    return {"schema": SITE_TERMS_SCHEMA,
            "form": "ΔE = Σ_terms weight · part(column), without an intercept or trees: part is the column itself (`all`), "
                    "its positive part max(x, 0) (`positive`), its negative part min(x, 0) (`negative`), or the column where its gate "
                    "holds, the gate's `below` column less than its `above` column, else 0 (`gated`); each term has one "
                    "weight per CV+ fold model, fold order, in eV per unit of its column",
            "definition": "what moves the dopant to the surface (a positive contribution) or into the core (a negative "
                          "one): each segregation rule's column times its weight",
            "source": source, "folds": len(folds), "terms": entries}
