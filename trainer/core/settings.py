"""Scoring settings: the pass mark and the weights of the score, per content folder.

Defaults live here; a content folder may override any of them in ``scoring.yaml``
(see ``docs/scoring.md`` for what each one does and why the defaults are what
they are).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, ClassVar

# Words that make a shop-chat reply sound polite. Traditional or Simplified both
# work: they are folded like everything else.
DEFAULT_POLITE = (
    "親", "您", "請", "麻煩", "抱歉", "不好意思", "對不起", "謝謝", "感謝", "多謝",
    "辛苦", "理解", "放心", "哦", "呢", "喔",
)
# Words that make a reply rude or dismissive towards the buyer.
DEFAULT_RUDE = (
    "你自己", "自己看吧", "自己去查", "自己查去", "不會看", "愛買不買", "關我什麼事", "不關我們的事",
    "等著吧", "我們也沒辦法", "管不了", "隨便你", "你是不是", "你怎麼不", "找快遞去", "別煩",
    "不歸我管", "有什麼關係", "沒必要問", "肯定是你", "你搞錯", "你看錯", "跟我們沒關係",
    "廢話", "別問了", "不要一直問", "不用一直問", "聽不懂嗎", "你去投訴",
)


@dataclass(frozen=True)
class ScoringSettings:
    """Every knob of the scorer, with the defaults a senior supervisor agreed with."""

    pass_mark: float = 60.0
    # The score is a weighted sum of three dimensions (each 0..1), times 100.
    weight_coverage: float = 0.60
    weight_similarity: float = 0.25
    weight_tone: float = 0.15
    # Coverage is raised to this power: below 1 it rewards covering most points
    # (a polite reply with 3 of 4 points is acceptable), without crediting little.
    coverage_exponent: float = 0.8
    # Similarity below `similarity_floor` counts as none, above `similarity_full` as full.
    similarity_floor: float = 0.15
    similarity_full: float = 0.65
    # A phrase matches fuzzily (typo, word inserted or swapped) from this ratio on.
    fuzzy_threshold: float = 75.0
    # Caps: a broken avoid rule, an echo of the buyer's message, a very short reply.
    avoid_cap: float = 20.0
    echo_cap: float = 30.0
    echo_similarity: float = 0.7
    short_reply_chars: int = 6
    short_cap: float = 40.0
    polite: tuple[str, ...] = DEFAULT_POLITE
    rude: tuple[str, ...] = DEFAULT_RUDE

    FIELDS: ClassVar[tuple[str, ...]] = ()  # filled below: the names a scoring.yaml may use

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> ScoringSettings:
        """Settings from a ``scoring.yaml`` mapping; ValueError names a bad key."""
        base = cls()
        changes: dict[str, Any] = {}
        for key, value in data.items():
            if key not in cls.FIELDS:
                raise ValueError(f"unknown setting {key!r}; known: {', '.join(cls.FIELDS)}")
            changes[key] = _coerce(key, value, getattr(base, key))
        settings = replace(base, **changes)
        settings.check()
        return settings

    def check(self) -> None:
        """Raise ValueError if the settings cannot work together."""
        total = self.weight_coverage + self.weight_similarity + self.weight_tone
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"weight_coverage + weight_similarity + weight_tone must be 1, got {total:g}")
        if not 0 <= self.pass_mark <= 100:
            raise ValueError("pass_mark must be between 0 and 100")
        if not 0 <= self.similarity_floor < self.similarity_full <= 1:
            raise ValueError("need 0 <= similarity_floor < similarity_full <= 1")


def _coerce(key: str, value: Any, default: Any) -> Any:
    if isinstance(default, tuple):
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ValueError(f"{key} must be a list of non-empty strings")
        return tuple(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{key} must be a number, got {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{key} must not be negative")
    return type(default)(value)


ScoringSettings.FIELDS = tuple(f.name for f in fields(ScoringSettings))
