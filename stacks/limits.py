"""EventBridge's and AWS's limits as data.

Each limit is written once and applied twice: by Python when the config is
checked at synth time (`problems`, `accepts`), and by Terraform when a caller
sets a variable at plan time (`condition`, an HCL expression for a `validation`
block). Sources are the EventBridge API reference and user guide, the tagging
API and the SQS, SNS, KMS and CloudWatch references, as collected in the
project's reference notes; each rule names its own.

No rule raises, whatever it is given: a value of the wrong type, at any depth,
is a problem to report like any other.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

# How much of a value a message shows; longer values are cut, with their size.
SHOWN_CHARACTERS = 120

# Keys that name a credential: a value under one is never shown, and a
# non-secret parameter may not have one (it belongs in a secret).
CREDENTIAL_KEY = re.compile(
    r"secret|passw(or)?d|token|api[-_ ]?key|credential|private[-_ ]?key|signature",
    re.IGNORECASE,
)
# Python's `re` and Terraform's RE2 read this pattern the same way.
_CREDENTIAL_KEY_HCL = (
    "(?i)(secret|passw(or)?d|token|api[-_ ]?key|credential|private[-_ ]?key|signature)"
)

# Patterns nested deeper than this are refused (a reasonable bound: a 2048
# character pattern is rarely more than five deep); Terraform checks the first
# PATTERN_HCL_DEPTH levels at plan time and EventBridge the rest at apply time.
MAX_PATTERN_DEPTH = 32
PATTERN_HCL_DEPTH = 6


def label(key: object) -> str:
    """A name in a message (a setting, a destination, a header): as it is when it is plain,
    quoted and cut like a value when it is not."""
    if isinstance(key, str) and re.fullmatch(r"[A-Za-z0-9_.:/-]{1,64}", key):
        return key
    return show(key)


def show(value: object) -> str:
    """A value as a message shows it: strings quoted, the rest as JSON, long ones cut."""
    try:
        text = repr(value) if isinstance(value, str) else json.dumps(value, default=str)
    except (ValueError, RecursionError):
        text = f"<{type(value).__name__}>"
    if len(text) <= SHOWN_CHARACTERS:
        return text
    size = len(value) if isinstance(value, str | list | tuple | Mapping) else len(text)
    unit = "characters" if isinstance(value, str) else "items"
    if not isinstance(value, str | list | tuple | Mapping):
        unit = "characters as JSON"
    return f"{text[:SHOWN_CHARACTERS]}… ({size} {unit})"


def hcl_string(text: str) -> str:
    """Quote `text` as an HCL string literal (for conditions we write ourselves)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("${", "$${").replace("%{", "%%{") + '"'


def _is_list(ref: str) -> str:
    """HCL: `ref` is a list, tuple or set (they have a length, but no keys and no string form)."""
    return f"(can(length({ref})) && !can(keys({ref})) && !can(tostring({ref})))"


class _Rule:
    """What every rule offers: one message per flaw, and whether a value has none."""

    allowed: str
    source: str

    def problems(self, name: str, value: object) -> list[str]:
        if self.accepts(value):
            return []
        return [f"{name} = {show(value)}: must be {self.allowed} ({self.source})"]

    def accepts(self, value: object) -> bool:
        raise NotImplementedError

    def condition(self, ref: str) -> str | None:
        raise NotImplementedError


@dataclass(frozen=True)
class IntRange(_Rule):
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
class OneOf(_Rule):
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
        listed = ", ".join(hcl_string(c) if isinstance(c, str) else str(c) for c in self.choices)
        return f"contains([{listed}], {ref})"


@dataclass(frozen=True)
class Text(_Rule):
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
    refused_pattern: str | None = None  # refused wherever it matches (RE2 has no lookahead)

    def accepts(self, value: object) -> bool:
        if not isinstance(value, str):
            return False
        if not self.min_length <= len(value) <= self.max_length:
            return False
        if value.lower() in self.refused:
            return False
        if self.refused_pattern is not None and re.search(self.refused_pattern, value):
            return False
        return self.pattern is None or re.fullmatch(self.pattern, value) is not None

    def condition(self, ref: str) -> str:
        parts = [f"length({ref}) >= {self.min_length}", f"length({ref}) <= {self.max_length}"]
        if self.pattern is not None:
            parts.append(f"can(regex({hcl_string('^(?:' + self.pattern + ')$')}, {ref}))")
        if self.refused:
            listed = ", ".join(hcl_string(v) for v in self.refused)
            parts.append(f"!contains([{listed}], lower({ref}))")
        if self.refused_pattern is not None:
            parts.append(f"!can(regex({hcl_string(self.refused_pattern)}, {ref}))")
        return " && ".join(parts)


