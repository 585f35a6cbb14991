"""Security: the scanners find nothing, and our own checks read the policies they cannot."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import EVERY_OPTION, EVERY_OPTION_6, decode_jsonencode, missing, synth_json
from stacks.config import PatternConfig

POLICY_ATTRIBUTES = ("policy", "assume_role_policy")


def policies(tf: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """Every policy document in the stack: (resource type, attribute, document)."""
    found = []
    for kind, resources in tf["resource"].items():
        for body in resources.values():
            for attribute in POLICY_ATTRIBUTES:
                if attribute in body:
                    found.append((kind, attribute, decode_jsonencode(body[attribute])))
    return found


def statements(tf: dict[str, Any]):
    for kind, attribute, document in policies(tf):
        for statement in document["Statement"]:
            yield kind, attribute, statement


def as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else [value]


def test_the_stack_has_the_three_policies_we_check(default_tf):
    assert sorted((kind, attr) for kind, attr, _ in policies(default_tf)) == [
        ("aws_iam_role", "assume_role_policy"),
        ("aws_iam_role_policy", "policy"),
        ("aws_sqs_queue_policy", "policy"),
    ]


@pytest.fixture(scope="module", params=["defaults", "all-options-6"])
def any_tf(request, default_tf) -> dict[str, Any]:
    """The default stack, and the stack with every option on (a created key among them)."""
    return default_tf if request.param == "defaults" else synth_json(EVERY_OPTION_6)[1]


def is_key_admin(kind: str, statement: dict[str, Any]) -> bool:
    """A key policy's first statement: the account's IAM policies govern the key.

    In a key policy, `kms:*` on `*` by the account root is how AWS hands the key
    to the account's IAM policies (KMS developer guide, default key policy).
    """
    root = re.compile(
        r"arn:\$\{data\.aws_partition\.\w+\.partition\}:iam::"
        r"\$\{data\.aws_caller_identity\.\w+\.account_id\}:root"
    )
    principal = statement.get("Principal", {})
    return (
        kind == "aws_kms_key"
        and list(principal) == ["AWS"]
        and root.fullmatch(principal["AWS"]) is not None
    )


def test_the_key_admin_is_the_only_aws_principal_and_the_only_wildcard(any_tf):
    for kind, _, statement in statements(any_tf):
        principal = statement.get("Principal", {})
        assert principal != "*", kind
        assert "NotAction" not in statement and "NotPrincipal" not in statement, kind
        if is_key_admin(kind, statement):
            continue
        assert "AWS" not in principal, kind
        assert all("*" not in action for action in as_list(statement["Action"])), kind


def test_every_service_principal_statement_is_conditioned_on_its_source(any_tf):
    for kind, _, statement in statements(any_tf):
        if "Service" not in statement.get("Principal", {}):
            continue
        conditions = statement["Condition"]
        if kind == "aws_kms_key":
            # A key names the bus and the rule by ARN (they refer to the key), or
            # its own account, or the log group in the encryption context.
            assert conditions, statement["Sid"]
            continue
        for source in as_list(conditions["ArnEquals"]["aws:SourceArn"]):
            assert source.startswith(
                ("${aws_cloudwatch_event_rule.", "${aws_cloudwatch_event_bus.")
            ) and source.endswith(".arn}"), kind


def test_every_iam_permission_is_on_an_exact_arn(any_tf):
    for kind, attribute, statement in statements(any_tf):
        if attribute == "assume_role_policy" or kind == "aws_kms_key":
            continue  # trust policies name no resource; a key policy's "*" is the key itself
        for resource in as_list(statement["Resource"]):
            assert isinstance(resource, str) and "*" not in resource, kind
            assert resource.startswith("${") and resource.endswith(".arn}"), kind


def write_stack(tmp_path: Path, config: PatternConfig) -> Path:
    """The deployable stack and the module flavour of `config`, in one folder each."""
    folder = tmp_path / "stacks"
    for name, module in (("stack", False), ("module", True)):
        text, _ = synth_json(config, module=module)
        (folder / name).mkdir(parents=True)
        (folder / name / "cdk.tf.json").write_text(text)
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
}


@pytest.mark.slow
@pytest.mark.parametrize("config_name", sorted(CONFIGS))
def test_checkov_finds_nothing(tmp_path, config_name):
    folder = write_stack(tmp_path, CONFIGS[config_name])
    result = subprocess.run(
        [
            tool("checkov"),
            "-d",
            str(folder),
            "--framework",
            "terraform_json",
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
    folder = write_stack(tmp_path, CONFIGS[config_name])
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
