"""The HTML reports: one self-contained page (inline CSS, inline SVG charts, a few lines of script).

Nothing is fetched: no fonts, no scripts, no images from elsewhere, so the file
can be mailed or opened offline. The page reads in black and white and without
script: every chart prints its values, every coloured cell carries its number
and a level word, and the tables only gain click-to-sort when script runs.
Checked in headless Chromium (see docs/progress.md).
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from html import escape

from trainer.reports import svg
from trainer.reports.figures import TeamFigures, UserFigures
from trainer.reports.words import (
    KIND_WORDS,
    OUTCOME_WORDS,
    STATUS_WORDS,
    level,
    local_time,
    number,
    when_due,
    window_text,
)

STYLE = """
:root { --good: #2e7d32; --fair: #b26a00; --weak: #c62828; --ink: #1d1d1f; --muted: #62666d; }
body { font-family: "Noto Sans CJK TC", "Noto Sans TC", "PingFang TC", "Microsoft JhengHei",
       "Source Han Sans TC", sans-serif; color: var(--ink); margin: 2rem auto; max-width: 72rem;
       padding: 0 1rem; line-height: 1.5; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
.meta { color: var(--muted); } .cards { display: flex; flex-wrap: wrap; gap: .8rem; margin: 1rem 0; }
.card { border: 1px solid #ccd; border-radius: 6px; padding: .5rem .9rem; min-width: 7rem; }
.card b { display: block; font-size: 1.4rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .5rem 0 1rem; }
th, td { border-bottom: 1px solid #dde; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f4f8; cursor: default; white-space: nowrap; } th.sortable { cursor: pointer; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.wide { overflow-x: auto; }
td.good { background: #e3f3e4; } td.fair { background: #fff1d6; } td.weak { background: #fbe3e3; }
td small { color: var(--muted); }
svg.chart { width: 100%; max-width: 52rem; height: auto; display: block; margin: .5rem 0; }
svg text { font-size: 12px; fill: var(--ink); } svg text.axis { fill: var(--muted); font-size: 11px; }
svg .grid { stroke: #e2e4ea; } svg .pass { stroke: var(--fair); stroke-dasharray: 4 3; }
svg .line { fill: none; stroke: #3552a8; stroke-width: 2; } svg .dot { fill: #3552a8; }
svg .bar.good, svg .dot.good { fill: var(--good); } svg .bar.fair, svg .dot.fair { fill: var(--fair); }
svg .bar.weak, svg .dot.weak { fill: var(--weak); } svg .bar.plain, svg .column { fill: #5c6bc0; }
@media print { body { margin: 0; } th.sortable { cursor: auto; } }
"""

# Click a header to sort its table (numbers numerically); the page works without it.
SCRIPT = """
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("th").forEach(function (th, col) {
    th.classList.add("sortable");
    th.addEventListener("click", function () {
      var body = table.tBodies[0], rows = Array.from(body.rows);
      var up = th.dataset.dir !== "up"; th.dataset.dir = up ? "up" : "down";
      function key(r) { var t = r.cells[col].dataset.v || r.cells[col].textContent.trim();
                        var n = parseFloat(t); return isNaN(n) ? t : n; }
      rows.sort(function (a, b) { var x = key(a), y = key(b);
        var c = (typeof x === typeof y) ? (x < y ? -1 : x > y ? 1 : 0) : (typeof x === "number" ? -1 : 1);
        return up ? c : -c; });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
"""


def _page(title: str, body: list[str]) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"zh-Hant\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{escape(title)}</title>"
            f"<style>{STYLE}</style></head><body>\n" + "\n".join(body)
            + f"\n<script>{SCRIPT}</script></body></html>\n")


def _cards(items: list[tuple[str, str]]) -> str:
    return '<div class="cards">' + "".join(f'<div class="card">{escape(k)}<b>{escape(v)}</b></div>'
                                           for k, v in items) + "</div>"


def _td(value: object, cls: str = "", sort: object = None) -> str:
    klass = f' class="{cls}"' if cls else ""
    data = f' data-v="{escape(str(sort))}"' if sort is not None else ""
    return f"<td{klass}{data}>{escape(str(value))}</td>"


def _score_td(score: float | None) -> str:
    """A mastery cell: number and level word, coloured by level (readable without the colour)."""
    if score is None:
        return _td("—", "num", -1)
    word, css = level(score)
    return f'<td class="num {css}" data-v="{score:.1f}">{score:.0f} <small>{word}</small></td>'


def _table(header: list[str], rows: list[str], sortable: bool = True) -> str:
    if not rows:
        return "<p class=\"meta\">（沒有）</p>"
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    cls = ' class="sortable"' if sortable else ""
    return (f'<div class="wide"><table{cls}><thead><tr>{head}</tr></thead><tbody>' + "".join(rows)
            + "</tbody></table></div>")


def team_page(f: TeamFigures) -> str:
    active = [m for m in f.members if m.sessions]
    scored = [m.average for m in active if m.average is not None]
    body = [f"<h1>團隊進度報告</h1><p class=\"meta\">產生時間：{f.now.strftime('%Y-%m-%d %H:%M')}</p>",
            _cards([("人數", str(len(f.members))), ("有練習紀錄", str(len(active))),
                    ("完成場數", str(sum(m.sessions for m in f.members))),
                    ("平均分", number(sum(scored) / len(scored) if scored else None)),
                    ("今日到期", str(sum(m.due for m in f.members))),
                    ("待加強項目", str(sum(len(m.leeches) for m in f.members)))])]
    weeks = f.weeks[-26:]
    body += ["<h2>每週平均分（最近 26 週）</h2>",
             svg.trend([(w.day.strftime("%m-%d"), w.average) for w in weeks], "每週平均分"),
             "<h2>每週完成場數</h2>",
             svg.columns([(w.day.strftime("%m-%d"), w.sessions) for w in weeks], "每週完成場數")]
    means = [(g, _mean([m.categories[g] for m in active if g in m.categories])) for g in f.groups]
    body += ["<h2>各分類平均掌握度</h2>", svg.bars(means, "各分類平均掌握度")]
    weak = Counter(w.label for m in active for w in m.weakest).most_common(10)
    body += [f"<h2>最多人的弱項（{window_text(f.window_days)}，每人漏掉最多的三個要點）</h2>",
             svg.bars([(label, n) for label, n in weak], "最多人的弱項", maximum=max((n for _, n in weak), default=1),
                      levels=False)]
    rows = [f"<tr>{_td(m.user)}{_td(local_time(m.last_at, f.tz), '', m.last_at or '')}{_td(m.sessions, 'num')}"
            f"{_td(m.replies, 'num')}{_score_td(m.average)}"
            + "".join(_score_td(m.categories.get(g)) for g in f.groups)
            + f"{_td(m.due, 'num')}{_td(len(m.leeches), 'num')}"
            f"{_td('、'.join(f'{w.label}（{w.missed}/{w.seen}）' for w in m.weakest))}</tr>" for m in f.members]
    body += ["<h2>學員一覽（點標題排序）</h2>",
             _table(["學員", "最近練習", "場數", "回覆", "平均", *f.groups, "到期", "待加強", "最弱要點"], rows)]
    leech_rows = [f"<tr>{_td(m.user)}{_td('、'.join(m.leeches))}</tr>" for m in active if m.leeches]
    body += ["<h2>待加強項目（多次未通過）</h2>", _table(["學員", "項目"], leech_rows)]
    return _page("團隊進度報告", body)


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def user_page(f: UserFigures) -> str:
    t = f.totals
    body = [f"<h1>{escape(f.user)} 的進度報告</h1><p class=\"meta\">產生時間：{f.now.strftime('%Y-%m-%d %H:%M')}</p>",
            _cards([("完成場數", str(t.sessions)), ("回覆句數", str(t.replies)), ("平均分", number(t.average)),
                    ("連續練習", f"{f.streak.current} 天"), ("最長連續", f"{f.streak.longest} 天"),
                    ("今日到期", str(len(f.due))), ("待加強", str(len(f.leeches)))])]
    days = f.days[-60:]
    body += ["<h2>平均分走勢（最近 60 個練習日）</h2>",
             svg.trend([(d.day.strftime("%m-%d"), d.average) for d in days], "平均分走勢", pass_mark=f.pass_mark),
             "<h2>每天完成場數（最近 60 天）</h2>", svg.columns(_calendar(f), "每天完成場數"),
             "<h2>各分類掌握度</h2>",
             svg.bars([(f"{c.name}（{KIND_WORDS.get(c.kind, c.kind)}）", c.mastery) for c in f.categories],
                      "各分類掌握度")]
    body += ["<h2>最常漏掉的要點</h2>", _table(["要點", "漏掉", "出現", "漏掉率", "在哪裡漏掉"], [
        f"<tr>{_td(m.label)}{_td(m.missed, 'num')}{_td(m.seen, 'num')}{_td(f'{m.rate:.0%}', 'num', m.rate)}"
        f"{_td('、'.join(f'{i[2]}（{i[3]}）' for i in m.items[:4]))}</tr>" for m in f.missed])]
    body += ["<h2>複習排程</h2>", _table(["項目", "類型", "次數", "最近", "最佳", "下次複習", "待加強"], [
        f"<tr>{_td(i.title)}{_td(KIND_WORDS.get(i.kind, i.kind))}{_td(i.attempts, 'num')}"
        f"{_score_td(i.schedule.last_score)}{_score_td(i.schedule.best_score)}"
        f"{_td(when_due(i.schedule, f.now, f.tz), '', i.schedule.due.timestamp())}"
        f"{_td('是' if i.schedule.leech else '')}</tr>" for i in f.upcoming])]
    body += ["<h2>最近的紀錄</h2>", _table(["時間", "類型", "項目", "狀態", "結果", "分數", "句數"], [
        f"<tr>{_td(local_time(s.started_at, f.tz), '', s.started_at)}{_td(KIND_WORDS.get(s.kind, s.kind))}"
        f"{_td(s.item_title or s.item_id)}{_td(STATUS_WORDS.get(s.status, s.status))}"
        f"{_td(OUTCOME_WORDS.get(s.outcome or '', s.outcome or ''))}"
        f"{_score_td(None if s.kind == 'typing' else s.score)}{_td(s.turn_count, 'num')}</tr>"
        for s in f.recent[:100]])]
    return _page(f"{f.user} 的進度報告", body)


def _calendar(f: UserFigures, days: int = 60) -> list[tuple[str, float]]:
    """Sessions per calendar day for the last ``days`` days, empty days included."""
    per_day = {d.day: d.sessions for d in f.days}
    today = f.now.date()
    return [((today - timedelta(days=n)).strftime("%m-%d"), per_day.get(today - timedelta(days=n), 0))
            for n in range(days - 1, -1, -1)]
