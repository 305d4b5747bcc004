"""Authors' regular expressions, compiled and run so that none can freeze the app.

Every pattern an author writes (a node's avoid rule with ``regex: true``, a
house-rule or case-fact pattern in ``rules.yaml``) goes through this module:

- ``regex_form`` folds a pattern (or a reply) to one script and half width, so a
  full-width pattern such as ``＾沒有＄`` means ``^没有$`` both when ``trainer
  validate`` checks it and when the scorer runs it;
- ``compile_pattern`` compiles that form with the ``regex`` package, with what
  its matches need (``trainer.core.literals``): a reply without it is not searched;
- ``search`` runs it with a time limit: a pattern that runs out of time counts
  as not matched (the reply is scored without it) instead of hanging the app;
- ``pattern_problem`` is what validation reports: a pattern that does not
  compile, or one prone to catastrophic backtracking (nested quantifiers such as
  ``(a+)+$``, or one that runs out of time on adversarial text).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

import regex

from trainer.core.literals import CaseFolded, check_of, may_match, needs
from trainer.core.normalise import to_simplified

SEARCH_TIMEOUT = 0.05  # seconds per search at scoring time; a reply is a few hundred characters
TRIAL_TIMEOUT = 0.2  # seconds per adversarial trial in validation
TRIAL_LENGTH = 28  # long enough for exponential backtracking to show, short enough to stay fast

# A group holding a quantifier, itself quantified: (a+)+ (a*)* (a|aa)+ (\w+\s?)*
_NESTED = regex.compile(r"\((?:[^()\\]|\\.)*(?:[+*]|\{\d*,\d*\})(?:[^()\\]|\\.)*\)(?:[+*]|\{\d*,\d*\})")


def regex_form(text: str) -> str:
    """One script and half width; regex syntax (ASCII) is left intact.

    Patterns are compiled case-insensitively instead of lower-cased, which would
    turn ``\\D`` into ``\\d``.
    """
    return to_simplified(unicodedata.normalize("NFKC", text))


class Pattern:
    """An author's pattern, compiled, and what every match of it needs."""

    __slots__ = ("rx", "check")

    def __init__(self, rx: Any, form: str) -> None:
        self.rx = rx
        self.check = check_of(needs(form))

    def found(self, text: str, folded: CaseFolded) -> bool:
        """Whether it occurs in ``text`` (``folded`` is ``CaseFolded(text)``); out of time counts as found."""
        if not may_match(self.check, folded):
            return False
        try:
            return self.rx.search(text, timeout=SEARCH_TIMEOUT) is not None
        except TimeoutError:
            return True


@lru_cache(maxsize=1024)
def compile_pattern(pattern: str) -> Pattern:
    """The compiled form of an author's pattern; raises ``regex.error`` if it cannot compile."""
    form = regex_form(pattern)
    try:
        rx = regex.compile(form, regex.IGNORECASE)
    except RecursionError:  # the regex package recurses once per nested group
        raise regex.error("groups nested too deeply") from None
    return Pattern(rx, form)


def search(pattern: Pattern, text: str, pos: int = 0) -> tuple[int, int] | None:
    """The span of the first match at or after ``pos``, or None (no match, or out of time)."""
    if not may_match(pattern.check, case_folded(text)):
        return None
    try:
        m = pattern.rx.search(text, pos, timeout=SEARCH_TIMEOUT)
    except TimeoutError:
        return None  # a runaway pattern counts as not matched; validation warns about it
    return m.span() if m is not None else None


@lru_cache(maxsize=8)
def case_folded(text: str) -> CaseFolded:
    """The few texts being searched now, folded once each (a reply's regex form is gated by
    ``HouseCheck`` and then searched rule by rule)."""
    return CaseFolded(text)


@lru_cache(maxsize=1024)
def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be used (English, for ``file:line:col`` rows), or None."""
    try:
        rx = compile_pattern(pattern).rx
    except regex.error as error:
        return f"does not compile: {error}"
    form = regex_form(pattern)
    if _NESTED.search(form):
        return ("has a quantified group that itself holds a quantifier (like `(a+)+`): "
                "it can take minutes on some replies; write it without the nesting")
    for trial in _trials(form):
        try:
            rx.search(trial, timeout=TRIAL_TIMEOUT)
        except TimeoutError:
            return (f"takes too long on a {len(trial)}-character reply "
                    "(catastrophic backtracking); simplify it")
    return None


def _trials(form: str) -> list[str]:
    """Adversarial replies: runs of the pattern's own characters with a spoiler at the end."""
    chars = sorted({c for c in form if c.isalnum()} or {"a"})
    runs = [c * TRIAL_LENGTH for c in chars[:6]]
    runs.append("".join(chars) * (TRIAL_LENGTH // max(1, len(chars)) + 1))
    runs.append("a" * TRIAL_LENGTH)
    return [run + spoiler for run in runs for spoiler in ("!", "\n")]
