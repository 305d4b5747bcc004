"""The thesaurus: words of the trade that mean the same (運費/郵費) and how words relate.

Managers write 1–2 phrases per key point; the thesaurus lets the scorer credit a
reply that says the same thing in other words. It holds five relations:

- **groups** — interchangeable words. Every word of a group is rewritten to the
  group's first word, in the rubric (once, at load) and in each reply, so a phrase
  and a reply that use different members of a group meet.
- **narrower** — one-way: a narrower term satisfies its broader one, not back.
  A reply naming 順豐 says 快遞, but 快遞 does not say 圓通, and 中通 is not 圓通.
- **not_inside** — a word that must not be credited inside a longer compound of
  another meaning: 單號 is not found inside 訂單號, 運費 not inside 運費險.
- **false_homophones** — words that sound like a key phrase but are other words
  (發火 is not a typo of 發貨); see ``trainer.core.pinyin``.
- **senses** — a word whose meaning the rest of its clause decides: 拍下 is an
  order (its group, 下單) unless 發給我 or 給我看 follows it in the clause, when it
  asks for a photo (照片). Only what follows is read, up to the clause's end.

Words are folded (``normalise.fold``) before use, so a thesaurus written in
Traditional also serves Simplified replies, and the longest word wins where words
overlap.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from trainer.core.normalise import fold


@dataclass(frozen=True)
class Lexicon:
    """Folded word → folded canonical word, applied with one regex pass, and the relations."""

    mapping: dict[str, str] = field(default_factory=dict)
    _pattern: re.Pattern[str] | None = field(default=None, compare=False, repr=False)
    narrower: dict[str, tuple[str, ...]] = field(default_factory=dict)  # broad → narrow words
    not_inside: dict[str, tuple[str, ...]] = field(default_factory=dict)  # word → compounds
    false_homophones: frozenset[str] = frozenset()
    _broad: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    _broad_pattern: re.Pattern[str] | None = field(default=None, compare=False, repr=False)
    _words: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    senses: dict[str, tuple[Sense, ...]] = field(default_factory=dict)  # word → its other senses

    @classmethod
    def from_groups(
        cls,
        groups: Iterable[Sequence[str]],
        narrower: Mapping[str, Sequence[str]] | None = None,
        not_inside: Mapping[str, Sequence[str]] | None = None,
        false_homophones: Iterable[str] = (),
        senses: Mapping[str, Mapping[str, Sequence[str]]] | None = None,
    ) -> Lexicon:
        """Build from groups of words (a word's first group wins) and the relations."""
        mapping: dict[str, str] = {}
        for group in groups:
            words = [w for w in (fold(str(x)) for x in group) if w]
            if len(words) < 2:
                continue
            head = mapping.get(words[0], words[0])
            for word in words:
                mapping.setdefault(word, head)
        return cls._build(
            mapping, _folded_relation(narrower), _folded_relation(not_inside),
            frozenset(w for w in (fold(str(x)) for x in false_homophones) if w),
            _folded_senses(senses),
        )

    @classmethod
    def from_data(cls, data: Mapping[str, Any] | None) -> Lexicon:
        """From a loaded ``thesaurus.yaml`` mapping, unvalidated (benches and tests)."""
        data = data or {}
        return cls.from_groups(
            data.get("groups") or [], data.get("narrower"), data.get("not_inside"),
            data.get("false_homophones") or (), data.get("senses"),
        )

    @classmethod
    def _build(
        cls,
        mapping: dict[str, str],
        narrower: dict[str, tuple[str, ...]] | None = None,
        not_inside: dict[str, tuple[str, ...]] | None = None,
        false_homophones: frozenset[str] = frozenset(),
        senses: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] | None = None,
    ) -> Lexicon:
        narrower, not_inside, senses = narrower or {}, not_inside or {}, senses or {}
        mapping = {**{w: w for w in senses}, **mapping}  # a sense word is matched even in no group
        pattern = None
        if senses or any(w != c for w, c in mapping.items()):
            # Heads are in the pattern too, so a head is consumed whole and never
            # re-read as part of a shorter word of another group.
            pattern = _alternation(mapping)
        broad = _broadening(mapping, narrower)
        compounds = {c for cs in not_inside.values() for c in cs}
        narrow = {n for ns in narrower.values() for n in ns}
        words = frozenset(mapping) | compounds | narrow | false_homophones
        sensed = {w: tuple(Sense(mapping.get(head, head), cues) for head, cues in ss)
                  for w, ss in senses.items()}
        return cls(
            mapping, pattern, narrower, not_inside, false_homophones,
            broad, _alternation(broad) if broad else None, words | frozenset(sensed), sensed,
        )

    def merged(self, other: Lexicon) -> Lexicon:
        """This lexicon extended by ``other`` (this one's words keep their group)."""
        mapping = dict(other.mapping)
        mapping.update(self.mapping)
        narrower = {k: tuple(dict.fromkeys(other.narrower.get(k, ()) + self.narrower.get(k, ())))
                    for k in other.narrower.keys() | self.narrower.keys()}
        not_inside = {k: tuple(dict.fromkeys(other.not_inside.get(k, ()) + self.not_inside.get(k, ())))
                      for k in other.not_inside.keys() | self.not_inside.keys()}
        senses = {w: tuple((s.head, s.cues) for s in self.senses.get(w, ()) + other.senses.get(w, ()))
                  for w in other.senses.keys() | self.senses.keys()}
        return Lexicon._build(mapping, narrower, not_inside, self.false_homophones | other.false_homophones,
                              senses)

    def canonical(self, folded: str) -> str:
        """Rewrite every thesaurus word in already-folded text to its group's head."""
        if self._pattern is None:
            return folded
        mapping, senses = self.mapping, self.senses
        if not senses:
            return self._pattern.sub(lambda m: mapping[m.group(0)], folded)
        return self._pattern.sub(
            lambda m: _sensed(m, mapping, senses) if m.group(0) in senses else mapping[m.group(0)], folded)

    def canonical_map(self, folded: str) -> tuple[str, Remap]:
        """Like ``canonical``, with where each rewritten piece came from."""
        if self._pattern is None:
            return folded, NO_REMAP
        return rewrite(folded, self._pattern, self.mapping, self.senses)

    def broadened_map(self, folded: str) -> tuple[str, Remap] | None:
        """Folded text with each narrower term as its broader one (順豐 → 快遞), or None
        when the text names no narrower term."""
        if self._broad_pattern is None or not self._broad_pattern.search(folded):
            return None
        return rewrite(folded, self._broad_pattern, self._broad)

    def narrow_words(self) -> tuple[str, ...]:
        """Every folded narrower term, with its synonyms (圓通, 圓通快遞, 中通…)."""
        return tuple(self._broad)

    def words(self) -> frozenset[str]:
        """Every folded word the thesaurus knows (groups, relations)."""
        return self._words

    def __len__(self) -> int:
        return len(self.mapping)


