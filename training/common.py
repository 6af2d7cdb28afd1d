"""Paths, the provenance log and the wording of a fitted range, shared by every training step.

Data are read from ../shared/data (or $BIMETAL_DATA_DIR) and never copied into the repository;
intermediate files live in training/.cache (git-ignored) unless a run is given another work dir.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
HARTREE_EV = 27.211386245988  # CODATA 2018


def data_dir() -> Path:
    override = os.environ.get("BIMETAL_DATA_DIR")
    return Path(override).resolve() if override else (REPO_ROOT.parent / "shared" / "data").resolve()


def cache_dir() -> Path:
    override = os.environ.get("BIMETAL_TRAINING_CACHE")
    path = Path(override) if override else REPO_ROOT / "training" / ".cache"
    path.mkdir(parents=True, exist_ok=True)
    return path


def range_text(r: dict, spec: str = "g") -> str:
    """A fitted range {min, max} as text, min–max, each end formatted by `spec`."""
    return f"{r['min']:{spec}}–{r['max']:{spec}}"


def collapsed_range_text(r: dict) -> str:
    """range_text, or its one value where min and max are the same."""
    return f"{r['min']:g}" if r["min"] == r["max"] else range_text(r)


class ProvenanceLog:
    """Every exclusion, unit conversion and cross-check a builder makes, in order.

    Written as JSON lines to training/.cache/provenance.jsonl and summarised in docs/models.md,
    so a reader can see why a row is missing or how a number was converted.
    """

    def __init__(self) -> None:
        self.entries: list[dict] = []

    def note(self, dataset: str, kind: str, message: str, **detail) -> None:
        self.entries.append({"dataset": dataset, "kind": kind, "message": message, **detail})

    def write(self, path: Path) -> None:
        with open(path, "w") as fh:
            for entry in self.entries:
                fh.write(json.dumps(entry, default=float) + "\n")

    def summary(self) -> list[dict]:
        """One line per (dataset, kind, message) with the number of times it occurred."""
        counts: dict[tuple, int] = {}
        for e in self.entries:
            key = (e["dataset"], e["kind"], e["message"])
            counts[key] = counts.get(key, 0) + 1
        return [{"dataset": d, "kind": k, "message": m, "count": c} for (d, k, m), c in counts.items()]
