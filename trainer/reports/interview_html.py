"""The candidate report as one self-contained, printable HTML file.

No scripts, no external style sheets, fonts or images: the page opens from a
USB stick or an e-mail attachment and prints on A4 with each answer kept on
one page where it fits. Every piece of text from the store is escaped.
Meaning never rests on colour alone (✓ ✗ ⚠, struck-through and underlined
text), so a black-and-white print reads the same.
"""

from __future__ import annotations

from html import escape

from trainer.core.dimensions import dimensions_line
from trainer.reports.interview import (
    AnswerItem,
    InterviewReport,
    TypingItem,
    flag_text,
    headline,
    label,
    local_time,
    typing_line,
)

STYLE = """
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK TC", "Noto Sans TC", "PingFang TC", "Microsoft JhengHei",
       "Noto Sans CJK SC", sans-serif; color: #1b1b1b; line-height: 1.6; max-width: 52rem;
       margin: 1.5rem auto; padding: 0 1rem; font-size: 15px; }
h1 { font-size: 1.6rem; margin: 0 0 .6rem; border-bottom: 3px solid #1b1b1b; padding-bottom: .3rem; }
h2 { font-size: 1.05rem; margin: 0 0 .4rem; }
table.facts { border-collapse: collapse; width: 100%; margin-bottom: 1rem; }
table.facts th, table.facts td { border: 1px solid #bbb; padding: .25rem .6rem; text-align: left;
       vertical-align: top; }
table.facts th { background: #f1f1f1; width: 7rem; white-space: nowrap; }
section { border: 1px solid #c8c8c8; border-radius: 6px; padding: .7rem 1rem; margin: .9rem 0;
       break-inside: avoid; page-break-inside: avoid; }
section.follow-up { margin-left: 1.5rem; border-style: dashed; }
blockquote { margin: .3rem 0 .5rem; padding: .3rem .8rem; border-left: 4px solid #888;
       background: #f7f7f7; white-space: pre-wrap; }
ul { margin: .2rem 0; padding-left: 1.3rem; }
.score { font-weight: bold; }
.override { color: #0b4f9c; }
.flag { color: #a40000; font-weight: bold; }
.muted { color: #666; font-size: .9em; }
.model { color: #444; font-size: .92em; }
.marks { font-size: 1.05rem; letter-spacing: .05em; line-height: 2; }
.marks del { background: #ffd6d6; text-decoration: line-through; }
.marks ins { background: #fff0b3; text-decoration: underline; }
.marks .missing { text-decoration: underline wavy #a40000; }
.marks .unreached { color: #999; }
footer { margin-top: 1.5rem; color: #777; font-size: .85em; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; } }
"""


def to_html(report: InterviewReport) -> str:
    """The whole page."""
    name = escape(report.session.user)
    rows = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in headline(report))
    body = [f"<h1>面試報告：{name}</h1>", f'<table class="facts">{rows}</table>']
    body += [_answer(item) for item in report.answers]
    if report.typing is not None:
        body.append(_typing(report.typing))
    body.append(f"<footer>trainer 面試報告 · 面試編號 {report.session.id} · {escape(report.session.uid)}"
                "</footer>")
    return ("<!DOCTYPE html>\n<html lang=\"zh-Hant\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>面試報告：{name}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


def _answer(item: AnswerItem) -> str:
    cls = "follow-up" if item.follow_up else "question"
    parts = [
        f"<h2>{escape(label(item))}：{escape(item.turn.prompt)}</h2>",
        f"<blockquote>{escape(item.turn.reply) or '<span class=muted>（空白）</span>'}</blockquote>",
        f"<p class=\"score\">{_score(item)}</p>",
        "<ul>",
        "<li>細項：" + escape(dimensions_line(item.result)) + "</li>",
    ]
    if item.hit:
        parts.append("<li>講到：" + "、".join(
            f"✓{escape(lbl)}" + (f"「{escape(m)}」" if m else "") for lbl, m in item.hit) + "</li>")
    if item.missed:
        parts.append("<li>沒講到：" + "、".join(f"✗{escape(m)}" for m in item.missed) + "</li>")
    parts += [f"<li class=\"flag\">⚠ {escape(hit.mark())}</li>" for hit in item.signals]
    if item.flags:
        parts.append(f"<li class=\"flag\">⚠ 標記：{escape(flag_text(item.flags))}</li>")
    speed = f"，打字速度 {item.turn.cpm:g} 字/分鐘" if item.turn.cpm else ""
    parts.append(f"<li class=\"muted\">用時 {item.turn.latency:.0f} 秒{speed}</li>")
    parts += [f"<li>備註（{escape(n.reviewer)}，{escape(local_time(n.at))}）：{escape(n.note)}</li>"
              for n in item.notes]
    if item.model_answers:
        parts.append(f"<li class=\"model\">參考答案：{escape(item.model_answers[0])}</li>")
    parts.append("</ul>")
    return f'<section class="{cls}">' + "".join(parts) + "</section>"


def _score(item: AnswerItem) -> str:
    verdict = "通過" if item.turn.passed else "未通過"
    text = f"自動分數 {item.auto:g}（{verdict}）"
    if item.override:
        o = item.override
        reason = f"：{escape(o.reason)}" if o.reason else ""
        text += (f' <span class="override">→ 面試官改為 {o.score:g}'
                 f"（{escape(o.reviewer)}，{escape(local_time(o.at))}{reason}）</span>")
        if len(item.overrides) > 1:
            text += f' <span class="muted">（共改過 {len(item.overrides)} 次）</span>'
    return text


def _typing(typing: TypingItem) -> str:
    marks = []
    for kind, expected, typed in typing.marks:
        if kind == "ok":
            marks.append(escape(expected))
        elif kind == "wrong":
            marks.append(f"<del>{escape(expected)}</del><ins>{escape(typed)}</ins>")
        elif kind == "missing":
            marks.append(f'<span class="missing">{escape(expected)}</span>')
        elif kind == "extra":
            marks.append(f"<ins>{escape(typed)}</ins>")
        else:
            marks.append(f'<span class="unreached">{escape(expected)}</span>')
    legend = ("<p class=\"muted\">刪除線＝原文的字打錯（後面底線是打成的字）· 波浪底線＝漏打 · "
              "底線＝多打 · 淡色＝沒打到</p>")
    return ("<section class=\"typing\"><h2>打字測驗</h2>"
            f"<p class=\"score\">{escape(typing_line(typing.row))}</p>"
            f"<p class=\"marks\">{''.join(marks)}</p>{legend}</section>")
