"""The config: defaults reproduce the seed, and every limit rejects a bad value by name."""

from __future__ import annotations

import pytest

from stacks import config as cfg
from stacks import limits
from stacks.config import ConfigError, PatternConfig, from_mapping, load

HEADER_RULE = (
    "must be 1-512 HTTP token characters (letters, digits and !#$%&'*+-.^_`|~), and not a "
    "header EventBridge sets itself (user-agent, content-type, range, accept-encoding, "
    "connection, content-length, host) (API reference: HttpParameters; user guide, "
    "API destinations)"
)
PATTERN_SOURCE = "EventBridge user guide, event patterns; quotas: event pattern size"
ENDPOINT_RULE = (
    "must be an https:// URL of at most 2048 characters: a host, then a path and query of "
    "ASCII letters, digits, %XX escapes and -()_.!~*';/?:@&=+$, (no spaces, no control or "
    "non-ASCII characters) (API reference: CreateApiDestination (InvocationEndpoint); "
    "HTTPS only)"
)


def problems(**settings: object) -> list[str]:
    with pytest.raises(ConfigError) as raised:
        from_mapping(settings)
    return raised.value.problems


def test_the_defaults_reproduce_the_seed():
    config = load({})
    assert (
        config.http_method,
        config.invocation_rate_limit_per_second,
        config.maximum_retry_attempts,
        config.authorization_type,
        config.api_key_name,
        config.create_bus,
        config.idempotency_header_name,
        config.idempotency_key_path,
        config.event_pattern,
    ) == ("POST", 1, 3, "API_KEY", None, True, "Idempotency-Key", "$.detail.customID", {})


def test_the_config_is_frozen():
    with pytest.raises(AttributeError):
        PatternConfig().name_prefix = "x"  # type: ignore[misc]


def test_a_toml_file_named_by_the_environment_sets_values(tmp_path):
    path = tmp_path / "pattern.toml"
    path.write_text(
        'name_prefix = "orders"\n'
        'endpoint = "https://api.example.com/orders"\n'
        "maximum_retry_attempts = 10\n"
        "[event_pattern]\n"
        'source = ["orders.app"]\n'
    )
    config = load({"APIDEST_CONFIG": str(path)})
    assert config.name_prefix == "orders"
    assert config.endpoint == "https://api.example.com/orders"
    assert config.maximum_retry_attempts == 10
    assert config.event_pattern == {"source": ["orders.app"]}


def test_a_missing_config_file_is_named():
    with pytest.raises(ConfigError) as raised:
        load({"APIDEST_CONFIG": "/nonexistent/pattern.toml"})
    assert raised.value.problems == ["APIDEST_CONFIG = '/nonexistent/pattern.toml': no such file"]


def test_a_config_file_that_is_not_toml_is_named(tmp_path):
    path = tmp_path / "pattern.toml"
    path.write_text("maximum_retry_attempts = = 3\n")
    with pytest.raises(ConfigError) as raised:
        load({"APIDEST_CONFIG": str(path)})
    (problem,) = raised.value.problems
    assert problem.startswith(f"APIDEST_CONFIG = '{path}': not a readable TOML file: ")


def test_an_unknown_setting_is_named_with_the_allowed_ones():
    (problem,) = problems(maximum_retries=3)
    assert problem.startswith(
        "maximum_retries: unknown setting; allowed settings are alarm_actions, alarm_dlq_threshold,"
    )
    assert ", maximum_retry_attempts," in problem


