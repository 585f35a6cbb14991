"""Terraform itself reads what we synthesize: the real AWS provider schema, the real validations."""

from __future__ import annotations

import dataclasses
import json
import os
import re
from pathlib import Path

import pytest

from conftest import (
    EVERY_OPTION,
    EVERY_OPTION_6,
    EXISTING_BUS,
    MIRROR_ENV_VAR,
    Terraform,
    write_stack,
)
from stacks import limits
from stacks.config import RULES, PatternConfig
from stacks.stack import (
    NULLABLE,
    VARIABLE_TYPES,
    destination_validations,
    rule_validation,
)

pytestmark = pytest.mark.slow


def validate(terraform: Terraform, workdir: Path, config: PatternConfig) -> dict:
    write_stack(workdir, config)
    terraform.run(workdir, "init", "-backend=false")
    result = terraform.run(workdir, "validate", "-json", check=False)
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    "config",
    [PatternConfig(), EVERY_OPTION, EXISTING_BUS],
    ids=["defaults", "every-option", "existing-bus"],
)
def test_terraform_validate_accepts_the_stack(terraform, tmp_path, config):
    report = validate(terraform, tmp_path, config)
    assert (report["valid"], report["diagnostics"]) == (True, [])


def mirrored_versions() -> list[str]:
    mirror = os.environ.get(MIRROR_ENV_VAR)
    if not mirror:
        return []
    folder = Path(mirror) / "registry.terraform.io" / "hashicorp" / "aws"
    return sorted(p.name for p in folder.iterdir() if p.is_dir())


def test_a_5x_provider_refuses_the_provider_6_flavour_at_init(terraform, tmp_path):
    if not any(v.startswith("5.") for v in mirrored_versions()):
        pytest.skip(f"no 5.x AWS provider to try: {mirrored_versions()}")
    write_stack(tmp_path, EVERY_OPTION_6)
    result = terraform.run(tmp_path, "init", "-backend=false", check=False)
    assert result.returncode != 0
    assert ">= 6.6.0, < 7.0.0" in result.stderr + result.stdout


def test_terraform_validate_accepts_the_provider_6_flavour(terraform, tmp_path):
    if not terraform.downloads and not any(v.startswith("6.") for v in mirrored_versions()):
        pytest.skip(
            f"the provider mirror holds no 6.x AWS provider ({mirrored_versions()}); "
            "the provider-6 attributes were only checked against the bindings' 6.25.0 schema"
        )
    report = validate(terraform, tmp_path, EVERY_OPTION_6)
    assert (report["valid"], report["diagnostics"]) == (True, [])


