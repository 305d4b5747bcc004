"""The thesaurus: groups of interchangeable words of the trade (運費/郵費, 照片/圖片…).

Managers write 1–2 phrases per key point; the thesaurus lets the scorer credit a
reply that says the same thing in other words. Every word of a group is rewritten
to the group's first word, in the rubric (once, at load) and in each reply, so a
phrase and a reply that use different members of a group meet.

Words are folded (``normalise.fold``) before use, so a group written in Traditional
also serves Simplified replies, and the longest word wins where words overlap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from trainer.core.normalise import Folded, fold, substitute_spans


@dataclass(frozen=True)
class Lexicon:
    """Folded word → folded canonical word, applied with one regex pass."""

    mapping: dict[str, str] = field(default_factory=dict)
    _pattern: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def from_groups(cls, groups: Iterable[Sequence[str]]) -> Lexicon:
        """Build from groups of words; a word's first group wins."""
        mapping: dict[str, str] = {}
        for group in groups:
            words = [w for w in (fold(str(x)) for x in group) if w]
            if len(words) < 2:
                continue
            head = mapping.get(words[0], words[0])
            for word in words:
                mapping.setdefault(word, head)
        return cls._build(mapping)

    @classmethod
    def _build(cls, mapping: dict[str, str]) -> Lexicon:
        if all(w == c for w, c in mapping.items()):
            return cls(mapping, None)
        # Heads are in the pattern too, so a head is consumed whole and never
        # re-read as part of a shorter word of another group.
        words = sorted(mapping, key=len, reverse=True)
        pattern = re.compile("|".join(re.escape(w) for w in words))
        return cls(mapping, pattern)

    def merged(self, other: Lexicon) -> Lexicon:
        """This lexicon extended by ``other`` (this one's words keep their group)."""
        mapping = dict(other.mapping)
        mapping.update(self.mapping)
        return Lexicon._build(mapping)

    def canonical(self, folded: str) -> str:
        """Rewrite every thesaurus word in already-folded text to its group's head."""
        if self._pattern is None:
            return folded
        mapping = self.mapping
        return self._pattern.sub(lambda m: mapping[m.group(0)], folded)

    def canonical_spans(self, folded: Folded) -> Folded:
        """Like ``canonical``, keeping each character's span in the original text."""
        if self._pattern is None:
            return folded
        mapping = self.mapping
        return substitute_spans(folded, self._pattern, lambda m: mapping[m.group(0)])

    def __len__(self) -> int:
        return len(self.mapping)


EMPTY = Lexicon()
