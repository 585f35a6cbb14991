"""Security: the scanners find nothing on every shape.

The policies themselves are checked where their values are real: on the state
of every deployed shape (tests/policies.py, used by the test_deploy*.py tests),
since here they are expressions over the inputs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EVERY_OPTION, EVERY_OPTION_6, EXISTING_BUS, missing, write_stack
from stacks.config import PatternConfig


def write_both(tmp_path: Path, config: PatternConfig) -> Path:
    """The deployable stack and the module flavour of `config`, in one folder each."""
    folder = tmp_path / "stacks"
    write_stack(folder / "stack", config)
    write_stack(folder / "module", config, module=True)
    return folder


def tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        missing(f"{name} not found (pip install -r requirements-dev.txt)")
    return found


CONFIGS = {
    "defaults": PatternConfig(),
    "all-options": EVERY_OPTION,
    "all-options-6": EVERY_OPTION_6,
    "existing-bus": EXISTING_BUS,
}


CHECKOV_OPTIONS = ("--skip-download", "--compact", "-o", "json")
TRIVY_OPTIONS = ("--skip-check-update", "--exit-code", "1", "--format", "json")


def checkov(folder: Path, *frameworks: str) -> dict:
    """checkov's report on `folder`, read with `frameworks`; fails the test on a finding."""
    result = subprocess.run(
        [tool("checkov"), "-d", str(folder), "--framework", *frameworks, *CHECKOV_OPTIONS],
        env={**os.environ, "BC_SKIP_MAPPING": "TRUE"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    reports = json.loads(result.stdout)
    report = reports[0] if isinstance(reports, list) else reports
    failed = [c["check_id"] for c in report["results"]["failed_checks"]]
    assert (report["summary"]["failed"], failed) == (0, []), result.stdout[-4000:]
    return report


def trivy(folder: Path, cache: Path) -> list[dict]:
    """trivy's results on `folder`; fails the test on a finding."""
    result = subprocess.run(
        [tool("trivy"), "config", *TRIVY_OPTIONS, "--cache-dir", str(cache), str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    results = json.loads(result.stdout)["Results"]
    assert [m for r in results for m in r.get("Misconfigurations", [])] == []
    return results


@pytest.mark.slow
@pytest.mark.parametrize("config_name", sorted(CONFIGS))
def test_checkov_finds_nothing(tmp_path, config_name):
    report = checkov(write_both(tmp_path, CONFIGS[config_name]), "terraform_json", "terraform")
    scanned = {c["file_path"] for c in report["results"]["passed_checks"]}
    assert scanned == {"/stack/cdk.tf.json", "/module/cdk.tf.json"}  # it read both


@pytest.mark.slow
@pytest.mark.parametrize("config_name", sorted(CONFIGS))
def test_trivy_finds_nothing(tmp_path, config_name):
    results = trivy(write_both(tmp_path, CONFIGS[config_name]), tmp_path / "trivy-cache")
    assert {r["Type"] for r in results} == {"terraform"}
    summaries = [r["MisconfSummary"] for r in results if "MisconfSummary" in r]
    assert len(summaries) == 2 and all(s["Successes"] > 0 for s in summaries)  # read both


@pytest.mark.slow
def test_the_scanners_find_nothing_in_the_published_hcl_module(tmp_path):
    """As a reviewer runs them on modules/idempotent-api-destination, its .tf files."""
    module = Path(__file__).resolve().parent.parent / "modules" / "idempotent-api-destination"
    report = checkov(module, "terraform")
    scanned = {c["file_path"] for c in report["results"]["passed_checks"]}
    assert {"/delivery.tf", "/key.tf"} <= scanned, scanned  # it read the HCL
    results = trivy(module, tmp_path / "trivy-cache")
    assert sum(r.get("MisconfSummary", {}).get("Successes", 0) for r in results) > 0
