"""The published module from HCL: one synthesized module serves every shape through its inputs.

Every caller here uses modules/idempotent-api-destination as it is checked in
(test_snapshot.py proves it is the current synth), without re-synthesizing.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import policies
from conftest import ROOT, Terraform, plan_runs, write_stack
from local_aws import ACCOUNT, REGION, Deployment, deployed, local_provider
from stacks.config import PatternConfig

pytestmark = pytest.mark.slow

MODULE = ROOT / "modules" / "idempotent-api-destination"
SECRET = "canary-plain-literal-9e41c2"  # passed without sensitive(); must never be printed

# One caller per shape the issue names; each is a module block's arguments in HCL.
CALLERS = {
    "api_key": """
  name_prefix              = "apikey"
  endpoint                 = "https://api.example.com/orders"
  api_key_name             = "x-api-key"
  connection_api_key_value = var.secret
""",
    "basic": """
  name_prefix               = "basic"
  endpoint                  = "https://api.example.com/orders"
  authorization_type        = "BASIC"
  basic_username            = "svc"
  connection_basic_password = var.secret
  invocation_parameters = [
    { location = "header", key = "X-Tenant", value = "acme" },
    { location = "header", key = "X-Signing-Key", secret = true },
  ]
  connection_invocation_secrets = { "X-Signing-Key" = var.secret }
""",
    "oauth": """
  name_prefix                    = "oauth"
  endpoint                       = "https://api.example.com/orders"
  authorization_type             = "OAUTH_CLIENT_CREDENTIALS"
  oauth_authorization_endpoint   = "https://auth.example.com/token"
  oauth_client_id                = "client"
  oauth_http_method              = "GET"
  oauth_body_parameters          = { scope = "events.write" }
  connection_oauth_client_secret = var.secret
""",
    "none": """
  name_prefix        = "noauth"
  endpoint           = "https://api.example.com/orders"
  authorization_type = "NONE"
""",
    "default_bus": """
  name_prefix        = "ondefault"
  create_bus         = false
  event_bus_name     = "default"
  endpoint           = "https://api.example.com/orders"
  authorization_type = "NONE"
  event_pattern      = jsonencode({ source = ["orders.app"] })
""",
    "fan_out": """
  name_prefix              = "fanout"
  endpoint                 = "https://api.example.com/orders"
  api_key_name             = "x-api-key"
  connection_api_key_value = var.secret
  role_path                = "/service-role/"
  role_permissions_boundary = "arn:aws:iam::aws:policy/PowerUserAccess"
  destinations = {
    billing = { endpoint = "https://billing.example.com/hooks" }
    audit = {
      endpoint           = "https://audit.example.com/in"
      event_pattern      = jsonencode({ source = ["orders.app"] })
      rule_state         = "DISABLED"
      authorization_type = "BASIC"
      basic_username     = "auditor"
    }
  }
  destination_connection_secrets = { audit = var.secret }
""",
    "existing_topic": """
  name_prefix        = "topic"
  endpoint           = "https://api.example.com/orders"
  authorization_type = "NONE"
  create_alarm_topic = false
  alarm_topic_arn    = "arn:aws:sns:us-east-1:123456789012:ops"
""",
    "alarms_off": """
  name_prefix        = "quiet"
  endpoint           = "https://api.example.com/orders"
  authorization_type = "NONE"
  create_alarms      = false
""",
    "alias_key": """
  name_prefix        = "aliased"
  endpoint           = "https://api.example.com/orders"
  authorization_type = "NONE"
  kms_key_arn        = "alias/orders"
""",
}
FOR_EACH = """
module "hooks" {
  source   = "./module"
  for_each = toset(["a", "b", "c"])