def test_every_problem_is_reported_at_once():
    found = problems(maximum_retries=3, maximum_retry_attempts=500, http_method="TRACE")
    assert len(found) == 3
    assert "invalid configuration (3 problems):" in str(ConfigError(found))


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        (
            "name_prefix",
            "my.prefix",
            "name_prefix = 'my.prefix': must be 1-40 characters of A-Z, a-z, 0-9, '-' and '_', "
            "starting with a letter or digit (EventBridge and SQS API references: EventBridge "
            "names are at most 64 characters of [.-_A-Za-z0-9], SQS queue names allow no '.', "
            "and the prefix leaves room for the longest suffix)",
        ),
        (
            "region",
            "US-EAST-1",
            "region = 'US-EAST-1': must be an AWS region code such as us-east-1 (AWS regions)",
        ),
        (
            "endpoint",
            "http://api.example.com",
            "endpoint = 'http://api.example.com': " + ENDPOINT_RULE,
        ),
        (
            "http_method",
            "TRACE",
            "http_method = 'TRACE': must be one of POST, GET, HEAD, OPTIONS, PUT, PATCH, DELETE "
            "(API reference: CreateApiDestination)",
        ),
        (
            "invocation_rate_limit_per_second",
            0,
            "invocation_rate_limit_per_second = 0: must be a whole number of at least 1 "
            "(API reference: CreateApiDestination; the default quota is 300 per second per "
            "destination and can be raised)",
        ),
        (
            "maximum_retry_attempts",
            500,
            "maximum_retry_attempts = 500: must be a whole number from 0 to 185 "
            "(API reference: RetryPolicy)",
        ),
        (
            "maximum_event_age_in_seconds",
            59,
            "maximum_event_age_in_seconds = 59: must be a whole number from 60 to 86400 "
            "(API reference: RetryPolicy)",
        ),
        (
            "authorization_type",
            "OAUTH",
            "authorization_type = 'OAUTH': must be one of API_KEY, BASIC, "
            "OAUTH_CLIENT_CREDENTIALS, NONE (API reference: CreateConnection; NONE is the "
            "seed's dummy API key for endpoints without auth, since EventBridge requires a "
            "connection)",
        ),
        (
            "api_key_name",
            "x api key",
            "api_key_name = 'x api key': " + HEADER_RULE,
        ),
        (
            "idempotency_header_name",
            "Idempotency Key",
            "idempotency_header_name = 'Idempotency Key': " + HEADER_RULE,
        ),
        (
            "idempotency_key_path",
            "id-$.detail.customID",
            "idempotency_key_path = 'id-$.detail.customID': must be a JSONPath into the event "
            "such as $.detail.customID: '$' then .name, [index] or .* parts, and nothing before "
            "or after it (EventBridge user guide, dynamic path parameters: the whole value must "
            "be the path)",
        ),
        (
            "dlq_message_retention_seconds",
            1209601,
            "dlq_message_retention_seconds = 1209601: must be a whole number from 60 to 1209600 "
            "(SQS API reference: MessageRetentionPeriod)",
        ),
    ],
)
def test_a_value_outside_its_limit_is_named_with_what_is_allowed(setting, value, message):
    assert problems(**{setting: value}) == [message]


def test_a_number_given_as_text_is_refused():
    assert problems(maximum_retry_attempts="3") == [
        "maximum_retry_attempts = '3': must be a whole number from 0 to 185 "
        "(API reference: RetryPolicy)"
    ]


def test_an_endpoint_over_2048_characters_is_refused():
    endpoint = "https://api.example.com/" + "a" * 2025
    (problem,) = problems(endpoint=endpoint)
    assert problem == f"endpoint = '{endpoint[:119]}… (2049 characters): " + ENDPOINT_RULE


def test_a_header_eventbridge_sets_itself_cannot_carry_the_key():
    assert problems(idempotency_header_name="Content-Type") == [
        "idempotency_header_name = 'Content-Type': " + HEADER_RULE
    ]


def test_the_api_key_header_cannot_shadow_the_idempotency_key():
    assert problems(api_key_name="idempotency-key") == [
        "idempotency_header_name = 'Idempotency-Key': the connection's auth header and "
        "idempotency_header_name must differ, or the auth header replaces the idempotency key "
        "(connection parameters win over target parameters)"
    ]


def test_basic_and_oauth_auth_use_the_authorization_header():
    (problem,) = problems(authorization_type="BASIC", idempotency_header_name="authorization")
    assert problem.startswith("idempotency_header_name = 'authorization': the connection's")


def test_settings_of_another_auth_type_are_refused_not_ignored():
    assert problems(basic_username="svc", oauth_client_id="abc") == [
        "basic_username: only used with authorization_type = 'BASIC'; remove it or "
        "change authorization_type",
        "oauth_client_id: only used with authorization_type = "
        "'OAUTH_CLIENT_CREDENTIALS'; remove it or change authorization_type",
    ]


