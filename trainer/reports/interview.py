"""The candidate report: one interview, everything a hiring decision rests on, as Markdown or HTML.

``build(store, content, session_id)`` gathers the interview (candidate, date,
set), every question and follow-up with the answer as given, the automatic
score and its breakdown, the interviewer's overrides (beside the automatic
score, with who and when) and notes, the typing test, the flags and the
decision. ``to_markdown`` and ``trainer.reports.interview_html.to_html`` render
it; ``cmd_report_interview`` is what ``trainer report interview ID`` runs and
the interviewer console's 匯出 uses the same functions. No Textual, no Rich.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from statistics import fmean
from typing import TYPE_CHECKING, Any

from trainer.core.atomic import write_atomic
from trainer.core.dimensions import SignalHit, dimensions_line, signal_hits
from trainer.core.visible import visible
from trainer.reports import words
from trainer.store import SessionRow, Store, StoreError, TurnRow
from trainer.store import interviews as records
from trainer.store.interviews import NoteRow, OverrideRow, Review, TypingRow

if TYPE_CHECKING:
    from trainer.core.content import Content

FORMATS = ("md", "html")
FLAG_WORDS = {"pasted": "貼上", "too_fast": "打字速度不合理", "timed_out": "超時"}
STATUS_WORDS = {"open": "進行中（未完成）", "finished": "已完成", "discarded": "已放棄"}


@dataclass(frozen=True)
class AnswerItem:
    """One question or follow-up, its answer and everything said about it."""

    turn: TurnRow
    number: int  # which question of the interview (1-based)
    follow_up: int  # 0 for the main question
    model_answers: tuple[str, ...]  # from the content in use ((): the question is gone)
    overrides: tuple[OverrideRow, ...]  # oldest first
    notes: tuple[NoteRow, ...]

    @property
    def result(self) -> dict[str, Any]:
        return self.turn.result

    @property
    def auto(self) -> float:
        return self.turn.score

    @property
    def override(self) -> OverrideRow | None:
        return self.overrides[-1] if self.overrides else None

    @property
    def score(self) -> float:
        """The score that counts: the interviewer's latest override, else the automatic one."""
        return self.override.score if self.override else self.auto

    @property
    def flags(self) -> tuple[str, ...]:
        flags = tuple(self.result.get("flags") or ())
        return flags if "pasted" in flags or not self.turn.pasted else ("pasted", *flags)

    @property
    def hit(self) -> list[tuple[str, str]]:
        points = self.result.get("points") or {}
        return [(str(p.get("label")), str(p.get("matched") or "")) for p in points.get("hit") or ()]

    @property
    def missed(self) -> list[str]:
        return [str(m) for m in (self.result.get("points") or {}).get("missed") or ()]

    @property
    def signals(self) -> tuple[SignalHit, ...]:
        """Broken rules, insults, caps… (rebuilt from the parts for rows stored before signals)."""
        return tuple(h for h in signal_hits(self.result) if h.listed)


@dataclass(frozen=True)
class TypingItem:
    """The interview's typing test: its figures, the passage and the marks."""

    row: TypingRow
    passage: str
    marks: list[list[str]]  # [kind, expected, typed]


@dataclass(frozen=True)
class InterviewReport:
    """Everything in the report (see the module docstring)."""

    session: SessionRow
    answers: tuple[AnswerItem, ...]
    review: Review
    typing: TypingItem | None

    @property
    def title(self) -> str:
        return self.session.item_title or self.session.item_id

    @property
    def interviewer(self) -> str:
        return str(self.session.meta.get("interviewer") or "")

    @property
    def auto_total(self) -> float | None:
        return round(fmean(a.auto for a in self.answers), 1) if self.answers else None

    @property
    def total(self) -> float | None:
        """The mean of the scores that count (overrides where given)."""
        return round(fmean(a.score for a in self.answers), 1) if self.answers else None

    @property
    def planned(self) -> int:
        return len(self.session.meta.get("questions") or ())

    @property
    def flagged(self) -> list[AnswerItem]:
        return [a for a in self.answers if a.flags]


