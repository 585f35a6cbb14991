"""The pattern's configuration: one frozen, typed model, its defaults, and its checks.

Defaults reproduce the seed (AWS CDK's EbApiDestinationStack). Setting names
copy the Terraform AWS provider's argument names. A config is read from a TOML
file named by the APIDEST_CONFIG environment variable, or is all defaults when
that variable is unset. Every setting becomes the default of a Terraform
variable of the same name (see stacks/stack.py); only region, the state
backend and the provider's major version are fixed at synth time.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import MISSING, Field, dataclass, field, fields, make_dataclass
from pathlib import Path
from typing import Any

from stacks import limits
from stacks.hcl import interpolated
from stacks.limits import label, show

CONFIG_ENV_VAR = "APIDEST_CONFIG"
# A config file is a few kilobytes; a bigger one is a mistake, not a config.
MAX_CONFIG_BYTES = 1024 * 1024

# A value's allowed values are its rule's (stacks/limits.py), not a Literal type here.
EventPattern = Mapping[str, object] | str
InvocationParameter = Mapping[str, object]

# The key of the top-level (main) destination in every per-destination map.
MAIN = "main"


class ConfigError(ValueError):
    """Every problem found in a configuration, one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        count = f"{len(problems)} problem" + ("s" if len(problems) != 1 else "")
        super().__init__(
            f"invalid configuration ({count}):\n" + "\n".join(f"  - {p}" for p in problems)
        )


# Where a setting applies, the `scope` of its row:
PATTERN = "pattern"  # the pattern as a whole, once
DESTINATION = "destination"  # each destination: the top level's, and each further one's own
OWN_RULE = "own rule"  # the main rule; a further destination that sets it gets a rule of its own
CONNECTION = "connection"  # the main connection; a further destination's own connection
# The Terraform type of `invocation_parameters` (a secret one takes its value from
# connection_invocation_secrets).
INVOCATION_PARAMETERS_TYPE = (
    "list(object({location = string, key = string, value = optional(string), "
    "secret = optional(bool, false)}))"
)


def setting(
    doc: str,
    default: object = None,
    *,
    rule: limits.Rule | None = None,
    terraform: str | None = None,
    scope: str = PATTERN,
    destination_rule: limits.Rule | None = None,
    provider: int = 5,
    factory: Callable[[], object] | None = None,
) -> Any:
    """One row of the settings table: a config field and everything derived from it.

    - `doc`: one line, used in the Terraform variable's description and the README;
    - `default` (or `factory`): the value when the TOML file leaves it out, and the
      Terraform variable's default;
    - `rule`: what AWS allows (stacks/limits.py): the Python check and the Terraform
      validation; `destination_rule` where a further destination's differs;
    - `terraform`: the variable's Terraform type; None for the settings fixed at synth
      time (region, the state backend, the provider's major version);
    - `scope`: PATTERN, DESTINATION, OWN_RULE or CONNECTION (above): which further
      destinations may set it too;
    - `provider`: the AWS provider major version whose stack has the variable.
    """
    metadata = {
        "doc": doc,
        "rule": rule,
        "terraform": terraform,
        "scope": scope,
        "destination_rule": destination_rule or rule,
        "provider": provider,
    }
    if factory is not None:
        return field(default_factory=factory, metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True)