def test_the_api_key_name_is_refused_with_basic_auth():
    assert problems(authorization_type="BASIC", api_key_name="x-api-key") == [
        "api_key_name: only used with authorization_type = 'API_KEY' or 'NONE'; "
        "remove it or change authorization_type"
    ]


def test_an_oauth_token_endpoint_must_be_https():
    (problem,) = problems(
        authorization_type="OAUTH_CLIENT_CREDENTIALS",
        oauth_authorization_endpoint="http://auth.example.com/token",
        oauth_body_parameters={"scope": "events.write"},
    )
    assert problem.startswith(
        "oauth_authorization_endpoint = 'http://auth.example.com/token': must be an https:// URL"
    )


def test_the_api_key_header_cannot_shadow_the_idempotency_key_without_auth_either():
    assert len(problems(authorization_type="NONE", api_key_name="Idempotency-Key")) == 1


def test_an_event_pattern_value_must_be_a_list_or_table():
    assert problems(event_pattern={"source": "orders.app"}) == [
        "event_pattern.source = 'orders.app': must be a non-empty list of values to match, "
        f'e.g. ["value"], or a non-empty nested table ({PATTERN_SOURCE})'
    ]


def test_a_nested_event_pattern_is_checked_at_every_level():
    assert problems(event_pattern={"detail": {"customID": "x"}}) == [
        "event_pattern.detail.customID = 'x': must be a non-empty list of values to match, "
        f'e.g. ["value"], or a non-empty nested table ({PATTERN_SOURCE})'
    ]


def test_an_event_pattern_must_be_a_table():
    assert problems(event_pattern=["orders.app"]) == [
        f'event_pattern = ["orders.app"]: must be {limits.EVENT_PATTERN_RULE.allowed} '
        f"({PATTERN_SOURCE})"
    ]


def test_an_empty_event_pattern_is_the_seeds_account_pattern():
    assert from_mapping({"event_pattern": {}}).event_pattern == {}


def test_an_event_pattern_over_2048_characters_is_refused():
    (problem,) = problems(event_pattern={"source": ["x" * 2100]})
    assert problem == (
        f"event_pattern: 2115 characters as JSON; must be at most 2048 ({PATTERN_SOURCE})"
    )


def test_tags_must_be_strings_within_aws_limits():
    assert problems(tags={"aws:owner": "me", "team": 7}) == [
        f'tags = {{"aws:owner": "me", "team": 7}}: must be {limits.TAGS.allowed} '
        f"({limits.TAGS.source})"
    ]


def test_every_checked_setting_is_a_field_of_the_config():
    field_names = set(PatternConfig.__dataclass_fields__)
    assert set(cfg.RULES) <= field_names


def test_an_s3_backend_needs_a_bucket_and_a_region():
    assert problems(state_backend="s3") == [
        "state_bucket: required when state_backend = 's3'",
        "state_region: required when state_backend = 's3' and region is unset",
    ]


def test_state_settings_without_an_s3_backend_are_refused_not_ignored():
    assert problems(state_bucket="acme-state") == [
        "state_bucket = 'acme-state': only used when state_backend = 's3'; "
        "remove it or set state_backend = 's3'"
    ]


def test_a_bad_state_bucket_name_is_named():
    assert problems(state_backend="s3", state_bucket="Acme_State", region="eu-west-1") == [
        "state_bucket = 'Acme_State': must be 3-63 lowercase letters, digits, '.' and '-', "
        "starting and ending with a letter or digit (S3 bucket naming rules)"
    ]


def test_invocation_parameters_are_checked_one_by_one():
    assert problems(
        invocation_parameters=[
            {"location": "cookie", "key": "a", "value": "v"},
            {"location": "header", "key": "X Tenant", "value": "v"},
            {"location": "body", "key": "k", "value": "v", "secret": True},
            {"location": "body", "key": "K", "value": "w"},
        ]
    ) == [
        "invocation_parameters[0].location = 'cookie': must be one of header, query_string, "
        "body (API reference: ConnectionHttpParameters)",
        "invocation_parameters[1].key = 'X Tenant': " + HEADER_RULE,
        "invocation_parameters[2]: has both value and secret = true; drop the value, which "
        "comes from the sensitive variable",
        "invocation_parameters[3]: body 'K' is given twice",
    ]


