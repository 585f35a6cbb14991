"""The pattern's configuration: one frozen, typed model, its defaults, and its checks.

Defaults reproduce the seed (AWS CDK's EbApiDestinationStack). Setting names
copy the Terraform AWS provider's argument names. A config is read from a TOML
file named by the APIDEST_CONFIG environment variable, or is all defaults when
that variable is unset.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from stacks import limits
from stacks.limits import show

CONFIG_ENV_VAR = "APIDEST_CONFIG"

HttpMethod = Literal["POST", "GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"]
AuthorizationType = Literal["API_KEY", "BASIC", "OAUTH_CLIENT_CREDENTIALS", "NONE"]
OAuthHttpMethod = Literal["GET", "POST", "PUT"]
StateBackend = Literal["local", "s3"]
BusLogLevel = Literal["OFF", "ERROR", "INFO", "TRACE"]
BusLogDetail = Literal["NONE", "FULL"]
EventPattern = Mapping[str, object]


class ConfigError(ValueError):
    """Every problem found in a configuration, one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        count = f"{len(problems)} problem" + ("s" if len(problems) != 1 else "")
        super().__init__(
            f"invalid configuration ({count}):\n" + "\n".join(f"  - {p}" for p in problems)
        )


def setting(
    doc: str, default: object = None, *, factory: Callable[[], object] | None = None
) -> Any:
    """A config field with its one-line documentation (used in variable descriptions and docs)."""
    if factory is not None:
        return field(default_factory=factory, metadata={"doc": doc})
    return field(default=default, metadata={"doc": doc})