class PatternConfig:
    """Everything a user may set. Defaults reproduce the seed."""

    name_prefix: str = setting(
        "Prefix of every name AWS sees (bus, connection, API destination, rule, queue, role, "
        "alarms); unique per instance of the pattern in an account and region.",
        "idempotent-apidest",
        rule=limits.NAME_PREFIX,
        terraform="string",
    )
    region: str | None = setting(
        "AWS region. Unset leaves it to the provider (AWS_REGION, the profile), as the seed does.",
        rule=limits.REGION,
    )
    create_bus: bool = setting(
        "Create the event bus. false attaches the rules to the existing bus event_bus_name.",
        True,
        rule=limits.FLAG,
        terraform="bool",
    )
    event_bus_name: str | None = setting(
        "Name of the bus: of the created one (unset: <name_prefix>-bus), or of an existing "
        "one when create_bus is false (`default` included).",
        rule=limits.BUS_NAME,
        terraform="string",
    )
    endpoint: str | None = setting(
        "HTTPS URL of the receiving API, at most 2048 characters. "
        "Unset makes the `endpoint` Terraform variable required at plan time.",
        rule=limits.ENDPOINT,
        terraform="string",
        scope=DESTINATION,
    )
    http_method: str = setting(
        "HTTP method of every request (AWS CDK's default, which the seed uses).",
        "POST",
        rule=limits.HTTP_METHOD,
        terraform="string",
        scope=DESTINATION,
    )
    invocation_rate_limit_per_second: int = setting(
        "Maximum requests per second to the endpoint, at least 1 (the seed's 1).",
        1,
        rule=limits.RATE_LIMIT,
        terraform="number",
        scope=DESTINATION,
    )
    maximum_retry_attempts: int = setting(
        "Retries after a 429, a 5xx or a time-out before the event goes to the "
        "dead-letter queue, 0-185 (the seed's 3).",
        3,
        rule=limits.RETRY_ATTEMPTS,
        terraform="number",
        scope=DESTINATION,
    )
    maximum_event_age_in_seconds: int = setting(
        "Seconds EventBridge keeps retrying an event, 60-86400 (AWS's default of 24 hours, "
        "which the seed uses).",
        86400,
        rule=limits.EVENT_AGE,
        terraform="number",
        scope=DESTINATION,
    )
    idempotency_header_name: str = setting(
        "Header that carries the idempotency key.",
        "Idempotency-Key",
        rule=limits.HEADER_NAME,
        terraform="string",
        scope=DESTINATION,
    )
    idempotency_key_path: str = setting(
        "JSONPath into the event whose value becomes the idempotency key.",
        "$.detail.customID",
        rule=limits.JSON_PATH,
        terraform="string",
        scope=DESTINATION,
    )
    header_parameters: Mapping[str, str] = setting(
        "Further request headers: a table of header name to a fixed value or to a JSONPath "
        "into the event (the whole value, e.g. $.detail.tenant).",
        factory=dict,
        rule=limits.HEADER_PARAMETERS,
        terraform="map(string)",
        scope=DESTINATION,
    )
    event_pattern: EventPattern = setting(
        "The rule's event pattern: a table of lists, or its JSON text. Empty (the default) "
        'is the seed\'s `{"account": [<deploying account>]}`.',
        factory=dict,
        rule=limits.EVENT_PATTERN_RULE,
        terraform="any",
        scope=OWN_RULE,
        destination_rule=limits.DESTINATION_PATTERN,
    )
    input_paths: Mapping[str, str] = setting(
        "Input transformer: names for JSONPaths into the event, used as <name> in "
        "input_template. Needs input_template.",
        factory=dict,
        rule=limits.INPUT_PATHS,
        terraform="map(string)",
        scope=DESTINATION,
    )
    input_template: str | None = setting(
        "Input transformer: the request body built from input_paths. Unset sends the event "
        "as it is.",
        rule=limits.INPUT_TEMPLATE,
        terraform="string",
        scope=DESTINATION,
    )
    path_parameter_values: Sequence[str] = setting(
        "Values for the `*` wildcards of the endpoint's path, in order: fixed text or a "
        "JSONPath into the event (e.g. $.detail.orderId). At most one per wildcard.",
        factory=list,
        rule=limits.PATH_PARAMETER_VALUES,
        terraform="list(string)",
        scope=DESTINATION,
    )
    query_string_parameters: Mapping[str, str] = setting(
        "Query string parameters of every request: a table of key to fixed text or to a "
        "JSONPath into the event.",
        factory=dict,
        rule=limits.QUERY_STRING_PARAMETERS,
        terraform="map(string)",
        scope=DESTINATION,
    )
    rule_state: str = setting(
        "State of the main rule: ENABLED, or DISABLED to stop sending its events (they are "
        "not kept; an archive keeps them for replay).",
        "ENABLED",
        rule=limits.RULE_STATE,
        terraform="string",
        scope=OWN_RULE,
    )
    authorization_type: str = setting(
        "How the connection authorizes: API_KEY (a header), BASIC, OAUTH_CLIENT_CREDENTIALS, "
        "or NONE for endpoints without auth (the seed's dummy API key). Each secret comes "
        "from a sensitive variable: connection_api_key_value, connection_basic_password or "
        "connection_oauth_client_secret.",
        "API_KEY",
        rule=limits.AUTHORIZATION_TYPE,
        terraform="string",
        scope=CONNECTION,
    )
    api_key_name: str | None = setting(
        "Header that carries the API key; API_KEY and NONE only. Required with API_KEY in "
        "the module; the deployable stack defaults to the seed's `notused`.",
        rule=limits.HEADER_NAME,
        terraform="string",
        scope=CONNECTION,
    )
    basic_username: str | None = setting(
        "User name for BASIC auth; required with BASIC (at plan time if unset here).",
        rule=limits.AUTH_VALUE,
        terraform="string",
        scope=CONNECTION,
    )
    oauth_authorization_endpoint: str | None = setting(
        "HTTPS URL of the OAuth token endpoint; required with OAUTH_CLIENT_CREDENTIALS.",
        rule=limits.OAUTH_ENDPOINT,
        terraform="string",
        scope=CONNECTION,
    )
    oauth_http_method: str | None = setting(
        "HTTP method of the OAuth token request (unset: POST).",
        rule=limits.OAUTH_HTTP_METHOD,
        terraform="string",
        scope=CONNECTION,
    )
    oauth_client_id: str | None = setting(
        "OAuth client id; required with OAUTH_CLIENT_CREDENTIALS.",
        rule=limits.AUTH_VALUE,
        terraform="string",
        scope=CONNECTION,
    )
    oauth_body_parameters: Mapping[str, str] | None = setting(
        "Extra non-secret body parameters of the OAuth token request (a scope, say).",
        rule=limits.OAUTH_PARAMETERS,
        terraform="map(string)",
        scope=CONNECTION,
    )
    oauth_header_parameters: Mapping[str, str] | None = setting(
        "Extra non-secret header parameters of the OAuth token request.",
        rule=limits.OAUTH_HEADER_PARAMETERS,
        terraform="map(string)",
        scope=CONNECTION,
    )
    oauth_query_parameters: Mapping[str, str] | None = setting(
        "Extra non-secret query parameters of the OAuth token request.",
        rule=limits.OAUTH_PARAMETERS,
        terraform="map(string)",
        scope=CONNECTION,
    )
    invocation_parameters: Sequence[InvocationParameter] = setting(
        "Parameters the connection adds to every request, with any auth type: a list of "
        "tables with `location` (header, query_string or body), `key`, and either `value` "
        "or `secret = true`, whose value then comes from the sensitive variable "
        "`connection_invocation_secrets` (a map from key to value).",
        factory=list,
        rule=limits.INVOCATION_PARAMETERS,
        terraform=INVOCATION_PARAMETERS_TYPE,
        scope=CONNECTION,
    )
    destinations: Mapping[str, Mapping[str, object]] = setting(
        "Further API destinations on the same bus, by name (1-20 characters, not `main`): "
        "each a table of the per-destination settings in the README's 'Fan-out'. Each gets "
        "its own API destination, role and target; its own rule with an event_pattern, else "
        "a target on the main rule (5 targets per rule at most); its own connection with an "
        "authorization_type, else the main one.",
        factory=dict,
        terraform="any",
    )
    dlq_message_retention_seconds: int = setting(
        "Seconds a failed event waits in the dead-letter queue, 60-1209600: 14 days, "
        "SQS's maximum (the seed left SQS's default of 4 days).",
        1209600,
        rule=limits.DLQ_RETENTION,
        terraform="number",
    )
    dlq_arn: str | None = setting(
        "An existing standard SQS queue (its ARN) for failed events instead of the created "
        "one. Its policy is then yours: the README's 'Bring your own dead-letter queue' "
        "says what it must allow.",
        rule=limits.DLQ_ARN,
        terraform="string",
    )
    tags: Mapping[str, str] = setting(
        "Tags for every taggable resource (at most 49: AWS allows 50 and the key carries one "
        "of the pattern's own).",
        factory=dict,
        rule=limits.TAGS,
        terraform="map(string)",
    )
    role_path: str | None = setting(
        "IAM path of the roles EventBridge assumes to invoke the destinations (unset: /).",
        rule=limits.ROLE_PATH,
        terraform="string",
    )
    role_permissions_boundary: str | None = setting(
        "ARN of a managed policy set as the permissions boundary of those roles.",
        rule=limits.PERMISSIONS_BOUNDARY,
        terraform="string",
    )
    create_alarms: bool = setting(
        "CloudWatch alarms on the dead-letter queue's depth and on each rule's "
        "FailedInvocations and InvocationsFailedToBeSentToDlq.",
        True,
        rule=limits.FLAG,
        terraform="bool",
    )
    create_alarm_topic: bool = setting(
        "Create an SNS topic for the alarms to notify (when create_alarms is true and no "
        "alarm_topic_arn is given).",
        True,
        rule=limits.FLAG,
        terraform="bool",
    )
    alarm_topic_arn: str | None = setting(
        "An existing SNS topic for the alarms to notify instead of a created one.",
        rule=limits.SNS_TOPIC_ARN,
        terraform="string",
    )
    alarm_period: int = setting(
        "Seconds each alarm's metric is summed over: 10, 20, 30 or a multiple of 60.",
        300,
        rule=limits.ALARM_PERIOD,
        terraform="number",
    )
    alarm_evaluation_periods: int = setting(
        "Periods in a row that must breach before an alarm fires (at most a day in all).",
        1,
        rule=limits.ALARM_EVALUATION_PERIODS,
        terraform="number",
    )
    alarm_dlq_threshold: int = setting(
        "The dead-letter queue alarm fires when more messages than this wait (0: any).",
        0,
        rule=limits.ALARM_THRESHOLD,
        terraform="number",
    )
    alarm_failed_invocations_threshold: int = setting(
        "The FailedInvocations alarm of each rule fires when more than this many "
        "deliveries failed for good in a period (0: any). The alarm on events that could "
        "not even reach the dead-letter queue always fires on the first.",
        0,
        rule=limits.ALARM_THRESHOLD,
        terraform="number",
    )
    alarm_emails: Sequence[str] = setting(
        "Email addresses subscribed to the created alarm topic; each must confirm the mail "
        "AWS sends.",
        factory=list,
        rule=limits.ALARM_EMAILS,
        terraform="list(string)",
    )
    alarm_actions: Sequence[str] = setting(
        "Further ARNs (SNS topics) notified when an alarm fires and when it recovers.",
        factory=list,
        rule=limits.ALARM_ACTIONS,
        terraform="list(string)",
    )
    create_archive: bool = setting(
        "An event archive on the bus, for replaying events after an outage.",
        False,
        rule=limits.FLAG,
        terraform="bool",
    )
    archive_retention_days: int = setting(
        "Days archived events are kept; 0 keeps them indefinitely.",
        30,
        rule=limits.ARCHIVE_RETENTION,
        terraform="number",
    )
    archive_event_pattern: EventPattern = setting(
        "Which events are archived: a table of lists, or its JSON text. Empty (the default) "
        "archives every event on the bus.",
        factory=dict,
        rule=limits.EVENT_PATTERN_RULE,
        terraform="any",
    )
    create_kms_key: bool = setting(
        "A customer managed KMS key (rotated yearly) for the connections' secrets, the "
        "dead-letter queue, the bus and its logs, with the key policy and the "
        "EventBridgeApiDestinations tag EventBridge needs.",
        False,
        rule=limits.FLAG,
        terraform="bool",
    )
    kms_key_arn: str | None = setting(
        "An existing customer managed key to use instead: its ARN, an alias ARN or an alias "
        "name; its policy and tags must allow what the README's 'Customer managed keys' "
        "lists. Unset, with create_kms_key false, keeps AWS owned keys and SSE-SQS.",
        rule=limits.KMS_KEY,
        terraform="string",
    )
    provider_major_version: int = setting(
        "AWS provider major version the Terraform is written for: 5 admits 5.100.0 up to "
        "7.0.0 and uses only what both lines have; 6 requires 6.6.0 or later and adds the "
        "archive's customer key and bus logging.",
        5,
        rule=limits.PROVIDER_MAJOR_VERSION,
    )
    bus_log_level: str = setting(
        "Event bus logging to a CloudWatch log group: OFF, ERROR, INFO or TRACE. Needs "
        "provider_major_version = 6 and a created bus.",
        "OFF",
        rule=limits.BUS_LOG_LEVEL,
        terraform="string",
        provider=6,
    )
    bus_log_include_detail: str = setting(
        "Whether bus log records carry the event and the target's request and response "
        "(FULL) or not (NONE).",
        "NONE",
        rule=limits.BUS_LOG_DETAIL,
        terraform="string",
        provider=6,
    )
    bus_log_retention_days: int = setting(
        "Days the bus's log group keeps records (a CloudWatch Logs retention value).",
        365,
        rule=limits.LOG_RETENTION,
        terraform="number",
        provider=6,
    )
    state_backend: str = setting(
        "Where Terraform keeps state: `local` (a file beside cdktf.out/) or `s3` "
        "(encrypted, with S3-native locking; needs Terraform 1.10 or later).",
        "local",
        rule=limits.STATE_BACKEND,
    )
    state_bucket: str | None = setting(
        "S3 bucket for the state; required with `s3`.", rule=limits.S3_BUCKET
    )
    state_key: str = setting(
        "Object key of the state in the bucket.",
        "idempotent-api-destination/terraform.tfstate",
        rule=limits.S3_KEY,
    )
    state_region: str | None = setting(
        "Region of the state bucket; unset uses `region`. One of the two is required with `s3`.",
        rule=limits.REGION,
    )


