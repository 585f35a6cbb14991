"""As users deploy it: `cdktf deploy`, then `cdktf diff` shows no changes (local AWS API)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, Terraform, missing

pytestmark = pytest.mark.slow

CDKTF = ROOT / "node_modules" / ".bin" / "cdktf"
SECRET = "canary-key-52e1b0"  # a stand-in; must never be printed
ENDPOINT_VAR = "--var=endpoint=https://api.example.com/orders"


def cdktf(terraform: Terraform, workdir: Path, url: str, *args: str) -> subprocess.CompletedProcess:
    env = terraform.env(
        LOCAL_AWS_URL=url,
        TF_VAR_connection_api_key_value=SECRET,
        CI="1",  # no interactive UI
        FORCE_COLOR="0",
    )
    return subprocess.run(
        [str(CDKTF), *args],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_cdktf_deploy_then_diff_shows_no_changes(terraform, local_aws, tmp_path):
    if not CDKTF.exists():
        missing("cdktf CLI not installed: run `npm ci` (make test does)")
    app = f"{sys.executable} {ROOT / 'tests' / 'local_aws.py'}"
    (tmp_path / "cdktf.json").write_text(
        json.dumps({"language": "python", "app": app, "sendCrashReports": "false"})
    )
    offline = ("--skip-provider-lock", ENDPOINT_VAR)

    deploy = cdktf(terraform, tmp_path, local_aws, "deploy", "local", "--auto-approve", *offline)
    try:
        assert deploy.returncode == 0, deploy.stdout + deploy.stderr
        assert "Apply complete!" in deploy.stdout

        diff = cdktf(terraform, tmp_path, local_aws, "diff", "local", *offline)

        assert diff.returncode == 0, diff.stdout + diff.stderr
        assert "No changes." in diff.stdout
        assert SECRET not in deploy.stdout + deploy.stderr + diff.stdout + diff.stderr
    finally:
        cdktf(terraform, tmp_path, local_aws, "destroy", "local", "--auto-approve", *offline)
