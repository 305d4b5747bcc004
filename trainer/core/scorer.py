"""The reply scorer: ``Scorer.score(rubric, reply) -> Result``.

score = 100 × (w_cov·coverage + w_sim·similarity + w_tone·tone) − rudeness,
then capped where a rule says so. Each dimension is 0..1:

- coverage: weighted share of key points found (exactly, through the thesaurus,
  or as a close variant, which earns a little less than an exact match);
- similarity: closeness to the nearest model answer (edit ratio or bigram
  overlap, whichever is higher), rescaled so unrelated text counts as 0;
- tone: polite markers raise it, rude markers lower it (rude markers also take
  points off the total: a rude reply should fail however complete it is).

Caps: a broken avoid rule caps at ``avoid_cap`` (< 40); echoing the buyer's own
message caps at ``echo_cap``; a very short reply is capped in proportion to its
length. Empty or punctuation-only replies score 0. See docs/scoring.md.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

from trainer.core.explain import feedback_sentence
from trainer.core.lexicon import EMPTY, Lexicon
from trainer.core.matching import Match, Phrase, Text, bigrams, find_phrase, find_unnegated, similarity
from trainer.core.models import AvoidRule, Point, Rubric
from trainer.core.normalise import encodable, fold, to_simplified
from trainer.core.result import AvoidHit, PointResult, Result
from trainer.core.settings import ScoringSettings

RUDE_PENALTY = 15.0  # points off the total per rude marker (two at most)
CHAT_TONE_BASE = 0.4  # tone of a chat reply with no polite or rude marker
INTERVIEW_TONE_BASE = 0.8  # interview answers need no shop-chat politeness
POLITE_STEP = 0.2  # each distinct polite marker, three at most
RUDE_STEP = 0.5  # each rude marker


@dataclass(frozen=True)
class _Answer:
    text: str
    canon: str
    grams: frozenset[str]


@dataclass(frozen=True)
class _Avoid:
    rule: AvoidRule
    phrases: tuple[Phrase, ...]
    regexes: tuple[tuple[str, re.Pattern[str]], ...]  # (as written, compiled on the folded form)


@dataclass(frozen=True)
class Prepared:
    """A rubric with every answer and phrase normalised once."""

    answers: tuple[_Answer, ...]
    points: tuple[tuple[Point, tuple[Phrase, ...]], ...]
    avoid: tuple[_Avoid, ...]
    prompts: tuple[str, ...]
    tone_base: float  # tone with no polite or rude marker


def _regex_form(pattern: str) -> str:
    # Regexes are matched on normalised text; fold only their script and width,
    # which leaves the regex syntax (ASCII) intact.
    return to_simplified(unicodedata.normalize("NFKC", pattern))


class Scorer:
    """Scores replies against rubrics with one thesaurus and one set of settings."""

    def __init__(self, lexicon: Lexicon = EMPTY, settings: ScoringSettings | None = None):
        self.lexicon = lexicon
        self.settings = settings or ScoringSettings()
        self._polite = tuple((m, fold(m)) for m in self.settings.polite)
        self._rude = tuple((m, fold(m)) for m in self.settings.rude)
        self._cache: dict[int, tuple[Rubric, Prepared]] = {}

    def prepare(self, rubric: Rubric) -> Prepared:
        """Normalise a rubric's answers and phrases (done once per rubric)."""
        cached = self._cache.get(id(rubric))
        if cached is not None and cached[0] is rubric:
            return cached[1]
        lex = self.lexicon
        answers = []
        for a in rubric.answers:
            canon = Text.of(a, lex).canon
            answers.append(_Answer(a, canon, bigrams(canon)))
        points = tuple((p, tuple(Phrase.of(x, lex) for x in p.phrases)) for p in rubric.points)
        avoid = tuple(_prepare_avoid(rule, lex) for rule in rubric.avoid)
        prompts = tuple(Text.of(x, lex).canon for x in rubric.prompt)
        # A candidate answering an interviewer is not expected to say 親 or 您.
        tone_base = INTERVIEW_TONE_BASE if rubric.kind == "interview" else CHAT_TONE_BASE
        prepared = Prepared(tuple(answers), points, avoid, prompts, tone_base)
        self._cache[id(rubric)] = (rubric, prepared)
        return prepared

    def score(self, rubric: Rubric, reply: str) -> Result:
        """Score one reply; never raises for any string."""
        prep = self.prepare(rubric)
        # Lone surrogates (from a broken paste or a bad decode) become '?' first.
        text = Text.of(encodable(reply if isinstance(reply, str) else str(reply)), self.lexicon)
        if not text.canon:
            return _empty_result(prep, self.settings)
        return _Scoring(self, prep, text).result()


