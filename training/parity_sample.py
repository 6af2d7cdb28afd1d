"""A sample of real training records featurised exactly as training featurises them, for the parity test.

  /usr/bin/python3 training/parity_sample.py [--per-dataset N]

Builds every training table (build_data.build_all), takes up to N rows of each source (QCD clusters
with their structure files, TM13, bulk, CANELa, MP binaries, both segregation sets) plus one record
per source that the featuriser rejects, runs them through featurize.featurize (the only way training
gets features: `node dist/cli.js featurize`), and prints one JSON object on stdout:
  {"command": [...], "featureNames": [...],
   "accepted": [{"dataset", "spec", "features"}], "rejected": [{"dataset", "spec", "error"}]}
test/training/featurizeParity.test.ts compares it with the TypeScript featuriser called in-process.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_data import build_all  # noqa: E402
from common import ProvenanceLog, cache_dir  # noqa: E402
from featurize import featurize, featurizer  # noqa: E402


def sample_rows(table: pd.DataFrame, per_dataset: int, seed: int = 0) -> pd.DataFrame:
    """Up to `per_dataset` random rows of each source, in a reproducible order."""
    rng = np.random.default_rng(seed)
    picks = []
    for _, rows in table.groupby("dataset", sort=True):
        picks.extend(rng.choice(rows.index.to_numpy(), size=min(per_dataset, len(rows)), replace=False))
    return table.loc[sorted(picks)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-dataset", type=int, default=8)
    args = parser.parse_args()
    log = ProvenanceLog()
    tables = build_all(log, cache_dir() / "xyz")
    accepted, rejected, names = [], [], None
    for task in ("eform", "bulk_mixing", "site"):
        # The whole table goes through the featuriser once, as in training; the sample is drawn from its answer.
        rows, names = featurize(tables[task], task, log)
        for _, row in sample_rows(rows, args.per_dataset).iterrows():
            accepted.append({"dataset": row["dataset"], "spec": row["spec"],
                             "features": [float(row[n]) for n in names]})
    by_name = {spec["name"]: (d, spec) for task in ("eform", "bulk_mixing", "site")
               for d, spec in zip(tables[task]["dataset"], tables[task]["spec"])}
    first_rejection: dict[str, dict] = {}
    for entry in log.entries:
        if entry["kind"] == "exclusion" and "error" in entry:
            dataset, spec = by_name[entry["name"]]
            first_rejection.setdefault(dataset, {"dataset": dataset, "spec": spec, "error": entry["error"]})
    rejected = list(first_rejection.values())
    json.dump({"command": featurizer()[0], "featureNames": names, "accepted": accepted, "rejected": rejected},
              sys.stdout)


if __name__ == "__main__":
    main()