def test_an_invocation_header_cannot_replace_the_idempotency_key():
    assert problems(
        invocation_parameters=[{"location": "header", "key": "idempotency-key", "value": "x"}]
    ) == [
        "idempotency_header_name: a header the connection adds (invocation_parameters) may "
        "not be the idempotency header, or it replaces the idempotency key (connection "
        "parameters win over target parameters)"
    ]


def test_a_key_is_either_created_or_given_not_both():
    arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    assert problems(create_kms_key=True, kms_key_arn=arn) == [
        f"kms_key_arn = {arn!r}: give either kms_key_arn (an existing key) or "
        "create_kms_key = true (a new one), not both"
    ]


@pytest.mark.parametrize(
    "key",
    [
        "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws:kms:eu-west-1:123456789012:alias/orders",
        "alias/orders",
    ],
)
def test_a_key_is_given_by_its_arn_an_alias_arn_or_an_alias_name(key):
    assert from_mapping({"kms_key_arn": key}).kms_key_arn == key


def test_a_key_is_not_given_by_a_bare_name():
    (message,) = problems(kms_key_arn="orders")
    assert message.startswith(
        "kms_key_arn = 'orders': must be a customer managed KMS key: its ARN (arn:aws:kms:"
    )


def test_bus_logging_needs_provider_6_and_says_so():
    assert problems(bus_log_level="ERROR", bus_log_include_detail="FULL") == [
        "bus_log_level = 'ERROR': needs provider_major_version = 6 (the bus's log_config "
        "exists from AWS provider 6.6.0 on)",
        "bus_log_include_detail = 'FULL': needs provider_major_version = 6 (the bus's "
        "log_config exists from AWS provider 6.6.0 on)",
    ]


def test_log_retention_must_be_a_value_cloudwatch_offers():
    (message,) = problems(provider_major_version=6, bus_log_retention_days=100)
    assert message.startswith("bus_log_retention_days = 100: must be one of 1, 3, 5, 7, 14,")


def test_only_provider_majors_5_and_6_are_known():
    assert problems(provider_major_version=7) == [
        "provider_major_version = 7: must be a whole number from 5 to 6 (Terraform AWS "
        "provider releases: log_config on buses came in 6.6.0)"
    ]


BILLING = {"endpoint": "https://billing.example.com/hooks"}


def test_a_destination_needs_an_endpoint_and_known_settings():
    assert problems(destinations={"billing": {"rate": 5}}) == [
        "destinations.billing.rate: unknown setting; allowed settings are endpoint, "
        "http_method, invocation_rate_limit_per_second, maximum_retry_attempts, "
        "maximum_event_age_in_seconds, idempotency_header_name, idempotency_key_path, "
        "header_parameters, event_pattern, input_paths, input_template, path_parameter_values, "
        "query_string_parameters, rule_state, authorization_type, "
        "api_key_name, basic_username, oauth_authorization_endpoint, oauth_http_method, "
        "oauth_client_id, oauth_body_parameters, oauth_header_parameters, "
        "oauth_query_parameters, invocation_parameters, connection_name",
        "destinations.billing.endpoint: required",
    ]


def test_a_destinations_settings_meet_the_same_limits():
    assert problems(destinations={"billing": BILLING | {"maximum_retry_attempts": 500}}) == [
        "destinations.billing.maximum_retry_attempts = 500: must be a whole number from 0 to "
        "185 (API reference: RetryPolicy)"
    ]


def test_a_destination_name_must_leave_room_for_the_longest_resource_name():
    prefix = "a" * 31
    assert problems(name_prefix=prefix, destinations={"billing-eu": BILLING}) == [
        f"destinations.billing-eu: with name_prefix = {prefix!r} its role would be named "
        f"'{prefix}-billing-eu-invoke-api-destination', 65 characters; IAM and EventBridge "
        "allow 64: shorten the name or the prefix"
    ]
    assert from_mapping({"name_prefix": "a" * 30, "destinations": {"billing-eu": BILLING}})