@dataclass(frozen=True)
class EventPattern(_Rule):
    """An EventBridge event pattern: a map of field names to lists of values or nested maps,
    as data or as its JSON text.

    At no depth an empty list or an empty map, nor a list directly inside a
    list (EventBridge refuses them); operator maps in a list (`{"prefix": "a"}`)
    hold values of any kind. An empty top-level map stands for the seed's pattern
    (the deploying account) unless `may_be_empty` is false.
    """

    max_length: int
    source: str
    may_be_empty: bool = True
    allowed: str = (
        "a table (or its JSON text) whose values are non-empty lists of values to match or "
        "non-empty nested tables, with no list directly inside a list, at most 2048 "
        "characters as JSON"
    )

    def accepts(self, value: object) -> bool:
        return not self.problems("event_pattern", value)

    def problems(self, name: str, value: object) -> list[str]:
        """One message per flaw, naming where in the pattern it is."""
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except (ValueError, RecursionError):
                return [f"{name} = {show(value)}: not valid JSON; must be {self.allowed}"]
        if not isinstance(value, Mapping):
            return [f"{name} = {show(value)}: must be {self.allowed} ({self.source})"]
        if not value and not self.may_be_empty:
            return [f"{name} = {{}}: must match something ({self.source})"]
        problems: list[str] = []
        self._fields(value, name, problems, 1)
        if problems:
            return problems
        length = len(json.dumps(value, separators=(",", ":")))
        if length > self.max_length:
            problems.append(
                f"{name}: {length} characters as JSON; must be at most {self.max_length} "
                f"({self.source})"
            )
        return problems

    def _too_deep(self, where: str, depth: int, problems: list[str]) -> bool:
        if depth <= MAX_PATTERN_DEPTH:
            return False
        problems.append(f"{where}: nested more than {MAX_PATTERN_DEPTH} levels deep")
        return True

    def _fields(self, node: Mapping[object, object], path: str, problems: list[str], depth: int):
        if self._too_deep(path, depth, problems):
            return
        for key, value in node.items():
            where = f"{path}.{key}"
            if isinstance(value, Mapping) and value:
                self._fields(value, where, problems, depth + 1)
            elif isinstance(value, list) and value:
                self._list(value, where, problems, depth + 1)
            else:
                problems.append(
                    f"{where} = {show(value)}: must be a non-empty list of values to match, "
                    f'e.g. ["value"], or a non-empty nested table ({self.source})'
                )

    def _list(self, items: list[object], where: str, problems: list[str], depth: int) -> None:
        if self._too_deep(where, depth, problems):
            return
        for index, item in enumerate(items):
            if isinstance(item, list):
                problems.append(
                    f"{where}[{index}]: a list inside a list; EventBridge refuses it "
                    f"({self.source})"
                )
            elif isinstance(item, Mapping):
                self._any(item, f"{where}[{index}]", problems, depth + 1)

    def _any(self, node: object, where: str, problems: list[str], depth: int) -> None:
        """Inside an operator: any value, but no empty list or map, no list in a list."""
        if self._too_deep(where, depth, problems):
            return
        if isinstance(node, Mapping | list) and not node:
            problems.append(f"{where} = {show(node)}: may not be empty ({self.source})")
        elif isinstance(node, Mapping):
            for key, value in node.items():
                self._any(value, f"{where}.{key}", problems, depth + 1)
        elif isinstance(node, list):
            self._list(node, where, problems, depth)

    def condition(self, ref: str) -> str:
        data = f"try(jsondecode({ref}), {ref})"
        # With string values blanked out, the JSON text shows an empty list or
        # map as [] or {}, and a list directly inside a list as [[ or ,[ (in a
        # map a comma is followed by a key): checked at every depth.
        text = f"jsonencode({data})"
        blanked = f'replace({text}, {hcl_string("/" + _JSON_STRING + "/")}, "\\"\\"")'
        shape = (
            f"{_hcl_fields(data, PATTERN_HCL_DEPTH)} && "
            f"!can(regex({hcl_string(_EMPTY_OR_NESTED_LIST)}, {blanked}))"
        )
        empty = "true" if self.may_be_empty else "false"
        return (
            f"can(keys({data})) ? ((length({data}) == 0 ? {empty} : ({shape})) && "
            f"length({text}) <= {self.max_length}) : false"
        )


