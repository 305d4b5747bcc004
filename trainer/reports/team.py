"""``trainer report team`` and ``trainer report user NAME``: progress figures as CSV, Markdown or HTML.

The figures are the ones the app shows (``trainer.reports.figures``); this
module lays them out as text. CSV is one row per person (team) or per item
(user), for a spreadsheet; Markdown is the whole report as tables; HTML
(``trainer.reports.team_html``) is a self-contained page with SVG charts.
Output goes to stdout unless ``out`` is given. No Textual here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from trainer.reports.figures import TeamFigures, UserFigures, team_figures, user_figures
from trainer.reports.output import EXIT_USAGE, emit, error
from trainer.reports.words import (
    KIND_WORDS,
    OUTCOME_WORDS,
    STATUS_WORDS,
    bar,
    level,
    local_time,
    number,
    when_due,
    window_text,
)
from trainer.store import Store, StoreError, access
from trainer.store.progress import user_exists

FORMATS = ("csv", "md", "html")


def cmd_report_team(store: Store, fmt: str, out: Path | None, *, pass_mark: float = 60.0) -> int:
    """``report team --format csv|md|html [-o FILE]``: every trainee in the database (no candidates)."""
    if fmt not in FORMATS:
        return error(f"unknown format {fmt!r}; use csv, md or html", EXIT_USAGE)
    try:
        figures = team_figures(store, pass_mark=pass_mark)
    except StoreError as exc:
        return error(str(exc))
    return emit(render_team(figures, fmt), out, bom=fmt == "csv" and out is not None)


def cmd_report_user(store: Store, name: str, fmt: str, out: Path | None, *,
                    pass_mark: float = 60.0) -> int:
    """``report user NAME --format csv|md|html [-o FILE]``: one trainee's figures."""
    if fmt not in FORMATS:
        return error(f"unknown format {fmt!r}; use csv, md or html", EXIT_USAGE)
    try:
        if not user_exists(store, name):
            return error(_unknown_user(store, name), EXIT_USAGE)
        if access.kind_of(store, name) == access.CANDIDATE:
            return error(f"{name.strip()!r} is an interview candidate, not a trainee; candidates have no "
                         "progress report (see `trainer report interview ID`)", EXIT_USAGE)
        figures = user_figures(store, name.strip(), pass_mark=pass_mark)
    except StoreError as exc:
        return error(str(exc))
    return emit(render_user(figures, fmt), out, bom=fmt == "csv" and out is not None)


def _unknown_user(store: Store, name: str) -> str:
    names = access.trainees(store)
    if not names:
        return f"no trainee called {name!r}: the progress database {store.path} has nobody in it yet"
    shown = "、".join(names[:20]) + ("…" if len(names) > 20 else "")
    return f"no trainee called {name!r} in {store.path}; known: {shown}"


def render_team(figures: TeamFigures, fmt: str) -> str:
    if fmt == "html":
        from trainer.reports.team_html import team_page

        return team_page(figures)
    return team_csv(figures) if fmt == "csv" else team_markdown(figures)


def render_user(figures: UserFigures, fmt: str) -> str:
    if fmt == "html":
        from trainer.reports.team_html import user_page

        return user_page(figures)
    return user_csv(figures) if fmt == "csv" else user_markdown(figures)


# ---------------------------------------------------------------- CSV


# A cell a spreadsheet would read as a formula (or that hides one after a tab or CR).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """``value``, with a leading ``'`` if it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_cell(cell) for cell in header])
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def team_csv(f: TeamFigures) -> str:
    header = ["學員", "最近練習", "完成場數", "回覆句數", "平均分", *f.groups, "今日到期",
              "待加強項目數", f"最弱要點（{window_text(f.window_days)}）", "待加強項目"]
    rows = [[m.user, local_time(m.last_at, f.tz), m.sessions, m.replies, number(m.average),
             *(number(m.categories.get(g)) for g in f.groups), m.due, len(m.leeches),
             "；".join(f"{w.label}（漏 {w.missed}/{w.seen}）" for w in m.weakest), "；".join(m.leeches)]
            for m in f.members]
    return _csv(header, rows)


def user_csv(f: UserFigures) -> str:
    header = ["類型", "項目", "標題", "分類", "次數", "最近分數", "最佳", "平均", "最近練習", "下次複習",
              "間隔天數", "未通過次數", "待加強"]
    rows = [[KIND_WORDS.get(i.kind, i.kind), i.item_id, i.title, i.category, i.attempts,
             number(i.schedule.last_score), number(i.schedule.best_score), number(i.average),
             local_time(i.schedule.last_at.isoformat(), f.tz), local_time(i.schedule.due.isoformat(), f.tz),
             f"{i.schedule.interval:g}", i.schedule.fails, "是" if i.schedule.leech else ""]
            for i in f.upcoming]
    return _csv(header, rows)


