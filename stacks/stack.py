"""The deployable stack: provider, Terraform variables, the pattern, outputs."""

from __future__ import annotations

from dataclasses import fields

from cdktf import (
    LocalBackend,
    S3Backend,
    TerraformOutput,
    TerraformStack,
    TerraformVariable,
    TerraformVariableValidationConfig,
)
from cdktf_cdktf_provider_aws.provider import AwsProvider, AwsProviderDefaultTags
from constructs import Construct

from stacks import limits
from stacks.config import RULES, PatternConfig
from stacks.construct import IdempotentApiDestination, PlanTimeValues

# Admits the offline 5.x provider and the 6.x line the bindings were generated
# from; the stack uses only arguments that exist in both.
AWS_PROVIDER_VERSION = ">= 5.100.0, < 7.0.0"

# Settings a Terraform caller may change at plan time, and their Terraform type.
# Each becomes a variable whose default is the config's value and whose
# validation applies the same rule as the config check.
PLAN_TIME_SETTINGS = {
    "endpoint": "string",
    "http_method": "string",
    "invocation_rate_limit_per_second": "number",
    "maximum_retry_attempts": "number",
    "maximum_event_age_in_seconds": "number",
}

SECRET_VARIABLE = "connection_api_key_value"


def _validation(name: str, rule: limits.Rule) -> TerraformVariableValidationConfig:
    return TerraformVariableValidationConfig(
        condition="${" + rule.condition(f"var.{name}") + "}",
        error_message=f"Invalid {name}: must be {rule.allowed} ({rule.source}).",
    )


class ApiDestinationStack(TerraformStack):
    """One bus, one rule, one API destination with an idempotency key; see README.md."""

    def __init__(self, scope: Construct, id: str, config: PatternConfig) -> None:
        super().__init__(scope, id)
        self.provider = AwsProvider(
            self,
            "aws",
            region=config.region,
            default_tags=[AwsProviderDefaultTags(tags=dict(config.tags))] if config.tags else None,
        )
        self.add_override("terraform.required_providers.aws.version", AWS_PROVIDER_VERSION)
        if config.state_backend == "s3":
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
        self.variables = {
            name: TerraformVariable(
                self,
                name,
                type=tf_type,
                description=docs[name],
                default=getattr(config, name),
                nullable=False,
                validation=[_validation(name, RULES[name])],
            )
            for name, tf_type in PLAN_TIME_SETTINGS.items()
        }
        api_key_value = None
        if config.authorization_type == "API_KEY":
            secret = TerraformVariable(
                self,
                SECRET_VARIABLE,
                type="string",
                description=(
                    f"Value of the API key sent in the `{config.api_key_name}` header, "
                    "1-512 characters. EventBridge keeps it in Secrets Manager; Terraform "
                    "keeps it in state, marked sensitive."
                ),
                sensitive=True,
                nullable=False,
                validation=[_validation(SECRET_VARIABLE, limits.SECRET)],
            )
            self.variables[SECRET_VARIABLE] = secret
            api_key_value = secret.string_value

        v = self.variables
        self.pattern = IdempotentApiDestination(
            self,
            "pattern",
            config=config,
            values=PlanTimeValues(
                endpoint=v["endpoint"].string_value,
                http_method=v["http_method"].string_value,
                invocation_rate_limit_per_second=v["invocation_rate_limit_per_second"].number_value,
                maximum_retry_attempts=v["maximum_retry_attempts"].number_value,
                maximum_event_age_in_seconds=v["maximum_event_age_in_seconds"].number_value,
                api_key_value=api_key_value,
            ),
        )

        p = self.pattern
        for name, value, description in (
            ("busArn", p.bus.arn, "ARN of the custom event bus; put events here."),
            ("ruleArn", p.rule.arn, "ARN of the rule that sends events to the API destination."),
            ("dlqArn", p.dlq.arn, "ARN of the dead-letter queue of failed deliveries."),
            ("apiDestinationArn", p.api_destination.arn, "ARN of the API destination."),
            ("dlqUrl", p.dlq.url, "URL of the dead-letter queue, for reading failed events."),
            ("connectionArn", p.connection.arn, "ARN of the connection that holds the auth."),
            ("roleArn", p.role.arn, "ARN of the role EventBridge assumes to call the API."),
        ):
            TerraformOutput(self, name, value=value, description=description)
