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
- scripts/verify_delivery.py gives its delivered and failed verdicts (test_verify.py).

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
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import missing
from local_aws import (
    DEAD_PROXY,
    LOCALSTACK_PYTHON,
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
        region="us-east-1",
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
    # Nothing else arrived: each destination got only what its rule matches.
    assert len([r for r in receiver.requests if r.path.startswith(f"/{prefix}/")]) == 2


def test_events_reach_each_destination_with_its_auth(created_bus, receiver):
    assert_delivered(receiver, "deliver", "deliver-bus", created_bus)


def test_events_on_an_existing_bus_reach_each_destination(
    terraform, localstack, receiver, tmp_path
):
    config = stack_config(receiver, "existing", create_bus=False, event_bus_name="default")
    with deployment(terraform, localstack, tmp_path, config) as d:
        assert_delivered(receiver, "existing", "default", d)
