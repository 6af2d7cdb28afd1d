"""Features for training, computed only by the TypeScript featuriser (`bimetal featurize`).

Training and the editor must see identical numbers, so Python never computes a descriptor itself:
it writes RecipeSpec JSON lines, runs `node dist/cli.js featurize`, and reads the feature rows back.
When the bundle is not built from the sources as they are now (or lacks the `featurize` command),
the same TypeScript entry point, cli/src/featurize.ts `runFeaturize`, is run through tsx. Results
are cached by the hash of the input and of the code that ran: the bundle's bytes, or the sources
tsx compiles.
"""
from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pandas as pd

from common import REPO_ROOT, ProvenanceLog, cache_dir

TSX_ENTRY = ("import('./cli/src/featurize.ts').then((m) => (m.runFeaturize ?? m.default.runFeaturize)(process.stdin, process.stdout))"
             ".then((code) => { process.exitCode = code; })")
# The bundles `node dist/cli.js` runs (cli.js starts cli-main.js), by their esbuild metafiles dist/meta-<name>.json.
CLI_BUNDLES = ("cli", "cli-main")
# Every folder of TypeScript that cli/src/featurize.ts imports, directly or not
# (test/training/featurizerChoice.test.ts checks the list against esbuild's import graph).
TSX_SOURCES = ("cli/src", "engine/src", "report/src")


DEFINITIONS_ENTRY = ("import('./engine/src/features/schema.ts').then((m) => process.stdout.write("
                     "JSON.stringify(m.FEATURE_DEFINITIONS ?? m.default.FEATURE_DEFINITIONS)))")


class FeaturizerError(RuntimeError):
    pass


def current_bundle(root: Path = REPO_ROOT) -> list[Path] | None:
    """The CLI bundle's code files when no input listed in its metafiles is newer than its outputs (the rule of
    test/helpers/build.ts `bundlesAreCurrent`), else None: a bundle older than the sources would featurise with
    old code while the run claims the new."""
    code = []
    for name in CLI_BUNDLES:
        try:
            meta = json.loads((root / "dist" / f"meta-{name}.json").read_text())
            built = [(root / output).stat().st_mtime_ns for output in meta["outputs"]]
            if any((root / source).stat().st_mtime_ns > min(built) for source in meta["inputs"]):
                return None
        except (OSError, ValueError, KeyError):
            return None
        code += [root / output for output in meta["outputs"] if not output.endswith(".map")]
    # RDKit's wasm is loaded from beside the bundle, and it is part of what computes the ligand descriptors.
    wasm = root / "dist" / "RDKit_minimal.wasm"
    return [*code, wasm] if wasm.exists() else None


def featurizer(root: Path = REPO_ROOT) -> tuple[list[str], bytes]:
    """The command that featurises (`node dist/cli.js featurize` when the bundle is current and has the command, else
    the TS entry through tsx), and a digest of the code it runs, for the cache key."""
    bundle = current_bundle(root)
    if bundle:
        cli = root / "dist" / "cli.js"
        probe = subprocess.run(["node", str(cli), "help", "featurize"], cwd=root, capture_output=True, text=True)
        if probe.returncode == 0:
            return ["node", str(cli), "featurize"], _digest(root, bundle)
    # package-lock.json fixes the dependencies tsx loads from node_modules (RDKit among them).
    sources = [path for folder in TSX_SOURCES for path in sorted((root / folder).rglob("*.ts"))]
    return ["node", "--import", "tsx", "-e", TSX_ENTRY], _digest(root, [*sources, root / "package-lock.json"])


def _digest(root: Path, files: list[Path]) -> bytes:
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.digest()


# featurizer() of the repository, chosen once per run: it probes the bundle and hashes the code it runs, and a
# training run featurises several tables.
_FEATURIZER: tuple[list[str], bytes] | None = None


def run_featurizer(specs: list[dict]) -> list[dict]:
    """Raw output lines of the featuriser for these RecipeSpecs, in input order."""
    global _FEATURIZER
    payload = "".join(json.dumps(s) + "\n" for s in specs)
    command, code = _FEATURIZER = _FEATURIZER or featurizer()
    key = hashlib.sha256(payload.encode() + code).hexdigest()[:16]
    cached = cache_dir() / "features" / f"{key}.jsonl"
    if not cached.exists():
        result = subprocess.run(command, input=payload, cwd=REPO_ROOT, capture_output=True, text=True)
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
