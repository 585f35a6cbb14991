"""Hostile and mistaken input: nothing interpolated, no secret echoed, no traceback, AWS's rules.

Written from the rules, not from a list of known cases: generated values probe
each rule, and every outcome must be a valid config or a ConfigError.
"""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import main
from conftest import synth_json
from stacks import limits
from stacks.config import (
    ALL_AUTH_SETTINGS,
    AUTH_SETTINGS,
    MAX_CONFIG_BYTES,
    ConfigError,
    PatternConfig,
    from_mapping,
    load,
)
from stacks.stack import literal

CANARY = "canary-4b1d6f0e"
CONTROL = [chr(c) for c in range(0x20)] + ["\x7f"]
BILLING = {"endpoint": "https://billing.example.com/hooks"}


def outcome(settings: dict[str, Any]) -> list[str]:
    """The problems `settings` has: [] when it is valid. Any other exception fails the test."""
    try:
        from_mapping(settings)
    except ConfigError as error:
        return error.problems
    return []


# --- User text never becomes a Terraform expression.

TEMPLATE = "a ${data.aws_caller_identity.current.account_id} %{if true}" + CANARY + "%{endif}"


def hostile() -> PatternConfig:
    """A config with a template sequence in every field that admits one."""
    return from_mapping(
        {
            "input_paths": {"id": "$.detail.customID"},
            "input_template": '{"k": "' + TEMPLATE + '"}',
            "header_parameters": {"X-Note": TEMPLATE},
            "event_pattern": {"source": [TEMPLATE], TEMPLATE: [{"prefix": TEMPLATE}]},
            "archive_event_pattern": {"detail": {"note": [TEMPLATE]}},
            "invocation_parameters": [{"location": "body", "key": TEMPLATE, "value": TEMPLATE}],
            "destinations": {
                "audit": BILLING
                | {
                    "event_pattern": {"source": [TEMPLATE]},
                    "input_template": TEMPLATE,
                    "header_parameters": {"X-Note": TEMPLATE},
                    "authorization_type": "BASIC",
                    "basic_username": TEMPLATE,
                }
            },
        }
    )


def strings_outside_defaults(node: object, path: tuple[str, ...] = ()) -> Iterator[str]:
    if len(path) == 3 and path[0] == "variable" and path[2] == "default":
        return
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from strings_outside_defaults(value, (*path, key))
    elif isinstance(node, list):
        for value in node:
            yield from strings_outside_defaults(value, path)
    elif isinstance(node, str):
        yield node


@pytest.mark.parametrize("module", [False, True], ids=["stack", "module"])
def test_user_text_reaches_the_json_only_as_literal_variable_defaults(module):
    text, tf = synth_json(hostile(), module=module)
    assert text.count(CANARY) > 0
    assert not [s for s in strings_outside_defaults(tf) if CANARY in s]
    defaults = tf["variable"]
    assert defaults["input_template"]["default"] == '{"k": "' + TEMPLATE + '"}'
    assert defaults["header_parameters"]["default"] == {"X-Note": TEMPLATE}
    assert defaults["event_pattern"]["default"][TEMPLATE] == [{"prefix": TEMPLATE}]
    assert defaults["destinations"]["default"]["audit"]["basic_username"] == TEMPLATE


@given(st.text())
def test_text_for_template_positions_reads_back_as_written(text):
    escaped = literal(text)
    unescaped = escaped.replace("$${", "${").replace("%%{", "%{")
    assert unescaped == text
    assert "${" not in escaped.replace("$${", "") and "%{" not in escaped.replace("%%{", "")


# --- Secrets never leave.

