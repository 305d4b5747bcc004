"""Homophone typos of pinyin input: 推款 for 退款, 以經 for 已經, 發或 for 發貨.

Trainees type with a pinyin input method, so their typos are characters that
*sound* like the right ones. A key phrase whose characters differ but whose
toneless pinyin matches is credited a little less than an exact match.

The rule against false friends: a homophone is a typo only when few characters
differ (one in a phrase of up to four, two in a longer one), no differing
character is a negation (不發 is not 補發), and no two-character word that a
differing character forms inside the window is a *known word* other than the phrase's own — known
words being pypinyin's phrase list, every thesaurus word and the thesaurus's
``false_homophones``. So 發火 (get angry) is never read as 發貨 (ship), and 推款,
which is no word, is read as 退款.

pypinyin's tables are read on first use, from its JSON files (importing the
package would cost ~0.5 s): the character readings when a rubric is prepared,
the word list only when a candidate typo has to be checked. A phrase's readings
are computed once, when its rubric is prepared; a reply's are looked up per
character (any of a polyphone's readings, cached) and only inside the few
windows that could be a typo of a phrase.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import unicodedata
from collections.abc import Collection
from functools import lru_cache
from pathlib import Path
from typing import Any

Sounds = tuple[frozenset[str], ...]  # per character: its toneless readings
NO_SOUND: frozenset[str] = frozenset()
NEGATING = frozenset("不没别未无非")  # folded (Simplified)


def _data(name: str) -> dict[str, Any]:
    """A pypinyin data table, read from its JSON file without importing pypinyin
    (whose ``__init__`` loads every table and costs ~0.5 s)."""
    spec = importlib.util.find_spec("pypinyin")
    folders = list(spec.submodule_search_locations or ()) if spec else []
    for folder in folders:
        path = Path(folder) / f"{name}.json"
        if path.is_file():
            data: dict[str, Any] = json.loads(path.read_text("utf-8"))
            return data
    module = importlib.import_module(f"pypinyin.{name}")  # an install without the JSON
    return {str(k): v for k, v in getattr(module, name).items()}


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    """Code point (as text) → its readings with tones, comma-separated."""
    return _data("pinyin_dict")


def _toneless(reading: str) -> str:
    reading = reading.replace("ü", "v")
    return "".join(c for c in unicodedata.normalize("NFD", reading) if not unicodedata.combining(c))


@lru_cache(maxsize=16384)
def readings(ch: str) -> frozenset[str]:
    """The toneless readings of one character (empty for non-Chinese characters)."""
    raw = _table().get(str(ord(ch))) if len(ch) == 1 else None
    return frozenset(_toneless(r) for r in raw.split(",")) if raw else NO_SOUND


def sounds(text: str) -> Sounds | None:
    """Per-character readings of a phrase, or None when it cannot have homophones
    (shorter than two characters, or not all Chinese)."""
    if len(text) < 2:
        return None
    out = tuple(readings(c) for c in text)
    return out if all(out) else None


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Two-character words pypinyin knows; read only when a candidate typo needs it."""
    return frozenset(k for k in _data("phrases_dict") if len(k) == 2)


def max_typos(n: int) -> int:
    """How many characters of an ``n``-character phrase may be homophone typos."""
    return 1 if n <= 4 else 2


def find_homophone(phrase: str, sound: Sounds, text: str, known: Collection[str]) -> int:
    """The first start in ``text`` of a homophone typo of ``phrase``, or -1.

    With at most d typos, one of the phrase's first d + 1 characters is typed
    right, so candidate windows are found with ``str.find`` alone: the reply's
    pinyin is only looked up (cached per character) inside those windows.
    """
    n, d = len(phrase), max_typos(len(phrase))
    starts: set[int] = set()
    for k in range(min(d + 1, n)):
        pos = text.find(phrase[k])
        while pos >= 0:
            if 0 <= pos - k <= len(text) - n:
                starts.add(pos - k)
            pos = text.find(phrase[k], pos + 1)
    for i in sorted(starts):
        window = text[i : i + n]
        if window != phrase and _sounds_like(sound, window) and _typo(phrase, window, known):
            return i
    return -1


def _sounds_like(sound: Sounds, window: str) -> bool:
    return all(s & readings(c) for s, c in zip(sound, window, strict=True))


def _typo(phrase: str, window: str, known: Collection[str]) -> bool:
    """Few characters differ, and none of them makes another known word."""
    diff = [j for j, (a, b) in enumerate(zip(phrase, window, strict=True)) if a != b]
    if len(diff) > max_typos(len(phrase)):
        return False
    words = common_words()
    for j in diff:
        if window[j] in NEGATING:  # 不發 is a refusal, never a typo of 補發
            return False
        for a in (j - 1, j):
            if a < 0 or a + 2 > len(window):
                continue
            pair, own = window[a : a + 2], phrase[a : a + 2]
            if pair != own and (pair in words or pair in known):
                return False
    return True
