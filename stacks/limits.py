"""EventBridge's limits as data.

Each limit is written once and applied twice: by Python when the config is
checked at synth time (`accepts`), and by Terraform when a caller sets a
variable at plan time (`condition`, an HCL expression for a `validation` block).
Sources are the EventBridge API reference and user guide, as collected in the
project's reference notes; each rule names its own.
"""

from __future__ import annotations

import re
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
    """One of a closed set of strings."""

    choices: tuple[str, ...]
    source: str

    @property
    def allowed(self) -> str:
        return "one of " + ", ".join(self.choices)

    def accepts(self, value: object) -> bool:
        return isinstance(value, str) and value in self.choices

    def condition(self, ref: str) -> str:
        return f"contains([{', '.join(_hcl_string(c) for c in self.choices)}], {ref})"


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

    def accepts(self, value: object) -> bool:
        if not isinstance(value, str):
            return False
        if not self.min_length <= len(value) <= self.max_length:
            return False
        return self.pattern is None or re.fullmatch(self.pattern, value) is not None

    def condition(self, ref: str) -> str:
        parts = [f"length({ref}) >= {self.min_length}", f"length({ref}) <= {self.max_length}"]
        if self.pattern is not None:
            parts.append(f"can(regex({_hcl_string('^(?:' + self.pattern + ')$')}, {ref}))")
        return " && ".join(parts)


Rule = IntRange | OneOf | Text

# Header names are HTTP tokens (RFC 9110); EventBridge allows up to 512 of them.
_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"

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
    ("API_KEY", "NONE"),
    "API_KEY sends the key as a header; NONE is the seed's dummy key for "
    "endpoints without auth, since EventBridge requires a connection",
)
HEADER_NAME = Text(
    1,
    512,
    "1-512 HTTP token characters (letters, digits and !#$%&'*+-.^_`|~)",
    "API reference: HttpParameters",
    pattern=_TOKEN,
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
SECRET = Text(1, 512, "1-512 characters", "API reference: CreateConnection")
EVENT_PATTERN_MAX_LENGTH = 2048  # EventBridge quotas: event pattern size

# Headers EventBridge sets itself on every request (user guide, API destinations).
RESERVED_HEADERS = frozenset(
    h.lower()
    for h in (
        "User-Agent",
        "Content-Type",
        "Range",
        "Accept-Encoding",
        "Connection",
        "Content-Length",
        "Host",
    )
)
