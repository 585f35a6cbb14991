#!/usr/bin/env python3
"""After a deploy: prove that an event on the bus reaches the API destination.

    python scripts/verify_delivery.py [--dir DIR] [--destination NAME] [--timeout SECONDS]
    make verify            # the same, for the stack `cdktf deploy` deployed

Puts one canary event on the bus: detail-type `idempotent-api-destination.canary`, a
unique `detail.customID` (so it has its own Idempotency-Key), and as source the first
source the rule's pattern names (else `idempotent-api-destination.verify`; `--source`
sets it). A pattern can match the canary, or exclude it with
`"detail-type": [{"anything-but": "idempotent-api-destination.canary"}]`. The script
checks the canary against the rule's pattern (TestEventPattern) before sending it.

Then it waits, at most `--timeout` seconds, for one of:
- the canary in the dead-letter queue: FAILED, with its ERROR_CODE and ERROR_MESSAGE
  and what to do about them (the message is deleted; other messages are left as
  they were);
- the rule's `Invocations` metric (AWS/Events) counting a call since the canary was
  put, with no `FailedInvocations`: DELIVERED. The metric counts every event the rule
  sent in that minute, so on a busy bus it shows the destination works, not this call.
- `FailedInvocations` without the canary in the queue: FAILED.

The bus, rule and queue come from the Terraform outputs of the deployed stack
(`terraform output -json` in `--dir`), or from `--outputs` (a file of that JSON; with
the module, its outputs by the module's names), or from `--bus`, `--rule`, `--queue-url`.
AWS credentials and region come from the usual AWS_* settings.

Exit status: 0 delivered; 1 failed; 2 the check could not run (bad arguments, no
outputs, the canary does not match the rule); 3 no verdict before the time-out.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STACK_DIR = Path("cdktf.out") / "stacks" / "idempotent-api-destination"
DETAIL_TYPE = "idempotent-api-destination.canary"
DEFAULT_SOURCE = "idempotent-api-destination.verify"
# The stack's output names, then the module's.
OUTPUT_NAMES = {
    "bus": ("busName", "eventbridge_bus_name"),
    "rules": ("ruleNames", "eventbridge_rule_names"),
    "queue_url": ("dlqUrl", "dlq_url"),
}
# What a status code in ERROR_MESSAGE means for this pattern; EventBridge user guide,
# "API destination error codes": 429 and 5xx are retried, other codes are not.
ADVICE = {
    "400": "the endpoint refused the payload: check the input template and the body it expects",
    "401": "the endpoint refused the credentials: check the connection's secret "
    "(connection_api_key_value, connection_basic_password or connection_oauth_client_secret) "
    "and api_key_name",
    "403": "the endpoint refused the credentials: check the connection's secret and what the "
    "key may do",
    "404": "no such endpoint: check `endpoint` (its path and method)",
    "409": "the endpoint reported a conflict (409 is not retried): a receiver should answer an "
    "in-flight duplicate with 429 or 503 and Retry-After",
    "429": "the endpoint throttled every retry: lower invocation_rate_limit_per_second",
}
SERVER_ERROR = "the endpoint failed on every retry: check its health and logs"
NO_STATUS = (
    "check that the endpoint resolves, is reachable from the internet and has a valid "
    "certificate, and that the connection is AUTHORIZED (aws events describe-connection)"
)


class CheckError(Exception):
    """The check could not run; the message says why."""


@dataclass(frozen=True)
class Targets:
    bus: str
    rule: str
    queue_url: str


@dataclass(frozen=True)
class Verdict:
    code: int  # the exit status
    text: str


def outputs_of(folder: Path) -> dict[str, Any]:
    """`terraform output -json` in `folder`, as {name: value}."""
    try:
        result = subprocess.run(
            ["terraform", f"-chdir={folder}", "output", "-json", "-no-color"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except FileNotFoundError:
        raise CheckError("terraform is not on PATH: install it, or pass --outputs") from None
    if result.returncode != 0:
        raise CheckError(
            f"`terraform output` in {folder} failed; deploy there first (`cdktf deploy`), or "
            f"pass --dir with the deployed stack, or --outputs:\n{result.stderr.strip()}"
        )
    return unwrap(json.loads(result.stdout or "{}"))


def read_json(file: Path) -> object:
    try:
        return json.loads(file.read_text())
    except ValueError as error:
        raise CheckError(f"{file} is not JSON: {error}") from None


def unwrap(outputs: object) -> dict[str, Any]:
    """{name: value} from `terraform output -json` ({name: {"value": ...}}) or plain."""
    if not isinstance(outputs, dict):
        raise CheckError("the outputs are not a JSON object of `terraform output -json`")
    return {
        name: item["value"] if isinstance(item, dict) and "value" in item else item
        for name, item in outputs.items()
    }


def targets(
    outputs: Mapping[str, Any], destination: str, given: Mapping[str, str | None]
) -> Targets:
    """The bus, the destination's rule (its own, else the main one) and the queue."""

    def output(what: str) -> Any:
        for name in OUTPUT_NAMES[what]:
            if name in outputs:
                return outputs[name]
        return None

    rules = output("rules")
    rules = rules if isinstance(rules, dict) else {}
    found = {
        "bus": given.get("bus") or output("bus"),
        "rule": given.get("rule") or rules.get(destination) or rules.get("main"),
        "queue_url": given.get("queue_url") or output("queue_url"),
    }
    absent = [name for name, value in found.items() if not isinstance(value, str) or not value]
    if absent:
        raise CheckError(
            f"no {', '.join(absent)} in the outputs: pass --dir with the deployed stack, "
            f"--outputs, or --{'/--'.join(a.replace('_', '-') for a in absent)}"
        )
    return Targets(**found)