@dataclass(frozen=True)
class PatternConfig:
    """Everything a user may set. Defaults reproduce the seed."""

    name_prefix: str = setting(
        "Prefix of every name AWS sees (bus, connection, API destination, rule, queue, role).",
        "idempotent-apidest",
    )
    region: str | None = setting(
        "AWS region. Unset leaves it to the provider (AWS_REGION, the profile), as the seed does.",
    )
    endpoint: str | None = setting(
        "HTTPS URL of the receiving API, at most 2048 characters. "
        "Unset makes the `endpoint` Terraform variable required at plan time.",
    )
    http_method: HttpMethod = setting(
        "HTTP method of every request (AWS CDK's default, which the seed uses).", "POST"
    )
    invocation_rate_limit_per_second: int = setting(
        "Maximum requests per second to the endpoint, at least 1 (the seed's 1).", 1
    )
    maximum_retry_attempts: int = setting(
        "Retries after a 429, a 5xx or a time-out before the event goes to the "
        "dead-letter queue, 0-185 (the seed's 3).",
        3,
    )
    maximum_event_age_in_seconds: int = setting(
        "Seconds EventBridge keeps retrying an event, 60-86400 (AWS's default of 24 hours, "
        "which the seed uses).",
        86400,
    )
    authorization_type: AuthorizationType = setting(
        "How the connection authorizes: API_KEY (a header), BASIC, OAUTH_CLIENT_CREDENTIALS, "
        "or NONE for endpoints without auth (the seed's dummy API key). Each secret comes "
        "from a sensitive variable: connection_api_key_value, connection_basic_password or "
        "connection_oauth_client_secret.",
        "API_KEY",
    )
    api_key_name: str = setting(
        "Header that carries the API key (the seed's `notused`); API_KEY and NONE only.",
        "notused",
    )
    basic_username: str | None = setting(
        "User name for BASIC auth. Unset makes the variable required at plan time."
    )
    oauth_authorization_endpoint: str | None = setting(
        "HTTPS URL of the OAuth token endpoint, for OAUTH_CLIENT_CREDENTIALS. "
        "Unset makes the variable required at plan time."
    )
    oauth_http_method: OAuthHttpMethod = setting("HTTP method of the OAuth token request.", "POST")
    oauth_client_id: str | None = setting(
        "OAuth client id. Unset makes the variable required at plan time."
    )
    oauth_body_parameters: Mapping[str, str] = setting(
        "Extra non-secret body parameters of the OAuth token request (a scope, say).",
        factory=dict,
    )
    oauth_header_parameters: Mapping[str, str] = setting(
        "Extra non-secret header parameters of the OAuth token request.", factory=dict
    )
    oauth_query_parameters: Mapping[str, str] = setting(
        "Extra non-secret query parameters of the OAuth token request.", factory=dict
    )
    invocation_parameters: Sequence[Mapping[str, object]] = setting(
        "Parameters the connection adds to every request, with any auth type: a list of "
        "tables with `location` (header, query_string or body), `key`, and either `value` "
        "or `secret = true`, whose value then comes from the sensitive variable "
        "`connection_invocation_secrets` (a map from key to value).",
        factory=list,
    )
    idempotency_header_name: str = setting(
        "Header that carries the idempotency key.", "Idempotency-Key"
    )
    idempotency_key_path: str = setting(
        "JSONPath into the event whose value becomes the idempotency key.", "$.detail.customID"
    )
    header_parameters: Mapping[str, str] = setting(
        "Further request headers: a table of header name to a fixed value or to a JSONPath "
        "into the event (the whole value, e.g. $.detail.tenant).",
        factory=dict,
    )
    input_paths: Mapping[str, str] = setting(
        "Input transformer: names for JSONPaths into the event, used as <name> in "
        "input_template. Needs input_template.",
        factory=dict,
    )
    input_template: str | None = setting(
        "Input transformer: the request body built from input_paths. Unset sends the event "
        "as it is.",
    )
    event_pattern: EventPattern = setting(
        "The rule's event pattern, a table of lists. Empty (the default) is the seed's "
        '`{"account": [<deploying account>]}`.',
        factory=dict,
    )
    destinations: Mapping[str, Mapping[str, object]] = setting(
        "Further API destinations on the same bus, by name (1-20 characters): each a table "
        "of the per-destination settings in the README's 'Fan-out'. Each gets its own API "
        "destination, role and target; its own rule with an event_pattern, else a target on "
        "the main rule (5 targets per rule at most); its own connection with an "
        "authorization_type, else the main one.",
        factory=dict,
    )
    dlq_message_retention_seconds: int = setting(
        "Seconds a failed event waits in the dead-letter queue, 60-1209600: 14 days, "
        "SQS's maximum (the seed left SQS's default of 4 days).",
        1209600,
    )
    tags: Mapping[str, str] = setting(
        "Tags for the taggable resources: the bus, the rule, the queue and the role.",
        factory=dict,
    )
    create_alarms: bool = setting(
        "CloudWatch alarms on the dead-letter queue's depth and on the rule's "
        "FailedInvocations and InvocationsFailedToBeSentToDlq, notifying the alarm topic.",
        True,
    )
    alarm_emails: Sequence[str] = setting(
        "Email addresses subscribed to the alarm topic; each must confirm the mail AWS sends.",
        factory=list,
    )
    alarm_actions: Sequence[str] = setting(
        "Further ARNs (SNS topics) notified when an alarm fires and when it recovers.",
        factory=list,
    )
    create_archive: bool = setting(
        "An event archive on the bus, for replaying events after an outage.", False
    )
    archive_retention_days: int = setting(
        "Days archived events are kept; 0 keeps them indefinitely.", 30
    )
    archive_event_pattern: EventPattern = setting(
        "Which events are archived, a table of lists. Empty (the default) archives every "
        "event on the bus.",
        factory=dict,
    )
    create_kms_key: bool = setting(
        "A customer managed KMS key (rotated yearly) for the connection's secret, the "
        "dead-letter queue, the bus and its logs, with the key policy and the "
        "EventBridgeApiDestinations tag EventBridge needs.",
        False,
    )
    kms_key_arn: str | None = setting(
        "ARN of an existing customer managed key to use instead; its policy and tags must "
        "allow what the README's 'Customer managed keys' lists. Unset, with create_kms_key "
        "false, keeps AWS owned keys and SSE-SQS.",
    )
    provider_major_version: int = setting(
        "AWS provider major version the Terraform is written for: 5 admits 5.100.0 up to "
        "7.0.0 and uses only what both lines have; 6 requires 6.6.0 or later and adds the "
        "archive's customer key and bus logging.",
        5,
    )
    bus_log_level: BusLogLevel = setting(
        "Event bus logging to a CloudWatch log group: OFF, ERROR, INFO or TRACE. Needs "
        "provider_major_version = 6.",
        "OFF",
    )
    bus_log_include_detail: BusLogDetail = setting(
        "Whether bus log records carry the event and the target's request and response "
        "(FULL) or not (NONE).",
        "NONE",
    )
    bus_log_retention_days: int = setting(
        "Days the bus's log group keeps records (a CloudWatch Logs retention value).", 365
    )
    state_backend: StateBackend = setting(
        "Where Terraform keeps state: `local` (a file beside cdktf.out/) or `s3` "
        "(encrypted, with S3-native locking; needs Terraform 1.10 or later).",
        "local",
    )
    state_bucket: str | None = setting("S3 bucket for the state; required with `s3`.")
    state_key: str = setting(
        "Object key of the state in the bucket.", "idempotent-api-destination/terraform.tfstate"
    )
    state_region: str | None = setting(
        "Region of the state bucket; unset uses `region`. One of the two is required with `s3`."
    )


