"""How many probes behave: per file behaved/total, and each misbehaving probe.

    python bench/probes.py [-v] [--sparse N]

Probes are ``tests/probes/*.yaml`` (realistic replies with a supervisor's verdict),
scored with the bundled content. For each probe that gets the wrong verdict it
prints the score and the breakdown. ``-v`` prints every probe's score.
``--sparse N`` keeps only the first N phrases of every key point, the way a busy
manager writes a rubric (verdicts are then a measurement, not a promise).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.probe_helpers import behaves, bundled_content, probe_files, read_probes, score_probe  # noqa: E402
from trainer.core.explain import format_result  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--sparse", type=int, default=0, metavar="N")
    args = parser.parse_args()
    content = bundled_content()
    total_ok = total = 0
    hits: list[tuple[int, int, int]] = []
    for path in probe_files():
        probes = read_probes(path)
        bad = []
        scored = []
        for probe in probes:
            result = score_probe(content, probe, args.sparse)
            scored.append((probe, result))
            if args.verbose:
                print(f"  {result.score:3d} {probe.expect:4s} {probe.name}")
            if not behaves(probe, result):
                bad.append((probe, result))
        hits.extend(
            (sum(pt.hit for pt in r.points), len(r.points), r.score)
            for pr, r in scored if pr.expect == "pass"
        )
        ok = len(probes) - len(bad)
        total_ok, total = total_ok + ok, total + len(probes)
        print(f"{path.name}: {ok}/{len(probes)} behave")
        for probe, result in bad:
            print(f"  ✗ {probe.name} expected {probe.expect}, got {result.score}: {probe.reply}")
            print("    " + format_result(result).replace("\n", "\n    "))
    print(f"all: {total_ok}/{total} behave")
    if hits:
        mean = sum(h[2] for h in hits) / len(hits)
        print(f"expect-pass probes: key points credited {sum(h[0] for h in hits)}/"
              f"{sum(h[1] for h in hits)}, mean score {mean:.1f}")


if __name__ == "__main__":
    main()
