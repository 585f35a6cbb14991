"""Each auth type deploys: BASIC and OAuth connections applied against the local AWS API."""

from __future__ import annotations

import pytest

from local_aws import REGION, deployed, point_provider_at

pytestmark = pytest.mark.slow

ENDPOINT = "https://api.example.com/orders"
SECRET = "canary-secret-31d8e5"  # a stand-in; must never be printed


def apply(terraform, local_aws, root, config, secret_variable):
    import cdktf

    from stacks.stack import ApiDestinationStack

    app = cdktf.App(outdir=str(root / "cdktf.out"))
    point_provider_at(ApiDestinationStack(app, "auth", config), local_aws)
    app.synth()
    workdir = root / "cdktf.out" / "stacks" / "auth"
    return deployed(terraform, workdir, local_aws, {"endpoint": ENDPOINT, secret_variable: SECRET})


def test_a_basic_auth_connection_deploys_with_its_user_name(terraform, local_aws, tmp_path):
    from stacks.config import PatternConfig

    config = PatternConfig(
        name_prefix="basic", region=REGION, authorization_type="BASIC", basic_username="svc"
    )
    with apply(terraform, local_aws, tmp_path, config, "connection_basic_password") as d:
        connection = d.client("events").describe_connection(Name="basic-connection")
        assert SECRET not in d.apply_output
    assert connection["AuthorizationType"] == "BASIC"
    assert connection["AuthParameters"]["BasicAuthParameters"] == {"Username": "svc"}


def test_an_oauth_connection_deploys_with_endpoint_method_client_and_parameters(
    terraform, local_aws, tmp_path
):
    from stacks.config import PatternConfig

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