def _prepare_avoid(rule: AvoidRule, lex: Lexicon) -> _Avoid:
    if not rule.regex:
        return _Avoid(rule, tuple(Phrase.of(x, lex) for x in rule.phrases), ())
    regexes = []
    for pattern in rule.phrases:
        try:
            regexes.append((pattern, re.compile(_regex_form(pattern))))
        except re.error:
            continue  # reported by validation; a broken regex never matches
    return _Avoid(rule, (), tuple(regexes))


def _empty_result(prep: Prepared, settings: ScoringSettings) -> Result:
    points = tuple(PointResult(p.label, p.weight, 0.0) for p, _ in prep.points)
    closest = prep.answers[0].text if prep.answers else ""
    return Result(
        score=0, passed=False, coverage=0.0, similarity=0.0, tone=0.0, points=points,
        avoid=(), closest_answer=closest, caps=("empty",), polite=(), rude=(),
        feedback=feedback_sentence(0, False, ("empty",), points, (), ()),
    )


class _Scoring:
    """One reply being scored: each dimension in its own small method."""

    def __init__(self, scorer: Scorer, prep: Prepared, text: Text):
        self.s = scorer.settings
        self.scorer = scorer
        self.prep = prep
        self.text = text

    def result(self) -> Result:
        s = self.s
        points = self.points()
        total_w = sum(p.weight for p in points)
        coverage = sum(p.weight * p.credit for p in points) / total_w if total_w else None
        sim, closest = self.similarity()
        if coverage is None:  # no key points: the answers are the whole rubric
            coverage = sim
        coverage = coverage**s.coverage_exponent
        polite, rude = self.markers()
        tone = self.prep.tone_base + POLITE_STEP * min(len(polite), 3) - RUDE_STEP * len(rude)
        tone = max(0.0, min(1.0, tone))
        raw = 100 * (s.weight_coverage * coverage + s.weight_similarity * sim + s.weight_tone * tone)
        raw -= RUDE_PENALTY * min(len(rude), 2)
        avoid = self.avoid_hits()
        score, caps = self.capped(raw, avoid)
        final = int(round(max(0.0, min(100.0, score))))
        passed = final >= s.pass_mark
        return Result(
            score=final, passed=passed, coverage=100 * coverage, similarity=100 * sim,
            tone=100 * tone, points=points, avoid=avoid, closest_answer=closest,
            caps=caps, polite=polite, rude=rude,
            feedback=feedback_sentence(final, passed, caps, points, avoid, rude),
        )

    def points(self) -> tuple[PointResult, ...]:
        return tuple(self._point(point, phrases) for point, phrases in self.prep.points)

    def _point(self, point: Point, phrases: tuple[Phrase, ...]) -> PointResult:
        """The point's best match among its phrases (an exact one ends the search)."""
        best: Match | None = None
        best_phrase = phrases[0] if phrases else None
        for phrase in phrases:
            m = find_phrase(phrase, self.text, self.s.fuzzy_threshold)
            if m is not None and (best is None or m.credit > best.credit):
                best, best_phrase = m, phrase
                if m.credit >= 1.0:
                    break
        if best is None or best_phrase is None:
            return PointResult(point.label, point.weight, 0.0)
        quoted = self.text.quote(best.start, best.end, best.space)
        return PointResult(point.label, point.weight, best.credit, best_phrase.original, quoted, best.how)

    def similarity(self) -> tuple[float, str]:
        """Rescaled similarity to the closest model answer, and that answer."""
        canon = self.text.canon
        grams = bigrams(canon)
        best, closest = 0.0, ""
        for a in self.prep.answers:
            sim = similarity(canon, grams, a.canon, a.grams)
            if sim > best or not closest:
                best, closest = sim, a.text
        lo, hi = self.s.similarity_floor, self.s.similarity_full
        return max(0.0, min(1.0, (best - lo) / (hi - lo))), closest

    def markers(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        folded = self.text.folded
        polite = tuple(m for m, f in self.scorer._polite if f and f in folded)
        rude = tuple(m for m, f in self.scorer._rude if f and f in folded)
        return polite, rude

    def avoid_hits(self) -> tuple[AvoidHit, ...]:
        hits = []
        # The lightly folded form (punctuation kept) is only for regex rules.
        has_regex = any(av.regexes for av in self.prep.avoid)
        light = _regex_form(self.text.original).strip() if has_regex else ""
        for av in self.prep.avoid:
            hit = self._avoid_hit(av, light)
            if hit is not None:
                hits.append(hit)
        return tuple(hits)

    def _avoid_hit(self, av: _Avoid, light: str) -> AvoidHit | None:
        for phrase in av.phrases:
            # Avoid phrases match exactly or through the thesaurus, never fuzzily
            # (a near-miss of a forbidden phrase is usually an innocent sentence),
            # and not when denied: 我不會說色差很正常 breaks no rule.
            at = find_unnegated(phrase.canon, self.text.canon) if phrase.canon else -1
            if at >= 0:
                quoted = self.text.quote(at, at + len(phrase.canon))
                return AvoidHit(av.rule.why, phrase.original, quoted)
        for written, rx in av.regexes:
            m = rx.search(self.text.folded)
            if m is not None:  # quote what the trainee typed, not the folded form
                return AvoidHit(av.rule.why, written, self.text.quote(*m.span(), folded=True) or self.text.original)
            m = rx.search(light)
            if m is not None:
                return AvoidHit(av.rule.why, written, m.group(0) or self.text.original)
        return None

    def capped(self, raw: float, avoid: tuple[AvoidHit, ...]) -> tuple[float, tuple[str, ...]]:
        s, score = self.s, raw
        caps: list[str] = []
        if avoid and score > s.avoid_cap:
            score, caps = s.avoid_cap, caps + ["avoid"]
        if self.is_echo() and score > s.echo_cap:
            score, caps = s.echo_cap, caps + ["echo"]
        n = len(self.text.folded)  # what was typed, before the thesaurus shortens it
        if n < s.short_reply_chars:
            limit = s.short_cap * n / s.short_reply_chars
            if score > limit:
                score, caps = limit, caps + ["short"]
        return score, tuple(caps)

    def is_echo(self) -> bool:
        """The reply mostly repeats the buyer's own message (or the question)."""
        canon = self.text.canon
        for prompt in self.prep.prompts:
            if not prompt:
                continue
            ratio = fuzz.ratio(canon, prompt) / 100
            if len(canon) <= len(prompt):
                # A piece of the prompt typed back counts too ("圖片是深藍色，寄來的是紫色").
                ratio = max(ratio, fuzz.partial_ratio(canon, prompt) / 100)
            if ratio >= self.s.echo_similarity:
                return True
        return False


def score(rubric: Rubric, reply: str, lexicon: Lexicon = EMPTY, settings: ScoringSettings | None = None) -> Result:
    """Score ``reply`` with a one-off scorer (use ``Scorer`` to score many)."""
    return Scorer(lexicon, settings).score(rubric, reply)
