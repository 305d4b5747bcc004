"""Check the scorer against a hand-graded calibration set and print its four figures.

    python bench/calibrate.py [PATH/TO/dev_set.yaml] [--content DIR] [-v]

Figures (see the set's README): Spearman correlation of score vs grade (overall
and per node), within-node pairwise ordering accuracy, pass/fail agreement at
the pass mark (grade >= 3 should pass, <= 1 fail) and twin score differences.
The thesaurus and settings come from the content folder (default: the bundled one).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trainer.core.lexicon import Lexicon  # noqa: E402
from trainer.core.models import AvoidRule, Point, Rubric  # noqa: E402
from trainer.core.rules_file import read_rules_file  # noqa: E402
from trainer.core.scorer import Scorer  # noqa: E402
from trainer.core.settings import ScoringSettings  # noqa: E402


def ranks(xs: list[float]) -> list[float]:
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    out = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(a: list[float], b: list[float]) -> float:
    ra, rb = ranks(a), ranks(b)
    n = len(a)
    ma, mb = sum(ra) / n, sum(rb) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb, strict=True))
    va = sum((x - ma) ** 2 for x in ra) ** 0.5
    vb = sum((y - mb) ** 2 for y in rb) ** 0.5
    return cov / (va * vb) if va and vb else 0.0


def rubric_of(node: dict) -> Rubric:
    points = tuple(Point(p["label"], tuple(p["any"]), float(p.get("weight", 1))) for p in node.get("points", []))
    avoid = tuple(AvoidRule(tuple(a["any"]), a["why"], bool(a.get("regex"))) for a in node.get("avoid", []))
    kind = "interview" if node.get("kind") == "interview" else "chat"
    return Rubric(tuple(node["answers"]), points, avoid, (), (node["buyer"],), kind=kind)


def load_scorer(content: Path) -> Scorer:
    lex_path, set_path = content / "thesaurus.yaml", content / "scoring.yaml"
    lexicon = Lexicon()
    if lex_path.exists():
        lexicon = Lexicon.from_data(yaml.safe_load(lex_path.read_text("utf-8")))
    settings = ScoringSettings()
    if set_path.exists():
        settings = ScoringSettings.from_mapping(yaml.safe_load(set_path.read_text("utf-8")) or {})
    # The house rules apply to every reply, as in the product (dev-set nodes have no case facts).
    rules_path = content / "rules.yaml"
    house = read_rules_file(rules_path if rules_path.exists() else None, [])
    return Scorer(lexicon, settings, house)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dev_set", nargs="?", default=str(ROOT.parent / "shared/calibration/dev_set.yaml"))
    ap.add_argument("--content", default=str(ROOT))
    ap.add_argument("-v", "--verbose", action="store_true", help="print every case")
    args = ap.parse_args()
    dev_set = Path(args.dev_set)
    if not dev_set.is_file():  # the default is ../shared/calibration/dev_set.yaml beside the checkout
        sys.exit(f"no calibration set at {dev_set}: pass its path (python bench/calibrate.py PATH)")
    nodes = yaml.safe_load(dev_set.read_text("utf-8"))["nodes"]
    scorer = load_scorer(Path(args.content))
    pass_mark = scorer.settings.pass_mark
    all_s, all_g, pairs_ok, pairs_n, agree, agree_n, twins = [], [], 0.0, 0, 0, 0, []
    per_node = []
    for node in nodes:
        rubric = rubric_of(node)
        scored = {c["id"]: (scorer.score(rubric, c["reply"]).score, c) for c in node["cases"]}
        s = [v[0] for v in scored.values()]
        g = [v[1]["grade"] for v in scored.values()]
        all_s += s
        all_g += g
        per_node.append((node["id"], spearman(s, g)))
        for i in range(len(s)):
            for j in range(i + 1, len(s)):
                if g[i] != g[j]:
                    pairs_n += 1
                    hi, lo = (i, j) if g[i] > g[j] else (j, i)
                    pairs_ok += 1.0 if s[hi] > s[lo] else 0.5 if s[hi] == s[lo] else 0.0
        for sc, case in scored.values():
            if case["grade"] != 2:
                agree_n += 1
                agree += (sc >= pass_mark) == (case["grade"] >= 3)
                if args.verbose and (sc >= pass_mark) != (case["grade"] >= 3):
                    print(f"  MISS {node['id']}/{case['id']} grade {case['grade']} score {sc}: {case['reply']}")
            if "pair" in case:
                twins.append(abs(sc - scored[case["pair"]][0]))
            if args.verbose:
                print(f"{node['id']:28} {case['id']:4} g{case['grade']} {sc:3}  {case['reply'][:40]}")
    print(f"1. Spearman (all {len(all_s)} cases): {spearman(all_s, all_g):.3f}")
    for nid, rho in per_node:
        print(f"     {nid:30} {rho:.3f}")
    print(f"2. Within-node pairwise ordering accuracy: {pairs_ok / pairs_n:.3f} ({pairs_n} pairs)")
    print(f"3. Pass/fail agreement at {pass_mark:g}: {agree / agree_n:.3f} ({agree}/{agree_n}, grade 2 excluded)")
    print(f"4. Twin differences: max {max(twins)}, mean {sum(twins) / len(twins):.2f} ({len(twins)} pairs)")


if __name__ == "__main__":
    main()
