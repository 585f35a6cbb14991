#!/usr/bin/env python3
"""Benchmark cold synthesis: the full fast path, its Python half alone, and the usual import.

Alternates `python main.py` on three paths, each run a new process writing to a
new folder, and prints per-run figures, medians, the speed-up, peak memory,
the share of the wall time Node.js spent on the CPU, and whether every path
wrote byte-identical files:

- `fast`: both halves of stacks/bindings.py (the Python package index skipped,
  the provider's JavaScript index served lazily in Node.js);
- `python`: the Python half alone (APIDEST_LAZY_NODE=0);
- `usual`: the usual `import cdktf_cdktf_provider_aws` (APIDEST_EAGER_BINDINGS=1).

    python scripts/bench_synth.py [--runs N]

Peak memory is the largest resident set of any process in the run (Python or
the Node.js processes that host jsii), as the kernel reports it at exit. Node's
CPU time comes from scripts/node_report.js, preloaded into jsii's Node.js
processes to measure only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTER = ROOT / "scripts" / "node_report.js"
PATHS = {
    "fast": {},
    "python": {"APIDEST_LAZY_NODE": "0"},
    "usual": {"APIDEST_EAGER_BINDINGS": "1"},
}


def written(outdir: Path) -> dict[str, bytes]:
    """Every file a synth wrote, by its path inside the output folder."""
    return {str(p.relative_to(outdir)): p.read_bytes() for p in outdir.rglob("*") if p.is_file()}


def run_once(path: str, outdir: Path) -> tuple[float, float, float]:
    """Seconds of wall time, peak RSS in MiB, and Node's CPU seconds of one cold synth."""
    report = outdir.with_suffix(".node.json")
    switches = {"APIDEST_CONFIG", "APIDEST_LAZY_NODE", "APIDEST_EAGER_BINDINGS"}
    env = {k: v for k, v in os.environ.items() if k not in switches}
    env |= PATHS[path] | {"CDKTF_OUTDIR": str(outdir), "APIDEST_NODE_REPORT": str(report)}
    env["NODE_OPTIONS"] = f'{env.get("NODE_OPTIONS", "")} --require "{REPORTER}"'.strip()
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(ROOT / "main.py")], cwd=ROOT, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"main.py failed on the {path} path")
    node_cpu = json.loads(report.read_text())["cpu_seconds"] if report.exists() else 0.0
    return elapsed, usage.ru_maxrss / 1024, node_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each path (default 5)")
    args = parser.parse_args()

    results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in PATHS}
    outputs: dict[str, dict[str, bytes]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for index in range(args.runs):
            for name in PATHS:
                outdir = Path(scratch) / f"{name}-{index}"
                seconds, mib, node = run_once(name, outdir)
                results[name].append((seconds, mib, node))
                outputs.setdefault(name, written(outdir))
                print(
                    f"run {index + 1} {name:6}  {seconds:6.2f} s  {mib:5.0f} MiB  "
                    f"Node.js CPU {node:5.2f} s",
                    flush=True,
                )

    print()
    print(
        f"machine: {os.cpu_count()} CPUs, {platform.machine()}, Python {platform.python_version()}"
    )
    print(f"runs per path: {args.runs}")
    medians = {name: statistics.median(r[0] for r in runs) for name, runs in results.items()}
    for name, runs in results.items():
        node_share = statistics.median(r[2] / r[0] for r in runs)
        print(
            f"cold synth, {name:6}: median {medians[name]:.2f} s, peak RSS "
            f"{max(r[1] for r in runs):.0f} MiB, Node.js on the CPU {node_share:.0%} of it"
        )
    print(f"speed-up of fast over usual: {medians['usual'] / medians['fast']:.1f}x")
    print(f"speed-up of python over usual: {medians['usual'] / medians['python']:.1f}x")
    identical = outputs["fast"] == outputs["python"] == outputs["usual"]
    verdict = "yes" if identical else "NO"
    print(f"synthesized files identical on all paths ({len(outputs['fast'])} files): {verdict}")
    if not identical:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
