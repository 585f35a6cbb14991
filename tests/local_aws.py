"""Test-only: a local AWS API (moto server on loopback) and a stack pointed at it.

Nothing here is reachable from main.py or the config: the provider settings that
aim Terraform at a local API are added to a synthesized stack by the tests.
Run as a script, this is a cdktf app for the CLI tests:
`LOCAL_AWS_URL=http://127.0.0.1:PORT python tests/local_aws.py`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import stacks  # noqa: E402,F401  # quiet jsii, fast bindings
from stacks.config import PatternConfig  # noqa: E402
from stacks.stack import ApiDestinationStack, stack_files  # noqa: E402

REGION = "us-east-1"
ACCOUNT = "123456789012"  # moto's account
SERVICES = ("events", "sqs", "sts", "iam", "cloudwatch", "sns", "kms")


def point_provider_at(stack: ApiDestinationStack, url: str) -> None:
    """Aim the stack's AWS provider at the local API, with dummy credentials."""
    for key, value in {
        "region": REGION,
        "access_key": "test",
        "secret_key": "test",
        "skip_credentials_validation": True,
        "skip_metadata_api_check": "true",
        "skip_requesting_account_id": True,
        "endpoints": [dict.fromkeys(SERVICES, url)],
    }.items():
        stack.provider.add_override(key, value)


def synth_locally(url: str, root: Path, name: str, config: PatternConfig) -> Path:
    """`config` synthesized under `root` as stack `name`, aimed at the local API; its folder."""
    from cdktf import App

    app = App(outdir=str(root / "cdktf.out"))
    point_provider_at(ApiDestinationStack(app, name, config), url)
    app.synth()
    return written(Path(app.outdir) / "stacks" / name)


def written(folder: Path) -> Path:
    """`folder`'s synthesized stack rewritten into the files main.py writes."""
    for file, text in stack_files((folder / "cdk.tf.json").read_text(), module=False).items():
        (folder / file).write_text(text)
    return folder


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def moto_server(log: Path) -> Iterator[str]:
    """A moto server on a free loopback port for the duration of the block."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/moto-api/data.json", timeout=2):
                        break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"moto server did not start; see {log}") from None
                    time.sleep(0.2)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@dataclasses.dataclass
class Deployment:
    """A Terraform working folder applied against the local AWS API."""

    terraform: Any  # conftest.Terraform
    workdir: Path
    url: str
    tf_vars: dict[str, str]
    apply_output: str = ""

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        env = {f"TF_VAR_{name}": value for name, value in self.tf_vars.items()}
        return self.terraform.run(self.workdir, *args, check=check, **env)

    def state(self) -> dict[str, Any]:
        """`terraform show -json`: the deployed resources with their real values."""
        import json

        return json.loads(self.run("show", "-json").stdout)

    def client(self, service: str) -> Any:
        import boto3

        return boto3.client(
            service,
            region_name=REGION,
            endpoint_url=self.url,
            aws_access_key_id="test",
            aws_secret_access_key="test",
        )


@contextlib.contextmanager
def deployed(
    terraform: Any, workdir: Path, url: str, tf_vars: dict[str, str]
) -> Iterator[Deployment]:
    """`terraform init` and `apply` in `workdir`; `destroy` when the block ends."""
    deployment = Deployment(terraform, workdir, url, tf_vars)
    deployment.run("init")
    try:
        deployment.apply_output = deployment.run("apply", "-auto-approve").stdout
        yield deployment
    finally:
        deployment.run("destroy", "-auto-approve", check=False)


def main() -> None:
    from cdktf import App

    app = App()
    stack = ApiDestinationStack(app, "local", PatternConfig(region=REGION))
    point_provider_at(stack, os.environ["LOCAL_AWS_URL"])
    app.synth()
    written(Path(app.outdir) / "stacks" / "local")


if __name__ == "__main__":
    main()
