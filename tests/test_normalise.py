"""Normalisation folds the twins of a reply into one form."""

from __future__ import annotations

import random
import re
import unicodedata

import pytest

from trainer.core.lexicon import Lexicon
from trainer.core.normalise import fold, fold_map


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("親，已經收到您的付款了！", "亲,已经收到您的付款了!"),  # script + punctuation width
        ("ＡＢＣ１２３", "abc123"),  # full-width letters and digits, case
        ("十五天內", "15天內"),  # Chinese numerals
        ("一次機會", "1次機會"),
        ("三百二十元", "320元"),
        ("兩天", "2天"),
        ("3-5天", "三到五天"),  # ranges written any way
        ("3～5天", "3至5天"),
        ("三、四天", "三四天"),  # "three or four days"
        ("好的 (微笑)", "好的"),  # emoticons
        ("好的[微笑]", "好的"),
        ("收到😊🙏", "收到"),  # emoji
        ("「退款」", "退款"),  # CJK quotes NFKC leaves alone
        ("聯系", "聯繫"),  # variant spellings meet in the simplified fold
    ],
)
def test_twins_fold_to_the_same_text(a: str, b: str) -> None:
    assert fold(a) == fold(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("3、4天", "34天"),  # two numbers stay two numbers
        ("29.9元", "299元"),  # a decimal point is kept
        ("退款", "退貨"),
    ],
)
def test_different_texts_stay_different(a: str, b: str) -> None:
    assert fold(a) != fold(b)


@pytest.mark.parametrize("text", ["", "   ", "。。。！？", "～～", "😊😊", "(微笑)"])
def test_nothing_left_of_punctuation_emoji_and_spaces(text: str) -> None:
    assert fold(text) == ""


def test_spans_point_back_into_the_original() -> None:
    text = "親，二十四小時內給您回覆"
    folded, starts, ends = fold_map(text)
    at = folded.index("24")
    assert text[starts[at] : ends[at + 1]] == "二十四"


def test_thesaurus_rewrites_every_member_to_its_group_head() -> None:
    lex = Lexicon.from_groups([["運費", "郵費", "快遞費"], ["照片", "圖片"]])
    assert lex.canonical(fold("郵費我們出")) == lex.canonical(fold("运费我们出"))
    assert lex.canonical(fold("快遞費")) == fold("運費")
    assert lex.canonical(fold("拍張圖片")) == fold("拍張照片")


def test_thesaurus_prefers_the_longest_word() -> None:
    lex = Lexicon.from_groups([["拍下", "下單"], ["拍下來", "拍照"]])
    assert lex.canonical(fold("拍下來")) == fold("拍下來")
    assert lex.canonical(fold("拍照")) == fold("拍下來")
    assert lex.canonical(fold("下單")) == fold("拍下")


def test_a_big_thesaurus_finds_the_longest_word_at_each_place() -> None:
    """Past a few dozen first characters the alternation is split in runs (lexicon.BUCKETS):
    the words found are those of a plain left-to-right, longest-first scan."""
    rng = random.Random(5)
    alphabet = [c for c in (chr(0x4E00 + 37 * i) for i in range(200)) if fold(c) == c][:90]
    words = sorted({"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))) for _ in range(600)})
    groups = [words[i : i + 3] for i in range(0, len(words) - 2, 3)]  # groups of three words
    lex = Lexicon.from_groups(groups)
    head = {w: g[0] for g in groups for w in g}

    def plain(text: str) -> str:
        out, i = [], 0
        while i < len(text):
            word = next((text[i:j] for j in range(len(text), i, -1) if text[i:j] in head), None)
            out.append(head[word] if word else text[i])
            i += len(word) if word else 1
        return "".join(out)

    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60)))
        assert lex.canonical(text) == plain(text)


NUMERALS = "零〇一二两三四五六七八九十百千万亿"


def _cn2an_reading(run: str) -> str:
    import warnings

    import cn2an

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return str(cn2an.cn2an(run, "smart"))
        except Exception:  # noqa: BLE001 - what cn2an cannot read stays as typed
            return run


def test_small_numerals_read_as_cn2an_reads_them() -> None:
    """The numbers read without importing cn2an agree with cn2an on every run of up
    to three numerals, and cover the forms the thesaurus and house rules hold."""
    import itertools

    from trainer.core.normalise import _small_numeral

    runs = ["".join(p) for n in (1, 2, 3) for p in itertools.product(NUMERALS, repeat=n)]
    read = {run: _small_numeral(run) for run in runs}
    wrong = {run: (mine, _cn2an_reading(run)) for run, mine in read.items()
             if mine is not None and mine != _cn2an_reading(run)}
    assert wrong == {}
    covered = {run for run, mine in read.items() if mine is not None}
    assert {"零", "一", "两", "七", "十", "十五", "六十", "两十三", "九十九", "百"} <= covered
    assert not covered & {"一百", "十十", "一二", "万一", "十〇"}  # left to cn2an


@pytest.mark.parametrize(
    ("text", "folded"),
    [("七天", "7天"), ("十五天", "15天"), ("六十元", "60元"), ("兩百", "200"),
     ("一百二", "120"), ("1百2十", "120"), ("萬一", "万一"), ("一兩天", "1/2天")],
)
def test_numerals_fold_with_and_without_cn2an(text: str, folded: str) -> None:
    assert fold(text) == folded


def _reference_fold_map(text: str) -> tuple[str, list[int], list[int]]:
    """fold_map's steps written the plain way: every character alone, every position kept or not."""
    from trainer.core import normalise as n

    chars, starts = [], []
    for i, ch in enumerate(n.encodable(text)):
        for c in unicodedata.normalize("NFKC", ch).lower():
            chars.append(c)
            starts.append(i)
    f = n._t2s((chars, starts, [s + 1 for s in starts]))
    numerals = "[零〇一二两三四五六七八九十百千万亿]"
    f = n.substitute_spans(f, n._EMOTICON_RE, lambda m: "")
    f = n.substitute_spans(f, re.compile(rf"(?<![\d.])(?:\d+(?=[十百千万亿]))?{numerals}"
                                         rf"(?:{numerals}|(?<=[十百千万亿])\d+)*"), n._numeral)
    f = n.substitute_spans(f, re.compile(r"(?<=\d)\s*(?:-|~|—|–|至|到)\s*(?=\d)"), lambda m: "至")
    f = n.substitute_spans(f, re.compile(r"(?<=\d)[^\w]*[^\w.][^\w]*(?=\d)"), lambda m: "/")
    keep = [i for i in range(len(f[0])) if n._keep(f[0], i)]
    return "".join(f[0][i] for i in keep), [f[1][i] for i in keep], [f[2][i] for i in keep]


def test_the_quick_fold_is_the_plain_fold() -> None:
    """fold_map folds characters through a cache, drops what one scan finds and looks ahead
    before looking behind: the same result as the plain steps, on text of every kind."""
    rng = random.Random(3)
    pool = ("親您好，。！？、：；「」（）()[]【】 _-./~～—0123456789一二三四五六七八九十百千萬两兩ＡＢａｂAB"
            "ΣσςİıſK é\u0301ﬀ①½²\u3000\t\n😊(微笑)[捂臉]/:微笑3-5三至五1.5萬運費順豐發髮")
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 40)))
        if rng.random() < 0.2:
            text += "".join(chr(rng.randint(0x20, 0x2FFFF)) for _ in range(6))
        assert fold_map(text) == _reference_fold_map(text), text
