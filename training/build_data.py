"""Data builders: public data sets → RecipeSpec JSON lines + targets + chemistry groups.

Every builder returns a DataFrame with one row per training example:
  name, dataset, spec (a RecipeSpec dict, engine/src/recipe.ts), target (eV), element, pair, host,
and records every exclusion and unit conversion in the ProvenanceLog.

Targets (SCIENCE.md §2, first paper's sense unless stated):
  eform:  binding energy per metal atom relative to the PBE isolated atoms (eV/atom), bare cores;
          CANELa rows also carry `excess`, the mixing energy within their own DFT subset.
  bulk_mixing: Materials Project formation energy of TM binaries (eV/atom): the bulk limit of the
          mixing energy, a task of its own (never a cluster with a made-up size).
  site:   ΔE = E(core) − E(surface) of a single dopant (eV); negative = dopant prefers the core.
"""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd

from common import HARTREE_EV, ProvenanceLog, data_dir
from references import atom_reference_energies, element_table, qcd_ground_states, qcd_size_trend, tm13_table

# Bulk rows stand for N → ∞; the featuriser needs a finite metal count, so they are written as
# this many atoms. The size law (size_law.py) pins its N → ∞ limit on them instead.
BULK_N_METAL = 10000
# Slab segregation energies are mapped onto a 147-atom icosahedron, the largest closed-shell
# cluster with DFT data here (CANELa), with one dopant.
SEGREGATION_N_METAL = 147

# Adsorbate fragments of eseg-ads-ligand, as the smallest molecules that carry the binding group.
ADSORBATE_LIGANDS = {
    "R-NH2": {"name": "methylamine", "smiles": "CN", "binds": ["N"]},
    "R-NH": {"name": "methylamide", "smiles": "C[NH-]", "binds": ["N"]},
    "R-S": {"name": "methanethiolate", "smiles": "C[S-]", "binds": ["S"]},
}


def _pair(a: str, b: str) -> str:
    return a if a == b else "-".join(sorted((a, b)))


def _spec(name: str, host: str, n_host: int, dopant: str, n_dopant: int, **extra) -> dict:
    spec = {
        "name": name,
        "recipe": name,
        "host": {"element": host, "count": int(n_host)},
        "dopant": {"element": dopant, "count": int(n_dopant)},
        "site": extra.pop("site", "mixed"),
        "ligands": extra.pop("ligands", []),
        "charge": 0,
    }
    spec.update({k: v for k, v in extra.items() if v is not None})
    return spec


def _row(dataset: str, spec: dict, target: float, **extra) -> dict:
    host, dopant = spec["host"]["element"], spec["dopant"]["element"]
    dopant_present = spec["dopant"]["count"] > 0
    return {
        "name": spec["name"],
        "dataset": dataset,
        "spec": spec,
        "target": float(target),
        "host": host,
        "element": host if not dopant_present else None,
        "pair": _pair(host, dopant if dopant_present else host),
        **extra,
    }


def metal_symbols() -> set[str]:
    olik = pd.read_csv(data_dir() / "crabnet-element-props" / "oliynyk.csv")
    return set(olik.loc[olik["Metal"] == 1, "element"])


def _read_xyz_frame(path: Path, index: int) -> list[str]:
    """Lines (count, comment, atoms) of frame `index` of a multi-frame (extended) XYZ file."""
    with open(path) as fh:
        frame = 0
        while True:
            header = fh.readline()
            if not header:
                raise IndexError(f"{path} has no frame {index}")
            n = int(header.split()[0])
            comment = fh.readline()
            atoms = [fh.readline() for _ in range(n)]
            if frame == index:
                return [header.strip(), comment.strip(), *[a.strip() for a in atoms]]
            frame += 1


def _write_plain_xyz(lines: list[str], out: Path, comment: str) -> None:
    """Species + positions only: the engine's XYZ reader needs no forces or lattice."""
    atoms = [" ".join(line.split()[:4]) for line in lines[2:]]
    out.write_text(f"{len(atoms)}\n{comment}\n" + "\n".join(atoms) + "\n")