# The checked settings and the limit each must meet; the same rules feed the
# Terraform variables' validation blocks (see stacks/stack.py).
RULES: dict[str, limits.Rule] = {
    "name_prefix": limits.NAME_PREFIX,
    "region": limits.REGION,
    "endpoint": limits.ENDPOINT,
    "http_method": limits.HTTP_METHOD,
    "invocation_rate_limit_per_second": limits.RATE_LIMIT,
    "maximum_retry_attempts": limits.RETRY_ATTEMPTS,
    "maximum_event_age_in_seconds": limits.EVENT_AGE,
    "authorization_type": limits.AUTHORIZATION_TYPE,
    "api_key_name": limits.HEADER_NAME,
    "basic_username": limits.AUTH_VALUE,
    "oauth_authorization_endpoint": limits.OAUTH_ENDPOINT,
    "oauth_http_method": limits.OAUTH_HTTP_METHOD,
    "oauth_client_id": limits.AUTH_VALUE,
    "oauth_body_parameters": limits.OAUTH_PARAMETERS,
    "oauth_header_parameters": limits.OAUTH_PARAMETERS,
    "oauth_query_parameters": limits.OAUTH_PARAMETERS,
    "invocation_parameters": limits.INVOCATION_PARAMETERS,
    "idempotency_header_name": limits.HEADER_NAME,
    "idempotency_key_path": limits.JSON_PATH,
    "header_parameters": limits.HEADER_PARAMETERS,
    "input_paths": limits.INPUT_PATHS,
    "input_template": limits.INPUT_TEMPLATE,
    "event_pattern": limits.EVENT_PATTERN_RULE,
    "dlq_message_retention_seconds": limits.DLQ_RETENTION,
    "tags": limits.TAGS,
    "create_alarms": limits.FLAG,
    "alarm_emails": limits.ALARM_EMAILS,
    "alarm_actions": limits.ALARM_ACTIONS,
    "create_archive": limits.FLAG,
    "archive_retention_days": limits.ARCHIVE_RETENTION,
    "archive_event_pattern": limits.EVENT_PATTERN_RULE,
    "create_kms_key": limits.FLAG,
    "kms_key_arn": limits.KMS_KEY_ARN,
    "provider_major_version": limits.PROVIDER_MAJOR_VERSION,
    "bus_log_level": limits.BUS_LOG_LEVEL,
    "bus_log_include_detail": limits.BUS_LOG_DETAIL,
    "bus_log_retention_days": limits.LOG_RETENTION,
    "state_backend": limits.STATE_BACKEND,
    "state_bucket": limits.S3_BUCKET,
    "state_key": limits.S3_KEY,
    "state_region": limits.REGION,
}

# Checked by Python here and by a precondition in Terraform (it spans two variables).
KEY_SHADOWS_HEADER = (
    "the connection's auth header and idempotency_header_name must differ, or the auth "
    "header replaces the idempotency key (connection parameters win over target parameters)"
)

HEADER_IS_THE_KEY = (
    "a further header may not be the idempotency header, in any case; the key comes from "
    "idempotency_key_path"
)

# The settings each authorization type uses; giving another type's is an error.
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


