"""The pattern's resources, and which resource each one is wired to.

Most tests read the default stack, where every input is a Terraform variable;
tests of values build the construct alone from literal inputs.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import cdktf
from cdktf_cdktf_provider_aws.cloudwatch_event_connection import (
    CloudwatchEventConnectionAuthParameters,
    CloudwatchEventConnectionAuthParametersApiKey,
)
from cdktf_cdktf_provider_aws.provider import AwsProvider

from conftest import decode_jsonencode, interpolation, only, ref
from stacks.construct import DestinationInputs, IdempotentApiDestination, PatternInputs

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
    main=DestinationInputs(
        name="",
        auth_header_name="x-api-key",
        endpoint="https://api.example.com/orders",
        http_method="PUT",
        invocation_rate_limit_per_second=5,
        maximum_retry_attempts=10,
        maximum_event_age_in_seconds=3600,
        idempotency_header_name="X-Request-Id",
        idempotency_key_path="$.id",
    ),
    authorization_type="API_KEY",
    auth_parameters=CloudwatchEventConnectionAuthParameters(
        api_key=CloudwatchEventConnectionAuthParametersApiKey(key="x-api-key", value="k")
    ),
    event_pattern={"source": ["orders.app"]},
    dlq_message_retention_seconds=345600,
    tags={"team": "payments"},
)


def construct_tf(**main: Any) -> tuple[str, dict[str, Any]]:
    """The construct alone, from literal inputs (`main` overrides), as text and parsed."""
    stack = cdktf.TerraformStack(cdktf.Testing.app(), "test")
    AwsProvider(stack, "aws", region="us-east-1")
    inputs = dataclasses.replace(LITERAL, main=dataclasses.replace(LITERAL.main, **main))
    IdempotentApiDestination(stack, "pattern", inputs=inputs)
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
        "header_parameters": "${merge(var.header_parameters, "
        "zipmap([var.idempotency_header_name], [var.idempotency_key_path]))}"
    }
    assert default_tf["variable"]["idempotency_header_name"]["default"] == "Idempotency-Key"
    assert default_tf["variable"]["idempotency_key_path"]["default"] == "$.detail.customID"


def test_the_header_name_and_path_are_the_inputs():
    _, tf = construct_tf()
    _, target = only(tf, TARGET)
    assert target["http_target"] == {"header_parameters": {"X-Request-Id": "$.id"}}


def test_further_headers_are_sent_beside_the_idempotency_key():
    _, tf = construct_tf(header_parameters={"X-Tenant": "acme", "X-Order": "$.detail.id"})
    _, target = only(tf, TARGET)
    assert target["http_target"]["header_parameters"] == {
        "X-Tenant": "acme",
        "X-Order": "$.detail.id",
        "X-Request-Id": "$.id",
    }


def test_an_input_transformer_shapes_the_body_when_a_template_is_given(default_tf):
    assert "input_transformer" not in only(default_tf, TARGET)[1]
    paths, template = {"id": "$.detail.customID"}, '{"order": <id>}'
    _, tf = construct_tf(input_paths=paths, input_template=template)
    assert only(tf, TARGET)[1]["input_transformer"] == {
        "input_paths": paths,
        "input_template": template,
    }


def test_the_target_refuses_an_api_key_header_that_would_replace_the_idempotency_key(default_tf):
    _, target = only(default_tf, TARGET)
    precondition, _ = target["lifecycle"]["precondition"]
    assert precondition["condition"] == (
        "${(lower(var.api_key_name) != lower(var.idempotency_header_name))}"
    )
    assert precondition["error_message"].startswith(
        "Invalid idempotency_header_name: the connection's auth header and"
    )


def test_the_target_refuses_a_further_header_that_is_the_idempotency_header(default_tf):
    _, target = only(default_tf, TARGET)
    _, precondition = target["lifecycle"]["precondition"]
    assert precondition["condition"] == (
        '${!contains(split(",", lower(join(",", keys(var.header_parameters)))), '
        "lower(var.idempotency_header_name))}"
    )
    assert precondition["error_message"] == (
        "Invalid header_parameters: a further header may not be the idempotency header, "
        "in any case; the key comes from idempotency_key_path."
    )


def test_the_dead_letter_queue_uses_sse_sqs_unless_given_a_key_and_keeps_events_14_days(
    default_synth,
):
    text, tf = default_synth
    assert cdktf.Testing.to_have_resource_with_properties(
        text,
        QUEUE,
        {
            "name": "${var.name_prefix}-dlq",
            "kms_master_key_id": "${var.kms_key_arn}",
            "sqs_managed_sse_enabled": "${(var.kms_key_arn == null) ? true : null}",
            "message_retention_seconds": "${var.dlq_message_retention_seconds}",
        },
    )
    assert tf["variable"]["dlq_message_retention_seconds"]["default"] == 1209600


def test_the_queue_policy_only_admits_eventbridge_sending_for_this_rule_and_bus(default_tf):
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
                    "ArnEquals": {
                        "aws:SourceArn": [
                            interpolation(default_tf, RULE, "arn"),
                            interpolation(default_tf, BUS, "arn"),
                        ]
                    }
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


# --- Customer managed keys, the bus's dead-letter queue, and bus logging.

KEY = "aws_kms_key"
LOG_GROUP = "aws_cloudwatch_log_group"
LOG_SOURCE = "aws_cloudwatch_log_delivery_source"
LOG_DELIVERY = "aws_cloudwatch_log_delivery"


def key_statements(tf: dict[str, Any]) -> dict[str, dict[str, Any]]:
    _, key = only(tf, KEY)
    return {s["Sid"]: s for s in decode_jsonencode(key["policy"])["Statement"]}


def test_the_bus_sends_what_it_cannot_decrypt_to_the_dead_letter_queue(default_tf):
    _, bus = only(default_tf, BUS)
    assert bus["dead_letter_config"] == {"arn": interpolation(default_tf, QUEUE, "arn")}


def test_an_existing_key_encrypts_the_bus_the_connection_and_the_queue(synth):
    arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    tf = synth(kms_key_arn=arn)
    assert tf["variable"]["kms_key_arn"]["default"] == arn
    assert only(tf, BUS)[1]["kms_key_identifier"] == "${var.kms_key_arn}"
    assert only(tf, CONNECTION)[1]["kms_key_identifier"] == "${var.kms_key_arn}"
    assert only(tf, QUEUE)[1]["kms_master_key_id"] == "${var.kms_key_arn}"
    assert KEY not in tf["resource"]


def test_a_created_key_rotates_carries_the_connection_tag_and_encrypts_everything(synth):
    tf = synth(create_kms_key=True, tags={"team": "payments"})
    _, key = only(tf, KEY)
    assert key["enable_key_rotation"] is True
    assert key["tags"] == '${merge(var.tags, {"EventBridgeApiDestinations" = "true"})}'
    key_arn = interpolation(tf, KEY, "arn")
    assert only(tf, BUS)[1]["kms_key_identifier"] == key_arn
    assert only(tf, CONNECTION)[1]["kms_key_identifier"] == key_arn
    _, queue = only(tf, QUEUE)
    assert queue["kms_master_key_id"] == key_arn
    assert "sqs_managed_sse_enabled" not in queue
    assert "kms_key_arn" not in tf["variable"]
    assert tf["output"]["kmsKeyArn"]["value"] == key_arn
    assert only(tf, "aws_kms_alias")[1]["target_key_id"] == interpolation(tf, KEY, "key_id")


def test_the_created_keys_policy_admits_eventbridge_only_for_this_bus_and_rule(synth):
    tf = synth(create_kms_key=True)
    statements = key_statements(tf)
    assert sorted(statements) == [
        "AccountAdministersTheKey",
        "CloudWatchPublishesThisPatternsAlarms",
        "EventBridgeDescribesTheKey",
        "EventBridgeEncryptsTheBus",
        "EventBridgeWritesDeadLetters",
    ]
    account = caller_account(tf)
    partition = "${data.aws_partition." + next(iter(tf["data"]["aws_partition"])) + ".partition}"
    region = "${data.aws_region." + next(iter(tf["data"]["aws_region"])) + ".name}"
    arn = f"arn:{partition}:events:{region}:{account}:"
    bus_arn = arn + "event-bus/${var.name_prefix}-bus"
    rule_arn = arn + "rule/${var.name_prefix}-bus/${var.name_prefix}-rule"
    assert statements["AccountAdministersTheKey"]["Principal"] == {
        "AWS": f"arn:{partition}:iam::{account}:root"
    }
    assert statements["EventBridgeEncryptsTheBus"]["Condition"] == {
        "StringEquals": {
            "aws:SourceAccount": account,
            "kms:EncryptionContext:aws:events:event-bus:arn": bus_arn,
        }
    }
    assert statements["EventBridgeWritesDeadLetters"]["Condition"] == {
        "ArnEquals": {"aws:SourceArn": [rule_arn, bus_arn]}
    }
    # The ARNs the policy spells out are the ones the bus and the rule get.
    assert only(tf, BUS)[1]["name"] == "${var.name_prefix}-bus"
    assert only(tf, RULE)[1]["name"] == "${var.name_prefix}-rule"


def test_provider_5_leaves_out_what_only_provider_6_has(synth):
    tf = synth(create_kms_key=True, create_archive=True)
    assert "kms_key_identifier" not in only(tf, ARCHIVE)[1]
    assert "log_config" not in only(tf, BUS)[1]
    assert LOG_GROUP not in tf["resource"]
    assert tf["terraform"]["required_providers"]["aws"]["version"] == ">= 5.100.0, < 7.0.0"


def test_provider_6_encrypts_the_archive_with_the_key(synth):
    tf = synth(create_kms_key=True, provider_major_version=6)
    assert only(tf, ARCHIVE)[1]["kms_key_identifier"] == interpolation(tf, KEY, "arn")
    assert tf["terraform"]["required_providers"]["aws"]["version"] == ">= 6.6.0, < 7.0.0"


def test_bus_logging_delivers_each_level_to_an_encrypted_log_group_one_at_a_time(synth):
    tf = synth(
        create_kms_key=True,
        provider_major_version=6,
        bus_log_level="INFO",
        bus_log_include_detail="FULL",
        bus_log_retention_days=90,
    )
    assert only(tf, BUS)[1]["log_config"] == {"level": "INFO", "include_detail": "FULL"}
    _, group = only(tf, LOG_GROUP)
    assert group["name"] == "/aws/vendedlogs/events/event-bus/${var.name_prefix}-bus"
    assert (group["retention_in_days"], group["kms_key_id"]) == (90, interpolation(tf, KEY, "arn"))
    sources = tf["resource"][LOG_SOURCE]
    assert sorted(s["log_type"] for s in sources.values()) == ["ERROR_LOGS", "INFO_LOGS"]
    assert {s["resource_arn"] for s in sources.values()} == {interpolation(tf, BUS, "arn")}
    deliveries = tf["resource"][LOG_DELIVERY]
    error, info = (deliveries[n] for n in sorted(deliveries))
    assert "depends_on" not in error and info["depends_on"] == [
        f"{LOG_DELIVERY}.{sorted(deliveries)[0]}"
    ]
    logs = key_statements(tf)["LogsEncryptsTheBusLogs"]
    assert logs["Condition"]["ArnEquals"]["kms:EncryptionContext:aws:logs:arn"].endswith(
        ":log-group:/aws/vendedlogs/events/event-bus/${var.name_prefix}-bus"
    )


# --- Fan-out: further API destinations on the same bus.

FAN_OUT = {
    "billing": {
        "endpoint": "https://billing.example.com/hooks",
        "http_method": "PUT",
        "invocation_rate_limit_per_second": 20,
        "maximum_retry_attempts": 10,
        "maximum_event_age_in_seconds": 3600,
        "header_parameters": {"X-Tenant": "acme", "X-Order": "$.detail.orderId"},
    },
    "audit": {
        "endpoint": "https://audit.example.com/events",
        "event_pattern": {"source": ["orders.app"]},
        "idempotency_key_path": "$.id",
        "input_paths": {"id": "$.detail.customID"},
        "input_template": '{"order": <id>}',
        "authorization_type": "BASIC",
        "basic_username": "auditor",
    },
}


def named(tf: dict[str, Any], kind: str, name: str) -> tuple[str, dict[str, Any]]:
    """The resource of `kind` whose AWS name is `name`, and its logical name."""
    found = [(k, body) for k, body in tf["resource"][kind].items() if body.get("name") == name]
    assert len(found) == 1, f"expected one {kind} named {name}, found {len(found)}"
    return found[0]


def address(kind: str, logical: str, attribute: str) -> str:
    return "${" + f"{kind}.{logical}.{attribute}" + "}"


def test_a_destination_without_a_pattern_is_a_further_target_on_the_main_rule(synth):
    tf = synth(destinations=FAN_OUT)
    dest_id, dest = named(tf, DESTINATION, "${var.name_prefix}-billing-api-destination")
    assert (dest["invocation_endpoint"], dest["http_method"]) == (
        "https://billing.example.com/hooks",
        "PUT",
    )
    assert dest["invocation_rate_limit_per_second"] == 20
    main_connection = named(tf, CONNECTION, "${var.name_prefix}-connection")[0]
    assert dest["connection_arn"] == address(CONNECTION, main_connection, "arn")
    main_rule = named(tf, RULE, "${var.name_prefix}-rule")[0]
    (target,) = [
        t
        for t in tf["resource"][TARGET].values()
        if t["arn"].startswith("${" + f"{DESTINATION}.{dest_id}.")
    ]
    assert target["rule"] == address(RULE, main_rule, "name")
    assert target["target_id"] == "api-destination-billing"
    assert target["http_target"]["header_parameters"] == {
        "X-Tenant": "acme",
        "X-Order": "$.detail.orderId",
        "Idempotency-Key": "$.detail.customID",
    }
    assert target["retry_policy"] == {
        "maximum_retry_attempts": 10,
        "maximum_event_age_in_seconds": 3600,
    }
    assert target["dead_letter_config"] == {"arn": interpolation(tf, QUEUE, "arn")}


def test_each_destination_has_a_role_that_may_invoke_only_it(synth):
    tf = synth(destinations=FAN_OUT)
    dest_id, _ = named(tf, DESTINATION, "${var.name_prefix}-billing-api-destination")
    role_id, role = named(tf, ROLE, "${var.name_prefix}-billing-invoke-api-destination")
    main_rule = named(tf, RULE, "${var.name_prefix}-rule")[0]
    trust = decode_jsonencode(role["assume_role_policy"])["Statement"][0]
    assert trust["Condition"]["ArnEquals"] == {"aws:SourceArn": address(RULE, main_rule, "arn")}
    (policy,) = [
        p for p in tf["resource"][ROLE_POLICY].values() if p["role"] == address(ROLE, role_id, "id")
    ]
    assert decode_jsonencode(policy["policy"])["Statement"][0]["Resource"] == address(
        DESTINATION, dest_id, "arn"
    )


def test_a_destination_with_a_pattern_gets_its_own_rule_connection_and_alarms(synth):
    tf = synth(destinations=FAN_OUT)
    rule_id, rule = named(tf, RULE, "${var.name_prefix}-audit-rule")
    assert json.loads(rule["event_pattern"]) == {"source": ["orders.app"]}
    assert rule["event_bus_name"] == interpolation(tf, BUS, "name")
    connection_id, connection = named(tf, CONNECTION, "${var.name_prefix}-audit-connection")
    assert connection["authorization_type"] == "BASIC"
    assert connection["auth_parameters"]["basic"] == {
        "username": "auditor",
        "password": "${var.destination_connection_secrets.audit}",
    }
    assert tf["variable"]["destination_connection_secrets"]["sensitive"] is True
    dest_id, dest = named(tf, DESTINATION, "${var.name_prefix}-audit-api-destination")
    assert dest["connection_arn"] == address(CONNECTION, connection_id, "arn")
    (target,) = [
        t for t in tf["resource"][TARGET].values() if t["rule"] == address(RULE, rule_id, "name")
    ]
    assert target["input_transformer"] == {
        "input_paths": {"id": "$.detail.customID"},
        "input_template": '{"order": <id>}',
    }
    assert target["arn"] == address(DESTINATION, dest_id, "arn")
    assert target["http_target"]["header_parameters"] == {"Idempotency-Key": "$.id"}
    alarms = {a["alarm_name"]: a for a in tf["resource"][ALARM].values()}
    for suffix in ("audit-failed-invocations", "audit-dlq-delivery-failures"):
        alarm = alarms["${var.name_prefix}-" + suffix]
        assert alarm["dimensions"]["RuleName"] == address(RULE, rule_id, "name")


def test_the_queue_admits_dead_letters_from_every_rule(synth):
    tf = synth(destinations=FAN_OUT)
    _, policy = only(tf, QUEUE_POLICY)
    sources = decode_jsonencode(policy["policy"])["Statement"][0]["Condition"]["ArnEquals"]
    rules = [named(tf, RULE, f"${{var.name_prefix}}-{n}")[0] for n in ("rule", "audit-rule")]
    assert sources["aws:SourceArn"] == [
        *(address(RULE, r, "arn") for r in rules),
        interpolation(tf, BUS, "arn"),
    ]


def test_a_created_key_admits_dead_letters_from_every_rule(synth):
    tf = synth(destinations=FAN_OUT, create_kms_key=True)
    sources = key_statements(tf)["EventBridgeWritesDeadLetters"]["Condition"]["ArnEquals"]
    assert [arn.rsplit(":", 1)[1] for arn in sources["aws:SourceArn"]] == [
        "rule/${var.name_prefix}-bus/${var.name_prefix}-rule",
        "rule/${var.name_prefix}-bus/${var.name_prefix}-audit-rule",
        "event-bus/${var.name_prefix}-bus",
    ]
    assert named(tf, CONNECTION, "${var.name_prefix}-audit-connection")[1][
        "kms_key_identifier"
    ] == interpolation(tf, KEY, "arn")


def test_the_destinations_arns_are_an_output_by_name(synth):
    tf = synth(destinations=FAN_OUT)
    outputs = tf["output"]["destinationArns"]["value"]
    assert sorted(outputs) == ["audit", "billing"]
    billing = named(tf, DESTINATION, "${var.name_prefix}-billing-api-destination")[0]
    assert outputs["billing"] == address(DESTINATION, billing, "arn")


def test_provider_6_reads_the_region_from_its_new_attribute(synth):
    tf = synth(create_kms_key=True, provider_major_version=6)
    region = next(iter(tf["data"]["aws_region"]))
    arns = key_statements(tf)["EventBridgeEncryptsTheBus"]["Condition"]["StringEquals"]
    arn = arns["kms:EncryptionContext:aws:events:event-bus:arn"]
    assert "${data.aws_region." + region + ".region}" in arn and ".name}" not in arn


def accepts_tags(kind: str) -> bool:
    """Whether the provider's schema (as the bindings were generated from it) has `tags`."""
    import importlib
    import inspect

    module = importlib.import_module(f"cdktf_cdktf_provider_aws.{kind.removeprefix('aws_')}")
    name = "".join(part.title() for part in kind.removeprefix("aws_").split("_"))
    return "tags" in inspect.signature(getattr(module, name).__init__).parameters


