"""Benchmark: peak memory of the app after a 20-turn conversation.

    python bench/ui_memory.py [--turns 20]

Each figure is the peak resident set size (``ru_maxrss``) of a fresh process
running the app headless at 80×24:

- ``hello``: a bare Textual app with one Input (the baseline);
- ``ready``: the trainer app with the content loaded, the chat screen open;
- ``N turns``: the same after N replies in coach mode (every reply scored,
  committed to a database file, its feedback panel mounted in the transcript).

The conversation is a bundled scenario's first node repeated as a linear chain
of N nodes, so it lasts exactly N turns. No target; no assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = "logistics-signed-not-received"


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


async def hello() -> None:
    from textual.app import App
    from textual.widgets import Input

    class Hello(App[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            yield Input(placeholder="hello")

    async with Hello().run_test(size=(80, 24)) as pilot:
        await pilot.pause()


def chain(content, turns: int):  # type: ignore[no-untyped-def]
    """A scenario of ``turns`` copies of a bundled node, one after another, then an ending."""
    from trainer.core.models import NextRule, Node

    base = content.scenarios[SCENARIO]
    first = base.nodes[base.start]
    nodes = {f"n{i}": dataclasses.replace(first, id=f"n{i}", next=(NextRule(goto=f"n{i + 1}"),))
             for i in range(turns)}
    nodes[f"n{turns}"] = Node(id=f"n{turns}", buyer=("好，謝謝。",), end="resolved")
    return dataclasses.replace(base, id="bench-chain", start="n0", nodes=nodes)


async def trainer(turns: int, replies: int) -> None:
    sys.path.insert(0, str(ROOT))
    from trainer.core.loader import load_content
    from trainer.store import Store
    from trainer.ui.app import make_app
    from trainer.ui.config import NO_TYPING, PlayTarget, UiConfig

    content, _ = load_content(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.sqlite3")
        play = PlayTarget(chain(content, turns))
        app = make_app(content, store, UiConfig(user="bench", typing=NO_TYPING, seed=1, tick=0,
                                                play=play))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for i in range(replies):
                screen = app.screen
                answer = screen.dialogue.rubric.answers[i % 2]  # type: ignore[attr-defined]
                app.focused.text = answer if i % 3 else "好的，我幫您查一下。"  # type: ignore[union-attr]
                await pilot.press("enter")
                await app.workers.wait_for_complete()
                await pilot.pause()
            assert app.screen.ended == (replies == turns)  # type: ignore[attr-defined]
        store.close()


def child(kind: str, turns: int) -> None:
    if kind == "hello":
        asyncio.run(hello())
    else:
        asyncio.run(trainer(turns, turns if kind == "trainer" else 0))
    print(f"{peak_mib():.1f}")


def measure(kind: str, turns: int) -> float:
    out = subprocess.run([sys.executable, __file__, "--child", kind, "--turns", str(turns)],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=20)
    parser.add_argument("--child", choices=("hello", "ready", "trainer"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.turns)
        return
    base = measure("hello", 0)
    ready = measure("ready", args.turns)
    full = measure("trainer", args.turns)
    print(f"{'hello (bare Textual)':24} peak RSS {base:6.1f} MiB")
    print(f"{'trainer, chat ready':24} peak RSS {ready:6.1f} MiB  ({ready - base:+.1f} MiB)")
    print(f"{f'trainer, {args.turns} turns':24} peak RSS {full:6.1f} MiB  ({full - ready:+.1f} MiB "
          f"for the conversation, {(full - ready) / max(args.turns, 1) * 1024:.0f} KiB a turn)")


if __name__ == "__main__":
    main()