# The header BASIC and OAuth connections set; API key connections set api_key_name.
AUTHORIZATION_HEADER = "Authorization"


def auth_header(kind: object, api_key_name: object) -> object:
    """The header a connection of `kind` sets on every request: the API key's, or Authorization."""
    if "api_key_name" in AUTH_SETTINGS.get(str(kind), ()):
        return api_key_name
    return AUTHORIZATION_HEADER


_ALL_AUTH_SETTINGS = tuple(dict.fromkeys(n for names in AUTH_SETTINGS.values() for n in names))


def _other_types_settings(kind: object, given: object, defaults: object) -> list[tuple[str, str]]:
    """The settings of other auth types that `given` changes from `defaults`, each with the
    types that use it ("'API_KEY' or 'NONE'")."""
    used = AUTH_SETTINGS.get(str(kind), ())
    return [
        (name, " or ".join(repr(t) for t, names in AUTH_SETTINGS.items() if name in names))
        for name in _ALL_AUTH_SETTINGS
        if name not in used and getattr(given, name) != getattr(defaults, name)
    ]


# Settings that may be left unset (None), meaning "decided elsewhere" (see each field).
_OPTIONAL = {f.name for f in fields(PatternConfig) if f.default is None}


def problems_in(config: PatternConfig) -> list[str]:
    """Every way `config` breaks a limit, one message each; empty when it is valid."""
    problems = []
    for name, rule in RULES.items():
        value = getattr(config, name)
        if value is None and name in _OPTIONAL:
            continue
        if isinstance(rule, limits.EventPattern | limits.InvocationParameters):
            problems.extend(rule.problems(name, value))
        elif not rule.accepts(value):
            problems.append(f"{name} = {show(value)}: must be {rule.allowed} ({rule.source})")
    key_name = auth_header(config.authorization_type, config.api_key_name)
    header = config.idempotency_header_name
    if isinstance(key_name, str) and isinstance(header, str) and key_name.lower() == header.lower():
        setting = "api_key_name" if key_name == config.api_key_name else "idempotency_header_name"
        problems.append(f"{setting} = {show(getattr(config, setting))}: {KEY_SHADOWS_HEADER}")
    problems.extend(_invocation_header_problems(config))
    problems.extend(_auth_problems(config))
    problems.extend(_state_problems(config))
    problems.extend(_key_and_logging_problems(config))
    problems.extend(_transformer_problems("", config.input_paths, config.input_template))
    problems.extend(_header_problems("", config.header_parameters, config.idempotency_header_name))
    problems.extend(_destination_problems(config))
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
        f"{key}: unknown setting; allowed settings are {', '.join(sorted(known))}"
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
    try:
        settings = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError([f"{CONFIG_ENV_VAR} = {path!r}: no such file"]) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(
            [f"{CONFIG_ENV_VAR} = {path!r}: not a readable TOML file: {error}"]
        ) from None
    return from_mapping(settings)


def _invocation_header_problems(config: PatternConfig) -> list[str]:
    """An extra header may not replace the idempotency key (connection parameters win)."""
    header = config.idempotency_header_name
    if not isinstance(header, str) or not isinstance(config.invocation_parameters, list | tuple):
        return []
    return [
        f"invocation_parameters[{index}].key = {show(item['key'])}: must differ from "
        "idempotency_header_name, or this header replaces the idempotency key (connection "
        "parameters win over target parameters)"
        for index, item in enumerate(config.invocation_parameters)
        if isinstance(item, Mapping)
        and item.get("location") == "header"
        and str(item.get("key", "")).lower() == header.lower()
    ]


def secret_invocation_keys(config: PatternConfig) -> list[str]:
    """The keys whose values come from the sensitive variable, in config order."""
    return [str(p["key"]) for p in config.invocation_parameters if p.get("secret") is True]


def _auth_problems(config: PatternConfig) -> list[str]:
    return [
        f"{name} = {show(getattr(config, name))}: only used with authorization_type = {kinds}; "
        "remove it or change authorization_type"
        for name, kinds in _other_types_settings(config.authorization_type, config, PatternConfig())
    ]


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


