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
    event_pattern: EventPattern = setting(
        "The rule's event pattern, a table of lists. Empty (the default) is the seed's "
        '`{"account": [<deploying account>]}`.',
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


def auth_header(config: PatternConfig) -> object:
    """The header the connection sets on every request: the API key's, or Authorization."""
    if "api_key_name" in AUTH_SETTINGS.get(str(config.authorization_type), ()):
        return config.api_key_name
    return AUTHORIZATION_HEADER


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
    key_name, header = auth_header(config), config.idempotency_header_name
    if isinstance(key_name, str) and isinstance(header, str) and key_name.lower() == header.lower():
        setting = "api_key_name" if key_name == config.api_key_name else "idempotency_header_name"
        problems.append(f"{setting} = {show(getattr(config, setting))}: {KEY_SHADOWS_HEADER}")
    problems.extend(_invocation_header_problems(config))
    problems.extend(_auth_problems(config))
    problems.extend(_state_problems(config))
    problems.extend(_key_and_logging_problems(config))
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
    used = set(AUTH_SETTINGS.get(str(config.authorization_type), ()))
    defaults = PatternConfig()
    return [
        f"{name} = {show(getattr(config, name))}: only used with authorization_type = "
        + " or ".join(repr(t) for t, names in AUTH_SETTINGS.items() if name in names)
        + "; remove it or change authorization_type"
        for name in dict.fromkeys(n for names in AUTH_SETTINGS.values() for n in names)
        if name not in used and getattr(config, name) != getattr(defaults, name)
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