def build(store: Store, content: Content | None, session_id: int) -> InterviewReport:
    """Gather one interview's report; StoreError if there is no such interview."""
    session = store.session(session_id)
    if session.kind != "interview":
        raise StoreError(f"session {session_id} is a {session.kind} session, not an interview")
    review = records.review(store, session_id)
    answers = tuple(_item(t, review, content) for t in store.turns(session_id))
    return InterviewReport(session, answers, review, _typing(store, review))


def _item(turn: TurnRow, review: Review, content: Content | None) -> AnswerItem:
    rubric = content.find_question_rubric(turn.node_id) if content is not None else None
    number = turn.result.get("number")
    follow = turn.result.get("follow_up")
    return AnswerItem(
        turn=turn, number=int(number) if isinstance(number, int) else turn.index + 1,
        follow_up=int(follow) if isinstance(follow, int) else 0,
        model_answers=tuple(rubric.answers) if rubric is not None else (),
        overrides=tuple(review.overrides.get(turn.index, ())),
        notes=tuple(review.notes.get(turn.index, ())),
    )


def _typing(store: Store, review: Review) -> TypingItem | None:
    if not review.typing:
        return None
    row = review.typing[0]  # the newest
    turns = store.turns(row.session_id)
    if not turns:
        return TypingItem(row, "", [])
    marks = [m for m in turns[0].result.get("marks") or () if isinstance(m, list) and len(m) == 3]
    return TypingItem(row, turns[0].prompt, marks)


# --- words shared by both formats -------------------------------------------------------


def local_time(stamp: str | None) -> str:
    """A stored UTC time as local ``YYYY-MM-DD HH:MM`` (empty when missing)."""
    return words.local_time(stamp, none="")