def _key_and_logging_problems(config: PatternConfig) -> list[str]:
    problems = []
    if config.create_kms_key is True and config.kms_key_arn is not None:
        problems.append(
            f"kms_key_arn = {show(config.kms_key_arn)}: give either kms_key_arn (an existing "
            "key) or create_kms_key = true (a new one), not both"
        )
    if config.provider_major_version == 5:
        defaults = PatternConfig()
        problems.extend(
            f"{name} = {show(getattr(config, name))}: needs provider_major_version = 6 "
            "(the bus's log_config exists from AWS provider 6.6.0 on)"
            for name in ("bus_log_level", "bus_log_include_detail")
            if getattr(config, name) != getattr(defaults, name)
        )
    return problems


def _transformer_problems(where: str, paths: object, template: object) -> list[str]:
    if paths and template is None:
        return [f"{where}input_paths: needs input_template, which uses them"]
    return []


def _header_problems(where: str, headers: object, idempotency_header: object) -> list[str]:
    """A further header may not also be the idempotency header, in any case."""
    if not isinstance(headers, Mapping) or not isinstance(idempotency_header, str):
        return []
    return [
        f"{where}header_parameters.{key}: {HEADER_IS_THE_KEY}"
        for key in headers
        if str(key).lower() == idempotency_header.lower()
    ]


@dataclass(frozen=True)
class Destination:
    """One more API destination on the bus, from a table of `destinations`.

    Defaults are the seed's, like the top-level settings'; see the README's 'Fan-out'.
    """

    name: str
    endpoint: str
    http_method: HttpMethod = "POST"
    invocation_rate_limit_per_second: int = 1
    maximum_retry_attempts: int = 3
    maximum_event_age_in_seconds: int = 86400
    idempotency_header_name: str = "Idempotency-Key"
    idempotency_key_path: str = "$.detail.customID"
    header_parameters: Mapping[str, str] = field(default_factory=dict)
    event_pattern: EventPattern | None = None  # None: a target on the main rule
    input_paths: Mapping[str, str] = field(default_factory=dict)
    input_template: str | None = None
    authorization_type: AuthorizationType | None = None  # None: the main connection
    api_key_name: str = "notused"
    basic_username: str | None = None
    oauth_authorization_endpoint: str | None = None
    oauth_http_method: OAuthHttpMethod = "POST"
    oauth_client_id: str | None = None
    oauth_body_parameters: Mapping[str, str] = field(default_factory=dict)
    oauth_header_parameters: Mapping[str, str] = field(default_factory=dict)
    oauth_query_parameters: Mapping[str, str] = field(default_factory=dict)


DESTINATION_RULES: dict[str, limits.Rule] = {
    name: RULES[name]
    for name in (
        "endpoint",
        "http_method",
        "invocation_rate_limit_per_second",
        "maximum_retry_attempts",
        "maximum_event_age_in_seconds",
        "idempotency_header_name",
        "idempotency_key_path",
        "header_parameters",
        "event_pattern",
        "input_paths",
        "input_template",
        "authorization_type",
        *dict.fromkeys(n for names in AUTH_SETTINGS.values() for n in names),
    )
}
# What a destination's own connection needs, since it has no plan-time variable.
REQUIRED_AUTH_SETTINGS = {
    "BASIC": ("basic_username",),
    "OAUTH_CLIENT_CREDENTIALS": ("oauth_authorization_endpoint", "oauth_client_id"),
}
# The longest name a destination gets: <name_prefix>-<name>-invoke-api-destination.
DESTINATION_ROLE_SUFFIX = "-invoke-api-destination"
MAX_NAME_LENGTH = 64  # EventBridge rule, connection and API destination names; IAM roles


def destinations_of(config: PatternConfig) -> list[Destination]:
    """The checked `destinations` of `config`, in name order."""
    return [
        Destination(name=name, **settings)  # type: ignore[arg-type]  # checked before
        for name, settings in sorted(config.destinations.items())
    ]


