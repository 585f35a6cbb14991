#!/usr/bin/env python3
"""Benchmark `terraform plan` of the module against the same resources written flat.

For each N, plans (with `terraform test`, `command = plan` and a mocked AWS provider,
so nothing is called) one call of modules/idempotent-api-destination with N further
destinations, each on a rule of its own, and the same resources written out flat in
one root module with no module, no for_each and no checks. Prints the wall time and
peak memory of each, and their ratio: the module's checks and wiring should cost
about what the resources cost, at any N.

    python scripts/bench_plan.py [--sizes 100,200,300] [--runs 1]

Needs Terraform and the AWS provider: the mirror named by APIDEST_PROVIDER_MIRROR,
else the first <mirror>/registry.terraform.io/hashicorp/aws within five levels of /.
Peak memory is the largest resident set of any process in the run (Terraform, or the
provider it starts), as the kernel reports it at exit.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import provider_mirror  # scripts/provider_mirror.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
MODULE = ROOT / "modules" / "idempotent-api-destination"
PREFIX = "bench"
ROLE_TRUST = (
    'jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", '
    'Principal = {Service = "events.amazonaws.com"}, Action = "sts:AssumeRole", '
    'Condition = {ArnEquals = {"aws:SourceArn" = aws_cloudwatch_event_rule.{rule}.arn}}}]})'
)
TEST = """mock_provider "aws" {}

run "plan" {
  command = plan
}
"""
PROVIDER = """terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

provider "aws" {
  region = "eu-west-1"
}
"""


def pattern(i: int) -> str:
    return json.dumps({"source": [f"app.{i}"]})


def module_call(n: int) -> str:
    """One call of the module: N destinations, each with a pattern (so a rule) of its own."""
    destinations = "\n".join(
        f'    d{i} = {{ endpoint = "https://d{i}.example.com/in", '
        f"event_pattern = {json.dumps(pattern(i))} }}"
        for i in range(n)
    )
    return f"""{PROVIDER}
module "pattern" {{
  source                   = "./module"
  name_prefix              = "{PREFIX}"
  endpoint                 = "https://api.example.com/in"
  api_key_name             = "x-api-key"
  connection_api_key_value = "not-a-secret"
  destinations = {{
{destinations}
  }}
}}
"""


def alarms(prefix: str, name: str, rule: str, *, repeated: bool = False) -> str:
    """A rule's two alarms; `name` opens the quoted alarm name, `rule` is the rule's name."""
    each = "\n  for_each            = local.destinations" if repeated else ""
    return "".join(
        f"""
resource "aws_cloudwatch_metric_alarm" "{prefix}{metric}" {{{each}
  alarm_name          = {name}-{metric}"
  namespace           = "AWS/Events"
  metric_name         = "{metric}"
  dimensions = {{
    EventBusName = aws_cloudwatch_event_bus.this.name
    RuleName     = {rule}
  }}
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}}
"""
        for metric in ("FailedInvocations", "InvocationsFailedToBeSentToDlq")
    )


def flat_destination(name: str, rule_pattern: str) -> str:
    """One destination's resources, written out: its rule, API destination, role and
    policy, target and two alarms, as the module plans them."""
    stem = f"{PREFIX}-{name}" if name != "main" else PREFIX
    trust = ROLE_TRUST.replace("{rule}", name)
    return f"""
resource "aws_cloudwatch_event_rule" "{name}" {{
  name           = "{stem}-rule"
  event_bus_name = aws_cloudwatch_event_bus.this.name
  event_pattern  = {json.dumps(rule_pattern)}
}}

resource "aws_cloudwatch_event_api_destination" "{name}" {{
  name                             = "{stem}-api-destination"
  connection_arn                   = aws_cloudwatch_event_connection.this.arn
  invocation_endpoint              = "https://{name}.example.com/in"
  http_method                      = "POST"
  invocation_rate_limit_per_second = 1
}}

resource "aws_iam_role" "{name}" {{
  name               = "{stem}-invoke-api-destination"
  assume_role_policy = {trust}
}}

resource "aws_iam_role_policy" "{name}" {{
  name = "invoke-api-destination"
  role = aws_iam_role.{name}.id
  policy = jsonencode({{ Version = "2012-10-17", Statement = [{{ Effect = "Allow",
    Action   = "events:InvokeApiDestination",
    Resource = aws_cloudwatch_event_api_destination.{name}.arn }}] }})
}}

