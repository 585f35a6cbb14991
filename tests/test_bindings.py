"""The fast binding loader: the same Terraform JSON as the usual import, loading only what
the stack uses, in Python and in Node.js."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, STACK_FILE, load_script, run_main
from stacks import bindings

REPORTER = ROOT / "scripts" / "node_report.js"
# Every setting away from its default that a TOML file can hold, fan-out included.
EVERY_OPTION_TOML = """
name_prefix = "orders"
endpoint = "https://api.example.com/orders/*"
authorization_type = "BASIC"
basic_username = "svc"
idempotency_header_name = "X-Idempotency-Key"
header_parameters = { X-Tenant = "acme", X-Order = "$.detail.orderId" }
input_paths = { id = "$.detail.customID" }
input_template = '{"order": <id>}'
create_kms_key = true
create_archive = true
alarm_emails = ["ops@example.com"]
tags = { team = "payments" }
invocation_parameters = [{ location = "header", key = "X-Signing-Key", secret = true }]

[event_pattern]
source = ["orders.app"]
detail-type = ["OrderPlaced"]

[destinations.billing]
endpoint = "https://billing.example.com/hooks"

[destinations.audit]
endpoint = "https://audit.example.com/events"
event_pattern = { source = ["orders.app"] }
authorization_type = "OAUTH_CLIENT_CREDENTIALS"
oauth_authorization_endpoint = "https://auth.example.com/token"
oauth_client_id = "audit"
oauth_body_parameters = { scope = "audit.write" }
"""


def test_this_process_loaded_only_the_resource_modules_it_uses(default_tf):
    package = sys.modules[bindings.PACKAGE]
    loaded = [name for name in sys.modules if name.startswith(bindings.PACKAGE + ".")]
    assert not hasattr(package, "accessanalyzer_analyzer"), "the package index was imported"
    assert 0 < len(loaded) < 100, loaded  # of ~2,200 resource modules


def test_importing_the_package_changes_nothing():
    """The loader runs when a program asks for it (main.py, the tests), not on import."""
    probe = (
        "import os, sys; environ, modules = dict(os.environ), set(sys.modules); "
        "import stacks, stacks.limits, stacks.config; "
        "assert dict(os.environ) == environ, 'environment changed'; "
        f"assert {bindings.PACKAGE!r} not in sys.modules, 'bindings loaded'; "
        "assert 'cdktf' not in sys.modules, 'cdktf loaded'"
    )
    environ = {k: v for k, v in os.environ.items() if k != "NODE_OPTIONS"}
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=environ, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def synthesize(outdir: Path, **env: str) -> dict[str, bytes]:
    """Every file `python main.py` wrote, by its path inside the output folder."""
    result = run_main(outdir, **env)
    assert result.returncode == 0, result.stderr
    return load_script("bench_synth").written(outdir)


def modules_of(tf: dict) -> set[str]:
    """The provider's modules that a synthesized stack uses, in Node's spelling:
    `aws_sqs_queue` is `sqs-queue`, data `aws_region` is `data-aws-region`."""
    kinds = {k.removeprefix("aws_") for k in tf["resource"]}
    kinds |= {f"data_{k}" for k in tf["data"]} | {"provider"}
    return {kind.replace("_", "-") for kind in kinds}


@pytest.mark.slow
def test_the_node_side_loads_only_the_modules_the_stack_uses(tmp_path):
    report = tmp_path / "node.json"
    written = synthesize(
        tmp_path / "out",
        APIDEST_NODE_REPORT=str(report),
        NODE_OPTIONS=f'--require "{REPORTER}"',
    )
    files = json.loads(report.read_text())["files"]
    modules = {file.split("/")[0] for file in files if file != "index.js"}
    assert "index.js" in files
    assert modules == modules_of(json.loads(written[STACK_FILE.as_posix()]))
    assert len(files) == len(modules) + 1  # one file per module, of ~2,200


@pytest.mark.slow
@pytest.mark.parametrize("config", ["defaults", "every-option"])
def test_every_loading_path_writes_byte_identical_files(tmp_path, config):
    env = {}
    if config == "every-option":
        (tmp_path / "pattern.toml").write_text(EVERY_OPTION_TOML)
        env["APIDEST_CONFIG"] = str(tmp_path / "pattern.toml")
    fast = synthesize(tmp_path / "fast", **env)
    python_only = synthesize(tmp_path / "python", APIDEST_LAZY_NODE="0", **env)
    usual = synthesize(tmp_path / "usual", APIDEST_EAGER_BINDINGS="1", **env)
    assert STACK_FILE.as_posix() in fast
    assert fast == python_only == usual
