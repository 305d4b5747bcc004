"""Measuring the penalty signals that are not rules: insults, keyword stuffing and repetition.

Pure functions on a reply's ``Text`` (see ``trainer.core.matching``), used by
the scorer; the registry of signals (names, labels, advice) is
``trainer.core.dimensions``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex

from trainer.core.matching import Phrase, Text
from trainer.core.normalise import fold

# A matched phrase: [start, end), the form of the text it indexes ("canon",
# "folded", "broad" or "broad_folded": see ``Text.quote``), and its key point's index.
Span = tuple[int, int, str, int]


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


@dataclass(frozen=True)
class KeyPhrases:
    """A rubric's key phrases as one pattern (canonical form, longest first), built once."""

    pattern: re.Pattern[str] | None
    point_of: dict[str, int]  # canonical phrase -> index of its (first) key point

    @classmethod
    def of(cls, groups: Iterable[Iterable[Phrase]]) -> KeyPhrases:
        point_of: dict[str, int] = {}
        for i, group in enumerate(groups):
            for phrase in group:
                if phrase.canon:
                    point_of.setdefault(phrase.canon, i)
        canon = sorted(point_of, key=len, reverse=True)
        # A lookahead finds the longest phrase starting at every position, so
        # overlapping phrases (推薦L and L比較 in 推薦L比較) are all found.
        alternatives = "|".join(map(re.escape, canon))
        return cls(re.compile(f"(?=({alternatives}))") if canon else None, point_of)


Extent = tuple[int, int, int]  # [start, end) in the original text, and the key point's index


def phrase_extents(text: Text, phrases: KeyPhrases, spans: Iterable[Span]) -> list[Extent]:
    """Where the key phrases are in the original text: ``spans`` and what ``phrases`` finds."""
    every = list(spans)
    if phrases.pattern is not None:
        every += [(m.start(1), m.end(1), "canon", phrases.point_of[m.group(1)])
                  for m in phrases.pattern.finditer(text.canon)]
    out = []
    for start, end, space, point in every:
        span = text.origin(start, end, space)
        if span is not None:
            out.append((span[0], span[1], point))
    return out


def inside_phrases(text: Text, extents: Iterable[Extent]) -> list[bool]:
    """Per original character: inside one of the original-text ``extents``."""
    inside = [False] * len(text.original)
    for a, b, _ in extents:
        inside[a:b] = [True] * (b - a)
    return inside


def covered(text: Text, inside: Sequence[bool]) -> list[bool]:
    """Per folded character: ``inside`` (``inside_phrases``) of the original character it comes from."""
    return [inside[i] for i in text.fstarts]


# Words that frame any list without making it a sentence: greetings, thanks,
# address terms and sentence-final particles (folded). 「親，您好，抱歉、拍照、換貨，謝謝」
# is still a list of keywords.
FRAMING = re.compile("|".join(sorted(
    (fold(w) for w in ("親愛的", "親", "您好", "你好", "謝謝", "感謝", "多謝", "好的", "哦", "呢", "喔",
                       "哈", "啊", "呀", "啦", "嗯", "嘛", "吧", "哇", "噢")),
    key=len, reverse=True)))


# A list of words, whatever the words (key phrases, the buyer's, the trainee's own): at
# least LIST_ITEMS items between separators, each a word: key phrases only, or at most
# LIST_WORD characters (framing words aside) with no pronoun or 的 of its own (the grammar a
# clause would have). 「抱歉 查詢 圓通 簽收 代收」 is a list; 「收到，抱歉，我查一下，稍等」 and
# 「不好意思沒說清楚：這個價已經減過了，…」 are sentences.
LIST_ITEM = re.compile(r"[^\s、，,；;。.！!？?／/|·・～~：:]+")
LIST_ITEMS, LIST_WORD = 4, 5
# A pronoun or 的 (其他 / 其它 "other" hold one by accident).
CLAUSE = re.compile("(?<!" + fold("其") + ")[" + fold("我您你妳他她它咱的") + "]")
# Key phrases alone, item after item, are a list whatever one other item says: 「抱歉 拍照 換貨
# 運費我們出」 is notes, not a reply (「抱歉，請拍照，可換貨，運費我們出」 has words of its own).
BARE_ITEMS = 3
ENUMERATOR = re.compile(r"\d{1,2}")  # folded: 1. 2、 ① （3） 一、
FRAMING_MOST = 8  # characters of framing words an item of key phrases may hold (親愛的，謝謝您)
JOINING = re.compile("|".join(fold(w) for w in ("或者", "還是", "或", "和", "與", "及")))
# → ⇒ + = > 👉 ✅ …: Unicode's math and other symbols, emoji among them; ① ② and (1) （2）, a list's
# numbering.
SYMBOL = regex.compile(r"[\p{Sm}\p{So}\p{No}]|[（(]\s*[\d一二三四五六七八九十]{1,2}\s*[)）]")