# Values at and around each limit, good and bad; Python and Terraform must agree on each.
PATTERN_SAMPLES: list[object] = [
    {},
    {"source": ["a"]},
    {"detail": {"x": ["y"]}},
    '{"source": ["a"], "detail": {"n": [{"numeric": [">", 0]}]}}',
    {"a": {"b": {"c": {"d": {"e": ["deep"]}}}}},
    {"a": ["[]", "{}", "[[", ",["]},  # brackets inside strings are text
    {"a": [{"anything-but": ["x", "y"]}]},
    {"$or": [{"a": ["x"]}, {"b": ["y"]}]},
    {"source": "a"},
    ["a"],
    '{"source": ',
    "not json",
    {"source": ["x" * 2100]},
    {"source": []},
    {"detail": {}},
    {"source": [["a"]]},
    {"source": ["a", ["b"]]},
    {"a": [{"prefix": []}]},
    {"a": [{}]},
    {"a": {"b": {"c": "scalar"}}},
]
SAMPLES: dict[str, list[object]] = {
    "name_prefix": ["orders", "a" * 40, "a" * 41, "my.prefix", "-orders", ""],
    "event_bus_name": ["default", "orders-bus", "partner/x.y", "bus name", "a" * 257, None],
    "endpoint": [
        "https://api.example.com",
        "https://api.example.com/orders/*?x=1&y=%20",
        "https://api.example.com:8443/a",
        "http://api.example.com",
        "https://",
        "https://api.example.com/a b",
        "https://api.example.com/caf\u00e9",
        "https://api.example.com/a\u0000",
        "https://api.example.com/${x}",
        "https://api.example.com/" + "a" * 2024,
        "https://api.example.com/" + "a" * 2025,
    ],
    "http_method": ["POST", "DELETE", "TRACE", "post"],
    "invocation_rate_limit_per_second": [1, 300, 0, 1.5],
    "maximum_retry_attempts": [0, 185, -1, 186, 2.5],
    "maximum_event_age_in_seconds": [60, 86400, 59, 86401],
    "authorization_type": ["API_KEY", "NONE", "basic", "OAUTH"],
    "api_key_name": ["x-api-key", "Host", "x api key", "k" * 513, "X\r\nY", None],
    "basic_username": ["svc", "", "u" * 513, "a\nb", "svc:admin", "svc\t", "\t", None],
    "oauth_authorization_endpoint": ["https://auth.example.com/token", "http://a.example.com"],
    "oauth_http_method": ["GET", "PUT", "DELETE", None],
    "oauth_client_id": ["abc", "", None],
    "oauth_body_parameters": [{}, {"scope": "a"}, {"client_secret": "x"}, {"a": "b\n"}, None],
    "oauth_header_parameters": [{"x-tenant": "a"}, {"x tenant": "a"}, {"X-Api-Key": "k"}],
    "oauth_query_parameters": [{"audience": "orders"}, {"refresh_token": "x"}, {"k\u0007": "v"}],
    "invocation_parameters": [
        [],
        [
            {"location": "header", "key": "X-Tenant", "value": "acme"},
            {"location": "header", "key": "X-Signing-Key", "secret": True},
            {"location": "body", "key": "origin", "value": ""},
        ],
        [{"location": "cookie", "key": "a", "value": "v"}],
        [{"location": "header", "key": "X Tenant", "value": "v"}],
        [{"location": "header", "key": "X-A", "value": "a\r\nb"}],
        [{"location": "body", "key": "k", "value": "v", "secret": True}],
        [{"location": "query_string", "key": "api_key", "value": "v"}],
        [{"location": "body", "key": "k"}],
        [
            {"location": "body", "key": "k", "value": "a"},
            {"location": "body", "key": "K", "value": "b"},
        ],
    ],
    "idempotency_header_name": ["Idempotency-Key", "content-length", "Idempotency Key", ""],
    "idempotency_key_path": ["$.detail.customID", "$.items[0].id", "$.detail.*", "detail.id", "$"],
    "header_parameters": [
        {},
        {"X-Tenant": "acme corp"},
        {"X-Order": "$.detail.orderId"},
        {"Host": "x"},
        {"X-Order": "$.detail order"},
        {"X-Tenant": "caf\u00e9"},
        {"X-Tenant": "a\r\nSet-Cookie: x"},
        {"X Tenant": "acme"},
        {"X-Tenant": "v" * 513},
        {"X-Tenant": ""},
        {"X-Tenant": "a\tb"},
    ],
    "input_paths": [{}, {"id": "$.detail.id"}, {"i d": "$.id"}, {"id": "detail"}],
    "input_template": ["<id>", "", None],
    "event_pattern": PATTERN_SAMPLES,
    "archive_event_pattern": PATTERN_SAMPLES[:4] + PATTERN_SAMPLES[8:16],
    "dlq_message_retention_seconds": [60, 1209600, 59, 1209601],
    "tags": [
        {},
        {"team": "a"},
        {"cl\u00e9": "caf\u00e9 au lait", "a/b": "x:y=z+1@2"},
        {f"k{i}": "v" for i in range(49)},
        {f"k{i}": "v" for i in range(50)},
        {"aws:x": "a"},
        {"AWS:x": "a"},
        {"k": "v" * 257},
        {"k\n": "v"},
        {"k": "$x"},
        {"k": "{x}"},
        {"Team": "a", "team": "b"},
    ],
    "alarm_topic_arn": ["arn:aws:sns:us-east-1:123456789012:ops", "ops", None],
    "alarm_emails": [[], ["ops@example.com"], ["ops"], ["a@b.co"] * 11],
    "alarm_actions": [
        [],
        ["arn:aws:sns:us-east-1:123456789012:ops"],
        ["arn:aws:sns:us-east-1:1234:ops"],
        ["topic"],
        ["arn:aws:sns:us-east-1:123456789012:ops"] * 5,
    ],
    "archive_retention_days": [0, 365, -1, 1.5],
    "path_parameter_values": [[], ["$.detail.id", "a"], ["a b"], [" "], ["a\nb"], ["x" * 513]],
    "query_string_parameters": [
        {},
        {"a": "b", "tenant": "$.detail.tenant"},
        {"a": "b\rc"},
        {"": "b"},
        {"a": ""},
        {"a\u0007": "b"},
        {"a": "b\tc"},
    ],
    "rule_state": ["ENABLED", "DISABLED", "enabled"],
    "role_path": ["/", "/service-role/", "service-role", "/a b/", None],
    "role_permissions_boundary": [
        "arn:aws:iam::123456789012:policy/boundary",
        "arn:aws:iam::aws:policy/PowerUserAccess",
        "boundary",
        None,
    ],
    "alarm_period": [10, 60, 300, 86400, 90, 0, 86460, 1.5],
    "alarm_evaluation_periods": [1, 5, 0, 1441, 2.5],
    "alarm_dlq_threshold": [0, 10, -1, 1.5],
    "alarm_failed_invocations_threshold": [0, 3, -2],
    "dlq_arn": [
        "arn:aws:sqs:eu-west-1:123456789012:dlq",
        "arn:aws:sqs:eu-west-1:123456789012:q.fifo",
        "dlq",
        None,
    ],
    "kms_key_arn": [
        "alias/aws/sqs",
        "arn:aws:kms:eu-west-1:123456789012:alias/aws/events",
        "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/mrk-1234abcd",
        "alias/orders",
        "arn:aws:kms:eu-west-1:123456789012:alias/orders",
        "orders",
        None,
    ],
}
BILLING = {"endpoint": "https://billing.example.com/hooks"}
DESTINATION_SAMPLES: list[dict[str, object]] = [
    {},
    {"billing": BILLING, "audit": BILLING | {"event_pattern": '{"source": ["a"]}'}},
    {
        "billing": BILLING
        | {"invocation_parameters": [{"location": "body", "key": "k", "value": "v"}]}
    },
    {"main": BILLING},
    {"Billing": BILLING, "billing": BILLING},
    {"9lives": BILLING},
    {f"d{i}": BILLING for i in range(5)},
    {"billing": {"endpoint": "http://billing.example.com"}},
    {"billing": BILLING | {"event_pattern": '{"source": []}'}},
    {"billing": BILLING | {"event_pattern": "{}"}},
    {"billing": BILLING | {"maximum_retry_attempts": 500}},
    {"billing": BILLING | {"header_parameters": {"X-A": "a\r\nb"}}},
    {"billing": BILLING | {"authorization_type": "BASICS"}},
    {
        "billing": BILLING
        | {"invocation_parameters": [{"location": "body", "key": "token", "value": "v"}]}
    },
    {
        "github": BILLING | {"authorization_type": "API_KEY", "api_key_name": "x-signature-id"},
        "refunds": BILLING | {"connection_name": "github", "event_pattern": '{"a": ["b"]}'},
        "orders": BILLING | {"connection_name": "main"},
    },
    {"refunds": BILLING | {"connection_name": "github"}},
    {"refunds": BILLING | {"connection_name": "main", "authorization_type": "NONE"}},
    {"billing": {"endpoint": None}},
    # `destinations` is `any`: patterns of different shapes, and what a type would refuse.
    {
        "audit": BILLING | {"event_pattern": {"source": ["a"], "detail": {"x": ["y"]}}},
        "billing": BILLING | {"event_pattern": {"detail-type": ["b"]}},
        "crm": BILLING | {"event_pattern": '{"source": ["crm"]}'},
    },
    {"billing": BILLING | {"event_pattern": ["orders"]}},
    {"billing": BILLING | {"event_pattern": {"source": "orders"}}},
    {"billing": BILLING | {"maximum_retry_atempts": 0}},
    {"billing": BILLING | {"path_parameter_values": {"a": "b"}}},
    {"billing": BILLING | {"header_parameters": ["X-A"]}},
    {"billing": BILLING | {"maximum_retry_attempts": "many"}},
    {"billing": BILLING | {"maximum_retry_attempts": None}},
    {"billing": "https://billing.example.com"},
    [BILLING],
    {"billing": BILLING | {"oauth_client_id": "ignored"}},
    {"billing": BILLING | {"rule_state": "DISABLED"}},
    {"billing": BILLING | {"rule_state": "DISABLED", "event_pattern": '{"a": ["b"]}'}},
    {"billing": BILLING | {"path_parameter_values": ["a"]}},
    {"billing": {"endpoint": "https://b.example.com/*", "path_parameter_values": ["a"]}},
    {"twenty-characters-01": BILLING},
    {
        "crm": BILLING
        | {
            "authorization_type": "OAUTH_CLIENT_CREDENTIALS",
            "oauth_authorization_endpoint": "https://auth.example.com/token",
            "oauth_client_id": "crm",
        }
    },
]


