"""The reply scorer: ``Scorer.score(rubric, reply) -> Result``.

score = 100 × Σ weight·dimension − rudeness, then capped where a signal says so.
The dimensions and signals are listed once in ``trainer.core.dimensions``; each
dimension is measured here by ``_Scoring.dim_<name>`` (0..1):

- coverage: weighted share of key points found (exactly, through the thesaurus,
  or as a close variant, which earns a little less than an exact match);
- similarity: closeness to the nearest model answer (edit ratio or bigram
  overlap, whichever is higher), rescaled so unrelated text counts as 0;
- tone: polite markers raise it, rude markers lower it (rude markers also take
  points off the total: a rude reply should fail however complete it is).

Signals that cap the score (each cap is below the pass mark): a broken avoid
rule — the node's own, a house rule of ``rules.yaml`` or a claim contradicting
the case's facts — (``avoid_cap``), an insult or dismissal (``insult_cap``), an echo of the
buyer's message (``echo_cap``), a reply that is only key phrases with nothing to
join them (``stuffing_cap``), and a very short reply, capped in proportion to
its length. Empty or punctuation-only replies score 0. See docs/scoring.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from rapidfuzz import fuzz

from trainer.core.dimensions import DIMENSIONS, SignalHit, ordered
from trainer.core.explain import feedback_sentence
from trainer.core.house_rules import NO_RULES, HouseCheck, HouseRules, PreparedRule, prepare_rule
from trainer.core.lexicon import EMPTY, Lexicon
from trainer.core.matching import (
    Match,
    Phrase,
    Text,
    adverb_pattern,
    bigrams,
    find_phrase,
    find_unnegated_span,
    similarity,
)
from trainer.core.models import AvoidRule, Point, Rubric
from trainer.core.normalise import encodable, fold
from trainer.core.patterns import compile_pattern, search
from trainer.core.regex_text import converted
from trainer.core.result import MISSTATED, AvoidHit, PointResult, Result
from trainer.core.settings import ScoringSettings
from trainer.core.signals import KeyPhrases, Span, blank, innocent_pattern, insult_quotes, repeat_quote, stuffing_quote
from trainer.core.stated import default_couriers, periods, promotions, wrong_courier, wrong_period, wrong_promotion

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
    regexes: tuple[tuple[str, Any], ...]  # (as written, compiled by trainer.core.patterns)
    adverbs: tuple[Any, ...]  # per phrase, ``adverb_pattern`` of its canonical form (None: too short)


@dataclass(frozen=True)
class Prepared:
    """A rubric with every answer and phrase normalised once."""

    answers: tuple[_Answer, ...]
    points: tuple[tuple[Point, tuple[Phrase, ...]], ...]
    avoid: tuple[_Avoid, ...]
    house: HouseCheck  # the house and fact rules that apply to this rubric
    prompts: tuple[str, ...]
    tone_base: float  # tone with no polite or rude marker
    kind: str = "chat"  # the rubric's kind: chat | interview
    phrases: KeyPhrases = KeyPhrases(None, {})  # every key phrase, for the stuffing signal
    promotions: Mapping[str, frozenset[str]] = field(default_factory=dict)  # what the answers say they take off
    couriers: frozenset[str] = frozenset()  # the courier the answers call the default
    periods: Mapping[str, frozenset[str]] = field(default_factory=dict)  # what the answers say can be done within


class Scorer:
    """Scores replies against rubrics with one thesaurus and one set of settings."""

    def __init__(
        self, lexicon: Lexicon = EMPTY, settings: ScoringSettings | None = None, house: HouseRules = NO_RULES
    ):
        self.lexicon = lexicon
        self.settings = settings or ScoringSettings()
        self.house = house
        self._house_prepared: dict[str, PreparedRule] = {}
        self._house_checks: dict[tuple[str, ...], HouseCheck] = {}
        self._polite = tuple((m, fold(m)) for m in self.settings.polite)
        self._rude = tuple((m, fold(m)) for m in self.settings.rude)
        self._insults = tuple((m, fold(m)) for m in self.settings.insults)
        self._innocent = innocent_pattern(self.settings.innocent)
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
        every = KeyPhrases.of(group for _, group in points)
        house = self._house_check(rubric)
        prepared = Prepared(tuple(answers), points, avoid, house, prompts, tone_base, rubric.kind, every,
                            promotions(rubric.answers), default_couriers(rubric.answers), periods(rubric.answers))
        self._cache[id(rubric)] = (rubric, prepared)
        return prepared

    def _house_check(self, rubric: Rubric) -> HouseCheck:
        """The house rules of a rubric, prepared once for every rubric with the same ones."""
        rules = self.house.for_rubric(rubric)
        key = tuple(rule.id for rule in rules)
        check = self._house_checks.get(key)
        if check is None:
            prepared = []
            for rule in rules:
                if rule.id not in self._house_prepared:
                    self._house_prepared[rule.id] = prepare_rule(rule, self.lexicon)
                prepared.append(self._house_prepared[rule.id])
            check = self._house_checks[key] = HouseCheck.of(tuple(prepared))
        return check

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
        phrases = tuple(Phrase.of(x, lex) for x in rule.phrases)
        return _Avoid(rule, phrases, (), tuple(adverb_pattern(p.canon) for p in phrases))
    regexes = []
    for pattern in rule.phrases:
        try:
            regexes.append((pattern, compile_pattern(pattern)))
        except Exception:  # noqa: BLE001, S112 - reported by validation; a broken regex never matches
            continue
    return _Avoid(rule, (), tuple(regexes), ())


def _empty_result(prep: Prepared, settings: ScoringSettings) -> Result:
    points = tuple(PointResult(p.label, p.weight, 0.0) for p, _ in prep.points)
    closest = prep.answers[0].text if prep.answers else ""
    signals = (SignalHit("empty"),)
    return Result(
        score=0, passed=False, dimensions=dict.fromkeys((d.name for d in DIMENSIONS), 0.0),
        points=points, avoid=(), closest_answer=closest, caps=("empty",), polite=(), rude=(),
        feedback=feedback_sentence(False, signals, points, prep.kind), signals=signals,
    )


class _Scoring:
    """One reply being scored: each dimension and signal in its own small method."""

    def __init__(self, scorer: Scorer, prep: Prepared, text: Text):
        self.s = scorer.settings
        self.scorer = scorer
        self.prep = prep
        self.text = text
        self.spans: list[Span] = []  # each point's best match (for the stuffing signal)
        self.point_results = self.points()
        self.sim, self.closest = self.similarity()
        self.polite, self.rude = self.markers()

    def result(self) -> Result:
        s = self.s
        avoid = self.avoid_hits()  # first: a fact stated wrongly withdraws the points it seemed to make
        # Each DIMENSIONS entry is measured by the method `dim_<name>` (0..1).
        dims = {d.name: getattr(self, f"dim_{d.name}")() for d in DIMENSIONS}
        raw = 100 * sum(s.weight(name) * value for name, value in dims.items())
        raw -= RUDE_PENALTY * min(len(self.rude), 2)
        found = [SignalHit("avoid", a.matched, a.why) for a in avoid]
        found += self.insult_hits() + [SignalHit("rude", word) for word in self.rude]
        found += self.stuffing_hits()
        found += self.repeat_hits()
        score, caps = self.capped(raw, found)
        found += [SignalHit(c) for c in caps if c in ("echo", "short")]
        signals = ordered(found)
        final = int(round(max(0.0, min(100.0, score))))
        passed = final >= s.pass_mark
        points = self.point_results
        shown = {k: 100 * v for k, v in dims.items()}
        return Result(
            score=final, passed=passed, dimensions=shown,
            points=points, avoid=avoid, closest_answer=self.closest, caps=caps,
            polite=self.polite, rude=self.rude, signals=signals,
            feedback=feedback_sentence(passed, signals, points, self.prep.kind, shown),
        )

    def dim_coverage(self) -> float:
        points = self.point_results
        total_w = sum(p.weight for p in points)
        if not total_w:  # no key points: the answers are the whole rubric
            return float(self.sim**self.s.coverage_exponent)
        coverage = sum(p.weight * p.credit for p in points) / total_w
        return float(coverage**self.s.coverage_exponent)

    def dim_similarity(self) -> float:
        return self.sim

    def dim_tone(self) -> float:
        tone = self.prep.tone_base + POLITE_STEP * min(len(self.polite), 3) - RUDE_STEP * len(self.rude)
        return max(0.0, min(1.0, tone))

    def points(self) -> tuple[PointResult, ...]:
        return tuple(self._point(i, point, phrases) for i, (point, phrases) in enumerate(self.prep.points))

    def _point(self, index: int, point: Point, phrases: tuple[Phrase, ...]) -> PointResult:
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
        self.spans.append((best.start, best.end, best.space, index))
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
        polite = tuple(m for m, f in self.scorer._polite if f and f in self.text.folded)
        blanked = self.blanked
        rude = tuple(m for m, f in self.scorer._rude if f and f in blanked)
        return polite, rude

    @cached_property
    def blanked(self) -> str:
        return blank(self.text.folded, self.scorer._innocent)

    def insult_hits(self) -> list[SignalHit]:
        quotes = insult_quotes(self.text, self.blanked, [f for _, f in self.scorer._insults])
        return [SignalHit("insult", q) for q in quotes]

    def stuffing_hits(self) -> list[SignalHit]:
        """Only key phrases, nothing to join them (two points hit at least: one is a short reply)."""
        if sum(1 for p in self.point_results if p.hit) < 2:
            return []
        quote = stuffing_quote(self.text, self.prep.phrases, self.spans, self.s.stuffing_share)
        return [] if quote is None else [SignalHit("stuffing", quote)]

    def repeat_hits(self) -> list[SignalHit]:
        quote = repeat_quote(self.text)
        return [] if quote is None else [SignalHit("repeat", quote)]

    def avoid_hits(self) -> tuple[AvoidHit, ...]:
        """The node's broken avoid rules, then the broken house and fact rules."""
        hits = []
        # The lightly folded form (punctuation kept) is only for regex rules.
        has_regex = any(av.regexes for av in self.prep.avoid)
        light = converted(self.text.original).text.strip() if has_regex else ""
        for av in self.prep.avoid:
            hit = self._avoid_hit(av, light)
            if hit is not None:
                hits.append(hit)
        hits.extend(self.prep.house.hits(self.text))
        # What the model answers state, said otherwise: 滿200減20 where the shop takes 10 off, 默認發中通,
        # 一個月內可以維權 where the window is 15 days.
        stated = (wrong_promotion(self.prep.promotions, self.text), wrong_courier(self.prep.couriers, self.text),
                  wrong_period(self.prep.periods, self.text))
        misstated = [m for m in stated if m is not None]
        self._withdraw([span for _, span in misstated])
        return (*hits, *(hit for hit, _ in misstated))

    def _withdraw(self, misstated: list[tuple[int, int]]) -> None:
        """A key point matched inside words that state the case wrongly is not made: 「默認」 of
        「默認發中通」 is no ✓ for 默認圓通 (the original's spans ``misstated``). It keeps those
        words, ``how`` "misstated", so the breakdown can say so."""
        wrong: dict[int, str] = {}
        for start, end, space, index in self.spans:
            span = self.text.origin(start, end, space)
            said = next(((a, b) for a, b in misstated if span is not None and span[0] < b and a < span[1]), None)
            if said is not None:
                wrong[index] = self.text.original[said[0] : said[1]]
        if not wrong:
            return
        self.spans = [s for s in self.spans if s[3] not in wrong]
        self.point_results = tuple(
            PointResult(p.label, p.weight, 0.0, p.phrase, wrong[i], MISSTATED) if i in wrong else p
            for i, p in enumerate(self.point_results))

    def _avoid_hit(self, av: _Avoid, light: str) -> AvoidHit | None:
        for phrase, adverbs in zip(av.phrases, av.adverbs, strict=True):
            # Avoid phrases match exactly or through the thesaurus, never fuzzily
            # (a near-miss of a forbidden phrase is usually an innocent sentence), but
            # an adverb slipped in says the same (180也可以); not when denied: 我不會說色差很正常.
            span = find_unnegated_span(phrase.canon, adverbs, self.text.canon) if phrase.canon else None
            if span is not None:
                return AvoidHit(av.rule.why, phrase.original, self.text.quote(*span))
        for written, rx in av.regexes:
            # Run with a time limit: a runaway pattern counts as not matched.
            span = search(rx, self.text.folded)
            if span is not None:  # quote what the trainee typed, not the folded form
                return AvoidHit(av.rule.why, written, self.text.quote(*span, folded=True) or self.text.original)
            span = search(rx, light)
            if span is not None:
                return AvoidHit(av.rule.why, written, light[span[0] : span[1]] or self.text.original)
        return None

    def capped(self, raw: float, found: list[SignalHit]) -> tuple[float, tuple[str, ...]]:
        """The score after every cap that applies, and the names of those that lowered it."""
        s, score = self.s, raw
        caps: list[str] = []
        fired = {hit.signal for hit in found}
        n = len(self.text.folded)  # what was typed, before the thesaurus shortens it
        limits = [
            ("avoid", s.avoid_cap, "avoid" in fired),
            ("insult", s.insult_cap, "insult" in fired),
            ("echo", s.echo_cap, self.is_echo()),
            ("stuffing", s.stuffing_cap, "stuffing" in fired),
            # A passage pasted over and over is no more a reply than a list of keywords.
            ("repeat", s.stuffing_cap, "repeat" in fired),
            ("short", s.short_cap * n / max(1, s.short_reply_chars), n < s.short_reply_chars),
        ]
        for name, limit, applies in limits:
            if applies and score > limit:
                score = limit
                caps.append(name)
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


# Every registered dimension has its measure (a new one fails here, at import).
assert all(hasattr(_Scoring, f"dim_{d.name}") for d in DIMENSIONS), "a dimension has no dim_<name> measure"


def score(rubric: Rubric, reply: str, lexicon: Lexicon = EMPTY, settings: ScoringSettings | None = None) -> Result:
    """Score ``reply`` with a one-off scorer (use ``Scorer`` to score many)."""
    return Scorer(lexicon, settings).score(rubric, reply)