# The settings each authorization type uses; giving another type's is an error,
# whatever the value (unset is None).
AUTH_SETTINGS: dict[str, tuple[str, ...]] = {
    "API_KEY": ("api_key_name",),
    "NONE": ("api_key_name",),
    "BASIC": ("basic_username",),
    "OAUTH_CLIENT_CREDENTIALS": (
        "oauth_authorization_endpoint",
        "oauth_http_method",
        "oauth_client_id",
        "oauth_body_parameters",
        "oauth_header_parameters",
        "oauth_query_parameters",
    ),
}
ALL_AUTH_SETTINGS = tuple(dict.fromkeys(n for names in AUTH_SETTINGS.values() for n in names))
# What each type needs (at plan time, when the config leaves it unset).
REQUIRED_AUTH_SETTINGS: dict[str, tuple[str, ...]] = {
    "API_KEY": ("api_key_name",),
    "BASIC": ("basic_username",),
    "OAUTH_CLIENT_CREDENTIALS": ("oauth_authorization_endpoint", "oauth_client_id"),
}
# The seed's dummy key for endpoints without auth (EventBridge requires a
# connection, and a connection requires credentials), and its header.
NO_AUTH_KEY = "notused"
# The header BASIC and OAuth connections set; API key connections set api_key_name.
AUTHORIZATION_HEADER = "Authorization"


