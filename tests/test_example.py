"""The module from HCL: the examples under examples/ validate, deploy, and destroy."""

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
# The HCL callers of the module (examples/cdktf-app is a cdktf app: tests/test_construct.py).
EXAMPLES = sorted(
    p.relative_to(ROOT) for p in (ROOT / "examples").iterdir() if (p / "main.tf").is_file()
)
MODULE = Path("modules") / "idempotent-api-destination"
ENDPOINT = "https://api.example.com/orders"
SECRET = "canary-key-0c94d2"  # a stand-in; must never be printed


def copy_estate(destination: Path, example: Path = EXAMPLE) -> Path:
    """The example and the module, laid out as in the repository (the source path is relative)."""
    for folder in (example, MODULE):
        shutil.copytree(ROOT / folder, destination / folder)
    return destination / example


def aim_at(workdir: Path, url: str) -> None:
    """A Terraform override file aims the example's own provider at the local API."""
    override = {
        "provider": {
            "aws": {
                "access_key": "test",
                "secret_key": "test",
                "skip_credentials_validation": True,
                "skip_metadata_api_check": True,
                "skip_requesting_account_id": True,
                "endpoints": [dict.fromkeys(SERVICES, url)],
            }
        }
    }
    (workdir / "local_aws_override.tf.json").write_text(json.dumps(override))


def test_there_are_examples_and_each_has_the_four_files():
    assert len(EXAMPLES) >= 2
    for example in EXAMPLES:
        assert {p.name for p in (ROOT / example).iterdir()} >= {
            "main.tf",
            "variables.tf",
            "outputs.tf",
            "versions.tf",
        }, example


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_the_example_is_formatted(terraform, example):
    result = terraform.run(ROOT / example, "fmt", "-check", "-diff", check=False)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_the_example_validates_against_the_provider_schema(terraform, tmp_path, example):
    workdir = copy_estate(tmp_path, example)
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
    aim_at(workdir, local_aws)
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


# --- examples/with-api-destination: the community module's use case, written against ours.

SECRETS = {
    "requestbin_password": "canary-rb-1a2b",
    "requestbin_body_secret": "canary-body-3c4d",
    "github_signature": "canary-gh-5e6f",
    "smee_client_secret": "canary-smee-7a8b",
}


@pytest.fixture(scope="module")
def shop(terraform: Terraform, local_aws: str, tmp_path_factory) -> Iterator[Deployment]:
    example = Path("examples") / "with-api-destination"
    workdir = copy_estate(tmp_path_factory.mktemp("shop"), example)
    aim_at(workdir, local_aws)
    with deployed(terraform, workdir, local_aws, {"region": REGION, **SECRETS}) as deployment:
        yield deployment


def test_the_api_destination_example_applies_without_printing_a_secret(shop):
    assert "Apply complete!" in shop.apply_output
    assert not [s for s in SECRETS.values() if s in shop.apply_output]


def test_orders_go_to_requestbin_and_github_and_refunds_reuse_githubs_connection(shop):
    events = shop.client("events")
    orders = events.list_targets_by_rule(Rule="shop-rule", EventBusName="shop-bus")["Targets"]
    refunds = events.list_targets_by_rule(Rule="shop-refunds-rule", EventBusName="shop-bus")
    assert sorted(t["Id"] for t in orders) == ["api-destination", "api-destination-github"]
    assert [t["Id"] for t in refunds["Targets"]] == ["api-destination-refunds"]
    github = events.describe_api_destination(Name="shop-github-api-destination")
    refund = events.describe_api_destination(Name="shop-refunds-api-destination")
    assert refund["ConnectionArn"] == github["ConnectionArn"]
    names = {c["Name"] for c in events.list_connections()["Connections"]}
    assert names == {"shop-connection", "shop-github-connection", "shop-smee-connection"}
    rule = events.describe_rule(Name="shop-rule", EventBusName="shop-bus")
    assert json.loads(rule["EventPattern"]) == {"source": ["myapp.orders"]}


def test_the_api_destination_example_plans_clean_and_destroys(shop):
    result = shop.run("plan", "-detailed-exitcode", check=False)
    assert result.returncode == 0, result.stdout[-3000:]
    shop.run("destroy", "-auto-approve")
    assert shop.client("events").list_api_destinations()["ApiDestinations"] == []
