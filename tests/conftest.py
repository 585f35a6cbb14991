"""Shared helpers: synthesize a stack with overrides, and read what it wrote."""

from __future__ import annotations

import atexit
import dataclasses
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from stacks import bindings

bindings.install()  # as main.py does, before cdktf is imported

import cdktf  # noqa: E402
import pytest  # noqa: E402

import main  # noqa: E402
from stacks.config import PatternConfig, validate  # noqa: E402
from stacks.publish import stack_files, without_metadata  # noqa: E402
from stacks.stack import ApiDestinationStack  # noqa: E402

Synth = Callable[..., dict[str, Any]]

ROOT = Path(__file__).resolve().parent.parent
# Where main.py writes the stack inside its output folder.
STACK_FILE = Path("stacks") / main.STACK_NAME / "cdk.tf.json"
# cdktf's Testing.app() makes a folder in the system's temp folder for every app and
# leaves it there; the tests' apps share one, removed when the session ends.
SYNTH_FOLDER = tempfile.mkdtemp(prefix="apidest-synth-")
atexit.register(shutil.rmtree, SYNTH_FOLDER, ignore_errors=True)


def synth_app() -> cdktf.App:
    """A cdktf app for a test's synth, in the session's folder."""
    return cdktf.Testing.app(outdir=SYNTH_FOLDER)


def load_script(name: str) -> Any:
    """A script under scripts/ as a module (scripts are not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def run_main(outdir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`python main.py` in a new process, writing to `outdir`; APIDEST_CONFIG only if given."""
    environ = {k: v for k, v in os.environ.items() if k != "APIDEST_CONFIG"}
    # This process's own loader choice is not the child's: it makes its own.
    environ["NODE_OPTIONS"] = bindings.without_preload(environ.get("NODE_OPTIONS", ""))
    environ.update(CDKTF_OUTDIR=str(outdir), **env)
    outdir.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py")],
        cwd=outdir.parent,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def synth_json(config: PatternConfig, *, module: bool = False) -> tuple[str, dict[str, Any]]:
    """The synthesized stack (or module) as one JSON document without metadata, and parsed;
    `write_stack` writes it in the files main.py writes."""
    stack = ApiDestinationStack(synth_app(), "test", validate(config), module=module)
    tf = without_metadata(json.loads(cdktf.Testing.synth(stack)))
    return json.dumps(tf, indent=2), tf


def write_stack(folder: Path, config: PatternConfig, *, module: bool = False) -> Path:
    """The synthesized files of `config` in `folder`, as main.py writes them."""
    stack = ApiDestinationStack(synth_app(), "test", validate(config), module=module)
    folder.mkdir(parents=True, exist_ok=True)
    text = cdktf.Testing.synth(stack)
    if module:  # as published: without cdktf's metadata
        text = json.dumps(without_metadata(json.loads(text)))
    for name, content in stack_files(text).items():
        (folder / name).write_text(content)
    return folder


# Every setting away from its default (provider 5): what Terraform validates and
# the scanners read. The provider-6 flavour adds the archive's key and bus logging.
EVERY_OPTION = PatternConfig(
    name_prefix="orders",
    region="eu-west-1",
    endpoint="https://api.example.com/orders/*",
    http_method="PUT",
    invocation_rate_limit_per_second=20,
    maximum_retry_attempts=10,
    maximum_event_age_in_seconds=3600,
    authorization_type="NONE",
    api_key_name="X-Dummy-Key",
    idempotency_header_name="X-Idempotency-Key",
    idempotency_key_path="$.id",
    event_pattern={"source": ["orders.app"], "detail": {"customID": [{"exists": True}]}},
    dlq_message_retention_seconds=345600,
    tags={"team": "payments"},
    alarm_emails=["ops@example.com"],
    invocation_parameters=[
        {"location": "header", "key": "X-Tenant", "value": "acme"},
        {"location": "header", "key": "X-Signing-Key", "secret": True},
    ],
    alarm_actions=["arn:aws:sns:eu-west-1:123456789012:ops"],
    create_archive=True,
    archive_retention_days=90,
    archive_event_pattern={"source": ["orders.app"]},
    create_kms_key=True,
    header_parameters={"X-Tenant": "acme", "X-Order": "$.detail.orderId"},
    input_paths={"id": "$.detail.customID"},
    input_template='{"order": <id>}',
    destinations={
        "billing": {"endpoint": "https://billing.example.com/hooks", "http_method": "PATCH"},
        "audit": {
            "endpoint": "https://audit.example.com/events",
            "event_pattern": {"source": ["orders.app"]},
            "input_paths": {"id": "$.id"},
            "input_template": "<id>",
            "authorization_type": "BASIC",
            "basic_username": "auditor",
        },
        "crm": {
            "endpoint": "https://crm.example.com/in",
            "event_pattern": {"detail-type": ["order.created"]},
            "authorization_type": "OAUTH_CLIENT_CREDENTIALS",
            "oauth_authorization_endpoint": "https://auth.example.com/token",
            "oauth_client_id": "crm",
            "oauth_body_parameters": {"scope": "crm.write"},
        },
    },
)
# An existing bus (the account's default one), a given key alias and topic, alarms on.
EXISTING_BUS = PatternConfig(
    name_prefix="hooks",
    create_bus=False,
    event_bus_name="default",
    endpoint="https://api.example.com/hooks",
    authorization_type="BASIC",
    basic_username="svc",
    kms_key_arn="alias/hooks",
    create_alarm_topic=False,
    alarm_topic_arn="arn:aws:sns:us-east-1:123456789012:ops",
    create_archive=True,
    destinations={
        "audit": {"endpoint": "https://audit.example.com/in", "event_pattern": {"source": ["a"]}}
    },
)
EVERY_OPTION_6 = dataclasses.replace(
    EVERY_OPTION, provider_major_version=6, bus_log_level="TRACE", bus_log_include_detail="FULL"
)


