"""No label may be a feature in disguise: for every source of training rows, no feature column (nor an
affine function of one) reproduces the target. Mixed references once made the bulk label equal
−host_cohesive_energy exactly, so a model could read the answer off its input.

  /usr/bin/python3 training/label_check.py     exits 1 and lists the offending (source, feature) pairs
run_all.py runs the same check and refuses to write models that fail it.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

# An affine fit this close to every label of a source (relative to the labels' spread) is an identity.
TOLERANCE = 1e-6
MIN_ROWS = 5


def label_leaks(rows: pd.DataFrame, names: list[str], target: str = "target") -> list[str]:
    """'source: feature' for every feature that is an affine function of the label within a source."""
    leaks = []
    for source, part in rows.groupby("dataset"):
        y = part[target].to_numpy(float)
        if len(y) < MIN_ROWS or np.ptp(y) == 0:
            continue
        for name in names:
            f = part[name].to_numpy(float)
            if np.ptp(f) == 0:
                continue
            A = np.column_stack([f, np.ones(len(f))])
            fitted = A @ np.linalg.lstsq(A, y, rcond=None)[0]
            if np.abs(fitted - y).max() <= TOLERANCE * np.ptp(y) + 1e-6:
                leaks.append(f"{source}: {name}")
    return leaks


def main() -> int:
    from build_data import build_all
    from common import ProvenanceLog, cache_dir
    from featurize import featurize

    log = ProvenanceLog()
    tables = build_all(log, cache_dir() / "xyz")
    found = []
    for key in ("eform", "site", "bulk_mixing"):
        rows, names = featurize(tables[key], key, log)
        found += [f"{key} {leak}" for leak in label_leaks(rows, names)]
    for leak in found:
        print(f"label equals a feature: {leak}")
    print(f"label_check: {len(found)} leaks")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
