"""The default synth, checked in: every infrastructure change shows as a diff in review.

Two files are checked in: the deployable stack's snapshot, and the module
flavour, which is also the published module (modules/idempotent-api-destination).
Update them after an intended change with `make snapshot`, and commit them with it.
"""

from __future__ import annotations

import json
from pathlib import Path

import main
from conftest import ROOT, STACK_FILE
from stacks import bindings
from stacks.publish import module_files

SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "idempotent-api-destination.tf.json"
MODULE = ROOT / "modules" / "idempotent-api-destination"
MODULE_FILE = Path("stacks") / main.MODULE_NAME / "cdk.tf.json"


def synthesize(outdir: Path) -> Path:
    assert main.main({"CDKTF_OUTDIR": str(outdir)}) == 0
    return outdir


def without_cdk_version(text: str) -> str:
    """The stack with the CDK's version taken out of its "//" metadata."""
    stack = json.loads(text)
    stack["//"]["metadata"].pop("version")
    return json.dumps(stack, indent=2)


def test_the_default_stack_matches_the_checked_in_snapshot(tmp_path):
    written = (synthesize(tmp_path / "out") / STACK_FILE).read_text()
    snapshot = SNAPSHOT.read_text()
    if bindings.cdk() != "cdktf":  # CDK Terrain: the same stack, but its own version
        written, snapshot = without_cdk_version(written), without_cdk_version(snapshot)
    assert written == snapshot, (
        "the synthesized stack changed: review the diff, then run `make snapshot` and commit it"
    )


def test_the_published_module_is_the_current_module_flavour(tmp_path):
    written = (synthesize(tmp_path / "out") / MODULE_FILE).parent
    # The files synth writes; the module's own tests (tests/) are written by hand.
    published = {p.name: p.read_text() for p in MODULE.iterdir() if p.is_file()}
    assert published == module_files(written), (
        "the module changed: review the diff, then run `make snapshot` and commit it"
    )
    # HCL only, as a reviewer reads it: no JSON, and no construct paths.
    assert {p.suffix for p in MODULE.iterdir() if p.is_file()} == {".tf", ".md"}
    assert not any("idempotent-api-destination-module/" in text for text in published.values())


def test_the_same_input_synthesizes_byte_identical_files(tmp_path):
    first, second = synthesize(tmp_path / "first"), synthesize(tmp_path / "second")
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
