"""Test-only: local AWS APIs (moto, LocalStack) on loopback, and a stack pointed at them.

Nothing here is reachable from main.py or the config: the provider settings that
aim Terraform at a local API are added to a synthesized stack by the tests.
Run as a script, this is a cdktf app for the CLI tests:
`LOCAL_AWS_URL=http://127.0.0.1:PORT python tests/local_aws.py`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
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

from stacks import bindings  # noqa: E402

bindings.install()
from stacks.config import PatternConfig  # noqa: E402
from stacks.publish import stack_files  # noqa: E402
from stacks.stack import ApiDestinationStack  # noqa: E402

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


def local_provider(url: str) -> str:
    """An HCL `provider "aws"` block aimed at the local API, as point_provider_at aims a stack."""
    endpoints = "\n".join(f"    {s} = {json.dumps(url)}" for s in SERVICES)
    return f"""
provider "aws" {{
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true
  endpoints {{
{endpoints}
  }}
}}
"""


def synth_locally(url: str, root: Path, name: str, config: PatternConfig) -> Path:
    """`config` synthesized under `root` as stack `name`, aimed at the local API; its folder."""
    from cdktf import App

    app = App(outdir=str(root / "cdktf.out"))
    point_provider_at(ApiDestinationStack(app, name, config), url)
    app.synth()
    return written(Path(app.outdir) / "stacks" / name)


def written(folder: Path) -> Path:
    """`folder`'s synthesized stack rewritten into the files main.py writes."""
    for file, text in stack_files((folder / "cdk.tf.json").read_text()).items():
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
    command = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    url = f"http://127.0.0.1:{port}"
    with _served(command, log, f"{url}/moto-api/data.json", timeout=30):
        yield url


# LocalStack: its own virtualenv (Python 3.13+, made by `make test`), settings that keep
# it on loopback and out of system folders, and a dead proxy for anything else.
LOCALSTACK_PYTHON = ROOT / ".venv-localstack" / "bin" / "python"
DEAD_PROXY = {
    "HTTP_PROXY": "http://127.0.0.1:9",
    "HTTPS_PROXY": "http://127.0.0.1:9",
    "NO_PROXY": "127.0.0.1,localhost",
}


@contextlib.contextmanager
def localstack_server(folder: Path, ca_bundle: Path) -> Iterator[str]:
    """LocalStack on a free loopback port for the duration of the block; it trusts the
    certificates in `ca_bundle` when it calls API destinations. Its log: folder/localstack.log."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    root = folder / "filesystem"
    root.mkdir(parents=True, exist_ok=True)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "LOCALSTACK_"))},
        **DEAD_PROXY,
        "GATEWAY_SERVER": "hypercorn",  # the default server binds 0.0.0.0 regardless
        "GATEWAY_LISTEN": f"127.0.0.1:{port}",
        "LOCALSTACK_HOST": f"127.0.0.1:{port}",
        "SQS_ENDPOINT_STRATEGY": "off",
        "OVERRIDE_IN_DOCKER": "0",
        "FILESYSTEM_ROOT": str(root),
        "DNS_ADDRESS": "0",
        "DISABLE_EVENTS": "1",
        "SKIP_SSL_CERT_DOWNLOAD": "1",
        "REQUESTS_CA_BUNDLE": str(ca_bundle),
    }
    command = [str(LOCALSTACK_PYTHON), "-m", "localstack.runtime.main"]
    log = folder / "localstack.log"
    with _served(command, log, f"{url}/_localstack/health", timeout=90, cwd=folder, env=env):
        yield url


@contextlib.contextmanager
def _served(
    command: list[str], log: Path, health: str, timeout: int, **popen: Any
) -> Iterator[None]:
    """`command` running, its output in `log`, from when `health` answers to the block's end."""
    with log.open("w") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, **popen
        )
        try:
            _wait_until_up(health, process, log, timeout)
            yield
        finally:
            _stop(process)


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path, timeout: int) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not answer; see {log}") from None
            time.sleep(0.3)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL to the whole process group after a bounded wait."""
    import signal

    process.terminate()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=15)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=15)


@dataclasses.dataclass(frozen=True)
class Request:
    """One request an API destination made to the receiver."""

    method: str
    path: str
    headers: dict[str, str]  # names in lower case
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class Receiver:
    """An HTTPS server on loopback that records every request. It answers 200, or the
    status in `status_by_path` for a path; `certificate` is the CA bundle that trusts it."""

    def __init__(self, folder: Path) -> None:
        self.requests: list[Request] = []
        self.status_by_path: dict[str, int] = {}
        self.certificate, key = _self_signed(folder)
        self._server = self._serve(key)
        self.url = f"https://127.0.0.1:{self._server.server_address[1]}"

    def _serve(self, key: Path) -> Any:
        import http.server
        import ssl
        import threading

        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _record(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                receiver.requests.append(
                    Request(
                        self.command,
                        self.path,
                        {k.lower(): v for k, v in self.headers.items()},
                        self.rfile.read(length),
                    )
                )
                self.send_response(receiver.status_by_path.get(self.path, 200))
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_POST = do_PUT = do_PATCH = do_GET = do_DELETE = _record

            def log_message(self, *args: Any) -> None:
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.certificate, key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server

    def wait_for(self, count: int, path: str, timeout: float = 60) -> list[Request]:
        """The requests to `path` once there are `count` of them (fewer after `timeout`)."""
        deadline = time.monotonic() + timeout
        while True:
            found = [r for r in self.requests if r.path == path]
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.2)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost and its key, written to `folder`."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    cert_file, key_file = folder / "receiver.pem", folder / "receiver.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@dataclasses.dataclass
class Deployment:
    """A Terraform working folder applied against the local AWS API."""

    terraform: Any  # conftest.Terraform
    workdir: Path
    url: str
    tf_vars: dict[str, str]
    env: dict[str, str] = dataclasses.field(default_factory=dict)
    apply_output: str = ""

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        env = {f"TF_VAR_{name}": value for name, value in self.tf_vars.items()}
        return self.terraform.run(self.workdir, *args, check=check, **self.env, **env)

    def state(self) -> dict[str, Any]:
        """`terraform show -json`: the deployed resources with their real values."""
        return json.loads(self.run("show", "-json").stdout)

    def outputs(self) -> dict[str, Any]:
        """The stack's outputs, {name: value}."""
        return {k: v["value"] for k, v in json.loads(self.run("output", "-json").stdout).items()}

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
    terraform: Any,
    workdir: Path,
    url: str,
    tf_vars: dict[str, str],
    env: dict[str, str] | None = None,
) -> Iterator[Deployment]:
    """`terraform init` and `apply` in `workdir` (with `env` set); `destroy` when the block ends."""
    deployment = Deployment(terraform, workdir, url, tf_vars, env or {})
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
