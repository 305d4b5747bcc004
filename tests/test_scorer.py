"""The scorer's contract, one row per case, with the bundled thesaurus and defaults."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.scoring_fixtures import COLOUR, DELIVERY, bundled_scorer
from trainer.core.models import AvoidRule, Point, Rubric
from trainer.core.scorer import Scorer

SCORER = bundled_scorer()


def score(rubric: Rubric, reply: str) -> int:
    return SCORER.score(rubric, reply).score


# A polite reply covering every key point scores >= 85.
@pytest.mark.parametrize(
    ("rubric", "reply"),
    [
        (COLOUR, "親，真的很抱歉！麻煩您拍照給我看看顏色，確認後給您換貨或退貨都可以，運費由我們承擔哦～"),
        (COLOUR, "對不起親，請拍一張對比圖給我，我們給您退貨，運費由我們承擔，您放心。"),
        (DELIVERY, "親，我們默認發圓通哦，成都一般發貨後3-5天能到，遇到天氣不好可能會有延誤，請您諒解～"),
        (DELIVERY, "您好親，是圓通快遞，3到5天左右到成都，雨雪天氣可能延誤一點，謝謝您的耐心～"),
    ],
)
def test_polite_complete_reply_scores_at_least_85(rubric: Rubric, reply: str) -> None:
    assert score(rubric, reply) >= 85


# A reply that breaks an avoid rule scores < 40, whatever else it says.
@pytest.mark.parametrize(
    ("rubric", "reply"),
    [
        (COLOUR, "親，非常抱歉！不過色差很正常，麻煩您拍照給我，可以換貨或退貨，運費由我們承擔。"),
        (COLOUR, "親，是你看錯了吧，請拍照對比，我們給您換貨，運費由我們承擔，抱歉哦。"),
        (COLOUR, "沒有！"),
        (COLOUR, "没有"),
        (DELIVERY, "親，默認圓通，3-5天，可能延誤，不過我們保證明天到哦，謝謝您～"),
    ],
)
def test_avoid_rule_caps_below_40(rubric: Rubric, reply: str) -> None:
    result = SCORER.score(rubric, reply)
    assert result.score < 40
    assert result.avoid and result.avoid[0].why
    assert "avoid" in result.caps or result.score < 40


@pytest.mark.parametrize("reply", ["", " ", "\n\t ", "。。。", "？！，", "...", "～～～", "😊", "(微笑)"])
def test_empty_whitespace_or_punctuation_scores_zero(reply: str) -> None:
    assert score(COLOUR, reply) == 0


# Twins: the same reply in the other script, punctuation width or numerals.
@pytest.mark.parametrize(
    ("rubric", "a", "b"),
    [
        (COLOUR, "親，非常抱歉，請您拍照給我，可以換貨。", "亲,非常抱歉,请您拍照给我,可以换货."),
        (COLOUR, "抱歉親！麻煩拍照對比一下～", "抱歉亲!麻烦拍照对比一下~"),
        (DELIVERY, "默認圓通，三到五天，可能延誤", "默认圆通,3-5天,可能延误"),
        (DELIVERY, "親，圓通快遞，十五天內都可以申請售後", "亲，圆通快递，15天内都可以申请售后"),
        (DELIVERY, "親，圓通，３－５天到（微笑）", "親，圓通，3-5天到(微笑)"),
    ],
)
def test_twins_score_within_one_point(rubric: Rubric, a: str, b: str) -> None:
    assert abs(score(rubric, a) - score(rubric, b)) <= 1


@pytest.mark.parametrize(
    ("rubric", "reply"),
    [
        (COLOUR, "圖片上是深藍色，寄來的是紫色！你們這是騙人吧？"),  # the buyer's message echoed
        (COLOUR, "圖片上是深藍色，寄來的是紫色"),
        (DELIVERY, "你們發什麼快遞？我在成都，幾天能到？"),
        (COLOUR, "親，歡迎您的光臨，有什麼可以幫您？"),  # the source's stock greetings
        (DELIVERY, "親，您好，在的，很高興為您服務，請問有什麼能幫您的嗎？(微笑)"),
        (COLOUR, "不客氣，期待能再次為您服務。祝您每天好心情，晚安！"),
    ],
)
def test_echo_or_stock_greeting_scores_below_40(rubric: Rubric, reply: str) -> None:
    assert score(rubric, reply) < 40


@pytest.mark.parametrize(("reply", "cap"), [("好", 20), ("退貨", 25), ("可以換貨", 35)])
def test_very_short_replies_cannot_score_high(reply: str, cap: int) -> None:
    assert score(COLOUR, reply) <= cap


@pytest.mark.parametrize(
    ("reply", "label", "how"),
    [
        ("親，實在不好意思，請拍照給我", "道歉", "thesaurus"),  # 不好意思 ~ 抱歉
        ("親，麻煩您把對比的圖片發我", "請買家拍照對比", "thesaurus"),  # 圖片 ~ 拍照
        ("可以給您調換一件", "換貨或退貨", "thesaurus"),
        ("郵費由我們承擔的", "運費由賣家承擔", "thesaurus"),
        ("運費由我門承擔", "運費由賣家承擔", "homophone"),  # a pinyin typo (門/們)
        ("運費由我們水擔", "運費由賣家承擔", "fuzzy"),  # a typo that is no homophone
        ("運費都由我們來承擔", "運費由賣家承擔", "fuzzy"),  # words inserted
        ("對比圖", "請買家拍照對比", "exact"),
    ],
)
def test_points_are_credited_in_other_words(reply: str, label: str, how: str) -> None:
    result = SCORER.score(COLOUR, reply)
    point = next(p for p in result.points if p.label == label)
    assert point.hit and point.how == how
    assert point.matched and point.matched in reply  # quotes what the trainee typed


def test_rude_reply_fails_even_when_it_covers_the_points() -> None:
    reply = "你自己不會看嗎？拍照發來，給你換貨就是了，運費由我們承擔，抱歉。"
    result = SCORER.score(COLOUR, reply)
    assert not result.passed and result.rude


def test_result_explains_itself() -> None:
    result = SCORER.score(COLOUR, "親，抱歉，請您拍照給我看看。")
    assert result.hit_labels == ("道歉", "請買家拍照對比")
    assert result.missed_labels == ("換貨或退貨", "運費由賣家承擔")
    assert result.closest_answer in COLOUR.answers
    assert "換貨或退貨" in result.feedback
    data = result.to_dict()
    assert {"score", "points", "avoid", "closest_answer", "feedback"} <= set(data)
    assert data["points"]["missed"] == ["換貨或退貨", "運費由賣家承擔"]


def test_paraphrase_of_a_model_answer_passes_with_short_point_lists() -> None:
    sparse = Rubric(answers=DELIVERY.answers, points=(Point("圓通", ("圓通",)),))
    reply = "親，我們默認是圓通快遞哦，江浙滬以外一般發出後三到五天到，偏遠地區五到七天，雨雪天可能慢一點。"
    assert score(sparse, reply) >= 60


def test_a_rubric_without_points_scores_by_similarity() -> None:
    bare = Rubric(answers=("親，默認發圓通快遞，一般3-5天到哦。",))
    assert score(bare, "親，默認發圓通快遞，一般三到五天到哦") >= 85
    assert score(bare, "我們店的衣服質量很好") < 40


def test_weights_come_from_settings() -> None:
    from trainer.core.settings import ScoringSettings

    strict = Scorer(SCORER.lexicon, ScoringSettings(pass_mark=95))
    reply = "對不起親，請拍一張對比圖給我，我們給您退貨，運費由我們承擔，您放心。"
    assert SCORER.score(COLOUR, reply).passed and not strict.score(COLOUR, reply).passed


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_string_scores_within_0_100_deterministically(reply: str) -> None:
    a = SCORER.score(COLOUR, reply)
    b = SCORER.score(COLOUR, reply)
    assert 0 <= a.score <= 100
    assert a == b


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF) | st.sampled_from("親抱歉拍照色差很正常😊")))
def test_lone_surrogates_never_raise(reply: str) -> None:
    assert 0 <= SCORER.score(COLOUR, reply).score <= 100


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("親您抱歉拍照換貨退運費由我們承擔，。！ 1２三十百(微笑)😊色差很正常沒有")))
def test_chinese_soup_never_raises(reply: str) -> None:
    result = SCORER.score(COLOUR, reply)
    assert 0 <= result.score <= 100


@pytest.mark.parametrize(
    ("reply", "label"),
    [
        ("這個不退貨的", "換貨或退貨"),
        ("我們沒有對比圖", "請買家拍照對比"),
    ],
)
def test_a_negated_phrase_is_not_credited(reply: str, label: str) -> None:
    result = SCORER.score(COLOUR, reply)
    assert label in result.missed_labels


def test_thesaurus_does_not_make_a_reply_count_as_short() -> None:
    # 不好意思 and 查一下 shrink to shorter thesaurus heads; length is what was typed.
    result = SCORER.score(COLOUR, "不好意思，我查一下。")
    assert "short" not in result.caps


def test_a_denied_forbidden_phrase_breaks_no_rule() -> None:
    result = SCORER.score(COLOUR, "親，我不會說色差很正常，這是我們的問題，抱歉，請拍照給我，給您換貨。")
    assert not result.avoid


@pytest.mark.parametrize(
    ("reply", "broken"),
    [
        ("親，非常抱歉！不過色差也很正常，麻煩您拍照給我，可以換貨或退貨。", True),  # an adverb slipped in
        ("亲，非常抱歉！不过色差都很正常，麻烦您拍照给我，可以换货或退货。", True),  # simplified
        ("親，我不會說色差也很正常，抱歉，請拍照給我，給您換貨。", False),  # still denied
        ("親，非常抱歉！色差還是很正常的嗎？麻煩您拍照給我，可以換貨或退貨。", False),  # two words, not one adverb
    ],
)
def test_an_adverb_inside_a_forbidden_phrase_still_breaks_it(reply: str, broken: bool) -> None:
    assert bool(SCORER.score(COLOUR, reply).avoid) is broken


@pytest.mark.parametrize(
    ("reply", "broken"),
    [
        ("親，不好意思，權限只有九折。算了，給您打個八折吧，謝謝理解", True),  # a measure word slipped in
        ("親，不好意思，權限只有九折，打八折我真的給不了，謝謝理解", False),  # no 給您: not the phrase
        ("親，7折也行，不好意思，謝謝理解", True),  # 也行 is 沒問題 (the thesaurus)
    ],
)
def test_a_discount_given_in_other_words_still_breaks_the_rule(reply: str, broken: bool) -> None:
    rubric = Rubric(("親，不好意思，我的權限最多九折，謝謝您的理解。",), (Point("權限", ("權限",)),),
                    avoid=(AvoidRule(("給您打八折", "7折沒問題"), "超出權限"),))
    assert bool(SCORER.score(rubric, reply).avoid) is broken


def test_a_long_reply_that_quotes_a_short_buyer_line_is_not_an_echo() -> None:
    short = Rubric(answers=DELIVERY.answers, points=DELIVERY.points, prompt=("幾天到？",))
    reply = "親，我們默認發圓通，成都一般發貨後3-5天到，幾天到要看天氣，可能會延誤哦～"
    assert "echo" not in SCORER.score(short, reply).caps


def test_interview_answers_need_no_shop_chat_politeness() -> None:
    question = Rubric(
        answers=("我上一份工作主要負責售前諮詢、售後處理和中差評，大促時也協助倉庫打包。",),
        points=(Point("售前", ("售前",)), Point("售後", ("售後",)), Point("打包", ("打包",))),
        prompt=("你在上一家公司主要負責哪些工作？",),
        kind="interview",
    )
    chat = Rubric(question.answers, question.points, prompt=question.prompt)
    reply = "主要做售前接待和售後處理，忙的時候去倉庫幫忙打包。"
    assert SCORER.score(question, reply).score >= 85
    assert SCORER.score(question, reply).score > SCORER.score(chat, reply).score


def test_a_broken_regex_rule_quotes_the_reply_as_typed() -> None:
    hit = SCORER.score(COLOUR, "沒有！").avoid[0]
    assert hit.matched == "沒有" and hit.phrase == "^沒有[。！!]?$"
