"""Terraform itself reads what we synthesize: the real AWS provider schema, the real validations."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from conftest import EVERY_OPTION, EVERY_OPTION_6, MIRROR_ENV_VAR, Terraform, synth_json
from stacks import limits
from stacks.config import RULES, PatternConfig
from stacks.stack import AUTH_VARIABLES, NULLABLE_VARIABLES, SECRET_VARIABLE, VARIABLES

pytestmark = pytest.mark.slow


def validate(terraform: Terraform, workdir: Path, config: PatternConfig) -> dict:
    text, _ = synth_json(config)
    (workdir / "cdk.tf.json").write_text(text)
    terraform.run(workdir, "init", "-backend=false")
    result = terraform.run(workdir, "validate", "-json", check=False)
    return json.loads(result.stdout)


def test_terraform_validate_accepts_the_default_stack(terraform, tmp_path):
    report = validate(terraform, tmp_path, PatternConfig())
    assert (report["valid"], report["diagnostics"]) == (True, [])


@pytest.mark.parametrize(
    "auth",
    [
        {
            "authorization_type": "BASIC",
            "basic_username": "svc",
            "invocation_parameters": [
                {"location": "header", "key": "X-Tenant", "value": "acme"},
                {"location": "header", "key": "X-Signing-Key", "secret": True},
                {"location": "body", "key": "origin", "value": "eventbridge"},
            ],
        },
        {
            "authorization_type": "OAUTH_CLIENT_CREDENTIALS",
            "oauth_authorization_endpoint": "https://auth.example.com/token",
            "oauth_client_id": "client",
            "oauth_body_parameters": {"scope": "events.write"},
            "oauth_header_parameters": {"x-tenant": "acme"},
            "oauth_query_parameters": {"audience": "orders"},
        },
    ],
    ids=["basic", "oauth"],
)
def test_terraform_validate_accepts_each_auth_type(terraform, tmp_path, auth):
    report = validate(terraform, tmp_path, PatternConfig(**auth))
    assert (report["valid"], report["diagnostics"]) == (True, [])


def test_terraform_validate_accepts_the_stack_with_every_option_set(terraform, tmp_path):
    report = validate(terraform, tmp_path, EVERY_OPTION)
    assert (report["valid"], report["diagnostics"]) == (True, [])


def test_terraform_validate_accepts_an_existing_key(terraform, tmp_path):
    arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    report = validate(terraform, tmp_path, PatternConfig(kms_key_arn=arn))
    assert (report["valid"], report["diagnostics"]) == (True, [])


def mirrored_versions() -> list[str]:
    mirror = Path(os.environ[MIRROR_ENV_VAR]) / "registry.terraform.io" / "hashicorp" / "aws"
    return sorted(p.name for p in mirror.iterdir() if p.is_dir())


def test_a_5x_provider_refuses_the_provider_6_flavour_at_init(terraform, tmp_path):
    if not any(v.startswith("5.") for v in mirrored_versions()):
        pytest.skip(f"the provider mirror holds no 5.x AWS provider: {mirrored_versions()}")
    text, _ = synth_json(EVERY_OPTION_6)
    (tmp_path / "cdk.tf.json").write_text(text)
    result = terraform.run(tmp_path, "init", "-backend=false", check=False)
    assert result.returncode != 0
    assert ">= 6.6.0, < 7.0.0" in result.stderr + result.stdout


def test_terraform_validate_accepts_the_provider_6_flavour(terraform, tmp_path):
    if not any(v.startswith("6.") for v in mirrored_versions()):
        pytest.skip(
            f"the provider mirror holds no 6.x AWS provider ({mirrored_versions()}); "
            "the provider-6 attributes were only checked against the bindings' 6.25.0 schema"
        )
    report = validate(terraform, tmp_path, EVERY_OPTION_6)
    assert (report["valid"], report["diagnostics"]) == (True, [])


# Values near each limit, good and bad; Python and Terraform must agree on each.
SAMPLES: dict[str, list[object]] = {
    "endpoint": [
        "https://api.example.com",
        "https://api.example.com/orders/*?x=1",
        "http://api.example.com",
        "https://",
        "https://api.example.com/a b",
        "https://api.example.com/" + "a" * 2024,
        "https://api.example.com/" + "a" * 2025,
    ],
    "http_method": ["POST", "DELETE", "TRACE", "post"],
    "invocation_rate_limit_per_second": [1, 300, 0, 1.5],
    "maximum_retry_attempts": [0, 185, -1, 186, 2.5],
    "maximum_event_age_in_seconds": [60, 86400, 59, 86401],
    "name_prefix": ["orders", "a" * 40, "a" * 41, "my.prefix", "-orders", ""],
    "api_key_name": ["x-api-key", "Host", "x api key", "k" * 513],
    "idempotency_header_name": ["Idempotency-Key", "content-length", "Idempotency Key", ""],
    "idempotency_key_path": [
        "$.detail.customID",
        "$.items[0].id",
        "$.detail.*",
        "detail.id",
        "id-$.id",
        "$",
    ],
    "event_pattern": [
        {},
        {"source": ["a"]},
        {"detail": {"x": ["y"]}},
        {"source": "a"},
        ["a"],
        {"source": ["x" * 2100]},
    ],
    "dlq_message_retention_seconds": [60, 1209600, 59, 1209601],
    "tags": [{}, {"team": "a"}, {"aws:x": "a"}, {"k": "v" * 257}],
    "alarm_emails": [[], ["ops@example.com"], ["ops"], ["a@b.co"] * 11],
    "alarm_actions": [
        [],
        ["arn:aws:sns:us-east-1:123456789012:ops"],
        ["arn:aws:sns:us-east-1:1234:ops"],
        ["topic"],
        ["arn:aws:sns:us-east-1:123456789012:ops"] * 5,
    ],
    "archive_retention_days": [0, 365, -1, 1.5],
    "archive_event_pattern": [{}, {"source": ["a"]}, ["a"], {"source": "a"}],
    "basic_username": ["svc", "", "u" * 513],
    "oauth_authorization_endpoint": ["https://auth.example.com/token", "http://auth.example.com"],
    "oauth_http_method": ["GET", "PUT", "DELETE"],
    "oauth_client_id": ["abc", ""],
    SECRET_VARIABLE: ["k", "k" * 512, "", "k" * 513],
    "header_parameters": [
        {},
        {"X-Tenant": "acme corp"},
        {"X-Order": "$.detail.orderId"},
        {"Host": "x"},
        {"X-Order": "$.detail order"},
        {"X-Tenant": "caf\u00e9"},
        {"X Tenant": "acme"},
        {"X-Tenant": "v" * 513},
    ],
    "kms_key_arn": [
        "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/mrk-1234abcd",
        "alias/orders",
        "arn:aws:kms:eu-west-1:123456789012:alias/orders",
    ],
}
ALL_VARIABLES = (
    VARIABLES
    | NULLABLE_VARIABLES
    | {name: tf_type for names in AUTH_VARIABLES.values() for name, tf_type in names.items()}
)


def test_terraform_validations_agree_with_the_python_checks(terraform, tmp_path):
    rules = {name: RULES[name] for name in ALL_VARIABLES} | {SECRET_VARIABLE: limits.AUTH_VALUE}
    rules = {name: rule for name, rule in rules.items() if rule.condition("var.x") is not None}
    assert set(SAMPLES) == set(rules)
    variables, values, expected_bad = {}, {}, set()
    for name, samples in SAMPLES.items():
        tf_type = ALL_VARIABLES.get(name, "string")
        for index, value in enumerate(samples):
            var = f"{name}_{index}"
            variables[var] = {
                "type": tf_type,
                "validation": [
                    {
                        "condition": "${" + rules[name].condition(f"var.{var}") + "}",
                        "error_message": "Rejected.",
                    }
                ],
            }
            values[var] = value
            if not rules[name].accepts(value):
                expected_bad.add(var)
    (tmp_path / "main.tf.json").write_text(json.dumps({"variable": variables}))
    (tmp_path / "terraform.tfvars.json").write_text(json.dumps(values))
    terraform.run(tmp_path, "init", "-backend=false")

    result = terraform.run(tmp_path, "plan", check=False)

    rejected = set(re.findall(r"var\.(\w+) is", result.stdout + result.stderr))
    rejected |= set(re.findall(r'in variable "(\w+)"', result.stdout + result.stderr))
    assert rejected == expected_bad, result.stderr


def console(terraform: Terraform, tmp_path: Path, config: PatternConfig, *variables: str):
    """`terraform console` on the synthesized stack with these -var values (no AWS call)."""
    text, _ = synth_json(config)
    workdir = tmp_path / "cdktf.out" / "stacks" / "test"  # the local state path is relative
    workdir.mkdir(parents=True)
    (workdir / "cdk.tf.json").write_text(text)
    terraform.run(workdir, "init")
    return terraform.run(workdir, "console", *(f"-var={v}" for v in variables), check=False)


def test_terraform_rejects_a_bad_variable_with_the_configs_message(terraform, tmp_path):
    result = console(
        terraform,
        tmp_path,
        PatternConfig(region="us-east-1"),
        "maximum_retry_attempts=500",
        "endpoint=https://api.example.com",
        f"{SECRET_VARIABLE}=not-a-real-key",
    )

    message = " ".join(result.stderr.split())
    assert "Error: Invalid value for variable" in message
    assert (
        "Invalid maximum_retry_attempts: must be a whole number from 0 to 185 "
        "(API reference: RetryPolicy)." in message
    )
    assert "not-a-real-key" not in result.stdout + result.stderr


def test_terraform_requires_every_secret_invocation_value(terraform, tmp_path):
    config = PatternConfig(
        region="us-east-1",
        invocation_parameters=[{"location": "header", "key": "X-Signing-Key", "secret": True}],
    )

    result = console(
        terraform,
        tmp_path,
        config,
        "endpoint=https://api.example.com",
        f"{SECRET_VARIABLE}=not-a-real-key",
        'connection_invocation_secrets={"X-Other": "not-a-real-value"}',
    )

    message = " ".join(result.stderr.split())
    assert (
        "Invalid connection_invocation_secrets: must be a map giving a value of 1-512 "
        "characters for each of X-Signing-Key (API reference: ConnectionHttpParameters)." in message
    )
    assert "not-a-real-value" not in result.stdout + result.stderr
