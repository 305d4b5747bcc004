"""Benchmark: from the Enter key to the coach-mode feedback on screen.

    python bench/ui_feedback.py [--replies 60]

Drives the app headless at 80×24 (Textual's Pilot) on a fresh database file,
answering bundled scenarios in coach mode with a mix of model answers and poor
replies, with no typing pause. For every reply it records the time from the
Enter key event to the first screen refresh after the feedback panel was
mounted: reply bubble, worker thread, scoring, the SQLite commit, the feedback
panel and the repaint. Also prints the worker's share (score + commit) alone.
Target: median <= 100 ms. No assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trainer.core.loader import load_content  # noqa: E402
from trainer.store import Store  # noqa: E402
from trainer.ui.app import make_app  # noqa: E402
from trainer.ui.config import NO_TYPING, UiConfig  # noqa: E402
from trainer.ui.screens.chat import ChatScreen  # noqa: E402
from trainer.ui.session import ChatSession  # noqa: E402

POOR = ("好的", "嗯嗯，知道了", "你自己不會看嗎？")


def timed_send(session: ChatSession, costs: list[float]) -> None:
    """Wrap ``session.send`` to time the worker's part (scoring and the commit)."""
    send = session.send

    def wrapper(sent):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return send(sent)
        finally:
            costs.append(time.perf_counter() - start)

    session.send = wrapper  # type: ignore[method-assign]


async def run(replies: int) -> tuple[list[float], list[float]]:
    content, _ = load_content(ROOT)
    scenarios = sorted(content.scenarios)
    latencies: list[float] = []
    worker: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.sqlite3")
        app = make_app(content, store, UiConfig(user="bench", typing=NO_TYPING, seed=1, tick=0))
        async with app.run_test(size=(80, 24)) as pilot:
            n = sent = 0
            while sent < replies:
                scenario = content.scenarios[scenarios[n % len(scenarios)]]
                app.post_message(_chosen(scenario))
                await pilot.pause()
                screen = app.screen
                assert isinstance(screen, ChatScreen)
                timed_send(screen.session, worker)
                while not screen.ended and sent < replies:
                    rubric = screen.dialogue.rubric
                    assert rubric is not None
                    text = rubric.answers[0] if n % 2 == 0 else POOR[n % len(POOR)]
                    app.focused.text = text  # type: ignore[union-attr]
                    await pilot.press("enter")
                    await app.workers.wait_for_complete()
                    await pilot.pause()
                    await pilot.pause()
                    sent += 1
                latencies.extend(screen.feedback_latencies)
                n += 1
                screen.dismiss()
                await pilot.pause()
        store.close()
    return latencies, worker


def _chosen(scenario):  # type: ignore[no-untyped-def]
    from trainer.ui.messages import ScenarioChosen

    return ScenarioChosen(scenario, "coach")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=60)
    args = parser.parse_args()
    latencies, worker = asyncio.run(run(args.replies))
    ms = sorted(x * 1000 for x in latencies)
    med = statistics.median(ms)
    p90 = ms[int(len(ms) * 0.9) - 1]
    print(f"Enter -> feedback shown  median {med:6.1f} ms  p90 {p90:6.1f} ms  max {ms[-1]:6.1f} ms"
          f"  ({len(ms)} replies)")
    print(f"  of which score+commit  median {statistics.median(worker) * 1000:6.1f} ms")
    print(f"target: median <= 100 ms -> {'met' if med <= 100 else 'NOT met'}")


if __name__ == "__main__":
    main()
