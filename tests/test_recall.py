"""Paraphrase recall: homophones, compounds, narrower terms, false friends, numbers.

One row per case, with the bundled thesaurus (``thesaurus.yaml``) unless a row
builds its own.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.scoring_fixtures import bundled_scorer
from trainer.core import pinyin
from trainer.core.content import read_thesaurus
from trainer.core.lexicon import Lexicon
from trainer.core.matching import Phrase, Text, find_phrase
from trainer.core.models import Point, Rubric
from trainer.core.normalise import fold, to_simplified
from trainer.core.problems import Problem

SCORER = bundled_scorer()
LEX = SCORER.lexicon


def match(phrase: str, reply: str, lex: Lexicon = LEX) -> tuple[str | None, str]:
    """How ``phrase`` is found in ``reply`` and what is quoted ("" when not found)."""
    text = Text.of(reply, lex)
    m = find_phrase(Phrase.of(phrase, lex), text, 75)
    if m is None:
        return None, ""
    return m.how, text.quote(m.start, m.end, m.space)


# —— homophone typos of pinyin input ——
@pytest.mark.parametrize(
    ("phrase", "reply", "quoted"),
    [
        ("退款", "今天就給您推款", "推款"),
        ("已經", "價格以經改好了", "以經"),
        ("發貨", "我們明天發或", "發或"),
        ("運費我們", "運費我門來出", "運費我門"),
        ("核實", "我先幫您和實一下", "和實"),
        ("已經", "价格以经改好了", "以经"),  # Simplified
    ],
)
def test_a_homophone_typo_is_credited_as_homophone(phrase: str, reply: str, quoted: str) -> None:
    assert match(phrase, reply) == ("homophone", quoted)


def test_a_homophone_earns_a_little_less_than_exact() -> None:
    rubric = Rubric(("親，今天給您退款。",), (Point("退款", ("退款",)),))
    exact = SCORER.score(rubric, "親，今天給您退款，抱歉。").points[0].credit
    typo = SCORER.score(rubric, "親，今天給您推款，抱歉。").points[0].credit
    assert 0.8 <= typo < exact == 1.0


# False friends: the homophone is another common word, a negation, or too far off.
@pytest.mark.parametrize(
    ("phrase", "reply"),
    [
        ("發貨", "您先別發火"),  # 發火 is a word (pypinyin's list)
        ("補發", "今天不發了"),  # a negation is never a typo
        ("寄回", "只有一次機會"),  # 機會 is a word
        ("核實", "這個尺碼很合適"),  # 合適 is a word
        ("換貨", "您先還貨給我們"),  # 還貨: thesaurus false_homophones
        ("拍照", "車的牌照"),  # false_homophones
        ("收到", "受到影響"),  # false_homophones
        ("退款", "推開"),  # only one character sounds alike
        ("運費我們", "雲飛我門"),  # two of four characters differ
        ("退款", "沒推款"),  # negated
    ],
)
def test_a_false_homophone_is_not_credited(phrase: str, reply: str) -> None:
    assert match(phrase, reply)[0] != "homophone"


def test_phrase_sounds_are_precomputed_and_reply_readings_cached() -> None:
    phrase = Phrase.of("退款", LEX)
    assert phrase.sounds and phrase.sounds[0][1] == pinyin.sounds("退款")
    match("退款", "給您推款")
    hits = pinyin.readings.cache_info().hits
    match("退款", "給您推款")
    assert pinyin.readings.cache_info().hits > hits


@pytest.mark.parametrize("text", ["a", "M碼", "3天", "退"])
def test_non_chinese_or_one_character_phrases_have_no_sounds(text: str) -> None:
    assert pinyin.sounds(fold(text)) is None


# —— a phrase inside a longer compound, and the compounds that must block it ——
@pytest.mark.parametrize(
    ("phrase", "reply", "how"),
    [
        ("單號", "麻煩把快遞單號發我", "exact"),  # 快遞單號 is a 單號
        ("快遞", "麻煩把快遞單號發我", "exact"),  # inside a compound the thesaurus rewrote
        ("放心", "您放心，一定處理好", "exact"),
        ("單號", "退貨單號是多少呢", "exact"),
        ("對比圖", "實物對比圖片發我一下", "exact"),
        ("單號", "快遞號碼發您", "thesaurus"),  # the thesaurus: 快遞號碼 is a 單號
    ],
)
def test_a_phrase_inside_a_safe_compound_is_credited(phrase: str, reply: str, how: str) -> None:
    assert match(phrase, reply)[0] == how


@pytest.mark.parametrize(
    ("phrase", "reply"),
    [
        ("單號", "麻煩把您的訂單號發我"),  # the wrong number to ask for
        ("單號發我", "訂單號發我一下"),  # a phrase containing the blocked word
        ("運費", "這單有運費險的"),  # insurance, not who pays
        ("郵費", "這單有運費險的"),  # through the thesaurus too
        ("運費我們", "運費險我們有買"),  # nor fuzzily
        ("好評", "好評返現五元"),  # a forbidden practice, not asking for a review
        ("補發", "幫您補發票"),  # an invoice, not a replacement
        ("郵政", "郵政編碼寫錯了"),  # a postcode, not the post
        ("快遞", "快遞費您出"),  # the fee, not the courier
    ],
)
def test_a_phrase_inside_a_forbidden_compound_is_not_credited(phrase: str, reply: str) -> None:
    assert match(phrase, reply)[0] is None


def test_the_compound_itself_still_matches() -> None:
    assert match("運費險", "這單有運費險的")[0] == "exact"
    assert match("訂單號", "麻煩把您的訂單號發我")[0] == "exact"


# —— couriers by brand: a one-way "narrower term" ——
@pytest.mark.parametrize(
    ("phrase", "reply", "quoted"),
    [
        ("快遞", "今天就給您發順豐", "順豐"),
        ("快遞", "中通今天收件嗎", "中通"),
        ("聯繫快遞", "我馬上打給圓通問問", "打給圓通"),
        ("快遞", "給您改發郵局", "郵局"),  # 郵政 and its synonyms
        ("憑證", "把照片上傳給小二", "照片"),  # evidence
    ],
)
def test_a_narrower_term_satisfies_the_broader(phrase: str, reply: str, quoted: str) -> None:
    assert match(phrase, reply) == ("thesaurus", quoted)


@pytest.mark.parametrize(
    ("phrase", "reply"),
    [
        ("圓通", "我們默認發快遞"),  # 快遞 does not name the shop's courier
        ("圓通", "我們默認發中通"),  # brands are not each other
        ("聯繫圓通", "我聯繫中通問問"),
        ("順豐", "發郵政可以嗎"),
        ("照片", "把憑證上傳"),  # evidence is not necessarily a photo
    ],
)
def test_a_broader_term_does_not_satisfy_a_narrower(phrase: str, reply: str) -> None:
    assert match(phrase, reply)[0] is None


# —— paraphrases the richer thesaurus credits ——
@pytest.mark.parametrize(
    ("phrase", "reply"),
    [
        ("保持電話暢通", "請留意接聽電話哦"),
        ("電話暢通", "手機保持開機就好"),
        ("保持電話", "記得接電話"),
        ("暫停收件", "這兩天快遞停運了"),
        ("暫停收件", "網點都停止攬收了"),
        ("雨雪", "這邊下暴雪"),
        ("代收", "讓鄰居幫忙代領"),
        ("快遞櫃", "放豐巢櫃就行"),
        ("驛站", "放菜鳥驛站"),
        ("久等了", "讓您久等啦"),
        ("退款", "全額退錢給您"),
        ("視頻", "錄個視頻給我"),
        ("聊天記錄", "旺旺截圖保存好"),
        ("質量檢測", "附上質檢報告"),
        ("到賬", "退款到您帳上了"),
        ("不用加錢", "不用再補錢的"),
        ("由您承擔", "運費要麻煩您自己出"),
        ("第二天", "隔天就到"),
        ("慢一點", "會慢個一兩天"),
        ("單號", "運單號發您"),
    ],
)
def test_the_thesaurus_credits_everyday_paraphrases(phrase: str, reply: str) -> None:
    assert match(phrase, reply)[0] in ("thesaurus", "exact")


# —— false friends the thesaurus must keep apart (one row each) ——
@pytest.mark.parametrize(
    ("phrase", "reply"),
    [
        ("退運費", "我們給您補發一個"),  # 補發 ≠ refunding the shipping
        ("補給您", "給您補發新的"),
        ("補發", "運費補給您"),
        ("退款", "您申請退貨"),  # 退款 ≠ 退貨
        ("退貨", "給您退款"),
        ("換貨", "可以退貨"),  # 換貨 ≠ 退貨
        ("換貨", "給您補發"),  # 換貨 ≠ 補發
        ("退款", "退運費給您"),  # refund ≠ shipping refund
        ("單號", "物流進度我看一下"),  # tracking number ≠ progress
        ("抱歉", "很遺憾不能退"),  # regret is no apology
        ("下單", "先加入購物車"),
        ("質量問題", "有問題的地方拍給我"),
        ("差價", "退差價"),  # the opposite direction of money
        ("補發", "您再寄回來"),  # the buyer sending back is no replacement
        ("由您承擔", "不用您承擔"),  # the negated form belongs to the seller group
        ("核實", "我幫您催一下"),  # urging is not verifying
        ("寄回", "馬上給您寄過來"),  # the shop sending is no return
        ("暫停收件", "店鋪暫停營業"),  # the shop closed, not the courier
        ("檢查", "我仔細看看"),  # the agent looking is no inspection by the buyer
    ],
)
def test_a_false_friend_is_not_credited(phrase: str, reply: str) -> None:
    how, _ = match(phrase, reply)
    assert how in (None, "fuzzy", "exact") and how != "thesaurus"
    if how == "exact":  # 差價 is literally inside 退差價: only that literal reading
        assert fold(phrase) in fold(reply)


# —— numbers in words ——
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("一百二十元", "120元"),
        ("一百二", "120"),
        ("1百2十", "120"),
        ("兩百五十塊", "250塊"),
        ("兩百五", "250"),
        ("１百２十元", "120元"),
        ("一千二", "1200"),
        ("一兩天", "1、2天"),
    ],
)
def test_sums_in_words_fold_to_digits(a: str, b: str) -> None:
    assert fold(a) == fold(b)


@pytest.mark.parametrize(("a", "b"), [("1.5万", "15万"), ("一兩天", "12天"), ("3百", "3")])
def test_numbers_that_differ_stay_different(a: str, b: str) -> None:
    assert fold(a) != fold(b)


def test_a_sum_in_words_earns_the_amount_point() -> None:
    rubric = Rubric(("親，已經改好價格了，一共220元，方便時付款就行。",), (Point("金額", ("220元",)),))
    assert SCORER.score(rubric, "好的親，價格改好了，一共兩百二十元，您方便時付款哦").points[0].hit


# —— twins still score within one point (script, width, numerals) ——
FRAGMENTS = (
    "親", "您好", "真的很抱歉", "麻煩您拍張照片", "我核實一下", "給您換貨", "退款", "運費我們出",
    "十五天內", "一百二十元", "兩三天", "請留意接聽電話", "快遞停運了", "順豐", "訂單號", "推款",
    "，", "。", "！", "～",
)
RUBRIC = Rubric(
    ("親，真的很抱歉，麻煩您拍照給我核實，確認後給您換貨或退款，運費我們出，15天內都可以。",),
    (
        Point("道歉", ("抱歉",)), Point("拍照", ("拍照",)), Point("換退", ("換貨", "退款")),
        Point("運費", ("運費我們",)), Point("時限", ("15天",)), Point("電話", ("保持電話暢通",)),
    ),
)
_WIDE = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in "0123456789"} | {"，": ",", "！": "!"})


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=10))
def test_twins_score_within_one_point(parts: list[str]) -> None:
    reply = "".join(parts)
    twins = [to_simplified(reply), reply.translate(_WIDE), reply.replace("一百二十", "120").replace("十五", "15")]
    base = SCORER.score(RUBRIC, reply).score
    for twin in twins:
        assert abs(SCORER.score(RUBRIC, twin).score - base) <= 1, twin


# —— the thesaurus format ——
def _read(tmp_path: Path, text: str) -> tuple[Lexicon | None, list[Problem]]:
    path = tmp_path / "thesaurus.yaml"
    path.write_text(text, "utf-8")
    problems: list[Problem] = []
    return read_thesaurus(path, problems), problems


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("groups: []\nnot_inside:\n  單號: [訂單]\n", "does not contain", 3),
        ("groups: []\nnarrower: [順豐]\n", "expected a mapping", 2),
        ("groups: []\nnarrower:\n  快遞: 順豐\n", "expected a list", 3),
        ("groups: []\nfalse_homophones: 發火\n", "expected a list", 2),
        ("groups: []\nnot_insid:\n  單號: [訂單號]\n", "did you mean `not_inside`", 2),
    ],
)
def test_a_bad_relation_is_reported_with_its_line(tmp_path: Path, text: str, message: str, line: int) -> None:
    _lex, problems = _read(tmp_path, text)
    hits = [p for p in problems if message in p.message]
    assert hits and hits[0].loc.line == line


def test_relations_are_read_and_extend_the_bundled_ones(tmp_path: Path) -> None:
    lex, problems = _read(
        tmp_path,
        "groups: [[包裹, 快件]]\nnarrower:\n  快遞: [跨越速運]\nnot_inside:\n  退款: [退款失敗]\n"
        "false_homophones: [推開]\n",
    )
    assert lex is not None and not problems
    merged = lex.merged(LEX)
    assert match("快遞", "給您發跨越速運", merged)[0] == "thesaurus"
    assert match("快遞", "給您發順豐", merged)[0] == "thesaurus"  # the bundled brands stay
    assert match("退款", "顯示退款失敗", merged)[0] is None
    assert "推开" in merged.words()


def test_the_bundled_thesaurus_reads_without_problems() -> None:
    problems: list[Problem] = []
    lex = read_thesaurus(Path(__file__).resolve().parent.parent / "thesaurus.yaml", problems)
    assert lex is not None and not problems
    assert len(lex) >= 600 and lex.narrower and lex.not_inside and lex.false_homophones and lex.senses



# —— a word the rest of its clause decides: 拍下 (order) asking for a photo ——
@pytest.mark.parametrize(
    ("phrase", "reply", "quoted"),
    [
        ("拍照", "麻煩您拍下收到的衣服發給我", "拍下"),
        ("拍照", "麻烦您拍下破损的地方发给我看看", "拍下"),  # simplified
        ("照片", "您把吊牌拍下給我看一下", "拍下"),
        ("拍照", "把衣服拍下來發我", "拍下來"),  # the photo group's own word still wins
    ],
)
def test_a_sense_cue_in_the_clause_changes_the_meaning(phrase: str, reply: str, quoted: str) -> None:
    assert match(phrase, reply) == ("thesaurus", quoted)


@pytest.mark.parametrize(
    ("phrase", "reply", "sense"),
    [
        ("下單", "喜歡的話可以早點拍下哦", True),  # no cue: its group (an order)
        ("拍照", "喜歡的話可以早點拍下哦", False),
        ("拍照", "您先拍下，付款後我發給您", False),  # the cue is in the next clause
        ("下單", "您先拍下，付款後我發給您", True),
        ("下單", "麻煩您拍下收到的衣服發給我", False),  # a photo, not an order
        # 把 puts what is sent before the verb: the order number, not a photo (拍下 is the order).
        ("拍照", "您拍下後把訂單號發給我，我幫您備註", False),
        ("下單", "您拍下後把訂單號發給我，我幫您備註", True),
        ("拍照", "方便的話拍下之後把地址發我", False),
        ("拍照", "麻煩您拍下破損處再把它發給我", True),  # 它: what was photographed
        ("拍照", "麻煩您拍下破損的地方把這個發給我們看看", True),
    ],
)
def test_a_sense_reads_only_its_own_clause(phrase: str, reply: str, sense: bool) -> None:
    assert (match(phrase, reply)[0] is not None) is sense


def test_senses_are_read_validated_and_merged(tmp_path: Path) -> None:
    lex, problems = _read(tmp_path, "groups: [[下單, 拍下]]\nsenses:\n  拍下:\n    照片: [傳到群裡]\n")
    assert lex is not None and not problems
    merged = lex.merged(LEX)
    assert match("照片", "把破的地方拍下傳到群裡", merged)[0] == "thesaurus"
    assert match("照片", "把破的地方拍下發給我", merged)[0] == "thesaurus"  # the bundled cue stays
    assert match("下單", "今天拍下有優惠", merged)[0] is not None
    for text in ("groups: []\nsenses:\n  拍下: [照片]\n", "groups: []\nsenses:\n  拍下:\n"):
        _lex, problems = _read(tmp_path, text)
        assert [p.loc.line for p in problems if "expected a mapping" in p.message] == [3]

# —— every ✓ quotes what the trainee typed, whichever form matched ——
@pytest.mark.parametrize(
    ("phrase", "reply", "quoted"),
    [
        ("運費", "親～郵費我們出，不好意思哈", "郵費"),  # canonical, after a longer rewrite
        ("抱歉", "親～郵費我們出，不好意思哈", "不好意思"),
        ("單號", "不好意思，快遞單號發我", "快遞單號"),  # the whole thesaurus word
        ("快遞", "不好意思，快遞單號發我", "快遞"),  # folded, inside a rewritten compound
        ("發我", "不好意思，快遞單號發我", "發我"),
        ("聯繫快遞", "親，我打電話問一下快遞員", "問一下快遞"),
        ("快遞", "您好，今天發順豐哦", "順豐"),  # broadened, then canonical
        ("15天", "親，十五天內都可以", "十五天"),  # numerals
    ],
)
def test_the_quote_is_the_original_text(phrase: str, reply: str, quoted: str) -> None:
    assert match(phrase, reply)[1] == quoted


# —— a near match keeps the phrase's negation ——
@pytest.mark.parametrize(("phrase", "reply"), [
    ("沒有問題", "應該是右邊那隻質量有問題，您先充電"),
    ("不是質量問題", "是質量問題，給您退"),
    ("不用您出", "運費用您出一下"),
])
def test_a_variant_without_the_negation_is_the_opposite(phrase: str, reply: str) -> None:
    assert match(phrase, reply) == (None, ""), (phrase, reply)


# —— a near match keeps the phrase's person: who pays is no typo ——
@pytest.mark.parametrize(("phrase", "reply", "found"), [
    ("您來承擔", "這次寄回來的運費就我們這邊來承擔吧", False),  # we pay, not the buyer
    ("您來承擔", "運費需要他來承擔", False),
    ("您來承擔", "運費需要你來承擔哦", True),  # 你 and 您 are the same buyer
    ("不用您出", "查到是少發的話，您不用出運費", True),  # the person just before the variant
])
def test_a_variant_keeps_who_does_it(phrase: str, reply: str, found: bool) -> None:
    assert (match(phrase, reply)[0] is not None) is found, (phrase, reply)


def test_a_variant_that_keeps_the_negation_still_counts() -> None:
    how, quoted = match("不是質量問題", "這個不是質最問題哦")  # a typo, the negation kept
    assert how is not None and "不是" in quoted