def list_items(original: str) -> Iterator[re.Match[str]]:
    """The items of ``original`` between separators, where symbols separate too (「抱歉→拍照→換貨」,
    「抱歉👉拍照」): only words join words. Offsets are the original's."""
    return LIST_ITEM.finditer(_spaced(original))


@lru_cache(maxsize=8)  # three list checks look at the same reply
def _spaced(original: str) -> str:
    """``original`` with each symbol or numbering (``SYMBOL``) as spaces, so offsets stay the same."""
    return SYMBOL.sub(lambda m: " " * len(m.group()), original) if SYMBOL.search(original) else original


# A fact is a subject with its quantity in one item: 「江浙滬1到2天」「偏遠5到7天」. A list whose
# items are mostly facts is the 話術 said tersely (默認圓通，江浙滬1到2天，其他3到5天，偏遠5到7天),
# not keywords; bare quantities (1到2天、3到5天) or subjects apart from them are. Folded: numerals
# are digits, ranges are 至. Hedges (一般, 大概, 預計…) are no subject.
QUANTITY = re.compile(r"\d+(?:至\d+)?(?:" + "|".join(sorted(
    ({fold(u) for u in ("個工作日", "工作日", "個小時", "小時", "分鐘", "個月", "天", "日", "號", "元", "塊",
                       "件", "週", "月", "年", "折", "倍", "公斤", "斤", "碼", "公分", "cm")} - {""}),
    key=len, reverse=True)) + ")")
HEDGES = re.compile("|".join(sorted(
    (fold(w) for w in ("一般", "大概", "大約", "約", "左右", "差不多", "預計", "最快", "最多", "最少", "之內",
                       "以內", "內", "需要", "要", "就", "能", "會", "可以", "都")),
    key=len, reverse=True)))
FACT_SUBJECT = 2


def _states_facts(text: Text) -> bool:
    """Whether at least two items, and half of all, between separators are facts (``QUANTITY``)."""
    if len(QUANTITY.findall(text.folded)) < 2:
        return False  # most replies: no need to split and fold the items
    items = [fold(m.group()) for m in list_items(text.original)]
    items = [item for item in items if FRAMING.sub("", item)]
    facts = 0
    for item in items:
        quantity = QUANTITY.search(item)
        if quantity is not None:
            subject = HEDGES.sub("", FRAMING.sub("", QUANTITY.sub("", item)))
            facts += len(subject) >= FACT_SUBJECT
    return facts >= 2 and 2 * facts >= len(items)


def word_list_quote(text: Text, inside: Sequence[bool]) -> str | None:
    """The items typed, if the reply is a list of words (see ``LIST_ITEMS``); else None.
    ``inside``: per original character, in a key phrase (``inside_phrases``)."""
    original = text.original
    items = []
    for m in list_items(original):
        own = _own_words(m, inside)
        if own and (len(FRAMING.sub("", fold(m.group()))) > LIST_WORD or CLAUSE.search(own)):
            return None  # a clause
        if own or any(inside[m.start():m.end()]):
            items.append(m.group())
    return "、".join(items) if len(items) >= LIST_ITEMS else None


def bare_keywords_quote(text: Text, inside: Sequence[bool]) -> str | None:
    """The items typed, if at least ``BARE_ITEMS`` are key phrases alone (framing words aside)
    and at most one item is anything else; else None."""
    items, bare, other = [], 0, 0
    for m in list_items(text.original):
        raw = sum(1 for i in range(m.start(), m.end()) if not inside[i])
        # Framing words are short: an item with more of its own is another item, unfolded.
        own = "*" if raw > FRAMING_MOST else JOINING.sub("", _own_words(m, inside))  # 換貨或退貨 is bare
        if (not own and not any(inside[m.start():m.end()])) or ENUMERATOR.fullmatch(own):
            continue  # framing words alone (親, 謝謝), or a list's own numbering (1. 2. ①)
        items.append(m.group())
        bare, other = (bare, other + 1) if own else (bare + 1, other)
        if other > 1:
            return None
    return "、".join(items) if bare >= BARE_ITEMS else None


def _own_words(item: re.Match[str], inside: Sequence[bool]) -> str:
    """The item's characters outside key phrases, folded, framing words dropped."""
    return FRAMING.sub("", fold("".join(c for i, c in enumerate(item.group(), item.start()) if not inside[i])))


