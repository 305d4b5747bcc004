"""The candidate report (Markdown and self-contained HTML) and ``cmd_report_interview``; the HTML
is also rendered by headless Chromium when it is installed (the documented check of docs/interview.md)."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.interview_helpers import INTERVIEWER, stored_interview
from tests.ui_helpers import CONTENT
from trainer.core.interview import Given
from trainer.core.typing_test import measure
from trainer.reports.interview import build, cmd_report_interview, to_markdown
from trainer.reports.interview_html import to_html
from trainer.store import Store
from trainer.store import interviews as records
from trainer.ui.interview_session import InterviewSession, save_typing, typing_bank

QUALITY = "iv-most-important-quality"
NASTY = "<script>alert('x')</script> & 「耐心」"


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "progress.sqlite3")


def full_interview(store: Store) -> int:
    """Two questions and a follow-up answered, a pasted answer, an override, notes, typing, a decision."""
    sid = stored_interview(store, CONTENT, "陳小華", (QUALITY, "iv-salary"), typing=True)
    session = InterviewSession.resume(store, CONTENT, store.session(sid))
    session.send(Given("我認為最重要的是耐心，態度要好，站在買家角度幫他解決問題。", 50, 40))
    session.send(Given("還要熟悉產品，打字要快。" + NASTY, 30, 25))
    session.send(Given("試用期三千，轉正三千五，三個月轉正。", 20, 5, pasted=True))
    records.add_override(store, sid, 1, 75, INTERVIEWER, "補充得不錯")
    records.add_note(store, sid, 0, "表達清楚", INTERVIEWER)
    bank, _ = typing_bank(CONTENT)
    assert bank is not None
    passage = bank.get("welcome")
    assert passage is not None
    typed = passage.text.replace("您好", "你好", 1)[:-5]
    save_typing(store, "陳小華", passage, typed, measure(passage, typed, 65, bank.pass_mark), bank, sid)
    session.finish()
    records.decide(store, sid, "待定", "打字再測一次", INTERVIEWER)
    return sid


def test_the_report_holds_everything_a_decision_rests_on(store: Store) -> None:
    sid = full_interview(store)
    report = build(store, CONTENT, sid)
    assert [(a.number, a.follow_up) for a in report.answers] == [(1, 0), (1, 1), (2, 0)]
    assert report.answers[1].score == 75 and report.answers[1].auto != 75
    assert report.total != report.auto_total
    md = to_markdown(report)
    for expected in (
        "# 面試報告：陳小華", "| 題組 | 測試題組 |", "| 狀態 | 已完成 |", "2 / 2 題（另有追問 1 則）",
        "## 第 1 題：你認為作為一個合格的客服", "## 第 1 題・追問 1：除了耐心呢？",
        "> 我認為最重要的是耐心", "- 細項：要點", "✓耐心「耐心」", "✗",
        f"→ 面試官 75（{INTERVIEWER}，", "補充得不錯", "備註（王經理，", "表達清楚",
        "⚠ 標記：貼上", "| 標記 | 1 則回答有標記 |", "| 決定 | 待定（王經理，", "打字再測一次",
        "| 面試官 | 王經理 |", "字/分鐘，正確率", "未通過", "## 打字測驗", "[您→你]", "參考答案：",
    ):
        assert expected in md, expected
    assert NASTY in md


def test_the_html_is_one_self_contained_escaped_printable_page(store: Store) -> None:
    html = to_html(build(store, CONTENT, full_interview(store)))
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    assert "<script>" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp;" in html
    assert not re.search(r"""(src|href)=|<link|@import|url\(|https?://""", html)  # nothing fetched
    assert "@media print" in html and "break-inside: avoid" in html
    assert "<del>您</del><ins>你</ins>" in html and "面試官改為 75" in html and "⚠ 標記：貼上" in html


def test_an_unfinished_interview_reports_what_there_is(store: Store) -> None:
    sid = stored_interview(store, CONTENT, typing=True)
    md = to_markdown(build(store, CONTENT, sid))
    assert "進行中（未完成）" in md and "0 / 2 題" in md and "| 打字測驗 | 未完成 |" in md and "尚未決定" in md


def test_cmd_report_interview(store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sid = full_interview(store)
    assert cmd_report_interview(store, CONTENT, sid, "md", None) == 0
    assert capsys.readouterr().out.startswith("# 面試報告：陳小華")
    out = tmp_path / "out" / "report.html"
    assert cmd_report_interview(store, CONTENT, sid, "html", out) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>") and capsys.readouterr().out == ""
    assert cmd_report_interview(store, CONTENT, 999, "md", None) == 1
    assert "trainer: error: no session 999" in capsys.readouterr().err
    practice = store.start_session("小明", "practice", "case")
    assert cmd_report_interview(store, CONTENT, practice, "md", None) == 1
    assert "not an interview" in capsys.readouterr().err
    assert cmd_report_interview(store, CONTENT, sid, "pdf", None) == 2
    assert cmd_report_interview(store, None, sid, "md", None) == 0  # without content: no model answers
    assert "參考答案" not in capsys.readouterr().out


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed (see docs/interview.md)")
def test_the_html_renders_in_headless_chromium(store: Store, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(to_html(build(store, CONTENT, full_interview(store))), encoding="utf-8")
    shot = tmp_path / "report.png"
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--window-size=900,1400", f"--screenshot={shot}",
             page.as_uri()],
            capture_output=True, text=True, timeout=60,
        )
    assert done.returncode == 0, done.stderr
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000  # a page with text, not a blank one


def test_the_report_command_never_loads_textual() -> None:
    import sys

    code = ("import sys, trainer.reports.interview, trainer.reports.interview_html\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')"
            " or m.startswith('trainer.ui')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 0 and done.stdout.strip() == "[]", done.stdout + done.stderr
