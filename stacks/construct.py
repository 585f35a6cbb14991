"""The pattern's resources and the wires between them.

A custom event bus; a rule on it; a target that sends matching events to an
API destination (through a connection that holds the auth), at a bounded rate,
with retries, a dead-letter queue, and an idempotency-key header filled from a
field of the event. Also what AWS CDK created for the seed without the seed
writing it: the role EventBridge assumes to invoke the destination, and the
queue policy that lets EventBridge write to the dead-letter queue. Beyond the
seed: further API destinations on the same bus (each on the main rule or on a
rule of its own, with its own role), alarms on every way an event can be lost
and the topic they notify, an optional archive of the bus for replay, an
optional customer managed key, and bus logging.
"""

from __future__ import annotations

import dataclasses
import json
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
    CloudwatchEventTargetInputTransformer,
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

from stacks.config import (
    DESTINATION_ROLE_SUFFIX,
    HEADER_IS_THE_KEY,
    KEY_SHADOWS_HEADER,
    MAX_NAME_LENGTH,
)

EVENTS_PRINCIPAL = "events.amazonaws.com"

# EventBridge logs by level; each level also sends the levels above it
# (user guide, event bus logs).
LOG_TYPES = {"ERROR": ("ERROR",), "INFO": ("ERROR", "INFO"), "TRACE": ("ERROR", "INFO", "TRACE")}

# The tag EventBridge's service-linked role requires on a key it uses for a
# connection's secret (user guide, encrypting connections).
CONNECTION_KEY_TAG = {"EventBridgeApiDestinations": "true"}


@dataclass(frozen=True)
class DestinationInputs:
    """What one API destination is built from: the main one's are references to
    variables; a further one's are literals, fixed at synth time."""

    name: str  # "" for the main destination
    auth_header_name: str  # the header its connection sets
    endpoint: str
    http_method: str
    invocation_rate_limit_per_second: float
    maximum_retry_attempts: float
    maximum_event_age_in_seconds: float
    idempotency_header_name: str
    idempotency_key_path: str
    header_parameters: Mapping[str, str] = dataclasses.field(default_factory=dict)
    input_paths: Mapping[str, str] = dataclasses.field(default_factory=dict)
    input_template: str | None = None
    event_pattern: Mapping[str, object] | None = None  # None: a target on the main rule
    # (authorization_type, auth block) of its own connection; None: the main connection
    connection: tuple[str, CloudwatchEventConnectionAuthParameters] | None = None


# The settings a destination's target and API destination are built from,
# named as in the config (for the main destination) and in `destinations`.
DESTINATION_SETTINGS = tuple(
    f.name
    for f in dataclasses.fields(DestinationInputs)
    if f.name not in ("name", "auth_header_name", "event_pattern", "connection")
)


@dataclass(frozen=True)
class PatternInputs:
    """Every value the pattern is built from.

    The stack passes references to its Terraform variables, so callers can set
    them at plan time; a value may also be a literal. `event_pattern` is the
    main rule's pattern as data (or a reference to it); when it is empty the
    rule matches the deploying account, as in the seed.
    """

    name_prefix: str
    main: DestinationInputs  # the main API destination, on the main rule and connection
    authorization_type: str
    auth_parameters: CloudwatchEventConnectionAuthParameters
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
    destinations: Sequence[DestinationInputs] = ()
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


def _headers(d: DestinationInputs) -> Mapping[str, str]:
    """The further headers and the idempotency header (a JSONPath into the event)."""
    key = {d.idempotency_header_name: d.idempotency_key_path}
    if not any(map(Token.is_unresolved, (d.header_parameters, d.idempotency_header_name))):
        return {**d.header_parameters, **key}
    # A map key that is a reference must be built by a function, not written as a key.
    key_map = Fn.zipmap([d.idempotency_header_name], [d.idempotency_key_path])
    return Token.as_string_map(Fn.merge([d.header_parameters, key_map]))