parameter_keys = st.sampled_from(["X-Signing-Key", "token", "client_secret", "password", "k"])
parameters = st.lists(
    st.fixed_dictionaries(
        {"location": st.sampled_from(["header", "query_string", "body", "cookie", 5])},
        optional={
            "key": st.one_of(parameter_keys, st.integers(), st.text(max_size=5)),
            "value": st.just(CANARY),
            "secret": st.one_of(st.booleans(), st.just("yes")),
            "extra": st.just(CANARY),
        },
    ),
    max_size=4,
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(parameters)
def test_no_message_shows_a_value_beside_secret_or_under_a_credential_key(items):
    problems = outcome({"invocation_parameters": items})
    for item in items:
        key = item.get("key")
        secret_like = item.get("secret") is True or (
            isinstance(key, str) and limits.CREDENTIAL_KEY.search(key)
        )
        if secret_like or "extra" in item:
            assert not [p for p in problems if CANARY in p], problems


@pytest.mark.parametrize(
    "setting", ["oauth_body_parameters", "oauth_header_parameters", "oauth_query_parameters"]
)
@pytest.mark.parametrize("key", ["client_secret", "Password", "x-api-key", "refresh_token"])
def test_a_credential_in_a_non_secret_map_is_refused_without_its_value(setting, key):
    problems = outcome({"authorization_type": "OAUTH_CLIENT_CREDENTIALS", setting: {key: CANARY}})
    assert problems == [
        f"{setting}.{key}: names a credential; a non-secret parameter may not carry one: give "
        "the secret through its sensitive variable"
    ]


@given(st.integers(min_value=limits.SHOWN_CHARACTERS + 1, max_value=6_000_000))
@settings(max_examples=20)
def test_a_long_value_is_cut_to_a_readable_length_with_its_size(size):
    (problem,) = outcome({"endpoint": "x" * size})
    assert f"… ({size} characters)" in problem
    assert len(problem) < 2 * limits.SHOWN_CHARACTERS + 500


# --- No traceback, ever.

leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=20),
)
anything = st.recursive(
    leaves,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
known = sorted(PatternConfig.__dataclass_fields__)
destination_settings = st.dictionaries(
    st.sampled_from(
        [
            "endpoint",
            "event_pattern",
            "authorization_type",
            "invocation_parameters",
            "header_parameters",
            "basic_username",
            "input_paths",
            "api_key_name",
        ]
    ),
    anything,
    max_size=5,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(st.sampled_from(known) | st.text(max_size=10), anything, max_size=6),
    st.dictionaries(st.text(max_size=10), destination_settings | anything, max_size=3),
)
def test_any_data_is_a_config_or_a_config_error(settings_, destinations):
    outcome(settings_)
    outcome(settings_ | {"destinations": destinations})


def deeply_nested(depth: int) -> str:
    return "x = " + "[" * depth + "]" * depth + "\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (deeply_nested(100_000).encode(), "nested too deeply to be a config file"),
        (b"x = " + b"1" * (MAX_CONFIG_BYTES + 1), f"larger than {MAX_CONFIG_BYTES} bytes"),
        (b"name_prefix = '\xff'", "not a readable TOML file: not UTF-8 text"),
    ],
    ids=["deep", "huge", "binary"],
)
def test_an_unreadable_file_is_one_clear_problem(tmp_path, content, expected):
    path = tmp_path / "pattern.toml"
    path.write_bytes(content)
    with pytest.raises(ConfigError) as raised:
        load({"APIDEST_CONFIG": str(path)})
    (problem,) = raised.value.problems
    assert expected in problem


def test_a_deeply_nested_pattern_is_refused_not_a_recursion_error():
    pattern: object = ["x"]
    for _ in range(5000):
        pattern = {"a": pattern}
    (problem,) = outcome({"event_pattern": pattern})
    assert "nested more than 32 levels deep" in problem


def test_main_exits_2_and_removes_stale_output_for_a_file_that_breaks_the_parser(tmp_path, capsys):
    outdir = tmp_path / "cdktf.out"
    (outdir / "stacks").mkdir(parents=True)
    (outdir / "manifest.json").write_text("{}")
    config = tmp_path / "deep.toml"
    config.write_text(deeply_nested(100_000))

    assert main.main({"APIDEST_CONFIG": str(config), "CDKTF_OUTDIR": str(outdir)}) == 2
    assert not outdir.exists()
    assert "Traceback" not in capsys.readouterr().err


# --- Control characters: no header name or value anywhere carries one.

HEADER_PLACES = {
    "header_parameters value": lambda c: {"header_parameters": {"X-A": f"a{c}b"}},
    "header_parameters name": lambda c: {"header_parameters": {f"X{c}A": "a"}},
    "invocation header value": lambda c: {
        "invocation_parameters": [{"location": "header", "key": "X-A", "value": f"a{c}b"}]
    },
    "invocation header name": lambda c: {
        "invocation_parameters": [{"location": "header", "key": f"X{c}A", "value": "a"}]
    },
    "invocation body key": lambda c: {
        "invocation_parameters": [{"location": "body", "key": f"k{c}", "value": "a"}]
    },
    "oauth header name": lambda c: {
        "authorization_type": "OAUTH_CLIENT_CREDENTIALS",
        "oauth_header_parameters": {f"X{c}A": "a"},
    },
    "oauth header value": lambda c: {
        "authorization_type": "OAUTH_CLIENT_CREDENTIALS",
        "oauth_header_parameters": {"X-A": f"a{c}"},
    },
    "api key header": lambda c: {"api_key_name": f"X{c}Key"},
    "idempotency header": lambda c: {"idempotency_header_name": f"Id{c}"},
    "basic user name": lambda c: {"authorization_type": "BASIC", "basic_username": f"u{c}"},
    "destination header value": lambda c: {
        "destinations": {"b": BILLING | {"header_parameters": {"X-A": f"a{c}"}}}
    },
}


@pytest.mark.parametrize("place", sorted(HEADER_PLACES))
@given(st.sampled_from(CONTROL))
def test_a_control_character_in_a_header_or_credential_is_refused(place, character):
    assume(not (character == "\t" and place in TAB_ALLOWED))
    assert outcome(HEADER_PLACES[place](character))


