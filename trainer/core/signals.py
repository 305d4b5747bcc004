"""Measuring the penalty signals that are not rules: insults and keyword stuffing.

Pure functions on a reply's ``Text`` (see ``trainer.core.matching``), used by
the scorer; the registry of signals (names, labels, advice) is
``trainer.core.dimensions``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from trainer.core.matching import Phrase, Text
from trainer.core.normalise import fold

Span = tuple[int, int, bool]  # [start, end) and whether it indexes the folded text (else canonical)


def innocent_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for the innocent words (longest first), folded like replies."""
    folded = sorted({fold(w) for w in words} - {""}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, folded))) if folded else None


def blank(folded: str, innocent: re.Pattern[str] | None) -> str:
    """``folded`` with innocent words (滾動, 傻瓜相機) blanked out, same length."""
    return innocent.sub(lambda m: "|" * len(m.group(0)), folded) if innocent else folded


def insult_quotes(text: Text, blanked: str, insults: Sequence[str]) -> list[str]:
    """What the trainee typed for each insult, overlapping ones as one (你有病 + 有病吧)."""
    if not any(f and f in blanked for f in insults):
        return []
    flags = [False] * len(blanked)
    for f in insults:
        at = blanked.find(f) if f else -1
        while at >= 0:
            flags[at : at + len(f)] = [True] * len(f)
            at = blanked.find(f, at + len(f))
    return [text.quote(a, b, folded=True) for a, b in runs(flags)]


def phrase_pattern(phrases: Iterable[Phrase]) -> re.Pattern[str] | None:
    """One pattern for a rubric's key phrases (canonical form, longest first), built once."""
    canon = sorted({p.canon for p in phrases} - {""}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, canon))) if canon else None


def phrase_spans(text: Text, pattern: re.Pattern[str] | None, spans: Iterable[Span]) -> list[tuple[int, int]]:
    """The original-text extents of ``spans`` and of the key phrases ``pattern`` finds."""
    every = list(spans)
    if pattern is not None:
        every += [(m.start(), m.end(), False) for m in pattern.finditer(text.canon)]
    out = []
    for start, end, on_folded in every:
        starts, ends = (text.fstarts, text.fends) if on_folded else (text.starts, text.ends)
        if start < end <= len(starts):
            out.append((starts[start], ends[end - 1]))
    return out


def covered(text: Text, extents: Iterable[tuple[int, int]]) -> list[bool]:
    """Per folded character: inside one of the original-text ``extents``."""
    inside = [False] * len(text.original)
    for a, b in extents:
        inside[a:b] = [True] * (b - a)
    return [inside[i] for i in text.fstarts]


def stuffing_quote(
    text: Text, pattern: re.Pattern[str] | None, spans: Iterable[Span], share: float
) -> str | None:
    """The key phrases typed, if they are at least ``share`` of the reply; else None.

    A sentence needs words of its own around its key phrases (who does what,
    when, for whom); a list of keywords is almost nothing but them, however it
    is separated (spaces, commas, 、, new lines all fold away).
    """
    n = len(text.folded)
    extents = phrase_spans(text, pattern, spans)
    # The extents' total length bounds what they cover: most replies stop here.
    if not n or sum(b - a for a, b in extents) < share * n:
        return None
    flags = covered(text, extents)
    if sum(flags) < share * n:
        return None
    return "、".join(text.quote(a, b, folded=True) for a, b in runs(flags))


def runs(flags: list[bool]) -> list[tuple[int, int]]:
    """The [start, end) runs of True in ``flags``."""
    out: list[tuple[int, int]] = []
    start = None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            out.append((start, i))
            start = None
    return out
