"""What text an author's pattern needs before it can match: so most searches are never run.

``needs(pattern)`` reads a pattern (as ``trainer.core.patterns`` compiles it: one
script, half width, case-insensitive) and returns what every match contains: a
few needs, each a set of strings (lower-cased) of which a match holds one. A
reply that misses a need cannot match, and the scorer skips the search: with
~60 house-rule patterns, most replies hold the trigger words of none or one, and
each search the ``regex`` package runs costs ~2.6 µs for its time limit alone
plus a scan of the reply (bench/README.md, tenth pass).

Only a plain subset of the syntax is read: literals, escapes of punctuation,
``(?:…)`` and capturing groups, alternation, character classes of single
characters, quantifiers and lookarounds (which consume nothing, so they count as
needing nothing). Anything else in a pattern (an inline flag, a fuzzy count, a
set operation) makes the answer empty, and the pattern is always searched.

``may_match`` takes the reply as ``CaseFolded`` (``fold_case``) gives it: the patterns ignore case.
"""

from __future__ import annotations

from functools import lru_cache

Needs = frozenset[str]  # one of these strings
All = tuple[Needs, ...]  # every one of these needs
CLASS_MAX = 16  # a character class of more characters than this needs nothing worth checking

# Escapes that stand for a class or a position (\d, \b) or take an argument (\x41, \p{Han}).
_CLASS_ESCAPES = frozenset("dDwWsShHvV")
_POSITION_ESCAPES = frozenset("bBAZzGKm")
_ARGUMENT = {"x": 2, "u": 4, "U": 8}


class Unknown(Exception):
    """A construct this reader does not know: the pattern needs nothing it can tell."""


# Letters IGNORECASE matches to an ASCII letter although lower() keeps them (checked
# over every code point in tests/test_literals.py).
_FOLDS = str.maketrans({"ı": "i", "ſ": "s"})


def fold_case(text: str) -> str:
    """``text`` as ``needs`` compares it: lower case, with the few folds ``lower`` misses."""
    low = text.lower()
    return low.translate(_FOLDS) if "ı" in low or "ſ" in low else low


Check = tuple[tuple[tuple[str, frozenset[str]], ...], ...]  # ``All`` with each string's characters


class CaseFolded:
    """A text as needs are checked against it: case-folded, and the set of its characters
    (a string with a character the text lacks is never looked for: most needs fail there)."""

    __slots__ = ("text", "chars")

    def __init__(self, text: str) -> None:
        self.text = fold_case(text)
        self.chars = frozenset(self.text)


def check_of(need: All) -> Check:
    return tuple(tuple((s, frozenset(s)) for s in sorted(one)) for one in need)


@lru_cache(maxsize=1024)
def needs(pattern: str) -> All:
    """What every match of ``pattern`` contains: for each need, one of its strings (lower-cased).
    Empty when the reader cannot tell (the pattern is then always searched)."""
    try:
        found, end = _Reader(pattern).alternation(0)
    except (Unknown, IndexError, ValueError):  # ValueError: a bracket never closed
        return ()
    return tuple(sorted(found, key=_selective, reverse=True)) if end == len(pattern) else ()


def may_match(check: Check, folded: CaseFolded) -> bool:
    """Whether ``folded`` holds what the pattern needs (loops, not generators: it runs for every
    pattern on every reply)."""
    chars, text = folded.chars, folded.text
    for one in check:
        for s, needed in one:
            if needed <= chars and s in text:
                break
        else:
            return False
    return True


