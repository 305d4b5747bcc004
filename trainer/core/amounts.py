"""Amounts a reply must not get wrong: the sum a promotion takes off.

A trainee who tells the buyer 滿200減20 when the shop takes 10 off 200 has made a
promise the shop will not keep, however polite the reply. A rubric does not say
which amounts are true, but its model answers do: when they name a promotion's
threshold (滿200) with what it takes off (減10), a reply naming the same threshold
with another sum contradicts the case. Thresholds the answers never name are
not checked, so a reply may add a tier of its own (滿300減20) without blame.

Text is folded first (``normalise.fold``), so Chinese numerals (滿二百減十) and
full-width digits read as the answers' Arabic ones; 滿3件 (pieces) and 滿3元
(money) are different thresholds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from trainer.core.matching import Text, negated
from trainer.core.normalise import fold
from trainer.core.result import AvoidHit

# 满 + threshold (+ 件 for pieces, or a money unit) + 减 + the sum off; folded text.
PROMOTION = re.compile(r"满(\d+(?:\.\d+)?)(件|元|块钱|块)?(?:就|再|立|可|自动|直接)?减(\d+(?:\.\d+)?)")
WHY = "說錯了活動：這一單的活動是{truth}，不是{said}。活動的金額要照頁面說，說錯了買家會照你說的要求。"
RULE = "amount.promotion"


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


def wrong_promotion(truth: Mapping[str, frozenset[str]], text: Text) -> AvoidHit | None:
    """The first promotion of the reply that names a known threshold with another sum off
    (not when denied: 不是滿200減20), or None."""
    if not truth or "减" not in text.folded:
        return None
    for m in PROMOTION.finditer(text.folded):
        offs = truth.get(_threshold(m))
        if offs is None or m.group(3) in offs or negated(text.folded, m.start()):
            continue
        unit = "件" if m.group(2) == "件" else ""
        right = "、".join(f"滿{m.group(1)}{unit}減{off}" for off in sorted(offs, key=float))
        said = f"滿{m.group(1)}{unit}減{m.group(3)}"
        quoted = text.quote(*m.span(), folded=True) or said
        return AvoidHit(WHY.format(truth=right, said=said), said, quoted, "fact", RULE)
    return None