resource "aws_cloudwatch_event_target" "{name}" {{
  rule           = aws_cloudwatch_event_rule.{name}.name
  event_bus_name = aws_cloudwatch_event_bus.this.name
  target_id      = "api-destination"
  arn            = aws_cloudwatch_event_api_destination.{name}.arn
  role_arn       = aws_iam_role.{name}.arn
  http_target {{
    header_parameters = {{ "Idempotency-Key" = "$.detail.customID" }}
  }}
  retry_policy {{
    maximum_retry_attempts       = 3
    maximum_event_age_in_seconds = 86400
  }}
  dead_letter_config {{
    arn = aws_sqs_queue.dlq.arn
  }}
}}
""" + alarms(f"{name}_", f'"{stem}', f"aws_cloudwatch_event_rule.{name}.name")


def flat(n: int) -> str:
    """The module's resources for the same call, without a module."""
    rules = ", ".join(
        ["aws_cloudwatch_event_rule.main.arn"]
        + [f"aws_cloudwatch_event_rule.d{i}.arn" for i in range(n)]
    )
    shared = f"""{PROVIDER}
data "aws_caller_identity" "current" {{}}

resource "aws_sqs_queue" "dlq" {{
  name                      = "{PREFIX}-dlq"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
}}

resource "aws_sqs_queue_policy" "dlq" {{
  queue_url = aws_sqs_queue.dlq.url
  policy = jsonencode({{ Version = "2012-10-17", Statement = [{{ Effect = "Allow",
    Principal = {{ Service = "events.amazonaws.com" }}, Action = "sqs:SendMessage",
    Resource = aws_sqs_queue.dlq.arn,
    Condition = {{ ArnEquals = {{
      "aws:SourceArn" = [{rules}, aws_cloudwatch_event_bus.this.arn] }} }} }}] }})
}}

resource "aws_cloudwatch_event_bus" "this" {{
  name = "{PREFIX}-bus"
  dead_letter_config {{
    arn = aws_sqs_queue.dlq.arn
  }}
}}

resource "aws_cloudwatch_event_connection" "this" {{
  name               = "{PREFIX}-connection"
  authorization_type = "API_KEY"
  auth_parameters {{
    api_key {{
      key   = "x-api-key"
      value = "not-a-secret"
    }}
  }}
}}

resource "aws_sns_topic" "alarms" {{
  name = "{PREFIX}-alarms"
}}

resource "aws_cloudwatch_metric_alarm" "dlq_not_empty" {{
  alarm_name          = "{PREFIX}-dlq-not-empty"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = {{ QueueName = aws_sqs_queue.dlq.name }}
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [aws_sns_topic.alarms.arn]
}}
"""
    account = '{"account":["${data.aws_caller_identity.current.account_id}"]}'
    return (
        shared
        + flat_destination("main", account)
        + "".join(flat_destination(f"d{i}", pattern(i)) for i in range(n))
    )


def repeated(n: int) -> str:
    """The same resources written as a careful author would without this module: one
    block per kind, repeated with for_each over the destinations, no checks. What
    Terraform itself costs for N instances of one resource."""
    destinations = ",\n".join(
        f'    d{i} = {{ stem = "{PREFIX}-d{i}", pattern = {json.dumps(pattern(i))} }}'
        for i in range(n)
    )
    flat_shared = flat(0).split('\nresource "aws_cloudwatch_event_rule" "main"')[0]
    account = '{"account":["${data.aws_caller_identity.current.account_id}"]}'
    every_rule = (
        "concat([for r in aws_cloudwatch_event_rule.this : r.arn], "
        "[aws_cloudwatch_event_bus.this.arn])"
    )
    shared = flat_shared.replace(
        "[aws_cloudwatch_event_rule.main.arn, aws_cloudwatch_event_bus.this.arn]", every_rule
    )
    return f"""{shared}
locals {{
  destinations = {{
    main = {{ stem = "{PREFIX}", pattern = {json.dumps(account)} }},
{destinations}
  }}
}}

resource "aws_cloudwatch_event_rule" "this" {{
  for_each       = local.destinations
  name           = "${{each.value.stem}}-rule"
  event_bus_name = aws_cloudwatch_event_bus.this.name
  event_pattern  = each.value.pattern
}}

resource "aws_cloudwatch_event_api_destination" "this" {{
  for_each                         = local.destinations
  name                             = "${{each.value.stem}}-api-destination"
  connection_arn                   = aws_cloudwatch_event_connection.this.arn
  invocation_endpoint              = "https://${{each.key}}.example.com/in"
  http_method                      = "POST"
  invocation_rate_limit_per_second = 1
}}

resource "aws_iam_role" "invoke" {{
  for_each = local.destinations
  name     = "${{each.value.stem}}-invoke-api-destination"
  assume_role_policy = jsonencode({{ Version = "2012-10-17", Statement = [{{ Effect = "Allow",
    Principal = {{ Service = "events.amazonaws.com" }}, Action = "sts:AssumeRole",
    Condition = {{ ArnEquals = {{
      "aws:SourceArn" = aws_cloudwatch_event_rule.this[each.key].arn }} }} }}] }})
}}

resource "aws_iam_role_policy" "invoke" {{
  for_each = local.destinations
  name     = "invoke-api-destination"
  role     = aws_iam_role.invoke[each.key].id
  policy = jsonencode({{ Version = "2012-10-17", Statement = [{{ Effect = "Allow",
    Action   = "events:InvokeApiDestination",
    Resource = aws_cloudwatch_event_api_destination.this[each.key].arn }}] }})
}}

resource "aws_cloudwatch_event_target" "this" {{
  for_each       = local.destinations
  rule           = aws_cloudwatch_event_rule.this[each.key].name
  event_bus_name = aws_cloudwatch_event_bus.this.name
  target_id      = "api-destination"
  arn            = aws_cloudwatch_event_api_destination.this[each.key].arn
  role_arn       = aws_iam_role.invoke[each.key].arn
  http_target {{
    header_parameters = {{ "Idempotency-Key" = "$.detail.customID" }}
  }}
  retry_policy {{
    maximum_retry_attempts       = 3
    maximum_event_age_in_seconds = 86400
  }}
  dead_letter_config {{
    arn = aws_sqs_queue.dlq.arn
  }}
}}
""" + alarms(
        "", '"${each.value.stem}', "aws_cloudwatch_event_rule.this[each.key].name", repeated=True
    )