def canary(source: str, account: str, region: str) -> dict[str, Any]:
    """A canary event as EventBridge will see it."""
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": DETAIL_TYPE,
        "source": source,
        "account": account,
        "time": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": region,
        "resources": [],
        "detail": {"customID": str(uuid.uuid4()), "message": "canary from verify_delivery.py"},
    }


def source_for(pattern: Mapping[str, Any]) -> str:
    """The first plain source the pattern names, else the script's own."""
    sources = pattern.get("source")
    if isinstance(sources, list):
        for source in sources:
            if isinstance(source, str):
                return source
    return DEFAULT_SOURCE


def status_in(message: str) -> str | None:
    """The HTTP status code an ERROR_MESSAGE mentions, if any."""
    found = re.search(r"\b([1-5][0-9]{2})\b", message)
    return found.group(1) if found else None


def advice(error_message: str) -> str:
    status = status_in(error_message)
    if status is None:
        return NO_STATUS
    if status.startswith("5"):
        return SERVER_ERROR
    return ADVICE.get(status, f"the endpoint answered {status}: see its logs")


def failed_in_dlq(message: Mapping[str, Any]) -> Verdict:
    attributes = {
        key: value.get("StringValue", "")
        for key, value in message.get("MessageAttributes", {}).items()
    }
    error_message = attributes.get("ERROR_MESSAGE", "")
    lines = [
        "FAILED: the canary is in the dead-letter queue.",
        f"  ERROR_CODE:    {attributes.get('ERROR_CODE', '(none)')}",
        f"  ERROR_MESSAGE: {error_message or '(none)'}",
    ]
    if "TARGET_ARN" in attributes:
        lines.append(f"  TARGET_ARN:    {attributes['TARGET_ARN']}")
    if status := status_in(error_message):
        lines.append(f"  status:        {status}")
    lines.append(f"  what to do:    {advice(error_message)}")
    return Verdict(1, "\n".join(lines))


