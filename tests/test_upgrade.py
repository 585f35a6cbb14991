"""Upgrading a deployed stack from the previous release replaces nothing.

The previous release's synthesized stack (tests/snapshots/previous-release.tf.json,
its addresses hashed by cdktf) is applied to the local AWS API; then this
release's stack takes over the same state. Its moved blocks must carry every
resource over: the plan creates, replaces and destroys nothing, least of all
what holds data (the bus, the queue, the archive).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from local_aws import REGION, Deployment, deployed, point_provider_at, synth_locally
from stacks.config import PatternConfig

pytestmark = pytest.mark.slow

PREVIOUS = Path(__file__).parent / "snapshots" / "previous-release.tf.json"
SECRET = "canary-upgrade-61f0a2"  # must never be printed
HOLDS_DATA = ("aws_cloudwatch_event_bus", "aws_sqs_queue", "aws_cloudwatch_event_archive")


def previous_release(url: str, workdir: Path) -> None:
    """The previous release's stack, aimed at the local API like synth_locally aims ours."""
    tf = json.loads(PREVIOUS.read_text())
    tf["provider"]["aws"] = [aimed_provider(url)]
    (workdir / "cdk.tf.json").write_text(json.dumps(tf, indent=2))
    without_backend(workdir / "cdk.tf.json")


def without_backend(path: Path) -> None:
    """Terraform's default local state in the working folder, for both releases."""
    tf = json.loads(path.read_text())
    tf["terraform"].pop("backend")
    path.write_text(json.dumps(tf, indent=2))


def aimed_provider(url: str) -> dict[str, object]:
    """The provider block synth_locally writes, read back from a synthesized stack."""
    import cdktf

    from conftest import synth_app
    from stacks.stack import ApiDestinationStack

    stack = ApiDestinationStack(synth_app(), "probe", PatternConfig(region=REGION))
    point_provider_at(stack, url)
    return json.loads(cdktf.Testing.synth(stack))["provider"]["aws"][0]


def test_the_new_release_takes_over_the_previous_state_and_replaces_nothing(
    terraform, local_aws, tmp_path
):
    workdir = tmp_path / "stack"
    workdir.mkdir()
    previous_release(local_aws, workdir)
    tf_vars = {"endpoint": "https://api.example.com/orders", "connection_api_key_value": SECRET}
    with deployed(terraform, workdir, local_aws, tf_vars) as d:
        assert "Apply complete! Resources: 13 added" in d.apply_output
        (tmp_path / "new").mkdir()
        new = synth_locally(local_aws, tmp_path / "new", "upgrade", PatternConfig(region=REGION))
        for file in new.iterdir():
            if file.is_file():
                (workdir / file.name).write_text(file.read_text())
        without_backend(workdir / "cdk.tf.json")  # the state stays where it is
        upgrades_with_moves_only(d)


def upgrades_with_moves_only(d: Deployment, prefix: str = "") -> None:
    """Init, plan and apply the new release over `d`'s state (its resources' addresses
    start with `prefix`): every resource moved, none created, replaced or destroyed,
    and a second plan with no changes."""
    d.run("init")
    d.run("plan", "-out=upgrade.plan")
    plan = json.loads(d.run("show", "-json", "upgrade.plan").stdout)
    d.run("apply", "upgrade.plan")
    after = d.run("plan", "-detailed-exitcode", check=False)
    changes = plan["resource_changes"]
    actions = {c["address"]: c["change"]["actions"] for c in changes}
    assert {a for a, act in actions.items() if act != ["no-op"]} == set(), actions
    moved = {c["address"]: c.get("previous_address") for c in changes}
    assert moved[f"{prefix}aws_cloudwatch_event_bus.this[0]"] == (
        f"{prefix}aws_cloudwatch_event_bus.pattern_bus_40FABC36"
    )
    assert moved[f"{prefix}aws_sqs_queue.dlq[0]"] == f"{prefix}aws_sqs_queue.pattern_dlq_0705EF5A"
    assert all(moved[c["address"]] for c in changes if c["type"] in HOLDS_DATA)
    assert len(changes) == 13
    assert after.returncode == 0, after.stdout[-3000:]