def python_accepts(name: str, value: object) -> bool:
    if value is None:
        return name in NULLABLE
    if name == "destinations":
        problems = [
            p
            for p in _destination_problems(value)
            if "required with authorization_type" not in p and "only used with" not in p
        ]
        return not problems
    return RULES[name].accepts(value)


def _destination_problems(value: object) -> list[str]:
    from stacks.config import ConfigError, from_mapping

    try:
        from_mapping({"destinations": value})
    except ConfigError as error:
        return error.problems
    return []


def test_terraform_validations_agree_with_the_python_checks(terraform, tmp_path):
    samples = SAMPLES | {"destinations": DESTINATION_SAMPLES}
    validated = {
        name
        for name in VARIABLE_TYPES
        if name == "destinations" or RULES[name].condition("var.x") is not None
    }
    assert set(samples) == validated
    variables, values, expected_bad = {}, {}, set()
    for name, cases in samples.items():
        for index, value in enumerate(cases):
            var = f"{name}_{index}"
            # Each setting's own rule (the rules across settings have tests of their own,
            # tests/test_module_tests.py); the destinations with the default name_prefix.
            blocks = (
                destination_validations(var, json.dumps(PatternConfig().name_prefix))
                if name == "destinations"
                else [rule_validation(var, RULES[name], name in NULLABLE)]
            )
            variables[var] = {
                "type": VARIABLE_TYPES[name],
                "validation": blocks,
            }
            if name in NULLABLE:
                variables[var]["nullable"] = True
            values[var] = value
            if not python_accepts(name, value):
                expected_bad.add(var)
    (tmp_path / "main.tf.json").write_text(json.dumps({"variable": variables}))
    (tmp_path / "terraform.tfvars.json").write_text(json.dumps(values))
    terraform.run(tmp_path, "init", "-backend=false")

    result = terraform.run(tmp_path, "plan", check=False)

    output = result.stdout + result.stderr
    rejected = set(re.findall(r"var\.(\w+) is", output))
    rejected |= set(re.findall(r'in variable "(\w+)"', output))
    assert "Error: Invalid function argument" not in output, output[-3000:]
    assert sorted(rejected ^ expected_bad) == [], (sorted(rejected - expected_bad), output[-3000:])
    assert 0 < len(expected_bad) < len(values)  # both verdicts are exercised