@dataclass(frozen=True)
class Remap:
    """Where the pieces of a rewritten text came from, to quote the original.

    ``pieces`` holds (new start, new end, old start, old end) for every piece
    that was replaced, in order; text between pieces is unchanged, shifted.
    """

    pieces: tuple[tuple[int, int, int, int], ...] = ()
    _news: tuple[int, ...] = ()

    def back(self, start: int, end: int) -> tuple[int, int]:
        """The old range behind the new range [start, end), end > start."""
        return self._old(start, False), self._old(end - 1, True)

    def _old(self, at: int, end: bool) -> int:
        i = bisect_right(self._news, at) - 1
        if i < 0:
            return at + end
        ns, ne, os, oe = self.pieces[i]
        if at < ne:  # inside a replaced piece: the whole piece
            return oe if end else os
        return oe + (at - ne) + end


NO_REMAP = Remap()


@dataclass(frozen=True)
class Sense:
    """Another meaning of a word: ``head`` (folded, its group's head) where one of ``cues``
    follows the word in its clause."""

    head: str
    cues: tuple[str, ...]


CLAUSE_END = re.compile(r"[，。！？；,.!?;\n]")
CUE_REACH = 16  # characters after the word read for a cue (a clause rarely runs longer)


def _sensed(m: re.Match[str], table: Mapping[str, str], senses: Mapping[str, tuple[Sense, ...]]) -> str:
    """What the matched word is rewritten to: a sense whose cue follows it in its clause, else
    its group's head."""
    word = m.group(0)
    after = m.string[m.end():m.end() + CUE_REACH]
    end = CLAUSE_END.search(after)
    clause = after if end is None else after[:end.start()]
    for sense in senses.get(word, ()):
        if any(0 <= (at := clause.find(cue)) and not _other_object(clause[:at]) for cue in sense.cues):
            return sense.head
    return table[word]


# What 把 may take and still mean the thing the word is about (拍下破損處再把它發給我).
BACK_REFERENCES = tuple(sorted({fold(w) for w in ("它", "它們", "這個", "那個", "這些", "那些", "這", "那")},
                               key=len, reverse=True))


