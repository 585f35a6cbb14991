"""The stack: provider, Terraform variables with their validations, outputs, no secrets."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import interpolation
from stacks import limits
from stacks.config import RULES
from stacks.stack import VARIABLES


def test_the_provider_constraint_admits_5_100_and_the_6_line(default_tf):
    assert default_tf["terraform"]["required_providers"] == {
        "aws": {"source": "hashicorp/aws", "version": ">= 5.100.0, < 7.0.0"}
    }


def test_state_is_local_beside_the_output_folder_at_a_relative_path(default_tf):
    assert default_tf["terraform"]["backend"] == {
        "local": {"path": "../../../terraform.test.tfstate"}
    }


def test_the_provider_takes_its_region_from_the_config(synth):
    tf = synth(region="eu-west-1")
    assert tf["provider"]["aws"] == [{"region": "eu-west-1"}]


def test_without_a_region_the_provider_reads_it_from_the_environment(default_tf):
    assert default_tf["provider"]["aws"] == [{}]


@pytest.mark.parametrize("name", sorted(VARIABLES))
def test_each_setting_is_a_variable_validated_by_the_configs_rule(default_tf, name):
    variable = default_tf["variable"][name]
    rule = RULES[name]
    assert variable["type"] == VARIABLES[name]
    assert variable["nullable"] is False
    assert variable["description"].endswith(f" Allowed: {rule.allowed}.")
    condition = rule.condition(f"var.{name}")
    if condition is None:
        assert "validation" not in variable
        return
    assert variable["validation"] == [
        {
            "condition": "${" + condition + "}",
            "error_message": f"Invalid {name}: must be {rule.allowed} ({rule.source}).",
        }
    ]


def test_only_switches_go_without_a_validation_block(default_tf):
    unvalidated = sorted(n for n, v in default_tf["variable"].items() if "validation" not in v)
    assert unvalidated == ["create_alarms", "create_archive"]
    assert {default_tf["variable"][n]["type"] for n in unvalidated} == {"bool"}


def test_variable_defaults_reproduce_the_seed(default_tf):
    defaults = {name: v.get("default") for name, v in default_tf["variable"].items()}
    assert defaults == {
        "name_prefix": "idempotent-apidest",
        "endpoint": None,
        "http_method": "POST",
        "invocation_rate_limit_per_second": 1,
        "maximum_retry_attempts": 3,
        "maximum_event_age_in_seconds": 86400,
        "api_key_name": "notused",
        "idempotency_header_name": "Idempotency-Key",
        "idempotency_key_path": "$.detail.customID",
        "header_parameters": {},
        "event_pattern": {},
        "dlq_message_retention_seconds": 1209600,
        "tags": {},
        "create_alarms": True,
        "alarm_emails": [],
        "alarm_actions": [],
        "create_archive": False,
        "archive_retention_days": 30,
        "archive_event_pattern": {},
        "kms_key_arn": None,
        "connection_api_key_value": None,
    }


def test_the_endpoint_is_required_until_the_config_names_one(default_tf, synth):
    assert "default" not in default_tf["variable"]["endpoint"]
    tf = synth(endpoint="https://api.example.com/orders")
    assert tf["variable"]["endpoint"]["default"] == "https://api.example.com/orders"


def test_config_values_become_variable_defaults(synth):
    tf = synth(maximum_retry_attempts=10, http_method="PUT", event_pattern={"source": ["a"]})
    assert tf["variable"]["maximum_retry_attempts"]["default"] == 10
    assert tf["variable"]["http_method"]["default"] == "PUT"
    assert tf["variable"]["event_pattern"]["default"] == {"source": ["a"]}


def test_the_secret_variable_is_sensitive_required_and_length_checked(default_tf):
    secret = default_tf["variable"]["connection_api_key_value"]
    assert secret["sensitive"] is True
    assert "default" not in secret
    assert secret["validation"] == [
        {
            "condition": "${" + limits.AUTH_VALUE.condition("var.connection_api_key_value") + "}",
            "error_message": "Invalid connection_api_key_value: must be 1-512 characters "
            "(API reference: CreateConnection).",
        }
    ]


def test_the_outputs_carry_the_seeds_four_arns_and_role_connection_queue_topic_and_key(default_tf):
    outputs = {name: body["value"] for name, body in default_tf["output"].items()}
    assert outputs == {
        "busArn": interpolation(default_tf, "aws_cloudwatch_event_bus", "arn"),
        "ruleArn": interpolation(default_tf, "aws_cloudwatch_event_rule", "arn"),
        "dlqArn": interpolation(default_tf, "aws_sqs_queue", "arn"),
        "apiDestinationArn": interpolation(
            default_tf, "aws_cloudwatch_event_api_destination", "arn"
        ),
        "dlqUrl": interpolation(default_tf, "aws_sqs_queue", "url"),
        "connectionArn": interpolation(default_tf, "aws_cloudwatch_event_connection", "arn"),
        "roleArn": interpolation(default_tf, "aws_iam_role", "arn"),
        "alarmTopicArn": interpolation(default_tf, "aws_sns_topic", "arn"),
        "kmsKeyArn": '${(var.kms_key_arn == null) ? "" : var.kms_key_arn}',
        "destinationArns": {},
    }
    assert all(body["description"] for body in default_tf["output"].values())


def test_the_only_auth_value_in_the_output_is_the_variable_reference(default_tf):
    (connection,) = default_tf["resource"]["aws_cloudwatch_event_connection"].values()
    assert connection["auth_parameters"]["api_key"]["value"] == "${var.connection_api_key_value}"


def test_the_synthesized_stack_names_no_path_of_the_build_machine(default_synth):
    text, _ = default_synth
    for path in (Path.cwd(), Path(__file__).resolve().parent.parent, Path.home()):
        assert str(path) not in text


def test_an_s3_backend_is_encrypted_and_locks_with_s3_itself(synth):
    tf = synth(state_backend="s3", state_bucket="acme-terraform-state", region="eu-west-1")
    assert tf["terraform"]["backend"] == {
        "s3": {
            "bucket": "acme-terraform-state",
            "key": "idempotent-api-destination/terraform.tfstate",
            "region": "eu-west-1",
            "encrypt": True,
            "use_lockfile": True,
        }
    }


def test_the_state_bucket_may_live_in_another_region(synth):
    tf = synth(state_backend="s3", state_bucket="acme-state", state_region="us-east-2")
    assert tf["terraform"]["backend"]["s3"]["region"] == "us-east-2"


def test_basic_auth_takes_the_user_name_and_a_sensitive_password(synth):
    tf = synth(authorization_type="BASIC", basic_username="svc")
    (connection,) = tf["resource"]["aws_cloudwatch_event_connection"].values()
    assert connection["authorization_type"] == "BASIC"
    assert connection["auth_parameters"] == {
        "basic": {
            "username": "${var.basic_username}",
            "password": "${var.connection_basic_password}",
        }
    }
    assert tf["variable"]["basic_username"]["default"] == "svc"
    assert tf["variable"]["connection_basic_password"]["sensitive"] is True
    assert not {"api_key_name", "connection_api_key_value"} & set(tf["variable"])


def test_oauth_takes_endpoint_method_client_and_a_sensitive_secret(synth):
    tf = synth(
        authorization_type="OAUTH_CLIENT_CREDENTIALS",
        oauth_client_id="client",
        oauth_body_parameters={"scope": "events.write"},
    )
    (connection,) = tf["resource"]["aws_cloudwatch_event_connection"].values()
    assert connection["authorization_type"] == "OAUTH_CLIENT_CREDENTIALS"
    assert connection["auth_parameters"] == {
        "oauth": {
            "authorization_endpoint": "${var.oauth_authorization_endpoint}",
            "http_method": "${var.oauth_http_method}",
            "client_parameters": {
                "client_id": "${var.oauth_client_id}",
                "client_secret": "${var.connection_oauth_client_secret}",
            },
            "oauth_http_parameters": {"body": [{"key": "scope", "value": "events.write"}]},
        }
    }
    assert "default" not in tf["variable"]["oauth_authorization_endpoint"]  # required
    assert tf["variable"]["connection_oauth_client_secret"]["sensitive"] is True


def test_with_basic_or_oauth_the_idempotency_header_may_not_be_authorization(synth):
    tf = synth(authorization_type="BASIC")
    (target,) = tf["resource"]["aws_cloudwatch_event_target"].values()
    precondition, _ = target["lifecycle"]["precondition"]
    assert precondition["condition"] == (
        '${(lower("Authorization") != lower(var.idempotency_header_name))}'
    )


INVOCATION = [
    {"location": "header", "key": "X-Tenant", "value": "acme"},
    {"location": "header", "key": "X-Signing-Key", "secret": True},
    {"location": "query_string", "key": "source", "value": "eventbridge"},
]


def test_invocation_parameters_are_sent_with_secret_values_from_a_sensitive_map(synth):
    tf = synth(invocation_parameters=INVOCATION)
    (connection,) = tf["resource"]["aws_cloudwatch_event_connection"].values()
    assert connection["auth_parameters"]["invocation_http_parameters"] == {
        "header": [
            {"key": "X-Tenant", "value": "acme"},
            {
                "key": "X-Signing-Key",
                "value": '${var.connection_invocation_secrets["X-Signing-Key"]}',
                "is_value_secret": True,
            },
        ],
        "query_string": [{"key": "source", "value": "eventbridge"}],
    }
    secrets = tf["variable"]["connection_invocation_secrets"]
    assert (secrets["type"], secrets["sensitive"], "default" in secrets) == (
        "map(string)",
        True,
        False,
    )
    (validation,) = secrets["validation"]
    assert '[for k in ["X-Signing-Key"] : contains(keys(' in validation["condition"]


def test_without_secret_invocation_parameters_there_is_no_secrets_variable(synth):
    tf = synth(invocation_parameters=[{"location": "body", "key": "k", "value": "v"}])
    assert "connection_invocation_secrets" not in tf["variable"]


def test_an_existing_key_is_optional_a_null_default_not_a_required_variable(default_tf):
    variable = default_tf["variable"]["kms_key_arn"]
    assert "default" in variable and variable["default"] is None
    assert variable["nullable"] is True
