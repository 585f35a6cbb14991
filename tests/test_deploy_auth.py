"""An OAuth connection deploys from the stack's config (BASIC does in test_module.py, from
variables only, and in test_deploy_literal.py and test_deploy_fan_out.py, from the config)."""

from __future__ import annotations

import pytest

from local_aws import REGION, deployed, synth_locally
from stacks.config import PatternConfig

pytestmark = pytest.mark.slow

ENDPOINT = "https://api.example.com/orders"
SECRET = "canary-secret-31d8e5"  # a stand-in; must never be printed


def apply(terraform, local_aws, root, config, secret_variable, **tf_vars):
    workdir = synth_locally(local_aws, root, "auth", config)
    tf_vars = {"endpoint": ENDPOINT, secret_variable: SECRET, **tf_vars}
    return deployed(terraform, workdir, local_aws, tf_vars)


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
