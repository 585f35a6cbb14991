"""Test-only: the policy rules, checked on the real values of a deployed stack.

Every policy document of every resource in a Terraform state (`terraform show
-json`), resolved to the ARNs the deployment really has, must hold to the
project's rules: no wildcard principal; the only AWS principal is a key's
account root (how AWS hands a key to the account's IAM policies); every
statement for a service principal is conditioned on its source; every IAM
permission and every source is an exact ARN of this deployment.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

# The policies the pattern writes (a topic's `policy` is SNS's own default).
WRITTEN = {
    "aws_iam_role": "assume_role_policy",
    "aws_iam_role_policy": "policy",
    "aws_sqs_queue_policy": "policy",
    "aws_kms_key": "policy",
}
# Condition keys whose value must be the ARN of something this deployment has.
EXACT_SOURCES = ("aws:SourceArn", "kms:EncryptionContext:aws:events:event-bus:arn")


def resources(module: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from module.get("resources", [])
    for child in module.get("child_modules", []):
        yield from resources(child)


def statements(state: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(resource type, attribute, statement) for every policy statement in the state."""
    for resource in resources(state["values"]["root_module"]):
        attribute = WRITTEN.get(resource["type"])
        if resource["mode"] == "managed" and attribute:
            for statement in json.loads(resource["values"][attribute])["Statement"]:
                yield resource["type"], attribute, statement


def as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else [value]


def arns(state: dict[str, Any]) -> set[str]:
    """Every ARN the deployment's resources (and an existing bus it names) have."""
    found = {r["values"].get("arn") for r in resources(state["values"]["root_module"])}
    return {a for a in found if isinstance(a, str)}


def check(state: dict[str, Any], account: str, existing_buses: tuple[str, ...] = ()) -> int:
    """Assert the rules on every statement; returns how many statements were checked."""
    known = arns(state) | set(existing_buses)
    root = f"arn:aws:iam::{account}:root"
    checked = 0
    for kind, attribute, statement in statements(state):
        checked += 1
        principal = statement.get("Principal", {})
        assert principal != "*" and principal.get("AWS") != "*", (kind, statement)
        assert "NotAction" not in statement and "NotPrincipal" not in statement, kind
        if "AWS" in principal:
            assert (kind, principal["AWS"]) == ("aws_kms_key", root), (kind, statement)
            continue
        assert all("*" not in action for action in as_list(statement["Action"])), kind
        if "Service" in principal:
            conditions = statement.get("Condition")
            assert conditions, (kind, statement)
            for operator, values in conditions.items():
                for key, value in values.items():
                    for item in as_list(value):
                        if key in EXACT_SOURCES and operator != "ArnLike":
                            assert item in known, (kind, key, item)
                        if key == "aws:SourceAccount":
                            assert item == account, (kind, item)
                        if operator == "ArnLike":
                            assert item.endswith("-*") and item.count("*") == 1, (kind, item)
                        else:
                            assert "*" not in item, (kind, key, item)
        if attribute == "policy" and kind != "aws_kms_key":
            for resource in as_list(statement["Resource"]):
                assert resource in known, (kind, resource)
    return checked
