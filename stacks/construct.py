"""The pattern's resources and the wires between them, shaped by Terraform inputs.

An event bus (created, or an existing one); a rule on it; a target that sends
matching events to an API destination (through a connection that holds the
auth), at a bounded rate, with retries, a dead-letter queue, and an
idempotency-key header filled from a field of the event. Also what AWS CDK
created for the seed without the seed writing it: the role EventBridge assumes
to invoke the destination, and the queue policy that lets EventBridge write to
the dead-letter queue. Beyond the seed: further API destinations (each on the
main rule or on a rule of its own, on the main connection or one of its own),
alarms on every way an event can be lost, an archive for replay, a customer
managed key, and bus logging (AWS provider 6).

Every choice is a Terraform input, so one synthesized module serves every
shape: optional resources are `count` on a switch, per-destination ones
`for_each` over a map in which the top-level destination is the key "main",
and a connection's auth blocks are `dynamic` on its type. The construct reads
its inputs as HCL expressions, by setting name (`inputs["endpoint"]` is
`var.endpoint` in the stacks); resources get addresses a person would choose
(`aws_cloudwatch_event_rule.this["main"]`). Each concern is a small construct
of its own, in the order a reader meets them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import fields

from cdktf import (
    DefaultTokenResolver,
    StringConcat,
    TerraformDataSource,
    TerraformLocal,
    TerraformResource,
    TerraformVariable,
    Token,
    Tokenization,
)
from cdktf_cdktf_provider_aws.cloudwatch_event_api_destination import (
    CloudwatchEventApiDestination,
)
from cdktf_cdktf_provider_aws.cloudwatch_event_archive import CloudwatchEventArchive
from cdktf_cdktf_provider_aws.cloudwatch_event_bus import (
    CloudwatchEventBus,
    CloudwatchEventBusDeadLetterConfig,
)
from cdktf_cdktf_provider_aws.cloudwatch_event_connection import (
    CloudwatchEventConnection,
    CloudwatchEventConnectionAuthParameters,
)
from cdktf_cdktf_provider_aws.cloudwatch_event_rule import CloudwatchEventRule
from cdktf_cdktf_provider_aws.cloudwatch_event_target import (
    CloudwatchEventTarget,
    CloudwatchEventTargetDeadLetterConfig,
    CloudwatchEventTargetHttpTarget,
    CloudwatchEventTargetRetryPolicy,
)
from cdktf_cdktf_provider_aws.cloudwatch_log_delivery import CloudwatchLogDelivery
from cdktf_cdktf_provider_aws.cloudwatch_log_delivery_destination import (
    CloudwatchLogDeliveryDestination,
    CloudwatchLogDeliveryDestinationDeliveryDestinationConfiguration,
)
from cdktf_cdktf_provider_aws.cloudwatch_log_delivery_source import CloudwatchLogDeliverySource
from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktf_cdktf_provider_aws.cloudwatch_metric_alarm import CloudwatchMetricAlarm
from cdktf_cdktf_provider_aws.data_aws_caller_identity import DataAwsCallerIdentity
from cdktf_cdktf_provider_aws.data_aws_partition import DataAwsPartition
from cdktf_cdktf_provider_aws.data_aws_region import DataAwsRegion
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from cdktf_cdktf_provider_aws.kms_alias import KmsAlias
from cdktf_cdktf_provider_aws.kms_key import KmsKey
from cdktf_cdktf_provider_aws.sns_topic import SnsTopic
from cdktf_cdktf_provider_aws.sns_topic_subscription import SnsTopicSubscription
from cdktf_cdktf_provider_aws.sqs_queue import SqsQueue
from cdktf_cdktf_provider_aws.sqs_queue_policy import SqsQueuePolicy
from constructs import Construct

from stacks import limits
from stacks.config import (
    ALL_AUTH_SETTINGS,
    AUTH_SETTINGS,
    AUTHORIZATION_HEADER,
    CONNECTION,
    DESTINATION,
    DESTINATION_ROLE_SUFFIX,
    HEADER_IS_THE_KEY,
    KEY_SHADOWS_HEADER,
    MAIN,
    MAX_NAME_LENGTH,
    NO_AUTH_KEY,
    PARAMETER_IS_THE_KEY,
    REQUIRED_AUTH_SETTINGS,
    Destination,
    PatternConfig,
    validate,
)
from stacks.hcl import Interpolation, interpolated, literal_text, quoted, template_of

EVENTS_PRINCIPAL = "events.amazonaws.com"

# The tag EventBridge's service-linked role requires on a key it uses for a
# connection's secret (user guide, encrypting connections).
CONNECTION_KEY_TAG = {"EventBridgeApiDestinations": "true"}

# EventBridge logs by level; each level also sends the levels above it
# (user guide, event bus logs).
LOG_LEVELS = {"error": ("ERROR", "INFO", "TRACE"), "info": ("INFO", "TRACE"), "trace": ("TRACE",)}


def _scoped(scope: str) -> tuple[str, ...]:
    """The names of the settings table's rows (stacks/config.py) of one scope."""
    return tuple(f.name for f in fields(PatternConfig) if f.metadata["scope"] == scope)


# The settings of one destination's delivery, and of a connection, as the top level names
# them; a further destination in `destinations` may set each of them too.
DELIVERY_SETTINGS = _scoped(DESTINATION)
CONNECTION_SETTINGS = _scoped(CONNECTION)
# The secret of each authorization type, for the main connection.
SECRETS = {
    "API_KEY": "connection_api_key_value",
    "BASIC": "connection_basic_password",
    "OAUTH_CLIENT_CREDENTIALS": "connection_oauth_client_secret",
}
INVOCATION_SECRETS = "connection_invocation_secrets"
DESTINATION_SECRETS = "destination_connection_secrets"
# In a message or name of a resource repeated with for_each: the instance's key.
EACH_KEY = "${each.key}"


class Expr(str):
    """An HCL expression, written into a policy or object as it is (not as a string)."""


