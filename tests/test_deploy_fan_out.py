"""Fan-out deploys: further destinations on the main rule and on rules of their own."""

from __future__ import annotations

import json

import pytest

import policies
from local_aws import ACCOUNT, REGION, deployed, synth_locally
from stacks.config import PatternConfig

pytestmark = pytest.mark.slow

SECRET = "canary-audit-5d1e07"  # a stand-in; must never be printed
DESTINATIONS = {
    "billing": {
        "endpoint": "https://billing.example.com/hooks",
        "invocation_rate_limit_per_second": 20,
        "header_parameters": {"X-Tenant": "acme"},
    },
    "audit": {
        "endpoint": "https://audit.example.com/events",
        "event_pattern": {"source": ["orders.app"]},
        "maximum_retry_attempts": 0,
        "input_paths": {"id": "$.detail.customID"},
        "input_template": '{"order": <id>}',
        "authorization_type": "BASIC",
        "basic_username": "auditor",
    },
}


def test_further_destinations_deploy_with_their_rules_connections_and_targets(
    terraform, local_aws, tmp_path
):
    config = PatternConfig(name_prefix="fan", region=REGION, destinations=DESTINATIONS)
    workdir = synth_locally(local_aws, tmp_path, "fan", config)
    tf_vars = {
        "endpoint": "https://api.example.com/orders",
        "connection_api_key_value": "k",
        "destination_connection_secrets": json.dumps({"audit": SECRET}),
    }
    with deployed(terraform, workdir, local_aws, tf_vars) as d:
        events = d.client("events")
        main_targets = events.list_targets_by_rule(Rule="fan-rule", EventBusName="fan-bus")
        audit_targets = events.list_targets_by_rule(Rule="fan-audit-rule", EventBusName="fan-bus")
        audit_rule = events.describe_rule(Name="fan-audit-rule", EventBusName="fan-bus")
        audit_connection = events.describe_connection(Name="fan-audit-connection")
        billing = events.describe_api_destination(Name="fan-billing-api-destination")
        checked = policies.check(d.state(), ACCOUNT)
        plan = d.run("plan", "-detailed-exitcode", check=False)
        outputs = json.loads(d.run("output", "-json").stdout)
        assert SECRET not in d.apply_output + plan.stdout
    by_id = {t["Id"]: t for t in main_targets["Targets"]}
    assert sorted(by_id) == ["api-destination", "api-destination-billing"]
    assert by_id["api-destination-billing"]["Arn"] == billing["ApiDestinationArn"]
    assert by_id["api-destination-billing"]["HttpParameters"]["HeaderParameters"] == {
        "X-Tenant": "acme",
        "Idempotency-Key": "$.detail.customID",
    }
    assert billing["InvocationRateLimitPerSecond"] == 20
    (audit,) = audit_targets["Targets"]
    assert audit["InputTransformer"] == {
        "InputPathsMap": {"id": "$.detail.customID"},
        "InputTemplate": '{"order": <id>}',
    }
    assert audit["RetryPolicy"]["MaximumRetryAttempts"] == 0
    assert json.loads(audit_rule["EventPattern"]) == {"source": ["orders.app"]}
    assert audit_connection["AuthParameters"]["BasicAuthParameters"] == {"Username": "auditor"}
    assert set(outputs["destinationArns"]["value"]) == {"audit", "billing"}
    assert plan.returncode == 0, plan.stdout + plan.stderr
    assert checked == 7  # queue policy, and a trust and a role policy per destination
