"""EventBridge's limits as data.

Each limit is written once and applied twice: by Python when the config is
checked at synth time (`accepts`), and by Terraform when a caller sets a
variable at plan time (`condition`, an HCL expression for a `validation` block).
Sources are the EventBridge API reference and user guide, as collected in the
project's reference notes; each rule names its own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass


def _hcl_string(text: str) -> str:
    """Quote `text` as an HCL string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    if "${" in escaped or "%{" in escaped:
        raise ValueError(f"template sequence in HCL literal: {text!r}")
    return f'"{escaped}"'


@dataclass(frozen=True)
class IntRange:
    """A whole number from `minimum` to `maximum` (no upper bound when None)."""

    minimum: int
    maximum: int | None
    source: str

    @property
    def allowed(self) -> str:
        if self.maximum is None:
            return f"a whole number of at least {self.minimum}"
        return f"a whole number from {self.minimum} to {self.maximum}"

    def accepts(self, value: object) -> bool:
        if not isinstance(value, int) or isinstance(value, bool):
            return False
        return value >= self.minimum and (self.maximum is None or value <= self.maximum)

    def condition(self, ref: str) -> str:
        parts = [f"floor({ref}) == {ref}", f"{ref} >= {self.minimum}"]
        if self.maximum is not None:
            parts.append(f"{ref} <= {self.maximum}")
        return " && ".join(parts)


@dataclass(frozen=True)
class OneOf:
    """One of a closed set of strings (or of whole numbers)."""

    choices: tuple[str, ...] | tuple[int, ...]
    source: str

    @property
    def allowed(self) -> str:
        return "one of " + ", ".join(str(c) for c in self.choices)

    def accepts(self, value: object) -> bool:
        return not isinstance(value, bool) and any(
            type(value) is type(c) and value == c for c in self.choices
        )

    def condition(self, ref: str) -> str:
        listed = ", ".join(_hcl_string(c) if isinstance(c, str) else str(c) for c in self.choices)
        return f"contains([{listed}], {ref})"


@dataclass(frozen=True)
class Text:
    """A string of `min_length` to `max_length` characters matching `pattern` in full.

    `pattern` is written in the common subset of Python's `re` and Terraform's
    RE2, and its repetition counts stay under RE2's limit of 1000, so the
    length is checked apart from it.
    """

    min_length: int
    max_length: int
    allowed: str
    source: str
    pattern: str | None = None
    refused: tuple[str, ...] = ()  # lower-case values refused whatever their case

    def accepts(self, value: object) -> bool:
        if not isinstance(value, str):
            return False
        if not self.min_length <= len(value) <= self.max_length:
            return False
        if value.lower() in self.refused:
            return False
        return self.pattern is None or re.fullmatch(self.pattern, value) is not None

    def condition(self, ref: str) -> str:
        parts = [f"length({ref}) >= {self.min_length}", f"length({ref}) <= {self.max_length}"]
        if self.pattern is not None:
            parts.append(f"can(regex({_hcl_string('^(?:' + self.pattern + ')$')}, {ref}))")
        if self.refused:
            listed = ", ".join(_hcl_string(v) for v in self.refused)
            parts.append(f"!contains([{listed}], lower({ref}))")
        return " && ".join(parts)