def qcd_unary(log: ProvenanceLog, refs: pd.DataFrame, xyz_dir: Path, unary_dopant: str) -> pd.DataFrame:
    """QCD ground states of metals: E_bind = E_DFT/N − E_atom (eV/atom), with real coordinates."""
    metals = metal_symbols()
    gs = qcd_ground_states()
    xyz_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for el, group in gs.groupby("element"):
        if el not in metals:
            log.note("qcd", "exclusion", "not a metal (oliynyk Metal flag)", element=el, rows=len(group))
            continue
        if el not in refs.index:
            log.note("qcd", "exclusion", "no isolated-atom reference", element=el, rows=len(group))
            continue
        source = data_dir() / "qcd-gap-nanoclusters" / f"{el}_gap_QCD_relaxed.xyz"
        for _, r in group.iterrows():
            n = int(r["n_atoms"])
            xyz = xyz_dir / f"{el}{n}.xyz"
            if not xyz.exists():
                _write_plain_xyz(_read_xyz_frame(source, int(r["index_in_file"])), xyz,
                                 f"QCD {el}{n} ground state, frame {int(r['index_in_file'])} of {source.name}")
            e_bind = r["dft_energy_eV"] / n - refs.loc[el, "E_atom"]
            spec = _spec(f"QCD-{el}{n}", el, n, unary_dopant if unary_dopant else el, 0,
                         topology={"name": "none"}, structure=str(xyz))
            rows.append(_row("qcd", spec, e_bind, size=n, ref_method=refs.loc[el, "method"]))
    log.note("qcd", "unit", "target = dft_energy_eV / N − E_atom (eV/atom); one ground state per (element, size)",
             rows=len(rows))
    return pd.DataFrame(rows)


def tm13_extra(log: ProvenanceLog, covered: set[str], unary_dopant: str) -> pd.DataFrame:
    """TM13 icosahedra (eb, eV/atom) for elements QCD lacks; the others anchor the references."""
    rows = []
    for _, r in tm13_table().iterrows():
        el = r["element"]
        if el in covered:
            log.note("tm13", "exclusion", "element covered by QCD; its eb defines E_atom (method A), "
                     "so the row would duplicate the QCD 13-atom row", element=el)
            continue
        spec = _spec(f"TM13-{el}13", el, 13, unary_dopant if unary_dopant else el, 0,
                     topology={"name": "icosahedron", "shells": 1}, distance=float(r["dav"]))
        rows.append(_row("tm13", spec, r["eb"], size=13, ref_method="TM13"))
    log.note("tm13", "unit", "target = eb (eV/atom) as published; distance = dav (Å)", rows=len(rows))
    return pd.DataFrame(rows)


def _composition(formula: str) -> dict[str, int]:
    return {el: int(n) if n else 1 for el, n in re.findall(r"([A-Z][a-z]?)(\d*)", formula)}


