"""Finding a phrase in a reply, exactly or as a close variant, and text similarity.

All functions work on *canonical* text: folded (``normalise.fold``) and with the
thesaurus applied (``Lexicon.canonical``).
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from trainer.core.lexicon import Lexicon
from trainer.core.normalise import fold, fold_map


@dataclass(frozen=True)
class Text:
    """A text in canonical form, with each character's span in the original."""

    original: str
    folded: str  # before the thesaurus
    canon: str  # after the thesaurus
    starts: tuple[int, ...]  # per canonical character: its span in the original
    ends: tuple[int, ...]
    fstarts: tuple[int, ...]  # per folded character
    fends: tuple[int, ...]

    @classmethod
    def of(cls, original: str, lexicon: Lexicon) -> Text:
        folded, fstarts, fends = fold_map(original)
        chars, cstarts, cends = lexicon.canonical_spans((list(folded), fstarts, fends))
        return cls(
            original, folded, "".join(chars),
            tuple(cstarts), tuple(cends), tuple(fstarts), tuple(fends),
        )

    def quote(self, start: int, end: int, folded: bool = False) -> str:
        """The original text behind canonical (or folded) characters [start, end)."""
        starts, ends = (self.fstarts, self.fends) if folded else (self.starts, self.ends)
        if start >= end or end > len(starts):
            return ""
        return self.original[starts[start] : ends[end - 1]]


@dataclass(frozen=True)
class Phrase:
    """A rubric phrase prepared once at load."""

    original: str
    folded: str
    canon: str

    @classmethod
    def of(cls, original: str, lexicon: Lexicon) -> Phrase:
        folded = fold(original)
        return cls(original, folded, lexicon.canonical(folded))


@dataclass(frozen=True)
class Match:
    """Where and how well a phrase was found."""

    credit: float
    start: int
    end: int
    how: str
    folded: bool = False  # start/end index the folded text, not the canonical one


def find_phrase(phrase: Phrase, reply: Text, threshold: float) -> Match | None:
    """Find ``phrase`` in ``reply``: exactly, through the thesaurus, or fuzzily."""
    p = phrase.canon
    if not p:
        return None
    at = find_unnegated(p, reply.canon)
    if at >= 0:
        how = "exact" if phrase.folded in reply.folded else "thesaurus"
        return Match(1.0, at, at + len(p), how)
    # Two-character phrases are too short to vary: a one-character slip is
    # another word (退款 vs 退貨); _fuzzy and _gapped only see longer ones.
    # Close variants are sought on both forms: through the thesaurus, and as the
    # author wrote it (a typo inside a thesaurus word hides it from the thesaurus).
    for q, text, folded in ((p, reply.canon, False), (phrase.folded, reply.folded, True)):
        if len(q) < 3 or len(set(q).intersection(text)) < 0.6 * len(set(p)):
            continue
        m = _fuzzy(q, text, threshold) or _gapped(q, text)
        if m is not None and (q[0] in NEGATORS or not negated(text, m.start)):
            return Match(m.credit, m.start, m.end, m.how, folded)
    return None


# A phrase right after one of these is denied, not said (不退款, 沒有對比圖).
NEGATORS = frozenset("不没别未无非")
NEGATING_WORDS = (
    "没有", "不是", "不能", "不会", "无法", "不用", "不必", "不需要", "不可以", "不给", "不要",
    "不会说", "不该", "不应", "不应该", "避免", "禁止", "杜绝",
)


def negated(text: str, at: int) -> bool:
    """Whether the text at ``at`` is directly preceded by a negation (folded text)."""
    if at <= 0:
        return False
    return text[at - 1] in NEGATORS or any(text.endswith(w, 0, at) for w in NEGATING_WORDS)


def find_unnegated(p: str, text: str) -> int:
    """The first occurrence of ``p`` in ``text`` not directly negated, or -1."""
    if p[0] in NEGATORS:
        return text.find(p)  # the phrase carries its own negation
    at = text.find(p)
    while at > 0 and negated(text, at):
        at = text.find(p, at + 1)
    return at


def _fuzzy(p: str, text: str, threshold: float) -> Match | None:
    """A typo or two characters swapped: the best same-length window is close."""
    need = 100.0 if len(p) == 3 else threshold
    al = fuzz.partial_ratio_alignment(p, text, score_cutoff=need - 0.01)
    if al is None:
        return None
    window = text[al.dest_start : al.dest_end]
    if len(p) == 3 and sorted(window) != sorted(p):
        return None
    return Match(round(0.9 * al.score / 100, 3), al.dest_start, al.dest_end, "fuzzy")


def _gapped(p: str, text: str) -> Match | None:
    """The phrase's characters in order with a short word inserted (聯繫一下快遞)."""
    limit = len(p) + max(2, len(p) // 2)
    first = p[0]
    start = text.find(first)
    while start >= 0:
        i, j = 1, start + 1
        while i < len(p) and j < len(text) and j - start < limit:
            if text[j] == p[i]:
                i += 1
            j += 1
        if i == len(p):
            return Match(0.85, start, j, "fuzzy")
        start = text.find(first, start + 1)
    return None


def bigrams(s: str) -> frozenset[str]:
    """Character bigrams (a single character for one-character texts)."""
    if len(s) < 2:
        return frozenset(s)
    return frozenset(s[i : i + 2] for i in range(len(s) - 1))


def similarity(a: str, a_grams: frozenset[str], b: str, b_grams: frozenset[str]) -> float:
    """0..1: the better of edit-distance ratio and bigram overlap (order-free)."""
    if not a or not b:
        return 0.0
    ratio = fuzz.ratio(a, b) / 100
    dice = 2 * len(a_grams & b_grams) / (len(a_grams) + len(b_grams))
    return max(ratio, dice)