@dataclass(frozen=True)
class EventPattern:
    """An EventBridge event pattern: a map whose values are lists or maps.

    An empty map stands for the seed's pattern (the deploying account). Python
    checks every level; Terraform checks the top level and the size.
    """

    max_length: int
    source: str
    allowed: str = (
        "a table whose values are lists of values to match or nested tables, "
        "at most 2048 characters as JSON"
    )

    def accepts(self, value: object) -> bool:
        return not self.problems("event_pattern", value)

    def problems(self, name: str, value: object) -> list[str]:
        """One message per flaw, naming where in the pattern it is."""
        if not isinstance(value, Mapping):
            return [f"{name} = {show(value)}: must be {self.allowed} ({self.source})"]
        problems: list[str] = []
        self._walk(value, name, problems)
        length = len(json.dumps(value, separators=(",", ":")))
        if length > self.max_length:
            problems.append(
                f"{name}: {length} characters as JSON; must be at most {self.max_length} "
                f"({self.source})"
            )
        return problems

    def _walk(self, node: Mapping[str, object], path: str, problems: list[str]) -> None:
        for key, value in node.items():
            where = f"{path}.{key}"
            if isinstance(value, Mapping) and value:
                self._walk(value, where, problems)
            elif not (isinstance(value, list) and value):
                problems.append(
                    f"{where} = {show(value)}: must be a non-empty list of values to match, "
                    f'e.g. ["value"], or a nested table ({self.source})'
                )

    def condition(self, ref: str) -> str:
        return (
            f"can(keys({ref})) ? ("
            f"alltrue([for v in values({ref}) : can(keys(v)) || can(length(tolist(v)))]) && "
            f"length(jsonencode({ref})) <= {self.max_length}) : false"
        )


@dataclass(frozen=True)
class Tags:
    """AWS tags: keys of 1-128 characters not starting with 'aws:', values of at most 256."""

    source: str
    allowed: str = (
        "a table of string keys (1-128 characters, not starting with 'aws:') and string "
        "values (at most 256 characters)"
    )

    def accepts(self, value: object) -> bool:
        return isinstance(value, Mapping) and all(
            isinstance(k, str)
            and 1 <= len(k) <= 128
            and not k.startswith("aws:")
            and isinstance(v, str)
            and len(v) <= 256
            for k, v in value.items()
        )

    def condition(self, ref: str) -> str:
        return (
            f"alltrue([for k, v in {ref} : length(k) >= 1 && length(k) <= 128 && "
            f'!startswith(k, "aws:") && length(v) <= 256])'
        )


@dataclass(frozen=True)
class Flag:
    """true or false. Terraform's bool type is the whole check, so no validation block."""

    source: str = "a switch"
    allowed: str = "true or false"

    def accepts(self, value: object) -> bool:
        return isinstance(value, bool)

    def condition(self, ref: str) -> str | None:
        return None


@dataclass(frozen=True)
class TextList:
    """At most `max_items` strings, each meeting `item`."""

    item: Text
    max_items: int
    source: str

    @property
    def allowed(self) -> str:
        return f"a list of at most {self.max_items}, each {self.item.allowed}"

    def accepts(self, value: object) -> bool:
        return (
            isinstance(value, list | tuple)
            and len(value) <= self.max_items
            and all(self.item.accepts(v) for v in value)
        )

    def condition(self, ref: str) -> str:
        each = self.item.condition("x")
        return f"length({ref}) <= {self.max_items} && alltrue([for x in {ref} : {each}])"


@dataclass(frozen=True)
class Parameters:
    """Extra HTTP parameters: a table of names (1-512 characters) to values (up to 512)."""

    source: str
    allowed: str = "a table of names of 1-512 characters to string values of at most 512"

    def accepts(self, value: object) -> bool:
        return isinstance(value, Mapping) and all(
            isinstance(k, str) and 1 <= len(k) <= 512 and isinstance(v, str) and len(v) <= 512
            for k, v in value.items()
        )

    def condition(self, ref: str) -> None:
        return None  # checked at synth time only: these settings are not variables