class Check:
    """One canary's journey: put it, then look for it in the queue and in the metrics."""

    def __init__(self, session: Any, where: Targets) -> None:
        self.events = session.client("events")
        self.sqs = session.client("sqs")
        self.cloudwatch = session.client("cloudwatch")
        self.where = where
        self.region = session.region_name

    def put(self, source: str | None) -> dict[str, Any]:
        rule = self.events.describe_rule(Name=self.where.rule, EventBusName=self.where.bus)
        pattern = json.loads(rule.get("EventPattern") or "{}")
        account = rule["Arn"].split(":")[4]
        event = canary(source or source_for(pattern), account, self.region)
        matches = self.events.test_event_pattern(
            EventPattern=json.dumps(pattern), Event=json.dumps(event)
        )["Result"]
        if not matches:
            raise CheckError(
                f"the canary (source {event['source']!r}, detail-type {DETAIL_TYPE!r}) does not "
                f"match rule {self.where.rule}'s pattern {json.dumps(pattern)}: pass --source "
                "with a source it matches"
            )
        result = self.events.put_events(
            Entries=[
                {
                    "EventBusName": self.where.bus,
                    "Source": event["source"],
                    "DetailType": DETAIL_TYPE,
                    "Detail": json.dumps(event["detail"]),
                }
            ]
        )
        if result.get("FailedEntryCount"):
            raise CheckError(f"PutEvents refused the canary: {result['Entries'][0]}")
        return event

    def in_dlq(self, custom_id: str) -> dict[str, Any] | None:
        """The canary's DLQ message, deleted, if it is there; other messages stay as they were."""
        for _ in range(10):  # at most 100 messages a look
            messages = self.sqs.receive_message(
                QueueUrl=self.where.queue_url,
                MaxNumberOfMessages=10,
                WaitTimeSeconds=1,
                VisibilityTimeout=30,
                MessageAttributeNames=["All"],
            ).get("Messages", [])
            if not messages:
                return None
            found = None
            for message in messages:
                if found is None and _custom_id(message.get("Body", "")) == custom_id:
                    found = message
                    self.sqs.delete_message(
                        QueueUrl=self.where.queue_url, ReceiptHandle=message["ReceiptHandle"]
                    )
                else:
                    self.sqs.change_message_visibility(
                        QueueUrl=self.where.queue_url,
                        ReceiptHandle=message["ReceiptHandle"],
                        VisibilityTimeout=0,
                    )
            if found:
                return found
        return None

    def metric(self, name: str, since: datetime.datetime) -> float:
        """The rule's `name` (AWS/Events, Sum) since `since`; a rule on a custom bus reports
        with EventBusName and RuleName (EventBridge user guide, monitoring)."""
        now = datetime.datetime.now(datetime.UTC)
        totals = []
        for dimensions in (
            [
                {"Name": "EventBusName", "Value": self.where.bus},
                {"Name": "RuleName", "Value": self.where.rule},
            ],
            [{"Name": "RuleName", "Value": self.where.rule}],
        ):
            points = self.cloudwatch.get_metric_statistics(
                Namespace="AWS/Events",
                MetricName=name,
                Dimensions=dimensions,
                StartTime=since.replace(second=0, microsecond=0),
                EndTime=now + datetime.timedelta(minutes=1),
                Period=60,
                Statistics=["Sum"],
            )["Datapoints"]
            totals.append(sum(point["Sum"] for point in points))
        return max(totals)


def _custom_id(body: str) -> object:
    try:
        event = json.loads(body)
    except ValueError:
        return None
    detail = event.get("detail") if isinstance(event, dict) else None
    return detail.get("customID") if isinstance(detail, dict) else None