def test_a_destination_name_is_refused_when_it_cannot_name_resources():
    (message,) = problems(destinations={"9lives": BILLING})
    assert message.startswith("destinations.9lives: the name must be 1-20 characters")


def test_no_more_than_five_targets_share_the_main_rule():
    destinations = {f"d{i}": BILLING for i in range(5)}
    assert problems(destinations=destinations) == [
        "destinations: 5 of them have no event_pattern, so the main rule would have 6 "
        "targets; EventBridge allows 5 per rule (quotas): give some an event_pattern, and "
        "each of those its own rule"
    ]
    with_pattern = destinations | {"d4": BILLING | {"event_pattern": {"source": ["a"]}}}
    assert from_mapping({"destinations": with_pattern}).destinations == with_pattern


def test_a_destinations_own_connection_needs_its_settings_and_refuses_others():
    assert problems(
        destinations={"billing": BILLING | {"authorization_type": "BASIC", "api_key_name": "k"}}
    ) == [
        "destinations.billing.api_key_name: only used with authorization_type = 'API_KEY' or "
        "'NONE'; remove it or change authorization_type",
        "destinations.billing.basic_username: required with authorization_type = 'BASIC'",
    ]


def test_a_destination_sharing_the_connection_cannot_use_its_key_header():
    assert problems(
        api_key_name="X-Key",
        destinations={"billing": BILLING | {"idempotency_header_name": "x-key"}},
    ) == [
        "destinations.billing.idempotency_header_name = 'x-key': the connection's auth header "
        "and idempotency_header_name must differ, or the auth header replaces the idempotency "
        "key (connection parameters win over target parameters)"
    ]


def test_a_further_header_cannot_be_the_idempotency_header():
    assert problems(header_parameters={"idempotency-key": "x"}) == [
        "header_parameters.idempotency-key: a further header may not be the idempotency "
        "header, in any case; the key comes from idempotency_key_path"
    ]


def test_input_paths_need_a_template():
    assert problems(input_paths={"id": "$.id"}) == [
        "input_paths: needs input_template, which uses them"
    ]


def test_a_destinations_own_pattern_cannot_be_empty():
    assert problems(destinations={"billing": BILLING | {"event_pattern": {}}}) == [
        "destinations.billing.event_pattern = {}: must match something (EventBridge user "
        "guide, event patterns; a destination's own rule must match something)"
    ]


# --- What AWS refuses after a deploy, refused before anything reaches it.


def accepted(**settings: object) -> bool:
    """Whether the settings make a valid config (any problem raises ConfigError)."""
    return isinstance(from_mapping(settings), PatternConfig)


def test_plain_oauth_is_refused_with_what_to_add():
    (problem,) = problems(
        authorization_type="OAUTH_CLIENT_CREDENTIALS",
        oauth_authorization_endpoint="https://auth.example.com/token",
        oauth_client_id="client",
    )
    assert problem == (
        "authorization_type = 'OAUTH_CLIENT_CREDENTIALS': give at least one entry in "
        "oauth_body_parameters, oauth_header_parameters or oauth_query_parameters (the token "
        "request's parameters, e.g. a scope or audience): the AWS provider refuses an OAuth "
        "connection without one"
    )


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("basic_username", "svc:admin"),
        ("basic_username", "svc\n"),
        ("oauth_client_id", "client\x07"),
        ("oauth_client_id", "\t\t"),
    ],
)
def test_a_credential_aws_refuses_is_refused(setting, value):
    kind = "BASIC" if setting.startswith("basic") else "OAUTH_CLIENT_CREDENTIALS"
    extra = {"oauth_body_parameters": {"scope": "s"}} if kind != "BASIC" else {}
    (problem,) = problems(authorization_type=kind, **{setting: value}, **extra)
    assert problem.startswith(f"{setting} = ")
    assert "no control characters (tabs aside) and no ':'" in problem