def stuffing_quote(text: Text, phrases: KeyPhrases, spans: Iterable[Span], share: float) -> str | None:
    """The key phrases typed, if the reply is a list of them (or of any words: ``word_list_quote``)
    rather than a sentence; else None.

    A list is (a) at least ``share`` key phrases and framing words (greetings,
    thanks, particles) and (b) the points one after another: at most half of
    the junctions between neighbouring points have a word of their own joining
    them. Separators (spaces, commas, 、, new lines) fold away, so they join
    nothing. A sentence needs words of its own around its key phrases: who
    does what, when, for whom (「價格已經改好了，一共200元，您方便時付款就行」).
    """
    # A question is said to someone (「…您喜歡哪種？」).
    if "?" in text.original or "？" in text.original:
        return None
    extents = phrase_extents(text, phrases, spans)
    inside = inside_phrases(text, extents)
    flags = covered(text, inside)
    # A list between separators is quoted item by item, as it was typed.
    bare = bare_keywords_quote(text, inside)
    if bare is None and _speaks_to_someone(text, flags):
        return None
    # Facts with their subjects are an answer, even item by item (checked only now: most
    # replies are sentences said to someone, and the check folds every item again).
    if _states_facts(text):
        return None
    return bare or word_list_quote(text, inside) or _phrase_list(text, extents, flags, share)


def _speaks_to_someone(text: Text, flags: Sequence[bool]) -> bool:
    """A pronoun of the reply's own (not inside a key phrase or a greeting) makes it a sentence
    said to someone, however much of it is key phrases: 「已改價，一共200元，您方便時付款就行」
    (a question too, checked before). ``flags``: per folded character, in a key phrase."""
    own = "".join(c for c, phrase in zip(text.folded, flags, strict=True) if not phrase)
    return bool(CLAUSE.search(FRAMING.sub("", own)))


def _phrase_list(text: Text, extents: list[Extent], flags: list[bool], share: float) -> str | None:
    """The key phrases typed (``flags``: per folded character, in one), if they are nearly all the
    reply and nothing joins them."""
    n = len(text.folded)
    framing = [(m.start(), m.end()) for m in FRAMING.finditer(text.folded)]
    # The extents' total length bounds what they cover: most replies stop here.
    if not n or sum(b - a for a, b, _ in extents) + sum(b - a for a, b in framing) < share * n:
        return None
    framed = list(flags)
    for a, b in framing:
        framed[a:b] = [True] * (b - a)
    if sum(framed) < share * n:
        return None
    joined, junctions = _junctions(text, extents)
    if junctions and 2 * joined > junctions:
        return None
    return "、".join(text.quote(a, b, folded=True) for a, b in runs(flags))


def _junctions(text: Text, extents: Iterable[Extent]) -> tuple[int, int]:
    """(joined, all) junctions between neighbouring key points in the reply.

    The text between two phrases joins them when, folded and without framing
    words, it is not empty. Overlapping phrases, and phrases of one point with
    nothing between them (「一共200元」), are one piece.
    """
    pieces: list[tuple[int, int, int]] = []
    gaps: list[str] = []
    for a, b, point in sorted(extents):
        gap = FRAMING.sub("", fold(text.original[pieces[-1][1]:a])) if pieces and a >= pieces[-1][1] else ""
        if pieces and (a < pieces[-1][1] or (point == pieces[-1][2] and not gap)):
            pieces[-1] = (pieces[-1][0], max(b, pieces[-1][1]), pieces[-1][2])
            continue
        if pieces:
            gaps.append(gap)
        pieces.append((a, b, point))
    return sum(1 for gap in gaps if gap), len(gaps)


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


# A passage said over and over: the reply's 8-character runs (folded) are mostly the same
# few. Two copies of a passage leave about half of them distinct, so only three or more fire;
# a reply needs REPEAT_MIN runs before it is judged (「抱歉抱歉」 is emphasis, not a paste).
REPEAT_GRAM, REPEAT_MIN, REPEAT_DISTINCT = 8, 24, 0.5


def repeat_quote(text: Text) -> str | None:
    """The start of the passage repeated, as typed, if the reply says the same thing three or more
    times over (a model answer pasted again and again); else None."""
    folded = text.folded
    n = len(folded) - REPEAT_GRAM + 1
    if n < REPEAT_MIN:
        return None
    seen: set[str] = set()
    for i in range(n):  # most replies are told apart within their first half
        seen.add(folded[i : i + REPEAT_GRAM])
        if len(seen) >= REPEAT_DISTINCT * n:
            return None
    counts = Counter(folded[i : i + REPEAT_GRAM] for i in range(n))
    # Quote from where the repeating starts (the reply's start, for a passage pasted again and again);
    # fewer than half distinct means some run is there three times or more, so one is found.
    at = next(i for i in range(n) if counts[folded[i : i + REPEAT_GRAM]] >= 3)
    return text.quote(at, min(len(folded), at + 2 * REPEAT_GRAM), folded=True)