# AWS's patterns for header values and credentials admit tabs around and between the text
# (`^[ \t]*[...]+([ \t]+[...]+)*[ \t]*$`), as HTTP does in header values.
TAB_ALLOWED = {
    "header_parameters value",
    "invocation header value",
    "oauth header value",
    "basic user name",
    "destination header value",
}


@pytest.mark.parametrize("place", sorted(TAB_ALLOWED))
def test_a_tab_inside_a_header_value_or_credential_is_accepted_as_aws_allows(place):
    settings = HEADER_PLACES[place]("\t")
    if place == "oauth header value":
        settings |= {
            "oauth_authorization_endpoint": "https://auth.example.com/token",
            "oauth_client_id": "c",
        }
    assert not outcome(settings)


@given(st.characters(codec="utf-8").filter(lambda c: ord(c) > 0x7E or ord(c) < 0x20))
def test_an_endpoint_is_ascii_as_aws_s_pattern_requires(character):
    assert outcome({"endpoint": f"https://api.example.com/a{character}b"})


@given(st.text(alphabet=string.ascii_letters + string.digits + "-._~/%*", max_size=30))
def test_an_endpoint_path_of_allowed_characters_is_accepted(path):
    if "%" in path:  # a percent sign only as an %XX escape
        return
    assert not outcome({"endpoint": f"https://api.example.com/{path}"})


# --- AWS's own limits.


def test_at_most_49_tags_since_the_pattern_adds_one_of_its_own():
    assert not outcome({"tags": {f"k{i}": "v" for i in range(49)}})
    assert outcome({"tags": {f"k{i}": "v" for i in range(50)}})


@given(st.characters(codec="utf-8"))
def test_tag_text_follows_the_tagging_apis_character_set(character):
    allowed = character in "_.:/=+-@" or unicodedata.category(character)[0] in "LZN"
    assert (not outcome({"tags": {f"k{character}": "v"}})) is allowed
    assert (not outcome({"tags": {"k": f"v{character}"}})) is allowed


@st.composite
def pattern_with_a_flaw(draw: st.DrawFn) -> tuple[object, str]:
    """A valid pattern with one flaw put at a random depth."""
    flaw = draw(st.sampled_from(["list in list", "empty list", "empty map"]))
    bad: object = {"list in list": [["a"]], "empty list": [], "empty map": {}}[flaw]
    depth = draw(st.integers(min_value=0, max_value=5))
    inside_operator = draw(st.booleans())
    if inside_operator and flaw != "empty map":
        bad = [{"anything-but": bad}] if flaw == "empty list" else [{"x": bad}]
    node: object = bad
    for level in range(depth):
        node = {f"f{level}": node}
    return {"source": ["a"], "detail": node}, flaw


@settings(max_examples=200)
@given(pattern_with_a_flaw())
def test_an_empty_list_or_map_or_a_list_in_a_list_is_refused_at_any_depth(case):
    pattern, _ = case
    assert outcome({"event_pattern": pattern})
    assert outcome({"destinations": {"b": BILLING | {"event_pattern": pattern}}})


def test_an_event_pattern_may_be_given_as_json_text():
    assert not outcome({"event_pattern": '{"source": ["orders.app"]}'})
    (problem,) = outcome({"event_pattern": '{"source": '})
    assert problem.startswith("event_pattern = '{\"source\": ': not valid JSON")


def test_destination_names_that_differ_only_in_case_are_refused():
    assert outcome({"destinations": {"Billing": BILLING, "billing": BILLING}}) == [
        "destinations.billing: differs from 'Billing' only in case; IAM role names ignore "
        "case, so the two would collide"
    ]


def test_main_is_the_top_level_destination_and_no_further_ones_name():
    (problem,) = outcome({"destinations": {"Main": BILLING}})
    assert problem.startswith("destinations.Main: the name must be 1-20 characters")


# --- Explicit means explicit.

EFFECTIVE_DEFAULTS = {
    "api_key_name": "notused",
    "basic_username": "svc",
    "oauth_authorization_endpoint": "https://auth.example.com/token",
    "oauth_http_method": "POST",
    "oauth_client_id": "client",
    "oauth_body_parameters": {},
    "oauth_header_parameters": {},
    "oauth_query_parameters": {},
}


@pytest.mark.parametrize("kind", sorted(AUTH_SETTINGS))
@pytest.mark.parametrize("name", ALL_AUTH_SETTINGS)
def test_a_setting_of_another_auth_type_is_refused_whatever_its_value(kind, name):
    if name in AUTH_SETTINGS[kind]:
        return
    message = (
        f"{name}: only used with authorization_type = "
        + " or ".join(repr(t) for t, names in AUTH_SETTINGS.items() if name in names)
        + "; remove it or change authorization_type"
    )
    assert message in outcome({"authorization_type": kind, name: EFFECTIVE_DEFAULTS[name]})
    destination = BILLING | {"authorization_type": kind, name: EFFECTIVE_DEFAULTS[name]}
    assert f"destinations.b.{message}" in outcome({"destinations": {"b": destination}})
