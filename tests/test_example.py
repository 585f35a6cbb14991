"""The module from HCL: the example estate under examples/ validates, deploys, and destroys."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT, Terraform
from local_aws import ACCOUNT, REGION, SERVICES, Deployment, deployed

pytestmark = pytest.mark.slow

EXAMPLE = Path("examples") / "hcl-estate"
MODULE = Path("modules") / "idempotent-api-destination"
ENDPOINT = "https://api.example.com/orders"
SECRET = "canary-key-0c94d2"  # a stand-in; must never be printed


def copy_estate(destination: Path) -> Path:
    """The example and the module, laid out as in the repository (the source path is relative)."""
    for folder in (EXAMPLE, MODULE):
        shutil.copytree(ROOT / folder, destination / folder)
    return destination / EXAMPLE


def test_the_example_is_formatted(terraform):
    result = terraform.run(ROOT / EXAMPLE, "fmt", "-check", "-diff", check=False)
    assert result.returncode == 0, result.stdout


def test_the_example_validates_against_the_provider_schema(terraform, tmp_path):
    workdir = copy_estate(tmp_path)
    terraform.run(workdir, "init", "-backend=false")
    report = json.loads(terraform.run(workdir, "validate", "-json", check=False).stdout)
    assert (report["valid"], report["diagnostics"]) == (True, [])


def test_the_module_refuses_a_bad_input_with_the_configs_message(terraform, tmp_path):
    workdir = copy_estate(tmp_path)
    main_tf = workdir / "main.tf"
    text = main_tf.read_text()
    assert "maximum_retry_attempts           = 10\n" in text
    main_tf.write_text(
        text.replace("retry_attempts           = 10", "retry_attempts           = 500")
    )
    terraform.run(workdir, "init", "-backend=false")

    result = terraform.run(workdir, "validate", check=False)

    assert result.returncode != 0
    message = " ".join(result.stderr.split())
    assert (
        "Invalid maximum_retry_attempts: must be a whole number from 0 to 185 "
        "(API reference: RetryPolicy)." in message
    )


@pytest.fixture(scope="module")
def estate(terraform: Terraform, local_aws: str, tmp_path_factory) -> Iterator[Deployment]:
    workdir = copy_estate(tmp_path_factory.mktemp("estate"))
    # A Terraform override file aims the estate's own provider at the local API.
    override = {
        "provider": {
            "aws": {
                "access_key": "test",
                "secret_key": "test",
                "skip_credentials_validation": True,
                "skip_metadata_api_check": True,
                "skip_requesting_account_id": True,
                "endpoints": [dict.fromkeys(SERVICES, local_aws)],
            }
        }
    }
    (workdir / "local_aws_override.tf.json").write_text(json.dumps(override))
    tf_vars = {"region": REGION, "endpoint": ENDPOINT, "api_key": SECRET}
    with deployed(terraform, workdir, local_aws, tf_vars) as deployment:
        yield deployment


def test_the_estate_applies_the_module_with_its_inputs(estate):
    assert "Apply complete!" in estate.apply_output
    assert SECRET not in estate.apply_output
    events = estate.client("events")
    destination = events.describe_api_destination(Name="orders-api-destination")
    (target,) = events.list_targets_by_rule(Rule="orders-rule", EventBusName="orders-bus")[
        "Targets"
    ]
    rule = events.describe_rule(Name="orders-rule", EventBusName="orders-bus")
    assert destination["InvocationRateLimitPerSecond"] == 10
    assert target["RetryPolicy"] == {"MaximumRetryAttempts": 10, "MaximumEventAgeInSeconds": 3600}
    assert target["HttpParameters"]["HeaderParameters"] == {"Idempotency-Key": "$.detail.orderId"}
    assert json.loads(rule["EventPattern"]) == {
        "source": ["orders.app"],
        "detail-type": ["OrderPlaced"],
    }


def test_the_estate_gets_an_archive_and_an_alarm_email_subscription(estate):
    archive = estate.client("events").describe_archive(ArchiveName="orders-archive")
    assert archive["EventSourceArn"] == f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/orders-bus"
    assert archive["RetentionDays"] == 7
    topic_arn = f"arn:aws:sns:{REGION}:{ACCOUNT}:orders-alarms"
    subscriptions = estate.client("sns").list_subscriptions_by_topic(TopicArn=topic_arn)
    assert [(s["Protocol"], s["Endpoint"]) for s in subscriptions["Subscriptions"]] == [
        ("email", "oncall@example.com")
    ]


def test_the_estates_default_tags_and_the_modules_tags_both_arrive(estate):
    bus_arn = f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/orders-bus"
    tags = estate.client("events").list_tags_for_resource(ResourceARN=bus_arn)["Tags"]
    assert {t["Key"]: t["Value"] for t in tags} == {"team": "payments", "managed-by": "terraform"}


def test_the_estate_outputs_come_from_the_module(estate):
    outputs = json.loads(estate.run("output", "-json").stdout)
    assert outputs["event_bus_arn"]["value"] == (
        f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/orders-bus"
    )
    assert outputs["dead_letter_queue_url"]["value"].endswith(f"/{ACCOUNT}/orders-dlq")


def test_a_second_plan_of_the_estate_shows_no_changes(estate):
    result = estate.run("plan", "-detailed-exitcode", check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_destroying_the_estate_leaves_nothing_behind(estate):
    estate.run("destroy", "-auto-approve")
    events = estate.client("events")
    assert [b["Name"] for b in events.list_event_buses()["EventBuses"]] == ["default"]
    assert events.list_api_destinations()["ApiDestinations"] == []
    assert estate.client("sqs").list_queues().get("QueueUrls", []) == []
