"""The bundled interview bank covers what the source and the platform rules ask of a hire."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.core.loader import load_content

ROOT = Path(__file__).resolve().parent.parent
CONTENT, _ = load_content(ROOT)

CLASSIC_EIGHT = (
    "iv-most-important-quality", "iv-previous-duties", "iv-idle-time", "iv-free-promotion",
    "iv-persist", "iv-leaving-reason", "iv-salary", "iv-toughest-customer",
)


def test_the_classic_eight_set_asks_the_source_questions_in_order() -> None:
    assert CONTENT.sets["classic-eight-full"].questions == CLASSIC_EIGHT


@pytest.mark.parametrize(
    ("qid", "words"),
    [
        # 「追問，除了aaa呢？」: the first key point the answer hit fills {hit}.
        ("iv-most-important-quality", ("除了", "{hit}")),
        # 「追問，我們這裡沒有中差評，也不用去倉庫協助打包……」
        ("iv-idle-time", ("沒有中差評", "協助打包")),
    ],
)
def test_the_source_follow_ups_are_asked(qid: str, words: tuple[str, ...]) -> None:
    asks = [f.ask for f in CONTENT.questions[qid].follow_ups]
    assert any(all(w in ask for w in words) for ask in asks), asks


# What the interview must check, by tag: the source's interview-experience section and
# the platform rules a new hire breaks in the first week.
REQUIRED_TAGS = [
    "打字", "崗位", "產品知識", "交易流程", "自我介紹", "夜班", "糾紛",
    "站外交易", "好評返現", "虛假發貨", "延遲發貨", "確認收貨", "只有一次", "15天",
    "誰過錯誰承擔", "新客服權限", "過分要求", "修改地址", "正品",
]


@pytest.mark.parametrize("tag", REQUIRED_TAGS)
def test_a_question_in_some_set_trains(tag: str) -> None:
    tagged = {q.id for q in CONTENT.questions.values() if tag in q.tags}
    in_sets = {qid for s in CONTENT.sets.values() for qid in s.questions}
    assert tagged, f"no question tagged {tag}"
    assert tagged & in_sets, f"no set asks a question tagged {tag}: {sorted(tagged)}"