@dataclass(frozen=True)
class InvocationParameters:
    """Extra parameters on every request: tables of location, key, and a value or secret."""

    source: str
    allowed: str = (
        "a list of tables with location (header, query_string or body), key (1-512 "
        "characters; for a header an HTTP token that EventBridge does not set itself), and "
        "either value (at most 512 characters) or secret = true"
    )
    locations: tuple[str, ...] = ("header", "query_string", "body")
    fields: frozenset[str] = frozenset({"location", "key", "value", "secret"})

    @staticmethod
    def _value_or_secret(item: Mapping[str, object]) -> bool:
        secret, plain = item.get("secret"), item.get("value")
        if secret is True:
            return plain is None
        return secret in (None, False) and isinstance(plain, str) and len(plain) <= 512

    def accepts(self, value: object) -> bool:
        return not self.problems("invocation_parameters", value)

    def problems(self, name: str, value: object) -> list[str]:
        if not isinstance(value, list | tuple):
            return [f"{name} = {show(value)}: must be {self.allowed} ({self.source})"]
        problems: list[str] = []
        seen: set[tuple[object, object]] = set()
        for index, item in enumerate(value):
            where = f"{name}[{index}]"
            if not isinstance(item, Mapping) or not set(item) <= self.fields:
                problems.append(f"{where} = {show(item)}: must be {self.allowed} ({self.source})")
                continue
            location, key = item.get("location"), item.get("key")
            if location not in self.locations:
                problems.append(
                    f"{where}.location = {show(location)}: must be one of "
                    f"{', '.join(self.locations)} ({self.source})"
                )
            rule = HEADER_NAME if location == "header" else PARAMETER_KEY
            if not rule.accepts(key):
                problems.append(
                    f"{where}.key = {show(key)}: must be {rule.allowed} ({rule.source})"
                )
            if not self._value_or_secret(item):
                problems.append(
                    f"{where}: must have either value (a string of at most 512 characters) "
                    f"or secret = true, not both ({self.source})"
                )
            if (location, str(key).lower()) in seen:
                problems.append(f"{where}: {location} {show(key)} is given twice")
            seen.add((location, str(key).lower()))
        return problems

    def condition(self, ref: str) -> None:
        return None  # checked at synth time only: this setting is not a variable


@dataclass(frozen=True)
class SecretMap:
    """Secret values by key: one of 1-512 characters for each of `keys`."""

    keys: tuple[str, ...]
    source: str

    @property
    def allowed(self) -> str:
        return f"a map giving a value of 1-512 characters for each of {', '.join(self.keys)}"

    def accepts(self, value: object) -> bool:
        return isinstance(value, Mapping) and all(
            isinstance(value.get(k), str) and 1 <= len(value[k]) <= 512 for k in self.keys
        )

    def condition(self, ref: str) -> str:
        listed = ", ".join(_hcl_string(k) for k in self.keys)
        return (
            f"alltrue([for k in [{listed}] : contains(keys({ref}), k)]) && "
            f"alltrue([for v in values({ref}) : length(v) >= 1 && length(v) <= 512])"
        )


@dataclass(frozen=True)
class TextMap:
    """At most `max_items` entries whose keys meet `key` and whose values meet `value`."""

    key: Text
    value: Text
    max_items: int
    source: str

    @property
    def allowed(self) -> str:
        return (
            f"a table of at most {self.max_items} entries, keys {self.key.allowed}, "
            f"values {self.value.allowed}"
        )

    def accepts(self, value: object) -> bool:
        return (
            isinstance(value, Mapping)
            and len(value) <= self.max_items
            and all(self.key.accepts(k) and self.value.accepts(v) for k, v in value.items())
        )

    def condition(self, ref: str) -> str:
        return (
            f"length({ref}) <= {self.max_items} && alltrue([for k, v in {ref} : "
            f"{self.key.condition('k')} && {self.value.condition('v')}])"
        )


@dataclass(frozen=True)
class HeaderParameters:
    """Extra request headers: a header name to a fixed value or a JSONPath into the event."""

    source: str
    allowed: str = (
        "a table of header names (HTTP tokens EventBridge does not set itself) to values of "
        "at most 512 printable ASCII characters, or to a JSONPath such as $.detail.tenant"
    )

    @staticmethod
    def _value(value: object) -> bool:
        if not isinstance(value, str):
            return False
        if value.startswith("$"):
            return JSON_PATH.accepts(value)
        return len(value) <= 512 and re.fullmatch(r"[ -~]*", value) is not None

    def accepts(self, value: object) -> bool:
        return isinstance(value, Mapping) and all(
            HEADER_NAME.accepts(k) and self._value(v) for k, v in value.items()
        )

    def condition(self, ref: str) -> str:
        path = JSON_PATH.condition("v")
        return (
            f"alltrue([for k, v in {ref} : {HEADER_NAME.condition('k')} && "
            f'(startswith(v, "$") ? ({path}) : '
            f'(length(v) <= 512 && can(regex("^[ -~]*$", v))))])'
        )


