"""The bundled house rules and case facts (rules.yaml), one row per reply.

Each rule has rows that break it (the plain phrase, variant spellings, other
scripts, full width, spaces and punctuation), rows that deny it, and innocent
look-alikes that must break nothing. Rows name the rule id expected in the
result's avoid hits, or None for "no house rule broken".
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.scoring_fixtures import bundled_scorer
from trainer.core.house_rules import HouseRule, HouseRules
from trainer.core.models import Point, Rubric
from trainer.core.rules_file import read_rules_file
from trainer.core.scorer import Scorer

RULES = read_rules_file(None, [])
BASE = bundled_scorer()
SCORER = Scorer(BASE.lexicon, BASE.settings, RULES)

CHAT = Rubric(
    ("親，抱歉讓您久等了，我馬上幫您查一下。",),
    (Point("道歉", ("抱歉", "不好意思")), Point("查詢", ("查一下", "核實"))),
    category="售後/描述不符",
)


def house_ids(reply: str, rubric: Rubric = CHAT) -> list[str]:
    return [h.rule for h in SCORER.score(rubric, reply).avoid if h.source != "node"]


OFF_PLATFORM = [
    ("plain", "親，加我微信下單再便宜", "off-platform-trade"),
    ("simplified script", "亲，加我微信下单再便宜", "off-platform-trade"),
    ("spaced and punctuated", "加 我 微 信，下單更便宜", "off-platform-trade"),
    ("homophone spelling 威信", "加個威信聊吧", "off-platform-trade"),
    ("homophone spelling 薇信", "您加我薇信，發您圖片", "off-platform-trade"),
    ("letter form V信", "加我V信，我發您鏈接", "off-platform-trade"),
    ("letter form vx with an id", "親，vx：abc12345", "off-platform-trade"),
    ("letter form VX full width", "ＶＸ上聯繫我", "off-platform-trade"),
    ("letter form wx", "wx聊更快", "off-platform-trade"),
    ("letter form v x spaced", "加 v x 吧", "off-platform-trade"),
    ("letter form weixin", "我的weixin是abc123", "off-platform-trade"),
    ("letter form wechat", "add my wechat please", "off-platform-trade"),
    ("加V", "加個V聊", "off-platform-trade"),
    ("+V", "+V聊，發您圖", "off-platform-trade"),
    ("slang 衛星", "加衛星聊吧", "off-platform-trade"),
    ("pinyin spaced", "wei xin: abc123", "off-platform-trade"),
    ("要不 is a suggestion, not a denial", "要不您加我微信吧", "off-platform-trade"),
    ("QQ", "我們QQ上聊", "off-platform-trade"),
    ("qq lower case", "加qq：123456789", "off-platform-trade"),
    ("扣扣", "加扣扣吧，方便發圖", "off-platform-trade"),
    ("private transfer", "您私下轉賬給我就行", "off-platform-trade"),
    ("alipay transfer", "直接轉我支付寶，給您便宜", "off-platform-trade"),
    ("money to the buyer's alipay", "轉您支付寶", "off-platform-trade"),
    ("money hit to the buyer's alipay", "打您支付寶", "off-platform-trade"),
    ("alipay named first", "支付寶轉給您", "off-platform-trade"),
    ("wechat named first", "差價我微信轉您，您別在淘寶拍了", "off-platform-trade"),
    ("沒關係 does not negate what follows", "沒保障也沒關係，您微信轉給我", "off-platform-trade"),
    ("沒關係 then a bare transfer", "沒關係，微信轉我就行", "off-platform-trade"),
    ("沒關係 after the phrase is no refusal", "加我微信也沒關係", "off-platform-trade"),
    ("不行的話 is a condition, not a refusal", "您加我微信吧，不行的話打電話", "off-platform-trade"),
    ("不行嗎 is a question, not a refusal", "加微信不行嗎，發圖方便", "off-platform-trade"),
    ("不行 going on into a clause is a condition", "加我微信，不行我打給您", "off-platform-trade"),
    ("不可能 going on into a clause", "私下轉賬不可能被查到的", "off-platform-trade"),
    ("a transfer refused", "我們不能轉您支付寶，請在淘寶拍下", None),
    # A space typed between two words in place of a comma ends the clause a denial reaches.
    ("a space for a comma", "180確實給不了 我做主給您8折吧", "promise-beyond-authority"),
    ("spaced characters are one word", "我們不能 加 微 信 哦", None),
    ("a refund back the way it came", "退款原路轉回您的支付寶", None),
    ("transferred to alipay's support", "我幫您轉接支付寶客服", None),
    ("這是 is not filing under a rule's name", "這是我的微信號，加一下", "off-platform-trade"),
    ("bank transfer", "銀行卡轉賬也可以", "off-platform-trade"),
    ("offline", "我們線下交易吧", "off-platform-trade"),
    ("negated: 不能加微信", "我們不能加微信交易哦", None),
    ("negated: 規定不能私下轉賬", "平台規定不能私下轉賬", None),
    ("negated through a bridge", "親，我們不能私下加微信", None),
    ("condemned after", "私下轉賬是違規的，請在淘寶下單", None),
    ("negated: 不支持微信支付", "淘寶不支持微信支付哦，請直接拍下", None),
    ("negated letter form", "不能加vx哦", None),
    ("a buyer's request reported", "買家要求加微信時，我會說平台不允許", None),
    ("a denied phrase, then one meant", "平台不能加微信，不過您私下加我微信就行", "off-platform-trade"),
    ("a denied pattern, then one meant", "不能加vx哦，但是vx：abc12345可以聊", "off-platform-trade"),
    ("refund goes back to alipay", "退款會原路退回您的支付寶", None),
    ("vx inside a product name", "這款手機殼適用 vivo X100", None),
    ("wx inside an English word", "我們的 wxyz 系列有貨", None),
    ("qq music is not qq", "可以在QQ音樂裡聽這首歌", None),
    ("qq candy is a product", "這款QQ糖是新口味", None),
    ("a button that will not close", "紐扣扣不上的話可以換一件", None),
]

REVIEW = [
    ("plain", "給個好評返您紅包", "review-for-reward"),
    ("cash back", "曬圖好評返現5元", "review-for-reward"),
    ("gift", "五星好評送小禮物哦", "review-for-reward"),
    ("red packet first", "給您發個紅包，麻煩給個五星好評", "review-for-reward"),
    # Paying for a deleted review also names a compensation a new hire may not give on their own.
    ("paid to delete a bad review", "您把差評刪了我們給您補償10元", ("review-for-reward", "promise-beyond-authority")),
    ("simplified", "好评返现哦", "review-for-reward"),
    ("5星 in digits", "給個5星好評返3元", "review-for-reward"),
    ("asking for a review is fine", "對商品滿意的話，麻煩給個五星好評哦", None),
    ("negated", "我們不做好評返現，您如實評價就好", None),
    ("thanks for a review", "感謝您的好評，歡迎下次光臨", None),
    ("naming the violation: 涉嫌", "涉嫌好評返現的活動我們都不參加", None),
    ("review then delivery in one sentence", "感謝您的好評，送貨的問題我也反映給快遞了", None),
]

FAKE_SHIPPING = [
    ("number filled before handover", "單號我先幫您填上了，快遞明天才來取", "fake-shipping"),
    ("marking as shipped first", "這邊先給您點發貨，快遞晚點來收", "fake-shipping"),
    ("filling a number first", "我先填個單號，這樣不算超時", "fake-shipping"),
    ("the buyer fills the return number", "麻煩您寄回後先填一下退貨單號", None),
    ("negated", "我們不會虛假發貨，快遞攬收後才有單號", None),
    ("the order number is not a tracking number", "您的訂單號我先記下來了", None),
    ("naming the violation: 屬於", "這屬於虛假發貨", None),
    ("naming it in other words", "這種做法屬於虛假發貨，平台會處罰", None),
    ("condemned before: 平台禁止的", "平台禁止的虛假發貨", None),
    ("condemned before: 違規的", "違規的假單號我們不會給", None),
    ("a refusal after the phrase: 這個不行", "先填單號這個不行", None),
    ("a refusal after a quoted demand", "您說的先點發貨？這個真的不行", None),
    ("a refusal, then a particle", "先填單號不行哦親，要等快遞攬收", None),
    ("a refusal mid-clause is a consequence", "您先點確認收貨，不然沒辦法給您退款", "confirm-before-refund"),
]

CONFIRM = [
    ("plain", "您先點確認收貨我們再退款", "confirm-before-refund"),
    ("with a comma", "親您先確認收貨，我們馬上給您退款", "confirm-before-refund"),
    ("phrase", "麻煩先點一下確認收貨，差價我們再退給您", "confirm-before-refund"),
    ("simplified", "您先确认收货我们再退款", "confirm-before-refund"),
    ("check before confirming is good advice", "收到後檢查沒問題再確認收貨哦", None),
    ("negated", "退款不需要您先確認收貨", None),
    ("do not confirm yet", "您先別確認收貨，等問題解決了再說", None),
    ("the shop receives the return", "我們收到退貨後會馬上給您退款", None),
]

DISCOURAGE = [
    ("guilt and stop", "申請售後會影響我們店，您先別申請", "discourage-after-sale"),
    ("do not complain", "親，您先別投訴，我們好商量", "discourage-after-sale"),
    ("change the refund reason", "您把退款原因改成不想要了，這樣快一點", "discourage-after-sale"),
    ("another reason", "您換個原因再申請吧", "discourage-after-sale"),
    ("withdraw the claim now", "您先撤銷維權吧，我們再給您退", "discourage-after-sale"),
    ("do not apply", "不要申請售後啊，申請也沒用", "discourage-after-sale"),
    ("do not complain, then compensation", "您不要投訴了，我們給您補償", "discourage-after-sale"),
    ("an A-not-A question: 要不要投訴", "要不要投訴是您的權利", None),
    ("an A-not-A question: 要不要申請售後", "要不要申請售後由您決定，我們都會處理", None),
    ("inviting a claim", "您可以申請售後，我們會盡快處理", None),
    ("withdraw once resolved", "售後維權機會只有一次，等退款到賬後您再撤銷", None),
    ("choose the true reason", "請您選擇符合實際情況的退款原因", None),
]

PROMISE = [
    ("a price not yet approved", "這個價我保證能批下來", "promise-beyond-authority"),
    ("a delivery date", "您放心，保證明天就能收到", "promise-beyond-authority"),
    ("compensation", "放心，丟了我們一定全額賠償", "promise-beyond-authority"),
    ("lowest price", "我保證給您最低價", "promise-beyond-authority"),
    ("days in words", "包您三天內到貨", "promise-beyond-authority"),
    ("double refund", "不到貨雙倍賠償", "promise-beyond-authority"),
    ("100%", "100%明天到", "promise-beyond-authority"),
    ("a promise with a condition after it", "保證明天到，不行的話我賠您", "promise-beyond-authority"),
    ("a refusal after the phrase: 答應不了", "三倍賠償我答應不了", None),
    ("a refusal after the phrase, with fillers", "雙倍賠償這個我真的做不到", None),
    ("a refusal after a quoted date", "保證明天到？這個我做不到，只能幫您催快遞", None),
    ("a refusal before the phrase", "我答應不了三倍賠償，要先和快遞確認", None),
    ("an estimate is fine", "我們一般3-5天能到，我會幫您盯著物流", None),
    ("negated", "我不能保證明天到，但會幫您催快遞", None),
    ("asking the team lead", "這個價格我不敢保證，我去請示一下組長", None),
    ("a promise to follow up", "一定幫您跟進到底", None),
    ("hedged", "我們一定會幫您盯著，一般明天能到", None),
    ("expected", "預計明天能到，到了請保持電話暢通", None),
]


PUSH_AWAY = [
    ("the shop does not handle it", "抱歉親，這個我們這邊不管的", "push-away"),
    ("simplified, with a particle", "这个我们不负责的哦", "push-away"),
    ("time as the reason", "過了15天就不管了，您理解一下", "push-away"),
    ("time, then can't", "已經超過時間了，處理不了了", "push-away"),
    ("not our business", "快遞丟的，不關我們的事", "push-away"),
    ("nothing to do with us", "簽收以後就跟我們沒關係了", "push-away"),
    ("regardless, not a refusal", "不管您選換貨還是退款，我們都負責到底", None),
    ("won't not handle", "過了15天我們也不會不管的", None),
    ("the platform's rule, said truly", "超過15天淘寶就不受理了，不過我們店裡照樣幫您處理", None),
    ("another's business", "您放心，這事和快遞無關，我們來處理", None),
    ("can't decide alone", "這個不是我們能決定的，我幫您問組長", None),
    ("what not to say, said in an interview", "不能跟買家說過了15天就不管了，這是推卸責任", None),
    ("told to the buyer", "我會跟他說過了15天就不管了", "push-away"),
    ("never say, simplified", "千万别说加我微信，会被处罚的", None),
    ("the buyer in the third person", "我不敢跟他保證明天到，只能說一般3到5天", None),
    ("the wrong reply in quotes", "千萬不能跟他說「微信轉我也行」", None),
    ("the wrong reply in quotes, said", "我會跟他說「微信轉我也行」", "off-platform-trade"),
]

INVOICE = [
    ("a surcharge in points", "可以開，不過開票要另外收6個點的稅哦", "invoice-surcharge"),
    ("a percentage", "发票的话要加5个点", "invoice-surcharge"),
    ("tax to pay", "要開發票得您補稅費", "invoice-surcharge"),
    ("free", "發票免費開，不用另外加錢", None),
    ("no fee", "開票不收任何費用", None),
    ("the real amount", "發票按實付398元開", None),
    ("the buyer to bear the tax", "開發票的稅費要您承擔", "invoice-surcharge"),
    ("the shop bears the tax", "開發票我們承擔稅費，您不用另外出錢", None),
]

@pytest.mark.parametrize(
    ("reply", "rule"),
    [row[1:] for row in OFF_PLATFORM + REVIEW + FAKE_SHIPPING + CONFIRM + DISCOURAGE + PROMISE + PUSH_AWAY + INVOICE],
    ids=[f"{row[2] or 'keeps'}: {row[0]}" for row in OFF_PLATFORM + REVIEW + FAKE_SHIPPING + CONFIRM + DISCOURAGE + PROMISE + PUSH_AWAY + INVOICE],
)
def test_house_rule(reply: str, rule: str | tuple[str, ...] | None) -> None:
    expected = [] if rule is None else [rule] if isinstance(rule, str) else list(rule)
    assert house_ids(reply) == expected


SELLER = replace(CHAT, facts=(("fault", "seller"), ("shipped", "yes"), ("window", "open")))
BUYER = replace(CHAT, facts=(("fault", "buyer"),))
CLOSED = replace(CHAT, facts=(("window", "closed"),))
NOT_SHIPPED = replace(CHAT, facts=(("shipped", "no"),))

FACTS = [
    ("seller at fault, buyer pays", SELLER, "來回運費由您承擔哦", "fault.seller"),
    ("seller at fault, simplified postage", SELLER, "退回的邮费需要您自己出一下", "fault.seller"),
    ("seller at fault, courier fee", SELLER, "寄回來的快遞費您先自己付", "fault.seller"),
    ("seller at fault, your side pays", SELLER, "運費需要您這邊承擔", "fault.seller"),
    ("seller at fault, we pay", SELLER, "運費由我們承擔，不用您出", None),
    ("seller at fault, our side pays", SELLER, "運費我們這邊出，不用您出", None),
    ("seller at fault, not you", SELLER, "這個錯在我們，不用您出運費", None),
    ("buyer at fault, called a quality problem", BUYER, "這屬於質量問題，我們包退", "fault.buyer"),
    ("buyer at fault, filing a claim asserts it", BUYER, "這屬於質量問題", "fault.buyer"),
    ("buyer at fault, a condition is not a claim", BUYER, "如果是質量問題由我們出，這次不是質量問題", None),
    ("buyer at fault, denied", BUYER, "這不是質量問題，您先別著急", None),
    ("window open, said to be over", SELLER, "已經超過15天了，淘寶不受理", "window.open"),
    ("window open, numerals in words", SELLER, "已經超過十五天了", "window.open"),
    ("window open, a refusal after a claim is its consequence", SELLER, "已經超過15天了，沒辦法", "window.open"),
    ("window open, a condemnation after a claim is its consequence", SELLER, "已經超過15天了，不可以申請售後了", "window.open"),
    ("not shipped, a refusal after a claim", NOT_SHIPPED, "已經發貨了，不支持取消", "shipped.no"),
    ("seller at fault, a claim echoed and corrected", SELLER, "運費由您承擔？不對，運費我們出", None),
    ("not shipped, a claim echoed and corrected", NOT_SHIPPED, "已經發貨了？不是的，還沒發，我馬上催倉庫", None),
    ("window open, still inside", SELLER, "還沒超過15天，您可以申請售後", None),
    # The rule said as a condition (what then happens) is not said of this order; 了 ends a claim.
    ("window open, the rule as a condition", SELLER, "過了15天也沒法再發起，所以先別撤", None),
    ("window open, the rule with 以後", SELLER, "超過15天以後就不能再申請了，您抓緊", None),
    ("window open, said of this order", SELLER, "您這單過了15天了，沒法再申請", "window.open"),
    ("window closed, said to be open", CLOSED, "您這個還在售後期內，可以申請售後", "window.closed"),
    ("window closed, the platform said to accept", CLOSED, "淘寶還能受理您的維權", "window.closed"),
    ("window closed, sent to taobao", CLOSED, "您還可以去淘寶申請售後", "window.closed"),
    ("window closed, 維權 said still possible", CLOSED, "沒關係，您還可以維權", "window.closed"),
    ("window closed, the shop still handles it", CLOSED, "在我們店裡您還能申請售後", None),
    ("window closed, the shop in other words", CLOSED, "過了15天，店裡還可以申請售後，我們照樣處理", None),
    ("window closed, said so", CLOSED, "已經超過15天，淘寶不能再受理維權了，不過店裡會盡力幫您處理", None),
    ("not shipped, said to be shipped", NOT_SHIPPED, "親，已經給您發出了，在路上了", "shipped.no"),
    ("not shipped, said so", NOT_SHIPPED, "還沒發貨，我馬上幫您催倉庫", None),
    ("shipped, said not to be", SELLER, "您的包裹還沒發貨呢", "shipped.yes"),
    ("shipped, suspicion denied", SELLER, "不是還沒發貨，是中轉站件量太大滯留了", None),
    ("no facts: nothing to contradict", CHAT, "來回運費由您承擔哦", None),
]


@pytest.mark.parametrize(("rubric", "reply", "rule"), [r[1:] for r in FACTS], ids=[r[0] for r in FACTS])
def test_claim_against_the_case(rubric: Rubric, reply: str, rule: str | None) -> None:
    assert house_ids(reply, rubric) == ([rule] if rule else [])


def test_a_broken_house_rule_caps_a_complete_reply_and_says_why() -> None:
    reply = "親，真抱歉讓您久等了，我馬上幫您查一下，您加我微信，我發您物流截圖。"
    fine = SCORER.score(CHAT, "親，真抱歉讓您久等了，我馬上幫您查一下，稍後給您物流截圖。")
    result = SCORER.score(CHAT, reply)
    assert fine.passed and not fine.avoid
    assert result.score < BASE.settings.pass_mark and "avoid" in result.caps
    (hit,) = result.avoid
    assert (hit.source, hit.rule, hit.matched) == ("house", "off-platform-trade", "加我微信")
    assert "加我微信" in result.feedback and "站外交易" in result.feedback
    assert result.to_dict()["avoid"][0]["source"] == "house"


SCOPED = HouseRules((
    HouseRule("only-aftersale", "x", ("退錢",), only=("售後",)),
    HouseRule("not-presale", "y", ("打折",), skip=("售前",)),
))
SCOPE = [
    ("only: a matching category", "售後/描述不符", (), "退錢", ["only-aftersale"]),
    ("only: another category", "售前/議價", (), "退錢", []),
    ("except: the excluded category", "售前/議價", (), "打折", []),
    ("except: any other category", "物流/發貨慢", (), "打折", ["not-presale"]),
    ("allow: the node opts out", "售後/描述不符", ("only-aftersale",), "退錢", []),
]


@pytest.mark.parametrize(("category", "allow", "reply", "hits"), [r[1:] for r in SCOPE], ids=[r[0] for r in SCOPE])
def test_where_a_rule_applies(category: str, allow: tuple[str, ...], reply: str, hits: list[str]) -> None:
    scorer = Scorer(BASE.lexicon, BASE.settings, SCOPED)
    rubric = replace(CHAT, category=category, allow=allow)
    assert [h.rule for h in scorer.score(rubric, reply).avoid] == hits


def test_a_folder_rule_replaces_the_bundled_rule_of_the_same_id() -> None:
    own = HouseRules((HouseRule("off-platform-trade", "mine", ("飛鴿",)),))
    merged = own.merged(RULES)
    assert len(merged.rules) == len(RULES.rules)
    assert [r.why for r in merged.rules if r.id == "off-platform-trade"] == ["mine"]


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c for c in text)


def _spaced(text: str) -> str:
    """A space between every two characters, except inside a number (1 5 is not 15)."""
    return "".join(c + ("" if c.isdigit() and n.isdigit() else " ") for c, n in zip(text, text[1:] + " ", strict=True))


def _simplified(text: str) -> str:
    from trainer.core.normalise import to_simplified

    return to_simplified(text)


TWINS = [(rule.id, reply, True) for rule in RULES.rules for reply in rule.breaks]
TWINS += [(rule.id, reply, False) for rule in RULES.rules for reply in rule.keeps]


@pytest.mark.parametrize(("rule_id", "reply", "breaks"), TWINS, ids=[f"{t[0]}:{t[1]}" for t in TWINS])
def test_script_and_width_twins_of_every_rule_example_agree(rule_id: str, reply: str, breaks: bool) -> None:
    rule = next(r for r in RULES.rules if r.id == rule_id)
    rubric = replace(CHAT, facts=(rule.fact,) if rule.fact else ())
    for twin in (reply, _simplified(reply), _full_width(reply), _spaced(reply)):
        assert (rule_id in house_ids(twin, rubric)) is breaks, twin


# A runaway pattern in a content folder's rules.yaml gives up within its time limit, for a short
# reply (searched by the one alternation of every pattern) and a long one (by each pattern alone).
RUNAWAY = HouseRules((
    HouseRule("runaway", "w", patterns=("^(a|a)*$",)),
    HouseRule("plain", "w", patterns=("加我微信",)),
))


@pytest.mark.parametrize("length", [30, 400])
def test_a_runaway_house_pattern_does_not_hold_up_the_score(length: int) -> None:
    scorer = Scorer(BASE.lexicon, BASE.settings, RUNAWAY)
    reply = "a" * length + "b"
    result = scorer.score(CHAT, reply)
    assert [h.rule for h in result.avoid] == []
    hit = scorer.score(CHAT, "a" * length + "，加我微信吧")
    assert [h.rule for h in hit.avoid] == ["plain"]
