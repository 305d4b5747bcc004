"""The scoring dimensions and penalty signals, in one registry.

A score is a weighted sum of *dimensions* (each 0..100 in a ``Result``), then
lowered by *signals*: penalties and caps such as a broken rule, an insult or a
list of keywords. Every renderer — the chat feedback, the debrief, the
interviewer's console, the candidate report, ``trainer score`` — loops over
``DIMENSIONS`` and ``SIGNALS`` instead of naming them, so a new one is one
entry here (and its measure in the scorer).

Stored results (``Result.to_dict()`` in the database) are read back with
``dimension_values`` and ``signal_hits``, which also understand rows written
before signals were recorded.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Dimension:
    """A part of the weighted score: its key, its Chinese label, its default weight."""

    name: str  # key in Result.dimensions, in `score --json` and in stored rows
    label: str
    weight: float  # default; scoring.yaml overrides it as `weight_<name>`
    # Below ``low`` (0..100), a reply that has every key point is told ``advice`` instead of
    # "good" (None: never; a reply in the trainee's own words is rightly far from the models).
    low: float | None = None
    advice: str = ""

    @property
    def setting(self) -> str:
        return f"weight_{self.name}"


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("coverage", "要點", 0.60),
    Dimension("similarity", "相似", 0.25),
    # 60 is one polite word (trainer.core.scorer.dim_tone): with none, the reply sounds curt.
    Dimension("tone", "語氣", 0.15, low=60, advice="語氣可以再親切一些，稱呼「親」或「您」，說聲「抱歉」「謝謝」。"),
)


@dataclass(frozen=True)
class Signal:
    """A penalty or cap: its key, its Chinese label and the advice it gives.

    ``advice`` may use ``{quote}`` (what the trainee typed), ``{why}`` (why the
    rule matters) and ``{reply}`` (「回覆買家」 in chat, 「回答」 in an interview).
    ``SIGNALS`` is in order of importance: the feedback sentence gives the
    advice of the first signal that fired.
    """

    name: str  # key in Result.caps / Result.signals
    label: str
    advice: str
    caps: bool = True  # False: a penalty on the score, not a cap
    listed: bool = True  # False: said in the feedback sentence only, not as a mark (an empty reply)


SIGNALS: tuple[Signal, ...] = (
    Signal("empty", "空白回覆", "沒有收到回覆內容，請輸入您要對買家說的話。", listed=False),
    Signal("avoid", "觸犯規則", "觸犯規則「{quote}」：{why}"),
    Signal("insult", "侮辱或打發對方",
           "「{quote}」是侮辱或打發對方的話，一定不及格；請先道歉、安撫，再說明處理方式。"),
    Signal("echo", "重複對方的話", "只是重複了買家的話，請針對買家的問題給出處理方式。"),
    Signal("rude", "不禮貌", "語氣不禮貌（「{quote}」），先安撫買家，再說明處理方式。", caps=False),
    Signal("stuffing", "只列出關鍵詞", "只列出了關鍵詞，請用完整的句子{reply}。"),
    Signal("repeat", "重複同一段話", "同一段話（「{quote}…」）說了好幾遍，請把要說的話好好說一次。"),
    Signal("short", "回覆太短", "回覆太短，請把處理方式和要點說清楚。"),
)
SIGNAL_BY_NAME: Mapping[str, Signal] = {s.name: s for s in SIGNALS}


@dataclass(frozen=True)
class SignalHit:
    """A signal that fired on one reply, with what set it off."""

    signal: str  # a SIGNALS name
    quote: str = ""  # the trainee's own words, as typed
    why: str = ""  # for a broken rule: why it matters

    @property
    def label(self) -> str:
        found = SIGNAL_BY_NAME.get(self.signal)
        return found.label if found else self.signal

    @property
    def listed(self) -> bool:
        """Whether renderers list it as a mark (✗ / ⚠ line); unknown signals are."""
        found = SIGNAL_BY_NAME.get(self.signal)
        return found.listed if found else True

    def detail(self) -> str:
        """What set it off and why it matters: 「你有病吧」 or 「加我微信」：站外交易…"""
        quote = f"「{self.quote}」" if self.quote else ""
        why = f"：{self.why}" if self.why else ""
        return quote + why

    def mark(self) -> str:
        """One line for a list of marks: the label, then the detail."""
        return self.label + self.detail()

    def advice(self, kind: str = "chat") -> str:
        found = SIGNAL_BY_NAME.get(self.signal)
        if found is None:
            return self.mark()
        reply = "回答" if kind == "interview" else "回覆買家"
        return found.advice.format(quote=self.quote, why=self.why, reply=reply)

    def to_dict(self) -> dict[str, str]:
        return {"signal": self.signal, "quote": self.quote, "why": self.why}


def ordered(hits: list[SignalHit]) -> tuple[SignalHit, ...]:
    """Hits in registry order (most important first), keeping their own order within a signal."""
    rank = {s.name: i for i, s in enumerate(SIGNALS)}
    return tuple(sorted(hits, key=lambda h: rank.get(h.signal, len(rank))))


def dimension_values(data: Mapping[str, Any]) -> list[tuple[Dimension, float]]:
    """The dimensions a stored result has, in registry order (old rows lack new ones)."""
    dims = data.get("dimensions") if isinstance(data, Mapping) else None
    if not isinstance(dims, Mapping):
        return []
    out = []
    for d in DIMENSIONS:
        value = dims.get(d.name)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            out.append((d, float(value)))
    return out


def dimensions_line(data: Mapping[str, Any]) -> str:
    """``要點 67 · 相似 80 · 語氣 90`` for a stored (or fresh) result dict: whole, halves up (the screens' rule)."""
    return " · ".join(f"{d.label} {math.floor(value + 0.5)}" for d, value in dimension_values(data))


def signal_hits(data: Mapping[str, Any]) -> tuple[SignalHit, ...]:
    """The signals of a stored result; rows from before ``signals`` are rebuilt from their parts."""
    if not isinstance(data, Mapping):
        return ()
    stored = data.get("signals")
    if isinstance(stored, list):
        return tuple(
            SignalHit(str(s.get("signal", "")), str(s.get("quote") or ""), str(s.get("why") or ""))
            for s in stored if isinstance(s, Mapping)
        )
    hits = [SignalHit("avoid", str(a.get("matched") or ""), str(a.get("why") or ""))
            for a in data.get("avoid") or () if isinstance(a, Mapping)]
    hits += [SignalHit("rude", str(word)) for word in data.get("rude") or ()]
    hits += [SignalHit(str(c)) for c in data.get("caps") or () if c in ("echo", "short", "empty")]
    return ordered(hits)
