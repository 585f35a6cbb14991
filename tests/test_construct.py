"""The pattern's resources, and which resource each one is wired to."""

from __future__ import annotations

from typing import Any

import cdktf

from conftest import decode_jsonencode, interpolation, only, ref

BUS = "aws_cloudwatch_event_bus"
CONNECTION = "aws_cloudwatch_event_connection"
DESTINATION = "aws_cloudwatch_event_api_destination"
RULE = "aws_cloudwatch_event_rule"
TARGET = "aws_cloudwatch_event_target"
QUEUE = "aws_sqs_queue"
QUEUE_POLICY = "aws_sqs_queue_policy"
ROLE = "aws_iam_role"
ROLE_POLICY = "aws_iam_role_policy"


def caller_account(tf: dict[str, Any]) -> str:
    ((name, _),) = tf["data"]["aws_caller_identity"].items()
    return "${data.aws_caller_identity." + name + ".account_id}"


def test_the_stack_holds_exactly_the_seeds_resources(default_tf):
    counts = {kind: len(items) for kind, items in default_tf["resource"].items()}
    assert counts == {
        BUS: 1,
        CONNECTION: 1,
        DESTINATION: 1,
        RULE: 1,
        TARGET: 1,
        QUEUE: 1,
        QUEUE_POLICY: 1,
        ROLE: 1,
        ROLE_POLICY: 1,
    }


def test_the_bus_is_a_custom_bus_named_from_the_prefix(default_synth):
    text, _ = default_synth
    assert cdktf.Testing.to_have_resource_with_properties(
        text, BUS, {"name": "idempotent-apidest-bus"}
    )


def test_the_connection_sends_an_api_key_named_notused_from_a_sensitive_variable(default_synth):
    text, tf = default_synth
    assert cdktf.Testing.to_have_resource_with_properties(
        text,
        CONNECTION,
        {
            "name": "idempotent-apidest-connection",
            "authorization_type": "API_KEY",
            "auth_parameters": {
                "api_key": {"key": "notused", "value": "${var.connection_api_key_value}"}
            },
        },
    )
    assert tf["variable"]["connection_api_key_value"]["sensitive"] is True


def test_no_auth_mode_writes_the_seeds_dummy_key_and_asks_for_no_secret(synth):
    tf = synth(authorization_type="NONE")
    _, connection = only(tf, CONNECTION)
    assert connection["auth_parameters"] == {"api_key": {"key": "notused", "value": "notused"}}
    assert "connection_api_key_value" not in tf["variable"]


def test_the_api_destination_uses_this_connection_and_the_plan_time_settings(default_tf):
    _, destination = only(default_tf, DESTINATION)
    assert destination["connection_arn"] == interpolation(default_tf, CONNECTION, "arn")
    assert destination["invocation_endpoint"] == "${var.endpoint}"
    assert destination["http_method"] == "${var.http_method}"
    assert destination["invocation_rate_limit_per_second"] == (
        "${var.invocation_rate_limit_per_second}"
    )


def test_the_rule_is_on_the_custom_bus_and_matches_the_deploying_account(default_tf):
    _, rule = only(default_tf, RULE)
    assert rule["event_bus_name"] == interpolation(default_tf, BUS, "name")
    assert decode_jsonencode(rule["event_pattern"]) == {"account": [caller_account(default_tf)]}


def test_a_configured_event_pattern_replaces_the_account_pattern(synth):
    pattern = {"source": ["http.idempotency.demo.app"], "detail": {"customID": [{"exists": True}]}}
    tf = synth(event_pattern=pattern)
    _, rule = only(tf, RULE)
    assert decode_jsonencode(rule["event_pattern"]) == pattern


def test_the_target_sends_to_this_destination_on_this_bus_and_rule(default_tf):
    _, target = only(default_tf, TARGET)
    assert target["arn"] == interpolation(default_tf, DESTINATION, "arn")
    assert target["rule"] == interpolation(default_tf, RULE, "name")
    assert target["event_bus_name"] == interpolation(default_tf, BUS, "name")


