"""The fast binding loader: the same Terraform JSON as the usual import, paid once per process."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import STACK_FILE, load_script, run_main
from stacks import bindings


def test_this_process_loaded_only_the_resource_modules_it_uses(default_tf):
    package = sys.modules[bindings.PACKAGE]
    loaded = [name for name in sys.modules if name.startswith(bindings.PACKAGE + ".")]
    assert not hasattr(package, "accessanalyzer_analyzer"), "the package index was imported"
    assert 0 < len(loaded) < 100, loaded  # of ~2,200 resource modules


def synthesize(outdir: Path, **env: str) -> dict[str, bytes]:
    """Every file `python main.py` wrote, by its path inside the output folder."""
    result = run_main(outdir, **env)
    assert result.returncode == 0, result.stderr
    return load_script("bench_synth").written(outdir)


@pytest.mark.slow
def test_the_fast_loader_writes_byte_identical_json_to_the_usual_import(tmp_path):
    fast = synthesize(tmp_path / "fast", APIDEST_EAGER_BINDINGS="0")
    eager = synthesize(tmp_path / "eager", APIDEST_EAGER_BINDINGS="1")
    assert STACK_FILE.as_posix() in fast
    assert fast == eager
