"""The reply as authors' patterns see it: one script, half width, punctuation kept, and where its clauses begin.

``converted`` is NFKC + Traditional-to-Simplified, character for character (each
character keeps its place in what was typed, so a hit quotes the trainee's own
words); ``RegexText.of`` also drops spaces inside Chinese (加 我 微 信 is 加我微信).
``clause_start`` is where a denial stops reaching back: a break, or a space typed
between two words in place of a comma.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from trainer.core.normalise import to_simplified

BREAKS = frozenset(",.!?;:。、\n")  # where a denial stops reaching (in the regex form)
_SPACE = re.compile(r"\s")


@dataclass(frozen=True)
class RegexText:
    """A reply in the form patterns see, with each character's index in what was typed."""

    text: str
    origin: tuple[int, ...]

    @classmethod
    def of(cls, original: str) -> RegexText:
        """The reply in one script and half width, without spaces inside Chinese (加 我 微 信)."""
        form = converted(original)
        if _SPACE.search(form.text) is None:
            return form
        text, origin = form.text, form.origin
        keep = [i for i, c in enumerate(text) if not c.isspace() or _between_words(text, i)]
        return cls("".join(text[i] for i in keep), tuple(origin[i] for i in keep))

    def quote(self, original: str, start: int, end: int) -> str:
        if start >= end:
            return original
        return original[self.origin[start] : self.origin[end - 1] + 1]


@lru_cache(maxsize=16)  # a reply's node rules (the scorer) and house rules read it: convert it once
def converted(original: str) -> RegexText:
    """The reply in one script and half width (``regex_form``), character for character."""
    joined = unicodedata.normalize("NFKC", original)
    if len(joined) == len(original):  # the usual case: one character for one
        simplified = to_simplified(joined)
        if len(simplified) == len(joined):
            return RegexText(simplified, tuple(range(len(original))))
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(original):
        for c in unicodedata.normalize("NFKC", ch):
            chars.append(c)
            origin.append(i)
    joined = "".join(chars)
    simplified = to_simplified(joined)
    if len(simplified) != len(joined):  # a rare multi-character rule: convert one by one
        simplified = "".join(to_simplified(c)[:1] or c for c in chars)
    return RegexText(simplified, tuple(origin))


def _between_words(text: str, i: int) -> bool:
    """A space that separates two ASCII words or numbers (vivo X100, add my wechat) is kept."""
    j, k = i - 1, i + 1
    while j >= 0 and text[j].isspace():
        j -= 1
    while k < len(text) and text[k].isspace():
        k += 1
    return 0 <= j and k < len(text) and _ascii_word(text[j]) and _ascii_word(text[k])


def _ascii_word(c: str) -> bool:
    return c.isascii() and c.isalnum()


def clause_start(original: str, light: RegexText, start: int) -> int:
    """Where the clause holding ``start`` begins in the regex form: after the last break, or
    after a space typed between two words in place of a comma (「確實給不了 我做主給您8折吧」:
    the denial is another clause's). A space between single characters (加 我 微 信) is no break."""
    at = max((i + 1 for i, c in enumerate(light.text[:start]) if c in BREAKS), default=0)
    origin = light.origin
    for j in range(start, at, -1):
        if origin[j] - origin[j - 1] > 1 and _word_space(original, origin[j - 1] + 1, origin[j]):
            return j
    return at


def _word_space(original: str, a: int, b: int) -> bool:
    """Whether original[a:b] is spaces with at least two characters of text on each side."""
    if not original[a:b].isspace():
        return False
    left, right = original[max(0, a - 2) : a], original[b : b + 2]
    return len(left) == 2 == len(right) and not any(c.isspace() for c in left + right)