class _Reader:
    """A recursive reader of ``pattern``: each method returns (what it needs, where it stopped)."""

    DEPTH = 32  # groups inside groups this reader follows (authors nest two or three)

    def __init__(self, pattern: str) -> None:
        self.p = pattern
        self.depth = 0

    def alternation(self, i: int) -> tuple[All, int]:
        """One branch needs all its needs; several need one of each branch's best."""
        branches = []
        need, i = self.sequence(i)
        branches.append(need)
        while i < len(self.p) and self.p[i] == "|":
            need, i = self.sequence(i + 1)
            branches.append(need)
        if len(branches) == 1:
            return branches[0], i
        if not all(branches):
            return (), i
        return (frozenset().union(*(max(b, key=_selective) for b in branches)),), i

    def sequence(self, i: int) -> tuple[All, int]:
        """Every needed item of a sequence is needed; a run of literals needs the whole run."""
        items: list[Needs] = []
        run = ""
        while i < len(self.p) and self.p[i] not in "|)":
            need, literal, i = self.atom(i)
            low, _high, i = self.quantifier(i)
            if literal is not None and (low, _high) == (1, 1):
                run += literal
                continue
            if run:
                items.append(frozenset((run,)))
                run = ""
            if low >= 1:
                items.extend(need)
        if run:
            items.append(frozenset((run,)))
        return tuple(items), i

    def atom(self, i: int) -> tuple[All, str | None, int]:
        """What one atom needs, the character if it is a plain literal, and where it ends."""
        c = self.p[i]
        if c == "(":
            return self.group(i)
        if c == "[":
            one, i = self.char_class(i)
            return ((one,) if one else ()), None, i
        if c == "\\":
            return self.escape(i)
        if c in ".^$":
            return (), None, i + 1
        if c in "*+?{":
            raise Unknown(f"a quantifier with nothing before it at {i}")
        return _as_all(c), _literal_char(c), i + 1

    def group(self, i: int) -> tuple[All, str | None, int]:
        self.depth += 1
        try:
            return self._group(i)
        finally:
            self.depth -= 1

    def _group(self, i: int) -> tuple[All, str | None, int]:
        if self.depth > self.DEPTH:
            raise Unknown(f"groups nested deeper than {self.DEPTH} at {i}")
        head = self.p[i : i + 4]
        if head.startswith(("(?=", "(?!", "(?<=", "(?<!")):
            start = i + (4 if head.startswith("(?<") else 3)
            _need, end = self.alternation(start)
            return (), None, self._close(end)  # a lookaround consumes nothing
        if head.startswith("(?:"):
            start = i + 3
        elif head.startswith(("(?P<", "(?<")):
            start = self.p.index(">", i) + 1
        elif head.startswith("(?"):
            raise Unknown(f"a group kind this reader does not know at {i}")
        else:
            start = i + 1
        need, end = self.alternation(start)
        return need, None, self._close(end)

    def _close(self, i: int) -> int:
        if self.p[i] != ")":
            raise Unknown(f"an unclosed group before {i}")
        return i + 1

    def char_class(self, i: int) -> tuple[Needs, int]:
        """A class of plain characters needs one of them; a negated one or one with a range nothing."""
        i += 1
        negated = self.p[i] == "^"
        i += negated
        chars: set[str] = set()
        first = True
        while self.p[i] != "]" or first:
            c = self.p[i]
            if c == "[":
                raise Unknown(f"a nested class at {i}")  # set operations (regex's V1 syntax)
            if c == "\\":
                _need, literal, i = self.escape(i)
                if literal is None:
                    chars = set()  # \d, \s… : any of many characters
                    negated = True
                else:
                    chars.add(literal)
            elif self.p[i + 1] == "-" and self.p[i + 2] != "]":
                negated = True  # a range: too many characters to check
                i += 3
            else:
                chars.add(c)
                i += 1
            first = False
        i += 1
        if negated or not chars or len(chars) > CLASS_MAX or any(_literal_char(c) is None for c in chars):
            return frozenset(), i
        return frozenset(c.lower() for c in chars), i

    def escape(self, i: int) -> tuple[All, str | None, int]:
        c = self.p[i + 1]
        if c in _CLASS_ESCAPES or c in _POSITION_ESCAPES:
            return (), None, i + 2
        if c.isdigit():
            raise Unknown(f"a back-reference or an octal escape at {i}")
        if c in _ARGUMENT:
            return (), None, i + 2 + _ARGUMENT[c]
        if c in "pPN":
            end = self.p.index("}", i) + 1 if self.p[i + 2] == "{" else i + 3
            return (), None, end
        if c.isascii() and c.isalpha():
            if c in "ntrfae":  # a control character: \n, \t…
                return (), None, i + 2
            raise Unknown(f"an escape this reader does not know: \\{c}")
        return _as_all(c), _literal_char(c), i + 2

    def quantifier(self, i: int) -> tuple[int, int | None, int]:
        """The bounds of the quantifier at ``i`` ((1, 1) if none) and where it ends."""
        if i >= len(self.p) or self.p[i] not in "?*+{":
            return 1, 1, i
        c = self.p[i]
        if c == "{":
            end = self.p.index("}", i)
            low_text, _, high_text = self.p[i + 1 : end].partition(",")
            if not (low_text or high_text) or not (low_text + high_text).isdigit():
                raise Unknown(f"a count this reader does not know at {i}")
            low = int(low_text or 0)
            high = low if "," not in self.p[i + 1 : end] else (int(high_text) if high_text else None)
            i = end + 1
        else:
            low, high = {"?": (0, 1), "*": (0, None), "+": (1, None)}[c]
            i += 1
        if i < len(self.p) and self.p[i] in "?+":  # lazy or possessive: the same bounds
            i += 1
        return low, high, i


def _literal_char(c: str) -> str | None:
    """A character as a literal to look for; None for a cased letter beyond ASCII (ß, Σ),
    whose case folds are not worth following (case-insensitive matching)."""
    return c.lower() if c.isascii() or c.lower() == c.upper() else None


def _as_all(c: str) -> All:
    literal = _literal_char(c)
    return () if literal is None else (frozenset((literal,)),)


def _selective(need: Needs) -> tuple[int, int]:
    """How rarely a need is met: its shortest string longer, then fewer strings."""
    return min(len(s) for s in need), -len(need)