@pytest.fixture(scope="session")
def default_synth() -> tuple[str, dict[str, Any]]:
    """The stack with no configuration at all, synthesized once per test session."""
    return synth_json(PatternConfig())


@pytest.fixture(scope="session")
def default_tf(default_synth: tuple[str, dict[str, Any]]) -> dict[str, Any]:
    return default_synth[1]


@pytest.fixture
def synth() -> Synth:
    """synth(**overrides) -> the parsed Terraform JSON of a config with those overrides."""

    def build(**overrides: Any) -> dict[str, Any]:
        return synth_json(dataclasses.replace(PatternConfig(), **overrides))[1]

    return build


def resource(tf: dict[str, Any], address: str) -> dict[str, Any]:
    """The arguments of the resource at `address` (`aws_sqs_queue.dlq`)."""
    kind, name = address.split(".")
    return tf["resource"][kind][name]


# --- Real tools: found here, or the tests that need them skip naming what is missing.

REQUIRE_TOOLS_ENV_VAR = "APIDEST_REQUIRE_TOOLS"  # set by CI: a missing tool fails, never skips
MIRROR_ENV_VAR = "APIDEST_PROVIDER_MIRROR"


def missing(what: str) -> None:
    """Skip the test because `what` is absent, or fail where tools are required (CI)."""
    if os.environ.get(REQUIRE_TOOLS_ENV_VAR) == "1":
        pytest.fail(f"{what} (required because {REQUIRE_TOOLS_ENV_VAR}=1)")
    pytest.skip(what)


