"""Benchmark: wall time of ``trainer --help`` against ``python -c pass``.

    python bench/help_time.py [--runs 21] [--installed]

Runs each command ``--runs`` times in a fresh process and prints the medians and
their ratio. By default runs ``python -m trainer --help`` from this checkout;
with ``--installed`` runs the ``trainer`` console script found on PATH (what a
user types). Target: ``trainer --help`` median <= 250 ms. No assertions.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def wall(cmd: list[str], runs: int, env: dict[str, str]) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--installed", action="store_true", help="time the `trainer` script on PATH")
    args = parser.parse_args()

    env = dict(os.environ)
    if args.installed:
        script = shutil.which("trainer")
        if script is None:
            sys.exit("no `trainer` on PATH: install the package first")
        help_cmd, label = [script, "--help"], "trainer --help"
    else:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        help_cmd, label = [sys.executable, "-m", "trainer", "--help"], "python -m trainer --help"

    wall(help_cmd, 2, env)  # warm the OS file cache
    helps = wall(help_cmd, args.runs, env)
    passes = wall([sys.executable, "-c", "pass"], args.runs, env)
    med, med_pass = statistics.median(helps), statistics.median(passes)
    print(f"{label:26} median {med * 1000:6.1f} ms  ({args.runs} runs)")
    print(f"{'python -c pass':26} median {med_pass * 1000:6.1f} ms")
    print(f"{'ratio':26} {med / med_pass:6.1f}×   target: <= 250 ms -> "
          f"{'met' if med <= 0.25 else 'NOT met'}")


if __name__ == "__main__":
    main()