def _other_object(between: str) -> bool:
    """Whether a 把 between the word and its cue puts another object before the verb:
    「拍下後把訂單號發給我」 sends the order number (拍下 is the order); 「把它發給我」 sends what was
    photographed."""
    at = between.rfind("把")
    return at >= 0 and not between.startswith(BACK_REFERENCES, at + 1)


def rewrite(text: str, pattern: re.Pattern[str], table: Mapping[str, str],
            senses: Mapping[str, tuple[Sense, ...]] | None = None) -> tuple[str, Remap]:
    """Replace every match of ``pattern`` by ``table[match]`` (or a sense the clause
    calls for), recording the pieces."""
    pieces: list[tuple[int, int, int, int]] = []
    shift = 0

    def repl(m: re.Match[str]) -> str:
        nonlocal shift
        word = m.group(0)
        new = _sensed(m, table, senses) if senses and word in senses else table[word]
        if new != word:
            a, b = m.span()
            pieces.append((a + shift, a + shift + len(new), a, b))
            shift += len(new) - len(word)
        return new

    out = pattern.sub(repl, text)
    if not pieces:
        return out, NO_REMAP
    return out, Remap(tuple(pieces), tuple(p[0] for p in pieces))


WORD_MAX = 40  # characters in a thesaurus word (the bundled ones have at most ~10)
BUCKETS = 8  # runs of first characters in a big alternation (8 was fastest of 4 to 64, measured)


def _alternation(words: Iterable[str]) -> re.Pattern[str]:
    """One regex finding any of ``words``, the longest where several start at a place.

    Built as a trie (運(?:費險?|單)…): ``re`` tries the alternatives of a flat
    alternation one by one at every position, which costs ~30× more on a
    thesaurus of hundreds of words. A word's end is an optional tail, greedy, so
    the longest word along the path wins.

    The trie's first characters (~320 in the bundled thesaurus) are tried one by one
    too, at each place where one of them stands and again wherever the word then
    fails: split into ``BUCKETS`` runs, each behind a lookahead for its own
    characters, a place tries one run. That finds the same words ~2.5× sooner
    (bench/README.md, tenth pass).
    """
    trie: dict[str, Any] = {}
    for word in words:
        if len(word) > WORD_MAX:
            continue  # validation says so; a trie that deep would overflow the stack
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    firsts = sorted(ch for ch in trie if ch)
    if len(firsts) < BUCKETS * 4:
        return re.compile(_trie_pattern(trie))
    runs = [firsts[i * len(firsts) // BUCKETS : (i + 1) * len(firsts) // BUCKETS] for i in range(BUCKETS)]
    every = "".join(map(re.escape, firsts))  # first, so that ``re`` skips other places at once
    return re.compile(f"(?=[{every}])(?:" + "|".join(
        "(?=[" + "".join(map(re.escape, run)) + "])(?:" + _trie_pattern({ch: trie[ch] for ch in run}) + ")"
        for run in runs) + ")")


def _trie_pattern(node: dict[str, Any]) -> str:
    alts = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if "" in node else body


def _folded_relation(relation: Mapping[str, Sequence[str]] | None) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for key, words in (relation or {}).items():
        k = fold(str(key))
        folded = tuple(w for w in (fold(str(x)) for x in words or ()) if w and w != k)
        if k and folded:
            out[k] = tuple(dict.fromkeys(out.get(k, ()) + folded))
    return out


def _folded_senses(senses: Mapping[str, Mapping[str, Sequence[str]]] | None,
                   ) -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """``word: {head: [cue, …]}`` folded, as (head, cues) pairs per word."""
    out: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {}
    for word, heads in (senses or {}).items():
        pairs = tuple((fold(str(head)), tuple(c for c in (fold(str(x)) for x in cues or ()) if c))
                      for head, cues in (heads or {}).items())
        pairs = tuple((h, cs) for h, cs in pairs if h and cs)
        if fold(str(word)) and pairs:
            out[fold(str(word))] = pairs
    return out


def _broadening(mapping: dict[str, str], narrower: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Each narrow word, and every synonym of it, → its broader word."""
    by_head: dict[str, list[str]] = {}
    for word, head in mapping.items():
        by_head.setdefault(head, []).append(word)
    out: dict[str, str] = {}
    for broad, narrow_words in narrower.items():
        for n in narrow_words:
            for w in [n, *by_head.get(mapping.get(n, n), ())]:
                if w != broad:
                    out.setdefault(w, broad)
    return out


EMPTY = Lexicon()