def _destination_problems(config: PatternConfig) -> list[str]:
    if not isinstance(config.destinations, Mapping):
        return [
            f"destinations = {show(config.destinations)}: must be a table of destination "
            "names to tables of settings"
        ]
    problems: list[str] = []
    on_main_rule = 1
    for name, settings in config.destinations.items():
        where = f"destinations.{name}."
        if not limits.DESTINATION_NAME.accepts(name):
            rule = limits.DESTINATION_NAME
            problems.append(f"destinations.{name}: the name must be {rule.allowed} ({rule.source})")
        elif isinstance(config.name_prefix, str):
            longest = f"{config.name_prefix}-{name}{DESTINATION_ROLE_SUFFIX}"
            if len(longest) > MAX_NAME_LENGTH:
                problems.append(
                    f"destinations.{name}: with name_prefix = {config.name_prefix!r} its role "
                    f"would be named {longest!r}, {len(longest)} characters; IAM and "
                    f"EventBridge allow {MAX_NAME_LENGTH}: shorten the name or the prefix"
                )
        if not isinstance(settings, Mapping):
            problems.append(f"destinations.{name} = {show(settings)}: must be a table of settings")
            continue
        unknown = sorted(set(settings) - set(DESTINATION_RULES))
        problems.extend(
            f"{where}{key}: unknown setting; allowed settings are " + ", ".join(DESTINATION_RULES)
            for key in unknown
        )
        if "endpoint" not in settings:
            problems.append(f"{where}endpoint: required")
        for key, value in settings.items():
            rule = DESTINATION_RULES.get(key)
            if rule is None:
                continue
            if isinstance(rule, limits.EventPattern):
                problems.extend(rule.problems(f"destinations.{name}.{key}", value))
            elif not rule.accepts(value):
                problems.append(
                    f"{where}{key} = {show(value)}: must be {rule.allowed} ({rule.source})"
                )
        if unknown:
            continue
        destination = Destination(name=name, **{"endpoint": "", **settings})  # type: ignore[arg-type]
        if destination.event_pattern is None:
            on_main_rule += 1
        elif destination.event_pattern == {}:
            problems.append(
                f"{where}event_pattern = {{}}: must match something; leave it out to put "
                "this destination on the main rule"
            )
        problems.extend(_destination_auth_problems(where, destination, config))
        problems.extend(
            _transformer_problems(where, destination.input_paths, destination.input_template)
        )
        problems.extend(
            _header_problems(
                where, destination.header_parameters, destination.idempotency_header_name
            )
        )
    if on_main_rule > limits.TARGETS_PER_RULE:
        problems.append(
            f"destinations: {on_main_rule - 1} of them have no event_pattern, so the main rule "
            f"would have {on_main_rule} targets; EventBridge allows {limits.TARGETS_PER_RULE} "
            "per rule (quotas): give some an event_pattern, and each of those its own rule"
        )
    return problems


def _destination_auth_problems(
    where: str, destination: Destination, config: PatternConfig
) -> list[str]:
    kind = destination.authorization_type
    problems = []
    if kind is None:
        header = auth_header(config.authorization_type, config.api_key_name)
        shared = "the main connection's auth header"
    else:
        header = auth_header(kind, destination.api_key_name)
        shared = "its connection's auth header"
        problems.extend(
            f"{where}{name}: required with authorization_type = {kind!r}"
            for name in REQUIRED_AUTH_SETTINGS.get(str(kind), ())
            if getattr(destination, name) is None
        )
    problems.extend(
        f"{where}{name}: only used with its own authorization_type = {kinds}"
        for name, kinds in _other_types_settings(
            kind, destination, Destination(name="", endpoint="")
        )
    )
    idempotency = destination.idempotency_header_name
    if kind is None and isinstance(idempotency, str):
        problems.extend(
            f"{where}idempotency_header_name = {idempotency!r}: is a header the main "
            "connection adds (invocation_parameters), which would replace the idempotency key"
            for item in config.invocation_parameters
            if isinstance(item, Mapping)
            and item.get("location") == "header"
            and str(item.get("key", "")).lower() == idempotency.lower()
        )
    if (
        isinstance(header, str)
        and isinstance(idempotency, str)
        and header.lower() == idempotency.lower()
    ):
        problems.append(
            f"{where}idempotency_header_name = {idempotency!r}: is {shared}, which would "
            "replace the idempotency key (connection parameters win over target parameters)"
        )
    return problems