def show(value: object) -> str:
    """A value as a message shows it: strings quoted, the rest as JSON."""
    return repr(value) if isinstance(value, str) else json.dumps(value, default=str)


Rule = (
    IntRange
    | OneOf
    | Text
    | EventPattern
    | Tags
    | Flag
    | TextList
    | Parameters
    | InvocationParameters
    | SecretMap
    | TextMap
    | HeaderParameters
)

# Header names are HTTP tokens (RFC 9110); EventBridge allows up to 512 of them.
_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"

# Headers EventBridge sets itself on every request (user guide, API destinations).
RESERVED_HEADERS = (
    "user-agent",
    "content-type",
    "range",
    "accept-encoding",
    "connection",
    "content-length",
    "host",
)

NAME_PREFIX = Text(
    1,
    40,
    "1-40 characters of A-Z, a-z, 0-9, '-' and '_', starting with a letter or digit",
    "EventBridge and SQS API references: EventBridge names are at most 64 characters "
    "of [.-_A-Za-z0-9], SQS queue names allow no '.', and the prefix leaves room for "
    "the longest suffix",
    pattern=r"[A-Za-z0-9][A-Za-z0-9_-]*",
)
REGION = Text(
    1,
    32,
    "an AWS region code such as us-east-1",
    "AWS regions",
    pattern=r"[a-z]{2}(-[a-z]+)+-[0-9]+",
)
ENDPOINT = Text(
    9,
    2048,
    "an https:// URL of at most 2048 characters with a host and no spaces",
    "API reference: CreateApiDestination; HTTPS only, 1-2048 characters",
    pattern=r"https://[^\s/?#]+([/?#]\S*)?",
)
HTTP_METHOD = OneOf(
    ("POST", "GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"),
    "API reference: CreateApiDestination",
)
RATE_LIMIT = IntRange(
    1,
    None,
    "API reference: CreateApiDestination; the default quota is 300 per second per "
    "destination and can be raised",
)
RETRY_ATTEMPTS = IntRange(0, 185, "API reference: RetryPolicy")
EVENT_AGE = IntRange(60, 86400, "API reference: RetryPolicy")
DLQ_RETENTION = IntRange(60, 1209600, "SQS API reference: MessageRetentionPeriod")
AUTHORIZATION_TYPE = OneOf(
    ("API_KEY", "BASIC", "OAUTH_CLIENT_CREDENTIALS", "NONE"),
    "API reference: CreateConnection; NONE is the seed's dummy API key for endpoints "
    "without auth, since EventBridge requires a connection",
)
AUTH_VALUE = Text(1, 512, "1-512 characters", "API reference: CreateConnection")
OAUTH_ENDPOINT = Text(
    9,
    2048,
    "an https:// URL of at most 2048 characters with a host and no spaces",
    "API reference: CreateConnectionOAuthRequestParameters",
    pattern=r"https://[^\s/?#]+([/?#]\S*)?",
)
OAUTH_HTTP_METHOD = OneOf(
    ("GET", "POST", "PUT"), "API reference: CreateConnectionOAuthRequestParameters"
)
HEADER_NAME = Text(
    1,
    512,
    "1-512 HTTP token characters (letters, digits and !#$%&'*+-.^_`|~), and not a header "
    "EventBridge sets itself (" + ", ".join(RESERVED_HEADERS) + ")",
    "API reference: HttpParameters; user guide, API destinations",
    pattern=_TOKEN,
    refused=RESERVED_HEADERS,
)
JSON_PATH = Text(
    2,
    512,
    "a JSONPath into the event such as $.detail.customID: '$' then .name, [index] "
    "or .* parts, and nothing before or after it",
    "EventBridge user guide, dynamic path parameters: the whole value must be the path",
    pattern=r"\$(\.[A-Za-z0-9_-]+|\[[0-9]+\]|\.\*)+",
)
STATE_BACKEND = OneOf(("local", "s3"), "Terraform backends this project configures")
S3_BUCKET = Text(
    3,
    63,
    "3-63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit",
    "S3 bucket naming rules",
    pattern=r"[a-z0-9][a-z0-9.-]*[a-z0-9]",
)
S3_KEY = Text(1, 1024, "1-1024 characters", "S3 object key limits")
EVENT_PATTERN_RULE = EventPattern(
    2048, "EventBridge user guide, event patterns; quotas: event pattern size"
)
TAGS = Tags("AWS tagging limits")
OAUTH_PARAMETERS = Parameters("API reference: ConnectionHttpParameters")
PARAMETER_KEY = Text(1, 512, "1-512 characters", "API reference: ConnectionHttpParameters")
INVOCATION_PARAMETERS = InvocationParameters("API reference: ConnectionHttpParameters")
FLAG = Flag()
ALARM_EMAILS = TextList(
    Text(
        3, 254, "an email address", "SNS email subscriptions", pattern=r"[^@\s]+@[^@\s]+\.[^@\s]+"
    ),
    10,
    "SNS email subscriptions; a reasonable bound, not an AWS limit",
)
ALARM_ACTIONS = TextList(
    Text(
        20,
        2048,
        "an ARN such as arn:aws:sns:us-east-1:123456789012:ops",
        "CloudWatch PutMetricAlarm",
        pattern=r"arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]{12}:\S+",
    ),
    4,
    "CloudWatch PutMetricAlarm allows 5 actions per state; the alarm topic is one of them",
)
ARCHIVE_RETENTION = IntRange(0, None, "API reference: CreateArchive; 0 keeps events indefinitely")
KMS_KEY_ARN = Text(
    20,
    2048,
    "a KMS key ARN such as arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-"
    "1234567890ab",
    "EventBridge CreateConnection and CreateEventBus, SQS KmsMasterKeyId",
    pattern=r"arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+",
)
PROVIDER_MAJOR_VERSION = IntRange(
    5, 6, "Terraform AWS provider releases: log_config on buses came in 6.6.0"
)
BUS_LOG_LEVEL = OneOf(("OFF", "ERROR", "INFO", "TRACE"), "API reference: LogConfig")
BUS_LOG_DETAIL = OneOf(("NONE", "FULL"), "API reference: LogConfig")
HEADER_PARAMETERS = HeaderParameters(
    "API reference: HttpParameters; user guide, dynamic path parameters"
)
INPUT_PATHS = TextMap(
    Text(1, 256, "1-256 of A-Z, a-z, 0-9, '_' and '-'", "API reference", pattern=r"[A-Za-z0-9_-]+"),
    Text(
        1,
        256,
        "a JSONPath into the event such as $.detail.orderId",
        "API reference",
        pattern=r"\$(\.[A-Za-z0-9_-]+|\[[0-9]+\]|\.\*)*",
    ),
    100,
    "API reference: InputTransformer (InputPathsMap)",
)
INPUT_TEMPLATE = Text(
    1, 8192, "1-8192 characters", "API reference: InputTransformer (InputTemplate)"
)
DESTINATION_NAME = Text(
    1,
    20,
    "1-20 characters of A-Z, a-z, 0-9, '-' and '_', starting with a letter",
    "EventBridge and IAM names are at most 64 characters; a destination's names are "
    "<name_prefix>-<name>-<suffix>",
    pattern=r"[A-Za-z][A-Za-z0-9_-]*",
)
TARGETS_PER_RULE = 5  # EventBridge quotas: targets per rule (not adjustable)

# fmt: off
LOG_RETENTION = OneOf(
    (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
     2922, 3288, 3653),
    "CloudWatch Logs PutRetentionPolicy",
)
# fmt: on
