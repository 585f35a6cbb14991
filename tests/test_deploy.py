"""Deploy end to end with real Terraform against a local AWS API (moto server on loopback).

moto validates little and does not model delivery (no JSONPath headers, no
retries, no DLQ), so these tests prove that the stack deploys, reads back as
intended, shows no drift, and destroys cleanly; not how EventBridge delivers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

import policies
from conftest import Terraform
from local_aws import ACCOUNT, REGION, Deployment, deployed, synth_locally
from stacks.config import PatternConfig

pytestmark = pytest.mark.slow

PREFIX = "deploytest"
ENDPOINT = "https://api.example.com/orders"
SECRET = "canary-key-7f3a9c"  # a stand-in; must never be printed


@pytest.fixture(scope="module")
def deployment(terraform: Terraform, local_aws: str, tmp_path_factory) -> Iterator[Deployment]:
    config = PatternConfig(name_prefix=PREFIX, region=REGION)
    workdir = synth_locally(local_aws, tmp_path_factory.mktemp("deploy"), "deploy", config)
    tf_vars = {"endpoint": ENDPOINT, "connection_api_key_value": SECRET}
    with deployed(terraform, workdir, local_aws, tf_vars) as deployment:
        yield deployment


def test_apply_never_prints_the_secret(deployment):
    assert "Apply complete!" in deployment.apply_output
    assert SECRET not in deployment.apply_output


def test_the_bus_exists_and_keeps_what_it_cannot_decrypt_in_the_queue(deployment):
    bus = deployment.client("events").describe_event_bus(Name=f"{PREFIX}-bus")
    assert bus["Arn"] == f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/{PREFIX}-bus"
    queue_arn = f"arn:aws:sqs:{REGION}:{ACCOUNT}:{PREFIX}-dlq"
    assert bus["DeadLetterConfig"] == {"Arn": queue_arn}
    assert "KmsKeyIdentifier" not in bus


def test_the_connection_uses_api_key_auth(deployment):
    connection = deployment.client("events").describe_connection(Name=f"{PREFIX}-connection")
    assert connection["AuthorizationType"] == "API_KEY"
    assert connection["AuthParameters"]["ApiKeyAuthParameters"]["ApiKeyName"] == "notused"


def test_the_destination_has_the_endpoint_method_and_rate(deployment):
    events = deployment.client("events")
    destination = events.describe_api_destination(Name=f"{PREFIX}-api-destination")
    connection = events.describe_connection(Name=f"{PREFIX}-connection")
    assert destination["InvocationEndpoint"] == ENDPOINT
    assert destination["HttpMethod"] == "POST"
    assert destination["InvocationRateLimitPerSecond"] == 1
    assert destination["ConnectionArn"] == connection["ConnectionArn"]


def test_the_rule_matches_the_deploying_account(deployment):
    rule = deployment.client("events").describe_rule(
        Name=f"{PREFIX}-rule", EventBusName=f"{PREFIX}-bus"
    )
    assert json.loads(rule["EventPattern"]) == {"account": [ACCOUNT]}


def test_the_target_has_retries_dead_letters_role_and_idempotency_header(deployment):
    events = deployment.client("events")
    (target,) = events.list_targets_by_rule(Rule=f"{PREFIX}-rule", EventBusName=f"{PREFIX}-bus")[
        "Targets"
    ]
    destination = events.describe_api_destination(Name=f"{PREFIX}-api-destination")
    queue_arn = f"arn:aws:sqs:{REGION}:{ACCOUNT}:{PREFIX}-dlq"
    assert target["Arn"] == destination["ApiDestinationArn"]
    assert target["RoleArn"] == (f"arn:aws:iam::{ACCOUNT}:role/{PREFIX}-invoke-api-destination")
    assert target["RetryPolicy"] == {"MaximumRetryAttempts": 3, "MaximumEventAgeInSeconds": 86400}
    assert target["DeadLetterConfig"] == {"Arn": queue_arn}
    assert target["HttpParameters"]["HeaderParameters"] == {"Idempotency-Key": "$.detail.customID"}


def test_the_queue_is_encrypted_keeps_14_days_and_admits_only_this_rule_and_bus(deployment):
    sqs = deployment.client("sqs")
    url = sqs.get_queue_url(QueueName=f"{PREFIX}-dlq")["QueueUrl"]
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    rule_arn = f"arn:aws:events:{REGION}:{ACCOUNT}:rule/{PREFIX}-bus/{PREFIX}-rule"
    bus_arn = f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/{PREFIX}-bus"
    assert attributes["SqsManagedSseEnabled"] == "true"
    assert attributes["MessageRetentionPeriod"] == "1209600"
    (statement,) = json.loads(attributes["Policy"])["Statement"]
    assert statement["Principal"] == {"Service": "events.amazonaws.com"}
    assert statement["Action"] == "sqs:SendMessage"
    assert statement["Resource"] == attributes["QueueArn"]
    assert statement["Condition"] == {"ArnEquals": {"aws:SourceArn": [rule_arn, bus_arn]}}


def test_the_role_may_only_invoke_this_destination(deployment):
    iam = deployment.client("iam")
    role_name = f"{PREFIX}-invoke-api-destination"
    destination = deployment.client("events").describe_api_destination(
        Name=f"{PREFIX}-api-destination"
    )
    trust = iam.get_role(RoleName=role_name)["Role"]["AssumeRolePolicyDocument"]
    policy = iam.get_role_policy(RoleName=role_name, PolicyName="invoke-api-destination")
    (trusted,) = trust["Statement"]
    (allowed,) = policy["PolicyDocument"]["Statement"]
    assert trusted["Principal"] == {"Service": "events.amazonaws.com"}
    assert trusted["Condition"]["StringEquals"] == {"aws:SourceAccount": ACCOUNT}
    assert allowed == {
        "Effect": "Allow",
        "Action": "events:InvokeApiDestination",
        "Resource": destination["ApiDestinationArn"],
    }


def test_the_alarms_watch_the_queue_and_the_rule_and_notify_the_topic(deployment):
    alarms = deployment.client("cloudwatch").describe_alarms(AlarmNamePrefix=PREFIX)
    by_name = {a["AlarmName"]: a for a in alarms["MetricAlarms"]}
    topic_arn = f"arn:aws:sns:{REGION}:{ACCOUNT}:{PREFIX}-alarms"
    rule_dimensions = [
        {"Name": "EventBusName", "Value": f"{PREFIX}-bus"},
        {"Name": "RuleName", "Value": f"{PREFIX}-rule"},
    ]
    assert {name: (a["Namespace"], a["MetricName"]) for name, a in by_name.items()} == {
        f"{PREFIX}-dlq-not-empty": ("AWS/SQS", "ApproximateNumberOfMessagesVisible"),
        f"{PREFIX}-failed-invocations": ("AWS/Events", "FailedInvocations"),
        f"{PREFIX}-dlq-delivery-failures": ("AWS/Events", "InvocationsFailedToBeSentToDlq"),
    }
    assert by_name[f"{PREFIX}-dlq-not-empty"]["Dimensions"] == [
        {"Name": "QueueName", "Value": f"{PREFIX}-dlq"}
    ]
    for name in (f"{PREFIX}-failed-invocations", f"{PREFIX}-dlq-delivery-failures"):
        dimensions = sorted(by_name[name]["Dimensions"], key=lambda d: d["Name"])
        assert dimensions == rule_dimensions
    for alarm in by_name.values():
        assert (alarm["AlarmActions"], alarm["OKActions"]) == ([topic_arn], [topic_arn])
    topics = deployment.client("sns").list_topics()["Topics"]
    assert {"TopicArn": topic_arn} in topics


def test_every_policy_holds_to_the_rules_with_its_real_arns(deployment):
    assert policies.check(deployment.state(), ACCOUNT) == 3


def test_a_second_plan_shows_no_changes(deployment):
    result = deployment.run("plan", "-detailed-exitcode", check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes." in result.stdout


def test_destroy_leaves_nothing_behind(deployment):
    deployment.run("destroy", "-auto-approve")
    events, sqs, iam = (deployment.client(s) for s in ("events", "sqs", "iam"))
    assert [b["Name"] for b in events.list_event_buses()["EventBuses"]] == ["default"]
    assert events.list_connections()["Connections"] == []
    assert events.list_api_destinations()["ApiDestinations"] == []
    assert sqs.list_queues().get("QueueUrls", []) == []
    assert [r["RoleName"] for r in iam.list_roles()["Roles"]] == []
    assert deployment.client("cloudwatch").describe_alarms()["MetricAlarms"] == []
    assert deployment.client("sns").list_topics()["Topics"] == []
    state = json.loads(deployment.run("show", "-json").stdout)
    assert "resources" not in state.get("values", {}).get("root_module", {})
