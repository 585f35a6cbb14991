"""The pattern's resources, and which resource each one is wired to.

Most tests read the default stack, where every input is a Terraform variable;
tests of values build the construct alone from literal inputs.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import cdktf
from cdktf_cdktf_provider_aws.cloudwatch_event_connection import (
    CloudwatchEventConnectionAuthParameters,
    CloudwatchEventConnectionAuthParametersApiKey,
)
from cdktf_cdktf_provider_aws.provider import AwsProvider

from conftest import decode_jsonencode, interpolation, only, ref
from stacks.construct import IdempotentApiDestination, PatternInputs

BUS = "aws_cloudwatch_event_bus"
CONNECTION = "aws_cloudwatch_event_connection"
DESTINATION = "aws_cloudwatch_event_api_destination"
RULE = "aws_cloudwatch_event_rule"
TARGET = "aws_cloudwatch_event_target"
QUEUE = "aws_sqs_queue"
QUEUE_POLICY = "aws_sqs_queue_policy"
ROLE = "aws_iam_role"
ROLE_POLICY = "aws_iam_role_policy"
ALARM = "aws_cloudwatch_metric_alarm"
TOPIC = "aws_sns_topic"
SUBSCRIPTION = "aws_sns_topic_subscription"
ARCHIVE = "aws_cloudwatch_event_archive"
TAGGABLE = (BUS, RULE, QUEUE, ROLE, TOPIC)

LITERAL = PatternInputs(
    name_prefix="orders",
    endpoint="https://api.example.com/orders",
    http_method="PUT",
    invocation_rate_limit_per_second=5,
    maximum_retry_attempts=10,
    maximum_event_age_in_seconds=3600,
    authorization_type="API_KEY",
    auth_parameters=CloudwatchEventConnectionAuthParameters(
        api_key=CloudwatchEventConnectionAuthParametersApiKey(key="x-api-key", value="k")
    ),
    auth_header_name="x-api-key",
    idempotency_header_name="X-Request-Id",
    idempotency_key_path="$.id",
    event_pattern={"source": ["orders.app"]},
    dlq_message_retention_seconds=345600,
    tags={"team": "payments"},
)


def construct_tf(**overrides: Any) -> tuple[str, dict[str, Any]]:
    """The construct alone, from literal inputs, as text and parsed."""
    import json

    stack = cdktf.TerraformStack(cdktf.Testing.app(), "test")
    AwsProvider(stack, "aws", region="us-east-1")
    IdempotentApiDestination(stack, "pattern", inputs=dataclasses.replace(LITERAL, **overrides))
    text = cdktf.Testing.synth(stack)
    return text, json.loads(text)


def caller_account(tf: dict[str, Any]) -> str:
    ((name, _),) = tf["data"]["aws_caller_identity"].items()
    return "${data.aws_caller_identity." + name + ".account_id}"


def event_pattern_expression(tf: dict[str, Any], pattern: str) -> str:
    account = caller_account(tf)[2:-1]
    return (
        f'${{(jsonencode({pattern}) == "{{}}") ? '
        f'jsonencode({{"account" = [{account}]}}) : jsonencode({pattern})}}'
    )


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
        ALARM: 3,
        TOPIC: 1,
        SUBSCRIPTION: 1,
        ARCHIVE: 1,
    }


def test_the_bus_is_a_custom_bus_named_from_the_prefix():
    text, _ = construct_tf()
    assert cdktf.Testing.to_have_resource_with_properties(text, BUS, {"name": "orders-bus"})


def test_the_connection_sends_the_api_key_from_a_sensitive_variable(default_synth):
    text, tf = default_synth
    assert cdktf.Testing.to_have_resource_with_properties(
        text,
        CONNECTION,
        {
            "name": "${var.name_prefix}-connection",
            "authorization_type": "API_KEY",
            "auth_parameters": {
                "api_key": {
                    "key": "${var.api_key_name}",
                    "value": "${var.connection_api_key_value}",
                }
            },
        },
    )
    assert tf["variable"]["connection_api_key_value"]["sensitive"] is True


def test_no_auth_mode_writes_the_seeds_dummy_key_and_asks_for_no_secret(synth):
    tf = synth(authorization_type="NONE")
    _, connection = only(tf, CONNECTION)
    assert connection["auth_parameters"] == {
        "api_key": {"key": "${var.api_key_name}", "value": "notused"}
    }
    assert "connection_api_key_value" not in tf["variable"]


def test_the_api_destination_uses_this_connection_and_the_plan_time_settings(default_tf):
    _, destination = only(default_tf, DESTINATION)
    assert destination["connection_arn"] == interpolation(default_tf, CONNECTION, "arn")
    assert destination["invocation_endpoint"] == "${var.endpoint}"
    assert destination["http_method"] == "${var.http_method}"
    assert destination["invocation_rate_limit_per_second"] == (
        "${var.invocation_rate_limit_per_second}"
    )


def test_the_rule_is_on_the_custom_bus_and_matches_the_deploying_account_by_default(default_tf):
    _, rule = only(default_tf, RULE)
    assert rule["event_bus_name"] == interpolation(default_tf, BUS, "name")
    assert rule["event_pattern"] == event_pattern_expression(default_tf, "var.event_pattern")
    assert default_tf["variable"]["event_pattern"]["default"] == {}


def test_a_given_event_pattern_replaces_the_account_pattern():
    _, tf = construct_tf()
    _, rule = only(tf, RULE)
    assert rule["event_pattern"] == event_pattern_expression(tf, '{"source" = ["orders.app"]}')


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
    assert target["http_target"] == {
        "header_parameters": {"${var.idempotency_header_name}": "${var.idempotency_key_path}"}
    }
    assert default_tf["variable"]["idempotency_header_name"]["default"] == "Idempotency-Key"
    assert default_tf["variable"]["idempotency_key_path"]["default"] == "$.detail.customID"


def test_the_header_name_and_path_are_the_inputs():
    _, tf = construct_tf()
    _, target = only(tf, TARGET)
    assert target["http_target"] == {"header_parameters": {"X-Request-Id": "$.id"}}


def test_the_target_refuses_an_api_key_header_that_would_replace_the_idempotency_key(default_tf):
    _, target = only(default_tf, TARGET)
    (precondition,) = target["lifecycle"]["precondition"]
    assert precondition["condition"] == (
        "${(lower(var.api_key_name) != lower(var.idempotency_header_name))}"
    )
    assert precondition["error_message"].startswith(
        "Invalid idempotency_header_name: the connection's auth header and"
    )


def test_the_dead_letter_queue_is_encrypted_and_keeps_events_14_days(default_synth):
    text, tf = default_synth
    assert cdktf.Testing.to_have_resource_with_properties(
        text,
        QUEUE,
        {
            "name": "${var.name_prefix}-dlq",
            "sqs_managed_sse_enabled": True,
            "message_retention_seconds": "${var.dlq_message_retention_seconds}",
        },
    )
    assert tf["variable"]["dlq_message_retention_seconds"]["default"] == 1209600


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
    assert role["name"] == "${var.name_prefix}-invoke-api-destination"
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


def test_every_name_aws_sees_derives_from_the_prefix():
    _, tf = construct_tf()
    names = sorted(
        body["name"]
        for kind, items in tf["resource"].items()
        for body in items.values()
        if "name" in body and kind != ROLE_POLICY
    )
    alarm_names = sorted(body["alarm_name"] for body in tf["resource"][ALARM].values())
    assert names == [
        "orders-alarms",
        "orders-api-destination",
        "orders-archive",
        "orders-bus",
        "orders-connection",
        "orders-dlq",
        "orders-invoke-api-destination",
        "orders-rule",
    ]
    assert alarm_names == [
        "orders-dlq-delivery-failures",
        "orders-dlq-not-empty",
        "orders-failed-invocations",
    ]


def test_every_taggable_resource_carries_the_tags_variable(default_tf):
    for kind in TAGGABLE:
        _, body = only(default_tf, kind)
        assert body["tags"] == "${var.tags}", kind


def test_literal_inputs_reach_their_resources():
    _, tf = construct_tf()
    _, destination = only(tf, DESTINATION)
    _, target = only(tf, TARGET)
    _, queue = only(tf, QUEUE)
    assert (destination["invocation_endpoint"], destination["http_method"]) == (
        "https://api.example.com/orders",
        "PUT",
    )
    assert destination["invocation_rate_limit_per_second"] == 5
    assert target["retry_policy"] == {
        "maximum_retry_attempts": 10,
        "maximum_event_age_in_seconds": 3600,
    }
    assert queue["message_retention_seconds"] == 345600
    assert all(only(tf, kind)[1]["tags"] == {"team": "payments"} for kind in TAGGABLE)


def test_the_alarms_watch_the_queue_and_the_rule_on_this_bus(default_tf):
    alarms = {body["metric_name"]: body for body in default_tf["resource"][ALARM].values()}
    queue_name = interpolation(default_tf, QUEUE, "name")
    rule_dimensions = {
        "EventBusName": interpolation(default_tf, BUS, "name"),
        "RuleName": interpolation(default_tf, RULE, "name"),
    }
    assert sorted(alarms) == [
        "ApproximateNumberOfMessagesVisible",
        "FailedInvocations",
        "InvocationsFailedToBeSentToDlq",
    ]
    assert alarms["ApproximateNumberOfMessagesVisible"]["namespace"] == "AWS/SQS"
    assert alarms["ApproximateNumberOfMessagesVisible"]["dimensions"] == {"QueueName": queue_name}
    for metric in ("FailedInvocations", "InvocationsFailedToBeSentToDlq"):
        assert alarms[metric]["namespace"] == "AWS/Events"
        assert alarms[metric]["dimensions"] == rule_dimensions


def test_every_alarm_fires_on_the_first_event_and_notifies_the_topic_and_the_actions(default_tf):
    topic_arn = ref(default_tf, TOPIC, "arn")
    for body in default_tf["resource"][ALARM].values():
        assert (body["comparison_operator"], body["threshold"]) == ("GreaterThanThreshold", 0)
        assert body["treat_missing_data"] == "notBreaching"
        assert body["count"] == "${var.create_alarms ? 1 : 0}"
        actions = "${concat(var.alarm_actions, [" + topic_arn + "])}"
        assert (body["alarm_actions"], body["ok_actions"]) == (actions, actions)


def test_each_alarm_email_subscribes_to_the_alarm_topic(default_tf):
    _, subscription = only(default_tf, SUBSCRIPTION)
    assert subscription["topic_arn"] == interpolation(default_tf, TOPIC, "arn")
    assert subscription["count"] == "${length(var.alarm_emails)}"
    assert subscription["endpoint"] == "${element(var.alarm_emails, count.index)}"
    assert subscription["protocol"] == "email"


def test_the_archive_is_off_by_default_and_archives_this_bus(default_tf):
    _, archive = only(default_tf, ARCHIVE)
    assert archive["count"] == "${var.create_archive ? 1 : 0}"
    assert default_tf["variable"]["create_archive"]["default"] is False
    assert archive["event_source_arn"] == interpolation(default_tf, BUS, "arn")
    assert archive["retention_days"] == "${var.archive_retention_days}"
    assert archive["event_pattern"] == (
        '${(jsonencode(var.archive_event_pattern) == "{}") ? null : '
        "jsonencode(var.archive_event_pattern)}"
    )