@pytest.mark.parametrize("value", ["Zürich", "", "\t"])
def test_a_header_value_aws_refuses_is_refused_wherever_it_is_set(value):
    header = [{"location": "header", "key": "X-City", "value": value}]
    assert problems(invocation_parameters=header)
    assert problems(header_parameters={"X-City": value})
    assert problems(destinations={"b": BILLING | {"header_parameters": {"X-City": value}}})


def test_a_body_parameter_may_hold_any_text_but_control_characters():
    body = [{"location": "body", "key": "city", "value": "Zürich"}]
    assert accepted(invocation_parameters=body)


def test_tag_keys_that_differ_only_in_case_are_refused():
    (problem,) = problems(tags={"Team": "a", "team": "b"})
    assert "differing in more than case (IAM compares tag keys without case)" in problem


@pytest.mark.parametrize(
    "key", ["alias/aws/sqs", "arn:aws:kms:eu-west-1:123456789012:alias/aws/events"]
)
def test_an_aws_managed_key_is_refused(key):
    (problem,) = problems(kms_key_arn=key)
    assert "not an AWS managed key (alias/aws/...)" in problem


@pytest.mark.parametrize(
    "setting",
    [
        {"oauth_client_id": "ignored"},
        {"basic_username": "ignored"},
        {"invocation_parameters": [{"location": "header", "key": "X-A", "value": "b"}]},
    ],
)
def test_a_connection_setting_without_a_connection_of_its_own_is_refused(setting):
    (problem,) = problems(destinations={"billing": BILLING | setting})
    assert problem.startswith(f"destinations.billing.{next(iter(setting))}: a setting of the")


def test_a_rule_state_needs_a_rule_of_its_own():
    (problem,) = problems(destinations={"billing": BILLING | {"rule_state": "DISABLED"}})
    assert problem.startswith("destinations.billing.rule_state: only for a destination with")
    assert accepted(
        destinations={
            "billing": BILLING | {"rule_state": "DISABLED", "event_pattern": {"a": ["b"]}}
        }
    )


def test_path_values_fill_the_endpoints_wildcards_and_no_more():
    assert accepted(endpoint="https://a.example.com/*/x/*", path_parameter_values=["a", "b"])
    (problem,) = problems(endpoint="https://a.example.com/x", path_parameter_values=["a"])
    assert problem.startswith("path_parameter_values: 1 given, but the endpoint has 0 '*'")


def test_an_alarm_window_over_a_day_is_reported_beside_the_other_alarm_problems():
    assert (
        len(
            problems(
                alarm_period=3600,
                alarm_evaluation_periods=25,
                create_alarms=False,
                alarm_emails=["ops@example.com"],
            )
        )
        == 2
    )


def test_an_empty_auth_setting_without_a_connection_of_its_own_is_refused_as_terraform_does():
    (problem,) = problems(destinations={"billing": BILLING | {"oauth_body_parameters": {}}})
    assert problem.startswith("destinations.billing.oauth_body_parameters: a setting of the")


def test_an_alarm_window_over_a_day_is_refused():
    (problem,) = problems(alarm_period=3600, alarm_evaluation_periods=25)
    assert problem == (
        "alarm_evaluation_periods = 25: alarm_period x alarm_evaluation_periods may not exceed "
        "86400 seconds (CloudWatch API reference: PutMetricAlarm)"
    )
    assert accepted(alarm_period=3600, alarm_evaluation_periods=24)
    assert problems(alarm_period=90)


def test_a_given_dead_letter_queue_is_standard_and_keeps_its_own_retention():
    queue = "arn:aws:sqs:eu-west-1:123456789012:shared-dlq"
    assert accepted(dlq_arn=queue)
    assert problems(dlq_arn=queue + ".fifo")
    (problem,) = problems(dlq_arn=queue, dlq_message_retention_seconds=86400)
    assert problem.startswith("dlq_message_retention_seconds = 86400: only for the queue this")


def test_new_settings_reach_iam_and_the_rules_checked():
    assert problems(role_path="service-role")
    assert problems(role_permissions_boundary="boundary")
    assert problems(rule_state="PAUSED")
    assert accepted(
        role_path="/service-role/",
        role_permissions_boundary="arn:aws:iam::123456789012:policy/boundary",
        rule_state="DISABLED",
    )
