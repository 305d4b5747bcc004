"""Probe files (``tests/probes/*.yaml``): realistic replies with a supervisor's verdict.

Shared by ``tests/test_probes.py`` (every probe must behave) and ``bench/probes.py``
(prints how many behave). See the format in ``tests/probes/paraphrases.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from trainer import paths
from trainer.core.content import Content
from trainer.core.loader import load_content
from trainer.core.result import Result

PROBE_DIR = Path(__file__).resolve().parent / "probes"


@dataclass(frozen=True)
class Probe:
    """One reply to score and the verdict it should get."""

    file: str
    index: int  # position in the file, from 1
    target: str  # scenario/node or question id
    expect: str  # "pass" | "fail"
    reply: str
    note: str

    @property
    def name(self) -> str:
        return f"{self.file}#{self.index}:{self.target}"


def probe_files(folder: Path = PROBE_DIR) -> list[Path]:
    """Every probe file, in name order."""
    return sorted(folder.glob("*.yaml"))


def read_probes(path: Path) -> list[Probe]:
    """The probes of one file; a malformed entry raises ValueError naming it."""
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    out = []
    for i, item in enumerate(data.get("probes") or [], 1):
        where = f"{path.name}: probe {i}"
        if not isinstance(item, dict) or item.get("expect") not in ("pass", "fail"):
            raise ValueError(f"{where}: needs `expect: pass` or `expect: fail`")
        if "question" in item:
            target = str(item["question"])
        elif "scenario" in item and "node" in item:
            target = f"{item['scenario']}/{item['node']}"
        else:
            raise ValueError(f"{where}: needs `scenario` and `node`, or `question`")
        if not isinstance(item.get("reply"), str):
            raise ValueError(f"{where}: needs a `reply` text")
        out.append(Probe(path.name, i, target, item["expect"], item["reply"], str(item.get("note", ""))))
    return out


def all_probes(folder: Path = PROBE_DIR) -> list[Probe]:
    return [p for f in probe_files(folder) for p in read_probes(f)]


def bundled_content() -> Content:
    """The bundled content folder, loaded as the app loads it."""
    content, _problems = load_content(paths.bundled_content_dir())
    return content


def score_probe(content: Content, probe: Probe, sparse: int = 0) -> Result:
    """Score a probe's reply against its node or question; unknown targets raise KeyError.

    ``sparse`` > 0 keeps only that many phrases per key point, as a busy manager
    writes them (to measure recall on thin rubrics).
    """
    if "/" in probe.target:
        sid, nid = probe.target.split("/", 1)
        rubric = content.find_node_rubric(sid, nid)
    else:
        rubric = content.find_question_rubric(probe.target)
    if rubric is None:
        raise KeyError(f"{probe.name}: no such scenario node or question")
    if sparse > 0:
        points = tuple(replace(p, phrases=p.phrases[:sparse]) for p in rubric.points)
        rubric = replace(rubric, points=points)
    return content.scorer.score(rubric, probe.reply)


def behaves(probe: Probe, result: Result) -> bool:
    return result.passed == (probe.expect == "pass")
