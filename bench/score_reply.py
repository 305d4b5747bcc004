"""Benchmark: scoring one reply against a node with 3 answers, 5 points, 2 avoid rules.

    python bench/score_reply.py [--replies 400] [--repeat 5] [--content DIR]

Part 1 (varied replies): the median time per reply of ``Scorer.score`` and of the
bare ``rapidfuzz.fuzz.ratio`` calls against the same 3 answers, and their ratio.

Part 2 (realistic lengths): replies of 20, 100 and 300 characters made of the
sentences new hires type, each one distinct (so no per-text cache helps), scored
once each; per length the median of ``Scorer.score`` and of a lean baseline in
the same run — fold the reply (``fold_map``) and 3 × ``fuzz.ratio`` — and the
ratio. Both are timed with the garbage collector on, collected before each pass.

The thesaurus and settings come from the content folder in use (default: the
bundled one). Target: median <= 1 ms a reply at 300 characters. No assertions.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402

from trainer import paths  # noqa: E402
from trainer.core.models import AvoidRule, Point, Rubric  # noqa: E402
from trainer.core.normalise import fold_map  # noqa: E402

ANSWERS = (
    "親，真的很抱歉給您添麻煩了！麻煩您把收到的商品和寶貝頁面的圖片放在一起拍張照片發給我，"
    "我核實一下；確認是我們發錯，可以給您換貨，或者直接退貨，運費由我們承擔。",
    "非常抱歉，讓您收到不一樣的顏色。請您先拍一張實物照片，和頁面的圖片做個對比發過來，"
    "我馬上幫您核實。確認有問題的話，換貨或退貨都可以，來回郵費我們出。",
    "不好意思親，這是我們的疏忽。您拍照對比發我看一下，核實後給您換一個或者退款，"
    "運費不用您出，七天內都可以辦理。",
)
POINTS = (
    Point("道歉", ("抱歉", "不好意思", "對不起")),
    Point("拍照對比", ("拍照", "照片", "對比圖")),
    Point("換貨或退貨", ("換貨", "退貨", "退款")),
    Point("運費我們出", ("運費我們", "我們承擔", "不用您出"), weight=2.0),
    Point("時限", ("七天", "7天內")),
)
AVOID = (
    AvoidRule(("色差很正常", "你看錯了", "螢幕的問題"), "描述不符時不能把責任推給買家。"),
    AvoidRule(("^沒有[。！!]?$",), "不能只答「沒有」。", regex=True),
)
PROMPT = ("圖片上明明是深藍色，寄來的卻是紫色！你們這是騙人吧？",)

FRAGMENTS = (
    "親", "您好", "真的很抱歉", "对不起", "不好意思哦", "麻煩您", "拍张照片", "拍照對比一下",
    "發給我看看", "我核實一下", "可以給您換貨", "直接退貨也行", "退款", "運費我們承擔",
    "邮费我们出", "不用您出運費", "七天內", "7天内", "十五天", "色差很正常", "你看錯了吧",
    "等一下", "好的", "謝謝您的耐心", "😊", "(微笑)", "！", "，", "。", "？", "……",
)


def make_replies(n: int, seed: int = 0) -> list[str]:
    """Varied replies: model answers, mutations of them, fragment salads, odd inputs."""
    rng = random.Random(seed)
    replies: list[str] = ["", "   ", "沒有", "。。。", PROMPT[0], "親，歡迎您的光臨，有什麼可以幫您？"]
    while len(replies) < n:
        kind = rng.random()
        if kind < 0.3:
            answer = rng.choice(ANSWERS)
            cut = sorted(rng.sample(range(len(answer)), 2))
            replies.append(answer[: cut[0]] + answer[cut[1]:])
        elif kind < 0.9:
            k = rng.randint(1, 12)
            replies.append("".join(rng.choice(FRAGMENTS) for _ in range(k)))
        else:
            replies.append("".join(chr(rng.randint(0x20, 0x9FFF)) for _ in range(rng.randint(1, 80))))
    return replies


SENTENCES = (
    "親，真的很抱歉給您添麻煩了！", "麻煩您拍張照片發給我看看", "我這邊馬上幫您核實一下哦～",
    "确认是我们发错了，给您换货或者退货都可以", "运费由我们承担，您放心", "圖片跟實物確實有點色差，",
    "您寄回來的時候在包裹裡放張紙條寫上訂單號，", "收到後我們第一時間給您處理。", "七天內都可以辦理的，",
    "請留意接聽快遞電話，", "这两天下大雪快递停运了，", "順豐和中通都暫停收件了，", "退款一般一到三天到賬，",
    "我以經幫您備註好了😊", "有什麼問題隨時找我，", "謝謝您的耐心等待！", "來回郵費我們出，不用您掏錢。",
)


def realistic(n: int, length: int, seed: int) -> list[str]:
    """``n`` distinct replies of exactly ``length`` characters, made of typed sentences."""
    rng = random.Random(seed)
    out: set[str] = set()
    while len(out) < n:
        text = ""
        while len(text) < length:
            text += rng.choice(SENTENCES)
        cut = rng.randrange(0, len(text) - length + 1)
        out.add(text[cut : cut + length])
    return sorted(out)


def time_once(fn, items: list[str]) -> list[float]:
    """Per item: one call, in microseconds (the garbage collector collected first)."""
    gc.collect()
    out = []
    for item in items:
        start = time.perf_counter_ns()
        fn(item)
        out.append((time.perf_counter_ns() - start) / 1000)
    return out


def lean(reply: str) -> list[float]:
    """The lean baseline: fold the reply, then 3 × fuzz.ratio against the answers."""
    folded = fold_map(reply)[0]
    return [fuzz.ratio(folded, a) for a in ANSWERS]


def by_length(scorer, rubric: Rubric, n: int) -> None:
    """Part 2: realistic lengths, Scorer.score against the lean baseline."""
    print(f"realistic replies ({n} distinct per length, each scored once; GC on, collected per pass)")
    for length in (20, 100, 300):
        replies = realistic(n, length, seed=length)
        scored = time_once(lambda r: scorer.score(rubric, r), replies)
        base = time_once(lean, replies)
        med, med_base = statistics.median(scored), statistics.median(base)
        verdict = "" if length != 300 else f"   target <= 1000 µs: {'met' if med <= 1000 else 'NOT met'}"
        print(f"  {length:3d} chars  Scorer.score median {med:7.1f} µs  p90 {_p90(scored):7.1f} µs   "
              f"lean median {med_base:6.1f} µs   ratio {med / med_base:5.1f}×{verdict}")


def time_each(fn, items: list[str], repeat: int) -> list[float]:
    """Per item: the mean of ``repeat`` calls, in microseconds."""
    out = []
    for item in items:
        start = time.perf_counter_ns()
        for _ in range(repeat):
            fn(item)
        out.append((time.perf_counter_ns() - start) / repeat / 1000)
    return out


def make_scorer(content_dir: Path):
    """The scorer of the content in use (its thesaurus and settings)."""
    from trainer.core.loader import load_content

    content, _problems = load_content(content_dir)
    return content.scorer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--content", metavar="DIR")
    args = parser.parse_args()

    choice = paths.content_dir(args.content)
    scorer = make_scorer(choice.path)
    rubric = Rubric(ANSWERS, POINTS, AVOID, prompt=PROMPT)
    replies = make_replies(args.replies)
    scorer.score(rubric, "warm up")  # normalises the rubric once, like the app does

    scored = time_each(lambda r: scorer.score(rubric, r), replies, args.repeat)
    bare = time_each(lambda r: [fuzz.ratio(r, a) for a in ANSWERS], replies, args.repeat)
    med, med_bare = statistics.median(scored), statistics.median(bare)
    print(f"content: {choice.path} ({choice.source}); {len(replies)} replies × {args.repeat}")
    print(f"Scorer.score         median {med:8.1f} µs   p90 {_p90(scored):8.1f} µs   "
          f"max {max(scored):8.1f} µs")
    print(f"3 × fuzz.ratio       median {med_bare:8.1f} µs")
    print(f"ratio score/bare     {med / med_bare:8.1f}×")
    print(f"target: median <= 1000 µs -> {'met' if med <= 1000 else 'NOT met'}")
    by_length(scorer, rubric, args.replies)


def _p90(xs: list[float]) -> float:
    return statistics.quantiles(xs, n=10)[-1]


if __name__ == "__main__":
    main()
