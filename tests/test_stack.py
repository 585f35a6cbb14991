"""The stack: provider, Terraform variables with their validations, outputs, moved blocks,
no secrets, and the module flavour's differences."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from conftest import EVERY_OPTION, synth_json
from stacks.config import NO_AUTH_KEY, RULES, Destination, PatternConfig
from stacks.construct import DESTINATION_SECRETS, INVOCATION_SECRETS, SECRETS, hcl
from stacks.migration import MOVED, moved_blocks, old_address
from stacks.stack import (
    NULLABLE,
    OUTPUTS,
    TERRAFORM_VERSION,
    VARIABLE_TYPES,
    literal,
)

SECRET_VARIABLES = (*SECRETS.values(), INVOCATION_SECRETS, DESTINATION_SECRETS)


def test_the_provider_constraint_admits_5_100_and_the_6_line(default_tf):
    assert default_tf["terraform"]["required_providers"] == {
        "aws": {"source": "hashicorp/aws", "version": ">= 5.100.0, < 7.0.0"}
    }
    assert default_tf["terraform"]["required_version"] == TERRAFORM_VERSION


def test_state_is_local_beside_the_output_folder_at_a_relative_path(default_tf):
    assert default_tf["terraform"]["backend"] == {
        "local": {"path": "../../../terraform.test.tfstate"}
    }


def test_the_provider_takes_its_region_from_the_config(synth):
    tf = synth(region="eu-west-1")
    assert tf["provider"]["aws"] == [{"region": "eu-west-1"}]


def test_without_a_region_the_provider_reads_it_from_the_environment(default_tf):
    assert default_tf["provider"]["aws"] == [{}]


def test_text_written_where_terraform_evaluates_templates_is_escaped():
    assert literal("a${var.x}b%{if true}c") == "a$${var.x}b%%{if true}c"


def test_every_setting_but_the_synth_time_ones_is_a_variable(default_tf):
    synth_time = {"region", "state_backend", "state_bucket", "state_key", "state_region"}
    synth_time |= {"provider_major_version", "bus_log_level", "bus_log_include_detail"}
    synth_time |= {"bus_log_retention_days"}  # variables with provider 6
    assert set(RULES) - set(VARIABLE_TYPES) == synth_time
    assert set(default_tf["variable"]) == set(VARIABLE_TYPES) | set(SECRET_VARIABLES)


@pytest.mark.parametrize("name", sorted(set(VARIABLE_TYPES) - {"destinations"}))
def test_each_variable_is_typed_and_validated_by_the_configs_rule(default_tf, name):
    variable = default_tf["variable"][name]
    rule = RULES[name]
    assert variable["type"] == VARIABLE_TYPES[name]
    nullable = name in NULLABLE
    # Null is "unset" where a setting may be unset, and the default everywhere else.
    expected = True if nullable else (False if "default" in variable else None)
    assert variable.get("nullable") is expected
    assert variable["description"].endswith(
        f" Allowed: {'null or ' if nullable else ''}{rule.allowed}."
    )
    condition = rule.condition(f"var.{name}")
    if condition is None:
        assert "validation" not in variable
        return
    # A null or a wrong type anywhere in the value fails the check, not Terraform.
    condition = f"try({condition}, false)"
    if nullable:
        condition = f"var.{name} == null ? true : {condition}"
    assert variable["validation"][0] == {
        "condition": "${" + condition + "}",
        "error_message": f"Invalid {name}: must be {rule.allowed} ({rule.source}).",
    }


def test_destinations_takes_any_shape_and_names_every_setting_it_knows(default_tf):
    """`any`, so patterns of different shapes fit; a setting outside the list is refused,
    and the construct gives each one left out the top level's default."""
    variable = default_tf["variable"]["destinations"]
    assert variable["type"] == VARIABLE_TYPES["destinations"] == "any"
    shape = variable["validation"][0]["condition"]
    for field in fields(Destination):
        assert f'"{field.name}"' in shape
    given = default_tf["locals"]["destinations_given"]
    for field in fields(Destination):
        default = getattr(Destination(), field.name)
        if field.name not in ("event_pattern", "invocation_parameters"):
            expected = (
                f"{field.name} = try(d.{field.name}, null)"
                if default is None
                else f"{field.name} = try(coalesce(d.{field.name}), {hcl(default)})"
            )
            assert expected in given
    messages = [v["error_message"] for v in variable["validation"]]
    assert any(m.startswith("Invalid destinations: each endpoint must be") for m in messages)
    assert (
        "Invalid destinations: names must differ in more than case (IAM role names ignore "
        "case)." in messages
    )


