"""What the model answers state that a reply must not contradict: a promotion's sum, the courier, a period.

A trainee who tells the buyer 滿200減20 when the shop takes 10 off 200, or 默認發中通
when the shop ships with 圓通, has made a promise the shop will not keep, however
polite the reply. A rubric does not say which amounts and couriers are true, but
its model answers do: when they name a promotion's threshold (滿200) with what it
takes off (減10), or the default courier (默認圓通), a reply naming the same
threshold with another sum, or another default courier, contradicts the case; so does
a reply giving another period for what the answers say can be done within one
(15天內可以申請售後 against 一個月內都可以維權: 售後 and 維權 are one subject).
What the answers never name is not checked, so a reply may add a tier of its own
(滿300減20) without blame, and 默認圓通，要順豐的話補差價 names no other default.

Text is folded first (``normalise.fold``), so Chinese numerals (滿二百減十) and
full-width digits read as the answers' Arabic ones; 滿3件 (pieces) and 滿3元
(money) are different thresholds.

Each check returns the hit with the span of the original text that says it, so
that the scorer credits no key point with those very words (默認 in 默認發中通).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace

from trainer.core.matching import Text, negated
from trainer.core.normalise import fold
from trainer.core.result import AvoidHit

Misstated = tuple[AvoidHit, tuple[int, int]]  # the hit, and [start, end) of the original that says it

# 满 + threshold (+ 件 for pieces, or a money unit) + 减 + the sum off; folded text.
PROMOTION = re.compile(r"满(\d+(?:\.\d+)?)(件|元|块钱|块)?(?:就|再|立|可|自动|直接)?减(\d+(?:\.\d+)?)")
WHY = "說錯了活動：這一單的活動是{truth}，不是{said}。活動的金額要照頁面說，說錯了買家會照你說的要求。"
RULE = "amount.promotion"
# 默認 + the courier (folded): 默認發圓通, 默認走中通, 默認的快遞是順豐.
COURIER = re.compile(r"默认(?:的)?(?:快递)?(?:是|都是|发|走|用|给您发|都发|寄)?(?:的)?(?:是)?"
                     r"(圆通|中通|申通|韵达|顺丰|邮政|京东|极兔|百世|天天|德邦|ems)")
COURIER_WHY = "說錯了快遞：店裡默認發{truth}，不是{said}。買家會等{said}的消息，說錯了只會讓他更著急。"
COURIER_RULE = "courier.default"


# A period within which something may be done, then what (folded): 15天内可以申请售后,
# 1个月内都能维权, 7天之内可以退换. What is said of the period between them stays in its clause.
PERIOD = re.compile(r"(\d+)(天|个月|月|周|星期|小时)(?:之内|以内|内)[^，。！？,.!?;；]{0,8}?(维权|售后|退换|退货|换货)")
SUBJECTS = {"维权": "售後維權", "售后": "售後維權", "退换": "退換", "退货": "退換", "换货": "退換"}
PERIOD_WHY = "說錯了期限：{subject}是{truth}內，不是{said}內。期限說錯了，買家照你說的去做，過了期限就沒有保障了。"
PERIOD_RULE = "period.window"
_DAYS = {"天": 1, "周": 7, "星期": 7, "个月": 30, "月": 30}


def _period(m: re.Match[str]) -> str:
    """A period in days (2周 and 14天 are one period), hours as hours."""
    n, unit = int(m.group(1)), m.group(2)
    return f"{n}小時" if unit == "小时" else f"{n * _DAYS[unit]}天"


def periods(answers: Iterable[str]) -> dict[str, frozenset[str]]:
    """Each subject the answers give a period for → those periods."""
    found: dict[str, set[str]] = {}
    for answer in answers:
        for m in PERIOD.finditer(fold(answer)):
            found.setdefault(SUBJECTS[m.group(3)], set()).add(_period(m))
    return {k: frozenset(v) for k, v in found.items()}


def wrong_period(truth: Mapping[str, frozenset[str]], text: Text) -> Misstated | None:
    """The first period of the reply that gives a known subject another length (not when
    denied: 不是一個月內), or None."""
    if not truth or "内" not in text.folded:
        return None
    for m in PERIOD.finditer(text.folded):
        subject = SUBJECTS[m.group(3)]
        right = truth.get(subject)
        if right is None or _period(m) in right or negated(text.folded, m.start()):
            continue
        span = text.origin(m.start(), m.end(2), True) or (0, 0)
        said = text.original[span[0] : span[1]] or _period(m)
        why = PERIOD_WHY.format(subject=subject, truth="、".join(sorted(right)), said=said)
        hit, _whole = _misstated(text, m, AvoidHit(why, said, "", "fact", PERIOD_RULE))
        return hit, span  # only the period is wrong: 維權 after it may still make a point
    return None


def _threshold(m: re.Match[str]) -> str:
    """A threshold with its kind: 3件 is three pieces, 200 is a sum (元, 塊 or no unit)."""
    return m.group(1) + ("件" if m.group(2) == "件" else "")


def promotions(answers: Iterable[str]) -> dict[str, frozenset[str]]:
    """Each threshold the answers name → every sum they say it takes off."""
    found: dict[str, set[str]] = {}
    for answer in answers:
        for m in PROMOTION.finditer(fold(answer)):
            found.setdefault(_threshold(m), set()).add(m.group(3))
    return {k: frozenset(v) for k, v in found.items()}


def wrong_promotion(truth: Mapping[str, frozenset[str]], text: Text) -> Misstated | None:
    """The first promotion of the reply that names a known threshold with another sum off
    (not when denied: 不是滿200減20), or None."""
    if not truth or "减" not in text.folded:
        return None
    for m in PROMOTION.finditer(text.folded):
        offs = truth.get(_threshold(m))
        if offs is None or m.group(3) in offs or negated(text.folded, m.start()):
            continue
        threshold = _threshold(m)
        right = "、".join(f"滿{threshold}減{off}" for off in sorted(offs, key=float))
        said = f"滿{threshold}減{m.group(3)}"
        return _misstated(text, m, AvoidHit(WHY.format(truth=right, said=said), said, "", "fact", RULE))
    return None


def default_couriers(answers: Iterable[str]) -> frozenset[str]:
    """Every courier the answers call the default (folded names: ``fold`` lowers EMS too)."""
    return frozenset(m.group(1) for answer in answers for m in COURIER.finditer(fold(answer)))


def wrong_courier(truth: frozenset[str], text: Text) -> Misstated | None:
    """The reply calling another courier the default (not when denied: 不是默認順豐), or None."""
    if not truth or "默认" not in text.folded:
        return None
    for m in COURIER.finditer(text.folded):
        if m.group(1) in truth or negated(text.folded, m.start()):
            continue
        right = "、".join(sorted(_NAMES.get(c, c) for c in truth))
        said = _NAMES.get(m.group(1), m.group(1))
        return _misstated(text, m, AvoidHit(COURIER_WHY.format(truth=right, said=said), said, "", "fact",
                                            COURIER_RULE))
    return None


def _misstated(text: Text, m: re.Match[str], hit: AvoidHit) -> Misstated:
    """The hit quoting what the trainee typed for ``m`` (a match in the folded text), with its span."""
    span = text.origin(*m.span(), True) or (0, 0)
    return replace(hit, matched=text.original[span[0] : span[1]] or hit.phrase), span


# The couriers' names as the content writes them (Traditional), for the feedback.
_NAMES = {"圆通": "圓通", "韵达": "韻達", "顺丰": "順豐", "邮政": "郵政", "京东": "京東", "极兔": "極兔", "ems": "EMS"}
