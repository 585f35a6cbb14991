"""The moved blocks that carry a deployed stack from the previous release to this one.

The previous release let cdktf name every resource (`<type>.pattern_<id>_<hash>`);
this one names them as a person would (`aws_cloudwatch_event_rule.this["main"]`).
Each table below says where a resource was and where it is now; `moved_blocks`
writes the blocks, and `tests/test_upgrade.py` applies the previous release and
plans this one on top: moves only, nothing replaced.
"""

from __future__ import annotations

import hashlib

from stacks.config import MAIN

# Resources whose address changed in this release: (type, old construct id, new
# address). Old addresses were cdktf's `<type>.pattern_<id>_<hash>`; the moved
# blocks let `terraform plan` carry the state over instead of replacing anything.
MOVED: tuple[tuple[str, str, str], ...] = (
    ("aws_cloudwatch_event_bus", "bus", "this[0]"),
    ("aws_sqs_queue", "dlq", "dlq"),
    ("aws_sqs_queue_policy", "dlq_policy", "dlq"),
    ("aws_cloudwatch_event_connection", "connection", f'this["{MAIN}"]'),
    ("aws_cloudwatch_event_rule", "rule", f'this["{MAIN}"]'),
    ("aws_cloudwatch_event_api_destination", "api_destination", f'this["{MAIN}"]'),
    ("aws_iam_role", "role", f'invoke["{MAIN}"]'),
    ("aws_iam_role_policy", "role_policy", f'invoke["{MAIN}"]'),
    ("aws_cloudwatch_event_target", "target", f'this["{MAIN}"]'),
    ("aws_sns_topic", "alarm_topic", "alarms[0]"),
    ("aws_sns_topic_subscription", "alarm_email", "alarm_email"),
    ("aws_cloudwatch_metric_alarm", "alarm_dlq_not_empty", "dlq_not_empty"),
    ("aws_cloudwatch_metric_alarm", "alarm_failed_invocations[0]", f'failed_invocations["{MAIN}"]'),
    (
        "aws_cloudwatch_metric_alarm",
        "alarm_dlq_delivery_failures[0]",
        f'dlq_delivery_failures["{MAIN}"]',
    ),
    ("aws_cloudwatch_event_archive", "archive", "this"),
    ("aws_kms_key", "key", "this[0]"),
    ("aws_kms_alias", "key_alias", "this[0]"),
)
# Addresses this release changed again, after the ones above: (from, to). The queue and
# its policy became optional (dlq_arn), so the queue a stack created is now [0].
MOVED_AGAIN: tuple[tuple[str, str], ...] = (
    ("aws_sqs_queue.dlq", "aws_sqs_queue.dlq[0]"),
    ("aws_sqs_queue_policy.dlq", "aws_sqs_queue_policy.dlq[0]"),
)
MOVED_WITH_LOGGING: tuple[tuple[str, str, str], ...] = (
    ("aws_cloudwatch_log_group", "bus_logs", "bus[0]"),
    ("aws_cloudwatch_log_delivery_destination", "bus_log_destination", "bus[0]"),
    *(
        (kind, f"bus_log_{name}_{level}", f"bus_{level}[0]")
        for level in ("error", "info", "trace")
        for kind, name in (
            ("aws_cloudwatch_log_delivery_source", "source"),
            ("aws_cloudwatch_log_delivery", "delivery"),
        )
    ),
)
MOVED_PER_DESTINATION: tuple[tuple[str, str, str], ...] = (
    ("aws_cloudwatch_event_connection", "{name}_connection", "this"),
    ("aws_cloudwatch_event_rule", "{name}_rule", "this"),
    ("aws_cloudwatch_event_api_destination", "{name}_api_destination", "this"),
    ("aws_iam_role", "{name}_role", "invoke"),
    ("aws_iam_role_policy", "{name}_role_policy", "invoke"),
    ("aws_cloudwatch_event_target", "{name}_target", "this"),
    ("aws_cloudwatch_metric_alarm", "alarm_{name}_failed_invocations[0]", "failed_invocations"),
    (
        "aws_cloudwatch_metric_alarm",
        "alarm_{name}_dlq_delivery_failures[0]",
        "dlq_delivery_failures",
    ),
)


def old_address(kind: str, construct_id: str) -> str:
    """The address cdktf gave the resource `pattern/<construct_id>` before this release:
    `<kind>.pattern_<id>_<first 8 hex digits of md5("pattern/<id>"), upper case>`."""
    construct_id, bracket, index = construct_id.partition("[")
    digest = hashlib.md5(f"pattern/{construct_id}".encode()).hexdigest()[:8].upper()
    return f"{kind}.pattern_{construct_id}_{digest}{bracket}{index}"


def moved_blocks(destination_names: list[str], *, logging: bool) -> list[dict[str, str]]:
    """Moved blocks from every address of the previous release to this one's."""
    moved = MOVED + (MOVED_WITH_LOGGING if logging else ())
    blocks = [{"from": old_address(kind, old), "to": f"{kind}.{new}"} for kind, old, new in moved]
    blocks += [{"from": old, "to": new} for old, new in MOVED_AGAIN]
    for name in destination_names:
        blocks += [
            {
                "from": old_address(kind, old.format(name=name)),
                "to": f'{kind}.{new}["{name}"]',
            }
            for kind, old, new in MOVED_PER_DESTINATION
        ]
    return blocks