_JSON_STRING = r'"(?:[^"\\]|\\.)*"'
_EMPTY_OR_NESTED_LIST = r"\[\]|\{\}|[\[,]\["


def _hcl_fields(ref: str, depth: int) -> str:
    """HCL: the map `ref` holds field names to lists or maps, checked to `depth` levels
    (a field map's values are never plain values; an operator's, inside a list, may be)."""
    if depth == 0:
        return "true"
    v = f"v{depth}"
    return (
        f"try(alltrue([for k{depth}, {v} in {ref} : can(keys({v})) ? "
        f"{_hcl_fields(v, depth - 1)} : {_is_list(v)}]), false)"
    )


def _tag_text(text: str) -> bool:
    """Unicode letters, separators and digits, and _ . : / = + - @ (the tagging API's set)."""
    return all(unicodedata.category(c)[0] in "LZN" or c in "_.:/=+-@" for c in text)


_TAG_TEXT_HCL = r"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$"


@dataclass(frozen=True)
class Tags(_Rule):
    """AWS tags: at most `max_items`, keys of 1-128 and values of at most 256 characters of the
    tagging API's set, keys not starting with 'aws:'."""

    max_items: int
    source: str

    @property
    def allowed(self) -> str:
        return (
            f"a table of at most {self.max_items} tags (AWS allows 50 per resource; the pattern "
            "adds EventBridgeApiDestinations to its key): keys of 1-128 and values of at most "
            "256 Unicode letters, digits, spaces and _ . : / = + - @, keys not starting "
            "with 'aws:' and differing in more than case (IAM compares tag keys without case)"
        )

    def accepts(self, value: object) -> bool:
        return (
            isinstance(value, Mapping)
            and len(value) <= self.max_items
            and len({str(k).lower() for k in value}) == len(value)
            and all(
                isinstance(k, str)
                and 1 <= len(k) <= 128
                and not k.lower().startswith("aws:")
                and _tag_text(k)
                and isinstance(v, str)
                and len(v) <= 256
                and _tag_text(v)
                for k, v in value.items()
            )
        )

    def condition(self, ref: str) -> str:
        charset = hcl_string(_TAG_TEXT_HCL)
        return (
            f"length({ref}) <= {self.max_items} && "
            f"length(distinct([for k in keys({ref}) : lower(k)])) == length({ref}) && "
            f"alltrue([for k, v in {ref} : length(k) >= 1 && length(k) <= 128 && "
            f'!startswith(lower(k), "aws:") && length(v) <= 256 && '
            f"can(regex({charset}, k)) && can(regex({charset}, v))])"
        )


@dataclass(frozen=True)
class Flag(_Rule):
    """true or false. Terraform's bool type is the whole check, so no validation block."""

    source: str = "a switch"
    allowed: str = "true or false"

    def accepts(self, value: object) -> bool:
        return isinstance(value, bool)

    def condition(self, ref: str) -> str | None:
        return None


@dataclass(frozen=True)
class Period(_Rule):
    """A CloudWatch alarm period: 10, 20 or 30 seconds, or a multiple of 60 up to a day."""

    source: str
    allowed: str = "10, 20, 30, or a multiple of 60 from 60 to 86400 (seconds)"

    def accepts(self, value: object) -> bool:
        if not isinstance(value, int) or isinstance(value, bool):
            return False
        return value in (10, 20, 30) or (value % 60 == 0 and 60 <= value <= 86400)

    def condition(self, ref: str) -> str:
        return (
            f"floor({ref}) == {ref} && (contains([10, 20, 30], {ref}) || "
            f"({ref} % 60 == 0 && {ref} >= 60 && {ref} <= 86400))"
        )


