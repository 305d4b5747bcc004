"""House rules: platform-wide rules every reply must keep, and claims that contradict the case.

``rules.yaml`` (read by ``trainer.core.rules_file``) holds two kinds of rule:

- house rules (站外交易, 好評返現, 虛假發貨…): apply to every scenario node and
  interview question, or only to some categories, unless a node opts out with
  ``allow: [rule-id]`` because it legitimately discusses the topic;
- fact rules: for each value of a case fact (``fault: seller``), the claims that
  assert the opposite (「運費由您承擔」). They apply to the nodes of scenarios that
  state that fact (``facts:`` in the scenario file).

A broken rule is an ``AvoidHit`` (``source`` house or fact) and caps the score
exactly like a node's own avoid rule. Phrases are matched on the folded reply
(script, width, spacing and punctuation do not matter); patterns on the reply in
one script and half width with its punctuation kept, so that they can stop at a
sentence break. Neither counts when the reply denies it: 「我們不能加微信交易哦」,
「平台規定不能私下轉賬」 and 「私下轉賬是違規的」 break nothing; nor, for a house rule,
when it names or refuses it (「這屬於虛假發貨」, 「平台禁止的虛假發貨」, 「三倍賠償我答應不了」).
A claim about the case is denied only by a correction after it (「運費由您承擔？不對」).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from trainer.core.lexicon import Lexicon
from trainer.core.matching import NEGATORS, Phrase, Text, negated
from trainer.core.models import NO_LOC, Rubric
from trainer.core.patterns import Pattern, case_folded, compile_pattern, search
from trainer.core.problems import Loc
from trainer.core.regex_text import RegexText, clause_start
from trainer.core.result import AvoidHit

# Words that deny what follows (in Simplified: matching happens after the fold),
# beyond the scorer's own list: a house rule is often quoted to be refused.
DENYING = (
    "不能", "不可以", "不允许", "不支持", "不接受", "不提供", "不做", "不搞", "不得", "不会",
    "禁止", "严禁", "请勿", "切勿", "不要", "无法", "不用", "不需要", "没办法", "没法", "不敢",
    "避免", "杜绝", "拒绝", "不建议", "不应该", "不该", "千万别", "不能够", "不方便",
    "答应不了", "做不到", "办不到", "保证不了", "承诺不了", "给不了",
)
# Short words that may stand between a denial and the rule's phrase: 不能「私下」加微信.
BRIDGES = (
    "加", "用", "走", "通过", "在", "私下", "跟您", "和您", "给您", "帮您", "让您", "您", "你",
    "去", "进行", "随便", "我们", "跟你", "和你", "给你", "帮你", "把", "跟", "和", "来",
    "劝您", "叫您", "要您", "劝你", "叫你", "典型的", "明显的", "所谓的", "一种",
    # An interview answer speaks of the buyer in the third person: 我不敢「跟他」保證明天到.
    "跟他", "和他", "给他", "帮他", "让他", "跟她", "和她", "给她", "帮她", "让她",
    # What not to say, said (an interview answer): 不能「跟買家說」過了15天就不管了.
    "说", "讲", "跟买家说", "和买家说", "对买家说", "告诉买家", "跟顾客说", "对顾客说", "跟客户说", "对客户说",
    "跟他说", "对他说", "和他说", "告诉他", "跟她说", "对她说", "告诉她",
)
# Words right after the phrase that condemn it: 私下轉賬「是違規的」; with 的 they also
# condemn what follows: 「平台禁止的」虛假發貨, 「違規的」站外交易.
CONDEMNING = (
    "违规", "不允许", "不被允许", "被禁止", "不安全", "有风险", "不可以", "不行的", "违反",
    "不支持", "是不对", "不合规", "会被处罚", "会被封", "平台不允许", "平台禁止",
)
# Words that file what follows under a rule's name instead of doing it: 這「屬於」虛假發貨.
# Only for house rules: a case claim is asserted by filing it (這屬於質量問題).
NAMING = (
    "属于", "算是", "算作", "构成", "视为", "认定为", "定性为", "叫做", "称为", "当成", "当作",
    "等同于", "相当于", "涉嫌",
)
# A refusal after a house rule's words, through a filler or two, denies them:
# 三倍賠償「我答應不了」, 先填單號「這個不行」.
REFUSING = (
    "不行", "答应不了", "做不到", "办不到", "做不了", "不能答应", "不敢答应", "不答应", "不同意",
    "不能保证", "不敢保证", "保证不了", "承诺不了", "给不了", "不能这样", "不能这么做", "不能做",
    "不可能", "没办法答应", "没法答应", "没办法做", "没办法保证", "没法保证", "没办法", "没法",
)
# After a case claim only a correction denies it (運費由您承擔？不對); a condemnation or a
# refusal is its consequence: 已經超過15天了，不可以申請了; 已經發貨了，不支持取消.
CORRECTING = ("不对", "不是的", "不是这样", "说错", "是错的", "搞错", "有误", "不准确")
# Short refusals that count only at the end of a clause: not 沒辦法直接退, 不行我打給您
# (a condition: "if not, I will call you"), 不可能被發現.
CLAUSE_END_ONLY = ("不行", "没办法", "没法", "不可能")
FILLERS = tuple(sorted((
    "这", "这个", "这样", "这种", "这事", "这件事", "这一点", "这个要求", "那", "那个", "是", "我", "我们",
    "这边", "我这边", "我们这边", "真的", "实在", "确实", "可", "恐怕", "绝对", "肯定", "也", "都",
    "啊", "呀", "呢", "哦",
), key=len, reverse=True))
# What turns a refusal into a condition or a question: 不行「的話」, 不行「嗎」.
NOT_A_REFUSAL = ("的话", "就", "再", "的时候", "时", "吗", "嘛", "么", "还")
SUGGESTING = ("要不", "要不然")
# A request reported, not made: 買家「要求」加微信時，我會婉拒.
REPORTING = ("要求", "想要", "说要", "问能不能", "问能否", "问可不可以", "问我能不能")
# A claim about the case said as a condition is not asserted: 「如果是質量問題，運費我們出」.
SUPPOSING = ("如果", "要是", "假如", "若是", "假设", "万一", "除非")
# A claim followed by what then happens is the rule said as a condition, not said of this order:
# 過了15天「也沒法」再發起, 超過15天「以後」就不能申請了; one that ends its clause (過了15天「了」) is said.
CONSEQUENCE = re.compile(
    r"(?:的话|以后|之后|后)|(?:也|就|便|都)[^,.!?;:。、\n]{0,2}(?:不能|不可以|没法|没办法|无法|不再|不受理|不给|不行)"
)
_QUOTES = frozenset("「」『』“”‘’\"'《》〈〉()（）[]【】")  # no words: 不能跟他說「微信轉我」 is denied


@dataclass(frozen=True)
class HouseRule:
    """One rule of ``rules.yaml``: a house rule, or the claims that contradict one case fact."""

    id: str  # a house rule's id, or ``fact.value`` for a fact rule
    why: str
    phrases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    only: tuple[str, ...] = ()  # category prefixes it applies to (empty: everywhere)
    skip: tuple[str, ...] = ()  # category prefixes it never applies to
    breaks: tuple[str, ...] = ()  # example replies that must break it
    keeps: tuple[str, ...] = ()  # example replies that must not
    fact: tuple[str, str] | None = None  # (name, value) for a fact rule
    loc: Loc = NO_LOC

    @property
    def source(self) -> str:
        return "house" if self.fact is None else "fact"

    def applies(self, rubric: Rubric) -> bool:
        """Whether this rule judges replies to ``rubric``."""
        if self.id in rubric.allow:
            return False
        if self.fact is not None:
            return self.fact in rubric.facts
        if self.only and not rubric.category.startswith(self.only):
            return False
        return not (self.skip and rubric.category.startswith(self.skip))


@dataclass(frozen=True)
class HouseRules:
    """Every rule of a content folder's ``rules.yaml`` (the bundled one, extended or not)."""

    rules: tuple[HouseRule, ...] = ()
    path: str = ""

    def for_rubric(self, rubric: Rubric) -> tuple[HouseRule, ...]:
        return tuple(rule for rule in self.rules if rule.applies(rubric))

    def ids(self) -> set[str]:
        return {rule.id for rule in self.rules}

    def facts(self) -> dict[str, set[str]]:
        """Each fact name with the values rules.yaml knows for it."""
        out: dict[str, set[str]] = {}
        for rule in self.rules:
            if rule.fact is not None:
                out.setdefault(rule.fact[0], set()).add(rule.fact[1])
        return out

    def merged(self, default: HouseRules) -> HouseRules:
        """These rules over ``default``: a rule with the same id replaces the default one."""
        own = self.ids()
        kept = tuple(rule for rule in default.rules if rule.id not in own)
        return HouseRules(self.rules + kept, self.path)


