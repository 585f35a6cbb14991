"""The module's own Terraform tests (modules/idempotent-api-destination/tests/*.tftest.hcl).

`terraform test` plans each shape and each refusal against a mocked AWS provider:
offline, nothing created. Run here on a copy of the module, so that `terraform init`
leaves nothing in the published folder.
"""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import ROOT, plan_runs, synth_json
from stacks.config import PatternConfig

MODULE = ROOT / "modules" / "idempotent-api-destination"
# Checks no input can trip, as each input's own validation refuses first.
UNREACHABLE = {
    "aws_iam_role.invoke": "the role name's length, which name_prefix's and the "
    "destinations' own validations keep within 64 characters",
}


def test_every_validation_and_precondition_has_a_run_that_trips_it():
    _, tf = synth_json(PatternConfig(), module=True)
    checked = {f"var.{name}" for name, v in tf["variable"].items() if v.get("validation")}
    checked |= {
        f"{type_}.{name}"
        for type_, named in tf["resource"].items()
        for name, body in named.items()
        if body.get("lifecycle", {}).get("precondition")
    }
    tripped = set()
    for path in (MODULE / "tests").glob("*.tftest.hcl"):
        for listed in re.findall(r"expect_failures\s*=\s*\[([^\]]*)\]", path.read_text()):
            tripped |= {item.strip() for item in listed.split(",") if item.strip()}
    assert len(checked) > 40 and set(UNREACHABLE) <= checked
    assert checked - tripped - set(UNREACHABLE) == set()
    assert tripped <= checked  # no run names a check that is gone


@pytest.mark.slow
def test_every_run_of_the_modules_own_tests_passes(terraform, tmp_path):
    module = tmp_path / "module"
    shutil.copytree(MODULE, module)
    runs = sum(
        len(re.findall(r'^run "', path.read_text(), re.MULTILINE))
        for path in (MODULE / "tests").glob("*.tftest.hcl")
    )
    assert runs >= 30
    terraform.run(module, "init", "-backend=false", "-input=false")
    result = terraform.run(module, "test", check=False, timeout=600)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    assert f"Success! {runs} passed, 0 failed." in result.stdout, result.stdout[-3000:]


@pytest.mark.slow
def test_a_refusal_names_the_setting_and_what_aws_allows(terraform, tmp_path):
    """What a caller reads when AWS would refuse a value: the module's message, first."""
    variables = (
        '    name_prefix              = "a-prefix-of-forty-characters-0123456789"\n'
        '    endpoint                 = "https://api.example.com/orders"\n'
        '    api_key_name             = "x-api-key"\n'
        '    connection_api_key_value = "test-key-value"\n'
        "    destinations = {\n"
        '      "twenty-characters-01" = { endpoint = "https://b.example.com/in" }\n'
        "    }\n"
    )
    result = plan_runs(terraform, tmp_path, {"too_long_together": variables})
    output = " ".join((result.stdout + result.stderr).split())
    assert result.returncode != 0
    assert "Invalid destinations: with this name_prefix, a destination's longest name" in output
    # Only the module's message: the provider never sees the names.
    assert output.count("Error:") == 1, output
