"""Where the AWS provider for Terraform comes from on a machine without the registry.

A folder laid out as <mirror>/registry.terraform.io/hashicorp/aws/<version>/<os>_<arch>/:
the one APIDEST_PROVIDER_MIRROR names, else the first within five levels of /. Used by
the tests (tests/conftest.py) and the plan benchmark (scripts/bench_plan.py).
"""

from __future__ import annotations

import os
import subprocess

ENV_VAR = "APIDEST_PROVIDER_MIRROR"
LAYOUT = "registry.terraform.io/hashicorp/aws"


def find() -> str | None:
    """The mirror's root folder (what a CLI config's filesystem_mirror names), or None."""
    named = os.environ.get(ENV_VAR)
    if named:
        return named
    found = subprocess.run(
        [
            "find",
            "/",
            "-maxdepth",
            "5",
            "-type",
            "d",
            "-path",
            f"*/{LAYOUT}",
            "-not",
            "-path",
            "/proc/*",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    ).stdout.split()
    return found[0].removesuffix(f"/{LAYOUT}") if found else None
