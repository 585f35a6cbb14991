"""The stacks: the pattern behind Terraform variables, as a deployable root or as a module.

Both flavours declare the same variables (defaults from the config, validation
blocks from the same rules as the config check) and the same resources. The
root stack adds the provider and the backend and names its outputs as the seed
did; the module has neither provider nor backend (its caller's provider is
inherited) and names its outputs as terraform-aws-modules would.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from cdktf import (
    Fn,
    LocalBackend,
    Op,
    S3Backend,
    TerraformOutput,
    TerraformStack,
    TerraformVariable,
    TerraformVariableValidationConfig,
    Token,
)
from cdktf_cdktf_provider_aws.cloudwatch_event_connection import (
    CloudwatchEventConnectionAuthParameters,
    CloudwatchEventConnectionAuthParametersApiKey,
    CloudwatchEventConnectionAuthParametersBasic,
    CloudwatchEventConnectionAuthParametersInvocationHttpParameters,
    CloudwatchEventConnectionAuthParametersOauth,
    CloudwatchEventConnectionAuthParametersOauthClientParameters,
    CloudwatchEventConnectionAuthParametersOauthOauthHttpParameters,
)
from cdktf_cdktf_provider_aws.cloudwatch_event_connection import (
    CloudwatchEventConnectionAuthParametersInvocationHttpParametersBody as InvocationBody,
)
from cdktf_cdktf_provider_aws.cloudwatch_event_connection import (
    CloudwatchEventConnectionAuthParametersInvocationHttpParametersHeader as InvocationHeader,
)
from cdktf_cdktf_provider_aws.cloudwatch_event_connection import (
    CloudwatchEventConnectionAuthParametersInvocationHttpParametersQueryString as InvocationQuery,
)
from cdktf_cdktf_provider_aws.provider import AwsProvider
from constructs import Construct

from stacks import limits
from stacks.config import (
    AUTH_SETTINGS,
    RULES,
    PatternConfig,
    auth_header,
    destinations_of,
    secret_invocation_keys,
)
from stacks.construct import (
    DESTINATION_SETTINGS,
    DestinationInputs,
    IdempotentApiDestination,
    PatternInputs,
)

# Admits the offline 5.x provider and the 6.x line the bindings were generated
# from; the stack uses only arguments that exist in both.
AWS_PROVIDER_VERSION = ">= 5.100.0, < 7.0.0"
# With provider_major_version = 6: the archive's key (6.x) and bus logging (6.6.0).
AWS_PROVIDER_6_VERSION = ">= 6.6.0, < 7.0.0"

# Every setting a Terraform caller may change, with its Terraform type. The
# rest of the config (region, authorization type, state backend) shapes the
# stack itself and is fixed at synth time.
VARIABLES = {
    "name_prefix": "string",
    "endpoint": "string",
    "http_method": "string",
    "invocation_rate_limit_per_second": "number",
    "maximum_retry_attempts": "number",
    "maximum_event_age_in_seconds": "number",
    "idempotency_header_name": "string",
    "idempotency_key_path": "string",
    "header_parameters": "map(string)",
    "event_pattern": "any",
    "dlq_message_retention_seconds": "number",
    "tags": "map(string)",
    "create_alarms": "bool",
    "alarm_emails": "list(string)",
    "alarm_actions": "list(string)",
    "create_archive": "bool",
    "archive_retention_days": "number",
    "archive_event_pattern": "any",
}
# Variables whose null means "none": an existing key is optional.
NULLABLE_VARIABLES = {"kms_key_arn": "string"}

# The OAuth request's extra parameters become blocks at synth time; every other
# setting of an authorization type is a string variable.
SYNTH_TIME_AUTH_SETTINGS = {
    "oauth_body_parameters",
    "oauth_header_parameters",
    "oauth_query_parameters",
}
AUTH_VARIABLES: dict[str, dict[str, str]] = {
    kind: {name: "string" for name in names if name not in SYNTH_TIME_AUTH_SETTINGS}
    for kind, names in AUTH_SETTINGS.items()
}
ALL_VARIABLE_TYPES = (
    VARIABLES
    | NULLABLE_VARIABLES
    | {n: t for names in AUTH_VARIABLES.values() for n, t in names.items()}
)

# The pattern's inputs that are settings as they are; the stack builds the rest.
PATTERN_SETTINGS = tuple(
    f.name
    for f in fields(PatternInputs)
    if f.name not in ("main", "authorization_type", "auth_parameters", "destinations")
)

# The secret of each authorization type: a sensitive variable with no default.
SECRETS: dict[str, tuple[str, str]] = {
    "API_KEY": (
        "connection_api_key_value",
        "Value of the API key sent in the `api_key_name` header (for an endpoint "
        "without auth, any dummy value).",
    ),
    "BASIC": ("connection_basic_password", "Password for BASIC auth."),
    "OAUTH_CLIENT_CREDENTIALS": ("connection_oauth_client_secret", "OAuth client secret."),
}
SECRET_VARIABLE = SECRETS["API_KEY"][0]

# The seed's dummy key for endpoints without auth: EventBridge requires a
# connection, and a connection requires credentials (authorization_type NONE).
NO_AUTH_DUMMY_VALUE = "notused"


INVOCATION_SECRETS_VARIABLE = "connection_invocation_secrets"
DESTINATION_SECRETS_VARIABLE = "destination_connection_secrets"


def _invocation_parameters(
    config: PatternConfig, secrets: TerraformVariable | None
) -> CloudwatchEventConnectionAuthParametersInvocationHttpParameters | None:
    """The extra parameters on every request; secret values from the sensitive map."""
    if not config.invocation_parameters:
        return None
    blocks: dict[str, list[dict[str, object]]] = {"header": [], "query_string": [], "body": []}
    for parameter in config.invocation_parameters:
        key = str(parameter["key"])
        block: dict[str, object] = {"key": key, "value": parameter.get("value")}
        if parameter.get("secret") is True and secrets is not None:
            block = {
                "key": key,
                "value": Token.as_string(Fn.lookup(secrets.value, key)),
                "is_value_secret": True,
            }
        blocks[str(parameter["location"])].append(block)
    return CloudwatchEventConnectionAuthParametersInvocationHttpParameters(
        header=[InvocationHeader(**b) for b in blocks["header"]] or None,
        query_string=[InvocationQuery(**b) for b in blocks["query_string"]] or None,
        body=[InvocationBody(**b) for b in blocks["body"]] or None,
    )


def _auth_parameters(
    kind: str,
    settings: Mapping[str, object],
    secret: str,
    invocation: CloudwatchEventConnectionAuthParametersInvocationHttpParameters | None = None,
) -> CloudwatchEventConnectionAuthParameters:
    """A connection's auth block for `kind`, from its settings (variables or literals)."""
    if kind in ("API_KEY", "NONE"):
        return CloudwatchEventConnectionAuthParameters(
            api_key=CloudwatchEventConnectionAuthParametersApiKey(
                key=str(settings["api_key_name"]), value=secret
            ),
            invocation_http_parameters=invocation,
        )
    if kind == "BASIC":
        return CloudwatchEventConnectionAuthParameters(
            basic=CloudwatchEventConnectionAuthParametersBasic(
                username=str(settings["basic_username"]), password=secret
            ),
            invocation_http_parameters=invocation,
        )

    def params(name: str) -> list[dict[str, object]] | None:
        # Not secret (is_value_secret defaults to false): the client secret is the secret.
        values = settings[name]
        assert isinstance(values, Mapping)
        return [{"key": k, "value": v} for k, v in values.items()] or None

    return CloudwatchEventConnectionAuthParameters(
        invocation_http_parameters=invocation,
        oauth=CloudwatchEventConnectionAuthParametersOauth(
            authorization_endpoint=str(settings["oauth_authorization_endpoint"]),
            http_method=str(settings["oauth_http_method"]),
            client_parameters=CloudwatchEventConnectionAuthParametersOauthClientParameters(
                client_id=str(settings["oauth_client_id"]), client_secret=secret
            ),
            oauth_http_parameters=CloudwatchEventConnectionAuthParametersOauthOauthHttpParameters(
                body=params("oauth_body_parameters"),
                header=params("oauth_header_parameters"),
                query_string=params("oauth_query_parameters"),
            ),
        ),
    )


