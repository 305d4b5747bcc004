"""``trainer report assignments``: one row per person and assignment, as CSV, Markdown or HTML.

Each row: the trainee, the assignment (id, item, to whom), its status (未開始 /
進行中 / 已通過 / 未通過 / 逾期), best score, attempts counted, last attempt and
due day. The HTML page groups the rows by assignment with the count of each
status. CSV cells are neutralised and HTML escaped with the helpers of the team
report. No Textual here.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from itertools import groupby
from pathlib import Path

from trainer.reports.output import EXIT_USAGE, emit, error
from trainer.reports.team import _csv, _table
from trainer.reports.team_html import _cards, _page, _td
from trainer.reports.words import local_time, number
from trainer.services import assignments as svc
from trainer.services.assignments import Progress
from trainer.store import Store, StoreError, groups

FORMATS = ("csv", "md", "html")
HEADER = ["學員", "指派", "類型", "項目", "對象", "狀態", "最佳", "通過次數", "次數", "最近一次", "截止"]


def cmd_report_assignments(store: Store, fmt: str, group: str | None, out: Path | None) -> int:
    """``report assignments --format csv|md|html [--group G] [-o FILE]``."""
    if fmt not in FORMATS:
        return error(f"unknown format {fmt!r}; use csv, md or html", EXIT_USAGE)
    try:
        if group is not None and groups.group_id(store, group) is None:
            known = "、".join(groups.groups(store)) or "（沒有）"
            return error(f"沒有這個組「{group}」（有：{known}）/ no group {group!r}", EXIT_USAGE)
        found = svc.everyone(store, svc.today_of(store), group=group)
    except StoreError as exc:
        return error(str(exc))
    return emit(render(found, fmt, group), out, bom=fmt == "csv" and out is not None)


def render(found: list[Progress], fmt: str, group: str | None = None) -> str:
    if fmt == "csv":
        return _csv(HEADER, [cells(p) for p in found])
    if fmt == "html":
        return page(found, group)
    return markdown(found, group)


def cells(p: Progress) -> list[object]:
    a = p.assignment
    passes = f"{min(p.passes, a.passes)}/{a.passes}"
    return [p.person, a.id, svc.KIND_WORDS.get(a.item_kind, a.item_kind), a.title, a.target, p.status,
            number(p.best), passes, p.attempts, local_time(p.last_at, none=""), a.due]


def _title(group: str | None) -> str:
    return "指派進度報告" + (f"（{group}）" if group else "")


def markdown(found: list[Progress], group: str | None = None) -> str:
    counts = Counter(p.status for p in found)
    lines = [f"# {_title(group)}", "", "　".join(f"{s}：{counts.get(s, 0)}" for s in svc.STATUSES), ""]
    return "\n".join(lines + _table(HEADER, [cells(p) for p in found]))


def page(found: list[Progress], group: str | None = None) -> str:
    """Grouped by assignment: its rule, the count of each status, then one row per person."""
    counts = Counter(p.status for p in found)
    body = [f"<h1>{escape(_title(group))}</h1>", _cards([(s, str(counts.get(s, 0))) for s in svc.STATUSES])]
    if not found:
        body.append('<p class="meta">（沒有指派）</p>')
    for _aid, rows in groupby(found, key=lambda p: p.assignment.id):
        people = list(rows)
        a = people[0].assignment
        per = Counter(p.status for p in people)
        summary = "　".join(f"{s} {per.get(s, 0)}" for s in svc.STATUSES)
        body += [f"<h2>{escape(f'{a.id}. {a.title} → {a.target}')}</h2>",
                 f"<p class=\"meta\">{escape(f'截止 {a.due}，至少 {a.min_score:g} 分，通過 {a.passes} 次')}"
                 f"　{escape(summary)}</p>",
                 _html_table(people)]
    return _page(_title(group), body)


def _html_table(people: list[Progress]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in ("學員", "狀態", "最佳", "通過次數", "次數", "最近一次"))
    rows = "".join(
        f"<tr>{_td(p.person)}{_td(p.status)}{_td(number(p.best), 'num', -1 if p.best is None else p.best)}"
        f"{_td(f'{min(p.passes, p.assignment.passes)}/{p.assignment.passes}', 'num')}{_td(p.attempts, 'num')}"
        f"{_td(local_time(p.last_at, none=''), '', p.last_at or '')}</tr>" for p in people)
    return (f'<div class="wide"><table class="sortable"><thead><tr>{head}</tr></thead><tbody>{rows}'
            "</tbody></table></div>")
