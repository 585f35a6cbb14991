"""The stacks: the pattern behind Terraform variables, as a deployable root or as a module.

Both flavours declare the same variables (defaults from the config, validation
blocks from the same rules as the config check) and the same resources: the
config decides no resource's existence, only the variables' defaults. The root
stack adds the provider and the backend and names its outputs as the seed did;
the module has neither provider nor backend (its caller's provider is
inherited), requires what a caller must choose (name_prefix; api_key_name with
API_KEY), and names its outputs as terraform-aws-modules would.

User text reaches the Terraform JSON only as variable defaults, which Terraform
takes literally (a `${...}` there is never evaluated; a test applies such
values and reads them back); everything the stack writes in expression
positions is its own. The provider's region, the one config value written
outside a variable, passes through `literal()`.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import fields

from cdktf import (
    LocalBackend,
    S3Backend,
    TerraformOutput,
    TerraformStack,
    TerraformVariable,
    TerraformVariableValidationConfig,
    Token,
)
from cdktf_cdktf_provider_aws.provider import AwsProvider
from constructs import Construct

from stacks import limits
from stacks.config import (
    ACROSS,
    ALL_AUTH_SETTINGS,
    DESTINATION_ROLE_SUFFIX,
    DESTINATION_RULES,
    INVOCATION_PARAMETERS_TYPE,
    MAIN,
    MAX_NAME_LENGTH,
    NO_AUTH_KEY,
    OAUTH_NEEDS_A_PARAMETER,
    OAUTH_PARAMETER_SETTINGS,
    OWN_CONNECTION_SETTING,
    PATH_VALUES_PER_WILDCARD,
    RULE_STATE_NEEDS_A_RULE,
    RULES,
    PatternConfig,
    destinations_of,
)
from stacks.construct import (
    DEFAULT_ID,
    DESTINATION_SECRETS,
    INVOCATION_SECRETS,
    SECRET_INPUTS,
    SECRETS,
    IdempotentApiDestination,
    address,
)
from stacks.hcl import interpolated, literal
from stacks.migration import moved_blocks

# Admits the offline 5.x provider and the 6.x line the bindings were generated
# from; the stack uses only arguments that exist in both.
AWS_PROVIDER_VERSION = ">= 5.100.0, < 7.0.0"
# With provider_major_version = 6: the archive's key (6.x) and bus logging (6.6.0).
AWS_PROVIDER_6_VERSION = ">= 6.6.0, < 7.0.0"
# Validations that refer to other variables (a destination's names against name_prefix,
# OAuth's parameters against authorization_type) came in Terraform 1.9; they run before
# the provider checks any resource, so the module's message comes first.
TERRAFORM_VERSION = ">= 1.9.0"

# Every setting's Terraform type (the table's `terraform` column, stacks/config.py);
# region, the state backend and the provider's major version are the synth-time rest of
# the config, and bus logging's variables are provider 6's.
VARIABLE_TYPES: dict[str, str] = {
    f.name: f.metadata["terraform"]
    for f in fields(PatternConfig)
    if f.metadata["terraform"] and f.metadata["provider"] == 5
}
LOGGING_VARIABLE_TYPES: dict[str, str] = {
    f.name: f.metadata["terraform"] for f in fields(PatternConfig) if f.metadata["provider"] == 6
}
# `destinations` is `any`: a pattern may be an object, and patterns of different shapes
# cannot share one map type. Each setting's type (the top level's) is checked by a
# validation instead, and the construct fills in the defaults.
DESTINATION_TYPES = {name: VARIABLE_TYPES.get(name, "") for name in DESTINATION_RULES} | {
    "event_pattern": "any",
    "connection_name": "string",
}

# Settings whose null means "unset" (decided elsewhere, or not used by this auth type);
# an unset endpoint is not null but required.
NULLABLE = {f.name for f in fields(PatternConfig) if f.default is None} & set(VARIABLE_TYPES) - {
    "endpoint"
}
# What a module caller must choose: no default a second instance would collide on,
# and no header named by a placeholder.
MODULE_REQUIRED = ("name_prefix",)

# (module output, root output, description); the root keeps the seed's names. Their
# values come from the pattern's objects: output_values.
OUTPUTS: tuple[tuple[str, str, str], ...] = (
    ("eventbridge_bus_name", "busName", "Name of the event bus."),
    ("eventbridge_bus_arn", "busArn", "ARN of the event bus; put events here."),
    ("eventbridge_rule_arn", "ruleArn", "ARN of the main rule."),
    (
        "eventbridge_rule_names",
        "ruleNames",
        'Names of the rules, by destination ("main" and each with its own pattern).',
    ),
    ("eventbridge_rule_arns", "ruleArns", "ARNs of the rules, by destination."),
    ("dlq_arn", "dlqArn", "ARN of the dead-letter queue of failed deliveries."),
    ("dlq_url", "dlqUrl", "URL of the dead-letter queue, for reading failed events."),
    ("api_destination_arn", "apiDestinationArn", "ARN of the main API destination."),
    ("connection_arn", "connectionArn", "ARN of the main connection, which holds the auth."),
    (
        "role_arn",
        "roleArn",
        "ARN of the role EventBridge assumes to call the main API destination.",
    ),
    ("role_arns", "roleArns", "ARNs of the invoke roles, by destination."),
    (
        "alarm_topic_arn",
        "alarmTopicArn",
        'ARN of the SNS topic the alarms notify (created or given), or "" without one.',
    ),
    (
        "encryption_key_arn",
        "kmsKeyArn",
        'The customer managed key (created: its ARN; given: as given), or "" with AWS owned keys.',
    ),
    ("destination_arns", "destinationArns", "ARNs of the further API destinations, by name."),
    (
        "destinations",
        "destinations",
        'Every destination ("main" and the further ones) by name: its API destination, '
        "connection, rule, role and target id.",
    ),
)


def output_values(pattern: IdempotentApiDestination) -> dict[str, str]:
    """Each output's value (HCL, by module output name), from the pattern's objects."""
    delivery = pattern.delivery
    rules, roles = address(delivery.rules), address(delivery.roles)
    destinations = address(delivery.destinations)
    connections = address(pattern.connections.connections)
    topic = address(pattern.alarms.topic)
    return {
        "eventbridge_bus_name": pattern.bus.name,
        "eventbridge_bus_arn": pattern.bus.arn,
        "eventbridge_rule_arn": f'{rules}["{MAIN}"].arn',
        "eventbridge_rule_names": f"{{for k, r in {rules} : k => r.name}}",
        "eventbridge_rule_arns": f"{{for k, r in {rules} : k => r.arn}}",
        "dlq_arn": pattern.dead_letters.arn,
        "dlq_url": pattern.dead_letters.url,
        "api_destination_arn": f'{destinations}["{MAIN}"].arn',
        "connection_arn": f'{connections}["{MAIN}"].arn',
        "role_arn": f'{roles}["{MAIN}"].arn',
        "role_arns": f"{{for k, r in {roles} : k => r.arn}}",
        "alarm_topic_arn": f"length({topic}) > 0 ? {topic}[0].arn : "
        '(var.alarm_topic_arn == null ? "" : var.alarm_topic_arn)',
        "encryption_key_arn": f'{pattern.key.arn} == null ? "" : {pattern.key.arn}',
        "destination_arns": f'{{for k, d in {destinations} : k => d.arn if k != "{MAIN}"}}',
        "destinations": f"{{for k, d in {pattern.context.destinations} : k => {{"
        f"api_destination_arn = {destinations}[k].arn, "
        f"api_destination_name = {destinations}[k].name, "
        f"connection_arn = {connections}[d.connection].arn, "
        f"rule_name = {rules}[d.rule].name, "
        f"rule_arn = {rules}[d.rule].arn, "
        f"role_arn = {roles}[k].arn, "
        f"target_id = {address(delivery.targets)}[k].target_id}}}}",
    }


# Rules across variables, each on the variable it is about (Terraform 1.9+).
_OAUTH_PARAMETER_GIVEN = " || ".join(
    f"length(coalesce(var.{p}, {{}})) > 0" for p in OAUTH_PARAMETER_SETTINGS
)
CROSS_VALIDATIONS: dict[str, list[dict[str, str]]] = {
    "authorization_type": [
        {
            "condition": '${var.authorization_type != "OAUTH_CLIENT_CREDENTIALS" || '
            f"try({_OAUTH_PARAMETER_GIVEN}, false)}}",
            "error_message": "Invalid authorization_type = OAUTH_CLIENT_CREDENTIALS: "
            f"{OAUTH_NEEDS_A_PARAMETER}.",
        }
    ],
    "path_parameter_values": [
        {
            "condition": "${var.endpoint == null || try(length(var.path_parameter_values) <= "
            'length(split("*", var.endpoint)) - 1, false)}',
            "error_message": "Invalid path_parameter_values: more values than '*' wildcards "
            f"in the endpoint; {PATH_VALUES_PER_WILDCARD}.",
        }
    ],
}


def null_safe(condition: str) -> str:
    """`condition`, false where it cannot be evaluated (a null or a wrong type anywhere in the
    value), so that the module's message says what is wrong, not Terraform's."""
    return f"try({condition}, false)"


def rule_validation(name: str, rule: limits.Rule, nullable: bool) -> dict[str, str] | None:
    """The validation block of the variable's own rule; None where its type is the whole
    check."""
    condition = rule.condition(f"var.{name}")
    if condition is None:
        return None
    condition = null_safe(condition)
    if nullable:
        condition = f"var.{name} == null ? true : {condition}"
    return {
        "condition": interpolated(condition),
        "error_message": f"Invalid {name}: must be {rule.allowed} ({rule.source}).",
    }


def validations(name: str, rule: limits.Rule, nullable: bool) -> list[dict[str, str]]:
    """The variable's validation blocks: its own rule, then the rules across variables
    that are about it."""
    own = rule_validation(name, rule, nullable)
    across = [rule.validation() for rule in ACROSS if rule.about == name]
    return ([own] if own else []) + across + CROSS_VALIDATIONS.get(name, [])


# What a setting's value must be to have its Terraform type, where the setting's own rule
# would take another kind (a rule that iterates takes a map for a list and the reverse).
KIND_CHECKS = {
    "map(string)": "can(tomap({v}))",
    "list(string)": "can(tolist({v}))",
    INVOCATION_PARAMETERS_TYPE: "can(concat({v}, []))",
}


def destination_validations(
    variable: str = "destinations", name_prefix: str = "var.name_prefix"
) -> list[dict[str, str]]:
    """The `destinations` variable's checks: a map of objects with known settings, each
    setting meeting the top level's rule; then the rules across a destination's settings,
    its name and the other inputs.

    The variable is `any` (see DESTINATION_TYPES), so a destination may leave a setting
    out: `setting(name)` reads it as null then, which every rule here takes as "unset".
    """

    def setting(name: str) -> str:
        # HCL's || and && evaluate both sides, so every read of a setting is guarded.
        return f"try(d.{name}, null)"

    def each(condition: str) -> str:
        """`condition` holds for every destination `k`, `d` (false if it cannot be read)."""
        return interpolated(null_safe(f"alltrue([for k, d in var.{variable} : {condition}])"))

    known = ", ".join(f'"{name}"' for name in DESTINATION_RULES)
    blocks = [
        {
            "condition": "${"
            + null_safe(
                f"can(keys(var.{variable})) && alltrue([for k, d in var.{variable} : "
                f"length(setsubtract(keys(d), [{known}])) == 0])"
            )
            + "}",
            "error_message": "Invalid destinations: a map of names to objects, each with an "
            f"endpoint and any of {', '.join(DESTINATION_RULES)}; a setting's name outside "
            "that list is refused (a misspelt one would be ignored).",
        },
        {
            "condition": each(f"{setting('endpoint')} != null"),
            "error_message": "Invalid destinations: each needs an endpoint, "
            f"{limits.ENDPOINT.allowed}.",
        },
    ]
    for name, rule in DESTINATION_RULES.items():
        condition = rule.condition(f"d.{name}")
        if condition is None:
            continue
        kind = KIND_CHECKS.get(DESTINATION_TYPES[name])
        if kind:
            condition = f"{kind.format(v=f'd.{name}')} && {condition}"
        blocks.append(
            {
                "condition": each(f"{setting(name)} == null ? true : {null_safe(condition)}"),
                "error_message": f"Invalid destinations: each {name} must be {rule.allowed} "
                f"({rule.source}).",
            }
        )
    connection_settings = ", ".join(setting(n) for n in ALL_AUTH_SETTINGS)
    oauth_given = " || ".join(
        f"length(coalesce({setting(p)}, {{}})) > 0" for p in OAUTH_PARAMETER_SETTINGS
    )
    longest = f'"${{{name_prefix}}}-${{k}}{DESTINATION_ROLE_SUFFIX}"'
    rule = limits.DESTINATION_NAME
    own_connection = f"try(var.{variable}[d.connection_name].authorization_type != null, false)"
    blocks += [
        {
            "condition": each(
                f"{setting('authorization_type')} != null || (alltrue([for v in "
                f"[{connection_settings}] : v == null]) && "
                "try(length(d.invocation_parameters), 0) == 0)"
            ),
            "error_message": "Invalid destinations: a destination without an "
            "authorization_type uses another's connection, so it may not set a connection's "
            f"settings ({', '.join(ALL_AUTH_SETTINGS)}, invocation_parameters): "
            f"{OWN_CONNECTION_SETTING}.",
        },
        {
            "condition": each(
                f"{setting('rule_state')} == null || {setting('event_pattern')} != null"
            ),
            "error_message": f"Invalid destinations: a rule_state is {RULE_STATE_NEEDS_A_RULE}.",
        },
        {
            "condition": each(
                'try(length(d.path_parameter_values) <= length(split("*", d.endpoint)) - 1, true)'
            ),
            "error_message": "Invalid destinations: more path_parameter_values than '*' "
            f"wildcards in the endpoint; {PATH_VALUES_PER_WILDCARD}.",
        },
        {
            "condition": each(
                f'{setting("authorization_type")} != "OAUTH_CLIENT_CREDENTIALS" || '
                f"{null_safe(oauth_given)}"
            ),
            "error_message": "Invalid destinations: each with authorization_type = "
            f"OAUTH_CLIENT_CREDENTIALS: {OAUTH_NEEDS_A_PARAMETER}.",
        },
        {
            "condition": "${"
            + null_safe(
                f"{name_prefix} == null || alltrue([for k in keys(var.{variable}) : "
                f"length({longest}) <= {MAX_NAME_LENGTH}])"
            )
            + "}",
            "error_message": "Invalid destinations: with this name_prefix, a destination's "
            f"longest name, <name_prefix>-<name>{DESTINATION_ROLE_SUFFIX} (its role), would "
            f"be longer than {MAX_NAME_LENGTH} characters, which IAM and EventBridge allow: "
            "shorten the destination's name or name_prefix.",
        },
        {
            "condition": each(
                f"{setting('connection_name')} == null || "
                f"({setting('authorization_type')} == null && "
                f'({setting("connection_name")} == "{MAIN}" || {own_connection}))'
            ),
            "error_message": "Invalid destinations: a connection_name must be 'main' or a "
            "destination with an authorization_type of its own, and comes instead of an "
            "authorization_type.",
        },
        {
            "condition": "${"
            + null_safe(f"alltrue([for k in keys(var.{variable}) : {rule.condition('k')}])")
            + "}",
            "error_message": f"Invalid destinations: each name must be {rule.allowed} "
            f"({rule.source}).",
        },
        {
            "condition": "${"
            + null_safe(
                f"length(distinct([for k in keys(var.{variable}) : lower(k)])) "
                f"== length(var.{variable})"
            )
            + "}",
            "error_message": "Invalid destinations: names must differ in more than case (IAM "
            "role names ignore case).",
        },
        {
            "condition": "${"
            + null_safe(
                f"length([for d in values(var.{variable}) : d "
                f"if {setting('event_pattern')} == null]) < {limits.TARGETS_PER_RULE}"
            )
            + "}",
            "error_message": "Invalid destinations: at most "
            f"{limits.TARGETS_PER_RULE - 1} may go without an event_pattern, since the main "
            f"rule takes {limits.TARGETS_PER_RULE} targets (EventBridge quotas).",
        },
    ]
    return blocks


DESTINATIONS_ALLOWED = (
    "a map of names (1-20 characters, unique in any case, not 'main') to objects with "
    "endpoint and any of the top-level destination and auth settings, each of the top "
    "level's type, plus event_pattern (an object or JSON text), rule_state and "
    "connection_name; a setting left out or null takes the top level's default (not its value)"
)


def variable_defaults(config: PatternConfig, *, module: bool) -> dict[str, object]:
    """Each variable's default from the config (absent: required; None: null)."""
    defaults: dict[str, object] = {name: getattr(config, name) for name in VARIABLE_TYPES}
    defaults["destinations"] = {
        name: {
            key: json.dumps(value, separators=(",", ":"))
            if key == "event_pattern" and not isinstance(value, str)
            else value
            for key, value in settings.items()
        }
        for name, settings in sorted(config.destinations.items())
    }
    if config.endpoint is None:
        del defaults["endpoint"]
    if module:
        for name in MODULE_REQUIRED:
            del defaults[name]
    elif config.authorization_type == "API_KEY" and config.api_key_name is None:
        defaults["api_key_name"] = NO_AUTH_KEY  # the seed's header name (NONE falls back to it)
    return defaults


