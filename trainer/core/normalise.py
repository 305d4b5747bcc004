"""Text normalisation: make the twins of a reply (script, width, numerals) identical.

``fold(text)`` is what the scorer matches on. It applies, in order:

1. NFKC — full-width letters, digits and most punctuation become half-width —
   and lower case (``M碼`` and ``m碼`` are the same size);
2. OpenCC ``t2s`` — both scripts fold to Simplified, which is many-to-one
   (髮/發 → 发), so variant spellings such as 聯系/聯繫 meet too;
3. (微笑)-style emoticons removed;
4. Chinese numerals read as numbers (十五天 → 15天, 兩百 → 200,
   一百二十元 / 一百二 / 1百2十 → 120; 三四天, two bare neighbouring digits,
   means "3 or 4": 3/4天): 0..99 directly, anything bigger by cn2an, imported
   only then (it takes ~100 ms to import);
5. numeric ranges written any way (3-5, 3到5, 三至五, 3～5) become ``3至5``;
6. everything that is not a letter or a digit dropped — punctuation, spaces,
   emoji, symbols — except a decimal point between digits, and a ``/`` kept
   between two numbers so that 3、4 does not read as 34.

``fold_map`` also returns, for every folded character, the span of the original
text it came from, so the scorer can quote what the trainee actually typed.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Callable
from functools import lru_cache

import opencc

_T2S = opencc.OpenCC("t2s")

# Emoticon names of 旺旺 / WeChat that trainees type in brackets, in Simplified
# (matching happens after the t2s fold, so one list serves both scripts).
_EMOTICON_NAMES = (
    "微笑|害羞|呲牙|偷笑|大笑|愉快|可爱|调皮|得意|哈哈|拥抱|握手|鼓掌|玫瑰|爱心|亲亲|飞吻|"
    "抱拳|胜利|强|赞|耶|ok|憨笑|坏笑|奸笑|惊讶|难过|流泪|大哭|委屈|尴尬|发呆|思考|疑问|"
    "再见|晚安|加油|奋斗|礼物|咖啡|鲜花|太阳|月亮|心|红包|捂脸|机智|嘿哈|笑脸|狗头|汗|擦汗"
)
_EMOTICON_RE = re.compile(
    rf"\((?:{_EMOTICON_NAMES})\)|\[(?:{_EMOTICON_NAMES})\]|【(?:{_EMOTICON_NAMES})】|/:?(?:{_EMOTICON_NAMES})"
)
_HAS_NUMERAL_RE = re.compile(r"[零〇一二两三四五六七八九十百千万亿]")
# A run of Chinese numerals, possibly mixed with Arabic digits before a unit
# (1百2十, 3千), not continuing a decimal or a longer number (1.5万 stays).
# Each pattern that starts looking behind first looks ahead at its first character:
# ``re`` then skips most places at once instead of trying the lookbehind at each.
_NUMERAL_RUN_RE = re.compile(
    r"(?=[\d零〇一二两三四五六七八九十百千万亿])(?<![\d.])(?:\d+(?=[十百千万亿]))?[零〇一二两三四五六七八九十百千万亿]"
    r"(?:[零〇一二两三四五六七八九十百千万亿]|(?<=[十百千万亿])\d+)*"
)
_DIGITS = "零一二三四五六七八九"
_DIGIT_VALUE = {c: i for i, c in enumerate(_DIGITS)} | {"两": 2}
_NOT_ALNUM_RE = re.compile(r"[\W_]")  # what ``_keep`` may drop: \w is str.isalnum, and _
_RANGE_RE = re.compile(r"(?=[\s\-~—–至到])(?<=\d)\s*(?:-|~|—|–|至|到)\s*(?=\d)")
_DIGIT_SEP_RE = re.compile(r"(?=\W)(?<=\d)[^\w]*[^\w.][^\w]*(?=\d)")

# A folded text as parallel lists: characters, and the [start, end) of the
# original text each one came from.
Folded = tuple[list[str], list[int], list[int]]
_Folded = Folded


@lru_cache(maxsize=65536)
def _nfkc_char(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch).lower()


def _nfkc(text: str) -> _Folded:
    """Each character in NFKC and lower case, alone (so each folded one has one origin)."""
    parts = list(map(_nfkc_char, text))  # a cached C call a character: no Python loop
    if "" not in parts and len("".join(parts)) == len(parts):  # one for one: nearly every reply
        return parts, list(range(len(text))), list(range(1, len(text) + 1))
    chars: list[str] = []
    starts = []
    for i, part in enumerate(parts):
        for c in part:
            chars.append(c)
            starts.append(i)
    return chars, starts, [s + 1 for s in starts]


def _t2s(f: _Folded) -> _Folded:
    chars, starts, ends = f
    joined = "".join(chars)
    converted = _T2S.convert(joined)
    if len(converted) == len(joined):
        return list(converted), starts, ends
    # OpenCC changed the length (rare phrase rules): convert char by char.
    out: _Folded = ([], [], [])
    for c, s, e in zip(chars, starts, ends, strict=True):
        for d in _T2S.convert(c):
            out[0].append(d)
            out[1].append(s)
            out[2].append(e)
    return out


def substitute_spans(
    f: _Folded, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]
) -> _Folded:
    """Apply ``repl(match) -> str`` to every match, keeping the origin spans."""
    chars, starts, ends = f
    text = "".join(chars)
    out: _Folded = ([], [], [])
    pos = 0
    changed = False
    for m in pattern.finditer(text):
        a, b = m.span()
        new = repl(m)
        if new == m.group(0):
            continue  # unchanged (a thesaurus head): keep its characters' own spans
        changed = True
        out[0].extend(chars[pos:a])
        out[1].extend(starts[pos:a])
        out[2].extend(ends[pos:a])
        span_start = starts[a] if a < len(starts) else (ends[-1] if ends else 0)
        span_end = ends[b - 1] if b > a else span_start
        out[0].extend(new)
        out[1].extend([span_start] * len(new))
        out[2].extend([span_end] * len(new))
        pos = b
    if not changed:
        return f
    out[0].extend(chars[pos:])
    out[1].extend(starts[pos:])
    out[2].extend(ends[pos:])
    return out


def _numeral(m: re.Match[str]) -> str:
    return _numeral_text(m.group(0))


@lru_cache(maxsize=4096)
def _numeral_text(run: str) -> str:
    if len(run) == 2 and run[0] in _DIGIT_VALUE and run[1] in _DIGIT_VALUE:
        a, b = _DIGIT_VALUE[run[0]], _DIGIT_VALUE[run[1]]
        if b == a + 1:  # 三四天, 一兩天, 五六個: "three or four"
            return f"{a}/{b}"
    simple = _small_numeral(run)
    if simple is not None:
        return simple
    # cn2an is imported here, not at module import: it costs ~100 ms (compiling
    # regexes), and with the small numbers read above, the path to the first
    # screen (the thesaurus and house rules fold 一, 两, 六十, …) never needs it.
    import cn2an

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # cn2an warns on idioms such as 万一
        try:
            return str(cn2an.cn2an(run, "smart"))
        except Exception:  # noqa: BLE001 - what cn2an cannot read stays as typed
            return run


_SMALL_DIGIT = {c: i for i, c in enumerate("一二三四五六七八九", start=1)} | {"两": 2}


def _small_numeral(run: str) -> str | None:
    """What cn2an reads ``run`` as, for 零 and 1..99 in Chinese (一, 十, 十五, 六十, 两十三);
    None for anything else. Checked against cn2an on every run of up to 3 numerals."""
    if run in ("零", "〇"):
        return "0"
    if run in ("百", "千", "万", "亿"):  # a unit alone is no number: cn2an leaves it
        return run
    if len(run) == 1:
        return str(_SMALL_DIGIT[run]) if run in _SMALL_DIGIT else ("10" if run == "十" else None)
    tens, sep, units = run.partition("十")
    if not sep or len(run) > 3 or len(tens) > 1 or len(units) > 1:
        return None
    if (tens and tens not in _SMALL_DIGIT) or (units and units not in _SMALL_DIGIT):
        return None
    return str(_SMALL_DIGIT.get(tens, 1) * 10 + _SMALL_DIGIT.get(units, 0))


def _keep(chars: list[str], i: int) -> bool:
    c = chars[i]
    if c.isalnum() or unicodedata.category(c)[0] in "LN":  # isalnum: the fast common case
        return True
    # A decimal point or number separator survives only between two digits.
    return c in "./" and 0 < i < len(chars) - 1 and chars[i - 1].isdigit() and chars[i + 1].isdigit()


def encodable(text: str) -> str:
    """``text`` with lone surrogates (not encodable, OpenCC chokes) as '?': same length."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


