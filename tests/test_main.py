"""main.py: the checks run before anything is written, and a bad config leaves nothing behind."""

from __future__ import annotations

import json
import subprocess
import sys

import main
from conftest import ROOT, run_main

CANARY = "canary-secret-4b1d6f0e"


def test_main_checks_the_config_and_removes_stale_output(tmp_path, capsys):
    outdir = tmp_path / "cdktf.out"
    (outdir / "stacks" / "old").mkdir(parents=True)
    (outdir / "manifest.json").write_text("{}")
    config = tmp_path / "bad.toml"
    config.write_text("maximum_retry_attempts = 500\n")

    code = main.main({"APIDEST_CONFIG": str(config), "CDKTF_OUTDIR": str(outdir)})

    assert code == 2
    assert not outdir.exists()
    assert capsys.readouterr().err == (
        "error: invalid configuration (1 problem):\n"
        "  - maximum_retry_attempts = 500: must be a whole number from 0 to 185 "
        "(API reference: RetryPolicy)\n"
    )


def test_main_refuses_to_replace_a_folder_that_is_not_its_output(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("keep me")

    code = main.main({"CDKTF_OUTDIR": str(tmp_path)})

    assert code == 2
    assert (tmp_path / "notes.txt").read_text() == "keep me"
    assert "exists and is not a cdktf output folder" in capsys.readouterr().err


def test_a_bad_config_exits_non_zero_without_a_traceback(tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text('endpoint = "http://api.example.com"\nhttp_method = "TRACE"\n')

    result = run_main(tmp_path / "cdktf.out", APIDEST_CONFIG=str(config))

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: invalid configuration (2 problems):\n")
    assert not (tmp_path / "cdktf.out").exists()


def test_synth_with_no_configuration_writes_the_stack_and_the_module_and_no_secret(tmp_path):
    result = run_main(tmp_path / "cdktf.out", TF_VAR_connection_api_key_value=CANARY)

    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""
    outdir = tmp_path / "cdktf.out"
    manifest = json.loads((outdir / "manifest.json").read_text())
    assert sorted(manifest["stacks"]) == [main.STACK_NAME, main.MODULE_NAME]
    written = [p for p in outdir.rglob("*") if p.is_file()]
    assert written and all(CANARY not in p.read_text() for p in written)
    assert not (tmp_path / "cdktf.out.partial").exists()


def test_main_outside_the_virtualenv_says_how_to_run_it_instead_of_a_traceback(tmp_path):
    # -S: no site-packages, as with a Python that has none of the project's packages.
    result = subprocess.run(
        [sys.executable, "-S", str(ROOT / "main.py")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.endswith(
        "run `make synth`, or `.venv/bin/python main.py` after the set-up in README.md\n"
    )