def canela_147(log: ProvenanceLog, refs: pd.DataFrame) -> pd.DataFrame:
    """CANELa 147-atom NPs: E_bind = (E_NP − Σ n_i E_atom,i) / 147 with CP2K single-atom energies,
    then aligned to the QCD/VASP scale.

    The raw CP2K binding energies of the monometallic NPs are 0.4–1.0 eV/atom stronger than the QCD
    size trend predicts at N = 147 for the open-shell atoms (Au, Ag, Cu, Pt) and within 0.1 eV for
    closed-shell Pd, which points at non-spin-polarised single-atom energies (the log has the values). Each element therefore gets the shift
    δ_el = E_QCD-trend(el, 147) − E_CANELa(el147), and every NP is shifted by Σ x_i δ_i. This keeps
    the CANELa mixing energies (the information it adds) on the scale of the other sets.
    """
    base = data_dir() / "canela-np-147"
    atoms_ha = pd.read_excel(base / "single_atom_energies.xlsx").set_index("NP")["Energy (Ha)"]
    atoms_ev = atoms_ha * HARTREE_EV
    log.note("canela", "unit", "single-atom energies converted Ha → eV (×27.211386)",
             **{el: float(v) for el, v in atoms_ev.items()})
    xyz_files = {}
    # The PtAu pair was re-optimised; prefer the -final folder's structures.
    for folder in sorted(base.iterdir(), key=lambda p: p.name.endswith("-final")):
        if folder.is_dir():
            for f in folder.glob("*.xyz"):
                xyz_files[tuple(sorted(_composition(f.stem).items()))] = f
    energies = pd.read_csv(base / "NP_energies.csv")
    energies["label"] = [f.rsplit("/", 1)[-1].replace("RESTART_", "") for f in energies["Folder_Name"]]
    energies["comp"] = [_composition(label) for label in energies["label"]]
    energies["raw"] = [(e - sum(n * atoms_ev[el] for el, n in comp.items())) / sum(comp.values())
                       for e, comp in zip(energies["Energy (eV)"], energies["comp"])]
    shift = {}
    for comp, raw in zip(energies["comp"], energies["raw"]):
        if len(comp) == 1:
            (el, n), = comp.items()
            shift[el] = (qcd_size_trend(el, n) - refs.loc[el, "E_atom"]) - raw
    log.note("canela", "cross-check", "δ_el = QCD size trend at 147 − CANELa raw binding (eV/atom), added per atom fraction",
             **{el: round(v, 3) for el, v in shift.items()})
    raw_mono = {next(iter(comp)): raw for comp, raw in zip(energies["comp"], energies["raw"]) if len(comp) == 1}
    rows = []
    for _, r in energies.iterrows():
        label, comp = r["label"], r["comp"]
        total = sum(comp.values())
        e_bind = r["raw"] + sum(n * shift[el] for el, n in comp.items()) / total
        # Within one DFT subset the atom references cancel: the mixing energy needs no alignment.
        excess = r["raw"] - sum(n * raw_mono[el] for el, n in comp.items()) / total
        (host, n_host), *rest = sorted(comp.items(), key=lambda kv: (-kv[1], kv[0]))
        dopant, n_dopant = rest[0] if rest else (host, 0)
        xyz = xyz_files.get(tuple(sorted(comp.items())))
        extra = {"structure": str(xyz)} if xyz else {"topology": {"name": "icosahedron", "shells": 3}}
        spec = _spec(f"CANELa-{label}", host, n_host, dopant, n_dopant, **extra)
        rows.append(_row("canela", spec, e_bind, size=total, ref_method="CP2K atoms", excess=excess))
    log.note("canela", "unit", "target = (E_NP − Σ n_i E_atom,i)/147 (eV/atom); host = the element with 74 atoms; "
             "excess = E_NP/147 − Σ x_i E(i147)/147 within CANELa", rows=len(rows))
    return pd.DataFrame(rows)


def _close_packed_distance(volume_per_atom: float) -> float:
    """Nearest-neighbour distance of a close-packed (fcc/hcp) solid of this atomic volume: V = d³/√2."""
    return float((np.sqrt(2.0) * volume_per_atom) ** (1.0 / 3.0))