class IdempotentApiDestination(Construct):
    """Events on a custom bus, sent to an HTTP API with an idempotency key."""

    def __init__(self, scope: Construct, id: str, *, inputs: PatternInputs) -> None:
        super().__init__(scope, id)
        prefix, tags = inputs.name_prefix, inputs.tags
        self._tags = tags
        self.caller = DataAwsCallerIdentity(self, "caller")
        self.partition = DataAwsPartition(self, "partition")
        region = DataAwsRegion(self, "region")
        # Provider 6 renamed the data source's `name` to `region` (`name` is deprecated).
        self.region_name = region.region if inputs.provider_major_version >= 6 else region.name
        logging = inputs.provider_major_version >= 6 and inputs.bus_log_level != "OFF"
        # Names AWS sees, fixed here: the key's policy needs the bus's and the
        # rules' before they exist (they refer to the key).
        self.bus_name = f"{prefix}-bus"
        self.rule_names = {"": f"{prefix}-rule"} | {
            d.name: f"{prefix}-{d.name}-rule"
            for d in inputs.destinations
            if d.event_pattern is not None
        }
        self.log_group_name = f"/aws/vendedlogs/events/event-bus/{self.bus_name}"

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
            name=self.bus_name,
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

        # The seed's pattern matches every event from the deploying account.
        account_pattern = Fn.jsonencode({"account": [self.caller.account_id]})
        self.rule = CloudwatchEventRule(
            self,
            "rule",
            name=self.rule_names[""],
            description=f"Sends matching events on {self.bus_name} to the API destination",
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
        # A further destination with a pattern of its own gets its own rule.
        self.rules = {"": self.rule} | {
            d.name: CloudwatchEventRule(
                self,
                f"{d.name}_rule",
                name=self.rule_names[d.name],
                description=f"Sends matching events on {self.bus_name} to {d.name}",
                event_bus_name=self.bus.name,
                event_pattern=json.dumps(d.event_pattern, sort_keys=True),
                tags=tags,
            )
            for d in inputs.destinations
            if d.name in self.rule_names
        }

        # Without this policy EventBridge cannot write to the queue and failed
        # events are dropped (metric InvocationsFailedToBeSentToDlq).
        sources = [rule.arn for rule in self.rules.values()] + [self.bus.arn]
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
                    # Every rule's targets, and the bus for what it cannot decrypt.
                    "Condition": {"ArnEquals": {"aws:SourceArn": sources}},
                }
            ),
        )

        main = self._deliver("", prefix, inputs.main, self.rule, self.connection)
        self.api_destination, self.role, self.target = main
        self.destinations: dict[str, CloudwatchEventApiDestination] = {}
        for d in inputs.destinations:
            connection = self.connection
            if d.connection is not None:
                kind, auth = d.connection
                connection = CloudwatchEventConnection(
                    self,
                    f"{d.name}_connection",
                    name=f"{prefix}-{d.name}-connection",
                    description=f"Auth for the {prefix} API destination {d.name}",
                    authorization_type=kind,
                    auth_parameters=auth,
                    kms_key_identifier=key,
                )
            rule = self.rules.get(d.name, self.rule)
            destination, _, _ = self._deliver(
                f"{d.name}_", f"{prefix}-{d.name}", d, rule, connection
            )
            self.destinations[d.name] = destination

        self._alarms(inputs)
        self._archive(inputs, key)
        if logging:
            self._logging(inputs, key)

    def _deliver(
        self,
        id_prefix: str,
        name: str,
        d: DestinationInputs,
        rule: CloudwatchEventRule,
        connection: CloudwatchEventConnection,
    ) -> tuple[CloudwatchEventApiDestination, IamRole, CloudwatchEventTarget]:
        """An API destination, the role that may invoke only it, and its target on `rule`."""
        role_name = f"{name}{DESTINATION_ROLE_SUFFIX}"
        destination = CloudwatchEventApiDestination(
            self,
            f"{id_prefix}api_destination",
            name=f"{name}-api-destination",
            description=f"Receiving API of {name}",
            connection_arn=connection.arn,
            invocation_endpoint=d.endpoint,
            http_method=d.http_method,
            invocation_rate_limit_per_second=d.invocation_rate_limit_per_second,
        )
        role = IamRole(
            self,
            f"{id_prefix}role",
            name=role_name,
            description=f"Assumed by EventBridge to call the {name} API destination",
            assume_role_policy=_policy(
                {
                    "Effect": "Allow",
                    "Principal": {"Service": EVENTS_PRINCIPAL},
                    "Action": "sts:AssumeRole",
                    "Condition": {
                        "StringEquals": {"aws:SourceAccount": self.caller.account_id},
                        "ArnEquals": {"aws:SourceArn": rule.arn},
                    },
                }
            ),
            tags=self._tags,
            # name_prefix may change at plan time; a further destination's names
            # are the longest (IAM and EventBridge allow 64 characters).
            lifecycle=(
                TerraformResourceLifecycle(
                    precondition=[
                        Precondition(
                            condition=Op.lte(Fn.length_of(role_name), MAX_NAME_LENGTH),
                            error_message=f"Invalid name_prefix: {role_name} would be longer "
                            f"than {MAX_NAME_LENGTH} characters; shorten name_prefix.",
                        )
                    ]
                )
                if d.name
                else None
            ),
        )
        IamRolePolicy(
            self,
            f"{id_prefix}role_policy",
            name="invoke-api-destination",
            role=role.id,
            policy=_policy(
                {
                    "Effect": "Allow",
                    "Action": "events:InvokeApiDestination",
                    "Resource": destination.arn,
                }
            ),
        )
        idempotency = d.idempotency_header_name
        # Header names are HTTP tokens, which have no commas: join, lower, split.
        further = Fn.split(",", Fn.lower(Fn.join(",", Token.as_list(Fn.keys(d.header_parameters)))))
        # Values that may change at plan time are checked then; literals were
        # checked with the config (Terraform refuses a check of constants).
        checks = []
        if any(map(Token.is_unresolved, (d.auth_header_name, idempotency))):
            checks.append(
                Precondition(
                    condition=Op.neq(Fn.lower(d.auth_header_name), Fn.lower(idempotency)),
                    error_message=f"Invalid idempotency_header_name: {KEY_SHADOWS_HEADER}.",
                )
            )
        if any(map(Token.is_unresolved, (d.header_parameters, idempotency))):
            checks.append(
                Precondition(
                    condition=Op.not_(Fn.contains(further, Fn.lower(idempotency))),
                    error_message=f"Invalid header_parameters: {HEADER_IS_THE_KEY}.",
                )
            )
        target = CloudwatchEventTarget(
            self,
            f"{id_prefix}target",
            rule=rule.name,
            event_bus_name=self.bus.name,
            target_id=f"api-destination-{d.name}" if d.name else "api-destination",
            arn=destination.arn,
            role_arn=role.arn,
            http_target=CloudwatchEventTargetHttpTarget(header_parameters=_headers(d)),
            input_transformer=(
                CloudwatchEventTargetInputTransformer(
                    input_paths=d.input_paths or None, input_template=d.input_template
                )
                if d.input_template is not None
                else None
            ),
            retry_policy=CloudwatchEventTargetRetryPolicy(
                maximum_retry_attempts=d.maximum_retry_attempts,
                maximum_event_age_in_seconds=d.maximum_event_age_in_seconds,
            ),
            dead_letter_config=CloudwatchEventTargetDeadLetterConfig(arn=self.dlq.arn),
            lifecycle=TerraformResourceLifecycle(precondition=checks) if checks else None,
        )
        return destination, role, target

    def _alarms(self, inputs: PatternInputs) -> None:
        """Alarms on every way an event can be lost, and the topic they notify."""
        prefix = inputs.name_prefix
        # Under the created key, whose policy lets CloudWatch publish. Otherwise
        # not KMS-encrypted: CloudWatch cannot publish to a topic under the
        # AWS-managed aws/sns key (nor under a key of the user's that does not
        # allow it), and alarms carry no event data.
        self.alarm_topic = SnsTopic(
            self,
            "alarm_topic",
            name=f"{prefix}-alarms",
            kms_master_key_id=self.kms_key.arn if self.kms_key else None,
            tags=inputs.tags,
        )
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
        # (destination name, or "" for the pattern's own; what is watched; ...)
        watched = [
            (
                "",
                "dlq-not-empty",
                "AWS/SQS",
                "ApproximateNumberOfMessagesVisible",
                {"QueueName": self.dlq.name},
                "Maximum",
                "Events EventBridge could not deliver wait in the dead-letter queue. "
                "See the README: when an alarm fires.",
            )
        ]
        for name, rule in self.rules.items():
            dimensions = {"EventBusName": self.bus.name, "RuleName": rule.name}
            watched += [
                (
                    name,
                    "failed-invocations",
                    "AWS/Events",
                    "FailedInvocations",
                    dimensions,
                    "Sum",
                    "Deliveries to the API destination failed for good.",
                ),
                (
                    name,
                    "dlq-delivery-failures",
                    "AWS/Events",
                    "InvocationsFailedToBeSentToDlq",
                    dimensions,
                    "Sum",
                    "Failed events could not be written to the dead-letter queue: they are lost.",
                ),
            ]
        self.alarms = [
            CloudwatchMetricAlarm(
                self,
                # Ids keep the destination's name as it is: '-' and '_' may both be in it.
                f"alarm_{name + '_' if name else ''}{suffix.replace('-', '_')}",
                count=on,
                alarm_name=f"{prefix}-{name + '-' if name else ''}{suffix}",
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
            for name, suffix, namespace, metric, dimensions, statistic, description in watched
        ]

    def _archive(self, inputs: PatternInputs, key: str | None) -> None:
        """An optional archive of the bus's events, for replay."""
        pattern = inputs.archive_event_pattern
        self.archive = CloudwatchEventArchive(
            self,
            "archive",
            count=Token.as_number(Fn.conditional(inputs.create_archive, 1, 0)),
            name=f"{inputs.name_prefix}-archive",
            description=f"Events on {self.bus_name}, for replay",
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
            f"arn:{self.partition.partition}:{service}:{self.region_name}:"
            f"{self.caller.account_id}:{resource}"
        )

    def _key(self, inputs: PatternInputs, logging: bool) -> KmsKey:
        """A customer managed key for the bus, the connection, the queue and the logs.

        Its policy cannot name the bus or the rule by reference (they name the
        key), so it names them by their ARNs, which follow from their names.
        """
        prefix = inputs.name_prefix
        bus_arn = self._arn("events", f"event-bus/{self.bus_name}")
        rule_arns = [
            self._arn("events", f"rule/{self.bus_name}/{name}") for name in self.rule_names.values()
        ]
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
                "Condition": {"ArnEquals": {"aws:SourceArn": [*rule_arns, bus_arn]}},
            },
            {
                # SNS developer guide: encrypted topics and AWS services that publish.
                "Sid": "CloudWatchPublishesThisPatternsAlarms",
                "Effect": "Allow",
                "Principal": {"Service": "cloudwatch.amazonaws.com"},
                "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
                "Resource": "*",
                "Condition": {
                    "ArnLike": {"aws:SourceArn": self._arn("cloudwatch", f"alarm:{prefix}-*")}
                },
            },
        ]
        if logging:
            log_group_arn = self._arn("logs", f"log-group:{self.log_group_name}")
            statements.append(
                {
                    # CloudWatch Logs user guide: encrypt log data with KMS.
                    "Sid": "LogsEncryptsTheBusLogs",
                    "Effect": "Allow",
                    "Principal": {"Service": f"logs.{self.region_name}.amazonaws.com"},
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
