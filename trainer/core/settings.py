"""Scoring settings: the pass mark, the weights and the caps of the score, per content folder.

Defaults live here; a content folder may override any of them in ``scoring.yaml``
(see ``docs/scoring.md`` for what each one does and why the defaults are what
they are). Every setting has a type and a range (``SPECS``): a NaN weight would
make every reply score 100 and an infinite length would cap every reply, so a
bad value is a problem with its place, never a silent default.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any, ClassVar

from trainer.core.dimensions import DIMENSIONS
from trainer.core.normalise import fold

# Words that make a shop-chat reply sound polite. Traditional or Simplified both
# work: they are folded like everything else.
DEFAULT_POLITE = (
    "親", "您", "請", "麻煩", "抱歉", "不好意思", "對不起", "謝謝", "感謝", "多謝",
    "辛苦", "理解", "放心", "哦", "呢", "喔",
)
# Words that make a reply rude or dismissive towards the buyer (a penalty).
DEFAULT_RUDE = (
    "你自己", "自己看吧", "自己去查", "自己查去", "不會看", "關我什麼事", "不關我們的事",
    "等著吧", "我們也沒辦法", "管不了", "隨便你", "你是不是", "你怎麼不", "找快遞去", "別煩",
    "不歸我管", "有什麼關係", "沒必要問", "肯定是你", "你搞錯", "你看錯", "跟我們沒關係",
    "廢話", "別問了", "不要一直問", "不用一直問", "聽不懂嗎", "你去投訴",
)
# Insults and dismissals: no supervisor lets one through, however complete the
# rest is (a cap below the pass mark, not a penalty).
DEFAULT_INSULTS = (
    "你有病", "有病吧", "有病啊", "神經病", "腦子有問題", "腦子進水", "沒腦子", "眼瞎", "瞎了嗎",
    "瞎啊", "你瞎", "煩不煩", "愛退不退", "愛買不買", "愛要不要", "不可理喻", "你懂不懂",
    "懂不懂啊", "滾", "白癡", "白痴", "智障", "傻逼", "傻瓜", "你傻", "蠢貨", "廢物", "去死",
    "閉嘴", "找罵", "窮就別買", "買不起就別買", "少廢話", "活該", "有毛病吧", "你有毛病",
    # Pushing the problem back on the buyer is a dismissal too (個人原因 is the neutral word).
    "您自己的問題", "你自己的問題", "他自己的問題", "怪您自己", "怪你自己", "怪他自己", "只能怪您",
    "只能怪你", "您自己的責任", "你自己的責任", "概不負責", "我們就不負責",
)
# Everyday words that contain a rude marker or an insult but are innocent
# (滾動 the page, 滾筒 washer, 去死皮 exfoliating, 廢物利用 recycling): they are
# blanked out before the markers are looked for.
DEFAULT_INNOCENT = (
    "滾動", "滾筒", "滾輪", "滾燙", "滾邊", "翻滾", "打滾", "滾珠", "滾刷", "滾石", "滾雪球",
    "滾滾", "滾針", "滾軸", "滾水", "滾圓", "傻瓜相機", "傻瓜式", "傻瓜操作", "去死皮", "廢物利用",
    "不是您自己的問題", "不是你自己的問題", "不是他自己的問題", "不是您自己的責任", "不是你自己的責任",
    "不怪您自己", "不怪你自己", "不能怪您自己", "不能怪你自己", "不能只怪您", "不能只怪你",
)


def _default_weights() -> dict[str, float]:
    return {d.name: d.weight for d in DIMENSIONS}


@dataclass(frozen=True)
class ScoringSettings:
    """Every knob of the scorer, with the defaults a senior supervisor agreed with."""

    pass_mark: float = 60.0
    # The score is a weighted sum of the DIMENSIONS (each 0..1), times 100;
    # scoring.yaml writes each weight as `weight_<name>`.
    weights: Mapping[str, float] = field(default_factory=_default_weights)
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
    insult_cap: float = 20.0
    # Keyword stuffing: from `stuffing_share` of the reply being key phrases (and
    # nothing to join them) the score falls to `stuffing_cap` (see docs/scoring.md).
    stuffing_share: float = 0.8
    stuffing_cap: float = 40.0
    polite: tuple[str, ...] = DEFAULT_POLITE
    rude: tuple[str, ...] = DEFAULT_RUDE
    insults: tuple[str, ...] = DEFAULT_INSULTS
    innocent: tuple[str, ...] = DEFAULT_INNOCENT

    FIELDS: ClassVar[tuple[str, ...]] = ()  # filled below: the names a scoring.yaml may use

    def weight(self, name: str) -> float:
        return float(self.weights.get(name, 0.0))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> ScoringSettings:
        """Settings from a ``scoring.yaml`` mapping; ``SettingsError`` lists every bad value."""
        found: list[SettingProblem] = []
        changes: dict[str, Any] = {}
        weights = _default_weights()
        for key, value in data.items():
            spec = SPECS.get(key)
            if spec is None:
                found.append(SettingProblem(key, None, f"unknown setting `{key}`; known: {', '.join(cls.FIELDS)}"))
                continue
            checked = spec.check(key, value, found)
            if checked is None:
                continue
            if key.startswith("weight_") and isinstance(checked, (int, float)):
                weights[key.removeprefix("weight_")] = float(checked)
            else:
                changes[key] = checked
        if found:
            raise SettingsError(found)
        settings = replace(cls(), weights=weights, **changes)
        settings.check(data)
        return settings

    def check(self, given: Mapping[str, Any] | None = None) -> None:
        """Raise ``SettingsError`` if the settings cannot work together.

        ``given`` (the keys written in the file) decides which key a problem points at.
        """
        keys = set(given or ())

        def at(*candidates: str) -> str | None:
            return next((k for k in candidates if k in keys), None)

        found: list[SettingProblem] = []
        total = sum(self.weight(d.name) for d in DIMENSIONS)
        if abs(total - 1.0) > 1e-6:
            names = " + ".join(d.setting for d in DIMENSIONS)
            found.append(SettingProblem(at(*(d.setting for d in DIMENSIONS)), None,
                                        f"{names} must be 1, got {total:g}"))
        if not self.similarity_floor < self.similarity_full:
            found.append(SettingProblem(at("similarity_full", "similarity_floor"), None,
                                        "need similarity_floor < similarity_full"))
        for cap in CAPS:
            value = getattr(self, cap)
            if value >= self.pass_mark:
                found.append(SettingProblem(at(cap, "pass_mark"), None,
                                            f"`{cap}` ({value:g}) must be below pass_mark ({self.pass_mark:g}): "
                                            "a capped reply must fail"))
        if found:
            raise SettingsError(found)


@dataclass(frozen=True)
class SettingProblem:
    """A bad setting: its key (None: the whole file), the list item, and what is wrong."""

    key: str | None
    index: int | None
    message: str


class SettingsError(ValueError):
    """Settings that cannot be used; ``problems`` has every one."""

    def __init__(self, problems: list[SettingProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


@dataclass(frozen=True)
class Number:
    """A finite number in lo..hi (``whole``: an integer, for counts)."""

    lo: float
    hi: float
    whole: bool = False

    def check(self, key: str, value: Any, found: list[SettingProblem]) -> float | int | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            found.append(SettingProblem(key, None, f"`{key}` must be a number, got {_kind(value)}"))
            return None
        if not math.isfinite(value):
            found.append(SettingProblem(key, None, f"`{key}` must be a finite number, got {value}"))
            return None
        if self.whole and value != int(value):
            found.append(SettingProblem(key, None, f"`{key}` must be a whole number, got {value:g}"))
            return None
        if not self.lo <= value <= self.hi:
            bounds = f"between {self.lo:g} and {self.hi:g}"
            found.append(SettingProblem(key, None, f"`{key}` must be {bounds}, got {value:g}"))
            return None
        return int(value) if self.whole else float(value)


@dataclass(frozen=True)
class Words:
    """A list of non-empty words (each still a word once folded), at most ``most`` of them."""

    most: int = 500
    longest: int = 40

    def check(self, key: str, value: Any, found: list[SettingProblem]) -> tuple[str, ...] | None:
        if not isinstance(value, list):
            found.append(SettingProblem(key, None, f"`{key}` must be a list of words, got {_kind(value)}"))
            return None
        if len(value) > self.most:
            found.append(SettingProblem(key, None, f"`{key}` has {len(value)} words; at most {self.most}"))
            return None
        before = len(found)
        for i, word in enumerate(value):
            if not isinstance(word, str) or not fold(word):
                what = ("nothing" if not word else "a word with no letters") if isinstance(word, str) else _kind(word)
                found.append(SettingProblem(key, i, f"`{key}`: each item must be a non-empty word, got {what}"))
            elif len(word) > self.longest:
                message = f"`{key}`: a word of at most {self.longest} characters, got {len(word)}"
                found.append(SettingProblem(key, i, message))
        return tuple(value) if len(found) == before else None


def _kind(value: Any) -> str:
    names = ((bool, "true/false"), (dict, "a mapping"), (list, "a list"), (str, "text"),
             (int, "a whole number"), (float, "a number"), (type(None), "nothing"))
    return next((name for kind, name in names if isinstance(value, kind)), type(value).__name__)


RATIO = Number(0, 1)
CAP = Number(0, 100)
# The caps a reply can hit: each must stay below the pass mark.
CAPS = ("avoid_cap", "echo_cap", "short_cap", "insult_cap", "stuffing_cap")
SPECS: dict[str, Number | Words] = {
    "pass_mark": Number(1, 100),
    **{d.setting: RATIO for d in DIMENSIONS},
    "coverage_exponent": Number(0.1, 3),
    "similarity_floor": RATIO,
    "similarity_full": RATIO,
    "fuzzy_threshold": Number(0, 100),
    **{cap: CAP for cap in CAPS},
    "echo_similarity": Number(0.05, 1),
    "short_reply_chars": Number(1, 50, whole=True),
    "stuffing_share": Number(0.3, 1),
    "polite": Words(),
    "rude": Words(),
    "insults": Words(),
    "innocent": Words(),
}
ScoringSettings.FIELDS = tuple(SPECS)
assert set(SPECS) == {f.name for f in fields(ScoringSettings) if f.name != "weights"} | {
    d.setting for d in DIMENSIONS
}, "every setting needs a spec"
