"""Finding a phrase in a reply, exactly or as a close variant, and text similarity.

A phrase is sought, in order (the first way that finds it wins):

1. in the canonical reply (folded, thesaurus applied): ``exact`` if the reply has
   the phrase's own words, else ``thesaurus``;
2. in the folded reply, as the author wrote it: a phrase inside a longer compound
   that the thesaurus rewrote (單號 in 快遞單號) is still ``exact``;
3. in the broadened reply, where narrower terms read as their broader one
   (順豐 → 快遞): ``thesaurus``;
4. as a pinyin homophone typo (推款 → 退款): ``homophone``, see ``trainer.core.pinyin``;
5. fuzzily: a typo, a swap or a short word inserted: ``fuzzy``.

Every way skips an occurrence that is directly negated (不退款) or that sits
inside a compound the thesaurus's ``not_inside`` forbids (單號 in 訂單號).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from trainer.core import pinyin
from trainer.core.lexicon import NO_REMAP, Lexicon, Remap
from trainer.core.normalise import fold, fold_map

HOMOPHONE_CREDIT = 0.9  # a little less than an exact match


@dataclass(frozen=True)
class Broad:
    """A text with its narrower terms read as their broader ones (順豐 → 快遞)."""

    folded: str
    fmap: Remap  # broadened folded → folded
    canon: str
    cmap: Remap  # broadened canonical → broadened folded


@dataclass(frozen=True)
class Text:
    """A text in folded and canonical form, able to quote the original behind either."""

    original: str
    folded: str  # before the thesaurus
    canon: str  # after the thesaurus
    fstarts: tuple[int, ...]  # per folded character: its span in the original
    fends: tuple[int, ...]
    cmap: Remap = NO_REMAP  # canonical → folded
    broad: Broad | None = None  # None: the text names no narrower term

    @classmethod
    def of(cls, original: str, lexicon: Lexicon) -> Text:
        folded, fstarts, fends = fold_map(original)
        canon, cmap = lexicon.canonical_map(folded)
        broad = None
        broadened = lexicon.broadened_map(folded)
        if broadened is not None:
            bfolded, fmap = broadened
            broad = Broad(bfolded, fmap, *lexicon.canonical_map(bfolded))
        return cls(original, folded, canon, tuple(fstarts), tuple(fends), cmap, broad)

    def quote(self, start: int, end: int, folded: str | bool = False) -> str:
        """The original text behind characters [start, end) of one form of the text:
        "canon" (or False), "folded" (or True), "broad" or "broad_folded"."""
        span = self.origin(start, end, folded)
        return self.original[span[0] : span[1]] if span is not None else ""

    def origin(self, start: int, end: int, folded: str | bool = False) -> tuple[int, int] | None:
        """The [start, end) in the original text behind characters [start, end) of one form."""
        space = "folded" if folded is True else "canon" if folded is False else folded
        if space in ("broad", "broad_folded") and self.broad is None:
            return None
        form = {"folded": self.folded, "canon": self.canon}.get(space, "")
        if self.broad is not None and space in ("broad", "broad_folded"):
            form = self.broad.canon if space == "broad" else self.broad.folded
        if start >= end or end > len(form):
            return None
        if space == "canon":
            start, end = self.cmap.back(start, end)
        elif self.broad is not None and space in ("broad", "broad_folded"):
            if space == "broad":
                start, end = self.broad.cmap.back(start, end)
            start, end = self.broad.fmap.back(start, end)
        return self.fstarts[start], self.fends[end - 1]


@dataclass(frozen=True)
class Phrase:
    """A rubric phrase prepared once at load."""

    original: str
    folded: str
    canon: str
    # (word, compound) pairs of ``not_inside`` that concern this phrase, per form.
    blocks_canon: tuple[tuple[str, str], ...] = ()
    blocks_folded: tuple[tuple[str, str], ...] = ()
    sounds: tuple[tuple[str, pinyin.Sounds], ...] = ()  # (form, its readings) for homophones
    known: frozenset[str] = frozenset()  # words a homophone must not be
    # Narrower terms the phrase names (圓通), per form: a close variant must name
    # one too, or 聯繫中通 would pass for 聯繫圓通 as a one-character slip.
    named_canon: tuple[str, ...] = ()
    named_folded: tuple[str, ...] = ()

    @classmethod
    def of(cls, original: str, lexicon: Lexicon, homophones: bool = True) -> Phrase:
        folded = fold(original)
        canon = lexicon.canonical(folded)
        sounds: list[tuple[str, pinyin.Sounds]] = []
        if homophones:
            for form in dict.fromkeys((folded, canon)):
                s = pinyin.sounds(form)
                if s is not None:
                    sounds.append((form, s))
        named = [w for w in lexicon.narrow_words() if w in folded]
        return cls(
            original, folded, canon,
            _blocks(canon, lexicon, canonical=True), _blocks(folded, lexicon, canonical=False),
            tuple(sounds), lexicon.words() if sounds else frozenset(),
            tuple(dict.fromkeys(lexicon.canonical(w) for w in named)), tuple(named),
        )


def _blocks(p: str, lexicon: Lexicon, canonical: bool) -> tuple[tuple[str, str], ...]:
    """The ``not_inside`` pairs whose word is in ``p`` and whose compound is not."""
    out = []
    for word, compounds in lexicon.not_inside.items():
        w = lexicon.canonical(word) if canonical else word
        if w not in p:
            continue
        for c in compounds:
            c = lexicon.canonical(c) if canonical else c
            if w in c and c not in p:
                out.append((w, c))
    return tuple(out)


def inside_compound(text: str, start: int, end: int, blocks: tuple[tuple[str, str], ...]) -> bool:
    """Whether a blocked word within text[start:end] is part of its forbidden compound."""
    for word, compound in blocks:
        q = text.find(word, start)
        while 0 <= q and q + len(word) <= end:
            k = compound.find(word)
            while k >= 0:
                if text.startswith(compound, q - k) and q >= k:
                    return True
                k = compound.find(word, k + 1)
            q = text.find(word, q + 1)
    return False


@dataclass(frozen=True)
class Match:
    """Where and how well a phrase was found."""

    credit: float
    start: int
    end: int
    how: str
    space: str = "canon"  # the form start/end index: canon | folded | broad | broad_folded

    @property
    def folded(self) -> bool:
        return self.space == "folded"


def find_phrase(phrase: Phrase, reply: Text, threshold: float) -> Match | None:
    """Find ``phrase`` in ``reply``: exactly, through the thesaurus, or as a variant."""
    p = phrase.canon
    if not p:
        return None
    at = _find_clean(p, reply.canon, phrase.blocks_canon)
    if at >= 0:
        how = "exact" if phrase.folded in reply.folded else "thesaurus"
        return Match(1.0, at, at + len(p), how)
    if phrase.folded != p or reply.folded != reply.canon:
        at = _find_clean(phrase.folded, reply.folded, phrase.blocks_folded)
        if at >= 0:  # inside a compound the thesaurus rewrote (單號 in 快遞單號)
            return Match(1.0, at, at + len(phrase.folded), "exact", "folded")
    if reply.broad is not None:  # a narrower term (順豐 for 快遞)
        b = reply.broad
        at = _find_clean(p, b.canon, phrase.blocks_canon)
        if at >= 0:
            return Match(1.0, at, at + len(p), "thesaurus", "broad")
        at = _find_clean(phrase.folded, b.folded, phrase.blocks_folded)
        if at >= 0:
            return Match(1.0, at, at + len(phrase.folded), "thesaurus", "broad_folded")
    return _homophone(phrase, reply) or _variant(phrase, reply, threshold)


def _find_clean(p: str, text: str, blocks: tuple[tuple[str, str], ...]) -> int:
    """The first occurrence of ``p`` neither negated nor inside a forbidden compound."""
    at = find_unnegated(p, text)
    while at >= 0 and blocks and inside_compound(text, at, at + len(p), blocks):
        at = find_unnegated(p, text, at + 1)
    return at


def _homophone(phrase: Phrase, reply: Text) -> Match | None:
    for form, sound in phrase.sounds:
        at = pinyin.find_homophone(form, sound, reply.folded, phrase.known)
        end = at + len(form)
        if at >= 0 and not negated(reply.folded, at) and not inside_compound(
            reply.folded, at, end, phrase.blocks_folded
        ):
            return Match(HOMOPHONE_CREDIT, at, end, "homophone", "folded")
    return None


def _variant(phrase: Phrase, reply: Text, threshold: float) -> Match | None:
    """A typo, a swap or an inserted word (phrases of three characters or more)."""
    p = phrase.canon
    # Two-character phrases are too short to vary: a one-character slip is
    # another word (退款 vs 退貨); _fuzzy and _gapped only see longer ones.
    # Close variants are sought on both forms: through the thesaurus, and as the
    # author wrote it (a typo inside a thesaurus word hides it from the thesaurus).
    forms = (
        (p, reply.canon, "canon", phrase.blocks_canon, phrase.named_canon),
        (phrase.folded, reply.folded, "folded", phrase.blocks_folded, phrase.named_folded),
    )
    for q, text, space, blocks, named in forms:
        if len(q) < 3 or len(set(q).intersection(text)) < 0.6 * len(set(p)):
            continue
        m = _fuzzy(q, text, threshold) or _gapped(q, text)
        if m is None or (q[0] not in NEGATORS and negated(text, m.start)):
            continue
        window = text[m.start : m.end]
        if named and not any(w in window for w in named):
            continue  # another courier is no typo of this one
        if sum(c in NEGATORS for c in window) < sum(c in NEGATORS for c in q):
            continue  # 有問題 is no variant of 沒有問題: without its negation it says the opposite
        # Who does it is no typo: 我們這邊來承擔 is no variant of 您來承擔. The person may stand
        # just before the window (您不用出運費 for 不用您出).
        near = text[max(0, m.start - 2) : m.end + 1]
        if any(sum(map(near.count, who)) < sum(map(q.count, who)) for who in PERSONS):
            continue
        if not inside_compound(text, m.start, m.end, blocks):
            return Match(m.credit, m.start, m.end, m.how, space)
    return None


# The persons of a phrase (folded), each one whichever way it is written (您 or 你): a close
# variant keeps them.
PERSONS = ("您你", "我", "他她")

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
    return text[at - 1] in NEGATORS or text.endswith(NEGATING_WORDS, 0, at)


def find_unnegated(p: str, text: str, start: int = 0) -> int:
    """The first occurrence of ``p`` in ``text`` (from ``start``) not directly negated, or -1."""
    if p[0] in NEGATORS:
        return text.find(p, start)  # the phrase carries its own negation
    at = text.find(p, start)
    while at > 0 and negated(text, at):
        at = text.find(p, at + 1)
    return at


# Adverbs slipped between the words of a phrase without changing what it says (folded):
# 180也可以 says 180可以, 色差也很正常 says 色差很正常; and the measure word and verb of a
# discount: 給您打個八折 says 給您打八折, 給您打7折 says 給您7折.
ADVERBS = "也就都还倒真可个打"


ADVERB_MAX = 40  # characters: a longer phrase is matched as written (its pattern would grow as the square)


def adverb_pattern(p: str) -> re.Pattern[str] | None:
    """``p`` with one word of ``ADVERBS`` between two of its characters (None: shorter than 3,
    or longer than ``ADVERB_MAX``: a 1,500-character phrase took 2.6 s to compile)."""
    if not 3 <= len(p) <= ADVERB_MAX:
        return None
    return re.compile("|".join(f"{re.escape(p[:i])}[{ADVERBS}]{re.escape(p[i:])}" for i in range(1, len(p))))


def find_unnegated_span(p: str, rx: re.Pattern[str] | None, text: str) -> tuple[int, int] | None:
    """Where ``p`` is said in ``text`` and not directly negated: as written, else with one
    adverb inserted (``rx``, from ``adverb_pattern``)."""
    at = find_unnegated(p, text)
    if at >= 0:
        return at, at + len(p)
    if rx is None or p[0] not in text or p[-1] not in text:  # most replies: no regex run at all
        return None
    for m in rx.finditer(text):
        if p[0] in NEGATORS or not negated(text, m.start()):
            return m.span()
    return None


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
    return frozenset(map(str.__add__, s[:-1], s[1:]))


def similarity(a: str, a_grams: frozenset[str], b: str, b_grams: frozenset[str]) -> float:
    """0..1: the better of edit-distance ratio and bigram overlap (order-free)."""
    if not a or not b:
        return 0.0
    ratio = fuzz.ratio(a, b) / 100
    dice = 2 * len(a_grams & b_grams) / (len(a_grams) + len(b_grams))
    return max(ratio, dice)
