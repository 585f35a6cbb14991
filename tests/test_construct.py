"""The pattern's resources, their addresses, and which resource each one is wired to.

These read the synthesized JSON of the default stack: every input is a
variable, so what is checked here is the wiring; what Terraform makes of the
variables is checked with Terraform itself (test_module.py, test_deploy*.py).
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

import cdktf
import pytest
from cdktf_cdktf_provider_aws.provider import AwsProvider

import main
from conftest import EVERY_OPTION_6, ROOT, resource, synth_app, synth_json
from stacks.config import ConfigError, PatternConfig
from stacks.construct import IdempotentApiDestination
from stacks.publish import without_metadata

BUS = "aws_cloudwatch_event_bus.this"
CONNECTION = "aws_cloudwatch_event_connection.this"
DESTINATION = "aws_cloudwatch_event_api_destination.this"
RULE = "aws_cloudwatch_event_rule.this"
TARGET = "aws_cloudwatch_event_target.this"
QUEUE = "aws_sqs_queue.dlq"
QUEUE_POLICY = "aws_sqs_queue_policy.dlq"
ROLE = "aws_iam_role.invoke"
ROLE_POLICY = "aws_iam_role_policy.invoke"
TOPIC = "aws_sns_topic.alarms"
ARCHIVE = "aws_cloudwatch_event_archive.this"
KEY = "aws_kms_key.this"


def addresses(tf: dict[str, Any]) -> set[str]:
    return {f"{kind}.{name}" for kind, items in tf["resource"].items() for name in items}


def test_every_resource_has_an_address_a_person_would_choose(default_tf):
    assert addresses(default_tf) == {
        BUS,
        CONNECTION,
        DESTINATION,
        RULE,
        TARGET,
        QUEUE,
        QUEUE_POLICY,
        ROLE,
        ROLE_POLICY,
        TOPIC,
        "aws_sns_topic_subscription.alarm_email",
        "aws_cloudwatch_metric_alarm.dlq_not_empty",
        "aws_cloudwatch_metric_alarm.failed_invocations",
        "aws_cloudwatch_metric_alarm.dlq_delivery_failures",
        ARCHIVE,
        KEY,
        "aws_kms_alias.this",
    }
    assert set(default_tf["data"]) == {"aws_caller_identity", "aws_partition", "aws_region"}
    assert all(list(items) == ["current"] for items in default_tf["data"].values())


def test_every_synthesized_stack_keeps_the_clis_metadata_and_the_module_has_no_backend(
    tmp_path,
):
    """The cdktf CLI reads the "//" metadata of every stack in the output (`cdktf synth`
    fails on one without); the published module leaves it out (test_snapshot.py)."""
    assert main.main({"CDKTF_OUTDIR": str(tmp_path)}) == 0
    for name in (main.STACK_NAME, main.MODULE_NAME):
        stack = json.loads((tmp_path / "stacks" / name / "cdk.tf.json").read_text())
        assert stack["//"]["metadata"]["stackName"] == name
        assert ("backend" in stack["terraform"]) == (name == main.STACK_NAME)


def test_the_number_of_destinations_does_not_change_what_is_synthesized(default_tf):
    config = dataclasses.replace(
        EVERY_OPTION_6, provider_major_version=5, bus_log_level="OFF", bus_log_include_detail="NONE"
    )
    _, tf = synth_json(config)
    assert addresses(tf) == addresses(default_tf)
    assert tf["resource"] == default_tf["resource"]
    assert tf["locals"] == default_tf["locals"]


def test_optional_resources_are_counted_on_their_switches(default_tf):
    counts = {
        BUS: "${var.create_bus ? 1 : 0}",
        KEY: "${var.create_kms_key ? 1 : 0}",
        ARCHIVE: "${var.create_archive ? 1 : 0}",
        TOPIC: "${local.create_alarm_topic ? 1 : 0}",
        "aws_cloudwatch_metric_alarm.dlq_not_empty": "${var.create_alarms ? 1 : 0}",
    }
    assert {address: resource(default_tf, address)["count"] for address in counts} == counts
    assert default_tf["locals"]["create_alarm_topic"] == (
        "${var.create_alarms && var.create_alarm_topic && var.alarm_topic_arn == null}"
    )


@pytest.mark.parametrize(
    ("address", "for_each"),
    [
        (DESTINATION, "local.destination_names"),
        (ROLE, "local.destination_names"),
        (ROLE_POLICY, "local.destination_names"),
        (TARGET, "local.destination_names"),
        (CONNECTION, "local.connection_names"),
        (RULE, "local.rules"),
        ("aws_cloudwatch_metric_alarm.failed_invocations", "var.create_alarms ? local.rules : {}"),
    ],
)
def test_repeated_resources_are_for_each_over_a_map(default_tf, address, for_each):
    assert resource(default_tf, address)["for_each"] == "${" + for_each + "}"


def test_destinations_and_connections_repeat_over_their_names_alone(default_tf):
    # Terraform evaluates for_each again for each instance: over names, not settings.
    assert default_tf["locals"]["destination_names"] == "${toset(keys(local.destinations))}"
    assert default_tf["locals"]["connection_names"] == "${toset(keys(local.connections))}"


def test_the_top_level_destination_is_main_and_further_ones_keep_their_names(default_tf):
    destinations = default_tf["locals"]["destinations"]
    assert destinations.startswith("${merge({main = {endpoint = var.endpoint, ")
    assert (
        'connection = "main", rule = "main"}}, {for k, d in local.destinations_given : k => '
        in destinations
    )
    assert (
        "connection = d.connection_name != null ? d.connection_name : "
        '(d.authorization_type == null ? "main" : k)' in destinations
    )
    assert 'rule = d.event_pattern == null ? "main" : k' in destinations
    assert default_tf["locals"]["connections"].endswith("if d.authorization_type != null})}")


def test_names_aws_sees_derive_from_the_prefix_and_the_destination(default_tf):
    assert default_tf["locals"]["stems"] == (
        '${{for k in keys(local.destinations) : k => k == "main" ? var.name_prefix : '
        '"${var.name_prefix}-${k}"}}'
    )
    names = {
        DESTINATION: "${local.stems[each.key]}-api-destination",
        CONNECTION: "${local.stems[each.key]}-connection",
        RULE: "${local.stems[each.key]}-rule",
        ROLE: "${local.stems[each.key]}-invoke-api-destination",
        QUEUE: "${var.name_prefix}-dlq",
        TOPIC: "${var.name_prefix}-alarms",
        ARCHIVE: "${var.name_prefix}-archive",
        BUS: "${local.bus_name}",
    }
    assert {address: resource(default_tf, address)["name"] for address in names} == names
    assert default_tf["locals"]["bus_name"] == (
        '${var.create_bus ? coalesce(var.event_bus_name, "${var.name_prefix}-bus") '
        ": var.event_bus_name}"
    )


def test_rules_and_targets_follow_the_chosen_bus_created_or_existing(default_tf):
    assert default_tf["locals"]["bus"] == (
        "${var.create_bus ? aws_cloudwatch_event_bus.this[0].name : local.bus_name}"
    )
    assert resource(default_tf, RULE)["event_bus_name"] == "${local.bus}"
    assert resource(default_tf, TARGET)["event_bus_name"] == "${local.bus}"
    assert "event-bus/${local.bus_name}" in default_tf["locals"]["bus_arn"]
    assert resource(default_tf, ARCHIVE)["event_source_arn"] == "${local.bus_arn}"


def test_the_main_rule_matches_the_deploying_account_when_its_pattern_is_empty(default_tf):
    rules = default_tf["locals"]["rules"]
    pattern = "try(jsondecode(var.event_pattern), var.event_pattern)"
    assert rules.startswith(
        f'${{merge({{main = jsonencode({pattern}) == "{{}}" ? jsonencode('
        '{"account" = [data.aws_caller_identity.current.account_id]}) : '
        f"jsonencode({pattern})}}"
    )
    assert resource(default_tf, RULE)["event_pattern"] == "${each.value}"


def test_each_target_sends_to_its_destination_with_its_role_rule_and_the_queue(default_tf):
    target = resource(default_tf, TARGET)
    assert target["arn"] == "${local.api_destination_arns[each.key]}"
    assert target["role_arn"] == "${local.roles_created[each.key].arn}"
    assert target["rule"] == "${local.rules_created[local.destinations[each.key].rule].name}"
    assert target["dead_letter_config"] == {"arn": "${local.dlq_arn}"}
    assert target["retry_policy"] == {
        "maximum_retry_attempts": "${local.destinations[each.key].maximum_retry_attempts}",
        "maximum_event_age_in_seconds": (
            "${local.destinations[each.key].maximum_event_age_in_seconds}"
        ),
    }
    assert target["target_id"] == (
        '${each.key == "main" ? "api-destination" : "api-destination-${each.key}"}'
    )


def test_the_target_fills_the_idempotency_header_from_the_event_beside_further_headers(
    default_tf,
):
    assert resource(default_tf, TARGET)["http_target"] == {
        "header_parameters": "${merge(local.destinations[each.key].header_parameters, "
        "{(local.destinations[each.key].idempotency_header_name) = "
        "local.destinations[each.key].idempotency_key_path})}",
        "path_parameter_values": "${length(local.destinations[each.key].path_parameter_values) "
        "> 0 ? local.destinations[each.key].path_parameter_values : null}",
        "query_string_parameters": "${length(local.destinations[each.key]"
        ".query_string_parameters) > 0 ? local.destinations[each.key].query_string_parameters "
        ": null}",
    }


def test_an_input_transformer_is_a_dynamic_block_on_its_template(default_tf):
    assert resource(default_tf, TARGET)["dynamic"]["input_transformer"] == {
        "for_each": "${local.destinations[each.key].input_template == null ? [] : [1]}",
        "content": {
            "input_paths": "${local.destinations[each.key].input_paths}",
            "input_template": "${local.destinations[each.key].input_template}",
        },
    }


def test_instances_read_other_resources_through_maps_built_once(default_tf):
    # An instance naming `resource.this[key]` makes Terraform read every instance of it:
    # N destinations would cost N x N reads at plan time.
    built_once = {
        "rules_created": "${{for k, r in aws_cloudwatch_event_rule.this : "
        "k => {name = r.name, arn = r.arn}}}",
        "connection_arns": "${{for k, c in aws_cloudwatch_event_connection.this : k => c.arn}}",
        "api_destination_arns": "${{for k, a in aws_cloudwatch_event_api_destination.this : "
        "k => a.arn}}",
        "roles_created": "${{for k, r in aws_iam_role.invoke : k => {id = r.id, arn = r.arn}}}",
    }
    assert default_tf["locals"].items() >= built_once.items()
    instances = json.dumps(default_tf["resource"])
    for kind in (RULE, DESTINATION, ROLE, "aws_cloudwatch_event_connection.this"):
        assert f"{kind}[" not in instances, kind


def test_each_api_destination_uses_its_connection(default_tf):
    destination = resource(default_tf, DESTINATION)
    assert (
        destination["connection_arn"]
        == "${local.connection_arns[local.destinations[each.key].connection]}"
    )
    assert destination["invocation_endpoint"] == "${local.destinations[each.key].endpoint}"
    assert destination["invocation_rate_limit_per_second"] == (
        "${local.destinations[each.key].invocation_rate_limit_per_second}"
    )


def test_a_connections_auth_blocks_are_dynamic_on_its_type(default_tf):
    auth = resource(default_tf, CONNECTION)["auth_parameters"]["dynamic"]
    assert auth["api_key"]["for_each"] == (
        '${contains(["API_KEY", "NONE"], local.connections[each.key].authorization_type) '
        "? [1] : []}"
    )
    assert (
        auth["basic"]["for_each"]
        == '${local.connections[each.key].authorization_type == "BASIC" ? [1] : []}'
    )
    assert auth["oauth"]["for_each"] == (
        '${local.connections[each.key].authorization_type == "OAUTH_CLIENT_CREDENTIALS" ? [1] : []}'
    )
    secret = "${lookup(local.connection_secrets, each.key, null)}"
    assert auth["basic"]["content"]["password"] == secret
    assert auth["oauth"]["content"]["client_parameters"]["client_secret"] == secret
    assert auth["api_key"]["content"]["value"] == (
        '${local.connections[each.key].authorization_type == "NONE" ? "notused" : '
        "lookup(local.connection_secrets, each.key, null)}"
    )


def test_the_main_secret_comes_from_the_sensitive_variable_of_its_type(default_tf):
    assert default_tf["locals"]["connection_secrets"] == (
        "${merge(var.destination_connection_secrets, {main = lookup({"
        "API_KEY = var.connection_api_key_value, BASIC = var.connection_basic_password, "
        'OAUTH_CLIENT_CREDENTIALS = var.connection_oauth_client_secret, NONE = "notused"}, '
        "var.authorization_type, null)})}"
    )


def test_secret_invocation_parameters_take_their_value_from_the_sensitive_map(default_tf):
    header = resource(default_tf, CONNECTION)["auth_parameters"]["dynamic"][
        "invocation_http_parameters"
    ]["content"]["dynamic"]["header"]
    assert header["for_each"] == (
        "${[for p in local.connections[each.key].invocation_parameters : p "
        'if p.location == "header"]}'
    )
    assert header["content"] == {
        "key": "${header.value.key}",
        "value": "${header.value.secret ? lookup(var.connection_invocation_secrets, "
        'each.key == "main" ? header.value.key : "${each.key}/${header.value.key}", null) '
        ": header.value.value}",
        "is_value_secret": "${header.value.secret}",
    }


def test_the_connection_checks_its_settings_and_secret_before_planning(default_tf):
    messages = [
        p["error_message"] for p in resource(default_tf, CONNECTION)["lifecycle"]["precondition"]
    ]
    assert (
        "Invalid connection ${each.key}: api_key_name is required with authorization_type "
        "= API_KEY." in messages
    )
    assert (
        "Invalid connection ${each.key}: basic_username is only used with authorization_type "
        "= BASIC; remove it or change authorization_type." in messages
    )
    assert any(
        m.startswith("Invalid connection ${each.key}: its secret is required") for m in messages
    )


def test_the_bus_the_targets_and_the_alarm_use_the_created_or_the_given_queue(default_tf):
    assert default_tf["locals"]["dlq_arn"] == (
        "${var.dlq_arn == null ? aws_sqs_queue.dlq[0].arn : var.dlq_arn}"
    )
    assert resource(default_tf, BUS)["dead_letter_config"] == {"arn": "${local.dlq_arn}"}
    alarm = resource(default_tf, "aws_cloudwatch_metric_alarm.dlq_not_empty")
    assert alarm["dimensions"] == {"QueueName": "${local.dlq_name}"}
    # A given queue's name and URL follow from its ARN: arn:<p>:sqs:<region>:<account>:<name>.
    assert default_tf["locals"]["dlq_name"].endswith(
        'split(":", coalesce(var.dlq_arn, "::::::"))[5]}'
    )


def test_the_queue_policy_admits_eventbridge_only_for_these_rules_and_a_created_bus(default_tf):
    policy = resource(default_tf, QUEUE_POLICY)
    assert (
        policy["count"] == resource(default_tf, QUEUE)["count"] == "${var.dlq_arn == null ? 1 : 0}"
    )
    assert policy["queue_url"] == "${aws_sqs_queue.dlq[0].url}"
    assert '"Principal" = {"Service" = "events.amazonaws.com"}' in policy["policy"]
    assert (
        '"aws:SourceArn" = concat([for r in aws_cloudwatch_event_rule.this : r.arn], '
        "var.create_bus ? [aws_cloudwatch_event_bus.this[0].arn] : [])" in policy["policy"]
    )


def test_each_role_trusts_eventbridge_for_its_own_rule_and_invokes_only_its_destination(
    default_tf,
):
    role, role_policy = resource(default_tf, ROLE), resource(default_tf, ROLE_POLICY)
    assert (
        '"aws:SourceArn" = local.rules_created[local.destinations[each.key].rule].arn'
        in (role["assume_role_policy"])
    )
    assert (
        '"aws:SourceAccount" = data.aws_caller_identity.current.account_id'
        in (role["assume_role_policy"])
    )
    assert role_policy["role"] == "${local.roles_created[each.key].id}"
    assert '"Resource" = local.api_destination_arns[each.key]' in role_policy["policy"]


def test_the_queue_uses_sse_sqs_unless_a_key_is_chosen(default_tf):
    queue = resource(default_tf, QUEUE)
    assert queue["kms_master_key_id"] == "${local.key_arn}"
    assert queue["sqs_managed_sse_enabled"] == "${local.key_arn == null ? true : null}"
    assert default_tf["locals"]["key_arn"] == (
        "${var.create_kms_key ? aws_kms_key.this[0].arn : var.kms_key_arn}"
    )
    for address in (BUS, CONNECTION):
        assert resource(default_tf, address)["kms_key_identifier"] == "${local.key_arn}"


def test_a_created_key_rotates_and_carries_the_connection_tag(default_tf):
    key = resource(default_tf, KEY)
    assert key["enable_key_rotation"] is True
    assert key["tags"] == '${merge(var.tags, {"EventBridgeApiDestinations" = "true"})}'
    assert '"Sid" = "EventBridgeEncryptsTheBus"' in key["policy"]
    assert '(var.create_bus) ? [{"Sid" = "EventBridgeEncryptsTheBus"' in key["policy"]


def test_the_alarms_notify_the_created_topic_a_given_one_and_the_actions(default_tf):
    assert default_tf["locals"]["alarm_actions"] == (
        "${concat(var.alarm_actions, local.create_alarm_topic ? [aws_sns_topic.alarms[0].arn] "
        ": [], var.alarm_topic_arn == null ? [] : [var.alarm_topic_arn])}"
    )
    alarm = resource(default_tf, "aws_cloudwatch_metric_alarm.failed_invocations")
    assert alarm["alarm_actions"] == alarm["ok_actions"] == "${local.alarm_actions}"
    # A rule on the default bus reports with RuleName alone (user guide, monitoring).
    assert alarm["dimensions"] == (
        '${local.bus == "default" ? {RuleName = local.rules_created[each.key].name} : '
        "{EventBusName = local.bus, RuleName = local.rules_created[each.key].name}}"
    )
    assert resource(default_tf, "aws_sns_topic_subscription.alarm_email")["count"] == (
        "${local.create_alarm_topic ? length(var.alarm_emails) : 0}"
    )


def test_every_taggable_resource_carries_the_tags(default_tf):
    tagged = {a for a in addresses(default_tf) if "tags" in resource(default_tf, a)}
    assert tagged == {
        BUS,
        RULE,
        QUEUE,
        ROLE,
        TOPIC,
        KEY,
        "aws_cloudwatch_metric_alarm.dlq_not_empty",
        "aws_cloudwatch_metric_alarm.failed_invocations",
        "aws_cloudwatch_metric_alarm.dlq_delivery_failures",
    }


def test_provider_6_adds_bus_logging_on_a_switch_and_the_archives_key():
    _, tf = synth_json(EVERY_OPTION_6)
    assert tf["locals"]["logging"] == '${var.create_bus && var.bus_log_level != "OFF"}'
    assert resource(tf, BUS)["dynamic"]["log_config"]["for_each"] == ("${local.logging ? [1] : []}")
    assert resource(tf, ARCHIVE)["kms_key_identifier"] == "${local.key_arn}"
    deliveries = tf["resource"]["aws_cloudwatch_log_delivery"]
    assert deliveries["bus_info"]["depends_on"] == ["aws_cloudwatch_log_delivery.bus_error"]
    assert deliveries["bus_trace"]["depends_on"] == ["aws_cloudwatch_log_delivery.bus_info"]
    assert resource(tf, "aws_cloudwatch_log_group.bus")["kms_key_id"] == "${local.key_arn}"
    assert "data.aws_region.current.region" in tf["locals"]["bus_arn"]


def test_provider_5_leaves_out_what_only_provider_6_has(default_tf):
    assert "logging" not in default_tf["locals"]
    assert "kms_key_identifier" not in resource(default_tf, ARCHIVE)
    assert "data.aws_region.current.name" in default_tf["locals"]["bus_arn"]


EXAMPLE = ROOT / "examples" / "cdktf-app" / "main.py"


@pytest.fixture(scope="module")
def example_tf() -> dict[str, Any]:
    """The example cdktf app's stack (two instances of the construct, plain values)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("cdktf_app_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    stack = example.Events(synth_app(), "events")
    return json.loads(cdktf.Testing.synth(stack))