def _destination_field(setting: Field[Any]) -> tuple[str, Any, Any]:
    """A further destination's field for a setting of the table: the top level's default
    for a DESTINATION setting; unset (None) for an OWN_RULE or CONNECTION one, but an
    empty list stays an empty list."""
    if setting.metadata["scope"] == DESTINATION or (
        setting.metadata["scope"] == CONNECTION and setting.default_factory is list
    ):
        default = (
            field(default_factory=setting.default_factory)
            if setting.default is MISSING
            else field(default=setting.default)
        )
    else:
        default = field(default=None)
    return setting.name, f"{setting.type} | None", default


# One more API destination on the bus, from a table of `destinations`: the table's
# DESTINATION, OWN_RULE and CONNECTION settings, and `connection_name`, another
# destination's own connection to share ("main" is the top level's; unset: its own with
# an authorization_type, else the main one). An unset event_pattern puts it on the main
# rule; an unset authorization_type on the main connection.
_PER_DESTINATION = [f for f in fields(PatternConfig) if f.metadata["scope"] != PATTERN]
Destination = make_dataclass(
    "Destination",
    [_destination_field(f) for f in _PER_DESTINATION]
    + [("connection_name", "str | None", field(default=None))],
    frozen=True,
    namespace={
        "__module__": __name__,
        "__doc__": "One more API destination on the bus, from a table of `destinations`.",
    },
)