NO_RULES = HouseRules()


@dataclass(frozen=True)
class PreparedRule:
    """A rule with its phrases folded and its patterns compiled once."""

    rule: HouseRule
    phrases: tuple[Phrase, ...]
    patterns: tuple[tuple[str, Pattern], ...]


def prepare_rule(rule: HouseRule, lexicon: Lexicon) -> PreparedRule:
    phrases = tuple(Phrase.of(p, lexicon) for p in rule.phrases)
    patterns = []
    for pattern in rule.patterns:
        try:
            patterns.append((pattern, compile_pattern(pattern)))
        except Exception:  # noqa: BLE001, S112 - reported by validation; never matches
            continue
    return PreparedRule(rule, tuple(p for p in phrases if p.canon), tuple(patterns))


@dataclass(frozen=True)
class HouseCheck:
    """The rules that apply to one rubric, with two gates that let most replies skip them.

    A reply in which no phrase (one search) and no pattern of any rule occurs breaks
    nothing; only otherwise is each rule tried, to find and explain the hit. A
    pattern is searched only in a reply holding the words it needs
    (``trainer.core.literals``): most replies hold those of none or one.
    """

    rules: tuple[PreparedRule, ...]
    phrase_gate: re.Pattern[str] | None  # any phrase, on the canonical reply
    patterns: tuple[Pattern, ...]  # every rule's patterns, compiled, for the regex form

    @classmethod
    def of(cls, rules: tuple[PreparedRule, ...]) -> HouseCheck:
        canons = sorted({p.canon for r in rules for p in r.phrases}, key=len, reverse=True)
        phrase_gate = re.compile("|".join(map(re.escape, canons))) if canons else None
        return cls(rules, phrase_gate, tuple(rx for r in rules for _, rx in r.patterns))

    def hits(self, text: Text) -> tuple[AvoidHit, ...]:
        """Every rule the reply breaks (at most one hit per rule)."""
        maybe_phrase = self.phrase_gate is not None and self.phrase_gate.search(text.canon) is not None
        light = RegexText.of(text.original) if self.patterns else RegexText("", ())
        if not (maybe_phrase or self._any_pattern(light.text)):
            return ()
        return tuple(h for rule in self.rules if (h := rule_hit(rule, text, light)) is not None)

    def _any_pattern(self, text: str) -> bool:
        """Whether any pattern occurs in ``text`` (out of time counts as found: each rule then tries)."""
        folded = case_folded(text)  # the same fold the rules' own searches then reuse
        return any(p.found(text, folded) for p in self.patterns)


