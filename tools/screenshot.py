"""Save the README's screenshots: ``docs/screenshot-chat.svg``, ``-chat-wide``, ``-console``, ``-progress``.

    python tools/screenshot.py [--only chat|chat-wide|console|progress] [--theme NAME] [--size 80x24]

Runs the app headless (Textual's Pilot) on a throw-away database with a fixed
seed and clock, so every run draws the same picture: the chat after one reply in
coach mode (at 80×24, and at 120×40 with the feedback beside it), the
interviewer console of a two-question interview, and the progress screen of a
trainee with a week of practice. Rich's SVG export squeezes
Chinese to half its width; ``svg_cells.fix_cells`` places every glyph on its
cells, so a browser draws it as the terminal does.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from svg_cells import fix_cells  # noqa: E402

from trainer.core.loader import load_content  # noqa: E402
from trainer.store import Store  # noqa: E402
from trainer.ui.app import make_app  # noqa: E402
from trainer.ui.config import NO_TYPING, PlayTarget, UiConfig  # noqa: E402

SCENARIO = "logistics-signed-not-received"
REPLY = "親，不好意思讓您著急了，我馬上聯系圓通快遞幫您查詢是誰簽收的。"
USER = "小明"
INTERVIEWER = "王經理"
NOW = datetime(2026, 11, 2, 10, 30)
Stage = Callable[[Any, Any], Awaitable[None]]  # (app, pilot) -> the screen to take


class Clock:
    """The store's clock: a fixed morning, a minute later on every call; ``day`` moves it by days."""

    def __init__(self) -> None:
        self.start = datetime(2026, 10, 27, 9, 0, tzinfo=UTC)
        self.calls = 0

    def day(self, n: int) -> None:
        self.start = datetime(2026, 10, 27, 9, 0, tzinfo=UTC) + timedelta(days=n)
        self.calls = 0

    def __call__(self) -> datetime:
        self.calls += 1
        return self.start + timedelta(minutes=self.calls)


CLOCK = Clock()


async def _chat(app: Any, pilot: Any) -> None:
    app.focused.text = REPLY
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def _console(app: Any, pilot: Any) -> None:
    from trainer.core.interview import Given, InterviewPlan
    from trainer.ui.interview_session import InterviewSession
    from trainer.ui.screens.console import ConsoleScreen

    ctx = app.ctx
    plan = InterviewPlan("陳小華", ("iv-most-important-quality", "iv-salary"), "custom", "客服面試",
                         None, False, None, 0, INTERVIEWER)
    session = InterviewSession.start(ctx.store, ctx.content, plan)
    replies = iter(("我覺得最重要的是耐心，買家著急的時候先安撫情緒，再一步一步幫他解決問題。",
                    "還要熟悉產品和交易流程，打字也要快，買家才不會等得不耐煩。",
                    "希望底薪四千左右，也看公司的績效獎金。", "看公司的安排。"))
    while not session.interview.finished:  # the follow-ups too
        session.send(Given(next(replies), latency=40.0, typing_seconds=35.0))
    session.finish()
    app.push_screen(ConsoleScreen(ctx, session.session_id, INTERVIEWER))
    await pilot.pause()
    await app.workers.wait_for_complete()  # the console reads its report off the UI thread
    await pilot.pause()


async def _progress(app: Any, pilot: Any) -> None:
    from trainer.ui.screens.progress import ProgressScreen

    ctx = app.ctx
    for day, (item, score) in enumerate((("logistics-slow-shipping", 52), (SCENARIO, 64),
                                         ("logistics-slow-shipping", 71), (SCENARIO, 58),
                                         ("case-colour-mismatch", 80), (SCENARIO, 77))):
        _practise(ctx, item, score, day)
    CLOCK.day(7)
    app.push_screen(ProgressScreen(ctx))
    await app.workers.wait_for_complete()
    await pilot.pause()


def _practise(ctx: Any, item: str, score: float, day: int) -> None:
    """One finished two-reply session straight through the store (what the chat would write)."""
    from trainer.store import TurnRow

    CLOCK.day(day)
    scenario = ctx.content.scenarios[item]
    sid = ctx.store.start_session(USER, "practice", item, mode="coach", seed=day, item_title=scenario.title,
                                  category=scenario.category)
    for index, node in enumerate(list(scenario.nodes)[:2]):
        result = {"score": round(score), "passed": score >= 60, "dimensions": {},
                  "points": {"hit": [], "missed": ["道歉"] if score < 60 else []}, "avoid": [],
                  "closest_answer": "", "caps": [], "polite": [], "rude": [], "feedback": ""}
        ctx.store.record_turn(sid, TurnRow(index=index, node_id=node, prompt="", reply="親，我幫您查一下。",
                                           score=score, raw_score=score, passed=score >= 60, result=result,
                                           mood_before=50, mood_after=40, latency=20.0, typing_seconds=15.0,
                                           cpm=60.0, hints=0, nudges=0, next_node=None))
    ctx.store.finish_session(sid, "resolved" if score >= 60 else "lost", score)


# name -> (what to do before the picture, terminal size)
SHOTS: dict[str, tuple[Stage, tuple[int, int]]] = {
    "chat": (_chat, (80, 24)), "chat-wide": (_chat, (120, 40)),
    "console": (_console, (80, 24)), "progress": (_progress, (80, 24)),
}


async def shoot(name: str, out: Path, theme: str, size: tuple[int, int]) -> None:
    CLOCK.day(0)
    content, _ = load_content(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "shot.sqlite3", clock=CLOCK)
        play = PlayTarget(content.scenarios[SCENARIO]) if name.startswith("chat") else None
        config = UiConfig(user=USER, typing=NO_TYPING, seed=7, tick=0, clock=lambda: 0.0,
                          now=lambda: NOW, play=play)
        app = make_app(content, store, config)
        async with app.run_test(size=size) as pilot:
            app.theme = theme
            await pilot.pause()
            await SHOTS[name][0](app, pilot)
            svg = app.export_screenshot(title=app.title)
        store.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(fix_cells(svg), encoding="utf-8")
    print(f"saved {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(SHOTS), action="append")
    parser.add_argument("--theme", default="trainer-dark")
    parser.add_argument("--size", help="columns x rows (default: 80x24, chat-wide 120x40)")
    parser.add_argument("--out-dir", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    for name in args.only or sorted(SHOTS):
        size = tuple(int(n) for n in args.size.split("x")) if args.size else SHOTS[name][1]
        asyncio.run(shoot(name, args.out_dir / f"screenshot-{name}.svg", args.theme, size))  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