# (module output, root output, description); the root keeps the seed's names.
OUTPUTS = (
    ("eventbridge_bus_arn", "busArn", "ARN of the custom event bus; put events here."),
    ("eventbridge_rule_arn", "ruleArn", "ARN of the rule that sends events to the destination."),
    ("dlq_arn", "dlqArn", "ARN of the dead-letter queue of failed deliveries."),
    ("api_destination_arn", "apiDestinationArn", "ARN of the API destination."),
    ("dlq_url", "dlqUrl", "URL of the dead-letter queue, for reading failed events."),
    ("connection_arn", "connectionArn", "ARN of the connection that holds the auth."),
    ("role_arn", "roleArn", "ARN of the role EventBridge assumes to call the API."),
    ("alarm_topic_arn", "alarmTopicArn", "ARN of the SNS topic the alarms notify."),
    (
        "encryption_key_arn",
        "kmsKeyArn",
        'ARN of the customer managed key, or "" with AWS owned keys.',
    ),
    ("destination_arns", "destinationArns", "ARNs of the further API destinations, by name."),
)


def _validation(
    name: str, rule: limits.Rule, nullable: bool = False
) -> list[TerraformVariableValidationConfig]:
    """The variable's validation block, or none where its type is the whole check."""
    condition = rule.condition(f"var.{name}")
    if condition is None:
        return []
    if nullable:
        condition = f"var.{name} == null ? true : ({condition})"
    return [
        TerraformVariableValidationConfig(
            condition="${" + condition + "}",
            error_message=f"Invalid {name}: must be {rule.allowed} ({rule.source}).",
        )
    ]


