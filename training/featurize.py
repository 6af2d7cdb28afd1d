"""Features for training, computed only by the TypeScript featuriser (`bimetal featurize`).

Training and the editor must see identical numbers, so Python never computes a descriptor itself:
it writes RecipeSpec JSON lines, runs `node dist/cli.js featurize`, and reads the feature rows back.
Until the bundle has the `featurize` command (or when it is not built), the same TypeScript entry
point, cli/src/featurize.ts `runFeaturize`, is run through tsx. Results are cached by the hash of
the input and of the engine + CLI sources.
"""
from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pandas as pd

from common import REPO_ROOT, ProvenanceLog, cache_dir

CLI = REPO_ROOT / "dist" / "cli.js"
TSX_ENTRY = ("import('./cli/src/featurize.ts').then((m) => (m.runFeaturize ?? m.default.runFeaturize)(process.stdin, process.stdout))"
             ".then((code) => { process.exitCode = code; })")


DEFINITIONS_ENTRY = ("import('./engine/src/features/schema.ts').then((m) => process.stdout.write("
                     "JSON.stringify(m.FEATURE_DEFINITIONS ?? m.default.FEATURE_DEFINITIONS)))")


class FeaturizerError(RuntimeError):
    pass


def featurizer_command() -> list[str]:
    """`node dist/cli.js featurize` when the bundle has the command, else the TS entry through tsx."""
    if CLI.exists():
        probe = subprocess.run(["node", str(CLI), "help", "featurize"], cwd=REPO_ROOT, capture_output=True, text=True)
        if probe.returncode == 0:
            return ["node", str(CLI), "featurize"]
    return ["node", "--import", "tsx", "-e", TSX_ENTRY]


def _sources_digest() -> bytes:
    digest = hashlib.sha256()
    for folder in ("engine/src", "cli/src"):
        for path in sorted((REPO_ROOT / folder).rglob("*.ts")):
            digest.update(path.read_bytes())
    return digest.digest()


def run_featurizer(specs: list[dict]) -> list[dict]:
    """Raw output lines of the featuriser for these RecipeSpecs, in input order."""
    payload = "".join(json.dumps(s) + "\n" for s in specs)
    key = hashlib.sha256(payload.encode() + _sources_digest()).hexdigest()[:16]
    cached = cache_dir() / "features" / f"{key}.jsonl"
    if not cached.exists():
        result = subprocess.run(featurizer_command(), input=payload, cwd=REPO_ROOT, capture_output=True, text=True)
        if result.returncode not in (0, 1) or not result.stdout.strip():
            raise FeaturizerError(f"featurize exited {result.returncode}: {result.stderr[-2000:]}")
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(result.stdout)
    lines = [json.loads(line) for line in cached.read_text().splitlines() if line.strip()]
    if len(lines) != len(specs):
        raise FeaturizerError(f"featurize returned {len(lines)} lines for {len(specs)} recipes")
    return lines


def feature_definitions() -> dict[str, dict]:
    """Each feature's definition and unit in the featuriser's own words (engine/src/features/schema.ts
    FEATURE_DEFINITIONS), so the report says how a column is computed where the model uses it."""
    result = subprocess.run(["node", "--import", "tsx", "-e", DEFINITIONS_ENTRY], cwd=REPO_ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise FeaturizerError(f"reading the feature definitions exited {result.returncode}: {result.stderr[-2000:]}")
    return {d["name"]: d for d in json.loads(result.stdout)}


def featurize(table: pd.DataFrame, dataset: str, log: ProvenanceLog) -> tuple[pd.DataFrame, list[str]]:
    """Rows of `table` (with a `spec` column) that the featuriser accepts, and the ordered feature names.

    Returns the table with one float column per feature added; rejected rows are logged and dropped.
    """
    lines = run_featurizer(list(table["spec"]))
    names = next((line["featureNames"] for line in lines if "featureNames" in line), None)
    if names is None:
        errors = {line.get("error") for line in lines}
        raise FeaturizerError(f"featurize accepted none of the {dataset} recipes: {sorted(map(str, errors))[:5]}")
    keep, values = [], []
    for i, (line, spec) in enumerate(zip(lines, table["spec"])):
        if line.get("name") != spec["name"]:
            raise FeaturizerError(f"featurize answered {line.get('name')!r} for {spec['name']!r}")
        if "error" in line:
            log.note(dataset, "exclusion", "featuriser rejected the recipe", name=spec["name"], error=line["error"])
            continue
        keep.append(i)
        values.append(line["features"])
    clash = set(names) & set(table.columns)
    if clash:
        raise FeaturizerError(f"builder columns {sorted(clash)} collide with feature names")
    features = pd.DataFrame(values, columns=names, index=table.index[keep], dtype=float)
    return pd.concat([table.iloc[keep], features], axis=1), list(names)