  name_prefix        = "hook-${each.key}"
  endpoint           = "https://api.example.com/${each.key}"
  authorization_type = "NONE"
}
"""
SECRET_VARIABLE = """
variable "secret" {
  type      = string
  sensitive = true
  default   = "not-a-real-secret"
}
"""


def root(folder: Path, modules: dict[str, str], extra: str = "", provider: str = "") -> Path:
    """A root module calling the published module once per entry of `modules`."""
    shutil.copytree(MODULE, folder / "module")
    blocks = "".join(
        f'\nmodule "{name}" {{\n  source = "./module"\n{body}}}\n' for name, body in modules.items()
    )
    (folder / "main.tf").write_text(provider + SECRET_VARIABLE + blocks + extra)
    return folder


def test_one_module_validates_for_every_shape(terraform: Terraform, tmp_path):
    workdir = root(tmp_path, CALLERS, FOR_EACH)
    terraform.run(workdir, "init", "-backend=false")
    report = json.loads(terraform.run(workdir, "validate", "-json", check=False).stdout)
    assert (report["valid"], report["diagnostics"]) == (True, [])


def test_the_module_requires_a_prefix_and_terraform_1_9(terraform: Terraform, tmp_path):
    workdir = root(tmp_path, {"bare": '  endpoint = "https://api.example.com"\n'})
    terraform.run(workdir, "init", "-backend=false")
    result = terraform.run(workdir, "validate", check=False)
    assert 'The argument "name_prefix" is required' in result.stderr
    assert 'required_version = ">= 1.9.0"' in (MODULE / "versions.tf").read_text()


REFUSED_BY_VALIDATION = {
    "case": (
        '  name_prefix = "x"\n  endpoint = "https://a.example.com"\n'
        '  destinations = { Billing = { endpoint = "https://b.example.com" },'
        ' billing = { endpoint = "https://c.example.com" } }\n',
        "Invalid destinations: names must differ in more than case",
    ),
    "pattern": (
        '  name_prefix = "x"\n  endpoint = "https://a.example.com"\n'
        '  event_pattern = { source = [["a"]] }\n',
        "Invalid event_pattern: must be a table (or its JSON text)",
    ),
    "header": (
        '  name_prefix = "x"\n  endpoint = "https://a.example.com"\n'
        '  header_parameters = { X-A = "a\\r\\nb" }\n',
        "Invalid header_parameters",
    ),
    "tags": (
        '  name_prefix = "x"\n  endpoint = "https://a.example.com"\n'
        '  tags = { for i in range(50) : "k${i}" => "v" }\n',
        "Invalid tags: must be a table of at most 49 tags",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED_BY_VALIDATION))
def test_the_module_refuses_bad_inputs_with_the_configs_message(terraform, tmp_path, case):
    body, message = REFUSED_BY_VALIDATION[case]
    workdir = root(tmp_path, {case: body})
    terraform.run(workdir, "init", "-backend=false")
    result = terraform.run(workdir, "validate", check=False)
    assert result.returncode != 0
    assert message in " ".join(result.stderr.split())


# Checks that span several inputs run at plan time, as preconditions; a plan
# reports every one that fails, without showing any secret.
REFUSED_AT_PLAN = {
    "other_type": (
        '  name_prefix = "p1"\n  endpoint = "https://a.example.com"\n'
        '  api_key_name = "x-api-key"\n  connection_api_key_value = "k"\n'
        '  basic_username = "svc"\n',
        "Invalid connection main: basic_username is only used with authorization_type = BASIC",
    ),
    "no_header_name": (
        '  name_prefix = "p2"\n  endpoint = "https://a.example.com"\n'
        '  connection_api_key_value = "k"\n',
        "Invalid connection main: api_key_name is required with authorization_type = API_KEY.",
    ),
    "plain_secret_too_long": (
        '  name_prefix = "p3"\n  endpoint = "https://a.example.com"\n'
        f'  api_key_name = "x-api-key"\n  connection_api_key_value = "{SECRET * 20}"\n',
        "Invalid connection main: its secret is required, 1-512 characters",
    ),
    "existing_bus_unnamed": (
        '  name_prefix = "p4"\n  endpoint = "https://a.example.com"\n'
        '  authorization_type = "NONE"\n  create_bus = false\n',
        "Invalid event_bus_name: required when create_bus = false",
    ),
    "emails_without_topic": (
        '  name_prefix = "p5"\n  endpoint = "https://a.example.com"\n'
        '  authorization_type = "NONE"\n  alarm_emails = ["ops@example.com"]\n'
        '  alarm_topic_arn = "arn:aws:sns:us-east-1:123456789012:ops"\n',
        "Invalid alarm_emails: they subscribe only to a topic this pattern creates",
    ),
    "header_is_the_key": (
        '  name_prefix = "p6"\n  endpoint = "https://a.example.com"\n'
        '  authorization_type = "NONE"\n  header_parameters = { idempotency-key = "x" }\n',
        "Invalid header_parameters of main: a further header may not be the idempotency header",
    ),
}


def test_the_module_refuses_wrong_combinations_at_plan_time_without_a_secret(terraform, tmp_path):
    """Offline: one `terraform test` run per case against a mocked AWS provider, none
    expecting its failure, so the output holds every message."""
    result = plan_runs(terraform, tmp_path, {n: body for n, (body, _) in REFUSED_AT_PLAN.items()})
    output = " ".join((result.stdout + result.stderr).split())
    assert result.returncode != 0
    assert f"0 passed, {len(REFUSED_AT_PLAN)} failed" in output, output[-2000:]
    for name, (_, message) in REFUSED_AT_PLAN.items():
        assert message in output, name
    assert SECRET not in result.stdout + result.stderr


# --- Applied against the local AWS API: four shapes side by side, from variables only.

APPLIED = ("basic", "default_bus", "fan_out")
APPLIED_SECRET = "canary-applied-2c7d90"  # must never be printed


@pytest.fixture(scope="module")
def shapes(terraform: Terraform, local_aws: str, tmp_path_factory) -> Iterator[Deployment]:
    workdir = root(
        tmp_path_factory.mktemp("shapes"),
        {name: CALLERS[name] for name in APPLIED},
        FOR_EACH,
        provider=local_provider(local_aws),
    )
    with deployed(terraform, workdir, local_aws, {"secret": APPLIED_SECRET}) as deployment:
        yield deployment


def test_every_shape_applies_without_printing_a_secret(shapes):
    assert "Apply complete!" in shapes.apply_output
    assert APPLIED_SECRET not in shapes.apply_output


def test_basic_auth_comes_from_variables_only(shapes):
    connection = shapes.client("events").describe_connection(Name="basic-connection")
    assert connection["AuthorizationType"] == "BASIC"
    assert connection["AuthParameters"]["BasicAuthParameters"] == {"Username": "svc"}
    headers = connection["AuthParameters"]["InvocationHttpParameters"]["HeaderParameters"]
    assert {h["Key"]: h.get("IsValueSecret", False) for h in headers} == {
        "X-Tenant": False,
        "X-Signing-Key": True,
    }


def test_an_existing_bus_gets_the_rules_and_is_neither_created_nor_destroyed(shapes):
    events = shapes.client("events")
    rule = events.describe_rule(Name="ondefault-rule", EventBusName="default")
    assert rule["Arn"] == f"arn:aws:events:{REGION}:{ACCOUNT}:rule/ondefault-rule"
    assert json.loads(rule["EventPattern"]) == {"source": ["orders.app"]}
    (target,) = events.list_targets_by_rule(Rule="ondefault-rule", EventBusName="default")[
        "Targets"
    ]
    assert target["Id"] == "api-destination"
    buses = {b["Name"] for b in events.list_event_buses()["EventBuses"]}
    assert "ondefault-bus" not in buses
    sqs = shapes.client("sqs")
    url = sqs.get_queue_url(QueueName="ondefault-dlq")["QueueUrl"]
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"])["Attributes"]
    (statement,) = json.loads(attributes["Policy"])["Statement"]
    assert statement["Condition"] == {"ArnEquals": {"aws:SourceArn": [rule["Arn"]]}}


def test_three_instances_side_by_side_collide_on_nothing(shapes):
    events = shapes.client("events")
    buses = {b["Name"] for b in events.list_event_buses()["EventBuses"]}
    assert {"hook-a-bus", "hook-b-bus", "hook-c-bus"} <= buses
    topics = {t["TopicArn"].rsplit(":", 1)[1] for t in shapes.client("sns").list_topics()["Topics"]}
    assert {"hook-a-alarms", "hook-b-alarms", "hook-c-alarms"} <= topics
    alarms = shapes.client("cloudwatch").describe_alarms(AlarmNamePrefix="hook-")["MetricAlarms"]
    assert len({a["AlarmName"] for a in alarms}) == 9


def test_fan_out_puts_one_destination_on_the_main_rule_and_one_on_its_own(shapes):
    events = shapes.client("events")
    main = events.list_targets_by_rule(Rule="fanout-rule", EventBusName="fanout-bus")
    audit = events.list_targets_by_rule(Rule="fanout-audit-rule", EventBusName="fanout-bus")
    assert sorted(t["Id"] for t in main["Targets"]) == [
        "api-destination",
        "api-destination-billing",
    ]
    assert [t["Id"] for t in audit["Targets"]] == ["api-destination-audit"]
    connection = events.describe_connection(Name="fanout-audit-connection")
    assert connection["AuthorizationType"] == "BASIC"


def test_the_invoke_roles_take_the_path_and_boundary_and_each_rule_its_state(shapes):
    iam, events = shapes.client("iam"), shapes.client("events")
    for name in ("fanout", "fanout-billing", "fanout-audit"):
        role = iam.get_role(RoleName=f"{name}-invoke-api-destination")["Role"]
        assert role["Path"] == "/service-role/"
        assert role["PermissionsBoundary"]["PermissionsBoundaryArn"] == (
            "arn:aws:iam::aws:policy/PowerUserAccess"
        )
    bus = "fanout-bus"
    assert events.describe_rule(Name="fanout-rule", EventBusName=bus)["State"] == "ENABLED"
    assert events.describe_rule(Name="fanout-audit-rule", EventBusName=bus)["State"] == "DISABLED"
    # Elsewhere the roles keep IAM's default path.
    assert iam.get_role(RoleName="basic-invoke-api-destination")["Role"]["Path"] == "/"


def test_every_policy_of_every_shape_holds_to_the_rules(shapes):
    default_bus = f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/default"
    assert policies.check(shapes.state(), ACCOUNT, existing_buses=(default_bus,)) > 20


def test_a_second_plan_of_every_shape_shows_no_changes(shapes):
    result = shapes.run("plan", "-detailed-exitcode", check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr


def test_destroying_the_shapes_leaves_the_existing_bus_alone(shapes):
    shapes.run("destroy", "-auto-approve")
    events = shapes.client("events")
    assert [b["Name"] for b in events.list_event_buses()["EventBuses"]] == ["default"]
    assert events.list_rules(EventBusName="default")["Rules"] == []
    assert events.list_api_destinations()["ApiDestinations"] == []


# --- The HCL module plans what the JSON synth of the same constructs plans.

# The shapes CALLERS leaves out, for the comparison below.
MORE_SHAPES = {
    "existing_bus": """
  name_prefix        = "named"
  create_bus         = false
  event_bus_name     = "orders-bus"
  endpoint           = "https://api.example.com/orders"
  authorization_type = "NONE"