@dataclass(frozen=True)
class TextList(_Rule):
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
class TextMap(_Rule):
    """At most `max_items` entries whose keys meet `key` and whose values meet `value`.

    With `credentials_refused`, a key that names a credential (see
    CREDENTIAL_KEY) is refused: such a value belongs in a secret.
    """

    key: Text
    value: Text
    max_items: int
    source: str
    credentials_refused: bool = False

    @property
    def allowed(self) -> str:
        text = (
            f"a table of at most {self.max_items} entries, keys {self.key.allowed}, "
            f"values {self.value.allowed}"
        )
        if self.credentials_refused:
            text += ", and no key that names a credential (secret, password, token, api key)"
        return text

    def accepts(self, value: object) -> bool:
        return (
            isinstance(value, Mapping)
            and len(value) <= self.max_items
            and all(
                self.key.accepts(k)
                and self.value.accepts(v)
                and not (self.credentials_refused and CREDENTIAL_KEY.search(k))
                for k, v in value.items()
            )
        )

    def problems(self, name: str, value: object) -> list[str]:
        if self.accepts(value):
            return []
        if isinstance(value, Mapping) and self.credentials_refused:
            named = [k for k in value if isinstance(k, str) and CREDENTIAL_KEY.search(k)]
            if named:  # the value may be a credential: show only the key
                return [
                    f"{name}.{label(key)}: names a credential; a non-secret parameter may not "
                    "carry one: give the secret through its sensitive variable"
                    for key in named
                ]
        if isinstance(value, Mapping) and len(value) <= self.max_items:
            return [
                f"{name}.{label(k)} = {show(v)}: must be {self.allowed} ({self.source})"
                for k, v in value.items()
                if not (self.key.accepts(k) and self.value.accepts(v))
            ] or super().problems(name, value)
        return super().problems(name, value)

    def condition(self, ref: str) -> str:
        parts = [
            f"length({ref}) <= {self.max_items}",
            f"alltrue([for k, v in {ref} : {self.key.condition('k')} && "
            f"{self.value.condition('v')}])",
        ]
        if self.credentials_refused:
            parts.append(
                f"!anytrue([for k in keys({ref}) : can(regex({hcl_string(_CREDENTIAL_KEY_HCL)}, "
                "k))])"
            )
        return " && ".join(parts)


@dataclass(frozen=True)
class HeaderParameters(_Rule):
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
        return HEADER_VALUE.accepts(value)

    def accepts(self, value: object) -> bool:
        return isinstance(value, Mapping) and all(
            HEADER_NAME.accepts(k) and self._value(v) for k, v in value.items()
        )

    def condition(self, ref: str) -> str:
        path = JSON_PATH.condition("v")
        return (
            f"alltrue([for k, v in {ref} : {HEADER_NAME.condition('k')} && "
            f'(startswith(v, "$") ? ({path}) : ({HEADER_VALUE.condition("v")}))])'
        )


