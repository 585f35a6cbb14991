"""scripts/redrive_dlq.py against a local AWS API: failed events go back on the bus, once."""

from __future__ import annotations

import json

import pytest

from conftest import load_script
from local_aws import ACCOUNT, REGION

pytestmark = pytest.mark.slow

EVENT = {
    "version": "0",
    "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
    "detail-type": "http.idempotency.demo.event.v0",
    "source": "http.idempotency.demo.app",
    "account": ACCOUNT,
    "time": "2026-11-27T08:00:00Z",
    "region": REGION,
    "resources": [],
    "detail": {"customID": "e9bf3c4d-638c-4fb3-898b-1ac6c1988000", "message": "hello world!"},
}

# Which destination failed: with fan-out, the one thing that tells them apart.
TARGET = f"arn:aws:events:{REGION}:{ACCOUNT}:api-destination/fan-billing-api-destination/x"


def clients(url: str):
    import boto3

    session = boto3.session.Session(
        region_name=REGION, aws_access_key_id="test", aws_secret_access_key="test"
    )
    return session.client("sqs", endpoint_url=url), session.client("events", endpoint_url=url)


def test_the_entry_keeps_source_type_and_detail_so_the_key_is_unchanged():
    entry = load_script("redrive_dlq").entry_for(json.dumps(EVENT), "orders-bus")
    assert entry == {
        "Source": "http.idempotency.demo.app",
        "DetailType": "http.idempotency.demo.event.v0",
        "Detail": '{"customID":"e9bf3c4d-638c-4fb3-898b-1ac6c1988000","message":"hello world!"}',
        "EventBusName": "orders-bus",
    }


def test_redrive_puts_each_event_back_on_the_bus_and_empties_the_queue(
    local_aws, capsys, monkeypatch
):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    sqs, events = clients(local_aws)
    dlq = sqs.create_queue(QueueName="redrive-dlq")["QueueUrl"]
    seen = sqs.create_queue(QueueName="redrive-seen")["QueueUrl"]
    seen_arn = sqs.get_queue_attributes(QueueUrl=seen, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    events.create_event_bus(Name="redrive-bus")
    events.put_rule(
        Name="all", EventBusName="redrive-bus", EventPattern='{"account": ["' + ACCOUNT + '"]}'
    )
    events.put_targets(
        Rule="all", EventBusName="redrive-bus", Targets=[{"Id": "seen", "Arn": seen_arn}]
    )
    for n in range(3):
        event = {**EVENT, "detail": {**EVENT["detail"], "customID": f"key-{n}"}}
        sqs.send_message(
            QueueUrl=dlq,
            MessageBody=json.dumps(event),
            MessageAttributes={
                "ERROR_CODE": {"DataType": "String", "StringValue": "SDK_CLIENT_ERROR"},
                "ERROR_MESSAGE": {"DataType": "String", "StringValue": "503 from endpoint"},
                "TARGET_ARN": {"DataType": "String", "StringValue": TARGET},
            },
        )

    code = load_script("redrive_dlq").main(
        [
            "--queue-url",
            dlq,
            "--bus",
            "redrive-bus",
            "--region",
            REGION,
            "--endpoint-url",
            local_aws,
        ]
    )

    assert code == 0
    out = capsys.readouterr().out
    why = f"ERROR_CODE=SDK_CLIENT_ERROR ERROR_MESSAGE=503 from endpoint TARGET_ARN={TARGET}"
    assert out.count(why) == 3
    assert out.endswith("put back 3 event(s) on redrive-bus\n")
    left = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["All"])["Attributes"]
    assert (left["ApproximateNumberOfMessages"], left["ApproximateNumberOfMessagesNotVisible"]) == (
        "0",
        "0",
    )
    delivered = sqs.receive_message(QueueUrl=seen, MaxNumberOfMessages=10)["Messages"]
    keys = sorted(json.loads(m["Body"])["detail"]["customID"] for m in delivered)
    assert keys == ["key-0", "key-1", "key-2"]


def test_a_dry_run_changes_nothing(local_aws, capsys, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    sqs, _ = clients(local_aws)
    dlq = sqs.create_queue(QueueName="dry-dlq")["QueueUrl"]
    sqs.send_message(QueueUrl=dlq, MessageBody=json.dumps(EVENT))

    load_script("redrive_dlq").main(
        [
            "--queue-url",
            dlq,
            "--bus",
            "redrive-bus",
            "--dry-run",
            "--region",
            REGION,
            "--endpoint-url",
            local_aws,
        ]
    )

    assert capsys.readouterr().out.endswith("would put back 1 event(s) on redrive-bus\n")
    left = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["All"])["Attributes"]
    total = int(left["ApproximateNumberOfMessages"]) + int(
        left["ApproximateNumberOfMessagesNotVisible"]
    )
    assert total == 1
