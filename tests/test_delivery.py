"""Delivery: events put on the bus reach an HTTPS endpoint, with the connection's auth.

The stack is applied with Terraform to LocalStack, which (unlike moto) really calls API
destinations. The endpoints are an HTTPS receiver on 127.0.0.1 with a self-signed
certificate that LocalStack is told to trust. Nothing leaves loopback: LocalStack and
Terraform run behind a dead proxy for anything that is not 127.0.0.1.

Proven here, on one deployment with fan-out (the main destination with an API key; an
`audit` destination with BASIC auth and a rule of its own):
- each event arrives once, as a POST to its destination's path, with the whole event
  as the body;
- the API key header carries the value of the sensitive variable
  `connection_api_key_value`, and the audit destination's `Authorization` header the
  BASIC credentials from `destination_connection_secrets`;
- each destination gets only the events its rule matches;
- the same, with `create_bus = false`, on the account's default bus;
- scripts/verify_delivery.py, run as `make verify` runs it, reads the deployed stack's
  outputs, puts a canary that really reaches the receiver, and gives its DELIVERED
  verdict, or FAILED with the status code and advice when the receiver answers 401.
  LocalStack publishes neither EventBridge's metrics nor DLQ messages, so once the
  canary has arrived the test places them as AWS would: `PutMetricData` in AWS/Events
  with the rule's EventBusName and RuleName, and for a failure a DLQ message with the
  delivered event as body and EventBridge's attributes (the ERROR_MESSAGE wording is a
  stand-in; the script reads only the status code in it).

Not modelled by LocalStack, so not asserted (AWS's behaviour is in the README):
- JSONPath header values: the Idempotency-Key header arrives as the literal
  `$.detail.customID`, where AWS sends the event's value; only its presence is checked;
- retries, and writing failed events to the dead-letter queue;
- the invocation rate limit;
- the bus's `dead_letter_config` and the connection's `description` in its describe
  calls, so a second plan would show changes (none is asserted here).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, missing
from local_aws import (
    DEAD_PROXY,
    LOCALSTACK_PYTHON,
    REGION,
    Deployment,
    Receiver,
    deployed,
    localstack_server,
    synth_locally,
)
from stacks.config import PatternConfig

pytestmark = pytest.mark.slow

API_KEY = "canary-key-0b7d41"  # stand-ins; never printed
AUDIT_PASSWORD = "canary-basic-93c2aa"
SOURCE = "orders.app"
CANARY_TYPE = "idempotent-api-destination.canary"  # scripts/verify_delivery.py
AUDIT_SOURCE = "audit.app"


@pytest.fixture(scope="module")
def receiver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Receiver]:
    server = Receiver(tmp_path_factory.mktemp("receiver"))
    yield server
    server.close()


@pytest.fixture(scope="module")
def localstack(tmp_path_factory: pytest.TempPathFactory, receiver: Receiver) -> Iterator[str]:
    if not LOCALSTACK_PYTHON.exists():
        missing(
            "LocalStack is not installed: `make test` installs it into .venv-localstack "
            "with Python 3.13 or later (set LOCALSTACK_PYTHON if make finds none)"
        )
    with localstack_server(tmp_path_factory.mktemp("localstack"), receiver.certificate) as url:
        yield url


def stack_config(receiver: Receiver, name: str, **settings: Any) -> PatternConfig:
    return PatternConfig(
        name_prefix=name,
        region=REGION,
        endpoint=f"{receiver.url}/{name}/orders",
        api_key_name="X-Api-Key",
        event_pattern={"source": [SOURCE]},
        destinations={
            "audit": {
                "endpoint": f"{receiver.url}/{name}/audit",
                "event_pattern": {"source": [AUDIT_SOURCE]},
                "authorization_type": "BASIC",
                "basic_username": "auditor",
            }
        },
        **settings,
    )


@contextlib.contextmanager
def deployment(
    terraform: Any, localstack: str, folder: Path, config: PatternConfig
) -> Iterator[Deployment]:
    workdir = synth_locally(localstack, folder, config.name_prefix, config)
    tf_vars = {
        "connection_api_key_value": API_KEY,
        "destination_connection_secrets": json.dumps({"audit": AUDIT_PASSWORD}),
    }
    with deployed(terraform, workdir, localstack, tf_vars, env=DEAD_PROXY) as d:
        assert API_KEY not in d.apply_output and AUDIT_PASSWORD not in d.apply_output
        yield d


@pytest.fixture(scope="module")
def created_bus(terraform, localstack, receiver, tmp_path_factory) -> Iterator[Deployment]:
    config = stack_config(receiver, "deliver")
    with deployment(terraform, localstack, tmp_path_factory.mktemp("deliver"), config) as d:
        yield d


def put(d: Deployment, bus: str, source: str) -> dict[str, Any]:
    """Put one event on `bus`; the event as EventBridge will deliver it (id filled in)."""
    detail = {"customID": str(uuid.uuid4()), "message": "hello world!"}
    result = d.client("events").put_events(
        Entries=[
            {
                "EventBusName": bus,
                "Source": source,
                "DetailType": "order.created",
                "Detail": json.dumps(detail),
            }
        ]
    )
    assert result["FailedEntryCount"] == 0, result
    return {"id": result["Entries"][0]["EventId"], "source": source, "detail": detail}


def assert_delivered(receiver: Receiver, prefix: str, bus: str, d: Deployment) -> None:
    order, audit = put(d, bus, SOURCE), put(d, bus, AUDIT_SOURCE)
    (to_orders,) = receiver.wait_for(1, f"/{prefix}/orders")
    (to_audit,) = receiver.wait_for(1, f"/{prefix}/audit")

    for request, event in ((to_orders, order), (to_audit, audit)):
        assert request.method == "POST"
        body = request.json()
        assert (body["id"], body["source"], body["detail"]) == (
            event["id"],
            event["source"],
            event["detail"],
        )
        assert body["detail-type"] == "order.created"
        assert "idempotency-key" in request.headers  # its value: see the docstring
    assert to_orders.headers["x-api-key"] == API_KEY
    assert "authorization" not in to_orders.headers
    credentials = base64.b64encode(f"auditor:{AUDIT_PASSWORD}".encode()).decode()
    assert to_audit.headers["authorization"] == f"Basic {credentials}"
    assert "x-api-key" not in to_audit.headers
    # Each event arrived once, and only where its rule sends it.
    ids = {order["detail"]["customID"], audit["detail"]["customID"]}
    arrived = [
        (r.path, r.json()["detail"]["customID"])
        for r in receiver.requests
        if r.path.startswith(f"/{prefix}/") and r.json()["detail"].get("customID") in ids
    ]
    assert sorted(arrived) == sorted(
        [
            (f"/{prefix}/audit", audit["detail"]["customID"]),
            (f"/{prefix}/orders", order["detail"]["customID"]),
        ]
    )


def test_events_reach_each_destination_with_its_auth(created_bus, receiver):
    assert_delivered(receiver, "deliver", "deliver-bus", created_bus)


def test_events_on_an_existing_bus_reach_each_destination(
    terraform, localstack, receiver, tmp_path
):
    config = stack_config(receiver, "existing", create_bus=False, event_bus_name="default")
    with deployment(terraform, localstack, tmp_path, config) as d:
        assert_delivered(receiver, "existing", "default", d)


# --- scripts/verify_delivery.py against the deployment (`make verify` runs it so).


def publish_as_aws(d: Deployment, receiver: Receiver, path: str, rule: str) -> threading.Thread:
    """Once a canary reaches `path`, publish what AWS would for its delivery: the rule's
    metrics and, if the receiver refused it, the DLQ message. Runs in the background."""

    def publish() -> None:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            canaries = [
                r
                for r in receiver.requests
                if r.path == path and r.json().get("detail-type") == CANARY_TYPE
            ]
            if canaries:
                break
            time.sleep(0.2)
        else:
            return
        status = receiver.status_by_path.get(path, 200)
        dimensions = [
            {"Name": "EventBusName", "Value": "deliver-bus"},
            {"Name": "RuleName", "Value": rule},
        ]
        metrics = [("Invocations", 1.0), ("FailedInvocations", 0.0 if status < 300 else 1.0)]
        if status >= 300:
            events = d.client("events")
            rule_arn = events.describe_rule(Name=rule, EventBusName="deliver-bus")["Arn"]
            (target,) = events.list_targets_by_rule(Rule=rule, EventBusName="deliver-bus")[
                "Targets"
            ]
            queue_url = d.outputs()["dlqUrl"]
            attributes = {
                "RULE_ARN": rule_arn,
                "TARGET_ARN": target["Arn"],
                "ERROR_CODE": "SDK_CLIENT_ERROR",
                "ERROR_MESSAGE": "Unable to invoke ApiDestination endpoint: "
                f"the endpoint responded with status code {status}.",
                "EXHAUSTED_RETRY_CONDITION": "MaximumRetryAttempts",
                "RETRY_ATTEMPTS": "0",
            }
            d.client("sqs").send_message(
                QueueUrl=queue_url,
                MessageBody=canaries[0].body.decode(),
                MessageAttributes={
                    k: {"DataType": "String", "StringValue": v} for k, v in attributes.items()
                },
            )
        d.client("cloudwatch").put_metric_data(
            Namespace="AWS/Events",
            MetricData=[
                {"MetricName": name, "Dimensions": dimensions, "Value": value, "Unit": "Count"}
                for name, value in metrics
            ],
        )

    thread = threading.Thread(target=publish, daemon=True)
    thread.start()
    return thread


def verify(terraform, d: Deployment, destination: str) -> subprocess.CompletedProcess[str]:
    """scripts/verify_delivery.py on the deployed folder, with the local API as AWS."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        DEAD_PROXY,
        AWS_ENDPOINT_URL=d.url,
        AWS_ACCESS_KEY_ID="test",
        AWS_SECRET_ACCESS_KEY="test",
        AWS_DEFAULT_REGION=REGION,
        PATH=f"{Path(terraform.binary).parent}{os.pathsep}{env.get('PATH', '')}",
    )
    script = ROOT / "scripts" / "verify_delivery.py"
    options = ["--destination", destination, "--timeout", "60", "--interval", "1"]
    return subprocess.run(
        [sys.executable, str(script), "--dir", str(d.workdir), *options],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_verify_reports_a_delivered_canary(terraform, created_bus, receiver):
    publisher = publish_as_aws(created_bus, receiver, "/deliver/orders", "deliver-rule")
    result = verify(terraform, created_bus, "main")
    publisher.join(timeout=5)
    print(result.stdout, result.stderr)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "DELIVERED: rule deliver-rule invoked its target 1 time(s)" in result.stdout
    (canary,) = [
        r
        for r in receiver.requests
        if r.path == "/deliver/orders" and "canary" in r.json()["detail-type"]
    ]
    assert canary.json()["source"] == SOURCE  # the rule's own source, so it matched
    assert canary.headers["x-api-key"] == API_KEY
    assert f"customID={canary.json()['detail']['customID']}" in result.stdout


def test_verify_reports_a_refused_canary_with_its_status_and_advice(
    terraform, created_bus, receiver
):
    sqs, queue_url = created_bus.client("sqs"), created_bus.outputs()["dlqUrl"]
    earlier = json.dumps({"detail-type": "order.created", "detail": {"customID": "earlier"}})
    sqs.send_message(QueueUrl=queue_url, MessageBody=earlier)  # a failure from before
    receiver.status_by_path["/deliver/audit"] = 401
    try:
        publisher = publish_as_aws(created_bus, receiver, "/deliver/audit", "deliver-audit-rule")
        result = verify(terraform, created_bus, "audit")
        publisher.join(timeout=5)
    finally:
        del receiver.status_by_path["/deliver/audit"]
    print(result.stdout, result.stderr)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FAILED: the canary is in the dead-letter queue." in result.stdout
    assert "status:        401" in result.stdout
    assert "check the connection's secret" in result.stdout
    assert AUDIT_PASSWORD not in result.stdout + result.stderr
    # The script took its canary out of the queue, and left the earlier failure there.
    (left,) = sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=1)["Messages"]
    assert left["Body"] == earlier
