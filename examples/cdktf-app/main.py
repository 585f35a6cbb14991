#!/usr/bin/env python3
"""A cdktf app of your own that uses the pattern as a construct, twice.

`IdempotentApiDestination(scope, id, config)` takes the same typed PatternConfig a
TOML file fills. Settings are plain values here (checked as a TOML file's are, at
synth); a setting may also be a token (a variable's value, another resource's
attribute). The API keys are sensitive variables: a secret is only ever passed as a
token, so it never reaches the synthesized JSON.

The instance with the id "pattern" keeps the addresses the stacks use
(`aws_cloudwatch_event_rule.this["main"]`); the other gets its id as a prefix
(`aws_cloudwatch_event_rule.refunds_this["main"]`).

Run from the repository's root: `.venv/bin/python examples/cdktf-app/main.py`
(writes examples/cdktf-app/cdktf.out/, or CDKTF_OUTDIR).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository's stacks/

from stacks import bindings

bindings.install()  # before cdktf: the fast loader (optional)

from cdktf import App, LocalBackend, TerraformStack, TerraformVariable  # noqa: E402
from cdktf_cdktf_provider_aws.provider import AwsProvider  # noqa: E402
from constructs import Construct  # noqa: E402

from stacks.config import PatternConfig  # noqa: E402
from stacks.construct import IdempotentApiDestination  # noqa: E402


class Events(TerraformStack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        AwsProvider(self, "aws", region="eu-west-1")
        # State beside the output folder (synth rewrites that folder), at a relative path.
        LocalBackend(self, path=f"../../../terraform.{id}.tfstate")
        # The bindings pin the provider version they were generated from; the pattern
        # takes what the published module takes.
        self.add_override("terraform.required_providers.aws.version", ">= 5.100.0, < 7.0.0")
        orders_key = TerraformVariable(self, "orders_api_key", type="string", sensitive=True)
        refunds_key = TerraformVariable(self, "refunds_api_key", type="string", sensitive=True)
        IdempotentApiDestination(
            self,
            "pattern",
            PatternConfig(
                name_prefix="orders",
                endpoint="https://api.example.com/orders",
                api_key_name="x-api-key",
                event_pattern={"source": ["orders.app"]},
            ),
            secrets={"connection_api_key_value": orders_key.string_value},
        )
        IdempotentApiDestination(
            self,
            "refunds",
            PatternConfig(
                name_prefix="refunds",
                create_bus=False,
                event_bus_name="orders-bus",
                endpoint="https://api.example.com/refunds",
                api_key_name="x-api-key",
                maximum_retry_attempts=10,
                event_pattern={"source": ["refunds.app"]},
            ),
            secrets={"connection_api_key_value": refunds_key.string_value},
        )


if __name__ == "__main__":
    outdir = os.environ.get("CDKTF_OUTDIR") or str(Path(__file__).resolve().parent / "cdktf.out")
    app = App(outdir=outdir)
    Events(app, "events")
    app.synth()
