"""``report team`` / ``report user NAME`` (trainer.reports.team): the same figures as CSV, Markdown and HTML.

The HTML page is parsed (well formed, self-contained: nothing fetched from
elsewhere, charts inline SVG, text escaped); if Chromium is installed, it is
also rendered headless to a PNG (docs/progress.md has the manual check).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.progress_helpers import DAY0, History
from trainer.reports.figures import team_figures, user_figures
from trainer.reports.team import (
    cmd_report_team,
    cmd_report_user,
    render_team,
    render_user,
)

NOW = DAY0 + timedelta(days=6)


@pytest.fixture
def h() -> History:
    h = History.open()
    h.practice("小美", "case-a", 40, day=0, missed=("道歉", "拍照"), category="售後/運費", title="退貨運費")
    h.practice("小美", "case-a", 85, day=1, hit=("道歉",), missed=("拍照",), category="售後/運費", title="退貨運費")
    h.practice("小美", "case-b", 70, day=2, category="物流/慢", title="發貨慢")
    for day in range(4):
        h.practice("阿強", "case-c", 30, day=day, missed=("道歉",), category="售前/議價", title="硬要砍價 <b>")
    h.interview("阿強", [("iv-a", 70, ("耐心",))], day=5)
    h.store.user_id("新人")
    return h


class Page(HTMLParser):
    """Collects what the checks need: tags, external references, text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.external: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href") and value and not value.startswith("#"):
                self.external.append(value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def test_team_csv_has_one_row_per_person(h: History) -> None:
    rows = list(csv.reader(io.StringIO(render_team(team_figures(h.store, now=NOW, tz=UTC), "csv"))))
    header, body = rows[0], rows[1:]
    assert header[:5] == ["學員", "最近練習", "完成場數", "回覆句數", "平均分"]
    assert header[5:8] == ["售前", "售後", "物流"] and "面試" in header
    people = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    assert list(people) == ["小美", "新人", "阿強"]
    assert people["小美"]["售後"] == "85" and people["小美"]["物流"] == "70"
    assert people["阿強"]["待加強項目"] == "硬要砍價 <b>" and people["阿強"]["待加強項目數"] == "1"
    assert people["阿強"]["最弱要點（全部紀錄）"] == "道歉（漏 4/4）；耐心（漏 1/1）"
    assert people["新人"]["完成場數"] == "0" and people["新人"]["平均分"] == "—"


def test_user_csv_has_one_row_per_item(h: History) -> None:
    rows = list(csv.DictReader(io.StringIO(render_user(user_figures(h.store, "小美", now=NOW, tz=UTC), "csv"))))
    assert [(r["項目"], r["次數"], r["最近分數"], r["最佳"]) for r in rows] == [
        ("case-a", "2", "85", "85"), ("case-b", "1", "70", "70")]


def test_markdown_reports(h: History) -> None:
    team = render_team(team_figures(h.store, now=NOW, tz=UTC), "md")
    assert team.startswith("# 團隊進度報告") and "| 阿強 |" in team
    assert "## 最弱要點（漏掉最多的要點，全部紀錄）" in team and "道歉（4/4）" in team
    user = render_user(user_figures(h.store, "阿強", now=NOW, tz=UTC), "md")
    assert user.startswith("# 阿強 的進度報告")
    assert "| 售前 | 情境 | 1 | 30 待加強 |" in user
    assert "| 道歉 | 4 | 4 | 100% | 硬要砍價 <b>（4） |" in user


@pytest.mark.parametrize("which", ["team", "user"])
def test_html_is_self_contained_with_inline_charts(h: History, which: str) -> None:
    if which == "team":
        html = render_team(team_figures(h.store, now=NOW, tz=UTC), "html")
    else:
        html = render_user(user_figures(h.store, "阿強", now=NOW, tz=UTC), "html")
    page = parse(html)
    assert page.external == []  # no stylesheet, script, font or image from elsewhere
    assert page.tags.count("svg") >= 3 and "table" in page.tags
    assert "硬要砍價 &lt;b&gt;" in html and "硬要砍價 <b>" not in html  # names and titles are escaped
    assert html.startswith("<!DOCTYPE html>") and 'lang="zh-Hant"' in html


def test_commands_write_stdout_or_a_file(h: History, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cmd_report_team(h.store, "md", None) == 0
    assert capsys.readouterr().out.startswith("# 團隊進度報告")
    out = tmp_path / "reports" / "team.csv"
    assert cmd_report_team(h.store, "csv", out) == 0
    assert out.read_bytes().startswith("\ufeff學員".encode())  # a BOM, so spreadsheets read it as UTF-8
    assert cmd_report_user(h.store, " 小美 ", "html", tmp_path / "u.html") == 0
    assert "小美 的進度報告" in (tmp_path / "u.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("call", "code", "message"), [
    (lambda s: cmd_report_team(s, "pdf", None), 2, "unknown format 'pdf'; use csv, md or html"),
    (lambda s: cmd_report_user(s, "路人", "md", None), 2, "no trainee called '路人'"),
    (lambda s: cmd_report_user(s, "小美", "xls", None), 2, "unknown format 'xls'"),
])
def test_errors_are_clean(h: History, capsys: pytest.CaptureFixture[str], call, code: int, message: str) -> None:  # type: ignore[no-untyped-def]
    assert call(h.store) == code
    err = capsys.readouterr().err
    assert err.startswith("trainer: error: ") and message in err and "Traceback" not in err


def test_an_unwritable_output_is_a_clean_error(h: History, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cmd_report_team(h.store, "md", tmp_path) == 1
    assert capsys.readouterr().err.startswith(f"trainer: error: cannot write {tmp_path}")


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium fonts-noto-cjk)")
def test_chromium_renders_the_team_report(h: History, tmp_path: Path) -> None:
    assert CHROMIUM is not None
    page, shot = tmp_path / "team.html", tmp_path / "team.png"
    page.write_text(render_team(team_figures(h.store, now=NOW, tz=UTC), "html"), encoding="utf-8")
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--window-size=1000,1400", f"--screenshot={shot}", page.as_uri()],
            capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.stat().st_size > 20_000  # a real picture: text, tables and charts, not a blank page


# Runs every issue-6 command through the real CLI in one fresh process, then
# reports whether Textual or the UI got imported (they must not: these are
# plain commands, and `trainer --help` stays fast).
COMMANDS = """
import sys
from trainer import cli
db = sys.argv[1]
for args in (["report", "team", "--format", "html", "-o", db + ".html"], ["report", "user", "小美", "--format", "csv"],
             ["export", "xapi", "--since", "2026-11-01"], ["export", "json", "-o", db + ".json"],
             ["import", "json", db + ".json"]):
    code = cli.main(["--db", db, *args])
    print(f"EXIT:{code}", file=sys.stderr)
loaded = sorted(m for m in sys.modules if m.split(".")[0] == "textual" or m.startswith("trainer.ui"))
print("LOADED:" + ",".join(loaded), file=sys.stderr)
"""


def test_the_commands_run_through_the_cli_without_textual(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite3"
    History.open(db).practice("小美", "case-a", 80, day=0)
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", COMMANDS, str(db)], capture_output=True, text=True, timeout=120,
                          cwd=root, env={**os.environ, "PYTHONPATH": str(root)})
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.splitlines()
    assert [line for line in lines if line.startswith("EXIT:")] == ["EXIT:0"] * 5, done.stderr
    assert [line for line in lines if line.startswith("LOADED:")] == ["LOADED:"]  # nothing of Textual or the UI