def test_only_switches_go_without_a_validation_block(default_tf):
    unvalidated = sorted(
        n
        for n, v in default_tf["variable"].items()
        if "validation" not in v and n not in SECRET_VARIABLES
    )
    assert {default_tf["variable"][n]["type"] for n in unvalidated} == {"bool"}


def test_variable_defaults_reproduce_the_seed(default_tf):
    defaults = {
        name: v.get("default", "required")
        for name, v in default_tf["variable"].items()
        if name not in SECRET_VARIABLES
    }
    assert defaults == {
        "name_prefix": "idempotent-apidest",
        "create_bus": True,
        "event_bus_name": None,
        "endpoint": "required",
        "http_method": "POST",
        "invocation_rate_limit_per_second": 1,
        "maximum_retry_attempts": 3,
        "maximum_event_age_in_seconds": 86400,
        "authorization_type": "API_KEY",
        "api_key_name": NO_AUTH_KEY,
        "basic_username": None,
        "oauth_authorization_endpoint": None,
        "oauth_http_method": None,
        "oauth_client_id": None,
        "oauth_body_parameters": None,
        "oauth_header_parameters": None,
        "oauth_query_parameters": None,
        "invocation_parameters": [],
        "idempotency_header_name": "Idempotency-Key",
        "idempotency_key_path": "$.detail.customID",
        "header_parameters": {},
        "input_paths": {},
        "input_template": None,
        "event_pattern": {},
        "destinations": {},
        "dlq_message_retention_seconds": 1209600,
        "tags": {},
        "create_alarms": True,
        "create_alarm_topic": True,
        "alarm_topic_arn": None,
        "alarm_emails": [],
        "alarm_actions": [],
        "create_archive": False,
        "archive_retention_days": 30,
        "archive_event_pattern": {},
        "create_kms_key": False,
        "kms_key_arn": None,
        # Beyond the seed; each keeps the plan the seed's defaults give.
        "path_parameter_values": [],
        "query_string_parameters": {},
        "rule_state": "ENABLED",
        "role_path": None,
        "role_permissions_boundary": None,
        "alarm_period": 300,
        "alarm_evaluation_periods": 1,
        "alarm_dlq_threshold": 0,
        "alarm_failed_invocations_threshold": 0,
        "dlq_arn": None,
    }


def test_config_values_become_variable_defaults(synth):
    tf = synth(
        maximum_retry_attempts=10,
        http_method="PUT",
        event_pattern={"source": ["a"]},
        destinations={
            "audit": {"endpoint": "https://a.example.com", "event_pattern": {"x": ["y"]}}
        },
    )
    assert tf["variable"]["maximum_retry_attempts"]["default"] == 10
    assert tf["variable"]["http_method"]["default"] == "PUT"
    assert tf["variable"]["event_pattern"]["default"] == {"source": ["a"]}
    assert tf["variable"]["destinations"]["default"] == {
        "audit": {"endpoint": "https://a.example.com", "event_pattern": '{"x":["y"]}'}
    }


