"""What a pattern needs before it can match: read right, and never a search skipped that would match.

A skipped search is a rule broken without a word said, so the check is held to
soundness on every bundled pattern against every reply the repository holds
(rule examples, probes) and variants of them.
"""

from __future__ import annotations

import random
import string
from pathlib import Path

import pytest
import regex
import yaml

from trainer.core.literals import CaseFolded, check_of, fold_case, may_match, needs
from trainer.core.patterns import compile_pattern, pattern_problem, regex_form, search
from trainer.core.regex_text import RegexText

ROOT = Path(__file__).resolve().parent.parent


def _strings(node: object, key: str) -> list[str]:
    """Every string under ``key`` anywhere in a YAML tree."""
    out: list[str] = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key and isinstance(v, list):
                out += [x for x in v if isinstance(x, str)]
            else:
                out += _strings(v, key)
    elif isinstance(node, list):
        for v in node:
            out += _strings(v, key)
    return out


def _regex_avoids(node: object) -> list[str]:
    """The phrases of every ``regex: true`` avoid rule in a YAML tree."""
    if isinstance(node, dict):
        own = [x for x in node.get("any", []) if isinstance(x, str)] if node.get("regex") is True else []
        return own + [p for v in node.values() for p in _regex_avoids(v)]
    if isinstance(node, list):
        return [p for v in node for p in _regex_avoids(v)]
    return []


def _content_files() -> list[Path]:
    return sorted([*ROOT.glob("scenarios/*.yaml"), *ROOT.glob("interview_bank/*.yaml")])


RULES = yaml.safe_load((ROOT / "rules.yaml").read_text("utf-8"))
PATTERNS = sorted(set(_strings(RULES, "patterns")
                      + [p for f in _content_files() for p in _regex_avoids(yaml.safe_load(f.read_text("utf-8")))]))
REPLIES = sorted(set(_strings(RULES, "breaks") + _strings(RULES, "keeps")
                     + [str(p["reply"]) for f in sorted((ROOT / "tests" / "probes").glob("*.yaml"))
                        for p in yaml.safe_load(f.read_text("utf-8")).get("probes", []) if "reply" in p]))


def _variants(reply: str, rng: random.Random) -> list[str]:
    """The reply as typed otherwise: upper case, spaces, full width, inside a longer reply."""
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in reply)
    return [reply, reply.upper(), " ".join(reply), wide, "親，" + reply + "。好的謝謝",
            reply[: len(reply) // 2] + rng.choice("，。 ") + reply[len(reply) // 2 :]]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("微信", [{"微信"}]),  # a run of literals needs the whole run
        ("(?:微信|威信)轉賬", [{"微信", "威信"}, {"转账"}]),  # a group, then a run: both needed, simplified
        ("加(?:您|你)?好友", [{"加"}, {"好友"}]),  # an optional group needs nothing
        ("[vV薇]信", [{"信"}, {"v", "薇"}]),  # a class of characters needs one of them, lower case
        ("先[^。]{0,6}發貨", [{"发货"}, {"先"}]),
        ("(?<!訂)單號", [{"单号"}]),  # a lookaround consumes nothing
        ("QQ(?![a-z])", [{"qq"}]),
        ("a|b", [{"a", "b"}]),
        ("a+b", [{"a"}, {"b"}]),  # a repeated literal ends its run
        ("退\\+款", [{"退+款"}]),  # an escaped sign is a literal
        ("\\d+天", [{"天"}]),
        ("(?:好評){1,2}返現", [{"好评"}, {"返现"}]),
    ],
)
def test_what_a_pattern_needs(pattern: str, expected: list[set[str]]) -> None:
    assert sorted(map(set, needs(regex_form(pattern))), key=sorted) == sorted(expected, key=sorted)


@pytest.mark.parametrize("pattern", [
    "a|", "(?i)abc", "(?:ab){e<=1}", "[[a-z]--[aeiou]]", "\\1a", "\\012", "a{x}", "(?#c)ab", "(?P=n)ab", "ab(",
    "[a-z]+", ".*", "",
])
def test_what_it_cannot_tell_it_does_not_guess(pattern: str) -> None:
    assert needs(pattern) == ()


def test_every_bundled_pattern_is_read() -> None:
    """An unread pattern is always searched: correct, but each should say what it needs."""
    assert len(PATTERNS) > 60
    unread = [p for p in PATTERNS if not needs(regex_form(p))]
    assert unread == []


def test_a_search_is_never_skipped_where_the_pattern_matches() -> None:
    rng = random.Random(7)
    compiled = [(p, compile_pattern(p)) for p in PATTERNS]
    checked = matched = 0
    for reply in REPLIES:
        for variant in _variants(reply, rng):
            for text in {regex_form(variant), RegexText.of(variant).text}:
                folded = CaseFolded(text)
                for pattern, p in compiled:
                    checked += 1
                    if p.rx.search(text) is not None:
                        matched += 1
                        assert may_match(p.check, folded), (pattern, text)
                        assert search(p, text) is not None
    assert matched > 200 and checked > 100_000  # the corpus does exercise the patterns


def test_random_text_of_a_patterns_own_characters_never_fools_the_check() -> None:
    rng = random.Random(11)
    for pattern in PATTERNS:
        p = compile_pattern(pattern)
        alphabet = sorted({c for c in regex_form(pattern) if c.isalnum()}) + list("，。 !?")
        for _ in range(300):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24)))
            if p.rx.search(text) is not None:
                assert may_match(p.check, CaseFolded(text)), (pattern, text)


def test_case_folding_meets_every_character_an_ascii_letter_matches() -> None:
    """IGNORECASE matches a few letters that ``lower`` leaves apart (ſ, ı, K): ``fold_case`` joins them."""
    any_letter = regex.compile("[a-z]", regex.IGNORECASE)
    others = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF and any_letter.fullmatch(chr(c))]
    for letter in string.ascii_lowercase:
        rx = regex.compile(letter, regex.IGNORECASE)
        for ch in others:
            if rx.fullmatch(ch):
                assert letter in fold_case(ch), (letter, hex(ord(ch)))


def test_a_check_reads_like_its_needs() -> None:
    check = check_of(needs(regex_form("(?:微信|威信)轉賬")))
    assert may_match(check, CaseFolded(regex_form("加我微信轉賬給您")))
    assert not may_match(check, CaseFolded(regex_form("微信聯繫")))
    assert not may_match(check, CaseFolded(regex_form("轉賬")))
    assert not may_match(check, CaseFolded("加我微信轉賬給您"))  # the reply must be in the patterns' form
    assert may_match(check_of(()), CaseFolded(""))  # nothing known: always searched


def test_a_pattern_nested_past_any_reason_is_refused_not_a_crash() -> None:
    deep = "(" * 5000 + "微信" + ")" * 5000
    assert needs(deep) == ()  # the reader stops at its depth
    assert needs("(?:" * 20 + "微信" + ")" * 20) == (frozenset({"微信"}),)
    problem = pattern_problem(deep)  # the regex package recurses once per group
    assert problem is not None and "does not compile" in problem

