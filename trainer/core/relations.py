"""Reading the thesaurus relations beyond word groups: narrower, not_inside, false_homophones, senses.

``read_relations(reader, mapping)`` validates the four optional keys of a
``thesaurus.yaml`` (problems go to the reader, ``file:line:col``) and returns the
keyword arguments of ``Lexicon.from_groups``. See ``trainer.core.lexicon``.
"""

from __future__ import annotations

from typing import Any

from trainer.core.reader import Reader
from trainer.core.yamlpos import YMap

RELATION_KEYS = ("narrower", "not_inside", "false_homophones", "senses")


def read_relations(r: Reader, m: YMap) -> dict[str, Any]:
    """``narrower`` and ``not_inside`` (word → words), ``false_homophones`` (words) and
    ``senses`` (word → {head: cues})."""
    narrower = _word_lists(r, m, "narrower")
    not_inside = _word_lists(r, m, "not_inside")
    for word, compounds in list(not_inside.items()):
        marks = m["not_inside"].at[word]
        for c in compounds:
            if word not in c:
                r.error(marks[1], f"`not_inside`: `{c}` does not contain `{word}`")
        not_inside[word] = [c for c in compounds if word in c]
    return {
        "narrower": narrower,
        "not_inside": not_inside,
        "false_homophones": r.texts(m, "false_homophones"),
        "senses": _senses(r, m),
    }


def _senses(r: Reader, m: YMap) -> dict[str, dict[str, list[str]]]:
    """``senses``: word → {the word it means instead: [cues that may follow it in its clause]}."""
    if m.get("senses") is None:
        return {}
    rel = r.mapping(m["senses"], m.at["senses"][1], "`senses`")
    if rel is None:
        return {}
    out: dict[str, dict[str, list[str]]] = {}
    for word in rel:
        if not str(word).strip():
            r.error(rel.at[word][0], "`senses`: a word must be non-empty text")
            continue
        what = f"`senses.{word}` (a word it may mean: [cues])"
        heads = r.mapping(rel[word], rel.at[word][1], what)
        if heads is None:
            if rel[word] is None:  # `拍下:` with nothing under it: say so, not ignore it
                r.error(rel.at[word][0], f"{what}: expected a mapping, got nothing")
            continue
        out[str(word).strip()] = {str(h).strip(): [c.strip() for c in r.texts(heads, h, nonempty=True) if c.strip()]
                                  for h in heads if str(h).strip()}
    return out


def _word_lists(r: Reader, m: YMap, key: str) -> dict[str, list[str]]:
    """A mapping of a word to a list of words, each checked."""
    if m.get(key) is None:
        return {}
    rel = r.mapping(m[key], m.at[key][1], f"`{key}`")
    if rel is None:
        return {}
    out: dict[str, list[str]] = {}
    for word in rel:
        words = r.texts(rel, word, nonempty=True)
        if not str(word).strip():
            r.error(rel.at[word][0], f"`{key}`: a word must be non-empty text")
            continue
        out[str(word).strip()] = [w.strip() for w in words if w.strip()]
    return out