def mp_binaries(log: ProvenanceLog) -> pd.DataFrame:
    """MP TM binaries, the bulk limit of the mixing energy: target = E_f (eV/atom), relative to the
    elemental bulk ground states. No atom reference enters, so no size or cohesive label is mixed in."""
    mp = pd.read_csv(data_dir() / "mp-eform-matbench" / "mp_e_form_TM_binaries.csv")
    elements = element_table()
    ground = mp.loc[mp.groupby("formula")["e_form_eV_per_atom"].idxmin()]
    log.note("mp", "exclusion", "higher-energy polymorphs of a formula dropped (lowest E_f kept)",
             rows=int(len(mp) - len(ground)))
    # Formulas like Au2Ti1 and Au4Ti2 are one composition; keep its lowest-energy entry.
    ground = ground.assign(key=[tuple(sorted((el, n / sum(c.values())) for el, n in c.items()))
                                for c in map(_composition, ground["formula"])])
    reduced = ground.loc[ground.groupby("key")["e_form_eV_per_atom"].idxmin()]
    log.note("mp", "exclusion", "formulas of an already-seen reduced composition dropped (lowest E_f kept)",
             rows=int(len(ground) - len(reduced)))
    rows = []
    for _, r in reduced.iterrows():
        comp = _composition(r["formula"])
        missing = [el for el in comp if not np.isfinite(elements.loc[el, "GSvolume_pa"])]
        if missing:
            log.note("mp", "exclusion", "no OQMD volume for the distance", formula=r["formula"], elements=missing)
            continue
        total = sum(comp.values())
        x = {el: n / total for el, n in comp.items()}
        (host, _), (dopant, _) = sorted(x.items(), key=lambda kv: (-kv[1], kv[0]))
        n_dopant = int(round(BULK_N_METAL * x[dopant]))
        distance = _close_packed_distance(sum(x[el] * elements.loc[el, "GSvolume_pa"] for el in comp))
        spec = _spec(f"MP-{r['formula']}", host, BULK_N_METAL - n_dopant, dopant, n_dopant,
                     topology={"name": "none"}, distance=round(distance, 4))
        rows.append(_row("mp", spec, r["e_form_eV_per_atom"], size=BULK_N_METAL, ref_method="MP elemental bulk"))
    log.note("mp", "unit", f"target = E_f(MP), eV/atom; written as N = {BULK_N_METAL} for the featuriser, "
             "distance = close-packed d from the OQMD volume per atom, host = majority element (ties: alphabetical)",
             rows=len(rows))
    return pd.DataFrame(rows)


def bulk_elements(log: ProvenanceLog, refs: pd.DataFrame, elements_seen: set[str]) -> pd.DataFrame:
    """Pure-metal bulk limit for every element seen as a cluster: E_bind = GSenergy_pa − E_atom (eV/atom).

    Without it the only bulk rows are binaries, and a pure metal's size trend beyond 147 atoms is
    unconstrained (a 6525-atom Zn or Cr cluster came out at half its cohesive energy).
    """
    table = element_table()
    rows = []
    for el in sorted(elements_seen):
        if el not in refs.index or not np.isfinite(table.loc[el, "GSenergy_pa"]):
            log.note("bulk", "exclusion", "no OQMD bulk energy or isolated-atom reference", element=el)
            continue
        spec = _spec(f"BULK-{el}", el, BULK_N_METAL, el, 0, topology={"name": "none"},
                     distance=round(_close_packed_distance(table.loc[el, "GSvolume_pa"]), 4))
        rows.append(_row("bulk", spec, table.loc[el, "GSenergy_pa"] - refs.loc[el, "E_atom"], size=BULK_N_METAL,
                         ref_method=refs.loc[el, "method"]))
    log.note("bulk", "unit", f"target = GSenergy_pa − E_atom (eV/atom), written as N = {BULK_N_METAL} "
             "with the close-packed distance of the OQMD volume", rows=len(rows))
    return pd.DataFrame(rows)


def segregation(log: ProvenanceLog) -> pd.DataFrame:
    """Site preference ΔE = E(core) − E(surface) = −Eseg, averaged over facets per (host, dopant, ligand).

    Both sets define Eseg = E(dopant in the surface layer) − E(dopant in the bulk): their own data show
    it, e.g. Au and Ag in Pt have Eseg < 0 on every facet, the well-known surface segregation.
    """
    base = data_dir()
    clean = pd.read_csv(base / "bcseg-segregation" / "dataset.csv")[["Host", "Dopant", "Eseg", "fcc_facet"]]
    clean = clean.rename(columns={"fcc_facet": "facet"}).assign(ligand="none", source="bcseg")
    ads = pd.read_csv(base / "eseg-ads-ligand" / "data.csv", encoding="utf-8-sig")
    ads = ads.rename(columns={"DFT": "Eseg", "Facet": "facet"})[["Host", "Dopant", "Eseg", "facet", "ligand"]]
    ads = ads.assign(source="eseg-ads")
    both = pd.concat([clean, ads], ignore_index=True)
    same = both["Host"] == both["Dopant"]
    if same.any():
        log.note("site", "exclusion", "host = dopant", rows=int(same.sum()))
    both = both[~same]
    grouped = both.groupby(["source", "Host", "Dopant", "ligand"])
    log.note("site", "unit", "target = −mean(Eseg over facets) (eV); facets are not a recipe feature",
             rows_in=len(both), rows_out=grouped.ngroups)
    rows = []
    for (source, host, dopant, ligand), g in grouped:
        ligands = [] if ligand == "none" else [{**ADSORBATE_LIGANDS[ligand], "count": 1}]
        suffix = "" if ligand == "none" else f"-{ligand}"
        # The slab's one adsorbate sits on the dopant's own site: the dopant feels all of its pull and screening
        # (ligand_coverage θ = 1), not the 2/92 share one thiolate spread over the icosahedron's surface would give.
        spec = _spec(f"SEG-{dopant}@{host}{suffix}", host, SEGREGATION_N_METAL - 1, dopant, 1,
                     topology={"name": "icosahedron", "shells": 3}, ligands=ligands,
                     ligandOnDopant=True if ligands else None)
        rows.append(_row("site-" + source, spec, -g["Eseg"].mean(), size=SEGREGATION_N_METAL,
                         facets=int(len(g)), facet_spread=float(g["Eseg"].max() - g["Eseg"].min()), ligand=ligand))
    return pd.DataFrame(rows)


