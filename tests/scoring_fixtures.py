"""Rubrics shared by the scorer tests, written like a manager would write them."""

from __future__ import annotations

from pathlib import Path

import yaml

from trainer.core.lexicon import Lexicon
from trainer.core.models import AvoidRule, Point, Rubric
from trainer.core.scorer import Scorer

ROOT = Path(__file__).resolve().parent.parent


def bundled_scorer() -> Scorer:
    """A scorer with the bundled thesaurus and default settings."""
    return Scorer(Lexicon.from_data(yaml.safe_load((ROOT / "thesaurus.yaml").read_text("utf-8"))))


COLOUR = Rubric(
    answers=(
        "親，非常抱歉給您帶來不好的體驗！麻煩您拍一張實物和圖片的對比照片給我，確認是描述不符的話，可以為您換貨或退貨，來回運費由我們承擔。",
        "不好意思親，顏色和頁面不一樣是我們的問題，請您拍照發給我看看，換貨、退貨都可以，運費我們出。",
    ),
    points=(
        Point("道歉", ("抱歉", "對不起")),
        Point("請買家拍照對比", ("拍照", "對比圖")),
        Point("換貨或退貨", ("換貨", "退貨")),
        Point("運費由賣家承擔", ("運費由我們承擔",), weight=0.5),
    ),
    avoid=(
        AvoidRule(("色差很正常", "你看錯了"), "描述不符時不能推給買家"),
        AvoidRule(("^沒有[。！!]?$",), "不能只答「沒有」", regex=True),
    ),
    prompt=("圖片上是深藍色，寄來的是紫色！你們這是騙人吧？",),
)

DELIVERY = Rubric(
    answers=("親，默認發圓通快遞，江浙滬以外一般發貨後3-5天到，偏遠地區5-7天，遇到雨雪天氣可能會延誤哦。",),
    points=(
        Point("默認圓通", ("圓通",)),
        Point("3-5天", ("3-5天",)),
        Point("可能延誤", ("延誤",)),
    ),
    avoid=(AvoidRule(("保證明天到",), "快遞時效不能保證"),),
    prompt=("你們發什麼快遞？我在成都，幾天能到？",),
)