# The checked settings and the limit each must meet (the table's `rule` column); the same
# rules feed the Terraform variables' validation blocks (see stacks/stack.py).
RULES: dict[str, limits.Rule] = {
    f.name: f.metadata["rule"] for f in fields(PatternConfig) if f.metadata["rule"] is not None
}
# A destination's settings meet the top level's rules; its own pattern must match something.
DESTINATION_RULES: dict[str, limits.Rule] = {
    f.name: f.metadata["destination_rule"] for f in _PER_DESTINATION
} | {"connection_name": limits.CONNECTION_NAME}

# Shared with the Terraform checks (stacks/stack.py, stacks/construct.py), which say the same.
OAUTH_PARAMETER_SETTINGS = (
    "oauth_body_parameters",
    "oauth_header_parameters",
    "oauth_query_parameters",
)
OAUTH_NEEDS_A_PARAMETER = (
    "give at least one entry in oauth_body_parameters, oauth_header_parameters or "
    "oauth_query_parameters (the token request's parameters, e.g. a scope or audience): "
    "the AWS provider refuses an OAuth connection without one"
)
PATH_VALUES_PER_WILDCARD = (
    "each value fills the next '*' in the endpoint's path (API reference: HttpParameters)"
)
RULE_STATE_NEEDS_A_RULE = (
    "only for a destination with an event_pattern, whose rule is its own; the others "
    "follow the main rule's rule_state"
)
RETENTION_OF_A_CREATED_QUEUE = (
    "only for the queue this pattern creates; with dlq_arn, set the retention where that "
    "queue is managed"
)
ALARM_WINDOW = (
    "alarm_period x alarm_evaluation_periods may not exceed 86400 seconds "
    "(CloudWatch API reference: PutMetricAlarm)"
)


@dataclass(frozen=True)
class Across:
    """A rule across settings, written once: the setting it is about, what is allowed,
    the Terraform condition (on `var.<name>`; the validation of the variable it is
    about) and the same test in Python, on a config whose single settings are valid."""

    about: str
    allowed: str
    condition: str
    holds: Callable[[PatternConfig], bool]

    def problem(self, config: PatternConfig) -> str | None:
        """The message for `config`, or None where the rule holds."""
        try:
            if self.holds(config):
                return None
        except TypeError:  # a setting of the wrong type: its own rule says so
            return None
        value = getattr(config, self.about)
        shown = "" if value is None or value == [] else f" = {show(value)}"
        return f"{self.about}{shown}: {self.allowed}"

    def validation(self) -> dict[str, str]:
        """The Terraform validation block."""
        return {
            "condition": interpolated(self.condition),
            "error_message": f"Invalid {self.about}: {self.allowed}.",
        }


def _alarm_window_holds(config: PatternConfig) -> bool:
    period, periods = config.alarm_period, config.alarm_evaluation_periods
    if not (
        limits.ALARM_PERIOD.accepts(period) and limits.ALARM_EVALUATION_PERIODS.accepts(periods)
    ):
        return True
    return period * periods <= limits.ALARM_WINDOW_SECONDS


