"""Penalty signals and the dimension registry: keyword stuffing, insults, repetition, stored rows.

Stuffing is checked on every bundled scenario's first node and every interview
question; insults and their false friends one row each.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.scoring_fixtures import COLOUR, DELIVERY, bundled_scorer
from trainer.core.content import default_lexicon
from trainer.core.dimensions import DIMENSIONS, SIGNALS, dimension_values, dimensions_line, signal_hits
from trainer.core.explain import format_result
from trainer.core.loader import load_content
from trainer.core.models import Rubric

ROOT = Path(__file__).resolve().parent.parent
SCORER = bundled_scorer()
CONTENT, _ = load_content(ROOT, default_lexicon(ROOT / "thesaurus.yaml"))
PASS = CONTENT.settings.pass_mark


def _first_nodes() -> list[tuple[str, Rubric]]:
    out = []
    for sid, scenario in CONTENT.scenarios.items():
        rubric = scenario.nodes[scenario.start].rubric
        assert rubric is not None
        out.append((sid, rubric))
    return out + [(qid, q.rubric) for qid, q in CONTENT.questions.items()]


FIRST = _first_nodes()
SEPARATORS = ["", " ", "，", "、", "\n", " / ", "；"]


# ---------------------------------------------------------------- keyword stuffing

@pytest.mark.parametrize(("where", "rubric"), FIRST, ids=[w for w, _ in FIRST])
def test_one_phrase_per_point_in_a_row_fails(where: str, rubric: Rubric) -> None:
    # Every phrase of a point is tried once (the points' phrase lists zipped), in order and reversed.
    assert rubric.points, where
    for choice in range(max(len(p.phrases) for p in rubric.points)):
        phrases = [p.phrases[min(choice, len(p.phrases) - 1)] for p in rubric.points]
        if choice % 2:
            phrases.reverse()
        for sep in SEPARATORS:
            reply = sep.join(phrases)
            result = CONTENT.scorer.score(rubric, reply)
            assert result.score < PASS, (where, reply, result.score)


# Greetings, thanks and particles around a list do not make it a sentence.
@pytest.mark.parametrize("reply", [
    "親，抱歉、拍照、換貨", "親，您好，抱歉、拍照、換貨", "您好 抱歉 拍照 換貨 謝謝", "抱歉拍照換貨謝謝親",
    "親 抱歉 拍照 換貨 退貨 哦", "抱歉，拍照，換貨或退貨",
])
def test_a_framed_list_is_still_stuffing(reply: str) -> None:
    result = CONTENT.scorer.score(_rubric("case-colour-mismatch"), reply)
    assert "stuffing" in result.caps and result.score < PASS, (reply, result.score)


def test_stuffing_is_said_in_the_feedback_and_quoted() -> None:
    result = SCORER.score(COLOUR, "抱歉、拍照、換貨、運費由我們承擔")
    assert not result.passed
    assert "stuffing" in result.caps
    assert "只列出了關鍵詞" in result.feedback and "句子" in result.feedback
    hit = next(h for h in result.signals if h.signal == "stuffing")
    assert "拍照" in hit.quote and "抱歉" in hit.quote
    assert "只列出關鍵詞" in format_result(result)


def test_an_interview_list_is_told_to_answer_in_sentences() -> None:
    rubric = CONTENT.questions["rule-evidence-types"].rubric
    result = CONTENT.scorer.score(rubric, "實物對比 質量檢測 聊天記錄 物流底單")
    assert not result.passed and "請用完整的句子回答" in result.feedback


# A list is a list whatever its words: key phrases mixed with the buyer's words (圓通, 簽收,
# 紫色) or the trainee's own (跟進, 色差), one item a line, simplified or traditional.
@pytest.mark.parametrize(("where", "reply"), [
    ("logistics-signed-not-received", "抱歉 查詢 圓通 簽收 代收 跟進"),
    ("logistics-signed-not-received", "抱歉 查询 圆通 签收 代收 跟进"),
    ("logistics-signed-not-received", "道歉\n核實簽收人\n問家人\n追件"),
    ("case-colour-mismatch", "對不起、拍照、色差、換貨、退款"),
    ("case-colour-mismatch", "抱歉 紫色 深藍色 照片 換貨"),
    ("case-colour-mismatch", "抱歉／紫色／深藍色／照片／換貨"),
    ("fee-quality-fault", "抱歉，漏水，拍視頻，退貨，運費我們出"),
    ("logistics-out-for-delivery", "阿姨您好 派送中 快到了 接電話 檢查包裹"),
])
def test_a_list_of_any_words_is_stuffing(where: str, reply: str) -> None:
    result = CONTENT.scorer.score(_rubric(where), reply)
    assert "stuffing" in result.caps and result.score < PASS, (reply, result.score)
    hit = next(h for h in result.signals if h.signal == "stuffing")
    assert hit.quote.count("、") >= 3  # the items, as typed


@pytest.mark.parametrize("reply", [
    "收到，抱歉，我查一下，稍等",  # a pronoun: a clause, however short
    "抱歉，稍等，馬上查",  # three items: too few to be a list
    "不好意思沒說清楚：這個價已經減過了，沒辦法再低，不過包郵、7天無理由退換都有。",
])
def test_terse_sentences_are_no_list(reply: str) -> None:
    from trainer.core.matching import Text
    from trainer.core.signals import inside_phrases, word_list_quote

    text = Text.of(reply, CONTENT.lexicon)
    assert word_list_quote(text, inside_phrases(text, [])) is None


# Short but genuine sentences holding the same key phrases still pass.
GENUINE = [
    ("case-colour-mismatch", "親，真抱歉，麻煩您拍照給我看看，確認後給您換貨或退貨。"),
    ("aftersale-one-chance-weiquan", "親，您先不要撤，維權只有一次機會，等錢到賬了再撤哦。"),
    ("logistics-out-for-delivery", "親，包裹已到達您所在地了，請保持電話暢通，收到後檢查一下哦。"),
    ("presale-payment-confirmation", "親，價格已經改好了，一共200元，您方便時付款就行。"),
    ("fee-quality-fault", "抱歉親，麻煩您拍照給我看一下，運費我們承擔。"),
    ("logistics-slow-shipping", "抱歉親，最近訂單多，快遞比較忙，我馬上幫您查一下。"),
    ("rule-evidence-types", "可以上傳實物對比圖、質量檢測憑證、聊天記錄截圖，還有物流底單。"),
    ("iv-most-important-quality", "我覺得最重要的是耐心，態度要好，能站在買家角度去解決問題。"),
    ("sit-bargain-beyond-limit", "我會說我的權限只有9折，再幫您請示一下組長，您看可以嗎？"),
    ("presale-stock-question", "您好，在的，能拍的都有貨，您要哪個顏色？"),
    ("review-after-signed", "謝謝親的支持！滿意的話給個好評哦，有問題先聯系我們。"),
    ("presale-bargain-discount", "親，9折已經是我的最大權限了，234元，謝謝您的理解。"),
    ("presale-shoe-size-advice", "理解您的擔心，這款偏小，請問您腳長多少？"),
    ("rule-weiquan-window", "交易成功後15天內可以在我的淘寶申請售後，過了就不受理了。"),
    ("presale-colour-not-stocked", "抱歉親，這款沒有白色，有黑色和紅色，您比較喜歡哪一種呢？"),
]


def _rubric(where: str) -> Rubric:
    return dict(FIRST)[where]


@pytest.mark.parametrize(("where", "reply"), GENUINE, ids=[w for w, _ in GENUINE])
def test_short_genuine_sentences_with_the_phrases_pass(where: str, reply: str) -> None:
    result = CONTENT.scorer.score(_rubric(where), reply)
    assert "stuffing" not in {h.signal for h in result.signals}, reply
    assert result.passed, (reply, result.score, result.feedback)


def test_every_model_answer_and_passing_example_is_no_stuffing() -> None:
    for where, rubric in CONTENT.rubrics():
        replies = list(rubric.answers) + [e.reply for e in rubric.examples if (e.min or 0) >= PASS]
        for reply in replies:
            signals = {h.signal for h in CONTENT.scorer.score(rubric, reply).signals}
            assert "stuffing" not in signals, (where, reply)


# ---------------------------------------------------------------- insults and dismissals

COMPLETE = "親，真的很抱歉！麻煩您拍照給我看看，確認後給您換貨或退貨，運費由我們承擔。"


@pytest.mark.parametrize("insult", [
    "你有病吧", "眼瞎", "煩不煩", "愛退不退", "神經病", "腦子有問題", "不可理喻", "你懂不懂", "滾",
    "愛買不買", "你眼瞎啊", "滚", "烦不烦", "白痴", "閉嘴",
    "這是您自己的問題", "只能怪您自己", "我們概不負責", "那是你自己的问题",
])
def test_an_insult_is_a_clear_fail_and_is_quoted(insult: str) -> None:
    reply = f"{COMPLETE}{insult}！"
    result = SCORER.score(COLOUR, reply)
    assert result.score < PASS, (reply, result.score)
    assert "insult" in result.caps
    hit = next(h for h in result.signals if h.signal == "insult")
    assert hit.quote and hit.quote in reply
    assert f"「{hit.quote}」" in result.feedback and "侮辱" in result.feedback
    assert "還可以補充" not in result.feedback


def test_an_insult_in_traditional_or_simplified_is_the_same() -> None:
    a = SCORER.score(COLOUR, COMPLETE + "你腦子有問題吧")
    b = SCORER.score(COLOUR, COMPLETE + "你脑子有问题吧")
    assert a.score == b.score and "insult" in a.caps and "insult" in b.caps


# Innocent words around the markers: no insult, no rudeness.
@pytest.mark.parametrize(("rubric", "reply"), [
    (COLOUR, "親，真的很抱歉！麻煩您把頁面滾動到最下面，拍照對比一下發給我，可以換貨或退貨。"),
    (COLOUR, "不好意思，不煩您了，您拍照發給我就好，我們給您換貨，運費由我們承擔。"),
    (COLOUR, "親，抱歉！這款滾筒洗衣機的照片麻煩拍一下對比，給您換貨或退貨都可以。"),
    (COLOUR, "親，抱歉，衣服的滾邊顏色不對的話請拍照給我，可以換貨或退貨，運費由我們承擔。"),
    (COLOUR, "對不起親，螢幕滾輪那裡拍照給我看看，確認後換貨或退貨都行。"),
    (DELIVERY, "親，默認發圓通，3-5天到，雨雪天可能延誤；這款傻瓜相機很好用哦。"),
    (DELIVERY, "親，我們默認圓通，一般3-5天到，天氣不好會延誤，麻煩您了，不好意思。"),
    (DELIVERY, "親，默認發圓通，3-5天到，雨雪天可能延誤；這款去死皮膏用滾水沖一下就乾淨。"),
    (DELIVERY, "親，我幫你算一下：默認圓通，3-5天到，天氣不好可能延誤，包裝也是廢物利用的紙箱哦。"),
    (DELIVERY, "親，讓您等這麼久，一定煩死了吧，真抱歉！默認圓通，3-5天到，雨雪天可能延誤。"),
    (COLOUR, "親，真的很抱歉，這不是您自己的問題！麻煩拍照給我，給您換貨或退貨，運費由我們承擔。"),
    (COLOUR, "對不起親，不能怪您自己，是我們發錯了；麻煩拍照給我，換貨或退貨都可以。"),
])
def test_innocent_words_are_no_insult(rubric: Rubric, reply: str) -> None:
    result = SCORER.score(rubric, reply)
    assert not {"insult", "rude"} & {h.signal for h in result.signals}, result.signals
    assert result.passed, (reply, result.score)


# ---------------------------------------------------------------- the registry

# Symbols separate like spaces (only words join words), and key phrases alone, item after item,
# are a list whatever one other item says.
@pytest.mark.parametrize("reply", [
    "抱歉→拍照→換貨→運費賣家出", "抱歉👉拍照👉換貨👉運費我們出", "抱歉+拍照+換貨", "抱歉 > 拍照 > 換貨 > 退貨",
    "抱歉=>拍照=>換貨", "抱歉 拍照 換貨 運費我們出", "道歉；拍照；換貨；我們出運費", "抱歉。拍照。換貨。運費由賣家承擔。",
    "1. 道歉 2. 拍照 3. 換貨 4. 運費我們出", "一、抱歉 二、拍照 三、換貨 四、運費我們出",
    "①抱歉②拍照③換貨④運費我們出", "- 抱歉\n- 拍照\n- 換貨或退貨\n- 運費我們出", "抱歉 拍照 換貨和退貨 運費我們出", "（1）抱歉（2）拍照（3）換貨（4）運費我們出", "(1)抱歉 (2)拍照 (3)換貨",
])
def test_keywords_between_symbols_or_beside_one_clause_fail(reply: str) -> None:
    result = SCORER.score(COLOUR, reply)
    assert "stuffing" in result.caps and result.score < PASS, (reply, result.score)


@pytest.mark.parametrize("reply", [
    "親，真的很抱歉😣 麻煩您拍照發我，確認了給您換貨或退貨👌",
    "抱歉親～拍照對比一下發我，給您換貨，運費我們出✅",
    "收到，抱歉，我查一下，稍等",
    "抱歉(微笑) 麻煩您拍照發我，確認後給您換貨（運費我們出）",
])
def test_terse_sentences_with_emoji_stay_sentences(reply: str) -> None:
    assert "stuffing" not in SCORER.score(COLOUR, reply).caps, reply


# A subject with its quantity in one item is a fact; the 話術 said as a list of facts is an answer.
DELIVERY_Q = CONTENT.questions["know-delivery-times"].rubric


@pytest.mark.parametrize("reply", [
    "默認圓通，江浙滬1到2天，其他3到5天，偏遠5到7天",
    "默认圆通，江浙沪一到两天，其他三到五天，偏远五到七天",
    "默認圓通 / 江浙滬1-2天 / 江浙滬以外3-5天 / 偏遠地區5-7天",
])
def test_a_list_of_facts_is_an_answer(reply: str) -> None:
    result = CONTENT.scorer.score(DELIVERY_Q, reply)
    assert "stuffing" not in result.caps and result.passed, (reply, result.score)


@pytest.mark.parametrize("reply", [
    "圓通，1到2天，3到5天，5到7天",  # quantities with no subject
    "圓通 江浙滬 1到2天 其他地區 3到5天 偏遠 5到7天",  # subjects apart from their quantities
])
def test_bare_quantities_are_still_keywords(reply: str) -> None:
    result = CONTENT.scorer.score(DELIVERY_Q, reply)
    assert result.score < PASS, (reply, result.score)


# ---------------------------------------------------------------- repetition

@pytest.mark.parametrize(("where", "rubric"), FIRST, ids=[w for w, _ in FIRST])
def test_a_model_answer_pasted_three_times_or_more_fails(where: str, rubric: Rubric) -> None:
    answer = rubric.answers[0]
    once = CONTENT.scorer.score(rubric, answer)
    assert "repeat" not in {h.signal for h in once.signals}, where
    for times, sep in ((3, ""), (5, "\n"), (40, " ")):
        reply = sep.join([answer] * times)
        result = CONTENT.scorer.score(rubric, reply)
        assert result.score < PASS and "repeat" in result.caps, (where, times, result.score)
        hit = next(h for h in result.signals if h.signal == "repeat")
        assert hit.quote and hit.quote in reply and f"「{hit.quote}…」" in result.feedback


def test_an_answer_said_twice_or_a_word_doubled_is_not_a_paste() -> None:
    twice = SCORER.score(COLOUR, COMPLETE + COMPLETE)
    assert "repeat" not in twice.caps and twice.passed, twice.score
    emphatic = SCORER.score(COLOUR, "抱歉抱歉抱歉！" + COMPLETE)
    assert "repeat" not in emphatic.caps and emphatic.passed, emphatic.score


def test_no_bundled_answer_or_example_reads_as_a_paste() -> None:
    replies = [a for _, r in FIRST for a in r.answers]
    replies += [a for s in CONTENT.scenarios.values() for n in s.nodes.values() if n.rubric for a in n.rubric.answers]
    assert len(replies) > 300
    for reply in replies:
        for rubric in (COLOUR, DELIVERY):
            assert "repeat" not in SCORER.score(rubric, reply).caps, reply


def test_to_dict_keeps_its_keys_and_has_every_dimension() -> None:
    data = SCORER.score(COLOUR, "色差很正常，你看錯了吧。").to_dict()
    assert {"score", "points", "avoid", "closest_answer", "dimensions", "signals"} <= set(data)
    assert list(data["dimensions"]) == [d.name for d in DIMENSIONS]
    assert data["signals"][0]["signal"] == "avoid" and data["signals"][0]["why"]
    json.dumps(data, ensure_ascii=False)


def test_format_result_shows_every_dimension_label() -> None:
    text = format_result(SCORER.score(COLOUR, COMPLETE))
    assert all(d.label in text for d in DIMENSIONS)


def test_signal_names_are_unique_and_labelled() -> None:
    names = [s.name for s in SIGNALS]
    assert len(names) == len(set(names)) and all(s.label and s.advice for s in SIGNALS)


OLD_ROW = {  # a result stored before signals were recorded
    "score": 18, "passed": False,
    "dimensions": {"coverage": 66.7, "similarity": 40.0, "tone": 30.0},
    "points": {"hit": [{"label": "道歉", "credit": 1.0}], "missed": ["拍照"]},
    "avoid": [{"why": "不能推給買家", "phrase": "色差很正常", "matched": "色差很正常"}],
    "closest_answer": "…", "caps": ["avoid", "short"], "polite": [], "rude": ["你自己"], "feedback": "…",
}


@pytest.mark.parametrize(("row", "signals", "line"), [
    (OLD_ROW, ["avoid", "rude", "short"], "要點 67 · 相似 40 · 語氣 30"),
    ({"dimensions": {"coverage": 10}}, [], "要點 10"),
    ({"dimensions": "broken", "avoid": "x", "signals": [1, {"signal": "insult", "quote": "滾"}]}, ["insult"], ""),
    ({}, [], ""),
])
def test_stored_rows_old_and_new_are_read(row: dict[str, object], signals: list[str], line: str) -> None:
    assert [h.signal for h in signal_hits(row)] == signals
    assert dimensions_line(row) == line
    assert len(dimension_values(row)) == len(line.split(" · ")) if line else not dimension_values(row)


def test_a_fresh_result_reads_back_the_same_as_stored() -> None:
    result = SCORER.score(COLOUR, COMPLETE + "你有病吧")
    stored = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert signal_hits(stored) == result.signals


def test_an_insult_angers_the_buyer_like_a_broken_rule() -> None:
    from trainer.core.branching import MOOD_AVOID, MOOD_PER_POINT, mood_after

    result = SCORER.score(COLOUR, COMPLETE + "你有病吧")
    expected = 50 + (50 - result.score) * MOOD_PER_POINT + MOOD_AVOID
    assert mood_after(50, result) == round(expected)


def test_the_candidate_report_reads_an_old_row() -> None:
    from trainer.reports.interview import AnswerItem, _answer_md
    from trainer.reports.interview_html import _answer
    from trainer.store import TurnRow

    turn = TurnRow(index=0, node_id="q", prompt="運費誰出？", reply="色差很正常", score=18, raw_score=18,
                   passed=False, result=OLD_ROW, mood_before=None, mood_after=None, latency=3.0,
                   typing_seconds=None, cpm=0.0, hints=0, nudges=0, next_node=None)
    item = AnswerItem(turn, 1, 0, (), (), ())
    md = "\n".join(_answer_md(item))
    assert "- 細項：要點 67 · 相似 40 · 語氣 30" in md
    assert "- ⚠ 觸犯規則「色差很正常」：不能推給買家" in md and "- ⚠ 不禮貌「你自己」" in md
    assert "⚠ 回覆太短" in _answer(item)


@pytest.mark.parametrize(("dims", "line"), [
    ({"coverage": 66.6667, "similarity": 80, "tone": 90}, "要點 67 · 相似 80 · 語氣 90"),
    ({"coverage": 40.5, "similarity": 12.49, "tone": 0}, "要點 41 · 相似 12 · 語氣 0"),
    ({"coverage": 100.0}, "要點 100"),
])
def test_dimensions_line_shows_whole_numbers_halves_up(dims: dict[str, float], line: str) -> None:
    from trainer.core.dimensions import dimensions_line

    assert dimensions_line({"dimensions": dims}) == line


def test_good_never_contradicts_the_tone_shown_beside_it() -> None:
    """A reply with every key point and no polite word passes, but is not told its tone is fine."""
    rubric = _rubric("case-colour-mismatch")
    curt = CONTENT.scorer.score(rubric, "顏色發錯了，拍張照片發過來，確認了就換貨，搞錯了給你道歉")
    assert curt.passed and all(p.hit for p in curt.points) and curt.dimensions["tone"] < 60
    assert "語氣也得體" not in curt.feedback and "親切" in curt.feedback
    kind = CONTENT.scorer.score(rubric, "不好意思給您添麻煩了，麻煩拍張照片發過來，確認了就給您換貨")
    assert kind.dimensions["tone"] >= 60 and kind.feedback == "很好，要點都講到了，語氣也得體。"