def rule_hit(prep: PreparedRule, text: Text, light: RegexText) -> AvoidHit | None:
    """The first place the reply breaks the rule, not denied; None if it keeps it."""
    rule = prep.rule
    canon = text.canon
    for phrase in prep.phrases:
        p = phrase.canon
        at = canon.find(p)
        while at >= 0:
            if not light.origin:
                light = RegexText.of(text.original)
            tail = _tail(light, text.origin(at, at + len(p)))
            if not _denied(canon, at, p, rule.fact is not None, tail):
                return AvoidHit(rule.why, phrase.original, text.quote(at, at + len(p)), rule.source, rule.id)
            at = canon.find(p, at + 1)
    for written, rx in prep.patterns:
        pos = 0
        while pos <= len(light.text):
            span = search(rx, light.text, pos)  # from pos, with the text before it for lookbehinds
            if span is None:
                break
            start, end = span
            clause = clause_start(text.original, light, start)
            before = "".join(c for c in light.text[clause:start] if not c.isspace() and c not in _QUOTES)
            if not _denied(before, len(before), written, rule.fact is not None, light.text[end : end + 16]):
                return AvoidHit(rule.why, written, light.quote(text.original, start, end), rule.source, rule.id)
            pos = max(end, start + 1)
    return None


def _tail(light: RegexText, span: tuple[int, int] | None) -> str:
    """The regex form of the reply after an original span (what follows a phrase)."""
    if span is None:
        return ""
    at = bisect_left(light.origin, span[1])
    return light.text[at : at + 16]


