#!/usr/bin/env python3
"""Benchmark cold synthesis: this project's loader against the usual full import.

Alternates `python main.py` with the fast binding loader and with
APIDEST_EAGER_BINDINGS=1 (the usual `import cdktf_cdktf_provider_aws`), each a
new process writing to a new folder, and prints per-run figures, medians, the
ratio, peak memory, and whether both wrote byte-identical Terraform JSON.

    python scripts/bench_synth.py [--runs N]

Peak memory is the largest resident set of any process in the run (Python or
the Node.js process that hosts jsii), as the kernel reports it at exit.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def written(outdir: Path) -> dict[str, bytes]:
    """Every file a synth wrote, by its path inside the output folder."""
    return {str(p.relative_to(outdir)): p.read_bytes() for p in outdir.rglob("*") if p.is_file()}


def run_once(eager: bool, outdir: Path) -> tuple[float, float]:
    """Seconds of wall time and peak RSS in MiB of one cold `python main.py`."""
    env = {**os.environ, "CDKTF_OUTDIR": str(outdir)}
    env.pop("APIDEST_CONFIG", None)
    if eager:
        env["APIDEST_EAGER_BINDINGS"] = "1"
    else:
        env.pop("APIDEST_EAGER_BINDINGS", None)
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(ROOT / "main.py")], cwd=ROOT, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"main.py failed (eager={eager}) with exit code {process.returncode}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each path (default 5)")
    args = parser.parse_args()

    results: dict[str, list[tuple[float, float]]] = {"fast": [], "eager": []}
    outputs: dict[str, dict[str, bytes]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for index in range(args.runs):
            for name in ("fast", "eager"):
                outdir = Path(scratch) / f"{name}-{index}"
                seconds, mib = run_once(name == "eager", outdir)
                results[name].append((seconds, mib))
                outputs.setdefault(name, written(outdir))
                print(f"run {index + 1} {name:5}  {seconds:6.2f} s  {mib:7.0f} MiB", flush=True)

    fast = statistics.median(s for s, _ in results["fast"])
    eager = statistics.median(s for s, _ in results["eager"])
    print()
    print(
        f"machine: {os.cpu_count()} CPUs, {platform.machine()}, Python {platform.python_version()}"
    )
    print(f"runs per path: {args.runs}")
    print(
        f"cold synth, fast loader:   median {fast:.2f} s, peak RSS "
        f"{max(m for _, m in results['fast']):.0f} MiB"
    )
    print(
        f"cold synth, usual import:  median {eager:.2f} s, peak RSS "
        f"{max(m for _, m in results['eager']):.0f} MiB"
    )
    print(f"speed-up: {eager / fast:.1f}x")
    identical = outputs["fast"] == outputs["eager"]
    verdict = "yes" if identical else "NO"
    print(f"synthesized files identical ({len(outputs['fast'])} files): {verdict}")
    if not identical:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