def verify(
    check: Check,
    *,
    source: str | None,
    timeout: float,
    interval: float,
    say: Callable[[str], None] = print,
) -> Verdict:
    sent_at = datetime.datetime.now(datetime.UTC)
    event = check.put(source)
    custom_id = event["detail"]["customID"]
    say(
        f"put canary customID={custom_id} (source {event['source']}, detail-type "
        f"{DETAIL_TYPE}) on bus {check.where.bus}; rule {check.where.rule}"
    )
    deadline = time.monotonic() + timeout
    while True:
        message = check.in_dlq(custom_id)
        if message is not None:
            return failed_in_dlq(message)
        invocations = check.metric("Invocations", sent_at)
        failed = check.metric("FailedInvocations", sent_at)
        if failed:
            if (message := check.in_dlq(custom_id)) is not None:
                return failed_in_dlq(message)
            return Verdict(
                1,
                f"FAILED: rule {check.where.rule} reports {failed:g} failed invocation(s) since "
                "the canary was put, and the canary is not in the dead-letter queue: read "
                "the queue (scripts/redrive_dlq.py --dry-run) and the rule's "
                "InvocationsFailedToBeSentToDLQ metric",
            )
        if invocations:
            return Verdict(
                0,
                f"DELIVERED: rule {check.where.rule} invoked its target {invocations:g} time(s) "
                f"since the canary was put, none failed; the canary customID={custom_id} is "
                "not in the dead-letter queue.",
            )
        if time.monotonic() + interval > deadline:
            return Verdict(
                3,
                f"NO VERDICT after {timeout:g} s: no invocation and no dead-letter message yet. "
                "EventBridge retries 429, 5xx and time-outs for up to "
                "maximum_event_age_in_seconds; run again with a longer --timeout, or look at "
                "the endpoint's logs",
            )
        say(f"waiting: no invocation metric and nothing in the queue yet ({interval:g} s)")
        time.sleep(interval)


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Put a canary event on the bus and report whether it was delivered."
    )
    parser.add_argument("--dir", type=Path, default=STACK_DIR, help="the deployed stack's folder")
    parser.add_argument("--outputs", type=Path, help="a file of `terraform output -json`")
    parser.add_argument("--destination", default="main", help="whose rule to check (default main)")
    parser.add_argument("--source", help="the canary's source (default: the rule's first)")
    parser.add_argument("--bus", help="the bus name (default: from the outputs)")
    parser.add_argument("--rule", help="the rule name (default: from the outputs)")
    parser.add_argument("--queue-url", help="the DLQ URL (default: from the outputs)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait (600)")
    parser.add_argument("--interval", type=float, default=15, help="seconds between looks (15)")
    args = parser.parse_args(argv)
    if args.timeout <= 0 or args.interval <= 0:
        parser.error("--timeout and --interval must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    given = {"bus": args.bus, "rule": args.rule, "queue_url": args.queue_url}
    try:
        if all(given.values()):
            outputs: dict[str, Any] = {}
        elif args.outputs:
            outputs = unwrap(read_json(args.outputs))
        else:
            outputs = outputs_of(args.dir)
        where = targets(outputs, args.destination, given)
    except (CheckError, OSError) as error:
        print(f"verify_delivery: {error}", file=sys.stderr)
        return 2
    try:
        import boto3
        import botocore.exceptions
    except ImportError:
        print("verify_delivery: needs boto3 (`make verify` installs it)", file=sys.stderr)
        return 2
    try:
        session = boto3.session.Session()
        if not session.region_name:
            raise CheckError(
                "no AWS region: set AWS_DEFAULT_REGION (or AWS_REGION) to the stack's region"
            )
        verdict = verify(
            Check(session, where),
            source=args.source,
            timeout=args.timeout,
            interval=args.interval,
        )
    except CheckError as error:
        print(f"verify_delivery: {error}", file=sys.stderr)
        return 2
    except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as error:
        print(f"verify_delivery: AWS refused a call: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("verify_delivery: interrupted; no verdict", file=sys.stderr)
        return 3
    print(verdict.text)
    return verdict.code


if __name__ == "__main__":
    sys.exit(main())