def test_with_every_option_on_every_resource_that_takes_tags_has_them(synth):
    tf = synth(
        destinations=FAN_OUT,
        create_kms_key=True,
        create_archive=True,
        alarm_emails=["ops@example.com"],
        provider_major_version=6,
        bus_log_level="TRACE",
    )
    taggable = [kind for kind in tf["resource"] if accepts_tags(kind)]
    assert KEY in taggable and LOG_GROUP in taggable and CONNECTION not in taggable
    for kind in taggable:
        for name, body in tf["resource"][kind].items():
            assert body.get("tags") in (
                "${var.tags}",
                '${merge(var.tags, {"EventBridgeApiDestinations" = "true"})}',
            ), f"{kind}.{name}"


def test_a_created_key_encrypts_the_alarm_topic_and_lets_only_these_alarms_publish(synth):
    assert "kms_master_key_id" not in only(synth(), TOPIC)[1]
    tf = synth(create_kms_key=True)
    assert only(tf, TOPIC)[1]["kms_master_key_id"] == interpolation(tf, KEY, "arn")
    statement = key_statements(tf)["CloudWatchPublishesThisPatternsAlarms"]
    assert statement["Principal"] == {"Service": "cloudwatch.amazonaws.com"}
    assert statement["Condition"]["ArnLike"]["aws:SourceArn"].endswith(
        ":alarm:${var.name_prefix}-*"
    )
    alarms = tf["resource"][ALARM].values()
    assert all(a["alarm_name"].startswith("${var.name_prefix}-") for a in alarms)