def score_text(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def flag_text(flags: tuple[str, ...] | list[str]) -> str:
    return "、".join(FLAG_WORDS.get(f, f) for f in flags)


def label(item: AnswerItem) -> str:
    """「第 2 題」 or 「第 2 題・追問 1」."""
    return f"第 {item.number} 題" + (f"・追問 {item.follow_up}" if item.follow_up else "")


def typing_line(row: TypingRow) -> str:
    verdict = "通過" if row.passed else "未通過"
    line = (f"{row.cpm:g} 字/分鐘，正確率 {row.accuracy:g}%，用時 {row.seconds:.0f} 秒，錯 {row.errors} 處"
            f" —— {verdict}（及格：{row.pass_cpm:g} 字/分鐘、{row.pass_accuracy:g}%）")
    return line + (f"；⚠ {flag_text(row.flags)}" if row.flags else "")


def headline(report: InterviewReport) -> list[tuple[str, str]]:
    """The facts at the top of the report, as (name, value) rows."""
    s, decision = report.session, report.review.decision
    rows = [
        ("應試者", s.user), ("日期", local_time(s.started_at)), ("題組", report.title),
        ("狀態", STATUS_WORDS.get(s.status, s.status)),
        ("已答", f"{sum(1 for a in report.answers if not a.follow_up)} / {report.planned} 題"
                 f"（另有追問 {sum(1 for a in report.answers if a.follow_up)} 則）"),
        ("自動總分", score_text(report.auto_total)), ("採計總分", score_text(report.total)),
    ]
    if report.interviewer:
        rows.append(("面試官", report.interviewer))
    rows.append(("打字測驗", typing_line(report.typing.row) if report.typing else
                 ("未完成" if s.meta.get("typing") else "本次沒有")))
    rows.append(("標記", f"{len(report.flagged)} 則回答有標記" if report.flagged else "沒有"))
    rows.append(("決定", f"{decision.decision}（{decision.reviewer}，{local_time(decision.at)}）"
                 + (f"：{decision.comment}" if decision.comment else "") if decision else "尚未決定"))
    return rows


# --- Markdown ----------------------------------------------------------------------------


def to_markdown(report: InterviewReport) -> str:
    """The report as Markdown (GitHub flavour: tables, blockquotes)."""
    out = [f"# 面試報告：{report.session.user}", "", "| 項目 | 內容 |", "|---|---|"]
    out += [f"| {name} | {_cell(value)} |" for name, value in headline(report)]
    for item in report.answers:
        out += ["", *_answer_md(item)]
    if report.typing is not None and report.typing.marks:
        out += ["", "## 打字測驗", "", typing_line(report.typing.row), "", "```text",
                _marks_plain(report.typing.marks), "```", "", "[原字→打成]＝打錯 · [漏字]＝漏打 · [+字]＝多打"]
    return "\n".join(out) + "\n"


def _answer_md(item: AnswerItem) -> list[str]:
    score = f"自動 {item.auto:g}" + ("（通過）" if item.turn.passed else "（未通過）")
    if item.override:
        o = item.override
        reason = f"：{o.reason}" if o.reason else ""
        score += f" → 面試官 {o.score:g}（{o.reviewer}，{local_time(o.at)}{reason}）"
    out = [f"## {label(item)}：{item.turn.prompt}", "", *_quote(item.turn.reply or "（空白）"), "",
           f"- 分數：{score}",
           "- 細項：" + dimensions_line(item.result)]
    if item.hit:
        out.append("- 講到：" + "、".join(f"✓{lbl}「{m}」" if m else f"✓{lbl}" for lbl, m in item.hit))
    if item.missed:
        out.append("- 沒講到：" + "、".join(f"✗{m}" for m in item.missed))
    out += [f"- ⚠ {hit.mark()}" for hit in item.signals]
    if item.flags:
        out.append(f"- ⚠ 標記：{flag_text(item.flags)}")
    speed = f"，打字速度 {item.turn.cpm:g} 字/分鐘" if item.turn.cpm else ""
    out.append(f"- 用時 {item.turn.latency:.0f} 秒{speed}")
    out += [f"- 備註（{n.reviewer}，{local_time(n.at)}）：{n.note}" for n in item.notes]
    if item.model_answers:
        out.append(f"- 參考答案：{item.model_answers[0]}")
    return out


def _quote(text: str) -> list[str]:
    return [f"> {line}" if line else ">" for line in text.splitlines()]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _marks_plain(marks: list[list[str]]) -> str:
    """The passage with errors in brackets: [錯→打成] [漏X] [+X]; untyped text is left out."""
    out = []
    for kind, expected, typed in marks:
        if kind == "ok":
            out.append(expected)
        elif kind == "wrong":
            out.append(f"[{expected}→{typed}]")
        elif kind == "missing":
            out.append(f"[漏{expected}]")
        elif kind == "extra":
            out.append(f"[+{typed}]")
    return "".join(out)


# --- the command -------------------------------------------------------------------------


def render(report: InterviewReport, fmt: str) -> str:
    if fmt == "html":
        from trainer.reports.interview_html import to_html

        return to_html(report)
    return to_markdown(report)


def cmd_report_interview(store: Store, content: Content | None, session_id: int, fmt: str,
                         out: Path | None) -> int:
    """``trainer report interview ID --format md|html [-o FILE]``: print or write the report.

    Returns the exit code: 0 written, 1 no such interview or the file cannot be
    written, 2 an unknown format. Errors go to stderr as ``trainer: error: …``.
    """
    if fmt not in FORMATS:
        print(f"trainer: error: unknown format {fmt!r} (expected md or html)", file=sys.stderr)
        return 2
    try:
        text = render(build(store, content, session_id), fmt)
    except StoreError as error:
        print(f"trainer: error: {error}", file=sys.stderr)
        return 1
    if out is None:
        sys.stdout.write(visible(text))
        return 0
    try:
        write_atomic(Path(out), text)
    except OSError as error:
        print(visible(f"trainer: error: cannot write {out}: {error.strerror or error}"), file=sys.stderr)
        return 1
    return 0


def write_both(store: Store, content: Content | None, session_id: int, folder: Path) -> list[Path]:
    """Write ``interview-ID-NAME.md`` and ``.html`` into ``folder`` (the console's 匯出)."""
    report = build(store, content, session_id)
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"interview-{session_id}-{_safe(report.session.user)}"
    written = []
    for fmt in FORMATS:
        path = folder / f"{stem}.{fmt}"
        write_atomic(path, render(report, fmt))
        written.append(path)
    return written


def _safe(name: str) -> str:
    """A name fit for a file name on every system."""
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)[:40] or "candidate"
