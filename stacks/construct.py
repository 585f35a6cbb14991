"""The pattern's resources and the wires between them.

A custom event bus; a rule on it; a target that sends matching events to an
API destination (through a connection that holds the auth), at a bounded rate,
with retries, a dead-letter queue, and an idempotency-key header filled from a
field of the event. Also what AWS CDK created for the seed without the seed
writing it: the role EventBridge assumes to invoke the destination, and the
queue policy that lets EventBridge write to the dead-letter queue. Beyond the
seed: alarms on every way an event can be lost, the topic they notify, and an
optional archive of the bus for replay.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cdktf import Fn, Op, Precondition, TerraformCount, TerraformResourceLifecycle, Token
from cdktf_cdktf_provider_aws.cloudwatch_event_api_destination import (
    CloudwatchEventApiDestination,
)
from cdktf_cdktf_provider_aws.cloudwatch_event_archive import CloudwatchEventArchive
from cdktf_cdktf_provider_aws.cloudwatch_event_bus import (
    CloudwatchEventBus,
    CloudwatchEventBusDeadLetterConfig,
    CloudwatchEventBusLogConfig,
)
from cdktf_cdktf_provider_aws.cloudwatch_event_connection import (
    CloudwatchEventConnection,
    CloudwatchEventConnectionAuthParameters,
)
from cdktf_cdktf_provider_aws.cloudwatch_event_rule import CloudwatchEventRule
from cdktf_cdktf_provider_aws.cloudwatch_event_target import (
    CloudwatchEventTarget,
    CloudwatchEventTargetDeadLetterConfig,
    CloudwatchEventTargetHttpTarget,
    CloudwatchEventTargetRetryPolicy,
)
from cdktf_cdktf_provider_aws.cloudwatch_log_delivery import CloudwatchLogDelivery
from cdktf_cdktf_provider_aws.cloudwatch_log_delivery_destination import (
    CloudwatchLogDeliveryDestination,
    CloudwatchLogDeliveryDestinationDeliveryDestinationConfiguration,
)
from cdktf_cdktf_provider_aws.cloudwatch_log_delivery_source import CloudwatchLogDeliverySource
from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktf_cdktf_provider_aws.cloudwatch_metric_alarm import CloudwatchMetricAlarm
from cdktf_cdktf_provider_aws.data_aws_caller_identity import DataAwsCallerIdentity
from cdktf_cdktf_provider_aws.data_aws_partition import DataAwsPartition
from cdktf_cdktf_provider_aws.data_aws_region import DataAwsRegion
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from cdktf_cdktf_provider_aws.kms_alias import KmsAlias
from cdktf_cdktf_provider_aws.kms_key import KmsKey
from cdktf_cdktf_provider_aws.sns_topic import SnsTopic
from cdktf_cdktf_provider_aws.sns_topic_subscription import SnsTopicSubscription
from cdktf_cdktf_provider_aws.sqs_queue import SqsQueue
from cdktf_cdktf_provider_aws.sqs_queue_policy import SqsQueuePolicy
from constructs import Construct

from stacks.config import KEY_SHADOWS_HEADER

EVENTS_PRINCIPAL = "events.amazonaws.com"

# EventBridge logs by level; each level also sends the levels above it
# (user guide, event bus logs).
LOG_TYPES = {"ERROR": ("ERROR",), "INFO": ("ERROR", "INFO"), "TRACE": ("ERROR", "INFO", "TRACE")}

# The tag EventBridge's service-linked role requires on a key it uses for a
# connection's secret (user guide, encrypting connections).
CONNECTION_KEY_TAG = {"EventBridgeApiDestinations": "true"}


@dataclass(frozen=True)
class PatternInputs:
    """Every value the pattern is built from.

    The stack passes references to its Terraform variables, so callers can set
    them at plan time; a value may also be a literal. `event_pattern` is the
    pattern as data (or a reference to it); when it is empty the rule matches
    the deploying account, as in the seed.
    """

    name_prefix: str
    endpoint: str
    http_method: str
    invocation_rate_limit_per_second: float
    maximum_retry_attempts: float
    maximum_event_age_in_seconds: float
    authorization_type: str
    auth_parameters: CloudwatchEventConnectionAuthParameters
    auth_header_name: str
    idempotency_header_name: str
    idempotency_key_path: str
    event_pattern: object
    dlq_message_retention_seconds: float
    tags: Mapping[str, str]
    create_alarms: object = True
    alarm_emails: Sequence[str] = dataclasses.field(default_factory=list)
    alarm_actions: Sequence[str] = dataclasses.field(default_factory=list)
    create_archive: object = False
    archive_retention_days: float = 30
    archive_event_pattern: object = dataclasses.field(default_factory=dict)
    # Fixed at synth time, since they decide which resources exist.
    create_kms_key: bool = False
    kms_key_arn: str | None = None  # an existing key (or a reference that may be null)
    provider_major_version: int = 5
    bus_log_level: str = "OFF"
    bus_log_include_detail: str = "NONE"
    bus_log_retention_days: int = 365


def _policy(*statements: dict[str, object]) -> str:
    """An IAM policy document, rendered with jsonencode so plans show it as structured JSON."""
    return Fn.jsonencode({"Version": "2012-10-17", "Statement": list(statements)})


def _when_null(value: str, then: object) -> object:
    """`then` while `value` (a variable that may be null) is null, else null."""
    return Token.as_any(Fn.conditional(Op.eq(value, Token.null_value()), then, Token.null_value()))


class IdempotentApiDestination(Construct):
    """Events on a custom bus, sent to an HTTP API with an idempotency key."""

    def __init__(self, scope: Construct, id: str, *, inputs: PatternInputs) -> None:
        super().__init__(scope, id)
        prefix, tags = inputs.name_prefix, inputs.tags
        self.caller = DataAwsCallerIdentity(self, "caller")
        self.partition = DataAwsPartition(self, "partition")
        self.region = DataAwsRegion(self, "region")
        logging = inputs.provider_major_version >= 6 and inputs.bus_log_level != "OFF"
        self.log_group_name = f"/aws/vendedlogs/events/event-bus/{prefix}-bus"

        self.kms_key: KmsKey | None = None
        key = inputs.kms_key_arn
        sse: object = True if key is None else _when_null(key, True)
        if inputs.create_kms_key:
            self.kms_key = self._key(inputs, logging)
            key, sse = self.kms_key.arn, None

        self.dlq = SqsQueue(
            self,
            "dlq",
            name=f"{prefix}-dlq",
            message_retention_seconds=inputs.dlq_message_retention_seconds,
            # SSE-SQS unless a customer key is given (the two exclude each other).
            kms_master_key_id=key,
            sqs_managed_sse_enabled=sse,
            tags=tags,
        )

        self.bus = CloudwatchEventBus(
            self,
            "bus",
            name=f"{prefix}-bus",
            kms_key_identifier=key,
            # Events the bus cannot encrypt or decrypt (a disabled customer key)
            # go here instead of being dropped (user guide, DLQs for encrypted events).
            dead_letter_config=CloudwatchEventBusDeadLetterConfig(arn=self.dlq.arn),
            log_config=(
                CloudwatchEventBusLogConfig(
                    level=inputs.bus_log_level, include_detail=inputs.bus_log_include_detail
                )
                if logging
                else None
            ),
            tags=tags,
        )

        self.connection = CloudwatchEventConnection(
            self,
            "connection",
            name=f"{prefix}-connection",
            description=f"Auth for the {prefix} API destination",
            authorization_type=inputs.authorization_type,
            auth_parameters=inputs.auth_parameters,
            kms_key_identifier=key,
        )

        self.api_destination = CloudwatchEventApiDestination(
            self,
            "api_destination",
            name=f"{prefix}-api-destination",
            description=f"Receiving API of {prefix}",
            connection_arn=self.connection.arn,
            invocation_endpoint=inputs.endpoint,
            http_method=inputs.http_method,
            invocation_rate_limit_per_second=inputs.invocation_rate_limit_per_second,
        )

        # The seed's pattern matches every event from the deploying account.
        account_pattern = Fn.jsonencode({"account": [self.caller.account_id]})
        self.rule = CloudwatchEventRule(
            self,
            "rule",
            name=f"{prefix}-rule",
            description=f"Sends matching events on {prefix}-bus to the API destination",
            event_bus_name=self.bus.name,
            event_pattern=Token.as_string(
                Fn.conditional(
                    Op.eq(Fn.jsonencode(inputs.event_pattern), "{}"),
                    account_pattern,
                    Fn.jsonencode(inputs.event_pattern),
                )
            ),
            tags=tags,
        )

        # Without this policy EventBridge cannot write to the queue and failed
        # events are dropped (metric InvocationsFailedToBeSentToDlq).
        self.dlq_policy = SqsQueuePolicy(
            self,
            "dlq_policy",
            queue_url=self.dlq.url,
            policy=_policy(
                {
                    "Sid": "EventBridgeDeadLetters",
                    "Effect": "Allow",
                    "Principal": {"Service": EVENTS_PRINCIPAL},
                    "Action": "sqs:SendMessage",
                    "Resource": self.dlq.arn,
                    # The bus sends here what it cannot decrypt.
                    "Condition": {"ArnEquals": {"aws:SourceArn": [self.rule.arn, self.bus.arn]}},
                }
            ),
        )

        self.role = IamRole(
            self,
            "role",
            name=f"{prefix}-invoke-api-destination",
            description=f"Assumed by EventBridge to call the {prefix} API destination",
            assume_role_policy=_policy(
                {
                    "Effect": "Allow",
                    "Principal": {"Service": EVENTS_PRINCIPAL},
                    "Action": "sts:AssumeRole",
                    "Condition": {
                        "StringEquals": {"aws:SourceAccount": self.caller.account_id},
                        "ArnEquals": {"aws:SourceArn": self.rule.arn},
                    },
                }
            ),
            tags=tags,
        )
        self.role_policy = IamRolePolicy(
            self,
            "role_policy",
            name="invoke-api-destination",
            role=self.role.id,
            policy=_policy(
                {
                    "Effect": "Allow",
                    "Action": "events:InvokeApiDestination",
                    "Resource": self.api_destination.arn,
                }
            ),
        )

        self.target = CloudwatchEventTarget(
            self,
            "target",
            rule=self.rule.name,
            event_bus_name=self.bus.name,
            target_id="api-destination",
            arn=self.api_destination.arn,
            role_arn=self.role.arn,
            http_target=CloudwatchEventTargetHttpTarget(
                header_parameters={inputs.idempotency_header_name: inputs.idempotency_key_path}
            ),
            retry_policy=CloudwatchEventTargetRetryPolicy(
                maximum_retry_attempts=inputs.maximum_retry_attempts,
                maximum_event_age_in_seconds=inputs.maximum_event_age_in_seconds,
            ),
            dead_letter_config=CloudwatchEventTargetDeadLetterConfig(arn=self.dlq.arn),
            lifecycle=TerraformResourceLifecycle(
                precondition=[
                    Precondition(
                        condition=Op.neq(
                            Fn.lower(inputs.auth_header_name),
                            Fn.lower(inputs.idempotency_header_name),
                        ),
                        error_message=f"Invalid idempotency_header_name: {KEY_SHADOWS_HEADER}.",
                    )
                ]
            ),
        )

        self._alarms(inputs)
        self._archive(inputs, key)
        if logging:
            self._logging(inputs, key)

    def _alarms(self, inputs: PatternInputs) -> None:
        """Alarms on every way an event can be lost, and the topic they notify."""
        prefix = inputs.name_prefix
        # Not KMS-encrypted: CloudWatch cannot publish to a topic under the
        # AWS-managed aws/sns key, and alarms carry no event data. Teams that
        # need an encrypted topic pass their own in alarm_actions.
        self.alarm_topic = SnsTopic(self, "alarm_topic", name=f"{prefix}-alarms", tags=inputs.tags)
        emails = TerraformCount.of(Token.as_number(Fn.length_of(inputs.alarm_emails)))
        self.alarm_subscriptions = SnsTopicSubscription(
            self,
            "alarm_email",
            count=emails,
            topic_arn=self.alarm_topic.arn,
            protocol="email",
            endpoint=Token.as_string(Fn.element(inputs.alarm_emails, emails.index)),
        )
        actions = Token.as_list(Fn.concat([inputs.alarm_actions, [self.alarm_topic.arn]]))
        on = Token.as_number(Fn.conditional(inputs.create_alarms, 1, 0))
        # Metric names and dimensions: EventBridge user guide, monitoring (a rule
        # on a custom bus reports with EventBusName and RuleName); SQS developer guide.
        rule_dimensions = {"EventBusName": self.bus.name, "RuleName": self.rule.name}
        self.alarms = [
            CloudwatchMetricAlarm(
                self,
                f"alarm_{suffix.replace('-', '_')}",
                count=on,
                alarm_name=f"{prefix}-{suffix}",
                alarm_description=description,
                namespace=namespace,
                metric_name=metric,
                dimensions=dimensions,
                statistic=statistic,
                period=300,
                evaluation_periods=1,
                threshold=0,
                comparison_operator="GreaterThanThreshold",
                # The Events metrics are only sent when they are not zero.
                treat_missing_data="notBreaching",
                alarm_actions=actions,
                ok_actions=actions,
                tags=inputs.tags,
            )
            for suffix, namespace, metric, dimensions, statistic, description in (
                (
                    "dlq-not-empty",
                    "AWS/SQS",
                    "ApproximateNumberOfMessagesVisible",
                    {"QueueName": self.dlq.name},
                    "Maximum",
                    "Events EventBridge could not deliver wait in the dead-letter queue. "
                    "See the README: when an alarm fires.",
                ),
                (
                    "failed-invocations",
                    "AWS/Events",
                    "FailedInvocations",
                    rule_dimensions,
                    "Sum",
                    "Deliveries to the API destination failed for good.",
                ),
                (
                    "dlq-delivery-failures",
                    "AWS/Events",
                    "InvocationsFailedToBeSentToDlq",
                    rule_dimensions,
                    "Sum",
                    "Failed events could not be written to the dead-letter queue: they are lost.",
                ),
            )
        ]

    def _archive(self, inputs: PatternInputs, key: str | None) -> None:
        """An optional archive of the bus's events, for replay."""
        pattern = inputs.archive_event_pattern
        self.archive = CloudwatchEventArchive(
            self,
            "archive",
            count=Token.as_number(Fn.conditional(inputs.create_archive, 1, 0)),
            name=f"{inputs.name_prefix}-archive",
            description=f"Events on {inputs.name_prefix}-bus, for replay",
            event_source_arn=self.bus.arn,
            retention_days=inputs.archive_retention_days,
            # The archive's own key exists from provider 6 on; AWS recommends it
            # whenever the bus has a customer key (API reference: CreateArchive).
            kms_key_identifier=key if inputs.provider_major_version >= 6 else None,
            event_pattern=Token.as_string(
                Fn.conditional(
                    Op.eq(Fn.jsonencode(pattern), "{}"), Token.null_value(), Fn.jsonencode(pattern)
                )
            ),
        )

    def _arn(self, service: str, resource: str) -> str:
        """An ARN in this account and region, for policies written before the resource exists."""
        return (
            f"arn:{self.partition.partition}:{service}:{self.region.name}:"
            f"{self.caller.account_id}:{resource}"
        )

    def _key(self, inputs: PatternInputs, logging: bool) -> KmsKey:
        """A customer managed key for the bus, the connection, the queue and the logs.

        Its policy cannot name the bus or the rule by reference (they name the
        key), so it names them by their ARNs, which follow from their names.
        """
        prefix = inputs.name_prefix
        bus_arn = self._arn("events", f"event-bus/{prefix}-bus")
        rule_arn = self._arn("events", f"rule/{prefix}-bus/{prefix}-rule")
        account = {"aws:SourceAccount": self.caller.account_id}
        statements: list[dict[str, object]] = [
            {
                # The account's IAM policies decide who else may use the key,
                # EventBridge's service-linked role (for the connection) among them.
                "Sid": "AccountAdministersTheKey",
                "Effect": "Allow",
                "Principal": {
                    "AWS": f"arn:{self.partition.partition}:iam::{self.caller.account_id}:root"
                },
                "Action": "kms:*",
                "Resource": "*",
            },
            {
                "Sid": "EventBridgeDescribesTheKey",
                "Effect": "Allow",
                "Principal": {"Service": EVENTS_PRINCIPAL},
                "Action": "kms:DescribeKey",
                "Resource": "*",
                "Condition": {"StringEquals": account},
            },
            {
                # User guide: encrypting event buses and archives with KMS keys.
                "Sid": "EventBridgeEncryptsTheBus",
                "Effect": "Allow",
                "Principal": {"Service": EVENTS_PRINCIPAL},
                "Action": [
                    "kms:GenerateDataKey",
                    "kms:Decrypt",
                    "kms:ReEncryptFrom",
                    "kms:ReEncryptTo",
                ],
                "Resource": "*",
                "Condition": {
                    "StringEquals": account
                    | {"kms:EncryptionContext:aws:events:event-bus:arn": bus_arn}
                },
            },
            {
                # User guide: dead-letter queues encrypted with a customer key.
                "Sid": "EventBridgeWritesDeadLetters",
                "Effect": "Allow",
                "Principal": {"Service": EVENTS_PRINCIPAL},
                "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
                "Resource": "*",
                "Condition": {"ArnEquals": {"aws:SourceArn": [rule_arn, bus_arn]}},
            },
        ]
        if logging:
            log_group_arn = self._arn("logs", f"log-group:{self.log_group_name}")
            statements.append(
                {
                    # CloudWatch Logs user guide: encrypt log data with KMS.
                    "Sid": "LogsEncryptsTheBusLogs",
                    "Effect": "Allow",
                    "Principal": {"Service": f"logs.{self.region.name}.amazonaws.com"},
                    "Action": [
                        "kms:Encrypt",
                        "kms:Decrypt",
                        "kms:ReEncryptFrom",
                        "kms:ReEncryptTo",
                        "kms:GenerateDataKey",
                        "kms:DescribeKey",
                    ],
                    "Resource": "*",
                    "Condition": {
                        "ArnEquals": {"kms:EncryptionContext:aws:logs:arn": log_group_arn}
                    },
                }
            )
        key = KmsKey(
            self,
            "key",
            description=f"Encrypts the bus, connection secret, dead letters and logs of {prefix}",
            enable_key_rotation=True,
            deletion_window_in_days=30,
            policy=_policy(*statements),
            tags=Token.as_string_map(Fn.merge([inputs.tags, CONNECTION_KEY_TAG])),
        )
        KmsAlias(self, "key_alias", name=f"alias/{prefix}", target_key_id=key.key_id)
        return key

    def _logging(self, inputs: PatternInputs, key: str | None) -> None:
        """Bus logs delivered to a CloudWatch log group (provider 6 only)."""
        prefix = inputs.name_prefix
        self.log_group = CloudwatchLogGroup(
            self,
            "bus_logs",
            name=self.log_group_name,
            retention_in_days=inputs.bus_log_retention_days,
            kms_key_id=key,
            tags=inputs.tags,
        )
        destination = CloudwatchLogDeliveryDestination(
            self,
            "bus_log_destination",
            name=f"{prefix}-bus-logs",
            delivery_destination_configuration=[
                CloudwatchLogDeliveryDestinationDeliveryDestinationConfiguration(
                    destination_resource_arn=self.log_group.arn
                )
            ],
            tags=inputs.tags,
        )
        previous: list[CloudwatchLogDelivery] = []
        for level in LOG_TYPES[inputs.bus_log_level]:
            source = CloudwatchLogDeliverySource(
                self,
                f"bus_log_source_{level.lower()}",
                name=f"{prefix}-bus-{level.lower()}-logs",
                log_type=f"{level}_LOGS",
                resource_arn=self.bus.arn,
                tags=inputs.tags,
            )
            # One delivery at a time: the logs API refuses concurrent changes.
            delivery = CloudwatchLogDelivery(
                self,
                f"bus_log_delivery_{level.lower()}",
                delivery_source_name=source.name,
                delivery_destination_arn=destination.arn,
                depends_on=previous or None,
                tags=inputs.tags,
            )
            previous = [delivery]