class ApiDestinationStack(TerraformStack):
    """A bus, its rules, and API destinations with an idempotency key; see README.md.

    `module=True` synthesizes the module flavour: no provider configuration, no
    backend, terraform-aws-modules output names.
    """

    def __init__(
        self, scope: Construct, id: str, config: PatternConfig, *, module: bool = False
    ) -> None:
        super().__init__(scope, id)
        # cdktf needs a provider to synthesize resources; the module drops its block.
        self.provider = AwsProvider(self, "aws", region=config.region)
        self.add_override("terraform.required_providers.aws.source", "hashicorp/aws")
        self.add_override(
            "terraform.required_providers.aws.version",
            AWS_PROVIDER_6_VERSION if config.provider_major_version == 6 else AWS_PROVIDER_VERSION,
        )
        if module:
            self.add_override("provider", None)
            self.add_override("terraform.backend", None)
        elif config.state_backend == "s3":
            S3Backend(
                self,
                bucket=config.state_bucket,
                key=config.state_key,
                region=config.state_region or config.region,
                encrypt=True,
            )
            # S3-native locking (Terraform 1.10+); cdktf 0.21's S3Backend predates it.
            self.add_override("terraform.backend.s3.use_lockfile", True)
        else:
            # State lives beside the output folder, never in it (synth rewrites
            # that folder), at a relative path so no machine's path is written.
            LocalBackend(self, path=f"../../../terraform.{id}.tfstate")

        docs = {f.name: f.metadata["doc"] for f in fields(PatternConfig)}
        kind = config.authorization_type
        self.variables: dict[str, TerraformVariable] = {}
        for name, tf_type in (VARIABLES | AUTH_VARIABLES[kind]).items():
            description = f"{docs[name]} Allowed: {RULES[name].allowed}."
            self._variable(name, tf_type, description, RULES[name], default=getattr(config, name))
        if not config.create_kms_key:
            for name, tf_type in NULLABLE_VARIABLES.items():
                description = f"{docs[name]} Allowed: null or {RULES[name].allowed}."
                default = getattr(config, name)
                self._variable(
                    name, tf_type, description, RULES[name], default=default, nullable=True
                )
        secret_value = NO_AUTH_DUMMY_VALUE
        if kind in SECRETS:
            name, what = SECRETS[kind]
            description = (
                f"{what} 1-512 characters. EventBridge keeps it in Secrets Manager; "
                "Terraform keeps it in state, marked sensitive."
            )
            secret = self._variable(name, "string", description, limits.AUTH_VALUE, sensitive=True)
            secret_value = secret.string_value
        invocation_secrets = None
        if secret_keys := secret_invocation_keys(config):
            invocation_secrets = self._variable(
                INVOCATION_SECRETS_VARIABLE,
                "map(string)",
                f"Values of the secret invocation parameters, by key: {', '.join(secret_keys)}.",
                limits.SecretMap(tuple(secret_keys), "API reference: ConnectionHttpParameters"),
                sensitive=True,
            )

        main_auth = {name: self._input(name, config) for name in AUTH_SETTINGS[kind]}
        main_header = str(auth_header(kind, main_auth.get("api_key_name")))
        self.pattern = IdempotentApiDestination(
            self,
            "pattern",
            inputs=PatternInputs(
                main=DestinationInputs(
                    name="",
                    auth_header_name=main_header,
                    **{name: self._input(name, config) for name in DESTINATION_SETTINGS},
                ),
                authorization_type="API_KEY" if kind == "NONE" else kind,
                auth_parameters=_auth_parameters(
                    kind,
                    main_auth,
                    secret_value,
                    _invocation_parameters(config, invocation_secrets),
                ),
                destinations=self._destinations(config, main_header),
                **{name: self._input(name, config) for name in PATTERN_SETTINGS},
            ),
        )

        p = self.pattern
        values: tuple[object, ...] = (
            p.bus.arn,
            p.rule.arn,
            p.dlq.arn,
            p.api_destination.arn,
            p.dlq.url,
        )
        if p.kms_key:
            key = p.kms_key.arn
        else:
            # "" rather than null: cdktf deploy fails on a null output.
            given = self.variables["kms_key_arn"].string_value
            key = Token.as_string(Fn.conditional(Op.eq(given, Token.null_value()), "", given))
        further = {name: d.arn for name, d in p.destinations.items()}
        values += (p.connection.arn, p.role.arn, p.alarm_topic.arn, key, further)
        for (module_name, root_name, description), value in zip(OUTPUTS, values, strict=True):
            name = module_name if module else root_name
            TerraformOutput(self, name, value=value, description=description)

    def _destinations(self, config: PatternConfig, main_header: str) -> list[DestinationInputs]:
        """The further destinations, as literals; own connections' secrets from a variable."""
        destinations = destinations_of(config)
        with_secret = [d.name for d in destinations if d.authorization_type in SECRETS]
        secrets = None
        if with_secret:
            secrets = self._variable(
                DESTINATION_SECRETS_VARIABLE,
                "map(string)",
                "Secrets of the further destinations' own connections, by destination name "
                f"(the API key, password or client secret): {', '.join(with_secret)}.",
                limits.SecretMap(tuple(with_secret), "API reference: CreateConnection"),
                sensitive=True,
            )
        built = []
        for d in destinations:
            connection, header = None, main_header
            if d.authorization_type is not None:
                kind = d.authorization_type
                settings = {name: getattr(d, name) for name in AUTH_SETTINGS[kind]}
                secret = NO_AUTH_DUMMY_VALUE
                if secrets is not None and kind in SECRETS:
                    secret = Token.as_string(Fn.lookup(secrets.value, d.name))
                auth = _auth_parameters(kind, settings, secret)
                connection = ("API_KEY" if kind == "NONE" else kind, auth)
                header = str(auth_header(kind, d.api_key_name))
            built.append(
                DestinationInputs(
                    name=d.name,
                    auth_header_name=header,
                    event_pattern=d.event_pattern,
                    connection=connection,
                    **{name: getattr(d, name) for name in DESTINATION_SETTINGS},
                )
            )
        return built

    def _input(self, name: str, config: PatternConfig) -> Any:
        """The setting `name` for the construct: a reference to its variable, typed as the
        variable is, or the config's literal where the setting is fixed at synth time."""
        variable = self.variables.get(name)
        if variable is None:
            return getattr(config, name)
        tf_type = ALL_VARIABLE_TYPES[name]
        if tf_type == "string":
            return variable.string_value
        if tf_type == "number":
            return variable.number_value
        if tf_type == "bool":
            return variable.boolean_value
        if tf_type == "list(string)":
            return variable.list_value
        if tf_type == "map(string)":
            return Token.as_string_map(variable.value)
        return variable.value

    def _variable(
        self,
        name: str,
        tf_type: str,
        description: str,
        rule: limits.Rule,
        *,
        default: object = None,
        sensitive: bool = False,
        nullable: bool = False,
    ) -> TerraformVariable:
        """A variable validated by `rule`, recorded in self.variables."""
        variable = TerraformVariable(
            self,
            name,
            type=tf_type,
            description=description,
            default=default,
            sensitive=sensitive or None,
            nullable=nullable,
            validation=_validation(name, rule, nullable) or None,
        )
        if nullable and default is None:
            variable.add_override("default", Token.null_value())  # optional, not required
        self.variables[name] = variable
        return variable