def test_two_instances_in_one_stack_have_addresses_of_their_own(example_tf):
    rules = example_tf["resource"]["aws_cloudwatch_event_rule"]
    assert set(rules) == {"this", "refunds_this"}  # "pattern" keeps the stacks' addresses
    assert {"destinations", "refunds_destinations"} <= set(example_tf["locals"])
    assert set(example_tf["data"]["aws_caller_identity"]) == {"current", "refunds_current"}
    # Each reads its own settings, as literals: the name prefix, the retries.
    assert '"${local.refunds_stems[each.key]}-rule"' in json.dumps(rules["refunds_this"])
    assert "maximum_retry_attempts = 10" in example_tf["locals"]["refunds_destinations"]
    assert "var.create_bus" not in json.dumps(example_tf)
    # The secret is a token of the app's sensitive variable, never text.
    assert "var.orders_api_key" in example_tf["locals"]["connection_secrets"]
    assert "var.refunds_api_key" in example_tf["locals"]["refunds_connection_secrets"]


@pytest.mark.slow
def test_the_example_app_plans_with_both_instances(example_tf, terraform, tmp_path):
    (tmp_path / "main.tf.json").write_text(json.dumps(without_metadata(example_tf)))
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "plan.tftest.hcl").write_text(
        'mock_provider "aws" {}\n\n'
        'variables {\n  orders_api_key = "test-key"\n  refunds_api_key = "test-key"\n}\n\n'
        'run "plan" {\n  command = plan\n'
        "  assert {\n"
        '    condition = aws_cloudwatch_event_rule.this["main"].name == "orders-rule" && '
        'aws_cloudwatch_event_rule.refunds_this["main"].name == "refunds-rule"\n'
        '    error_message = "each instance names its resources from its name_prefix"\n  }\n'
        "  assert {\n"
        '    condition = aws_cloudwatch_event_target.refunds_this["main"].retry_policy[0]'
        ".maximum_retry_attempts == 10\n"
        '    error_message = "each instance keeps its own settings"\n  }\n}\n'
    )
    terraform.run(tmp_path, "init", "-backend=false", "-input=false")
    result = terraform.run(tmp_path, "test", check=False)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def build(config: PatternConfig, **secrets: object) -> dict[str, Any]:
    stack = cdktf.TerraformStack(synth_app(), "test")
    AwsProvider(stack, "aws", region="us-east-1")
    IdempotentApiDestination(stack, "pattern", config, secrets=secrets)
    return without_metadata(json.loads(cdktf.Testing.synth(stack)))