def test_the_target_assumes_this_role(default_tf):
    _, target = only(default_tf, TARGET)
    assert target["role_arn"] == interpolation(default_tf, ROLE, "arn")


def test_the_target_retries_then_dead_letters_to_this_queue(default_tf):
    _, target = only(default_tf, TARGET)
    assert target["retry_policy"] == {
        "maximum_retry_attempts": "${var.maximum_retry_attempts}",
        "maximum_event_age_in_seconds": "${var.maximum_event_age_in_seconds}",
    }
    assert target["dead_letter_config"] == {"arn": interpolation(default_tf, QUEUE, "arn")}


def test_the_target_fills_the_idempotency_key_header_from_the_event(default_tf):
    _, target = only(default_tf, TARGET)
    assert target["http_target"] == {"header_parameters": {"Idempotency-Key": "$.detail.customID"}}


def test_the_header_name_and_path_come_from_the_config(synth):
    tf = synth(idempotency_header_name="X-Request-Id", idempotency_key_path="$.id")
    _, target = only(tf, TARGET)
    assert target["http_target"] == {"header_parameters": {"X-Request-Id": "$.id"}}


def test_the_dead_letter_queue_is_encrypted_and_keeps_events_14_days(default_synth):
    text, _ = default_synth
    assert cdktf.Testing.to_have_resource_with_properties(
        text,
        QUEUE,
        {
            "name": "idempotent-apidest-dlq",
            "sqs_managed_sse_enabled": True,
            "message_retention_seconds": 1209600,
        },
    )


def test_the_queue_policy_only_admits_eventbridge_sending_for_this_rule(default_tf):
    _, policy = only(default_tf, QUEUE_POLICY)
    assert policy["queue_url"] == interpolation(default_tf, QUEUE, "url")
    assert decode_jsonencode(policy["policy"]) == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "EventBridgeDeadLetters",
                "Effect": "Allow",
                "Principal": {"Service": "events.amazonaws.com"},
                "Action": "sqs:SendMessage",
                "Resource": interpolation(default_tf, QUEUE, "arn"),
                "Condition": {
                    "ArnEquals": {"aws:SourceArn": interpolation(default_tf, RULE, "arn")}
                },
            }
        ],
    }


def test_the_role_trusts_only_eventbridge_for_this_rule_in_this_account(default_tf):
    _, role = only(default_tf, ROLE)
    assert role["name"] == "idempotent-apidest-invoke-api-destination"
    assert decode_jsonencode(role["assume_role_policy"]) == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "events.amazonaws.com"},
                "Action": "sts:AssumeRole",
                "Condition": {
                    "StringEquals": {"aws:SourceAccount": caller_account(default_tf)},
                    "ArnEquals": {"aws:SourceArn": interpolation(default_tf, RULE, "arn")},
                },
            }
        ],
    }


def test_the_role_may_invoke_exactly_this_api_destination(default_tf):
    _, role_policy = only(default_tf, ROLE_POLICY)
    assert role_policy["role"] == "${" + ref(default_tf, ROLE, "id") + "}"
    assert decode_jsonencode(role_policy["policy"]) == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "events:InvokeApiDestination",
                "Resource": interpolation(default_tf, DESTINATION, "arn"),
            }
        ],
    }


def test_every_name_aws_sees_derives_from_the_prefix(synth):
    tf = synth(name_prefix="orders")
    names = sorted(
        body["name"]
        for kind, items in tf["resource"].items()
        for body in items.values()
        if "name" in body and kind != ROLE_POLICY
    )
    assert names == [
        "orders-api-destination",
        "orders-bus",
        "orders-connection",
        "orders-dlq",
        "orders-invoke-api-destination",
        "orders-rule",
    ]
