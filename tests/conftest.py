"""Shared helpers: synthesize a stack with overrides, and read what it wrote."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from typing import Any

import pytest

import stacks  # noqa: F401  # installs the fast binding loader before cdktf is imported
import cdktf
from stacks.config import PatternConfig, validate
from stacks.stack import ApiDestinationStack

Synth = Callable[..., dict[str, Any]]


def synth_stack(config: PatternConfig) -> ApiDestinationStack:
    app = cdktf.Testing.app()
    return ApiDestinationStack(app, "test", validate(config))


def synth_json(config: PatternConfig) -> tuple[str, dict[str, Any]]:
    """The synthesized stack as cdktf's Testing API returns it, and parsed."""
    text = cdktf.Testing.synth(synth_stack(config))
    return text, json.loads(text)


@pytest.fixture(scope="session")
def default_synth() -> tuple[str, dict[str, Any]]:
    """The stack with no configuration at all, synthesized once per test session."""
    return synth_json(PatternConfig())


@pytest.fixture(scope="session")
def default_tf(default_synth: tuple[str, dict[str, Any]]) -> dict[str, Any]:
    return default_synth[1]


@pytest.fixture
def synth() -> Synth:
    """synth(**overrides) -> the parsed Terraform JSON of a config with those overrides."""

    def build(**overrides: Any) -> dict[str, Any]:
        return synth_json(dataclasses.replace(PatternConfig(), **overrides))[1]

    return build


def only(tf: dict[str, Any], resource_type: str) -> tuple[str, dict[str, Any]]:
    """The one resource of `resource_type`: its logical name and its arguments."""
    resources = tf["resource"][resource_type]
    assert len(resources) == 1, f"expected one {resource_type}, found {sorted(resources)}"
    ((name, body),) = resources.items()
    return name, body


def ref(tf: dict[str, Any], resource_type: str, attribute: str) -> str:
    """How Terraform refers to `attribute` of the one resource of `resource_type`."""
    name, _ = only(tf, resource_type)
    return f"{resource_type}.{name}.{attribute}"


def interpolation(tf: dict[str, Any], resource_type: str, attribute: str) -> str:
    return "${" + ref(tf, resource_type, attribute) + "}"


_HCL_TOKEN = re.compile(
    r'(?P<string>"(?:[^"\\]|\\.)*")|(?P<assign>=)|(?P<punct>[{}\[\],])'
    r"|(?P<space>\s+)|(?P<number>-?[0-9]+(?:\.[0-9]+)?)|(?P<ref>[A-Za-z_][A-Za-z0-9_.\-]*)"
)


def decode_jsonencode(expression: str) -> Any:
    """The value inside a `${jsonencode(...)}` expression, as Python data.

    References to other resources (`aws_sqs_queue.x.arn`) come back as the
    strings Terraform would interpolate (`${aws_sqs_queue.x.arn}`).
    """
    match = re.fullmatch(r"\$\{jsonencode\((.*)\)\}", expression, re.S)
    assert match, f"not a jsonencode expression: {expression}"
    body, out, position = match.group(1), [], 0
    while position < len(body):
        token = _HCL_TOKEN.match(body, position)
        assert token, f"cannot read HCL at {body[position:position + 40]!r}"
        kind, text = token.lastgroup, token.group()
        if kind == "assign":
            out.append(":")
        elif kind == "ref":
            out.append(text if text in ("true", "false", "null") else json.dumps("${" + text + "}"))
        else:
            out.append(text)
        position = token.end()
    return json.loads("".join(out))