@dataclass(frozen=True)
class InvocationParameters(_Rule):
    """Extra parameters on every request: a list of location, key, and a value or secret."""

    source: str
    allowed: str = (
        "a list of tables with location (header, query_string or body), key (1-512 "
        "characters without control characters; for a header an HTTP token that EventBridge "
        "does not set itself), and either value (at most 512 characters without control "
        "characters; for a header 1-512 printable ASCII characters; not under a key that "
        "names a credential) or secret = true"
    )
    locations: tuple[str, ...] = ("header", "query_string", "body")
    fields: frozenset[str] = frozenset({"location", "key", "value", "secret"})

    def accepts(self, value: object) -> bool:
        return not self.problems("invocation_parameters", value)

    def problems(self, name: str, value: object) -> list[str]:
        if not isinstance(value, list | tuple):
            return [f"{name} = {show(value)}: must be {self.allowed} ({self.source})"]
        problems: list[str] = []
        seen: set[tuple[str, str]] = set()
        for index, item in enumerate(value):
            where = f"{name}[{index}]"
            # Never show an item whole: it may hold a secret value.
            if not isinstance(item, Mapping) or not set(item) <= self.fields:
                what = (
                    f"a table with {', '.join(sorted(map(str, item)))}"
                    if isinstance(item, Mapping)
                    else f"a {type(item).__name__}"
                )
                problems.append(f"{where} is {what}: must be {self.allowed} ({self.source})")
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
            secret, plain = item.get("secret"), item.get("value")
            if secret is True:
                if plain is not None:
                    problems.append(
                        f"{where}: has both value and secret = true; drop the value, which "
                        "comes from the sensitive variable"
                    )
            elif secret not in (None, False):
                problems.append(f"{where}.secret: must be true or false")
            elif not (value_rule := self._value_rule(location)).accepts(plain):
                problems.append(
                    f"{where}.value: must be {value_rule.allowed}, or set secret = true "
                    f"({value_rule.source})"
                )
            elif isinstance(key, str) and CREDENTIAL_KEY.search(key):
                problems.append(
                    f"{where}: key {show(key)} names a credential; set secret = true and give "
                    "the value through the sensitive variable instead"
                )
            if isinstance(location, str) and isinstance(key, str):
                if (location, key.lower()) in seen:
                    problems.append(f"{where}: {location} {show(key)} is given twice")
                seen.add((location, key.lower()))
        return problems

    @staticmethod
    def _value_rule(location: object) -> Text:
        """A header's value is printable ASCII; a query string's or body's may be any text."""
        return HEADER_VALUE if location == "header" else PARAMETER_VALUE

    def condition(self, ref: str) -> str:
        locations = ", ".join(hcl_string(x) for x in self.locations)
        header = HEADER_NAME.condition("p.key")
        key = PARAMETER_KEY.condition("p.key")
        value = (
            f'(p.location == "header" ? ({HEADER_VALUE.condition("p.value")}) : '
            f"({PARAMETER_VALUE.condition('p.value')}))"
        )
        credential = hcl_string(_CREDENTIAL_KEY_HCL)
        return (
            f"alltrue([for p in {ref} : contains([{locations}], p.location) && "
            f'(p.location == "header" ? ({header}) : ({key})) && '
            f"(p.secret ? p.value == null : (p.value != null ? (({value}) && "
            f"!can(regex({credential}, p.key))) : false))]) && "
            f'length(distinct([for p in {ref} : "${{p.location}} ${{lower(p.key)}}"])) == '
            f"length({ref})"
        )


