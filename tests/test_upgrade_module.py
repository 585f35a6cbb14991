"""Upgrading a module caller from the previous release replaces nothing.

The previous release as a module (its Terraform, without provider and backend) is
applied by an HCL caller to the local AWS API; then the caller's `source` points at
this release's HCL module, whose moved blocks must carry every resource over.
"""

from __future__ import annotations

import json
import shutil

import pytest
from test_upgrade import PREVIOUS, SECRET, upgrades_with_moves_only

from conftest import ROOT
from local_aws import deployed, local_provider
from stacks.publish import without_metadata

pytestmark = pytest.mark.slow


def test_a_module_caller_takes_the_hcl_module_over_its_state_with_moves_only(
    terraform, local_aws, tmp_path
):
    """The previous release as a module (its Terraform, without provider and backend),
    applied by an HCL caller; then the caller's source points at this release's HCL
    module: the plan moves, and creates, replaces and destroys nothing."""
    previous = without_metadata(json.loads(PREVIOUS.read_text()))
    del previous["provider"]
    previous["terraform"].pop("backend")
    (tmp_path / "previous").mkdir()
    (tmp_path / "previous" / "main.tf.json").write_text(json.dumps(previous, indent=2))
    shutil.copytree(ROOT / "modules" / "idempotent-api-destination", tmp_path / "module")
    caller = (
        'variable "secret" {\n  type      = string\n  sensitive = true\n}\n'
        '\nmodule "orders" {\n  source = "./%s"\n\n'
        '  name_prefix              = "idempotent-apidest"\n'
        '  endpoint                 = "https://api.example.com/orders"\n'
        '  api_key_name             = "notused"\n'
        "  connection_api_key_value = var.secret\n}\n"
    )
    main = tmp_path / "main.tf"
    main.write_text(local_provider(local_aws) + caller % "previous")
    with deployed(terraform, tmp_path, local_aws, {"secret": SECRET}) as d:
        assert "Apply complete! Resources: 13 added" in d.apply_output
        main.write_text(local_provider(local_aws) + caller % "module")
        upgrades_with_moves_only(d, prefix="module.orders.")
    assert SECRET not in d.apply_output
