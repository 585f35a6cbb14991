"""The README's reference is generated from the code, and is current; every command
block of the README and docs/ is run as written."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

import main
from conftest import ROOT, load_script, missing


def load_generator():
    return load_script("readme_reference")


def test_the_readme_reference_matches_the_code():
    generator = load_generator()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    expected = generator.replace_generated(
        readme, generator.render(generator.default_module_json())
    )
    assert readme == expected, "README.md is stale: run python scripts/readme_reference.py"


def test_the_reference_lists_every_setting_variable_and_output():
    generator = load_generator()
    generated = generator.render(generator.default_module_json())
    for name in ("`maximum_retry_attempts`", "`connection_api_key_value`", "`dlq_arn`", "`busArn`"):
        assert name in generated


# --- The command blocks of the README and docs/: each is run as written, by a test
# here or by CI; where it needs real AWS, a test runs it against a local AWS API.


PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# Each shell block by its first line, and what runs it.
RUN_BY = {
    "make synth   # installs": "CI: .ci/run runs each line (test below)",
    "APIDEST_CONFIG=pattern.toml make synth": "here: main.py with the TOML example",
    "npm ci": "here: the first three lines; deploy and diff: tests/test_cli.py",
    "make synth": "tests/test_deploy.py: init, plan, apply against moto",
    "aws events put-events": "tests/test_delivery.py: PutEvents on LocalStack, delivered",
    "make verify": "tests/test_delivery.py: scripts/verify_delivery.py on LocalStack",
    "make CDK=terrain synth": "CI: .ci/run runs each line (test below)",
    "python scripts/redrive_dlq.py": "tests/test_redrive.py against moto",
    "aws events start-replay": "not run: no local AWS API replays from archives",
    "BC_SKIP_MAPPING=TRUE .venv/bin/checkov": "here, as written",
}


def blocks(language: str) -> list[str]:
    found = []
    for page in PAGES:
        pattern = rf"^```{language}\n(.*?)^```"
        found += re.findall(pattern, page.read_text(encoding="utf-8"), re.M | re.S)
    return found


def block(first_line: str) -> list[str]:
    """The commands of the shell block that starts with `first_line`, without comments."""
    (text,) = [b for b in blocks("sh") if b.startswith(first_line)]
    return [line.split("  #")[0].rstrip() for line in text.splitlines() if line.strip()]


def test_every_shell_block_is_run_by_something_named():
    for text in blocks("sh"):
        first = text.splitlines()[0]
        assert any(first.startswith(key) for key in RUN_BY), (
            f"a shell block no test or CI runs: {first!r}; add it to RUN_BY"
        )


@pytest.mark.parametrize("first_line", ["make synth   # installs", "make CDK=terrain synth"])
def test_ci_runs_the_set_up_and_terrain_blocks_as_written(first_line):
    ci = [line.split("#")[0].strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    for command in block(first_line):
        command = command.split("#")[0].strip()
        assert command in ci, f"{command!r} is in the docs but not run by .ci/run"


@pytest.mark.parametrize("index", range(len(blocks("toml"))))
def test_every_toml_example_synthesizes(index, tmp_path):
    config = tmp_path / "pattern.toml"
    config.write_text(blocks("toml")[index])
    outdir = tmp_path / "cdktf.out"
    assert main.main({"APIDEST_CONFIG": str(config), "CDKTF_OUTDIR": str(outdir)}) == 0
    assert (outdir / "stacks" / main.STACK_NAME / "cdk.tf.json").is_file()


def project_copy(folder, *files: str):
    """The files main.py needs, and `files`, copied to `folder`; .venv linked."""
    for name in ("main.py", "cdktf.json", *files):
        shutil.copy(ROOT / name, folder / name)
    shutil.copytree(ROOT / "stacks", folder / "stacks", ignore=shutil.ignore_patterns("__py*"))
    (folder / ".venv").symlink_to(ROOT / ".venv")
    return folder


def run_block(folder, commands: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    script = "set -e\n" + "\n".join(commands)
    return subprocess.run(
        ["bash", "-c", script],
        cwd=folder,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.mark.slow
def test_npx_cdktf_synth_runs_as_written(tmp_path):
    if shutil.which("npm") is None:
        missing("npm not found: install Node.js with npm")
    folder = project_copy(tmp_path, "package.json", "package-lock.json")
    result = run_block(folder, block("npm ci")[:3])
    assert result.returncode == 0, result.stdout + result.stderr
    said = " ".join(result.stdout.split())
    assert f"Generated Terraform code for the stacks: {main.STACK_NAME}, {main.MODULE_NAME}" in said
    stack = folder / "cdktf.out" / "stacks" / main.STACK_NAME / "cdk.tf.json"
    assert json.loads(stack.read_text())["//"]["metadata"]["stackName"] == main.STACK_NAME


@pytest.mark.slow
def test_the_scanner_commands_run_as_written_and_find_nothing(tmp_path):
    folder = project_copy(tmp_path, ".checkov.yaml", ".trivyignore")
    assert run_block(folder, [".venv/bin/python main.py"]).returncode == 0
    commands = block("BC_SKIP_MAPPING=TRUE .venv/bin/checkov")
    result = run_block(folder, commands)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_the_architecture_pages_example_row_is_the_codes():
    """docs/architecture.md shows a real row of the settings table, as the code has it."""
    import textwrap

    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    (example,) = re.findall(r"^( *)```python\n(.*?)^\1```", page, re.M | re.S)
    row = textwrap.indent(textwrap.dedent(example[1]), "    ")
    assert row in (ROOT / "stacks" / "config.py").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_readmes_python_example_synthesizes(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (code,) = re.findall(r"^### From Python\n\n```python\n(.*?)^```", readme, re.M | re.S)
    environ = os.environ | {"PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=environ, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "cdktf.out" / "stacks" / "orders" / "cdk.tf.json").is_file()