def provider_config(folder: Path) -> Path:
    """A Terraform CLI config that installs the AWS provider from the mirror."""
    mirror = provider_mirror.find()
    if mirror is None:
        sys.exit(f"no AWS provider mirror found: set {provider_mirror.ENV_VAR}")
    config = folder / "terraform.tfrc"
    config.write_text(
        f"provider_installation {{\n  filesystem_mirror {{\n    path = {json.dumps(mirror)}\n"
        '  }\n  direct {\n    exclude = ["registry.terraform.io/*/*"]\n  }\n}\n'
    )
    return config


def prepare(folder: Path, main_tf: str, with_module: bool) -> None:
    (folder / "tests").mkdir(parents=True)
    (folder / "main.tf").write_text(main_tf)
    (folder / "tests" / "plan.tftest.hcl").write_text(TEST)
    if with_module:
        shutil.copytree(MODULE, folder / "module", ignore=shutil.ignore_patterns("tests"))


def measure(folder: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak MiB of one plan, in a child that reports its descendants'
    largest resident set (the kernel's figure for every process waited for)."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "r = subprocess.run(['terraform', 'test', '-no-color'], capture_output=True, text=True)\n"
        "elapsed = time.perf_counter() - start\n"
        "ok = r.returncode == 0 and '1 passed, 0 failed' in r.stdout\n"
        "print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, ok)\n"
        "sys.stderr.write('' if ok else r.stdout + r.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed, peak, ok = result.stdout.split()
    if ok != "True":
        sys.exit(f"terraform test failed in {folder}:\n{result.stderr}")
    return float(elapsed), float(peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,200,300", help="numbers of destinations")
    parser.add_argument("--runs", type=int, default=1, help="plans of each (median shown)")
    args = parser.parse_args()
    if shutil.which("terraform") is None:
        sys.exit("terraform not found on PATH")
    sizes = [int(n) for n in args.sizes.split(",")]
    version = subprocess.run(["terraform", "version"], capture_output=True, text=True)
    print(
        f"# {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        + version.stdout.splitlines()[0]
    )
    print(
        f"{'N':>5} {'module s':>9} {'flat s':>8} {'time x':>7} {'module MiB':>11} "
        f"{'flat MiB':>9} {'memory x':>9} {'for_each s':>11} {'module/for_each':>16}"
    )
    with tempfile.TemporaryDirectory(prefix="bench-plan-") as tmp:
        env = os.environ | {
            "TF_CLI_CONFIG_FILE": str(provider_config(Path(tmp))),
            "CHECKPOINT_DISABLE": "1",
            "TF_IN_AUTOMATION": "1",
        }
        for n in sizes:
            figures = {}
            variants = (("module", module_call(n)), ("flat", flat(n)), ("for_each", repeated(n)))
            for kind, text in variants:
                folder = Path(tmp) / f"{kind}-{n}"
                prepare(folder, text, with_module=kind == "module")
                subprocess.run(
                    ["terraform", "init", "-input=false", "-no-color"],
                    cwd=folder,
                    env=env,
                    capture_output=True,
                    check=True,
                )
                runs = [measure(folder, env) for _ in range(args.runs)]
                figures[kind] = (
                    statistics.median(r[0] for r in runs),
                    statistics.median(r[1] for r in runs),
                )
            (mt, mm), (ft, fm), (et, _) = figures["module"], figures["flat"], figures["for_each"]
            print(
                f"{n:>5} {mt:>9.1f} {ft:>8.1f} {mt / ft:>6.2f}x {mm:>11.0f} {fm:>9.0f} "
                f"{mm / fm:>8.2f}x {et:>11.1f} {mt / et:>15.2f}x",
                flush=True,
            )


if __name__ == "__main__":
    main()
