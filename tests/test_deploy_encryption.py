"""A created customer key deploys: the bus, the queue and the connection under it."""

from __future__ import annotations

import json

import pytest

import policies
from local_aws import ACCOUNT, REGION, deployed, synth_locally
from stacks.config import PatternConfig

pytestmark = pytest.mark.slow


def test_a_created_key_encrypts_the_bus_queue_and_topic_and_plans_clean(
    terraform, local_aws, tmp_path
):
    config = PatternConfig(name_prefix="sealed", region=REGION, create_kms_key=True)
    workdir = synth_locally(local_aws, tmp_path, "sealed", config)
    tf_vars = {"endpoint": "https://api.example.com/orders", "connection_api_key_value": "k"}
    with deployed(terraform, workdir, local_aws, tf_vars) as d:
        outputs = d.run("output", "-json").stdout
        key_arn = json.loads(outputs)["kmsKeyArn"]["value"]
        kms, events, sqs = (d.client(s) for s in ("kms", "events", "sqs"))
        key = kms.describe_key(KeyId=key_arn)["KeyMetadata"]
        tags = {t["TagKey"]: t["TagValue"] for t in kms.list_resource_tags(KeyId=key_arn)["Tags"]}
        rotation = kms.get_key_rotation_status(KeyId=key_arn)["KeyRotationEnabled"]
        bus = events.describe_event_bus(Name="sealed-bus")
        queue_url = sqs.get_queue_url(QueueName="sealed-dlq")["QueueUrl"]
        queue = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])["Attributes"]
        topic_arn = json.loads(outputs)["alarmTopicArn"]["value"]
        topic = d.client("sns").get_topic_attributes(TopicArn=topic_arn)["Attributes"]
        checked = policies.check(d.state(), ACCOUNT)
        d.run("plan", "-out=second.plan")
        plan = json.loads(d.run("show", "-json", "second.plan").stdout)
    assert checked > 3  # the key's policy among them
    assert key["KeyManager"] == "CUSTOMER" and rotation is True
    assert tags["EventBridgeApiDestinations"] == "true"
    assert bus["KmsKeyIdentifier"] == key_arn
    assert bus["DeadLetterConfig"] == {"Arn": queue["QueueArn"]}
    assert queue["KmsMasterKeyId"] == key_arn
    assert topic["KmsMasterKeyId"] == key_arn
    # moto does not keep a connection's KmsKeyIdentifier, so the second plan
    # would set it again; that one attribute is the only change allowed.
    changes = [c for c in plan["resource_changes"] if c["change"]["actions"] != ["no-op"]]
    assert [(c["type"], c["change"]["actions"]) for c in changes] == [
        ("aws_cloudwatch_event_connection", ["update"])
    ]
    before, after = changes[0]["change"]["before"], changes[0]["change"]["after"]
    assert {k for k in after if before.get(k) != after[k]} == {"kms_key_identifier"}