@dataclasses.dataclass(frozen=True)
class Terraform:
    """Runs the Terraform CLI with its own CLI configuration (where the provider comes from)."""

    binary: str
    cli_config: Path
    downloads: bool = False  # no mirror: the provider comes from the registry

    def env(self, **extra: str) -> dict[str, str]:
        return {
            **os.environ,
            "TF_CLI_CONFIG_FILE": str(self.cli_config),
            "CHECKPOINT_DISABLE": "1",
            "TF_IN_AUTOMATION": "1",
            "TF_INPUT": "0",
            **extra,
        }

    def run(
        self, cwd: Path, *args: str, check: bool = True, timeout: int = 300, **env: str
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [self.binary, *args, "-no-color"],
            cwd=cwd,
            env=self.env(**env),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check and result.returncode != 0:
            pytest.fail(f"terraform {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result


def provider_mirror() -> str | None:
    """The AWS provider mirror, found as CI finds it (scripts/provider_mirror.py); remembered
    in APIDEST_PROVIDER_MIRROR for the tests' subprocesses."""
    found = load_script("provider_mirror").find()
    if found:
        os.environ[MIRROR_ENV_VAR] = found
    return found


def registry_reachable() -> bool:
    """Whether Terraform could download the provider (registry.terraform.io answers)."""
    import socket

    try:
        socket.create_connection(("registry.terraform.io", 443), timeout=5).close()
    except OSError:
        return False
    return True


@pytest.fixture(scope="session")
def terraform(tmp_path_factory: pytest.TempPathFactory) -> Terraform:
    """Terraform, installing the AWS provider from, in order: the mirror named by
    APIDEST_PROVIDER_MIRROR, one found as CI finds it, or the registry when online."""
    binary = shutil.which("terraform")
    if binary is None:
        missing("Terraform CLI not found on PATH: install Terraform 1.10 or later")
    cli_config = tmp_path_factory.mktemp("terraform") / "terraform.tfrc"
    mirror = provider_mirror()
    if mirror:
        if not (Path(mirror) / "registry.terraform.io" / "hashicorp" / "aws").is_dir():
            missing(f"{MIRROR_ENV_VAR} = {mirror!r} holds no registry.terraform.io/hashicorp/aws")
        cli_config.write_text(
            "provider_installation {\n"
            f"  filesystem_mirror {{\n    path = {json.dumps(str(mirror))}\n  }}\n"
            '  direct {\n    exclude = ["registry.terraform.io/*/*"]\n  }\n'
            "}\n"
        )
    elif registry_reachable():
        cli_config.write_text("# no mirror here: terraform init downloads the provider\n")
        return Terraform(binary, cli_config, downloads=True)
    else:
        missing(
            "no AWS provider for Terraform: no mirror found and registry.terraform.io "
            f"unreachable; set {MIRROR_ENV_VAR} to a folder holding "
            "registry.terraform.io/hashicorp/aws/<version>/<os>_<arch>/"
        )
    return Terraform(binary, cli_config)


def plan_runs(
    terraform: Terraform, folder: Path, runs: Mapping[str, str]
) -> subprocess.CompletedProcess[str]:
    """`terraform test` of the published module (a copy in `folder`, without its own
    tests) with a mocked AWS provider: each run plans with the variables in its HCL body,
    in a file of its own (a failed run ends its file). The result, to read its messages."""
    module = folder / "module"
    shutil.copytree(
        ROOT / "modules" / "idempotent-api-destination",
        module,
        ignore=shutil.ignore_patterns("tests"),
    )
    (module / "tests").mkdir()
    for name, variables in runs.items():
        (module / "tests" / f"{name}.tftest.hcl").write_text(
            'mock_provider "aws" {}\n\n'
            f'run "{name}" {{\n  command = plan\n  variables {{\n{variables}  }}\n}}\n'
        )
    terraform.run(module, "init", "-backend=false", "-input=false")
    return terraform.run(module, "test", check=False)


@pytest.fixture(scope="module")
def local_aws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a moto server on a free loopback port, new for each test module."""
    try:
        import boto3  # noqa: F401
        import moto.server  # noqa: F401
    except ImportError as error:
        missing(f"moto[server] and boto3 are needed for a local AWS API: {error}")
    from local_aws import moto_server

    with moto_server(tmp_path_factory.mktemp("moto") / "moto.log") as url:
        yield url


# For `make test`'s workers (pytest-xdist, each file on one worker, in this order): the
# files that apply to a local AWS API take minutes each, so they start first and none
# starts last, while the quick files fill the gaps. The order changes no result.
LONGEST_FIRST = (
    "test_delivery.py",
    "test_example.py",
    "test_module.py",
    "test_deploy.py",
    "test_cli.py",
    "test_deploy_encryption.py",
    "test_upgrade.py",
    "test_upgrade_module.py",
    "test_deploy_literal.py",
    "test_deploy_fan_out.py",
    "test_module_tests.py",
    "test_deploy_auth.py",
    "test_bindings.py",
    "test_readme.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: index for index, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """End a run that skipped tests with a summary no one can miss: what, why, how to fix."""
    skipped = terminalreporter.stats.get("skipped", [])
    if not skipped:
        return
    reasons: dict[str, int] = {}
    for report in skipped:
        reason = str(report.longrepr[-1]) if isinstance(report.longrepr, tuple) else "skipped"
        reason = reason.removeprefix("Skipped: ")
        reasons[reason] = reasons.get(reason, 0) + 1
    terminalreporter.write_sep(
        "!", f"{len(skipped)} TESTS SKIPPED, NOT PASSED", red=True, bold=True
    )
    for reason, count in sorted(reasons.items()):
        terminalreporter.write_line(f"  {count} x {reason}", red=True)
    terminalreporter.write_line(
        "  To run them, install what is named above (README: Set up); CI sets "
        f"{REQUIRE_TOOLS_ENV_VAR}=1 so a missing tool fails instead.",
        red=True,
    )
