"""The files a synthesized stack is written as, and the published module made from them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def without_metadata(node: Any) -> Any:
    """Synthesized Terraform JSON without cdktf's "//" metadata: construct paths, ids,
    and a backend the module does not have."""
    if isinstance(node, dict):
        return {k: without_metadata(v) for k, v in node.items() if k != "//"}
    if isinstance(node, list):
        return [without_metadata(v) for v in node]
    return node


def stack_files(text: str) -> dict[str, str]:
    """The files of a synthesized stack, which Terraform reads together from its folder.

    `cdk.tf.json`: the Terraform JSON, with cdktf's "//" metadata, which the cdktf
    CLI reads for every stack in the output (the published module goes without it:
    `module_files`). `versions.tf` and `moved.tf`: the Terraform version and the moved
    blocks, in HCL as terraform-aws-modules writes them (checkov's JSON reader cannot
    parse either, and would skip the whole file)."""
    tf = json.loads(text)
    version = tf["terraform"].pop("required_version")
    moved = tf.pop("moved", [])
    files = {
        "cdk.tf.json": json.dumps(tf, indent=2) + "\n",
        "versions.tf": f"terraform {{\n  required_version = {json.dumps(version)}\n}}\n",
    }
    if moved:
        files["moved.tf"] = (
            "# Addresses of the previous release, moved to this release's (see CHANGELOG.md).\n"
            + "".join(f"\nmoved {{\n  from = {m['from']}\n  to   = {m['to']}\n}}\n" for m in moved)
        )
    return files


def module_files(folder: Path) -> dict[str, str]:
    """The published module (modules/idempotent-api-destination/) from the module
    flavour's synthesized `folder`: `main.tf.json` without cdktf's "//" metadata
    (construct paths, and a backend the module does not have), and the HCL files."""
    tf = without_metadata(json.loads((folder / "cdk.tf.json").read_text()))
    return {
        "main.tf.json": json.dumps(tf, indent=2) + "\n",
        "versions.tf": (folder / "versions.tf").read_text(),
        "moved.tf": (folder / "moved.tf").read_text(),
    }


def publish_module(folder: str, published: str) -> None:
    """Write `module_files(folder)` to `published` (`make snapshot`)."""
    target = Path(published)
    target.mkdir(parents=True, exist_ok=True)
    for name, text in module_files(Path(folder)).items():
        (target / name).write_text(text)
