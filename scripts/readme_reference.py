#!/usr/bin/env python3
"""Write the README's configuration reference from the code, or check that it is current.

    python scripts/readme_reference.py          # rewrite the generated part of README.md
    python scripts/readme_reference.py --check  # exit 1 if README.md is stale

The part between the BEGIN/END markers is generated from the config's fields
and limits, and from the Terraform variables and outputs of the default module
(the deployable stack has the same variables, and the outputs named alongside).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stacks import bindings  # noqa: E402

bindings.install()
from stacks.config import RULES, PatternConfig  # noqa: E402
from stacks.publish import cell, inputs_table, shown  # noqa: E402
from stacks.stack import OUTPUTS  # noqa: E402

README = ROOT / "README.md"
BEGIN = "<!-- BEGIN GENERATED REFERENCE: python scripts/readme_reference.py -->"
END = "<!-- END GENERATED REFERENCE -->"


def render(module_json: dict) -> str:
    """The generated reference, given the default module's Terraform JSON."""
    lines = [
        "### Settings (`APIDEST_CONFIG` TOML file)",
        "",
        "| setting | default | allowed | meaning |",
        "|---|---|---|---|",
    ]
    defaults = PatternConfig()
    for field in dataclasses.fields(PatternConfig):
        rule = RULES.get(field.name)
        allowed = rule.allowed if rule else "see meaning"
        lines.append(
            f"| `{field.name}` | {cell(shown(getattr(defaults, field.name)))} "
            f"| {cell(allowed)} | {cell(field.metadata['doc'])} |"
        )
    lines += [
        "",
        "### Terraform variables (module inputs; set at plan time)",
        "",
        *inputs_table(module_json),
    ]
    lines += [
        "",
        "### Outputs",
        "",
        "| module output | cdktf stack output | description |",
        "|---|---|---|",
    ]
    root_names = {module_name: root_name for module_name, root_name, _ in OUTPUTS}
    for name, output in module_json["output"].items():
        lines.append(f"| `{name}` | `{root_names[name]}` | {cell(output['description'])} |")
    return "\n".join(lines)


def default_module_json() -> dict:
    import tempfile

    import cdktf

    from stacks.stack import ApiDestinationStack

    with tempfile.TemporaryDirectory(prefix="apidest-reference-") as outdir:
        app = cdktf.Testing.app(outdir=outdir)
        stack = ApiDestinationStack(app, "reference", PatternConfig(), module=True)
        return json.loads(cdktf.Testing.synth(stack))


def replace_generated(readme: str, generated: str) -> str:
    head, _, rest = readme.partition(BEGIN)
    _, _, tail = rest.partition(END)
    if not rest or END not in rest:
        raise SystemExit(f"README.md lacks the markers {BEGIN!r} and {END!r}")
    return f"{head}{BEGIN}\n{generated}\n{END}{tail}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if README.md is stale")
    args = parser.parse_args()
    current = README.read_text(encoding="utf-8")
    updated = replace_generated(current, render(default_module_json()))
    if args.check:
        if updated != current:
            print("README.md reference is stale: run python scripts/readme_reference.py")
            return 1
        return 0
    README.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