""",
    "key_created": """
  name_prefix        = "keyed"
  endpoint           = "https://api.example.com/orders"
  authorization_type = "NONE"
  create_kms_key     = true
""",
    "archive": """
  name_prefix            = "archived"
  endpoint               = "https://api.example.com/orders"
  authorization_type     = "NONE"
  create_archive         = true
  archive_retention_days = 30
  archive_event_pattern  = { source = ["orders.app"] }
""",
    "shared_connection": """
  name_prefix              = "shared"
  endpoint                 = "https://api.example.com/orders"
  api_key_name             = "x-api-key"
  connection_api_key_value = var.secret
  input_paths              = { id = "$.detail.id" }
  input_template           = "{\\"id\\": <id>, \\"literal\\": \\"$${not.a.reference}\\"}"
  destinations = {
    crm   = { endpoint = "https://crm.example.com/in", authorization_type = "NONE" }
    audit = { endpoint = "https://audit.example.com/in", connection_name = "crm" }
    erp   = { endpoint = "https://erp.example.com/in", connection_name = "main" }
  }
""",
}


def test_the_hcl_module_plans_what_the_json_synth_of_its_constructs_plans(
    terraform, local_aws, tmp_path
):
    """Every shape twice, once from the published HCL and once from the module's JSON
    synth: the same resources, attributes and outputs in `terraform show -json`."""
    write_stack(tmp_path / "json", PatternConfig(), module=True)
    shapes = {**CALLERS, **MORE_SHAPES}
    callers = "".join(
        f'\nmodule "{name}_{flavour}" {{\n  source = "./{flavour}"\n{body}}}\n'
        f'\noutput "{name}_{flavour}" {{\n  value     = module.{name}_{flavour}\n'
        "  sensitive = true\n}\n"
        for name, body in shapes.items()
        for flavour in ("hcl", "json")
    )
    shutil.copytree(MODULE, tmp_path / "hcl", ignore=shutil.ignore_patterns("tests", "*.md"))
    (tmp_path / "main.tf").write_text(local_provider(local_aws) + SECRET_VARIABLE + callers)
    terraform.run(tmp_path, "init")
    terraform.run(tmp_path, "plan", "-out=both.plan", timeout=600)
    plan = json.loads(terraform.run(tmp_path, "show", "-json", "both.plan").stdout)

    def planned(flavour: str) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for change in plan["resource_changes"]:
            module, _, address = change["address"].partition(".")[2].partition(".")
            if module.endswith(f"_{flavour}"):
                found[f"{module.removesuffix(f'_{flavour}')}.{address}"] = change["change"]
        for name, output in plan["output_changes"].items():
            if name.endswith(f"_{flavour}"):
                found[name.removesuffix(f"_{flavour}")] = output
        return found

    hcl, synthesized = planned("hcl"), planned("json")
    assert len(synthesized) > 200 and set(hcl) == set(synthesized)
    assert {a for a in hcl if hcl[a] != synthesized[a]} == set()
    assert {s.split(".", 1)[0] for s in hcl} == set(shapes)
