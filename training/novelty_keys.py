"""The E_form novelty key and composition that training gives feature rows (eform_model.novelty, composition), for the parity test.

  /usr/bin/python3 training/novelty_keys.py < request.json

stdin: {"context": {"pairs": [...], "sizeLaw": {"elements": {...}, "fallback": {...}}, "smallestSize": N,
                    "pairSizes": N, "mixingRange": {"min", "max"}, "environment": {"perLigand", "perSupport", "fittedTogether"}},
        "rows": [{"spec": RecipeSpec, "features": {name: value}}]}
The context is what the runtime reads from the card and the terms file (noveltyOf's NoveltyContext);
each row is made the way training makes its rows (build_data's columns from the spec, plus the features).
stdout: the JSON list of {"key", "composition": null or {"mixing", "size": [key], "environment"?}}, in row order. test/training/noveltyParity.test.ts compares them with the
runtime's (engine/src/inference/noveltyGroup.ts), so calibration groups mean the same at training and at run time.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_data import _row  # noqa: E402
from eform_model import composition, novelty  # noqa: E402
from size_law import SizeLaws  # noqa: E402


def main() -> None:
    request = json.load(sys.stdin)
    context = request["context"]
    laws = SizeLaws(context["sizeLaw"]["elements"], context["sizeLaw"]["fallback"])
    pairs = set(context["pairs"])
    mixing_range = (context["mixingRange"]["min"], context["mixingRange"]["max"])
    args = (laws, pairs, mixing_range, context["environment"], context["smallestSize"])
    out = []
    for r in request["rows"]:
        row = pd.Series({**_row("parity", r["spec"], 0.0), **r["features"]})
        parts = composition(row, *args, context["pairSizes"])
        out.append({"key": novelty(row, *args),
                    "composition": parts and {"mixing": parts[0], "size": parts[1],
                                              **({"environment": parts[2]} if parts[2] else {})}})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
