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


@pytest.mark.slow
@pytest.mark.parametrize("config_name", sorted(CONFIGS))
def test_checkov_finds_nothing(tmp_path, config_name):
    folder = write_both(tmp_path, CONFIGS[config_name])
    result = subprocess.run(
        [
            tool("checkov"),
            "-d",
            str(folder),
            "--framework",
            "terraform_json",
            "terraform",
            "--skip-download",
            "--compact",
            "-o",
            "json",
        ],
        env={**os.environ, "BC_SKIP_MAPPING": "TRUE"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    reports = json.loads(result.stdout)
    report = reports[0] if isinstance(reports, list) else reports
    summary = report["summary"]
    failed = [c["check_id"] for c in report["results"]["failed_checks"]]
    assert (summary["failed"], failed) == (0, []), result.stdout[-4000:]
    scanned = {c["file_path"] for c in report["results"]["passed_checks"]}
    assert scanned == {"/stack/cdk.tf.json", "/module/cdk.tf.json"}  # it read both


@pytest.mark.slow
@pytest.mark.parametrize("config_name", sorted(CONFIGS))
def test_trivy_finds_nothing(tmp_path, config_name):
    folder = write_both(tmp_path, CONFIGS[config_name])
    result = subprocess.run(
        [
            tool("trivy"),
            "config",
            "--skip-check-update",
            "--exit-code",
            "1",
            "--format",
            "json",
            "--cache-dir",
            str(tmp_path / "trivy-cache"),
            str(folder),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    results = json.loads(result.stdout)["Results"]
    assert {r["Type"] for r in results} == {"terraform"}
    assert [m for r in results for m in r.get("Misconfigurations", [])] == []
    summaries = [r["MisconfSummary"] for r in results if "MisconfSummary" in r]
    assert len(summaries) == 2 and all(s["Successes"] > 0 for s in summaries)  # read both


SCAN_OPTIONS = ("--skip-download", "--compact", "-o", "json")


@pytest.mark.slow
def test_the_scanners_find_nothing_in_the_published_hcl_module(tmp_path):
    """As a reviewer runs them on modules/idempotent-api-destination, its .tf files."""
    module = Path(__file__).resolve().parent.parent / "modules" / "idempotent-api-destination"
    checkov = subprocess.run(
        [tool("checkov"), "-d", str(module), "--framework", "terraform", *SCAN_OPTIONS],
        env={**os.environ, "BC_SKIP_MAPPING": "TRUE"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(checkov.stdout)
    assert report["summary"]["failed"] == 0, checkov.stdout[-4000:]
    scanned = {c["file_path"] for c in report["results"]["passed_checks"]}
    assert {"/delivery.tf", "/key.tf"} <= scanned, scanned  # it read the HCL
    trivy = subprocess.run(
        [
            tool("trivy"),
            "config",
            "--skip-check-update",
            "--exit-code",
            "1",
            "--format",
            "json",
            "--cache-dir",
            str(tmp_path / "trivy-cache"),
            str(module),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert trivy.returncode == 0, trivy.stdout[-4000:] + trivy.stderr[-2000:]
    results = json.loads(trivy.stdout)["Results"]
    assert [m for r in results for m in r.get("Misconfigurations", [])] == []
    assert sum(r.get("MisconfSummary", {}).get("Successes", 0) for r in results) > 0
