"""The rows of the 進度 screen's tables, built from ``UserFigures`` (no widgets here).

Each function returns the column headings (name, width) and the rows as cells
(plain text or Rich ``Text``) with a row key, so the screen only fills tables and
the layout is testable on its own. Mastery cells carry a bar, the number and a
level word: they read the same without colour.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text

from trainer.reports.figures import CategoryFigures, ItemFigures, UserFigures
from trainer.reports.words import (
    KIND_WORDS,
    OUTCOME_WORDS,
    STATUS_WORDS,
    bar,
    interval_text,
    level,
    local_time,
    when_due,
)
from trainer.store import SessionRow
from trainer.store.progress import Missed
from trainer.ui.text import rate_text, score_text

Cell = str | Text
Row = tuple[str, list[Cell]]  # (row key, cells)
Columns = list[tuple[str, int | None]]
T = Callable[[str], str]
LEVEL_STYLES = {"good": "green", "fair": "orange3", "weak": "red", "none": "dim"}


def mastery_cell(score: float | None, t: T, width: int = 8) -> Text:
    """``██████▍  72 尚可``: a bar, the number and the level word (coloured by level)."""
    word, css = level(score)
    text = Text(bar(score, width), style=LEVEL_STYLES[css])
    text.append(f" {score_text(score):>3} {t(word)}")
    return text


def mastery(f: UserFigures, t: T, wide: bool = False) -> tuple[Columns, list[Row]]:
    columns: Columns = [(t("分類"), 24 if wide else 14), (t("掌握度"), 20), (t("項目"), 4), (t("最佳"), 4),
                        (t("通過"), 4), (t("到期"), 4), (t("待加強"), 6)]
    rows = [(f"{c.kind}:{c.name}", _mastery_row(c, t)) for c in f.categories]
    return columns, rows


def _mastery_row(c: CategoryFigures, t: T) -> list[Cell]:
    name = t(c.name) if c.kind == "practice" else t(c.name.removeprefix("面試/") + "（面試）")
    return [name, mastery_cell(c.mastery, t), str(c.items), score_text(c.best), str(c.passed),
            str(c.due) if c.due else "", str(c.leeches) if c.leeches else ""]


def missed(f: UserFigures, t: T, wide: bool = False) -> tuple[Columns, list[Row]]:
    columns: Columns = [(t("要點"), 20 if wide else 12), (t("漏掉"), 4), (t("漏掉率"), 6),
                        (t("在哪裡漏掉（次數）"), None)]
    return columns, [(m.label, _missed_row(m, t)) for m in f.missed]


def _missed_row(m: Missed, t: T) -> list[Cell]:
    where = "、".join(f"{title}（{n}）" for _kind, _item, title, n in m.items[:3])
    more = t(f" 等 {len(m.items)} 處") if len(m.items) > 3 else ""
    return [t(m.label), str(m.missed), rate_text(m.rate * 100) + "%", t(where) + more]


def schedule(f: UserFigures, t: T, wide: bool = False) -> tuple[Columns, list[Row]]:
    columns: Columns = [(t("下次"), 10), (t("項目"), 30 if wide else 26), (t("類型"), 6), (t("間隔"), 8),
                        (t("次數"), 4), (t("最近"), 4), (t("註記"), 6)]
    return columns, [(f"{i.kind}:{i.item_id}", _schedule_row(i, f, t)) for i in f.upcoming]


def _schedule_row(i: ItemFigures, f: UserFigures, t: T) -> list[Cell]:
    due = when_due(i.schedule, f.now, f.tz)
    due_cell = Text(t(due), style="bold" if i.schedule.due_by_end_of_day(f.now, f.tz) else "")
    note = t("待加強") if i.schedule.leech else ""
    return [due_cell, t(i.title), t(KIND_WORDS.get(i.kind, i.kind)), t(interval_text(i.schedule.interval)),
            str(i.attempts), score_text(i.schedule.last_score), note]


def history(f: UserFigures, t: T, wide: bool = False) -> tuple[Columns, list[Row]]:
    columns: Columns = [(t("時間"), 16), (t("類型"), 4), (t("項目"), 36 if wide else 28), (t("結果"), 6),
                        (t("分數"), 4), (t("句數"), 4)]
    return columns, [(str(s.id), _history_row(s, f, t)) for s in f.recent]


def _history_row(s: SessionRow, f: UserFigures, t: T) -> list[Cell]:
    result = OUTCOME_WORDS.get(s.outcome or "", "") if s.status == "finished" else STATUS_WORDS.get(s.status, "")
    score = "" if s.kind == "typing" else score_text(s.score)  # a typing test's score is its speed
    return [local_time(s.finished_at or s.started_at, f.tz), t(KIND_WORDS.get(s.kind, s.kind)),
            t(s.item_title or s.item_id), t(result or s.outcome or ""), score, str(s.turn_count)]


def detail(headings: list[str], row: list[str], extra: list[str]) -> str:
    """The highlighted row whole, one ``heading：value`` a line, then ``extra`` (the 詳情 panel)."""
    lines = [f"{h}：{v}" for h, v in zip(headings, row, strict=False) if v.strip()]
    return "\n".join(lines + extra)


def missed_places(f: UserFigures, label: str, t: T) -> list[str]:
    """Every place the key point ``label`` was missed, with the count (the table shows three)."""
    found = next((m for m in f.missed if m.label == label), None)
    if found is None or not found.items:
        return []
    return [t("在哪裡漏掉：")] + [f"· {t(title)}（{n}）" for _kind, _item, title, n in found.items]


def summary(f: UserFigures, t: T) -> str:
    """The line under the title: sessions, replies, average, streak, due and flagged items."""
    tot = f.totals
    if not tot.sessions and not f.recent:
        return t(f"{f.user}：還沒有練習紀錄。完成一次練習後，這裡會顯示分數走勢、弱項和複習排程。")
    if not tot.sessions:  # only conversations left unfinished: their replies are kept, not yet counted
        return t(f"{f.user}：還沒有完成的練習；未完成的對話在首頁按 r 繼續。")
    return t(f"{f.user}　{tot.sessions} 場 · {tot.replies} 句 · 平均 {score_text(tot.average)} · "
             f"連續 {f.streak.current} 天（最長 {f.streak.longest}）· 今日到期 {len(f.due)} · "
             f"待加強 {len(f.leeches)}")