class ApiDestinationStack(TerraformStack):
    """The bus, rules and API destinations with an idempotency key; see README.md.

    `module=True` synthesizes the module flavour: no provider configuration, no
    backend, required name_prefix, terraform-aws-modules output names.
    """

    def __init__(
        self, scope: Construct, id: str, config: PatternConfig, *, module: bool = False
    ) -> None:
        super().__init__(scope, id)
        # cdktf needs a provider to synthesize resources; the module drops its block.
        self.provider = AwsProvider(
            self, "aws", region=literal(config.region) if config.region else None
        )
        self.add_override("terraform.required_version", TERRAFORM_VERSION)
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
                bucket=str(config.state_bucket),
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

        types = VARIABLE_TYPES | (
            LOGGING_VARIABLE_TYPES if config.provider_major_version >= 6 else {}
        )
        docs = {f.name: f.metadata["doc"] for f in fields(PatternConfig)}
        defaults = variable_defaults(config, module=module) | {
            name: getattr(config, name) for name in LOGGING_VARIABLE_TYPES
        }
        variables: dict[str, TerraformVariable] = {}
        for name, tf_type in types.items():
            nullable = name in NULLABLE
            if name == "destinations":
                allowed, blocks = DESTINATIONS_ALLOWED, destination_validations()
            else:
                allowed = ("null or " if nullable else "") + RULES[name].allowed
                blocks = validations(name, RULES[name], nullable)
            variables[name] = self._variable(
                name,
                tf_type,
                f"{docs[name]} Allowed: {allowed}.",
                defaults,
                nullable=nullable,
                validations=blocks,
            )
        for kind, name in SECRETS.items():
            variables[name] = self._variable(
                name,
                "string",
                f"The connection's secret with authorization_type = {kind}, 1-512 characters. "
                "EventBridge keeps it in Secrets Manager; Terraform keeps it in state, marked "
                "sensitive.",
                {name: None},
                nullable=True,
                sensitive=True,
            )
        variables[INVOCATION_SECRETS] = self._variable(
            INVOCATION_SECRETS,
            "map(string)",
            "Values of the invocation parameters with secret = true: by key for the main "
            "connection, by <destination>/<key> for a destination's own.",
            {INVOCATION_SECRETS: {}},
            sensitive=True,
        )
        variables[DESTINATION_SECRETS] = self._variable(
            DESTINATION_SECRETS,
            "map(string)",
            "Secrets of the further destinations' own connections (the API key, password or "
            "client secret), by destination name.",
            {DESTINATION_SECRETS: {}},
            sensitive=True,
        )

        # The pattern reads every setting from its variable: the config only gave defaults.
        self.pattern = IdempotentApiDestination(
            self,
            DEFAULT_ID,
            dataclasses.replace(config, **{name: variables[name] for name in types}),
            secrets={name: variables[name] for name in SECRET_INPUTS},
        )
        values = output_values(self.pattern)
        for module_name, root_name, description in OUTPUTS:
            name = module_name if module else root_name
            output = TerraformOutput(
                self,
                f"output_{name}",
                value=interpolated(values[module_name]),
                description=description,
            )
            output.override_logical_id(name)
        self.add_override(
            "moved",
            moved_blocks(list(destinations_of(config)), logging=config.provider_major_version >= 6),
        )

    def _variable(
        self,
        name: str,
        tf_type: str,
        description: str,
        defaults: Mapping[str, object],
        *,
        nullable: bool = False,
        sensitive: bool = False,
        validations: list[dict[str, str]] | None = None,
    ) -> TerraformVariable:
        """A variable; required unless `defaults` has its name (a None default is null)."""
        variable = TerraformVariable(
            self,
            name,
            type=tf_type,
            description=description,
            sensitive=sensitive or None,
            # Null is "unset" where the setting may be unset; elsewhere null means the
            # default (nullable = false), never a null inside the module.
            nullable=True if nullable else (False if name in defaults else None),
            validation=[
                TerraformVariableValidationConfig(**v)  # type: ignore[arg-type]
                for v in validations or []
            ]
            or None,
        )
        variable.apidest_name = name  # type: ignore[attr-defined]  # read without a jsii call
        if name in defaults:
            # As an override, written as it is: cdktf would rewrite a default's map
            # keys (X-Tenant, detail-type) in snake case. A None default is null:
            # the variable is optional, not required.
            default = defaults[name]
            variable.add_override("default", Token.null_value() if default is None else default)
        return variable