def test_the_pattern_check_in_terraform_covers_the_depth_it_states():
    condition = limits.EVENT_PATTERN_RULE.condition("var.p")
    assert condition.count("for k") == limits.PATTERN_HCL_DEPTH


# Each rule across settings, on configs it accepts and configs it refuses.
ACROSS_SAMPLES: list[dict[str, object]] = [
    {},
    {"create_bus": False},
    {"create_bus": False, "event_bus_name": "default"},
    {"create_bus": True, "event_bus_name": "default"},
    {"create_bus": True, "event_bus_name": "a/b"},
    {"create_kms_key": True, "kms_key_arn": "alias/orders"},
    {"create_kms_key": True},
    {"alarm_emails": ["ops@example.com"]},
    {"alarm_emails": ["ops@example.com"], "create_alarms": False},
    {"alarm_emails": ["ops@example.com"], "alarm_topic_arn": "arn:aws:sns:eu-west-1:1:t"},
    {"create_bus": False, "event_bus_name": "shared", "bus_log_level": "ERROR"},
    {"bus_log_level": "ERROR"},
    {"dlq_arn": "arn:aws:sqs:eu-west-1:123456789012:q", "dlq_message_retention_seconds": 60},
    {"dlq_arn": "arn:aws:sqs:eu-west-1:123456789012:q"},
    {"alarm_period": 3600, "alarm_evaluation_periods": 25},
    {"alarm_period": 3600, "alarm_evaluation_periods": 24},
]


def test_each_rule_across_settings_says_the_same_in_terraform_and_python(terraform, tmp_path):
    """ACROSS holds each rule once; its Terraform condition and its Python test agree."""
    from stacks.config import ACROSS
    from stacks.stack import LOGGING_VARIABLE_TYPES

    # Every variable a condition names, and every one a sample sets.
    names = sorted(
        {n for rule in ACROSS for n in re.findall(r"var\.(\w+)", rule.condition)}
        | {n for sample in ACROSS_SAMPLES for n in sample}
    )
    defaults = PatternConfig()
    types = VARIABLE_TYPES | LOGGING_VARIABLE_TYPES
    variables = {
        name: {
            "type": types[name],
            "default": getattr(defaults, name),
            "nullable": name in NULLABLE,
            "validation": [rule.validation() for rule in ACROSS if rule.about == name],
        }
        for name in names
    }
    (tmp_path / "main.tf.json").write_text(json.dumps({"variable": variables}))
    terraform.run(tmp_path, "init", "-backend=false")
    refused, expected = set(), set()
    for index, sample in enumerate(ACROSS_SAMPLES):
        (tmp_path / "terraform.tfvars.json").write_text(json.dumps(sample))
        result = terraform.run(tmp_path, "plan", check=False)
        if result.returncode != 0:
            output = result.stdout + result.stderr
            assert "Invalid " in output and "Error: Invalid value for variable" in output, output
            refused.add(index)
        if any(rule.problem(dataclasses.replace(defaults, **sample)) for rule in ACROSS):
            expected.add(index)
    assert refused == expected, [ACROSS_SAMPLES[i] for i in refused ^ expected]
    assert 3 < len(expected) < len(ACROSS_SAMPLES) - 3  # both verdicts are exercised
