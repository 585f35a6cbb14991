"""The synthesized default stack, checked in: every infrastructure change shows as a diff in review.

Update after an intended change with `make snapshot`, and commit the new file with the change.
"""

from __future__ import annotations

from pathlib import Path

import main
from conftest import STACK_FILE

SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "idempotent-api-destination.tf.json"


def synthesize(outdir: Path) -> bytes:
    assert main.main({"CDKTF_OUTDIR": str(outdir)}) == 0
    return (outdir / STACK_FILE).read_bytes()


def test_the_default_stack_matches_the_checked_in_snapshot(tmp_path):
    assert synthesize(tmp_path / "out").decode() == SNAPSHOT.read_text(), (
        "the synthesized stack changed: review the diff, then run `make snapshot` and commit it"
    )


def test_the_same_input_synthesizes_byte_identical_files(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    assert synthesize(first) == synthesize(second)
    assert (first / "manifest.json").read_bytes() == (second / "manifest.json").read_bytes()