_RETENTION = PatternConfig().dlq_message_retention_seconds
# The rules across settings that both Python and Terraform check, each on the setting
# it is about; the ones a destination has too live with the destinations' checks.
ACROSS: tuple[Across, ...] = (
    Across(
        "event_bus_name",
        "required when create_bus = false (the existing bus)",
        "var.create_bus || var.event_bus_name != null",
        lambda c: c.create_bus is not False or c.event_bus_name is not None,
    ),
    Across(
        "event_bus_name",
        "a created bus may not be 'default' nor contain '/'; set create_bus = false to use "
        "an existing bus",
        "!var.create_bus || var.event_bus_name == null ? true : "
        '(var.event_bus_name != "default" && length(split("/", var.event_bus_name)) == 1)',
        lambda c: (
            c.create_bus is False
            or c.event_bus_name is None
            or (c.event_bus_name != "default" and "/" not in c.event_bus_name)
        ),
    ),
    Across(
        "kms_key_arn",
        "give either kms_key_arn (an existing key) or create_kms_key = true (a new one), not both",
        "!(var.create_kms_key && var.kms_key_arn != null)",
        lambda c: not (c.create_kms_key is True and c.kms_key_arn is not None),
    ),
    Across(
        "alarm_emails",
        "they subscribe only to a topic this pattern creates (create_alarms and "
        "create_alarm_topic true, no alarm_topic_arn)",
        "length(var.alarm_emails) == 0 || (var.create_alarms && var.create_alarm_topic && "
        "var.alarm_topic_arn == null)",
        lambda c: (
            len(c.alarm_emails) == 0
            or (
                c.create_alarms is True
                and c.create_alarm_topic is True
                and c.alarm_topic_arn is None
            )
        ),
    ),
    Across(
        "bus_log_level",
        "only for a bus this pattern creates",
        'var.create_bus || var.bus_log_level == "OFF"',
        lambda c: c.create_bus is not False or c.bus_log_level == "OFF",
    ),
    Across(
        "dlq_message_retention_seconds",
        RETENTION_OF_A_CREATED_QUEUE,
        f"var.dlq_arn == null || var.dlq_message_retention_seconds == {_RETENTION}",
        lambda c: c.dlq_arn is None or c.dlq_message_retention_seconds == _RETENTION,
    ),
    Across(
        "alarm_evaluation_periods",
        ALARM_WINDOW,
        "try(var.alarm_evaluation_periods * var.alarm_period <= "
        f"{limits.ALARM_WINDOW_SECONDS}, false)",
        _alarm_window_holds,
    ),
)

OWN_CONNECTION_SETTING = (
    "set authorization_type for a connection of its own, or remove the setting (the "
    "connection it shares is configured where it is defined)"
)
KEY_SHADOWS_HEADER = (
    "the connection's auth header and idempotency_header_name must differ, or the auth "
    "header replaces the idempotency key (connection parameters win over target parameters)"
)
HEADER_IS_THE_KEY = (
    "a further header may not be the idempotency header, in any case; the key comes from "
    "idempotency_key_path"
)
PARAMETER_IS_THE_KEY = (
    "a header the connection adds (invocation_parameters) may not be the idempotency "
    "header, or it replaces the idempotency key (connection parameters win over target "
    "parameters)"
)

# Settings that may be left unset (None), meaning "decided elsewhere" (see each field).
_OPTIONAL = {f.name for f in fields(PatternConfig) if f.default is None}
# The longest name a destination gets: <name_prefix>-<name>-invoke-api-destination.
DESTINATION_ROLE_SUFFIX = "-invoke-api-destination"
MAX_NAME_LENGTH = 64  # EventBridge rule, connection and API destination names; IAM roles


def auth_header(kind: object, api_key_name: object) -> object:
    """The header a connection of `kind` sets on every request: the API key's, or Authorization."""
    if kind == "NONE":
        return api_key_name or NO_AUTH_KEY
    if kind == "API_KEY":
        return api_key_name
    return AUTHORIZATION_HEADER


def problems_in(config: PatternConfig) -> list[str]:
    """Every way `config` breaks a limit, one message each; empty when it is valid."""
    problems = []
    for name, rule in RULES.items():
        value = getattr(config, name)
        if value is None and name in _OPTIONAL:
            continue
        problems.extend(rule.problems(name, value))
    problems.extend(_connection_problems("", config, required=False))
    kind = config.authorization_type
    main_connection = config if isinstance(kind, str) and kind in AUTH_SETTINGS else None
    problems.extend(_delivery_problems("", config, main_connection))
    problems.extend(p for rule in ACROSS if (p := rule.problem(config)) is not None)
    problems.extend(_state_problems(config))
    problems.extend(_logging_problems(config))
    problems.extend(_destination_problems(config, main_connection))
    return problems


def validate(config: PatternConfig) -> PatternConfig:
    """Return `config` unchanged, or raise ConfigError listing every problem."""
    problems = problems_in(config)
    if problems:
        raise ConfigError(problems)
    return config


def from_mapping(settings: Mapping[str, object]) -> PatternConfig:
    """Build and check a config from plain data, as read from a TOML file."""
    known = {f.name for f in fields(PatternConfig)}
    problems = [
        f"{label(key)}: unknown setting; allowed settings are {', '.join(sorted(known))}"
        for key in settings
        if key not in known
    ]
    given = {key: value for key, value in settings.items() if key in known}
    config = PatternConfig(**given)  # type: ignore[arg-type]  # types are checked next
    problems.extend(problems_in(config))
    if problems:
        raise ConfigError(problems)
    return config


