"""Text snapshots of the main screens at 80×24: home, chat (coach mode, after a reply), debrief.

Each screen is rendered exactly as the terminal would show it and compared, as
plain text, with ``tests/snapshots/<name>.txt``. (Text, not SVG: the
pytest-textual-snapshot plugin pins pytest < 9, and text diffs of CJK screens
are readable in a review.) After an intended change, regenerate with
``TRAINER_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_ui_snapshots.py`` and
review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.ui_helpers import CONTENT, model_answer, play_to_end, rig, screen_text, send
from trainer.core.loader import load_paths
from trainer.ui.app import TrainerApp
from trainer.ui.config import PlayTarget

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("TRAINER_UPDATE_SNAPSHOTS") == "1"
# The tests' own scenario: edits to the bundled content leave the pictures alone.
_LOADED, _ = load_paths([SNAPSHOTS / "scenario.yaml"], base=CONTENT)
PLAY = PlayTarget(next(iter(_LOADED.scenarios.values())))


pytestmark = pytest.mark.usefixtures("utc")


def check(app: TrainerApp, name: str) -> None:
    text = "\n".join(line.rstrip() for line in screen_text(app).splitlines()) + "\n"
    path = SNAPSHOTS / f"{name}.txt"
    if UPDATE or not path.exists():
        path.write_text(text, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"new snapshot written to {path}; review it and run again")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from {path}"


async def test_home_with_an_unfinished_session(tmp_path: Path) -> None:
    r = rig(tmp_path, play=PLAY)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await send(pilot, "好的")
        await pilot.press("escape")
        await pilot.pause()
        check(r.app, "home")


async def test_chat_in_coach_mode_after_a_reply(tmp_path: Path) -> None:
    r = rig(tmp_path, play=PLAY)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = r.app.screen
        await send(pilot, "親，不好意思讓您著急了，我馬上聯系快遞幫您查詢。")
        assert screen.dialogue.turns  # type: ignore[attr-defined]
        check(r.app, "chat-coach")


async def test_debrief(tmp_path: Path) -> None:
    r = rig(tmp_path, play=PLAY)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await play_to_end(pilot, model_answer)
        await pilot.press("enter")
        await pilot.pause()
        check(r.app, "debrief")
