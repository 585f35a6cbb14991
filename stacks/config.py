"""The pattern's configuration: one frozen, typed model, its defaults, and its checks.

Defaults reproduce the seed (AWS CDK's EbApiDestinationStack). Setting names
copy the Terraform AWS provider's argument names. A config is read from a TOML
file named by the APIDEST_CONFIG environment variable, or is all defaults when
that variable is unset.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from stacks import limits

CONFIG_ENV_VAR = "APIDEST_CONFIG"

HttpMethod = Literal["POST", "GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"]
AuthorizationType = Literal["API_KEY", "NONE"]
StateBackend = Literal["local", "s3"]
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
        "API_KEY sends the key from the sensitive variable `connection_api_key_value`; "
        "NONE is for endpoints without auth and writes the seed's dummy key.",
        "API_KEY",
    )
    api_key_name: str = setting(
        "Header that carries the API key (the seed's `notused`).", "notused"
    )
    idempotency_header_name: str = setting(
        "Header that carries the idempotency key.", "Idempotency-Key"
    )
    idempotency_key_path: str = setting(
        "JSONPath into the event whose value becomes the idempotency key.", "$.detail.customID"
    )
    event_pattern: EventPattern | None = setting(
        "The rule's event pattern, a table of lists. "
        'Unset is the seed\'s `{"account": [<deploying account>]}`.',
    )
    dlq_message_retention_seconds: int = setting(
        "Seconds a failed event waits in the dead-letter queue, 60-1209600: 14 days, "
        "SQS's maximum (the seed left SQS's default of 4 days).",
        1209600,
    )
    tags: Mapping[str, str] = setting(
        "Tags for every resource, applied as the provider's default tags.", factory=dict
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
    "idempotency_header_name": limits.HEADER_NAME,
    "idempotency_key_path": limits.JSON_PATH,
    "dlq_message_retention_seconds": limits.DLQ_RETENTION,
    "state_backend": limits.STATE_BACKEND,
    "state_bucket": limits.S3_BUCKET,
    "state_key": limits.S3_KEY,
    "state_region": limits.REGION,
}

# Settings that may be left unset (None), meaning "decided elsewhere" (see each field).
_OPTIONAL = {f.name for f in fields(PatternConfig) if f.default is None}


def problems_in(config: PatternConfig) -> list[str]:
    """Every way `config` breaks a limit, one message each; empty when it is valid."""
    problems = []
    for name, rule in RULES.items():
        value = getattr(config, name)
        if value is None and name in _OPTIONAL:
            continue
        if not rule.accepts(value):
            problems.append(f"{name} = {_show(value)}: must be {rule.allowed} ({rule.source})")
    header = config.idempotency_header_name
    if isinstance(header, str) and header.lower() in limits.RESERVED_HEADERS:
        problems.append(
            f"idempotency_header_name = {_show(header)}: must not be a "
            "header EventBridge sets itself (User-Agent, Content-Type, Range, Accept-Encoding, "
            "Connection, Content-Length, Host)"
        )
    key_name = config.api_key_name
    if (
        config.authorization_type == "API_KEY"
        and isinstance(key_name, str)
        and isinstance(header, str)
        and key_name.lower() == header.lower()
    ):
        problems.append(
            f"api_key_name = {_show(key_name)}: must differ from "
            "idempotency_header_name, or the connection's header replaces the idempotency key "
            "(connection parameters win over target parameters)"
        )
    problems.extend(_state_problems(config))
    if config.event_pattern is not None:
        problems.extend(_event_pattern_problems(config.event_pattern))
    problems.extend(_tag_problems(config.tags))
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


def _show(value: object) -> str:
    return repr(value) if isinstance(value, str) else json.dumps(value, default=str)


def _state_problems(config: PatternConfig) -> list[str]:
    if config.state_backend == "s3":
        problems = []
        if config.state_bucket is None:
            problems.append("state_bucket: required when state_backend = 's3'")
        if config.state_region is None and config.region is None:
            problems.append("state_region: required when state_backend = 's3' and region is unset")
        return problems
    return [
        f"{name} = {_show(getattr(config, name))}: only used when state_backend = 's3'; "
        "remove it or set state_backend = 's3'"
        for name in ("state_bucket", "state_region")
        if getattr(config, name) is not None
    ]


def _event_pattern_problems(pattern: object) -> list[str]:
    setting = "event_pattern"
    if not isinstance(pattern, Mapping) or not pattern:
        return [f"{setting} = {_show(pattern)}: must be a non-empty table (a JSON object)"]
    problems = []

    def walk(node: Mapping[str, object], path: str) -> None:
        for key, value in node.items():
            where = f"{path}.{key}"
            if isinstance(value, Mapping):
                if not value:
                    problems.append(f"{where} = {{}}: must not be empty")
                walk(value, where)
            elif isinstance(value, list):
                if not value:
                    problems.append(f"{where} = []: must list at least one value")
            else:
                problems.append(
                    f"{where} = {_show(value)}: must be a list of values to match, "
                    'e.g. ["value"] (EventBridge user guide, event patterns)'
                )

    walk(pattern, setting)
    length = len(json.dumps(pattern, separators=(",", ":")))
    if length > limits.EVENT_PATTERN_MAX_LENGTH:
        problems.append(
            f"{setting}: {length} characters as JSON; must be at most "
            f"{limits.EVENT_PATTERN_MAX_LENGTH} (EventBridge quotas: event pattern size)"
        )
    return problems


def _tag_problems(tags: object) -> list[str]:
    if not isinstance(tags, Mapping):
        return [f"tags = {_show(tags)}: must be a table of string keys and values"]
    problems = []
    for key, value in tags.items():
        if not isinstance(key, str) or not 1 <= len(key) <= 128 or key.startswith("aws:"):
            problems.append(
                f"tags key {_show(key)}: must be 1-128 characters, not starting with 'aws:' "
                "(AWS tagging limits)"
            )
        if not isinstance(value, str) or len(value) > 256:
            problems.append(
                f"tags.{key} = {_show(value)}: must be a string of at most 256 characters "
                "(AWS tagging limits)"
            )
    return problems