def _denied(text: str, at: int, phrase: str, claim: bool, tail: str) -> bool:
    """A denial before the phrase (through a bridge or two) or a condemnation or refusal after it.

    ``text`` is folded up to ``at``, where the phrase starts; ``tail`` is the regex
    form after it. A ``claim`` (a fact rule) is also not asserted when supposed
    (如果是質量問題) or followed by its consequence, as a rule is (CONSEQUENCE); after it,
    only a correction denies it (CORRECTING).
    """
    if claim and any(w in text[max(0, at - len(w) - 2) : at] for w in SUPPOSING):
        return True
    if phrase[:1] in NEGATORS:
        # The phrase carries its own negation (別申請售後): only a denial word undoes it
        # (我們不會勸您別投訴), not a single 不 or 沒; nor is it said in an A-not-A
        # question (要不要投訴是您的權利: 要 before 不要).
        if at > 0 and len(phrase) > 1 and text[at - 1] == phrase[1]:
            return True
        return _denied_at(text, at, 2, words_only=True)
    if _denied_at(text, at, 2, naming=not claim):
        return True
    if claim:
        return _refused_after(tail, CORRECTING) or CONSEQUENCE.match(tail.lstrip()) is not None
    # A condemnation may follow a character or two later (好評返「現是」違規的, 加微信「這是」不允許的).
    words = "".join(c for c in tail if c.isalnum())
    return any(_refusal_at(words, i, w) for w in CONDEMNING for i in range(4)) or _refused_after(tail, REFUSING)


def _denied_at(text: str, at: int, bridges: int, words_only: bool = False, naming: bool = False) -> bool:
    if text.endswith(SUGGESTING, 0, at):
        return False  # 要不您加我微信: a suggestion, not a denial
    if (not words_only and negated(text, at)) or text.endswith(DENYING + REPORTING, 0, at):
        return True
    if naming and text.endswith(NAMING, 0, at):
        return True  # 這屬於虛假發貨
    if text.endswith("的", 0, at) and text.endswith(DENYING + CONDEMNING, 0, at - 1):
        return True  # 平台禁止的虛假發貨
    if bridges == 0:
        return False
    return any(
        text.endswith(b, 0, at) and _denied_at(text, at - len(b), bridges - 1, words_only, naming)
        for b in BRIDGES
    )


def _refused_after(tail: str, words: tuple[str, ...]) -> bool:
    """Whether the tail starts, after a few fillers (這個, 我, 真的), with one of ``words``."""
    i = _skip_marks(tail, 0)
    for _ in range(4):
        if any(_refusal_at(tail, i, w) for w in words):
            return True
        filler = next((f for f in FILLERS if tail.startswith(f, i)), None)
        if filler is None:
            return False
        i = _skip_marks(tail, i + len(filler))
    return False


def _refusal_at(tail: str, i: int, word: str) -> bool:
    if not tail.startswith(word, i):
        return False
    rest = tail[i + len(word) :]
    if rest.startswith(NOT_A_REFUSAL) or (word.endswith("的") and rest.startswith("话")):
        return False  # 不行的話…, 不行嗎: a condition or a question
    return word not in CLAUSE_END_ONLY or not rest or not _is_word(rest[0])


def _skip_marks(text: str, i: int) -> int:
    while i < len(text) and not _is_word(text[i]):
        i += 1
    return i


def _is_word(c: str) -> bool:
    return c.isalnum() and c not in "的哦呢啊呀了吧亲"
