"""Save the README's screenshot of the chat screen: ``docs/screenshot-chat.svg``.

    python tools/screenshot.py [--out docs/screenshot-chat.svg] [--theme textual-dark]

Runs the app headless at 80×24 (Textual's Pilot) on a throw-away database,
opens a bundled scenario in coach mode, sends one reply and saves the screen as
an SVG with ``App.save_screenshot``. Fixed seed and clock: the same picture every run.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trainer.core.loader import load_content  # noqa: E402
from trainer.store import Store  # noqa: E402
from trainer.ui.app import make_app  # noqa: E402
from trainer.ui.config import NO_TYPING, PlayTarget, UiConfig  # noqa: E402

SCENARIO = "logistics-signed-not-received"
REPLY = "親，不好意思讓您著急了，我馬上聯系圓通快遞幫您查詢是誰簽收的。"


async def shoot(out: Path, theme: str) -> None:
    content, _ = load_content(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "shot.sqlite3")
        config = UiConfig(user="小明", typing=NO_TYPING, seed=7, tick=0, clock=lambda: 0.0,
                          now=lambda: datetime(2026, 11, 2, 10, 30),
                          play=PlayTarget(content.scenarios[SCENARIO]))
        app = make_app(content, store, config)
        async with app.run_test(size=(80, 24)) as pilot:
            app.theme = theme
            await pilot.pause()
            app.focused.text = REPLY  # type: ignore[union-attr]
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            out.parent.mkdir(parents=True, exist_ok=True)
            app.save_screenshot(filename=out.name, path=str(out.parent))
        store.close()
    print(f"saved {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot-chat.svg")
    parser.add_argument("--theme", default="textual-dark")
    args = parser.parse_args()
    asyncio.run(shoot(args.out, args.theme))


if __name__ == "__main__":
    main()
