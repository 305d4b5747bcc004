"""Benchmark: loading and validating 2,000 scenario files.

    python bench/load_content.py [--files 2000] [--rounds 5] [--model scenarios/X.yaml]

Writes ``--files`` copies of a bundled scenario (each with its own id) into a
temporary content folder, then times, over several rounds:

- ``load_content(folder)``: parse with positions, build the models, validate;
- bare ``yaml.load(..., CSafeLoader)`` of the same files (read + parse only),
  with the garbage collector paused as ``load_content`` pauses it (a baseline
  with the collector on looks about 1.9× slower than it is).

The two alternate round by round (A B A B …) so drift hits both alike. Prints
the medians and their ratio. Target ratio: <= 1.5 (issue 14). No assertions.
"""

from __future__ import annotations

import argparse
import gc
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from trainer import paths  # noqa: E402

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as Loader  # type: ignore[assignment]


def default_model() -> Path:
    """A fixed bundled scenario (figures stay comparable as content is added)."""
    scenarios = paths.bundled_content_dir() / paths.SCENARIOS_DIR
    preferred = scenarios / "case-colour-mismatch.yaml"
    return preferred if preferred.is_file() else sorted(scenarios.glob("*.yaml"))[0]


def make_folder(model: Path, n: int, root: Path) -> list[Path]:
    """``n`` scenario files modelled on ``model``, plus the bundled thesaurus and settings."""
    text = model.read_text(encoding="utf-8")
    text = text.replace("../trainer/schema/", str(ROOT / "trainer" / "schema") + "/")
    (root / paths.SCENARIOS_DIR).mkdir(parents=True)
    bundled = paths.bundled_content_dir()
    for name in (paths.THESAURUS_FILE, paths.SCORING_FILE):
        if (bundled / name).is_file():
            shutil.copy(bundled / name, root / name)
    files = []
    for i in range(n):
        path = root / paths.SCENARIOS_DIR / f"s{i:05d}.yaml"
        path.write_text(re.sub(r"(?m)^id: .*$", f"id: bench-{i:05d}", text, count=1), encoding="utf-8")
        files.append(path)
    return files


def bare_yaml(files: list[Path]) -> None:
    gc.disable()  # as the product's loader does while it loads
    try:
        for path in files:
            with open(path, "rb") as fh:
                yaml.load(fh, Loader=Loader)
    finally:
        gc.enable()


def timed_pair(a, b, rounds: int) -> tuple[list[float], list[float]]:
    """Time ``a`` and ``b`` in turn, ``rounds`` times each, after a collection each."""
    out_a: list[float] = []
    out_b: list[float] = []
    for _ in range(rounds):
        for fn, out in ((a, out_a), (b, out_b)):
            gc.collect()
            start = time.perf_counter()
            fn()
            out.append(time.perf_counter() - start)
    return out_a, out_b


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--model", type=Path, default=None, help="the scenario to copy")
    args = parser.parse_args()

    from trainer.core.loader import load_content

    model = args.model or default_model()
    with tempfile.TemporaryDirectory(prefix="trainer-bench-") as tmp:
        root = Path(tmp)
        files = make_folder(model, args.files, root)
        content, problems = load_content(root)  # warm-up, and a sanity check
        n_err = sum(1 for p in problems if p.severity == "error")
        loaded, bare = timed_pair(lambda: load_content(root), lambda: bare_yaml(files), args.rounds)

    med, med_bare = statistics.median(loaded), statistics.median(bare)
    print(f"model: {model.name}; {args.files} files × {args.rounds} rounds; "
          f"{len(getattr(content, 'scenarios', ()))} scenarios loaded, {n_err} errors")
    print(f"load_content + validate  median {med:7.3f} s   ({med / args.files * 1e6:7.0f} µs/file)")
    print(f"bare yaml.load ({Loader.__name__})  median {med_bare:7.3f} s   "
          f"({med_bare / args.files * 1e6:7.0f} µs/file)")
    print(f"ratio                    {med / med_bare:7.2f}×   target <= 1.5 -> "
          f"{'met' if med / med_bare <= 1.5 else 'NOT met'}")


if __name__ == "__main__":
    main()