def load(environ: Mapping[str, str] = os.environ) -> PatternConfig:
    """The config named by APIDEST_CONFIG, or the defaults when it is unset."""
    path = environ.get(CONFIG_ENV_VAR)
    if not path:
        return validate(PatternConfig())
    named = f"{CONFIG_ENV_VAR} = {path!r}" if len(path) <= 1024 else f"{CONFIG_ENV_VAR}"
    try:
        with Path(path).open("rb") as file:
            data = file.read(MAX_CONFIG_BYTES + 1)
    except FileNotFoundError:
        raise ConfigError([f"{named}: no such file"]) from None
    except OSError as error:
        raise ConfigError([f"{named}: cannot be read: {error.strerror}"]) from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError([f"{named}: larger than {MAX_CONFIG_BYTES} bytes; not a config file"])
    try:
        settings = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError([f"{named}: not a readable TOML file: not UTF-8 text"]) from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError([f"{named}: not a readable TOML file: {error}"]) from None
    except RecursionError:
        raise ConfigError([f"{named}: nested too deeply to be a config file"]) from None
    return from_mapping(settings)


def _given(settings: object, name: str) -> object:
    return getattr(settings, name, None)


def _connection_problems(where: str, settings: object, *, required: bool) -> list[str]:
    """Settings of another auth type (refused whatever their value) and, where they cannot
    come at plan time, the type's required settings."""
    kind = _given(settings, "authorization_type")
    if not isinstance(kind, str) or kind not in AUTH_SETTINGS:
        return []
    used = AUTH_SETTINGS[str(kind)]
    problems = [
        f"{where}{name}: only used with authorization_type = "
        + " or ".join(repr(t) for t, names in AUTH_SETTINGS.items() if name in names)
        + "; remove it or change authorization_type"
        for name in ALL_AUTH_SETTINGS
        if name not in used and _given(settings, name) is not None
    ]
    if required:
        problems.extend(
            f"{where}{name}: required with authorization_type = {kind!r}"
            for name in REQUIRED_AUTH_SETTINGS.get(str(kind), ())
            if _given(settings, name) is None
        )
    if kind == "OAUTH_CLIENT_CREDENTIALS" and not any(
        _given(settings, name) for name in OAUTH_PARAMETER_SETTINGS
    ):
        problems.append(
            f"{where}authorization_type = 'OAUTH_CLIENT_CREDENTIALS': {OAUTH_NEEDS_A_PARAMETER}"
        )
    return problems


def _settings_without_connection(where: str, destination: Destination) -> list[str]:
    """A destination on another's connection may not set a connection's settings: they
    would be ignored."""
    return [
        f"{where}{name}: a setting of the destination's own connection, which it has only "
        f"with an authorization_type; {OWN_CONNECTION_SETTING}"
        for name in (*ALL_AUTH_SETTINGS, "invocation_parameters")
        # As Terraform checks it: an auth setting given at all, parameters not empty.
        if (
            getattr(destination, name) is not None
            if name != "invocation_parameters"
            else destination.invocation_parameters
        )
    ]


def _lower(value: object) -> str | None:
    return value.lower() if isinstance(value, str) else None


def _delivery_problems(where: str, settings: object, connection: object) -> list[str]:
    """Nothing may replace the idempotency header, and a transformer needs its template.

    `connection` holds the settings of the connection the destination uses (its
    own, or the main one); None when they are invalid and already reported.
    """
    problems = []
    header = _lower(_given(settings, "idempotency_header_name"))
    if header is not None and connection is not None:
        kind = _given(connection, "authorization_type")
        auth = _lower(auth_header(kind, _given(connection, "api_key_name") or NO_AUTH_KEY))
        if auth == header:
            given = show(_given(settings, "idempotency_header_name"))
            problems.append(f"{where}idempotency_header_name = {given}: {KEY_SHADOWS_HEADER}")
        parameters = _given(connection, "invocation_parameters")
        if isinstance(parameters, list | tuple):
            problems.extend(
                f"{where}idempotency_header_name: {PARAMETER_IS_THE_KEY}"
                for item in parameters
                if isinstance(item, Mapping)
                and item.get("location") == "header"
                and _lower(item.get("key")) == header
            )
    headers = _given(settings, "header_parameters")
    if header is not None and isinstance(headers, Mapping):
        problems.extend(
            f"{where}header_parameters.{label(key)}: {HEADER_IS_THE_KEY}"
            for key in headers
            if _lower(key) == header
        )
    if _given(settings, "input_paths") and _given(settings, "input_template") is None:
        problems.append(f"{where}input_paths: needs input_template, which uses them")
    endpoint, values = _given(settings, "endpoint"), _given(settings, "path_parameter_values")
    wildcards = endpoint.count("*") if isinstance(endpoint, str) else None
    if wildcards is not None and isinstance(values, list | tuple) and len(values) > wildcards:
        problems.append(
            f"{where}path_parameter_values: {len(values)} given, but the endpoint has "
            f"{wildcards} '*' wildcards; {PATH_VALUES_PER_WILDCARD}"
        )
    return problems