# Header names are HTTP tokens (RFC 9110); EventBridge allows up to 512 of them.
_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
# No control characters (C0 and DEL): the API's patterns for parameter keys and values.
_NO_CONTROL = r"[^\x00-\x1f\x7f]*"
# Credentials (API key name and value, BASIC user name and password, OAuth client id and
# secret): the API's `^[ \t]*[^\x00-\x1F:\x7F]+([ \t]+[^\x00-\x1F:\x7F]+)*[ \t]*$`, i.e.
# no control character but tab, no ':', and not tabs alone; written without nested
# repetition so that Python's `re` cannot backtrack for long.
AUTH_TEXT = r"[^\x00-\x08\x0a-\x1f:\x7f]*[^\x00-\x1f:\x7f][^\x00-\x08\x0a-\x1f:\x7f]*"
AUTH_TEXT_ALLOWED = (
    "1-512 characters with no control characters (tabs aside) and no ':', not tabs alone"
)
AUTH_TEXT_SOURCE = (
    "API reference: CreateConnectionApiKeyAuthRequestParameters, "
    "CreateConnectionBasicAuthRequestParameters, CreateConnectionOAuthClientRequestParameters"
)
# Header values (connection header parameters and the target's headers): the API's
# `^[ \t]*[\x20-\x7E]+([ \t]+[\x20-\x7E]+)*[ \t]*$`: printable ASCII and tabs, not
# empty, not tabs alone.
_HEADER_TEXT = r"[\t -~]*[ -~][\t -~]*"

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
# API reference, CreateApiDestination: InvocationEndpoint's pattern is ASCII only.
_URL = (
    r"https://[A-Za-z0-9.-]+(:[0-9]+)?"
    r"([/?](%[0-9A-Fa-f]{2}|[-()_.!~*';/?:@&=+$,A-Za-z0-9])*)?"
)
ENDPOINT = Text(
    9,
    2048,
    "an https:// URL of at most 2048 characters: a host, then a path and query of ASCII "
    "letters, digits, %XX escapes and -()_.!~*';/?:@&=+$, (no spaces, no control or "
    "non-ASCII characters)",
    "API reference: CreateApiDestination (InvocationEndpoint); HTTPS only",
    pattern=_URL,
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
AUTH_VALUE = Text(1, 512, AUTH_TEXT_ALLOWED, AUTH_TEXT_SOURCE, pattern=AUTH_TEXT)
OAUTH_ENDPOINT = Text(
    9,
    2048,
    ENDPOINT.allowed,
    "API reference: CreateConnectionOAuthRequestParameters",
    pattern=_URL,
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
HEADER_VALUE = Text(
    1,
    512,
    "1-512 printable ASCII characters (letters, digits, punctuation, spaces and tabs), "
    "not empty and not tabs alone",
    "API reference: HttpParameters, ConnectionHeaderParameter",
    pattern=_HEADER_TEXT,
)
JSON_PATH = Text(
    2,
    512,
    "a JSONPath into the event such as $.detail.customID: '$' then .name, [index] "
    "or .* parts, and nothing before or after it",
    "EventBridge user guide, dynamic path parameters: the whole value must be the path",
    pattern=r"\$(\.[A-Za-z0-9_-]+|\[[0-9]+\]|\.\*)+",
)
PARAMETER_KEY = Text(
    1,
    512,
    "1-512 characters without control characters",
    "API reference: ConnectionHttpParameters",
    pattern=_NO_CONTROL,
)
PARAMETER_VALUE = Text(
    0,
    512,
    "a string of at most 512 characters without control characters",
    "API reference: ConnectionHttpParameters",
    pattern=_NO_CONTROL,
)
STATE_BACKEND = OneOf(("local", "s3"), "Terraform backends this project configures")
S3_BUCKET = Text(
    3,
    63,
    "3-63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit",
    "S3 bucket naming rules",
    pattern=r"[a-z0-9][a-z0-9.-]*[a-z0-9]",
)
S3_KEY = Text(
    1,
    1024,
    "1-1024 characters without control characters",
    "S3 object key limits",
    pattern=_NO_CONTROL,
)
EVENT_PATTERN_RULE = EventPattern(
    2048, "EventBridge user guide, event patterns; quotas: event pattern size"
)
DESTINATION_PATTERN = EventPattern(
    2048,
    "EventBridge user guide, event patterns; a destination's own rule must match something",
    may_be_empty=False,
)
# AWS allows 50 tags per resource; the pattern adds one of its own (to the key).
TAGS = Tags(49, "AWS tagging API: TagResource limits and allowed characters")
OAUTH_HEADER_PARAMETERS = TextMap(
    HEADER_NAME,
    HEADER_VALUE,
    100,
    "API reference: ConnectionHttpParameters; 100 is a reasonable bound, not an AWS limit",
    credentials_refused=True,
)
OAUTH_PARAMETERS = TextMap(
    PARAMETER_KEY,
    PARAMETER_VALUE,
    100,
    "API reference: ConnectionHttpParameters; 100 is a reasonable bound, not an AWS limit",
    credentials_refused=True,
)
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
SNS_TOPIC_ARN = Text(
    20,
    2048,
    "an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:ops",
    "SNS API reference: topic names are 1-256 of A-Z, a-z, 0-9, '-' and '_'",
    pattern=r"arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?",
)
ARCHIVE_RETENTION = IntRange(0, None, "API reference: CreateArchive; 0 keeps events indefinitely")
KMS_KEY = Text(
    7,
    2048,
    "a customer managed KMS key: its ARN (arn:aws:kms:eu-west-1:123456789012:key/1234abcd-"
    "...), an alias ARN (arn:aws:kms:eu-west-1:123456789012:alias/orders) or an alias name "
    "(alias/orders); not an AWS managed key (alias/aws/...), which EventBridge cannot use "
    "for the bus, the connections or the dead-letter queue",
    "EventBridge CreateEventBus and CreateConnection (KmsKeyIdentifier), SQS KmsMasterKeyId; "
    "SQS developer guide, key management: AWS services that send to an encrypted queue need "
    "a customer managed key",
    refused_pattern=r"(^|:)alias/aws/",
    pattern=(
        r"arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key/[A-Za-z0-9-]+|alias/[A-Za-z0-9/_-]+)"
        r"|alias/[A-Za-z0-9/_-]+"
    ),
)
BUS_NAME = Text(
    1,
    256,
    "1-256 characters of A-Z, a-z, 0-9, '.', '-', '_' and '/' (an existing bus, 'default' "
    "included; a created bus may not contain '/' nor be 'default')",
    "API reference: CreateEventBus (Name)",
    pattern=r"[/.A-Za-z0-9_-]+",
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
    "1-20 characters of A-Z, a-z, 0-9, '-' and '_', starting with a letter, and not 'main' "
    "(the top-level destination's key)",
    "EventBridge and IAM names are at most 64 characters; a destination's names are "
    "<name_prefix>-<name>-<suffix>",
    pattern=r"[A-Za-z][A-Za-z0-9_-]*",
    refused=("main",),
)
CONNECTION_NAME = Text(
    1,
    20,
    "'main' or the name of a destination with an authorization_type of its own",
    "a connection this pattern creates",
    pattern=r"[A-Za-z][A-Za-z0-9_-]*",
)
TARGETS_PER_RULE = 5  # EventBridge quotas: targets per rule (not adjustable)
DLQ_ARN = Text(
    20,
    2048,
    "the ARN of a standard (not FIFO) SQS queue in the rules' region, e.g. "
    "arn:aws:sqs:eu-west-1:123456789012:orders-dlq",
    "EventBridge user guide, dead-letter queues: a standard queue in the same region; "
    "SQS queue names are 1-80 of A-Z, a-z, 0-9, '-' and '_'",
    pattern=r"arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,80}",
)
RULE_STATE = OneOf(("ENABLED", "DISABLED"), "API reference: PutRule (State)")
ROLE_PATH = Text(
    1,
    512,
    "an IAM path: '/' alone, or starting and ending with '/' with printable ASCII between, "
    "e.g. /service-role/",
    "IAM API reference: CreateRole (Path)",
    pattern=r"/|/[!-~]+/",
)
PERMISSIONS_BOUNDARY = Text(
    20,
    2048,
    "the ARN of a managed IAM policy, e.g. arn:aws:iam::123456789012:policy/boundary",
    "IAM API reference: CreateRole (PermissionsBoundary)",
    pattern=r"arn:aws[a-z-]*:iam::([0-9]{12}|aws):policy/[!-~]+",
)
ALARM_PERIOD = Period("CloudWatch API reference: PutMetricAlarm (Period)")
ALARM_EVALUATION_PERIODS = IntRange(
    1, 1440, "CloudWatch API reference: PutMetricAlarm (EvaluationPeriods)"
)
# PutMetricAlarm: evaluation periods times period may not exceed one day.
ALARM_WINDOW_SECONDS = 86400
ALARM_THRESHOLD = IntRange(0, None, "CloudWatch API reference: PutMetricAlarm (Threshold)")
PATH_PARAMETER_VALUES = TextList(
    Text(
        1,
        512,
        "a value (or a JSONPath into the event) that is not only white space, on one line",
        "API reference: HttpParameters (PathParameterValues)",
        pattern=r"[^\n\r]*[^\t\n\x0b\f\r ][^\n\r]*",
    ),
    100,
    "API reference: HttpParameters; one per '*' in the endpoint, in order; 100 is a "
    "reasonable bound, not an AWS limit",
)
QUERY_STRING_PARAMETERS = TextMap(
    Text(
        1,
        512,
        "1-512 characters without control characters",
        "API reference: HttpParameters (QueryStringParameters)",
        pattern=r"[^\x00-\x1f\x7f]+",
    ),
    Text(
        1,
        512,
        "1-512 characters without control characters (line breaks aside), or a JSONPath "
        "into the event",
        "API reference: HttpParameters (QueryStringParameters)",
        pattern=r"[^\x00-\x09\x0b\x0c\x0e-\x1f\x7f]+",
    ),
    100,
    "API reference: HttpParameters; 100 is a reasonable bound, not an AWS limit",
)

# fmt: off
LOG_RETENTION = OneOf(
    (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
     2922, 3288, 3653),
    "CloudWatch Logs PutRetentionPolicy",
)
# fmt: on

Rule = (
    IntRange
    | OneOf
    | Text
    | EventPattern
    | Tags
    | Flag
    | TextList
    | TextMap
    | HeaderParameters
    | InvocationParameters
    | Period
)
