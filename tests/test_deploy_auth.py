"""Each auth type deploys: BASIC and OAuth connections applied against the local AWS API."""

from __future__ import annotations

import json

import pytest

from local_aws import REGION, deployed, synth_locally
from stacks.config import PatternConfig

pytestmark = pytest.mark.slow

ENDPOINT = "https://api.example.com/orders"
SECRET = "canary-secret-31d8e5"  # a stand-in; must never be printed
INVOCATION_SECRET = "canary-header-8b20f4"


def apply(terraform, local_aws, root, config, secret_variable, **tf_vars):
    workdir = synth_locally(local_aws, root, "auth", config)
    tf_vars = {"endpoint": ENDPOINT, secret_variable: SECRET, **tf_vars}
    return deployed(terraform, workdir, local_aws, tf_vars)


def test_a_basic_auth_connection_deploys_with_its_user_name_and_extra_headers(
    terraform, local_aws, tmp_path
):
    config = PatternConfig(
        name_prefix="basic",
        region=REGION,
        authorization_type="BASIC",
        basic_username="svc",
        invocation_parameters=[
            {"location": "header", "key": "X-Tenant", "value": "acme"},
            {"location": "header", "key": "X-Signing-Key", "secret": True},
        ],
    )
    secrets = json.dumps({"X-Signing-Key": INVOCATION_SECRET})
    with apply(
        terraform,
        local_aws,
        tmp_path,
        config,
        "connection_basic_password",
        connection_invocation_secrets=secrets,
    ) as d:
        connection = d.client("events").describe_connection(Name="basic-connection")
        assert SECRET not in d.apply_output and INVOCATION_SECRET not in d.apply_output
    assert connection["AuthorizationType"] == "BASIC"
    assert connection["AuthParameters"]["BasicAuthParameters"] == {"Username": "svc"}
    headers = connection["AuthParameters"]["InvocationHttpParameters"]["HeaderParameters"]
    assert {h["Key"]: h.get("IsValueSecret", False) for h in headers} == {
        "X-Tenant": False,
        "X-Signing-Key": True,
    }


def test_an_oauth_connection_deploys_with_endpoint_method_client_and_parameters(
    terraform, local_aws, tmp_path
):
    config = PatternConfig(
        name_prefix="oauth",
        region=REGION,
        authorization_type="OAUTH_CLIENT_CREDENTIALS",
        oauth_authorization_endpoint="https://auth.example.com/token",
        oauth_client_id="client",
        oauth_body_parameters={"scope": "events.write"},
    )
    with apply(terraform, local_aws, tmp_path, config, "connection_oauth_client_secret") as d:
        connection = d.client("events").describe_connection(Name="oauth-connection")
        assert SECRET not in d.apply_output
    oauth = connection["AuthParameters"]["OAuthParameters"]
    assert connection["AuthorizationType"] == "OAUTH_CLIENT_CREDENTIALS"
    assert oauth["AuthorizationEndpoint"] == "https://auth.example.com/token"
    assert oauth["HttpMethod"] == "POST"
    assert oauth["ClientParameters"] == {"ClientID": "client"}
    assert oauth["OAuthHttpParameters"]["BodyParameters"] == [
        {"Key": "scope", "Value": "events.write"}
    ]