def _state_problems(config: PatternConfig) -> list[str]:
    if config.state_backend == "s3":
        problems = []
        if config.state_bucket is None:
            problems.append("state_bucket: required when state_backend = 's3'")
        if config.state_region is None and config.region is None:
            problems.append("state_region: required when state_backend = 's3' and region is unset")
        return problems
    return [
        f"{name} = {show(getattr(config, name))}: only used when state_backend = 's3'; "
        "remove it or set state_backend = 's3'"
        for name in ("state_bucket", "state_region")
        if getattr(config, name) is not None
    ]


def _logging_problems(config: PatternConfig) -> list[str]:
    problems = []
    if config.provider_major_version == 5:
        defaults = PatternConfig()
        problems.extend(
            f"{name} = {show(getattr(config, name))}: needs provider_major_version = 6 "
            "(the bus's log_config exists from AWS provider 6.6.0 on)"
            for name in ("bus_log_level", "bus_log_include_detail")
            if getattr(config, name) != getattr(defaults, name)
        )
    return problems


def destinations_of(config: PatternConfig) -> dict[str, Destination]:
    """The checked `destinations` of `config`, by name, in name order."""
    return {
        name: Destination(**settings)  # type: ignore[arg-type]  # checked before
        for name, settings in sorted(config.destinations.items())
    }


def _destination_problems(config: PatternConfig, main_connection: object) -> list[str]:
    if not isinstance(config.destinations, Mapping):
        return [
            f"destinations = {show(config.destinations)}: must be a table of destination "
            "names to tables of settings"
        ]
    problems: list[str] = []
    on_main_rule = 1
    seen: dict[str, str] = {}
    for name, settings in config.destinations.items():
        named = f"destinations.{label(name)}"
        where = f"{named}."
        if not limits.DESTINATION_NAME.accepts(name):
            rule = limits.DESTINATION_NAME
            problems.append(f"{named}: the name must be {rule.allowed} ({rule.source})")
        else:
            if name.lower() in seen:
                problems.append(
                    f"{named}: differs from {seen[name.lower()]!r} only in case; IAM role "
                    "names ignore case, so the two would collide"
                )
            seen[name.lower()] = name
            if isinstance(config.name_prefix, str):
                longest = f"{config.name_prefix}-{name}{DESTINATION_ROLE_SUFFIX}"
                if len(longest) > MAX_NAME_LENGTH:
                    problems.append(
                        f"{named}: with name_prefix = {config.name_prefix!r} its role would be "
                        f"named {longest!r}, {len(longest)} characters; IAM and EventBridge "
                        f"allow {MAX_NAME_LENGTH}: shorten the name or the prefix"
                    )
        if not isinstance(settings, Mapping):
            problems.append(f"{named} = {show(settings)}: must be a table of settings")
            continue
        unknown = [key for key in settings if key not in DESTINATION_RULES]
        problems.extend(
            f"{where}{label(key)}: unknown setting; allowed settings are "
            + ", ".join(DESTINATION_RULES)
            for key in unknown
        )
        if settings.get("endpoint") is None:
            problems.append(f"{where}endpoint: required")
        # A null setting is one left out: it takes the default, as in the Terraform module.
        settings = {key: value for key, value in settings.items() if value is not None}
        bad = False
        for key, value in settings.items():
            rule = DESTINATION_RULES.get(key)
            if rule is None:
                continue
            found = rule.problems(f"{named}.{key}", value)
            problems.extend(found)
            bad = bad or bool(found)
        if unknown or bad:
            continue
        destination = Destination(**settings)  # type: ignore[arg-type]  # checked above
        if destination.event_pattern is None:
            on_main_rule += 1
        connection = main_connection
        if destination.authorization_type is not None:
            connection = destination
            problems.extend(_connection_problems(where, destination, required=True))
        else:
            problems.extend(_settings_without_connection(where, destination))
        if destination.rule_state is not None and destination.event_pattern is None:
            problems.append(f"{where}rule_state: {RULE_STATE_NEEDS_A_RULE}")
        if destination.connection_name is not None:
            shared = config.destinations.get(destination.connection_name)
            if destination.authorization_type is not None:
                problems.append(
                    f"{where}connection_name: give either connection_name (another "
                    "destination's connection) or authorization_type (its own), not both"
                )
            elif destination.connection_name != MAIN and not (
                isinstance(shared, Mapping) and shared.get("authorization_type") is not None
            ):
                problems.append(
                    f"{where}connection_name = {show(destination.connection_name)}: must be "
                    f"{MAIN!r} or a destination with an authorization_type of its own"
                )
            elif isinstance(shared, Mapping) and not set(shared) - set(DESTINATION_RULES):
                connection = Destination(**shared)  # type: ignore[arg-type]
        problems.extend(_delivery_problems(where, destination, connection))
    if on_main_rule > limits.TARGETS_PER_RULE:
        problems.append(
            f"destinations: {on_main_rule - 1} of them have no event_pattern, so the main rule "
            f"would have {on_main_rule} targets; EventBridge allows {limits.TARGETS_PER_RULE} "
            "per rule (quotas): give some an event_pattern, and each of those its own rule"
        )
    return problems