def lpnc_auag(log: ProvenanceLog) -> pd.DataFrame:
    """Ligand-protected Au–Ag (SCH3) clusters: evaluation only.

    E_q_eV is a CP2K total energy including the ligands; no ligand or atom references at this DFT
    level are public, so an E_form cannot be built. What is usable: energies relative to the lowest
    configuration of the same composition (configurational spread, which composition-level features
    cannot resolve), reported per metal atom.
    """
    con = sqlite3.connect(data_dir() / "lpnc-nc-database" / "NC_Database.sqlite")
    df = pd.read_sql_query("SELECT * FROM NC_Data", con)
    con.close()
    alloys = df[(df["metal_2"] == "Ag") & (df["ligands"] == "sch3")].copy()
    log.note("lpnc", "exclusion", "not an SCH3-protected Au–Ag alloy row (Au-only or other ligands)",
             rows=int(len(df) - len(alloys)))
    alloys["E_q_eV"] = pd.to_numeric(alloys["E_q_eV"], errors="coerce")
    unparsed = alloys["E_q_eV"].isna()
    if unparsed.any():
        log.note("lpnc", "exclusion", "E_q_eV not a number", rows=int(unparsed.sum()))
    alloys = alloys[~unparsed]
    alloys["n_metal"] = alloys["n_metal_1"] + alloys["n_metal_2"]
    alloys["composition"] = alloys["metal_1"] + alloys["n_metal_1"].astype(str) + "Ag" + alloys["n_metal_2"].astype(str)
    alloys["rel_energy_per_metal"] = (alloys["E_q_eV"] - alloys.groupby("composition")["E_q_eV"].transform("min")) \
        / alloys["n_metal"]
    log.note("lpnc", "unit", "relative energy = (E − min E of the same composition) / N_metal (eV/atom)",
             rows=len(alloys), compositions=int(alloys["composition"].nunique()))
    return alloys[["NC", "composition", "n_metal_1", "n_metal_2", "n_ligand", "n_metal", "E_q_eV",
                   "rel_energy_per_metal", "path"]].reset_index(drop=True)


def build_all(log: ProvenanceLog, xyz_dir: Path, unary_dopant: str | None = None) -> dict[str, pd.DataFrame]:
    """All tables: eform (bare-core binding energies, one PBE atom reference), bulk_mixing (MP), site
    (segregation), lpnc (ranking evaluation)."""
    refs = atom_reference_energies(log)
    qcd = qcd_unary(log, refs, xyz_dir, unary_dopant)
    covered = set(qcd["host"])
    tm13 = tm13_extra(log, covered, unary_dopant)
    eform = pd.concat([qcd, tm13, bulk_elements(log, refs, covered | set(tm13["host"])), canela_147(log, refs)],
                      ignore_index=True)
    return {"eform": eform, "bulk_mixing": mp_binaries(log), "site": segregation(log), "lpnc": lpnc_auag(log),
            "refs": refs.reset_index()}