def test_an_auth_type_without_an_api_key_gets_no_placeholder_header(synth):
    tf = synth(authorization_type="BASIC", basic_username="svc")
    assert tf["variable"]["api_key_name"]["default"] is None
    assert tf["variable"]["authorization_type"]["default"] == "BASIC"
    assert tf["variable"]["basic_username"]["default"] == "svc"


@pytest.mark.parametrize("name", SECRET_VARIABLES)
def test_every_secret_is_a_sensitive_variable_without_a_value_or_a_validation(default_tf, name):
    variable = default_tf["variable"][name]
    assert variable["sensitive"] is True
    assert variable["default"] in (None, {})
    # Checked by preconditions, which never print a value (see construct.Connections).
    assert "validation" not in variable


def test_the_outputs_name_everything_a_caller_builds_on(default_tf):
    outputs = default_tf["output"]
    assert set(outputs) == {root for _, root, _ in OUTPUTS}
    assert outputs["busArn"]["value"] == "${local.bus_arn}"
    assert outputs["ruleArn"]["value"] == '${aws_cloudwatch_event_rule.this["main"].arn}'
    assert outputs["dlqUrl"]["value"] == "${local.dlq_url}"
    assert all(body["description"] for body in outputs.values())


def test_the_module_names_its_outputs_as_terraform_aws_modules_would():
    _, tf = synth_json(PatternConfig(), module=True)
    assert {
        "eventbridge_bus_name",
        "eventbridge_bus_arn",
        "eventbridge_rule_names",
        "eventbridge_rule_arns",
        "dlq_arn",
        "dlq_url",
        "role_arns",
        "alarm_topic_arn",
        "encryption_key_arn",
        "destination_arns",
        "destinations",
    } <= set(tf["output"])


def test_the_module_has_no_provider_no_backend_and_requires_a_prefix():
    _, tf = synth_json(PatternConfig(), module=True)
    assert "provider" not in tf
    assert "backend" not in tf["terraform"]
    assert "default" not in tf["variable"]["name_prefix"]
    assert tf["variable"]["api_key_name"]["default"] is None  # required with API_KEY


def test_the_only_auth_values_in_the_output_are_variable_references():
    text, _ = synth_json(EVERY_OPTION)
    assert "X-Signing-Key" in text  # a parameter's key is not secret
    for name in SECRET_VARIABLES:
        assert f'"{name}": {{' in text


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


def test_old_addresses_are_cdktfs_hashed_ids_of_the_previous_release():
    snapshot = (Path(__file__).parent / "snapshots" / "previous-release.tf.json").read_text()
    for kind, old, _ in MOVED[:9]:
        assert f'"{old_address(kind, old).split(".", 1)[1]}"' in snapshot


def test_every_moved_block_leads_from_an_old_address_to_a_new_one(default_tf):
    moved = default_tf["moved"]
    assert {
        "from": "aws_cloudwatch_event_bus.pattern_bus_40FABC36",
        "to": "aws_cloudwatch_event_bus.this[0]",
    } in moved
    assert len({m["from"] for m in moved}) == len(moved)


def test_the_queue_a_stack_created_moves_on_to_its_optional_address(default_tf):
    moved = default_tf["moved"]
    # The previous release's queue moves to aws_sqs_queue.dlq, and from there (a chain
    # Terraform follows) to the [0] of the queue that dlq_arn made optional.
    assert {"from": old_address("aws_sqs_queue", "dlq"), "to": "aws_sqs_queue.dlq"} in moved
    assert {"from": "aws_sqs_queue.dlq", "to": "aws_sqs_queue.dlq[0]"} in moved
    assert {"from": "aws_sqs_queue_policy.dlq", "to": "aws_sqs_queue_policy.dlq[0]"} in moved


def test_further_destinations_of_the_config_move_into_the_maps():
    blocks = moved_blocks(["billing"], logging=False)
    assert {
        "from": old_address("aws_iam_role", "billing_role"),
        "to": 'aws_iam_role.invoke["billing"]',
    } in blocks