def fold_map(text: str) -> tuple[str, list[int], list[int]]:
    """The matching form of ``text`` and, per character, its original [start, end)."""
    f = _t2s(_nfkc(encodable(text)))
    f = substitute_spans(f, _EMOTICON_RE, lambda m: "")
    if _HAS_NUMERAL_RE.search("".join(f[0])):
        f = substitute_spans(f, _NUMERAL_RUN_RE, _numeral)
    f = substitute_spans(f, _RANGE_RE, lambda m: "至")
    f = substitute_spans(f, _DIGIT_SEP_RE, lambda m: "/")
    return _kept(*f)


def _kept(chars: list[str], starts: list[int], ends: list[int]) -> tuple[str, list[int], list[int]]:
    """The characters ``_keep`` keeps, found by one regex scan (a reply drops a few)."""
    text = "".join(chars)
    drops = [i for m in _NOT_ALNUM_RE.finditer(text) if not _keep(chars, i := m.start())]
    if not drops:
        return text, starts, ends
    pieces: list[str] = []
    kept_starts: list[int] = []
    kept_ends: list[int] = []
    pos = 0
    for i in [*drops, len(chars)]:
        pieces.append(text[pos:i])
        kept_starts.extend(starts[pos:i])
        kept_ends.extend(ends[pos:i])
        pos = i + 1
    return "".join(pieces), kept_starts, kept_ends


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """The matching form of ``text``: one script, no punctuation, numerals as digits."""
    return fold_map(text)[0]


def to_simplified(text: str) -> str:
    """Fold Traditional characters to Simplified (display conversion)."""
    return str(_T2S.convert(encodable(text)))
