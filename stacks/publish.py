"""The files a synthesized stack is written as, and the published module made from them."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from stacks import hcl

ROOT = Path(__file__).resolve().parent.parent


def version() -> str:
    """The version, written once in pyproject.toml; the README's `?ref=v...`, the
    CHANGELOG's newest section and the module's README follow it (tests/test_release.py).
    Read when the module is published, so synth does not need the file."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return project["project"]["version"]


def module_source() -> str:
    """How a caller pins the published module to this version."""
    return (
        "git::https://example.com/your-org/idempotent-api-destination.git"
        f"//modules/idempotent-api-destination?ref=v{version()}"
    )


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
    flavour's synthesized `folder`, as HCL a Terraform author would write
    (`module_hcl`), and its README, written from the same JSON."""
    synthesized = json.loads((folder / "cdk.tf.json").read_text())
    versions = (folder / "versions.tf").read_text()
    files = {**module_hcl(synthesized, versions), "moved.tf": (folder / "moved.tf").read_text()}
    readme = module_readme(without_metadata(synthesized), versions, sorted(files))
    return {**files, "README.md": readme}


def required_version(versions: str) -> str:
    """The Terraform version constraint in a stack's `versions.tf`."""
    return versions.split('required_version = "', 1)[1].split('"', 1)[0]


HEADERS = {
    "versions.tf": "The Terraform and AWS provider versions the module needs.",
    "variables.tf": "Inputs: each checked here, before anything reaches AWS.",
    "locals.tf": "Values the resources share: the destinations, connections and rules by name.",
    "outputs.tf": "Outputs.",
}


def module_hcl(synthesized: dict[str, Any], versions: str) -> dict[str, str]:
    """The module's Terraform as HCL files: `versions.tf`, `variables.tf`, `locals.tf`,
    `outputs.tf`, and one file per construct for the resources and data sources it
    makes (`bus.tf`, `delivery.tf`, ...: the construct that holds each, from cdktf's
    metadata)."""
    tf = without_metadata(synthesized)
    terraform = {"required_version": required_version(versions), **tf["terraform"]}
    blocks: dict[str, list[hcl.Block]] = {
        "versions.tf": [hcl.block("terraform", (), terraform)],
        "variables.tf": [hcl.block("variable", (n,), v) for n, v in tf["variable"].items()],
        "locals.tf": [hcl.block("locals", (), tf["locals"])],
        "outputs.tf": [hcl.block("output", (n,), v) for n, v in tf["output"].items()],
    }
    for kind in ("data", "resource"):
        for type_, named in synthesized.get(kind, {}).items():
            for name, body in named.items():
                construct = body["//"]["metadata"]["path"].split("/")[-2]
                written = hcl.block(kind, (type_, name), without_metadata(body), type_)
                blocks.setdefault(f"{construct}.tf", []).append(written)
    return {
        file: "\n\n".join(
            ([f"# {HEADERS[file]}"] if file in HEADERS else [])
            + ["\n".join(b.lines()) for b in written]
        )
        + "\n"
        for file, written in blocks.items()
    }


def cell(text: str) -> str:
    """`text` in a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def shown(value: object) -> str:
    """A default as the README shows it."""
    if value is None:
        return "unset"
    if isinstance(value, str):
        return f"`{value}`"
    return f"`{json.dumps(value)}`"


def inputs_table(tf: dict[str, Any]) -> list[str]:
    """The module's inputs as a Markdown table: name, type, default, sensitive, description."""
    lines = [
        "| variable | type | default | sensitive | description |",
        "|---|---|---|---|---|",
    ]
    for name, variable in sorted(tf["variable"].items()):
        default = "required"
        if "default" in variable:
            default = "`null`" if variable["default"] is None else shown(variable["default"])
        tf_type = variable["type"]
        if tf_type.startswith(("map(object(", "list(object(")):
            tf_type = tf_type.split("(object(")[0] + "(object), see below"
        sensitive = "yes" if variable.get("sensitive") else "no"
        lines.append(
            f"| `{name}` | {cell(tf_type)} | {cell(default)} | {sensitive} "
            f"| {cell(variable['description'])} |"
        )
    return lines


def module_readme(tf: dict[str, Any], versions: str, files: list[str]) -> str:
    """The module folder's README: what it makes, how to call it, its files, every input
    and output."""
    terraform = required_version(versions)
    provider = tf["terraform"]["required_providers"]["aws"]["version"]
    lines = [
        "# idempotent-api-destination",
        "",
        "Events on an Amazon EventBridge bus, sent to HTTP APIs through API destinations",
        "with an `Idempotency-Key` header filled from a field of the event, at a bounded",
        "rate, with retries, a dead-letter queue and alarms on every way an event can be",
        "lost. This file is generated from the module's code (`make snapshot`); the",
        "repository's README explains each choice.",
        "",
        "## Usage",
        "",
        "```hcl",
        'module "orders_webhook" {',
        f'  source = "{module_source()}"',
        "",
        '  name_prefix              = "orders"',
        '  endpoint                 = "https://api.example.com/orders"',
        '  api_key_name             = "x-api-key"',
        "  connection_api_key_value = var.api_key # sensitive",
        "",
        '  event_pattern = { source = ["orders.app"] }',
        "}",
        "```",
        "",
        "## Requirements",
        "",
        "| name | version |",
        "|---|---|",
        f"| terraform | `{terraform}` |",
        f"| hashicorp/aws | `{provider}` |",
        "",
        "The module has no provider configuration and no backend: it uses the caller's.",
        "",
        "## Files",
        "",
        "`versions.tf`, `variables.tf` (each input and its checks), `locals.tf`,",
        "`outputs.tf` and `moved.tf` (the previous releases' addresses), and one file",
        "per concern for its resources: "
        + ", ".join(f"`{f}`" for f in files if f not in HEADERS and f != "moved.tf")
        + ".",
        "",
        "## Inputs",
        "",
        *inputs_table(tf),
        "",
        "## Outputs",
        "",
        "| output | description |",
        "|---|---|",
        *(
            f"| `{name}` | {cell(output['description'])} |"
            for name, output in sorted(tf["output"].items())
        ),
        "",
        "## Tests",
        "",
        "`terraform init -backend=false && terraform test` in this folder plans every",
        "shape and every refusal in `tests/` against a mocked AWS provider: offline,",
        "nothing created.",
        "",
    ]
    return "\n".join(lines)


def publish_module(folder: str, published: str) -> None:
    """Write `module_files(folder)` to `published` (`make snapshot`)."""
    target = Path(published)
    target.mkdir(parents=True, exist_ok=True)
    files = module_files(Path(folder))
    for stale in target.iterdir():  # a file the module no longer has (its tests/ stay)
        if stale.is_file() and stale.name not in files:
            stale.unlink()
    for name, text in files.items():
        (target / name).write_text(text)
