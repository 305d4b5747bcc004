"""UI words and the display script: every string the app shows goes through ``Display``.

The UI and the bundled content are written in Traditional Chinese; with the
``hans`` script, ``Display.t`` converts what is shown (content and UI text alike)
to Simplified. Scoring never sees this: it always gets the trainee's own text.

Text is data, never markup: names, replies and content strings may hold ``[b]``,
``[/]`` or ``[@click=…]``. Widgets get ``markup=False``, Rich ``Text`` or a
``Content`` from ``plain``; data tables get ``cells``. Control characters (an
ESC would reach the terminal as it is) are shown as their Unicode pictures.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from functools import lru_cache

from rich.text import Text
from textual.content import Content
from textual.dom import DOMNode

OUTCOMES = {"resolved": "已解決", "escalated": "已升級", "lost": "已流失"}
MODE_NAMES = {"coach": "教練模式", "exam": "考試模式"}
MODE_HELP = {
    "coach": "每句回覆後顯示分數、要點、觸犯的規則和參考答案",
    "exam": "對話結束前不顯示任何講評，也不顯示參考答案",
}
# Mood (0 calm … 100 furious) in words, so the meter reads without colour.
MOOD_WORDS = ((20, "平靜", "calm"), (40, "還好", "ok"), (60, "不耐煩", "annoyed"),
              (80, "生氣", "angry"), (101, "暴怒", "furious"))


# A YAML folded scalar (``>-``) joins its lines with a space, which in Chinese is
# a stray gap (and a place where the text wraps early): drop it between CJK characters.
# (A scan, not one regex with CJK ranges: compiling those took ~3 ms of every start.)
_GAP = re.compile(r"[ \t\n]+")


def _is_cjk(char: str) -> bool:
    return "\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\uff00" <= char <= "\uffef"


def drop_cjk_gaps(text: str) -> str:
    """``text`` without the spaces and line breaks that sit between two CJK characters."""
    def gap(match: re.Match[str]) -> str:
        start, end = match.span()
        between = 0 < start and end < len(text) and _is_cjk(text[start - 1]) and _is_cjk(text[end])
        return "" if between else match.group()
    return _GAP.sub(gap, text)


# C0 controls (but tab and newline), DEL and C1 controls: each shown as a visible stand-in.
_VISIBLE = ({c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A)} | {0x0D: None, 0x7F: 0x2421}
            | {c: 0xFFFD for c in range(0x80, 0xA0)})


# For ``Input(restrict=...)``: a one-line field never takes a control character (a pasted ESC
# would be drawn raw to the terminal by the field itself).
NO_CONTROL = r"[^\x00-\x1f\x7f-\x9f]*"


def visible(text: str) -> str:
    """``text`` with control characters replaced by visible stand-ins (``\\x1b`` → ``␛``)."""
    return text.translate(_VISIBLE)


def plain(text: str) -> Content:
    """``text`` shown exactly as it is: never parsed as markup."""
    return Content(visible(text))


def cell(value: str | Text) -> Text:
    """A data-table cell, column label or ``Select`` option (they parse strings as markup)."""
    return Text(visible(value), end="") if isinstance(value, str) else value


def cells(*values: str | Text) -> list[Text]:
    """A data-table row: every string a literal ``Text``."""
    return [cell(v) for v in values]


def mood_word(mood: int) -> tuple[str, str]:
    """The word for a mood and its CSS class suffix: ``mood_word(62) == ("生氣", "angry")``."""
    for limit, word, css in MOOD_WORDS:
        if mood < limit:
            return word, css
    return MOOD_WORDS[-1][1], MOOD_WORDS[-1][2]


def difficulty_stars(level: int) -> str:
    return "★" * max(0, min(level, 5)) + "☆" * max(0, 5 - level)


# Numbers, one rule on every screen: a score (an answer, a total, a dimension, an average) is a
# whole number; a rate (字/分鐘, 正確率, how often a point is missed) has one decimal. Halves
# round up, as people round: 40.5 → 41, not Python's 40.


def score_text(value: float | None, none: str = "—") -> str:
    """A score as shown: ``40.5`` → ``41``; ``none`` when there is none."""
    return none if value is None else str(math.floor(value + 0.5))


def rate_text(value: float | None, none: str = "—") -> str:
    """A rate as shown: ``87.25`` → ``87.3``, ``92`` → ``92.0``; ``none`` when there is none."""
    return none if value is None else f"{math.floor(value * 10 + 0.5) / 10:.1f}"


def clock_text(seconds: float) -> str:
    """``75.2`` → ``1:15``."""
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


class Display:
    """Converts shown text to the display script (``hant`` leaves it alone)."""

    def __init__(self, script: str = "hant") -> None:
        self.script = script

    def t(self, text: str) -> str:
        """``text`` to show: in the display script, control characters made visible (never markup)."""
        if self.script != "hans" or not text:
            return visible(text)
        return visible(_simplified(text))

    def plain(self, text: str) -> Content:
        """``text`` in the display script as literal ``Content`` (for widgets that parse strings)."""
        return plain(self.t(text))

    def content(self, text: str) -> str:
        """Content text (a brief, a buyer line, a model answer): tidied, then converted."""
        return self.t(drop_cjk_gaps(text))

    def bindings(self, node: DOMNode) -> None:
        """Convert the descriptions of ``node``'s key bindings (shown in the footer).

        Bindings are declared once per class in Traditional; each node holds its
        own copy of the map, so converting it here affects this run only. The
        copy is taken afresh from the class, so a change of script converts back too.
        """
        merged = type(node)._merged_bindings  # the class's own words: converting again starts from them
        if merged is not None:
            node._bindings = merged.copy()
        if self.script != "hans":
            return
        table = node._bindings.key_to_bindings  # no public setter in Textual 8
        for key, bindings in table.items():
            table[key] = [replace(b, description=self.t(b.description),
                                  tooltip=self.t(b.tooltip)) for b in bindings]


@lru_cache(maxsize=4096)
def _simplified(text: str) -> str:
    from trainer.core.normalise import to_simplified  # OpenCC loads once, on first use

    return to_simplified(text)
