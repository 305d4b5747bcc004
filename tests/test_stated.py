"""What the model answers state, said otherwise (trainer.core.stated): a promotion's sum, the courier."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.scoring_fixtures import bundled_scorer
from trainer.core.explain import format_result
from trainer.core.models import Point, Rubric
from trainer.core.result import MISSTATED
from trainer.core.stated import COURIER_RULE, PERIOD_RULE, RULE, default_couriers, periods, promotions

SCORER = bundled_scorer()
STOCK = Rubric(
    ("親，黑色M號還有最後一件。現在滿100元減5元，滿200元減10元，喜歡的話可以早點拍下哦。",),
    (Point("確認有貨", ("還有一件", "最後一件")), Point("介紹活動", ("活動", "滿100", "減5"))),
)
PIECES = Rubric(("您拍下3件，滿3件自動減15元。",), (Point("滿減", ("滿減", "減15")),))


def amount_hits(rubric: Rubric, reply: str) -> list[str]:
    return [hit.matched for hit in SCORER.score(rubric, reply).avoid if hit.rule == RULE]


@pytest.mark.parametrize(
    ("reply", "hits"),
    [
        ("親，還有最後一件，現在活動滿200減20，喜歡早點拍", ["滿200減20"]),
        ("亲，还有最后一件，现在满二百减二十哦", ["满二百减二十"]),  # simplified, numerals in words
        ("還有最後一件，滿一百減五、滿二百減十，喜歡早點拍", []),  # right, in words
        ("還有最後一件，滿200元減10元，滿300減20也有", []),  # a tier the answers never name
        ("還有最後一件，不是滿200減20哦，是滿200減10", []),  # denied, then said right
        ("還有最後一件，活動可以問我", []),  # no sum said
    ],
)
def test_a_promotion_said_with_another_sum_contradicts_the_case(reply: str, hits: list[str]) -> None:
    assert amount_hits(STOCK, reply) == hits


def test_pieces_and_money_are_different_thresholds() -> None:
    assert promotions(PIECES.answers) == {"3件": frozenset({"15"})}
    assert amount_hits(PIECES, "您拍下3件，滿3件減20元") == ["滿3件減20"]
    assert amount_hits(PIECES, "您拍下3件，滿3元減20元") == []  # not the answers' threshold


def test_a_wrong_sum_caps_the_reply_and_says_what_is_true() -> None:
    result = SCORER.score(STOCK, "讓您久等了親，黑色M號還有最後一件，現在活動滿100減5、滿200減20，喜歡的話早點拍下哦")
    assert "avoid" in result.caps and not result.passed
    assert "滿200減10" in result.avoid[0].why and result.avoid[0].source == "fact"


def test_a_rubric_whose_answers_name_no_promotion_checks_none() -> None:
    plain = Rubric(("親，還有貨的，早點拍哦。",), (Point("有貨", ("有貨",)),))
    assert amount_hits(plain, "還有貨，滿200減50") == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("滿满減减元塊件就再立自動200１0.3五十二百，。不是😊 ")))
def test_any_text_of_promotion_words_scores_without_error(reply: str) -> None:
    result = SCORER.score(STOCK, reply)
    assert 0 <= result.score <= 100


DELIVERY = Rubric(
    ("您好親，我們默認發圓通快遞，新疆屬於偏遠地區，一般5到7天能到。",),
    (Point("默認圓通", ("圓通", "默認")), Point("時效", ("5到7天",))),
)


def courier_hits(reply: str) -> list[str]:
    return [hit.matched for hit in SCORER.score(DELIVERY, reply).avoid if hit.rule == COURIER_RULE]


@pytest.mark.parametrize(
    ("reply", "hits"),
    [
        ("親，我們默認發中通快遞，新疆一般5到7天", ["默認發中通"]),
        ("亲，默认的快递是顺丰哦，新疆一般5到7天", ["默认的快递是顺丰"]),  # simplified
        ("親，默認圓通，要順豐的話補個差價，新疆一般5到7天", []),  # 順豐 is not called the default
        ("親，不是默認順豐哦，是圓通，新疆一般5到7天", []),  # denied
        ("親，發圓通，新疆一般5到7天", []),
    ],
)
def test_another_default_courier_contradicts_the_case(reply: str, hits: list[str]) -> None:
    assert courier_hits(reply) == hits


def test_the_default_courier_is_read_from_the_answers() -> None:
    assert default_couriers(DELIVERY.answers) == frozenset({"圆通"})
    assert default_couriers(("親，一般3到5天到。",)) == frozenset()


@pytest.mark.parametrize(
    ("rubric", "reply", "label", "made"),
    [
        # 默認 is one of 默認圓通's phrases, but here it says the wrong courier.
        (DELIVERY, "親，我們默認發中通快遞，新疆一般5到7天", "默認圓通", False),
        (DELIVERY, "親，我們默認發圓通快遞，新疆一般5到7天", "默認圓通", True),
        (DELIVERY, "親，我們默認發中通快遞，新疆一般5到7天", "時效", True),  # outside the wrong words
        (STOCK, "親，還有最後一件，現在滿100減8，喜歡早點拍", "介紹活動", False),  # 滿100 of a wrong sum
        (STOCK, "親，還有最後一件，現在滿100減5，喜歡早點拍", "介紹活動", True),
    ],
)
def test_the_words_that_state_the_case_wrongly_make_no_key_point(
        rubric: Rubric, reply: str, label: str, made: bool) -> None:
    point = next(p for p in SCORER.score(rubric, reply).points if p.label == label)
    assert (point.credit > 0) is made


def test_a_point_withdrawn_says_what_was_said_wrongly() -> None:
    result = SCORER.score(DELIVERY, "親，我們默認發中通快遞，新疆一般5到7天")
    point = next(p for p in result.points if p.label == "默認圓通")
    assert (point.credit, point.how, point.matched) == (0.0, MISSTATED, "默認發中通")
    assert "✗ 默認圓通：說錯了「默認發中通」" in format_result(result)
    assert result.to_dict()["points"]["missed"] == ["默認圓通"]  # stored as any missed point


def test_the_coach_panel_says_a_withdrawn_point_was_said_wrongly() -> None:
    from trainer.core.dialogue import Turn
    from trainer.ui.text import Display
    from trainer.ui.widgets.feedback_panel import feedback_text

    result = SCORER.score(DELIVERY, "親，我們默認發中通快遞，新疆一般5到7天")
    turn = Turn(0, "open", "發什麼快遞？", "…", result, result.score, 40, 30, 3.0, 60.0, 0, 0, None)
    shown = feedback_text(turn, Display("hant")).plain
    assert "✗ 默認圓通（說錯了「默認發中通」）" in shown and "默認圓通（沒提到）" not in shown


WINDOW = Rubric(
    ("交易成功後15天內可以申請售後維權，超過15天淘寶就不受理了。",),
    (Point("15天", ("15天",)), Point("申請售後入口", ("申請售後", "維權"))),
    kind="interview",
)


def period_hits(reply: str) -> list[str]:
    return [hit.matched for hit in SCORER.score(WINDOW, reply).avoid if hit.rule == PERIOD_RULE]


@pytest.mark.parametrize(
    ("reply", "hits"),
    [
        ("交易成功後一個月內都可以維權", ["一個月內都可以維權"]),
        ("交易成功后30天之内可以申请售后", ["30天之内可以申请售后"]),  # simplified, 之內
        ("交易成功後十五天內可以申請售後", []),  # right, in words
        ("交易成功後兩週內可以維權", ["兩週內可以維權"]),  # 14 days is not 15
        ("不是一個月內哦，是15天內可以維權", []),  # denied, then said right
        ("七天無理由退換，15天內可以維權", []),  # a period of another subject the answers never name
    ],
)
def test_another_period_for_what_the_answers_time_contradicts_the_case(reply: str, hits: list[str]) -> None:
    assert period_hits(reply) == hits


def test_periods_are_read_in_days_from_the_answers() -> None:
    assert periods(("兩週內可以退換", "14天之內都能退貨")) == {"退換": frozenset({"14天"})}
    assert periods(("48小時內發貨",)) == {}  # no subject this reads


def test_only_the_wrong_period_withdraws_a_point() -> None:
    points = {p.label: p for p in SCORER.score(WINDOW, "交易成功後一個月內都可以維權").points}
    assert points["申請售後入口"].credit > 0  # 維權 is right; the month is wrong