# ---------------------------------------------------------------- Markdown


def _cell(value: object) -> str:
    return str(value).replace("|", "｜").replace("\n", " ")


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    if not rows:
        return ["（沒有）", ""]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return [*lines, ""]


def team_markdown(f: TeamFigures) -> str:
    members = [m for m in f.members if m.sessions]
    total = sum(m.sessions for m in f.members)
    lines = ["# 團隊進度報告", "", f"產生時間：{f.now.strftime('%Y-%m-%d %H:%M')}　"
             f"人數：{len(f.members)}（有練習紀錄 {len(members)} 人）　完成場數：{total}", ""]
    lines += ["## 學員一覽", ""]
    lines += _table(["學員", "最近練習", "場數", "回覆", "平均", "到期", "待加強"],
                    [[m.user, local_time(m.last_at, f.tz), m.sessions, m.replies, number(m.average), m.due,
                      len(m.leeches)] for m in f.members])
    lines += ["## 各分類掌握度（每個項目最近一次的分數平均）", ""]
    lines += _table(["學員", *f.groups], [[m.user, *(_mastery(m.categories.get(g)) for g in f.groups)]
                                         for m in members])
    lines += [f"## 最弱要點（漏掉最多的要點，{window_text(f.window_days)}）", ""]
    lines += _table(["學員", "要點（漏掉次數／出現次數）"],
                    [[m.user, "、".join(f"{w.label}（{w.missed}/{w.seen}）" for w in m.weakest)]
                     for m in members if m.weakest])
    lines += ["## 待加強項目（多次未通過）", ""]
    lines += _table(["學員", "項目"], [[m.user, "、".join(m.leeches)] for m in members if m.leeches])
    return "\n".join(lines)


def _mastery(score: float | None) -> str:
    return "—" if score is None else f"{score:.0f} {level(score)[0]}"


def user_markdown(f: UserFigures) -> str:
    t = f.totals
    kinds = "、".join(f"{KIND_WORDS.get(k, k)} {n}" for k, n in sorted(t.by_kind.items()))
    lines = [f"# {f.user} 的進度報告", "", f"產生時間：{f.now.strftime('%Y-%m-%d %H:%M')}", "",
             f"- 完成 {t.sessions} 場（{kinds or '—'}），回覆 {t.replies} 句，平均 {number(t.average)} 分",
             f"- 連續練習 {f.streak.current} 天（最長 {f.streak.longest} 天，共 {f.streak.days} 天有練習）",
             f"- 最近練習：{local_time(t.last_at, f.tz)}；今日到期 {len(f.due)} 項；待加強 {len(f.leeches)} 項", ""]
    lines += ["## 各分類掌握度", ""]
    lines += _table(["分類", "類型", "已練項目", "掌握度", "", "最佳", "通過", "到期", "待加強"],
                    [[c.name, KIND_WORDS.get(c.kind, c.kind), c.items, _mastery(c.mastery),
                      f"`{bar(c.mastery)}`", number(c.best), c.passed, c.due, c.leeches] for c in f.categories])
    lines += ["## 分數走勢（最近 30 個練習日）", ""]
    lines += _table(["日期", "場數", "回覆", "平均"], [[d.day.isoformat(), d.sessions, d.replies, number(d.average)]
                                                   for d in f.days[-30:]])
    lines += ["## 最常漏掉的要點", ""]
    lines += _table(["要點", "漏掉", "出現", "漏掉率", "在哪裡漏掉"],
                    [[m.label, m.missed, m.seen, f"{m.rate:.0%}", "、".join(f"{i[2]}（{i[3]}）" for i in m.items[:4])]
                     for m in f.missed])
    lines += ["## 複習排程", ""]
    lines += _table(["項目", "類型", "次數", "最近", "最佳", "下次複習", "待加強"],
                    [[i.title, KIND_WORDS.get(i.kind, i.kind), i.attempts, number(i.schedule.last_score),
                      number(i.schedule.best_score), when_due(i.schedule, f.now, f.tz),
                      "是" if i.schedule.leech else ""] for i in f.upcoming])
    lines += ["## 最近的紀錄", ""]
    lines += _table(["時間", "類型", "項目", "狀態", "結果", "分數", "句數"],
                    [[local_time(s.started_at, f.tz), KIND_WORDS.get(s.kind, s.kind), s.item_title or s.item_id,
                      STATUS_WORDS.get(s.status, s.status), OUTCOME_WORDS.get(s.outcome or "", s.outcome or ""),
                      "" if s.kind == "typing" else number(s.score), s.turn_count] for s in f.recent[:50]])
    return "\n".join(lines)
