"""User text stays text: `${...}` and `%{...}` in a config reach AWS exactly as written."""

from __future__ import annotations

import json

import pytest

from local_aws import REGION, deployed, synth_locally
from stacks.config import from_mapping

pytestmark = pytest.mark.slow

TEMPLATE = "a ${data.aws_caller_identity.current.account_id} %{if true}b%{endif} $${c}"


def test_template_sequences_in_every_field_are_applied_literally(terraform, local_aws, tmp_path):
    config = from_mapping(
        {
            "name_prefix": "literal",
            "region": REGION,
            "authorization_type": "BASIC",
            "basic_username": TEMPLATE,
            "input_paths": {"id": "$.detail.customID"},
            "input_template": '{"k": "' + TEMPLATE + '"}',
            "header_parameters": {"X-Note": TEMPLATE},
            "event_pattern": {"source": [TEMPLATE], "detail": {"note": [{"prefix": TEMPLATE}]}},
            "invocation_parameters": [{"location": "body", "key": "note", "value": TEMPLATE}],
            "destinations": {
                "audit": {
                    "endpoint": "https://audit.example.com/in",
                    "event_pattern": {"detail-type": [TEMPLATE]},
                }
            },
        }
    )
    workdir = synth_locally(local_aws, tmp_path, "literal", config)
    tf_vars = {"endpoint": "https://api.example.com/orders", "connection_basic_password": "p"}
    with deployed(terraform, workdir, local_aws, tf_vars) as d:
        events = d.client("events")
        (target,) = events.list_targets_by_rule(Rule="literal-rule", EventBusName="literal-bus")[
            "Targets"
        ]
        rule = events.describe_rule(Name="literal-rule", EventBusName="literal-bus")
        audit = events.describe_rule(Name="literal-audit-rule", EventBusName="literal-bus")
        connection = events.describe_connection(Name="literal-connection")
    assert target["InputTransformer"]["InputTemplate"] == '{"k": "' + TEMPLATE + '"}'
    assert target["HttpParameters"]["HeaderParameters"]["X-Note"] == TEMPLATE
    assert json.loads(rule["EventPattern"]) == {
        "source": [TEMPLATE],
        "detail": {"note": [{"prefix": TEMPLATE}]},
    }
    assert json.loads(audit["EventPattern"]) == {"detail-type": [TEMPLATE]}
    assert connection["AuthParameters"]["BasicAuthParameters"]["Username"] == TEMPLATE
    body = connection["AuthParameters"]["InvocationHttpParameters"]["BodyParameters"]
    assert body == [{"Key": "note", "Value": TEMPLATE}]
