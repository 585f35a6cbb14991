#!/usr/bin/env python3
"""Synthesize the pattern to Terraform JSON: `python main.py`, or `cdktf synth`.

Reads the config named by APIDEST_CONFIG (defaults when unset) and writes
cdktf.out/ (or CDKTF_OUTDIR): the deployable stack, and the same pattern as a
Terraform module (`make snapshot` publishes the default one to modules/). A bad
config prints every problem, exits 2, and removes any earlier output, so
nothing stale or half-written looks valid.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path

try:
    from stacks import bindings

    bindings.install()  # before cdktf is imported: the fast loader, and the CDK's choice
    from stacks import config as pattern_config
    from stacks.publish import stack_files
    from stacks.stack import ApiDestinationStack
except ModuleNotFoundError as missing:  # run outside the project's virtualenv
    sys.exit(
        f"error: {missing.name} is not installed for {sys.executable}; run `make synth`, "
        "or `.venv/bin/python main.py` after the set-up in README.md"
    )

STACK_NAME = "idempotent-api-destination"
MODULE_NAME = "idempotent-api-destination-module"


def synth(config: pattern_config.PatternConfig, outdir: Path) -> None:
    """Write the stack to `outdir`, replacing what was there only once it is complete."""
    from cdktf import App

    staging = outdir.with_name(outdir.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.parent.mkdir(parents=True, exist_ok=True)
    try:
        app = App(outdir=str(staging))
        ApiDestinationStack(app, STACK_NAME, config)
        ApiDestinationStack(app, MODULE_NAME, config, module=True)
        app.synth()
        for written in staging.glob("stacks/*/cdk.tf.json"):
            for name, text in stack_files(written.read_text()).items():
                (written.parent / name).write_text(text)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(outdir, ignore_errors=True)
    staging.rename(outdir)


def output_dir(environ: Mapping[str, str]) -> Path:
    """CDKTF_OUTDIR, or cdktf.out; refused if it holds anything but an earlier synth."""
    outdir = Path(environ.get("CDKTF_OUTDIR") or "cdktf.out")
    if outdir.exists() and any(outdir.iterdir()) and not (outdir / "manifest.json").is_file():
        raise pattern_config.ConfigError(
            [
                f"CDKTF_OUTDIR = {str(outdir)!r}: exists and is not a cdktf output folder "
                "(no manifest.json); name an empty or new folder, since synth replaces it"
            ]
        )
    return outdir


def main(environ: Mapping[str, str] = os.environ) -> int:
    try:
        outdir = output_dir(environ)
    except pattern_config.ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        config = pattern_config.load(environ)
    except pattern_config.ConfigError as error:
        shutil.rmtree(outdir, ignore_errors=True)
        print(f"error: {error}", file=sys.stderr)
        return 2
    synth(config, outdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
