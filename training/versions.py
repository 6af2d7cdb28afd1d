"""The training stack's versions against the pins in requirements.txt.

The shipped models are what run_all.py writes with the pinned versions; another numpy or scikit-learn may move
a fitted number in its last digits, and the files then differ from the shipped ones for no reason in the code.
"""
from __future__ import annotations

import platform
import subprocess
from importlib import metadata
from pathlib import Path

from common import REPO_ROOT

REQUIREMENTS = REPO_ROOT / "requirements.txt"


def pins(requirements: Path = REQUIREMENTS) -> dict[str, str]:
    """Package → pinned version, from `name==version` lines (comments and blank lines skipped)."""
    pinned = {}
    for line in requirements.read_text().splitlines():
        spec = line.split("#", 1)[0].strip()
        if not spec:
            continue
        name, exact, version = spec.partition("==")
        if not exact:
            raise ValueError(f"{requirements}: {spec!r} is not an exact pin (name==version)")
        pinned[name.strip()] = version.strip()
    return pinned


def installed(names: list[str]) -> dict[str, str | None]:
    """Each package's installed version, None where it is not installed."""
    found = {}
    for name in names:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def mismatches(requirements: Path = REQUIREMENTS) -> list[str]:
    """'name installed (pinned version)' for every pinned package installed in another version or not at all."""
    pinned = pins(requirements)
    have = installed(list(pinned))
    return [f"{name} {have[name] or 'not installed'} (pinned {version})"
            for name, version in pinned.items() if have[name] != version]


def stack(requirements: Path = REQUIREMENTS) -> dict[str, str | None]:
    """The versions a run used: Python, Node (which runs the featuriser) and every pinned package."""
    node = subprocess.run(["node", "--version"], capture_output=True, text=True)
    return {"python": platform.python_version(), "node": node.stdout.strip() if node.returncode == 0 else None,
            **installed(list(pins(requirements)))}