def hcl(value: object) -> str:
    """`value` as an HCL expression: our own data, with Expr parts as they are."""
    if isinstance(value, Expr):
        return str(value)
    if value is None:
        return "null"
    if isinstance(value, str):
        # Our own text: `${...}` in it is an interpolation we wrote, whose expression is
        # written as it is (a setting's value in it is user_value's, escaped already).
        return quoted(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{hcl(k)} = {hcl(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(hcl(v) for v in value) + "]"
    raise TypeError(f"no HCL form for {type(value).__name__}")


# A cdktf token in a string (a variable's value, a resource's attribute).
_TOKEN = re.compile(r"\$\{TfToken\[TOKEN\.\d+\]\}")


def user_value(value: object, scope: Construct) -> str:
    """A setting's value as an HCL expression: a cdktf token as the reference it stands
    for (`var.endpoint`); a plain value as a literal, its text escaped (`$${`, `%%{`) so
    that it never becomes an expression, however it is written."""
    if isinstance(value, str) and _TOKEN.search(value) and not _TOKEN.fullmatch(value):
        # Text with tokens inside: a template of the escaped text and the references.
        parts = re.split(f"({_TOKEN.pattern})", value)
        return (
            '"'
            + "".join(
                interpolated(_reference(part, scope))
                if _TOKEN.fullmatch(part)
                else literal_text(part)
                for part in parts
            )
            + '"'
        )
    if _is_token(value):
        return _reference(value, scope)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, str):
        return '"' + literal_text(value) + '"'
    if isinstance(value, Mapping):
        pairs = (f"{user_value(str(k), scope)} = {user_value(v, scope)}" for k, v in value.items())
        return "{" + ", ".join(pairs) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(user_value(v, scope) for v in value) + "]"
    raise TypeError(f"no HCL form for {type(value).__name__}")


def _is_token(value: object) -> bool:
    """Whether `value` is a cdktf token (told apart in Python where it can be: a jsii
    call for every setting would slow synth down)."""
    if value is None or isinstance(value, bool | int | Mapping | tuple):
        return False
    if isinstance(value, str):
        return _TOKEN.fullmatch(value) is not None
    if isinstance(value, list):  # cdktf writes a list token as a list of one "#{TfToken[...]}"
        return len(value) == 1 and isinstance(value[0], str) and value[0].startswith("#{TfToken[")
    if isinstance(value, float):
        return bool(Token.is_unresolved(value))  # cdktf writes a number token as a float
    return True  # an object of the bindings: a resolvable (a variable's value, a reference)


def _references(tokens: Mapping[str, object], scope: Construct) -> dict[str, str]:
    """The expression each token stands for (a TerraformVariable stands for itself); the
    rest resolved together, in one call to cdktf."""
    variables = {n: v for n, v in tokens.items() if isinstance(v, TerraformVariable)}
    others = {n: v for n, v in tokens.items() if n not in variables}
    resolved = (
        Tokenization.resolve(
            others, scope=scope, resolver=DefaultTokenResolver(StringConcat()), preparing=False
        )
        if others
        else {}
    )
    names = {
        n: getattr(v, "apidest_name", None) or v.friendly_unique_id for n, v in variables.items()
    }
    return {n: f"var.{name}" for n, name in names.items()} | {
        n: _reference_text(resolved[n]) for n in others
    }


def _reference(token: object, scope: Construct) -> str:
    """The expression a token stands for: `${var.endpoint}` is `var.endpoint`."""
    return _references({"token": token}, scope)["token"]


def _reference_text(resolved: object) -> str:
    """`var.endpoint` from a resolved token's `${var.endpoint}`."""
    try:
        parts = template_of(resolved, 0, quoted=False)[0].parts if isinstance(resolved, str) else []
    except ValueError:
        parts = []
    if len(parts) != 1 or not isinstance(parts[0], Interpolation):
        raise TypeError(f"a token that is not one reference: {resolved!r}")
    return parts[0].source[2:-1]


def _atomic(expression: str) -> bool:
    """Whether `expression` is one operand (a literal, a reference, a call, a bracketed
    value), which needs no parentheses inside a larger expression."""
    if re.fullmatch(
        r'"(?:[^"\\]|\\.)*"|-?[0-9.]+|[A-Za-z_][\w-]*(?:\.[\w-]+|\[[^\[\]]*\])*', expression
    ):
        return True
    # A call or a bracketed value: its first opening bracket closes at the very end.
    start = re.match(r"[A-Za-z_][\w.]*\(|[\[{(]", expression)
    if start is None:
        return False
    depth, quoted, escaped = 0, False, False
    for index, char in enumerate(expression[start.end() - 1 :], start.end() - 1):
        if quoted:
            quoted, escaped = (quoted, False) if escaped else (char != '"', char == "\\")
            continue
        if char == '"':
            quoted = True
        elif char in "[{(":
            depth += 1
        elif char in "]})":
            depth -= 1
            if depth == 0:
                return index == len(expression) - 1
    return False


# Small builders of HCL, so that an expression reads as what it builds, not brace by brace
# (and `interpolated`, from hcl.py).
def hcl_object(attributes: Mapping[str, str]) -> str:
    """An HCL object from attribute names to expressions: `{a = x, b = y}`."""
    return "{" + ", ".join(f"{name} = {value}" for name, value in attributes.items()) + "}"


def for_map(collection: str, value: str, *, item: str = "d", condition: str = "") -> str:
    """An HCL map from each key `k` of `collection` (its element `item`) to `value`:
    `{for k, d in collection : k => value if condition}`."""
    where = f" if {condition}" if condition else ""
    return f"{{for k, {item} in {collection} : k => {value}{where}}}"


def merge(*maps: str) -> str:
    """HCL: the maps merged, the later winning: `merge(a, b)`."""
    return f"merge({', '.join(maps)})"


def policy(*statements: object) -> str:
    """An IAM policy document, rendered with jsonencode so plans show it as structured JSON.

    A statement may be an Expr for a list of statements (`cond ? [{...}] : []`).
    """
    parts = [s if isinstance(s, Expr) else Expr(f"[{hcl(s)}]") for s in statements]
    listed = parts[0] if len(parts) == 1 else f"concat({', '.join(parts)})"
    return "${jsonencode({" + f'"Version" = "2012-10-17", "Statement" = {listed}' + "})}"


def when(condition: str, statement: Mapping[str, object]) -> Expr:
    """A statement that is in the policy only while `condition` holds."""
    return Expr(f"({condition}) ? [{hcl(statement)}] : []")


def _named(
    resource: TerraformResource,
    address: str,
    *,
    for_each: str | None = None,
    checks: list[tuple[str, str]] | None = None,
) -> TerraformResource:
    """Give `resource` the address a person would choose; repeat it `for_each` entry of a map
    (an HCL expression), and check each (condition, message) before it is planned."""
    name = _prefix() + address
    resource.override_logical_id(name)
    kind = type(resource)
    if kind not in _TYPES:  # one call to the bindings per class, not per resource
        _TYPES[kind] = kind.TF_RESOURCE_TYPE
    data = "data." if isinstance(resource, TerraformDataSource) else ""
    resource.apidest_address = f"{data}{_TYPES[kind]}.{name}"  # type: ignore[attr-defined]
    if for_each is not None:
        resource.add_override("for_each", interpolated(for_each))
    if checks:
        resource.add_override(
            "lifecycle",
            {
                "precondition": [
                    {"condition": interpolated(condition), "error_message": message}
                    for condition, message in checks
                ]
            },
        )
    return resource


_TYPES: dict[type, str] = {}


def address(element: TerraformResource | TerraformDataSource) -> str:
    """How others refer to `element` in HCL: its address, from the object that `_named`
    named, so that a construct names another's resource through that object."""
    return element.apidest_address  # type: ignore[attr-defined]


def _as_number(expression: str) -> float:
    """An HCL expression where the bindings expect a number."""
    return Token.as_number(interpolated(expression))


def _as_string_map(expression: str) -> dict[str, str]:
    """An HCL expression where the bindings expect a map of strings."""
    return Token.as_string_map(interpolated(expression))


def _as_list(expression: str) -> list[str]:
    """An HCL expression where the bindings expect a list of strings."""
    return Token.as_list(interpolated(expression))


def _as_any(expression: str) -> object:
    """An HCL expression where the bindings expect a switch or a block."""
    return Token.as_any(interpolated(expression))


class Inputs:
    """The construct's inputs as HCL expressions: `inputs.resolve("var.endpoint")` reads the
    expression given for `endpoint` wherever the text says `var.endpoint`."""

    def __init__(self, expressions: Mapping[str, str]) -> None:
        self.expressions = dict(expressions)

    def resolve(self, text: str) -> str:
        """`text` with every `var.NAME` replaced by the expression given for NAME."""

        def given(match: re.Match[str]) -> str:
            expression = self.expressions[match.group(1)]
            return expression if _atomic(expression) else f"({expression})"

        return re.sub(r"\bvar\.([a-z0-9_]+)", given, text)

    def interpolation(self, text: str) -> str:
        """`text` as a Terraform JSON interpolation."""
        return interpolated(self.resolve(text))


def _local(scope: Construct, name: str, expression: str) -> str:
    """A local value named `name` (after the instance's prefix); returns how to refer to it."""
    name = _prefix() + name
    TerraformLocal(scope, f"local_{name}", interpolated(expression)).override_logical_id(name)
    return f"local.{name}"


# The address prefix of the IdempotentApiDestination being built: its parts are all made
# inside its constructor, so the innermost one under construction is theirs.
_BUILDING: list[str] = []


def _prefix() -> str:
    """The address prefix of the IdempotentApiDestination being built."""
    return _BUILDING[-1] if _BUILDING else ""


def _destinations_given(destinations: str) -> str:
    """Each further destination with every setting present: a setting missing or null takes
    its default, an object pattern becomes JSON text, and each invocation parameter gets its
    value and secret.

    The `destinations` variable is `any` so that a pattern may be an object (patterns of
    different shapes cannot share one map type); its validations have checked each setting,
    so here a setting is only read (with `try`, since an object may leave it out).
    """
    settings = []
    for field in fields(Destination):
        name, default = field.name, getattr(Destination(), field.name)
        if name == "event_pattern":
            value = "try(tostring(d.event_pattern), jsonencode(d.event_pattern), null)"
        elif name == "invocation_parameters":
            value = (
                "try([for p in d.invocation_parameters : {location = p.location, key = p.key, "
                "value = try(p.value, null), secret = try(coalesce(p.secret), false)}], [])"
            )
        elif default is None:
            value = f"try(d.{name}, null)"
        else:
            # coalesce: a null setting is the default, as an absent one is.
            value = f"try(coalesce(d.{name}), {hcl(default)})"
        settings.append(f"{name} = {value}")
    return for_map(destinations, "{" + ", ".join(settings) + "}")


class Context(Construct):
    """Where the pattern is (account, partition, region), and the values every part shares:
    the bus's name, the key, and the per-destination, per-connection and per-rule maps."""

    def __init__(self, scope: Construct, id: str, inputs: Inputs, provider_major_version: int):
        super().__init__(scope, id)
        caller = address(_named(DataAwsCallerIdentity(self, "caller"), "current"))
        partition = address(_named(DataAwsPartition(self, "partition"), "current"))
        region = address(_named(DataAwsRegion(self, "region"), "current"))
        self.account_id = f"{caller}.account_id"
        self.partition = f"{partition}.partition"
        self.dns_suffix = f"{partition}.dns_suffix"
        # Provider 6 renamed the data source's `name` to `region` (`name` is deprecated).
        self.region = f"{region}." + ("region" if provider_major_version >= 6 else "name")
        resolve = inputs.resolve
        # The bus's name, known before the bus exists (the key's policy needs it).
        self.bus_name = _local(
            self,
            "bus_name",
            resolve(
                'var.create_bus ? coalesce(var.event_bus_name, "${var.name_prefix}-bus") '
                ": var.event_bus_name"
            ),
        )
        given = _local(self, "destinations_given", resolve(_destinations_given("var.destinations")))
        # The top-level destination is "main"; further ones keep their names. Each says
        # which connection it uses and which rule it is on (keys of the maps below).
        main = {name: f"var.{name}" for name in DELIVERY_SETTINGS}
        further = {name: f"d.{name}" for name in DELIVERY_SETTINGS}
        self.destinations = _local(
            self,
            "destinations",
            resolve(
                merge(
                    hcl_object(
                        {MAIN: hcl_object(main | {"connection": f'"{MAIN}"', "rule": f'"{MAIN}"'})}
                    ),
                    for_map(
                        given,
                        hcl_object(
                            further
                            | {
                                "connection": "d.connection_name != null ? d.connection_name : "
                                f'(d.authorization_type == null ? "{MAIN}" : k)',
                                "rule": f'd.event_pattern == null ? "{MAIN}" : k',
                            }
                        ),
                    ),
                )
            ),
        )
        # One connection for main, and one for each destination with its own auth.
        main = {name: f"var.{name}" for name in CONNECTION_SETTINGS}
        further = {name: f"d.{name}" for name in CONNECTION_SETTINGS}
        self.connections = _local(
            self,
            "connections",
            resolve(
                merge(
                    hcl_object({MAIN: hcl_object(main)}),
                    for_map(given, hcl_object(further), condition="d.authorization_type != null"),
                )
            ),
        )
        # Names AWS sees: <prefix>-<suffix> for main, <prefix>-<name>-<suffix> for the rest.
        self.stems = _local(
            self,
            "stems",
            resolve(
                f"{{for k in keys({self.destinations}) : k => "
                f'k == "{MAIN}" ? var.name_prefix : "${{var.name_prefix}}-${{k}}"}}'
            ),
        )
        # The main rule's pattern (data or JSON text); an empty one is the seed's:
        # every event from the deploying account.
        pattern = resolve("try(jsondecode(var.event_pattern), var.event_pattern)")
        seed = hcl_object({'"account"': f"[{self.account_id}]"})
        main_rule = f'jsonencode({pattern}) == "{{}}" ? jsonencode({seed}) : jsonencode({pattern})'
        self.rules = _local(
            self,
            "rules",
            resolve(
                merge(
                    hcl_object({MAIN: main_rule}),
                    for_map(given, "d.event_pattern", condition="d.event_pattern != null"),
                )
            ),
        )
        # Each rule's state: the main rule's, and each own rule's (ENABLED unless given).
        self.rule_states = _local(
            self,
            "rule_states",
            resolve(
                merge(
                    hcl_object({MAIN: "var.rule_state"}),
                    for_map(
                        given,
                        'coalesce(d.rule_state, "ENABLED")',
                        condition="d.event_pattern != null",
                    ),
                )
            ),
        )
        # The header each connection sets itself: the API key's, or Authorization.
        self.auth_headers = _local(
            self,
            "auth_headers",
            for_map(
                self.connections,
                'contains(["API_KEY", "NONE"], c.authorization_type) ? '
                f'coalesce(c.api_key_name, "{NO_AUTH_KEY}") : "{AUTHORIZATION_HEADER}"',
                item="c",
            ),
        )
        # Each connection's secret: the main one's by its auth type, the others' by name.
        by_type = {kind: f"var.{name}" for kind, name in SECRETS.items()} | {
            "NONE": f'"{NO_AUTH_KEY}"'
        }
        self.secrets = _local(
            self,
            "connection_secrets",
            resolve(
                merge(
                    f"var.{DESTINATION_SECRETS}",
                    hcl_object(
                        {MAIN: f"lookup({hcl_object(by_type)}, var.authorization_type, null)"}
                    ),
                )
            ),
        )
        self.create_alarm_topic = _local(
            self,
            "create_alarm_topic",
            resolve("var.create_alarms && var.create_alarm_topic && var.alarm_topic_arn == null"),
        )
        self.logging: str | None = None
        if provider_major_version >= 6:
            self.logging = _local(
                self, "logging", resolve('var.create_bus && var.bus_log_level != "OFF"')
            )

    def arn(self, service: str, resource: str) -> str:
        """An ARN in this account and region, for policies written before the resource exists."""
        partition, region = interpolated(self.partition), interpolated(self.region)
        return ":".join(
            ["arn", partition, service, region, interpolated(self.account_id), resource]
        )

    def rule_arns(self) -> str:
        """HCL: the rules' ARNs, from their names (a rule on `default` has no bus in its ARN)."""
        bus = f'{self.bus_name} == "default" ? "" : "${{{self.bus_name}}}/"'
        arn = self.arn(
            "events", "rule/" + interpolated(bus) + interpolated(f"{self.stems}[k]") + "-rule"
        )
        return f'[for k in keys({self.rules}) : "{arn}"]'

    def log_group_name(self) -> str:
        return "/aws/vendedlogs/events/event-bus/" + interpolated(self.bus_name)


class Key(Construct):
    """A customer managed key for the bus, the connections, the queue, the topic and the logs.

    Its policy cannot name the bus or the rules by reference (they name the key),
    so it names them by their ARNs, which follow from their names.
    """

    def __init__(self, scope: Construct, id: str, inputs: Inputs, context: Context):
        super().__init__(scope, id)
        resolve = inputs.resolve
        account = {"aws:SourceAccount": Expr(context.account_id)}
        bus_arn = context.arn("events", "event-bus/" + interpolated(context.bus_name))
        statements: list[object] = [
            {
                # The account's IAM policies decide who else may use the key,
                # EventBridge's service-linked role (for the connection) among them.
                "Sid": "AccountAdministersTheKey",
                "Effect": "Allow",
                "Principal": {
                    "AWS": ":".join(
                        [
                            "arn",
                            interpolated(context.partition),
                            "iam",
                            "",
                            interpolated(context.account_id),
                            "root",
                        ]
                    )
                },
                "Action": "kms:*",
                "Resource": "*",
            },
            {
                "Sid": "EventBridgeDescribesTheKey",
                "Effect": "Allow",
                "Principal": {"Service": EVENTS_PRINCIPAL},
                "Action": "kms:DescribeKey",
                "Resource": "*",
                "Condition": {"StringEquals": account},
            },
            when(
                resolve("var.create_bus"),
                {
                    # User guide: encrypting event buses and archives with KMS keys.
                    "Sid": "EventBridgeEncryptsTheBus",
                    "Effect": "Allow",
                    "Principal": {"Service": EVENTS_PRINCIPAL},
                    "Action": [
                        "kms:GenerateDataKey",
                        "kms:Decrypt",
                        "kms:ReEncryptFrom",
                        "kms:ReEncryptTo",
                    ],
                    "Resource": "*",
                    "Condition": {
                        "StringEquals": account
                        | {"kms:EncryptionContext:aws:events:event-bus:arn": bus_arn}
                    },
                },
            ),
            {
                # User guide: dead-letter queues encrypted with a customer key.
                "Sid": "EventBridgeWritesDeadLetters",
                "Effect": "Allow",
                "Principal": {"Service": EVENTS_PRINCIPAL},
                "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
                "Resource": "*",
                "Condition": {
                    "ArnEquals": {
                        "aws:SourceArn": Expr(
                            f"concat({context.rule_arns()}, "
                            + resolve(f"var.create_bus ? [{hcl(bus_arn)}] : [])")
                        )
                    }
                },
            },
            {
                # SNS developer guide: encrypted topics and AWS services that publish.
                "Sid": "CloudWatchPublishesThisPatternsAlarms",
                "Effect": "Allow",
                "Principal": {"Service": "cloudwatch.amazonaws.com"},
                "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
                "Resource": "*",
                "Condition": {
                    "ArnLike": {
                        "aws:SourceArn": context.arn(
                            "cloudwatch", resolve("alarm:${var.name_prefix}-*")
                        )
                    }
                },
            },
        ]
        if context.logging is not None:
            log_group = context.arn("logs", f"log-group:{context.log_group_name()}")
            statements.append(
                when(
                    context.logging,
                    {
                        # CloudWatch Logs user guide: encrypt log data with KMS.
                        "Sid": "LogsEncryptsTheBusLogs",
                        "Effect": "Allow",
                        "Principal": {
                            "Service": "logs." + interpolated(context.region) + ".amazonaws.com"
                        },
                        "Action": [
                            "kms:Encrypt",
                            "kms:Decrypt",
                            "kms:ReEncryptFrom",
                            "kms:ReEncryptTo",
                            "kms:GenerateDataKey",
                            "kms:DescribeKey",
                        ],
                        "Resource": "*",
                        "Condition": {
                            "ArnEquals": {"kms:EncryptionContext:aws:logs:arn": log_group}
                        },
                    },
                )
            )
        on = _as_number(resolve("var.create_kms_key ? 1 : 0"))
        self.key = _named(
            KmsKey(
                self,
                "key",
                count=on,
                description=resolve(
                    "Encrypts the bus, connection secrets, dead letters and logs of "
                    "${var.name_prefix}"
                ),
                enable_key_rotation=True,
                deletion_window_in_days=30,
                policy=policy(*statements),
                tags=_as_string_map(resolve(f"merge(var.tags, {hcl(CONNECTION_KEY_TAG)})")),
            ),
            "this",
        )
        _named(
            KmsAlias(
                self,
                "alias",
                count=on,
                name=inputs.resolve("alias/${var.name_prefix}"),
                target_key_id=interpolated(f"{address(self.key)}[0].key_id"),
            ),
            "this",
        )
        # The key the rest uses: the created one, the given one, or none (AWS owned keys).
        self.created_arn = f"{address(self.key)}[0].arn"
        self.arn = _local(
            self, "key_arn", resolve(f"var.create_kms_key ? {self.created_arn} : var.kms_key_arn")
        )


class DeadLetters(Construct):
    """The queue failed events wait in, and the policy that lets only this pattern's rules
    and bus write to it. Without the policy EventBridge cannot write, and failed events
    are dropped (metric InvocationsFailedToBeSentToDlq).

    With `dlq_arn`, an existing queue takes their place; its policy is the caller's.
    """

    def __init__(self, scope: Construct, id: str, inputs: Inputs, context: Context, key: Key):
        super().__init__(scope, id)
        self.inputs = inputs
        resolve = inputs.resolve
        self.created = created = resolve("var.dlq_arn == null")
        self.queue = _named(
            SqsQueue(
                self,
                "queue",
                count=_as_number(f"{created} ? 1 : 0"),
                name=inputs.resolve("${var.name_prefix}-dlq"),
                message_retention_seconds=_as_number(resolve("var.dlq_message_retention_seconds")),
                # SSE-SQS unless a customer key is given (the two exclude each other).
                kms_master_key_id=interpolated(key.arn),
                sqs_managed_sse_enabled=_as_any(f"{key.arn} == null ? true : null"),
                tags=_as_string_map(resolve("var.tags")),
            ),
            "dlq",
        )
        # What the rest refers to: the created queue, or the given one by the parts of its
        # ARN (arn:<partition>:sqs:<region>:<account>:<name>).
        given = resolve('split(":", coalesce(var.dlq_arn, "::::::"))')
        queue = f"{address(self.queue)}[0]"
        self.arn = _local(self, "dlq_arn", resolve(f"{created} ? {queue}.arn : var.dlq_arn"))
        self.name = _local(self, "dlq_name", f"{created} ? {queue}.name : {given}[5]")
        self.url = _local(
            self,
            "dlq_url",
            f"{created} ? {queue}.url : "
            f'"https://sqs.${{{given}[3]}}.${{{context.dns_suffix}}}/'
            f'${{{given}[4]}}/${{{given}[5]}}"',
        )

    def allow_writes(self, bus: Bus, delivery: Delivery) -> None:
        """The queue's policy: every rule's targets, and a created bus for what it cannot
        decrypt, may write to it. Called once the bus and the rules exist."""
        queue = f"{address(self.queue)}[0]"
        sources = self.inputs.resolve(
            f"concat([for r in {address(delivery.rules)} : r.arn], "
            f"var.create_bus ? [{bus.created_arn}] : [])"
        )
        self.policy = _named(
            SqsQueuePolicy(
                self,
                "policy",
                count=_as_number(f"{self.created} ? 1 : 0"),
                queue_url=interpolated(f"{queue}.url"),
                policy=policy(
                    {
                        "Sid": "EventBridgeDeadLetters",
                        "Effect": "Allow",
                        "Principal": {"Service": EVENTS_PRINCIPAL},
                        "Action": "sqs:SendMessage",
                        "Resource": Expr(f"{queue}.arn"),
                        "Condition": {"ArnEquals": {"aws:SourceArn": Expr(sources)}},
                    }
                ),
            ),
            "dlq",
        )


class Bus(Construct):
    """The event bus, when the pattern creates it; its dead letters go to the queue."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        inputs: Inputs,
        context: Context,
        key: Key,
        dead_letters: DeadLetters,
    ):
        super().__init__(scope, id)
        resolve = inputs.resolve
        self.bus = _named(
            CloudwatchEventBus(
                self,
                "bus",
                count=_as_number(resolve("var.create_bus ? 1 : 0")),
                name=interpolated(context.bus_name),
                kms_key_identifier=interpolated(key.arn),
                # Events the bus cannot encrypt or decrypt (a disabled customer key)
                # go here instead of being dropped (user guide, DLQs for encrypted events).
                dead_letter_config=CloudwatchEventBusDeadLetterConfig(
                    arn=interpolated(dead_letters.arn)
                ),
                tags=_as_string_map(resolve("var.tags")),
            ),
            "this",
        )
        if context.logging is not None:
            self.bus.add_override(
                "dynamic.log_config",
                {
                    "for_each": interpolated(f"{context.logging} ? [1] : []"),
                    "content": {
                        "level": inputs.interpolation("var.bus_log_level"),
                        "include_detail": inputs.interpolation("var.bus_log_include_detail"),
                    },
                },
            )
        # How the rest refers to the bus: through the resource when it is created,
        # so Terraform creates the bus first.
        created = f"{address(self.bus)}[0]"
        self.created_arn = f"{created}.arn"
        self.name = _local(
            self, "bus", resolve(f"var.create_bus ? {created}.name : {context.bus_name}")
        )
        existing = context.arn("events", "event-bus/" + interpolated(context.bus_name))
        self.arn = _local(
            self, "bus_arn", resolve(f"var.create_bus ? {created}.arn : {hcl(existing)}")
        )


def _invocation_key(parameter: str) -> str:
    """HCL: the key of an invocation parameter's secret: its key for the main connection,
    <destination>/<key> for a destination's own."""
    return f'each.key == "{MAIN}" ? {parameter}.key : "${{each.key}}/${{{parameter}.key}}"'


class Connections(Construct):
    """One connection per entry of `local.connections`: the main one, and one for each
    destination with an authorization_type of its own. The auth blocks are dynamic on
    the type. Secrets come from sensitive variables and are checked by preconditions,
    whose failures Terraform reports without showing any value (a validation block
    would print a value the caller passed without sensitive())."""

    def __init__(self, scope: Construct, id: str, inputs: Inputs, context: Context, key: Key):
        super().__init__(scope, id)
        resolve = inputs.resolve
        c, secret = f"{context.connections}[each.key]", f"lookup({context.secrets}, each.key, null)"
        stem = interpolated(f"{context.stems}[each.key]")  # its name's stem, in a template
        names = _local(self, "connection_names", f"toset(keys({context.connections}))")
        invocation_secrets = resolve(f"var.{INVOCATION_SECRETS}")
        checks = [
            (
                f'{c}.{name} != null || {c}.authorization_type != "{kind}"',
                f"Invalid connection {EACH_KEY}: {name} is required with "
                f"authorization_type = {kind}.",
            )
            for kind, names in REQUIRED_AUTH_SETTINGS.items()
            for name in names
        ]
        for name in ALL_AUTH_SETTINGS:
            kinds = [kind for kind, names in AUTH_SETTINGS.items() if name in names]
            checks.append(
                (
                    f"{c}.{name} == null || contains({hcl(kinds)}, {c}.authorization_type)",
                    f"Invalid connection {EACH_KEY}: {name} is only used with "
                    f"authorization_type = {' or '.join(kinds)}; remove it or change "
                    "authorization_type.",
                )
            )
        # The secrets' own rules (API reference, as for the plain values), checked here
        # because a precondition's failure shows no value.
        value = f'lookup({invocation_secrets}, {_invocation_key("p")}, "")'
        checks += [
            (
                f'{c}.authorization_type == "NONE" || ({secret} == null ? false : '
                f"try({limits.AUTH_VALUE.condition(secret)}, false))",
                f"Invalid connection {EACH_KEY}: its secret is required, "
                f"{limits.AUTH_VALUE.allowed} ({limits.AUTH_VALUE.source}): "
                + ", ".join(f"{name} for {kind}" for kind, name in SECRETS.items())
                + f" (main); {DESTINATION_SECRETS}[<name>] for a destination's own.",
            ),
            (
                f"alltrue([for p in {c}.invocation_parameters : !p.secret || try("
                f'p.location == "header" ? ({limits.HEADER_VALUE.condition(value)}) : '
                f"(length({value}) >= 1 && {limits.PARAMETER_VALUE.condition(value)}), false)])",
                f"Invalid connection {EACH_KEY}: every invocation parameter with secret = "
                f"true needs a value in {INVOCATION_SECRETS}, keyed by its key (main) or by "
                f"<destination>/<key>: for a header {limits.HEADER_VALUE.allowed}, else "
                "1-512 characters without control characters (API reference: "
                "ConnectionHttpParameters).",
            ),
        ]
        self.connections = _named(
            CloudwatchEventConnection(
                self,
                "connection",
                name=stem + "-connection",
                description=f"Auth for the {stem} API destination",
                # NONE is the seed's dummy API key: EventBridge requires credentials.
                authorization_type=interpolated(
                    f'{c}.authorization_type == "NONE" ? "API_KEY" : {c}.authorization_type'
                ),
                auth_parameters=CloudwatchEventConnectionAuthParameters(),
                kms_key_identifier=interpolated(key.arn),
            ),
            "this",
            for_each=names,
            checks=checks,
        )

        def each_entry(location: str, entries: str, value: str, secret: str | None = None):
            content = {"key": interpolated(f"{location}.key"), "value": interpolated(value)}
            if secret is not None:
                content["is_value_secret"] = interpolated(secret)
            return {"for_each": interpolated(entries), "content": content}

        oauth = {
            location: each_entry(
                location,
                f"{c}.oauth_{name}_parameters == null ? {{}} : {c}.oauth_{name}_parameters",
                f"{location}.value",
            )
            for location, name in (
                ("body", "body"),
                ("header", "header"),
                ("query_string", "query"),
            )
        }
        invocation = {
            location: each_entry(
                f"{location}.value",
                f'[for p in {c}.invocation_parameters : p if p.location == "{location}"]',
                f"{location}.value.secret ? lookup({invocation_secrets}, "
                f"{_invocation_key(location + '.value')}, null) : {location}.value.value",
                secret=f"{location}.value.secret",
            )
            for location in ("header", "query_string", "body")
        }
        self.connections.add_override(
            "auth_parameters",
            {
                "dynamic": {
                    "api_key": {
                        "for_each": interpolated(
                            f'contains(["API_KEY", "NONE"], {c}.authorization_type) ? [1] : []'
                        ),
                        "content": {
                            "key": interpolated(f"{context.auth_headers}[each.key]"),
                            "value": interpolated(
                                f'{c}.authorization_type == "NONE" ? "{NO_AUTH_KEY}" : {secret}'
                            ),
                        },
                    },
                    "basic": {
                        "for_each": interpolated(f'{c}.authorization_type == "BASIC" ? [1] : []'),
                        "content": {
                            "username": interpolated(f"{c}.basic_username"),
                            "password": interpolated(secret),
                        },
                    },
                    "oauth": {
                        "for_each": interpolated(
                            f'{c}.authorization_type == "OAUTH_CLIENT_CREDENTIALS" ? [1] : []'
                        ),
                        "content": {
                            "authorization_endpoint": interpolated(
                                f"{c}.oauth_authorization_endpoint"
                            ),
                            "http_method": interpolated(f'coalesce({c}.oauth_http_method, "POST")'),
                            "client_parameters": {
                                "client_id": interpolated(f"{c}.oauth_client_id"),
                                "client_secret": interpolated(secret),
                            },
                            "oauth_http_parameters": {"dynamic": oauth},
                        },
                    },
                    "invocation_http_parameters": {
                        "for_each": interpolated(
                            f"length({c}.invocation_parameters) > 0 ? [1] : []"
                        ),
                        "content": {"dynamic": invocation},
                    },
                }
            },
        )


class Delivery(Construct):
    """Per rule: the rule, on the bus. Per destination: the API destination, the role that
    may invoke only it, and the target that sends matching events there with the
    idempotency header, the retry policy and the dead-letter queue."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        inputs: Inputs,
        context: Context,
        bus: Bus,
        connections: Connections,
        dead_letters: DeadLetters,
    ):
        super().__init__(scope, id)
        resolve = inputs.resolve
        # Repeated over the destinations' names, not their settings: Terraform evaluates
        # a resource's for_each again for each instance, so a map of N large objects
        # would cost N x N; each instance reads its own settings by name.
        names = _local(self, "destination_names", f"toset(keys({context.destinations}))")
        d, stem = f"{context.destinations}[each.key]", f"{context.stems}[each.key]"
        self.rules = _named(
            CloudwatchEventRule(
                self,
                "rule",
                name=interpolated(stem) + "-rule",
                description=f"Sends matching events on {interpolated(context.bus_name)} to "
                + interpolated(f'each.key == "{MAIN}" ? "the API destination" : each.key'),
                event_bus_name=interpolated(bus.name),
                event_pattern="${each.value}",
                state=interpolated(f"{context.rule_states}[each.key]"),
                tags=_as_string_map(resolve("var.tags")),
            ),
            "this",
            for_each=context.rules,
        )
        # Each instance below reads another resource's instances through a local built
        # once: an instance that names `resource.this[key]` makes Terraform read every
        # instance of that resource, so N destinations would cost N x N reads.
        self.rules_created = _local(
            self,
            "rules_created",
            for_map(address(self.rules), hcl_object({"name": "r.name", "arn": "r.arn"}), item="r"),
        )
        connection_arns = _local(
            self,
            "connection_arns",
            for_map(address(connections.connections), "c.arn", item="c"),
        )
        self.destinations = _named(
            CloudwatchEventApiDestination(
                self,
                "api_destination",
                name=interpolated(stem) + "-api-destination",
                description="Receiving API of " + interpolated(stem),
                connection_arn=interpolated(f"{connection_arns}[{d}.connection]"),
                invocation_endpoint=interpolated(f"{d}.endpoint"),
                http_method=interpolated(f"{d}.http_method"),
                invocation_rate_limit_per_second=_as_number(
                    f"{d}.invocation_rate_limit_per_second"
                ),
            ),
            "this",
            for_each=names,
        )
        rule = f"{self.rules_created}[{d}.rule]"
        api_destination_arns = _local(
            self,
            "api_destination_arns",
            for_map(address(self.destinations), "a.arn", item="a"),
        )
        role_name = interpolated(stem) + DESTINATION_ROLE_SUFFIX
        self.roles = _named(
            IamRole(
                self,
                "role",
                name=role_name,
                path=inputs.interpolation("var.role_path"),
                permissions_boundary=inputs.interpolation("var.role_permissions_boundary"),
                description="Assumed by EventBridge to call the "
                + interpolated(stem)
                + " API destination",
                assume_role_policy=policy(
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": EVENTS_PRINCIPAL},
                        "Action": "sts:AssumeRole",
                        "Condition": {
                            "StringEquals": {"aws:SourceAccount": Expr(context.account_id)},
                            "ArnEquals": {"aws:SourceArn": Expr(f"{rule}.arn")},
                        },
                    }
                ),
                tags=_as_string_map(resolve("var.tags")),
            ),
            "invoke",
            for_each=names,
            checks=[
                (
                    f'length("{role_name}") <= {MAX_NAME_LENGTH}',
                    f"Invalid name_prefix: the role {role_name} would be longer than "
                    f"{MAX_NAME_LENGTH} characters; shorten name_prefix or the destination's "
                    "name.",
                )
            ],
        )
        roles_created = _local(
            self,
            "roles_created",
            for_map(address(self.roles), hcl_object({"id": "r.id", "arn": "r.arn"}), item="r"),
        )
        _named(
            IamRolePolicy(
                self,
                "role_policy",
                name="invoke-api-destination",
                role=interpolated(f"{roles_created}[each.key].id"),
                policy=policy(
                    {
                        "Effect": "Allow",
                        "Action": "events:InvokeApiDestination",
                        "Resource": Expr(f"{api_destination_arns}[each.key]"),
                    }
                ),
            ),
            "invoke",
            for_each=names,
        )
        key = f"lower({d}.idempotency_header_name)"
        connection = f"{context.connections}[{d}.connection]"
        self.targets = _named(
            CloudwatchEventTarget(
                self,
                "target",
                rule=interpolated(f"{rule}.name"),
                event_bus_name=interpolated(bus.name),
                target_id=interpolated(
                    f'each.key == "{MAIN}" ? "api-destination" : "api-destination-${{each.key}}"'
                ),
                arn=interpolated(f"{api_destination_arns}[each.key]"),
                role_arn=interpolated(f"{roles_created}[each.key].arn"),
                http_target=CloudwatchEventTargetHttpTarget(
                    header_parameters=_as_string_map(
                        merge(
                            f"{d}.header_parameters",
                            hcl_object(
                                {f"({d}.idempotency_header_name)": f"{d}.idempotency_key_path"}
                            ),
                        )
                    ),
                    # None given: unset, as before these settings existed.
                    path_parameter_values=_as_list(
                        f"length({d}.path_parameter_values) > 0 ? {d}.path_parameter_values : null"
                    ),
                    query_string_parameters=_as_string_map(
                        f"length({d}.query_string_parameters) > 0 ? "
                        f"{d}.query_string_parameters : null"
                    ),
                ),
                retry_policy=CloudwatchEventTargetRetryPolicy(
                    maximum_retry_attempts=_as_number(f"{d}.maximum_retry_attempts"),
                    maximum_event_age_in_seconds=_as_number(f"{d}.maximum_event_age_in_seconds"),
                ),
                dead_letter_config=CloudwatchEventTargetDeadLetterConfig(
                    arn=interpolated(dead_letters.arn)
                ),
            ),
            "this",
            for_each=names,
            checks=[
                (
                    f"lower({context.auth_headers}[{d}.connection]) != {key}",
                    f"Invalid idempotency_header_name of {EACH_KEY}: {KEY_SHADOWS_HEADER}.",
                ),
                (
                    f"!contains([for h in keys({d}.header_parameters) : lower(h)], {key})",
                    f"Invalid header_parameters of {EACH_KEY}: {HEADER_IS_THE_KEY}.",
                ),
                (
                    f"!contains([for p in {connection}.invocation_parameters : lower(p.key) "
                    f'if p.location == "header"], {key})',
                    f"Invalid idempotency_header_name of {EACH_KEY}: {PARAMETER_IS_THE_KEY}.",
                ),
                (
                    f"length({d}.input_paths) == 0 || {d}.input_template != null",
                    "Invalid input_paths of ${each.key}: they need input_template, which "
                    "uses them.",
                ),
            ],
        )
        self.targets.add_override(
            "dynamic.input_transformer",
            {
                "for_each": interpolated(f"{d}.input_template == null ? [] : [1]"),
                "content": {
                    "input_paths": interpolated(f"{d}.input_paths"),
                    "input_template": interpolated(f"{d}.input_template"),
                },
            },
        )


class Alarms(Construct):
    """Alarms on every way an event can be lost, and the topic they notify.

    Metric names and dimensions: EventBridge user guide, monitoring (a rule on a
    custom bus reports with EventBusName and RuleName, one on the default bus with
    RuleName alone); SQS developer guide (the queue's depth by QueueName).
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        inputs: Inputs,
        context: Context,
        key: Key,
        bus: Bus,
        delivery: Delivery,
        dead_letters: DeadLetters,
    ):
        super().__init__(scope, id)
        resolve, topic = inputs.resolve, context.create_alarm_topic
        # Under the created key, whose policy lets CloudWatch publish. Otherwise
        # not KMS-encrypted: CloudWatch cannot publish to a topic under the
        # AWS-managed aws/sns key (nor under a key of the user's that does not
        # allow it), and alarms carry no event data.
        self.topic = _named(
            SnsTopic(
                self,
                "topic",
                count=_as_number(f"{topic} ? 1 : 0"),
                name=inputs.resolve("${var.name_prefix}-alarms"),
                kms_master_key_id=inputs.interpolation(
                    f"var.create_kms_key ? {key.created_arn} : null"
                ),
                tags=_as_string_map(resolve("var.tags")),
            ),
            "alarms",
        )
        _named(
            SnsTopicSubscription(
                self,
                "email",
                count=_as_number(resolve(f"{topic} ? length(var.alarm_emails) : 0")),
                topic_arn=interpolated(f"{address(self.topic)}[0].arn"),
                protocol="email",
                endpoint=inputs.interpolation("var.alarm_emails[count.index]"),
            ),
            "alarm_email",
        )
        actions = _local(
            self,
            "alarm_actions",
            resolve(
                f"concat(var.alarm_actions, {topic} ? [{address(self.topic)}[0].arn] : [], "
                "var.alarm_topic_arn == null ? [] : [var.alarm_topic_arn])"
            ),
        )
        common: dict[str, object] = {
            "period": _as_number(resolve("var.alarm_period")),
            "evaluation_periods": _as_number(resolve("var.alarm_evaluation_periods")),
            "comparison_operator": "GreaterThanThreshold",
            # The Events metrics are only sent when they are not zero.
            "treat_missing_data": "notBreaching",
            "alarm_actions": _as_list(actions),
            "ok_actions": _as_list(actions),
            "tags": _as_string_map(resolve("var.tags")),
        }
        self.alarms = [
            _named(
                CloudwatchMetricAlarm(
                    self,
                    "dlq_not_empty",
                    count=_as_number(resolve("var.create_alarms ? 1 : 0")),
                    alarm_name=inputs.resolve("${var.name_prefix}-dlq-not-empty"),
                    alarm_description="Events EventBridge could not deliver wait in the "
                    "dead-letter queue. See the README: when an alarm fires.",
                    namespace="AWS/SQS",
                    metric_name="ApproximateNumberOfMessagesVisible",
                    dimensions={"QueueName": interpolated(dead_letters.name)},
                    statistic="Maximum",
                    threshold=_as_number(resolve("var.alarm_dlq_threshold")),
                    **common,  # type: ignore[arg-type]
                ),
                "dlq_not_empty",
            )
        ]
        # A rule on the default bus reports with RuleName alone; on any other bus, with
        # EventBusName and RuleName (user guide, monitoring: "Metrics that specify only the
        # RuleName dimension refer to the default event bus"). An alarm with the other set
        # would watch a metric that never exists.
        rule_name = f"{delivery.rules_created}[each.key].name"
        stem = interpolated(f"{context.stems}[each.key]")  # its name's stem, in a template
        on_default = hcl_object({"RuleName": rule_name})
        on_its_bus = hcl_object({"EventBusName": bus.name, "RuleName": rule_name})
        dimensions = _as_string_map(f'{bus.name} == "default" ? {on_default} : {on_its_bus}')
        for name, metric, description, threshold in (
            (
                "failed_invocations",
                "FailedInvocations",
                "Deliveries to the API destination failed for good.",
                _as_number(resolve("var.alarm_failed_invocations_threshold")),
            ),
            (
                "dlq_delivery_failures",
                "InvocationsFailedToBeSentToDlq",
                "Failed events could not be written to the dead-letter queue: they are lost.",
                0,  # every lost event
            ),
        ):
            self.alarms.append(
                _named(
                    CloudwatchMetricAlarm(
                        self,
                        name,
                        alarm_name=stem + "-" + name.replace("_", "-"),
                        alarm_description=description,
                        namespace="AWS/Events",
                        metric_name=metric,
                        dimensions=dimensions,
                        statistic="Sum",
                        threshold=threshold,
                        **common,  # type: ignore[arg-type]
                    ),
                    name,
                    for_each=resolve(f"var.create_alarms ? {context.rules} : {{}}"),
                )
            )


class Archive(Construct):
    """An optional archive of the bus's events, for replay."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        inputs: Inputs,
        context: Context,
        key: Key,
        bus: Bus,
        provider_major_version: int,
    ):
        super().__init__(scope, id)
        resolve = inputs.resolve
        pattern = resolve("try(jsondecode(var.archive_event_pattern), var.archive_event_pattern)")
        self.archive = _named(
            CloudwatchEventArchive(
                self,
                "archive",
                count=_as_number(resolve("var.create_archive ? 1 : 0")),
                name=inputs.resolve("${var.name_prefix}-archive"),
                description=f"Events on {interpolated(context.bus_name)}, for replay",
                event_source_arn=interpolated(bus.arn),
                retention_days=_as_number(resolve("var.archive_retention_days")),
                # The archive's own key exists from provider 6 on; AWS recommends it
                # whenever the bus has a customer key (API reference: CreateArchive).
                kms_key_identifier=(interpolated(key.arn) if provider_major_version >= 6 else None),
                event_pattern=interpolated(
                    f'jsonencode({pattern}) == "{{}}" ? null : jsonencode({pattern})'
                ),
            ),
            "this",
        )


class BusLogs(Construct):
    """Bus logs delivered to a CloudWatch log group (AWS provider 6 only)."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        inputs: Inputs,
        context: Context,
        key: Key,
        bus: Bus,
        logging: str,
    ):
        super().__init__(scope, id)
        resolve = inputs.resolve
        on = _as_number(f"{logging} ? 1 : 0")
        group = _named(
            CloudwatchLogGroup(
                self,
                "group",
                count=on,
                name=context.log_group_name(),
                retention_in_days=_as_number(resolve("var.bus_log_retention_days")),
                kms_key_id=interpolated(key.arn),
                tags=_as_string_map(resolve("var.tags")),
            ),
            "bus",
            checks=[
                (
                    f'{key.arn} == null || can(regex(":key/", {key.arn}))',
                    "Invalid kms_key_arn: CloudWatch Logs takes a key ARN, not an alias, "
                    "for the bus's log group.",
                )
            ],
        )
        destination = _named(
            CloudwatchLogDeliveryDestination(
                self,
                "destination",
                count=on,
                name=inputs.resolve("${var.name_prefix}-bus-logs"),
                delivery_destination_configuration=[
                    CloudwatchLogDeliveryDestinationDeliveryDestinationConfiguration(
                        destination_resource_arn=interpolated(f"{address(group)}[0].arn")
                    )
                ],
                tags=_as_string_map(resolve("var.tags")),
            ),
            "bus",
        )
        previous: list[str] = []
        for level, levels in LOG_LEVELS.items():
            count = _as_number(
                resolve(f"{logging} && contains({hcl(levels)}, var.bus_log_level) ? 1 : 0")
            )
            source = _named(
                CloudwatchLogDeliverySource(
                    self,
                    f"source_{level}",
                    count=count,
                    name=inputs.resolve(interpolated("var.name_prefix") + f"-bus-{level}-logs"),
                    log_type=f"{level.upper()}_LOGS",
                    resource_arn=interpolated(bus.created_arn),
                    tags=_as_string_map(resolve("var.tags")),
                ),
                f"bus_{level}",
            )
            # One delivery at a time: the logs API refuses concurrent changes.
            delivery = _named(
                CloudwatchLogDelivery(
                    self,
                    f"delivery_{level}",
                    count=count,
                    delivery_source_name=interpolated(f"{address(source)}[0].name"),
                    delivery_destination_arn=interpolated(f"{address(destination)}[0].arn"),
                    tags=_as_string_map(resolve("var.tags")),
                ),
                f"bus_{level}",
            )
            if previous:
                delivery.add_override("depends_on", previous)
            previous = [address(delivery)]


# The id of the instance the stacks make; it keeps the addresses the pattern has always had.
DEFAULT_ID = "pattern"
# The secrets, which come only as tokens (a sensitive variable's value), never as text.
SECRET_INPUTS = (*SECRETS.values(), INVOCATION_SECRETS, DESTINATION_SECRETS)
_MAP_SECRETS = (INVOCATION_SECRETS, DESTINATION_SECRETS)


class IdempotentApiDestination(Construct):
    """Events on a bus, sent to HTTP APIs with an idempotency key; see the module docstring.

    `config` is the PatternConfig a TOML file fills; each setting is a plain value, a
    cdktf token (a variable's value, another resource's attribute) or a
    TerraformVariable. The stacks pass their variables, so one synthesized module
    serves every shape; a stack of your own may pass values, checked here as the TOML
    file's are. `secrets` gives the
    secret inputs (SECRET_INPUTS) by name, as tokens only: a secret given as text would
    be written into the synthesized JSON.

    The instance with the id "pattern" has the addresses the stacks have always had
    (`aws_cloudwatch_event_rule.this["main"]`); any other id prefixes every address and
    local with it (`orders_this`), so several instances fit in one stack, each with a
    name_prefix of its own.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        config: PatternConfig,
        *,
        secrets: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(scope, id)
        self.address_prefix = "" if id == DEFAULT_ID else re.sub(r"\W", "_", id) + "_"
        provider_major_version = config.provider_major_version
        if _is_token(provider_major_version):
            raise ValueError("provider_major_version: a plain 5 or 6, decided at synth time")
        settings = {
            f.name: getattr(config, f.name)
            for f in fields(PatternConfig)
            if f.metadata["terraform"] and f.metadata["provider"] <= provider_major_version
        }
        if not any(_is_token(v) for v in settings.values()):
            validate(config)  # plain values: the TOML file's checks, with its messages
        secrets = dict(secrets or {})
        unknown = sorted(set(secrets) - set(SECRET_INPUTS))
        if unknown:
            raise ValueError(
                f"secrets: unknown {', '.join(unknown)}; known: {', '.join(SECRET_INPUTS)}"
            )
        for name, value in secrets.items():
            if value is not None and not _is_token(value):
                raise ValueError(
                    f"secrets.{name}: give a sensitive variable's value (a token), not text, "
                    "which would be written into the synthesized JSON"
                )
        values = settings | {name: secrets.get(name) for name in SECRET_INPUTS}
        references = _references({n: v for n, v in values.items() if _is_token(v)}, self)
        inputs = {
            name: references.get(name)
            or (user_value(value, self) if value is not None or name not in _MAP_SECRETS else "{}")
            for name, value in values.items()
        }
        _BUILDING.append(self.address_prefix)
        try:
            self._build(Inputs(inputs), provider_major_version)
        finally:
            _BUILDING.pop()

    def _build(self, given: Inputs, provider_major_version: int) -> None:
        context = self.context = Context(self, "context", given, provider_major_version)
        key = self.key = Key(self, "key", given, context)
        dead_letters = self.dead_letters = DeadLetters(self, "dead_letters", given, context, key)
        bus = self.bus = Bus(self, "bus", given, context, key, dead_letters)
        connections = self.connections = Connections(self, "connections", given, context, key)
        self.delivery = Delivery(self, "delivery", given, context, bus, connections, dead_letters)
        dead_letters.allow_writes(bus, self.delivery)
        self.alarms = Alarms(self, "alarms", given, context, key, bus, self.delivery, dead_letters)
        self.archive = Archive(self, "archive", given, context, key, bus, provider_major_version)
        if context.logging is not None:
            BusLogs(self, "logs", given, context, key, bus, context.logging)