def test_plain_text_never_becomes_an_expression():
    template = '{"id": <id>, "note": "${not.an.expression} %{ if x }"}'
    tf = build(
        PatternConfig(
            name_prefix="orders",
            endpoint="https://api.example.com/orders",
            api_key_name="x-api-key",
            input_paths={"id": "$.detail.id"},
            input_template=template,
        )
    )
    assert "$${not.an.expression} %%{ if x }" in tf["locals"]["destinations"]


@pytest.mark.slow
def test_plain_text_with_any_control_character_plans_as_written(terraform, tmp_path):
    """HCL has no `\\b` or `\\f` escape (JSON has): the construct writes them as `\\u`."""
    template = 'a\bb\fc\x01d "q" \\ e\tf'
    tf = build(
        PatternConfig(
            name_prefix="orders",
            endpoint="https://api.example.com/orders",
            authorization_type="NONE",
            input_template=template,
        )
    )
    tf["terraform"]["required_providers"]["aws"]["version"] = ">= 5.100.0"  # the mirror's
    (tmp_path / "main.tf.json").write_text(json.dumps(tf))
    (tmp_path / "tests").mkdir()
    expected = json.dumps(template).replace("\\b", "\\u0008").replace("\\f", "\\u000c")
    (tmp_path / "tests" / "plan.tftest.hcl").write_text(
        'mock_provider "aws" {}\n\nrun "plan" {\n  command = plan\n  assert {\n'
        f'    condition     = local.destinations["main"].input_template == {expected}\n'
        '    error_message = "the template changed on its way"\n  }\n}\n'
    )
    terraform.run(tmp_path, "init", "-backend=false", "-input=false")
    result = terraform.run(tmp_path, "test", check=False)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_a_secret_given_as_text_is_refused_without_showing_it():
    config = PatternConfig(endpoint="https://api.example.com/orders", api_key_name="x-api-key")
    with pytest.raises(
        ValueError, match=r"secrets\.connection_api_key_value: give a sensitive"
    ) as err:
        build(config, connection_api_key_value="hunter2-canary")
    assert "hunter2-canary" not in str(err.value)


def test_plain_values_are_checked_as_a_toml_files_are():
    with pytest.raises(ConfigError, match="maximum_retry_attempts = 500"):
        build(PatternConfig(endpoint="https://api.example.com/orders", maximum_retry_attempts=500))


def test_no_construct_names_a_resource_address_in_text():
    """Constructs refer to each other's resources through the Python objects (`address`),
    so the graph of constructs shows the real dependencies and a rename is a Python error."""
    import ast

    source = (ROOT / "stacks" / "construct.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    texts = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]
    addresses = [t for t in texts if re.search(r"\b(data\.)?aws_[a-z0-9_]+\.[a-z_]", t)]
    assert addresses == []
