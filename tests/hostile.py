"""A hostile corpus: strings a person or a content file may hold, and a content folder made of them.

Every string must be shown literally wherever it appears (never parsed as
markup, never run as an action, never written raw to the terminal). ``shown``
is what the screen should hold: the string with control characters as their
visible stand-ins (``trainer.ui.text.visible``). ``hostile_content`` writes a
valid content folder whose titles, buyers, lines, labels, rules, questions,
sets and typing passages are these strings.
"""

from __future__ import annotations

import io
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console

from trainer.ui.text import visible

ROOT = Path(__file__).resolve().parents[1]
LONG = "長" * 10_000

# (id, text): the id names the test case; the text is what a person typed or an author wrote.
CORPUS: tuple[tuple[str, str], ...] = (
    ("close-all", "[/]"),
    ("bold", "[b]x"),
    ("link", "[link=https://x]x[/link]"),
    ("click-pop", "[@click=app.pop_screen]點我[/]"),
    ("click-shot", "[@click=app.screenshot('x.svg','/tmp')]截圖[/]"),
    ("brackets", "Tom [A]"),
    ("colour", "[red]紅[/red]"),
    ("escape", "\x1b[31m紅"),
    ("emoji-code", ":smile:"),
    ("shell", "$(rm -rf ~)"),
    ("html", "<script>alert(1)</script>"),
    ("sql", "'; DROP TABLE x;--"),
    ("formula", "=1+2"),
    ("long", LONG),
    ("zero-width", "零\u200b寬\u200d字\ufeff"),
    ("rtl", "\u202eابc\u202c右"),
    ("emoji", "😀👍🏽🇹🇼"),
    ("dollar-var", "$name [$accent]x[/]"),
)
IDS = [case for case, _ in CORPUS]
TEXTS = [text for _, text in CORPUS]
FIT = 30  # characters of a string looked for on screen (a long one wraps or is cut)


def shown(text: str, limit: int = FIT) -> str:
    """What the screen shows of ``text`` (its first ``limit`` characters, first line)."""
    return visible(text).splitlines()[0][:limit] if text else ""


def render(app: Any) -> tuple[str, list[str]]:
    """The current screen as plain text, and every action a click anywhere on it would run."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system=None, record=True, legacy_windows=False, safe_box=False)
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    actions = [str(meta["@click"]) for segment in _segments(update)
               if segment.style is not None and (meta := segment.style.meta) and "@click" in meta]
    console.print(update)
    return console.export_text(), actions


def _segments(update: Any) -> list[Any]:
    return [segment for line in update.strips for strip in line for segment in strip]


def database_rows(path: Path) -> list[str]:
    """Everything in the database, as SQL text (to check that looking changed nothing).

    The team's cached schedules are left out: the team view keeps them beside the
    summary counts (derived from the record, recomputed whenever it changes).
    """
    with sqlite3.connect(path) as db:
        return [line for line in db.iterdump() if not line.startswith('INSERT INTO "summary_items"')]


# ---------------------------------------------------------------- a content folder of hostile text

SAFE_ANSWER = "親，非常抱歉讓您久等了，我馬上幫您處理。"


def scenario(index: int, text: str) -> dict[str, Any]:
    """A two-node scenario whose every shown string is ``text``."""
    return {
        "id": f"hostile-{index:02d}", "title": text, "category": text, "difficulty": 2, "tags": [text],
        "brief": text, "buyer": {"name": text, "persona": text, "mood": 40}, "patience": 45,
        "start": "open",
        "nodes": {
            "open": {
                "buyer": [text],
                "answers": [SAFE_ANSWER + text],
                "points": [{"label": text, "any": ["抱歉"]}],
                "avoid": [{"any": ["不關我們的事"], "why": text}],
                "next": [{"goto": "done"}],
            },
            "done": {"buyer": text, "end": "resolved"},
        },
    }


def question_bank(texts: list[str]) -> dict[str, Any]:
    """One interview question per string (ask, answer, key point, follow-up), and a set of them all."""
    questions = [{
        "id": f"hq-{i:02d}", "ask": text, "difficulty": 1, "time_limit": 120, "tags": [text],
        "answers": [SAFE_ANSWER + text],
        "points": [{"label": text, "any": ["抱歉"]}],
        "avoid": [{"any": ["不關我們的事"], "why": text}],
        "follow_ups": [{"ask": text, "answers": [SAFE_ANSWER]}],
    } for i, text in enumerate(texts)]
    sets = [{"id": "hostile-set", "title": texts[0], "questions": [q["id"] for q in questions[:2]]}]
    return {"category": "面試/" + texts[0], "questions": questions, "sets": sets}


def typing_passages(texts: list[str]) -> dict[str, Any]:
    passages = [{"id": f"tp-{i:02d}", "title": text, "source": text, "text": "親，您好。" + text[:200]}
                for i, text in enumerate(texts)]
    return {"pass_cpm": 60, "pass_accuracy": 95, "time_limit": 240, "passages": passages}


def _dump(path: Path, data: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


def hostile_content(folder: Path) -> Path:
    """A content folder: the bundled one plus a hostile scenario per string, questions and passages."""
    root = folder / "content"
    shutil.copytree(ROOT / "scenarios", root / "scenarios")
    shutil.copytree(ROOT / "interview_bank", root / "interview_bank")
    for name in ("thesaurus.yaml", "scoring.yaml"):
        shutil.copy(ROOT / name, root / name)
    for index, text in enumerate(TEXTS):
        _dump(root / "scenarios" / f"hostile-{index:02d}.yaml", scenario(index, text))
    _dump(root / "interview_bank" / "hostile.yaml", question_bank(TEXTS))
    _dump(root / "typing_passages.yaml", typing_passages(TEXTS))
    return root
